"""Spreadsheet formula injection (CWE-1236, issue 11): every CSV and XLSX fairplan writes.

The rule (`scheduler.sheetwriter`): in CSV a text cell starting with `=`, `+`, `-`, `@`, tab
or CR gets a leading `'`; in XLSX text is a string cell, never a formula. Numbers stay
numbers. Each writer is run end to end on a scenario and records whose every name is a
formula, and its files are searched for anything a spreadsheet would evaluate; exported
records read back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from monitor.records import Record, load_records
from scheduler import sheetwriter
from ui.cli import main

TINY = Path(__file__).parents[1] / "data" / "tiny"
FORMULAS = [
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(A1:A2)",
    "\t=1+2",
    "\r=1+2",
    '=HYPERLINK("http://evil.example","点我")',
    "=cmd|' /C calc'!A0",
    "'=1+2",  # a value that already looks quoted must survive the round trip too
]
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def live_in_csv(text: str) -> list[str]:
    """Cells a spreadsheet would evaluate: a trigger first, and not a plain number."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    return [
        c for row in rows for c in row if c[:1] in sheetwriter.TRIGGERS and not NUMBER.fullmatch(c)
    ]


def live_in_xlsx(path: Path) -> list[str]:
    """Formula cells of a workbook, read from its XML (an `<f>` element) and by openpyxl."""
    with zipfile.ZipFile(path) as z:
        xml = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert xml, f"{path} has no worksheets"
    found = [m for text in xml for m in re.findall(r"<f>.*?</f>|<f\b[^>]*/>", text)]
    wb = load_workbook(path)  # not data_only: a formula would come back as "=..."
    found += [
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type in ("f", "e")
    ]
    return found


def texts_in_xlsx(path: Path) -> set[str]:
    wb = load_workbook(path, data_only=True)
    return {
        sheetwriter.unquote(sheetwriter.unescape_ooxml(c.value))
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),  # a negative number is a number, not text
        ("+3.5", "+3.5"),
        ("'=x", "''=x"),  # quoted once more, so that reading gives '=x back
        ("'abc", "'abc"),
        ("呼和浩特", "呼和浩特"),
        ("", ""),
    ],
)
def test_csv_cells_follow_owasps_rule(value: str, written: str) -> None:
    assert sheetwriter.csv_cell(value) == written
    assert sheetwriter.unquote(written) == value


def test_numbers_stay_numbers() -> None:
    assert [sheetwriter.csv_cell(v) for v in (-5, 3, 2.5, None)] == ["-5", "3", "2.5", ""]
    wb = Workbook()
    ws = wb.active
    sheetwriter.append(ws, [-5, 2.5, "-5"])
    assert [c.data_type for c in ws[1]] == ["n", "n", "s"]


@given(st.text())
@settings(max_examples=300, deadline=None, derandomize=True)
def test_any_text_round_trips_through_csv_quoting(text: str) -> None:
    written = sheetwriter.csv_cell(text)
    assert sheetwriter.unquote(written) == text
    assert written[:1] not in sheetwriter.TRIGGERS or NUMBER.fullmatch(written)


@given(st.text())
@settings(max_examples=150, deadline=None, derandomize=True)
def test_any_text_round_trips_through_an_xlsx_string_cell(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    wb = Workbook()
    sheetwriter.append(wb.active, [text])
    sheetwriter.save(wb, path)
    assert not live_in_xlsx(path)
    [value] = [c.value for c in load_workbook(path, data_only=True).active[1]]
    got = sheetwriter.unquote(sheetwriter.unescape_ooxml(value or ""))
    assert got == text[:32767].replace("\r\n", "\n").replace("\r", "\n") or got == text[:32767]


def test_a_formula_set_directly_on_a_cell_is_still_saved_as_text(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "=1+2"  # a writer that forgot the helpers
    sheetwriter.save(wb, tmp_path / "t.xlsx")
    assert not live_in_xlsx(tmp_path / "t.xlsx")


# --------------------------------------------------------------------------- every writer


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The worked example with a formula for every name, venue, pool, source and address."""
    folder = tmp_path_factory.mktemp("hostile") / "scenario"
    shutil.copytree(TINY, folder)

    def edit(name: str, old: str, new: str) -> None:
        path = folder / name
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), "utf-8")

    edit("settings.csv", "name,tiny", 'name,"=HYPERLINK(""http://evil.example"")"')
    edit("regions.csv", "呼和浩特市", "\"=cmd|' /C calc'!A0\"")
    edit("regions.csv", "土默特左旗", "@SUM(A1:A2)")
    edit("venues.csv", "呼和浩特市就业服务中心", "+1+2")
    edit("venues.csv", "土默特左旗就业服务站", "-1+2")
    edit("staff.csv", "呼和浩特市就业服务局", '"=1+2"')
    edit("rules.csv", "000 五(五)", "=2+3")
    return folder


RECORDS = (
    "record_id,region_id,kind,date,status,venue,employers\n"
    "R1,150100,specialized,2024-07-05,held,=1+2,3\n"
    'R2,150100,comprehensive,2024-07-25,held,"=HYPERLINK(""http://evil.example"")",\n'
    "R3,150121,specialized,2024-07-16,held,@SUM(A1),\n"
    "R4,150100,specialized,2024-07-10,cancelled,'=1+2,\n"
    "-R5,150100,specialized,2024-07-12,held,-1+2,0\n"
)


def test_plan_writes_schedule_csv_and_xlsx_without_live_formulas(
    tmp_path: Path, hostile: Path
) -> None:
    out = tmp_path / "plan"
    assert main(["plan", str(hostile), "--out", str(out), "--quiet", "--time-limit", "10"]) == 0
    text = (out / "schedule.csv").read_text("utf-8-sig")
    assert live_in_csv(text) == []
    assert "'=cmd|' /C calc'!A0" in text and "'+1+2" in text
    assert live_in_xlsx(out / "schedule.xlsx") == []
    assert {"=cmd|' /C calc'!A0", "+1+2", "-1+2"} <= texts_in_xlsx(out / "schedule.xlsx")


def test_check_and_report_write_compliance_and_reports_without_live_formulas(
    tmp_path: Path, hostile: Path
) -> None:
    records = tmp_path / "records.csv"
    records.write_text(RECORDS, "utf-8")
    out = tmp_path / "check"
    args = ["--records", str(records), "--as-of", "2024-08-01", "--out", str(out)]
    assert main(["check", str(hostile), *args]) in (0, 3)
    assert live_in_csv((out / "compliance.csv").read_text("utf-8-sig")) == []
    assert live_in_xlsx(out / "compliance.xlsx") == []
    assert "=cmd|' /C calc'!A0" in texts_in_xlsx(out / "compliance.xlsx")
    assert main(["report", "monthly", str(hostile), *args]) in (0, 3)
    [report] = out.glob("report-*.xlsx")
    assert live_in_xlsx(report) == []


def by_id(record: Record) -> str:
    return record.record_id


def test_records_export_and_audit_write_no_live_formulas_and_read_back_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: exporting a record whose venue was a formula to xlsx and importing it back
    added a second "held" record (the formula cell read back blank)."""
    db = str(tmp_path / "r.db")
    source = tmp_path / "=1+2.csv"  # the file name reaches the audit trail
    source.write_text(RECORDS, "utf-8")
    assert main(["records", "import", str(source), "--db", db, "--actor", "@evil"]) == 0
    first = load_records(source)
    capsys.readouterr()
    for name in ("export.csv", "export.xlsx"):
        path = tmp_path / name
        assert main(["records", "export", str(path), "--db", db]) == 0
        if name.endswith(".csv"):
            assert live_in_csv(path.read_text("utf-8-sig")) == []
        else:
            assert live_in_xlsx(path) == []
        assert sorted(load_records(path), key=by_id) == sorted(first, key=by_id)
        capsys.readouterr()
        assert main(["records", "import", str(path), "--db", db]) == 0
        assert "新增 0，更新 0，未变 5" in capsys.readouterr().out  # nothing changed or doubled
    assert main(["records", "export", "--db", db]) == 0
    assert live_in_csv(capsys.readouterr().out) == []
    audit = tmp_path / "audit.csv"
    assert main(["records", "audit", "--db", db, "--out", str(audit)]) == 0
    text = audit.read_text("utf-8-sig")
    assert "'@evil" in text and live_in_csv(text) == []
    capsys.readouterr()
    assert main(["records", "audit", "--db", db]) == 0
    assert live_in_csv(capsys.readouterr().out) == []


def test_scenario_csvs_converted_to_a_workbook_keep_formulas_as_text(
    tmp_path: Path, hostile: Path
) -> None:
    from scheduler.template import write_scenario_xlsx

    book = tmp_path / "hostile.xlsx"
    write_scenario_xlsx(hostile, book)
    assert live_in_xlsx(book) == []
    assert {"+1+2", "-1+2", "@SUM(A1:A2)"} <= texts_in_xlsx(book)


def test_account_and_token_listings_write_no_live_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    db = ["--db", str(tmp_path / "r.db"), "--password-stdin"]
    pw = "admin password 1"

    def run(stdin: str, *argv: str) -> int:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return main(list(argv))

    assert (
        run(f"{pw}\n", "users", "add", "admin", "--role", "admin", "--display-name", "=1+2", *db)
        == 0
    )
    tokens_file = ["--tokens", str(tmp_path / "tokens.txt")]
    assert (
        run(
            f"{pw}\n",
            "users",
            "token",
            "issue",
            "admin",
            "--label",
            "@SUM(A1)",
            "--as",
            "admin",
            *tokens_file,
            *db,
        )
        == 0
    )
    capsys.readouterr()
    assert run(f"{pw}\n", "users", "list", "--as", "admin", *db) == 0
    listing = capsys.readouterr().out
    assert "'=1+2" in listing and live_in_csv(listing) == []
    assert run(f"{pw}\n", "users", "token", "list", "--as", "admin", *tokens_file, *db) == 0
    tokens = capsys.readouterr().out
    assert "'@SUM(A1)" in tokens and live_in_csv(tokens) == []
