"""`fairplan presets list|show`: what a planner reads, pastes and writes."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

import texts
from scheduler import policy, presets
from ui.cli import main
from ui.commands.presets import describe


@pytest.fixture(autouse=True)
def chinese() -> object:
    with texts.use("zh"):
        yield


def test_list_names_every_preset_with_its_rhythm(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[0] == "名称"
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert list(rows) == presets.names()
    assert rows["jilin-2022"][2] == "001 吉人社发〔2022〕21号"
    assert rows["jilin-2022"][5] == "每周四 17:00 前"
    assert rows["im-2022-2025"][3] == "2022-01-01..2025-12-31"


def test_show_prints_pasteable_rows_citing_title_and_clause(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["presets", "show", "im-2024"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    head = lines.index("\t".join(presets.RULE_COLUMNS))
    rules = [line.split("\t") for line in lines[head + 1 : head + 3]]
    assert [r[0] for r in rules] == ["city-weekly-specialized", "city-monthly-comprehensive"]
    for r in rules:
        assert len(r) == len(presets.RULE_COLUMNS)
        assert r[-1] == "《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)"
    assert "\t".join(presets.KIND_COLUMNS) in lines
    assert "各盟市每周至少举办一次专业性招聘活动" in out  # the clause's own words
    assert "攻坚行动总结书面报告" in out and "2024-12-31 23:59" in out  # the rhythm
    assert "未纳入规则" in out  # and what was left out


def test_show_names_the_tags_a_planner_must_put_on_regions() -> None:
    out = describe(presets.get("hubei-2023"), today=dt.date(2023, 5, 2))
    assert "- 毕业生集中：" in out and "- 失业青年集中：" in out
    # today lies inside the horizon: the next report is shown with what it covers
    assert "下一次：2023-05-30 23:59 截止，涵盖 2023-05-01 至 2023-05-30" in out


def test_show_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    with texts.use("en"):
        assert main(["presets", "show", "shandong-2024"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("preset shandong-2024: Shandong class of 2024")
    assert "title made by fairplan" in out  # 004 prints no title


def test_a_typo_exits_2_naming_the_presets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets", "show", "hubei-2024"]) == 2
    err = capsys.readouterr().err
    assert "hubei-2024" in err and "hubei-2023" in err and "Traceback" not in err


def test_csv_writes_rules_and_kinds_sheets_with_bom(tmp_path: Path) -> None:
    folder = tmp_path / "场景"
    assert main(["presets", "show", "shandong-2024", "--csv", str(folder)]) == 0
    for sheet, columns in (("rules", presets.RULE_COLUMNS), ("kinds", presets.KIND_COLUMNS)):
        raw = (folder / f"{sheet}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        assert list(rows[0]) == list(columns)
    rules = list(csv.DictReader((folder / "rules.csv").read_text("utf-8-sig").splitlines()))
    assert [r["min_count"] for r in rules] == ["50", "8", "1"]
    for r in rules:  # the readable citation resolves back to the clause
        (c,) = policy.resolve(r["source"])
        assert c.resolved and c.clause == "三(五)"
    assert sorted(p.name for p in folder.iterdir()) == ["kinds.csv", "rules.csv"]  # no leftovers


def test_csv_never_replaces_a_planners_sheet_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "rules.csv").write_text("rule_id\nmine\n", encoding="utf-8")
    assert main(["presets", "show", "im-2024", "--csv", str(tmp_path)]) == 2
    assert "rules.csv" in capsys.readouterr().err
    assert (tmp_path / "rules.csv").read_text(encoding="utf-8") == "rule_id\nmine\n"
    assert not (tmp_path / "kinds.csv").exists()  # nothing half-written
    assert main(["presets", "show", "im-2024", "--csv", str(tmp_path), "--force"]) == 0
    assert "city-weekly-specialized" in (tmp_path / "rules.csv").read_text(encoding="utf-8-sig")
