"""Chinese first, for real (issue 14): the command line's flows, walked as a bureau clerk
would, show no English word but ids, codes and units in Chinese — and no Chinese but
names in English.

Each flow runs through `ui.cli.main` with `--lang`: planning a scenario, a broken
workbook, records imported (good and broken), compliance checked, presets listed and
shown, and the `--help` of every command. What it prints (stdout and stderr) is scanned
with `tests.language`; the allow-list is what a user types or reads as it is: the
scenario's ids, the sheet and column names of the scenario format and the contract's
files, the commands and their choices.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from monitor.records import COLUMNS as RECORD_COLUMNS
from scheduler import policy, presets
from scheduler.scenario import format as scenario_format
from scheduler.scenario import load_scenario
from scheduler.schedule import COLUMNS as SCHEDULE_COLUMNS
from tests.language import chinese_chars, english_words
from ui.cli import build_parser, main

TINY = Path(__file__).parent / "data" / "tiny"

#: a bureau's records of the tiny scenario: Chinese headers and values
RECORDS = (
    "记录编号,地区编号,类型,日期,状态,场地,参会企业数,岗位数,参会人数\n"
    "HH-0705,150100,专场,2024-07-05,已举办,呼和浩特市就业服务中心,32,410,650\n"
    "HH-0710,150100,专场,2024-07-10,已取消,呼和浩特市就业服务中心,,,\n"
    "HH-0725,150100,综合,2024-07-25,已举办,呼和浩特市人力资源市场,120,3200,4100\n"
)
#: the same with a mistake in every column that can have one
BAD_RECORDS = (
    "记录编号,地区编号,类型,日期,状态,参会企业数\n"
    "HH-1,150100,专场,2024-07-32,已举办,-5\n"
    "HH-2,440300,专场,2024-07-06,举办了,\n"
    "HH-3,150100,特色,2024-07-08,已举办,三十\n"
)


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


def _choices(parser: argparse.ArgumentParser) -> set[str]:
    """Every command name and every choice an option offers: what a user types."""
    words: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            words |= set(action.choices)
            for sub in action.choices.values():
                words |= _choices(sub)
        elif action.choices:
            words |= {str(c) for c in action.choices}
    return words


def _allowed() -> set[str]:
    """Ids, codes and names a user types or reads as they are."""
    scenario = load_scenario(TINY)
    words = _choices(build_parser())
    sheets = scenario_format.SHEETS
    words |= {s.name for s in sheets} | {c.name for s in sheets for c in s.columns}
    words |= {k.name for k in scenario_format.SETTING_KEYS}
    for name in dir(scenario_format):  # the words the scenario format takes as values
        if name.endswith("_VALUES"):
            values = {str(v) for v in getattr(scenario_format, name)}
            words |= values | {v.capitalize() for v in values}
    words |= set(SCHEDULE_COLUMNS) | set(RECORD_COLUMNS)
    words |= set(scenario.regions) | set(scenario.kinds) | set(scenario.venues)
    words |= {r.rule_id for r in scenario.rules} | set(scenario.pools)
    words |= {p.name for p in presets.list()}
    for p in presets.list():
        words |= {k.kind for k in p.kinds} | {r.rule_id for r in p.rules}
    words |= {"admin", "hohhot"}  # the account names of `users --help`'s example
    words |= {"chek"}  # the unknown command a flow types
    words |= {scenario.name, getpass.getuser()}  # names: the scenario's, the importer's
    return {w for word in words for w in (word, *word.replace("_", "-").split("-"))}


def _names() -> set[str]:
    """Names a scenario gives in Chinese, and what a user typed in the broken files."""
    scenario = load_scenario(TINY)
    names = {r.name for r in scenario.regions.values()} | {v.name for v in scenario.venues.values()}
    names |= {p.name for p in scenario.pools.values()} | {scenario.name}
    for line in (RECORDS + BAD_RECORDS).splitlines():
        names |= set(line.split(","))
    names |= {"9点", "三千", "记录", "错误记录"}  # the broken files' cells and names
    for doc in policy.documents():  # documents are cited by their (Chinese) title and clause
        names |= {doc.cited(), doc.title, doc.doc_number, doc.issuer}
        names |= {c.label for c in doc.clauses} | {c.quote for c in doc.clauses}
    for p in presets.list():  # a preset's kinds and rules are named in Chinese (data)
        names |= {k.label for k in p.kinds} | {r.name for r in p.rules}
    return names


@pytest.fixture(scope="module")
def allowed() -> set[str]:
    return _allowed()


#: flows whose stdout is a machine format (CSV in the contract's columns): only what
#: they say on stderr is read by a person
MACHINE_STDOUT = {"records export", "records audit"}


def _flows(tmp: Path) -> Iterator[tuple[str, list[str]]]:
    """(name, command line) of each flow, in the order a user would run them."""
    good, bad = tmp / "记录.csv", tmp / "错误记录.csv"
    good.write_text(RECORDS, encoding="utf-8-sig")
    bad.write_text(BAD_RECORDS, encoding="utf-8-sig")
    broken = tmp / "broken"
    shutil.copytree(TINY, broken)
    venues = broken / "venues.csv"
    venues.write_text(
        venues.read_text(encoding="utf-8").replace(",3000,", ",三千,"), encoding="utf-8"
    )
    kinds = broken / "kinds.csv"
    kinds.write_text(kinds.read_text(encoding="utf-8").replace("09:00", "9点", 1), encoding="utf-8")
    db = str(tmp / "records.db")
    out = str(tmp / "out")
    yield "plan", ["plan", str(TINY), "--out", out, "--time-limit", "5"]
    yield "plan a broken scenario", ["plan", str(broken), "--out", str(tmp / "x")]
    yield "plan with a bad time limit", ["plan", str(TINY), "--time-limit", "0"]
    yield "records import", ["records", "import", str(good), "--db", db]
    yield "records import again", ["records", "import", str(good), "--db", db]
    yield "records import a broken file", ["records", "import", str(bad), "--db", db]
    yield "records export", ["records", "export", "--db", db]
    yield "records audit", ["records", "audit", "--db", db]
    yield "check", ["check", str(TINY), "--db", db, "--as-of", "2024-07-31", "--out", out]
    yield "check a file", ["check", str(TINY), "--records", str(good), "--as-of", "2024-07-31",
                           "--out", out]  # fmt: skip
    yield "check with no records", ["check", str(TINY), "--records", str(tmp / "none.csv")]
    yield "check a bad date", ["check", str(TINY), "--as-of", "2024-13-01"]
    yield "a missing argument", ["check"]
    yield "an unknown command", ["chek"]  # (what the user typed is quoted back)
    yield "report", ["report", "weekly", str(TINY), "--db", db, "--as-of", "2024-07-17",
                     "--out", out]  # fmt: skip
    yield "report next without a preset", ["report", "next", str(TINY), "--db", db]
    yield "records export to a workbook", ["records", "export", str(tmp / "导出.xlsx"), "--db", db]
    yield "records audit to a workbook", ["records", "audit", "--db", db, "--out",
                                          str(tmp / "变更.xlsx")]  # fmt: skip
    yield "re-plan from the workbook", ["plan", str(TINY), "--out", out, "--time-limit", "5",
                                        "--previous", f"{out}/schedule.xlsx"]  # fmt: skip
    yield "presets list", ["presets", "list"]
    yield "presets show", ["presets", "show", presets.list()[0].name]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str], stdout: bool = True) -> str:
    with contextlib.suppress(SystemExit):
        main(argv)
    seen = capsys.readouterr()
    return (seen.out if stdout else "") + seen.err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_flow_reads_in_one_language(
    lang: str, tmp_path: Path, allowed: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    names = _names()
    found = {}
    for name, argv in _flows(tmp_path):
        text = _run(["--lang", lang, *argv], capsys, stdout=name not in MACHINE_STDOUT)
        assert "Traceback" not in text, (name, text)
        left = english_words(text, allowed) if lang == "zh" else chinese_chars(text, names)
        if left:
            found[name] = (sorted(set(left)), text)
    # every workbook the flows wrote: schedule, compliance, report, records, audit
    books = sorted(tmp_path.rglob("*.xlsx"))
    assert {b.name for b in books} >= {"schedule.xlsx", "compliance.xlsx", "导出.xlsx",
                                       "变更.xlsx", "report-weekly-2024-07-15.xlsx"}  # fmt: skip
    for book in books:
        text = _cells(book)
        left = english_words(text, allowed) if lang == "zh" else chinese_chars(text, names)
        if left:
            found[book.name] = (sorted(set(left)), text[:3000])
    assert not found, "\n\n".join(f"{k}: {v[0]}\n{v[1]}" for k, v in found.items())


def _cells(path: Path) -> str:
    """Every sheet name and text cell of a workbook, a line each."""
    wb = openpyxl.load_workbook(path, read_only=True)
    lines = list(wb.sheetnames)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            lines += [v for v in row if isinstance(v, str)]
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_help_of_every_command_reads_in_one_language(
    lang: str, allowed: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    found = {}
    for path in _commands(build_parser()):
        text = _run(["--lang", lang, *path, "--help"], capsys)
        assert text.strip(), path
        left = english_words(text, allowed) if lang == "zh" else chinese_chars(text)
        if left:
            found[" ".join(path)] = (sorted(set(left)), text)
    assert not found, "\n\n".join(f"{k}: {v[0]}\n{v[1]}" for k, v in found.items())


def test_the_scanner_sees_english_and_chinese() -> None:
    """The scanner itself: it finds what it must, and lets ids and files through."""
    assert english_words("已写出 out/tiny/schedule.csv（--time-limit 5）") == []
    assert english_words("状态 optimal  活动 6 场") == ["optimal"]
    assert english_words("工作表 venues，列 capacity", {"venues", "capacity"}) == []
    assert chinese_chars("wrote 呼和浩特市.ics", {"呼和浩特市"}) == []
    assert chinese_chars("status 最优") == ["最优"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_schedule_xlsx_in_either_language_is_a_previous_plan(lang: str, tmp_path: Path) -> None:
    """The workbook people read is also one fairplan reads back (`--previous`): its headers
    and words in either language, its times in the scenario's time zone."""
    out = tmp_path / "a"
    assert main(["--lang", lang, "plan", str(TINY), "--out", str(out), "--quiet"]) == 0
    ws = openpyxl.load_workbook(out / "schedule.xlsx").worksheets[1]
    head = [c.value for c in ws[1]]
    assert head[0] == ("活动编号" if lang == "zh" else "event_id") and ws.freeze_panes == "A2"
    modified = ws.cell(row=2, column=head.index("最后修改" if lang == "zh" else "modified") + 1)
    assert str(modified.value).endswith("+08:00")  # Asia/Shanghai, not UTC
    again = ["plan", str(TINY), "--out", str(tmp_path / "b"), "--quiet"]
    assert main(["--lang", lang, *again, "--previous", str(out / "schedule.xlsx")]) == 0
    kept = (tmp_path / "b" / "schedule.csv").read_text(encoding="utf-8-sig")
    assert kept == (out / "schedule.csv").read_text(encoding="utf-8-sig")
