"""Rules as people read them (issue 13, deliverable 4): wherever fairplan shows a rule to a
user it names the rule and its document's title and clause — never only `monthly` or the
collection's file number `000 五(五)`."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from monitor.records import Record
from monitor.reports import build_report, write_report_xlsx
from scheduler.scenario import load_scenario
from ui.cli import main

TINY = Path(__file__).parent / "data" / "tiny"
TITLE_000 = "《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)"


def test_plan_prints_each_shortfall_by_rule_name_clause_and_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tight = tmp_path / "tight"
    shutil.copytree(TINY, tight)
    text = (tight / "venues.csv").read_text(encoding="utf-8")
    (tight / "venues.csv").write_text(text.replace(",3000,", ",1000,"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["plan", str(tight), "--out", str(out), "--time-limit", "10", "--quiet"]) == 3
    [line] = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("   - ")]
    assert line.startswith(f"   - monthly（{TITLE_000}），呼和浩特市（150100），"), line
    assert "计划 0 场，应办 1 场" in line and "000 五(五)" not in line


def test_the_report_workbook_cites_documents_by_title(tmp_path: Path) -> None:
    s = load_scenario(TINY)
    day = s.settings.start
    report = build_report(s, [Record("R1", "150100", "specialized", day, "held")], "monthly",
                          s.settings.end)  # fmt: skip
    wb = openpyxl.load_workbook(write_report_xlsx(s, report, tmp_path / "r.xlsx"))
    notes = " ".join(str(r[0].value) for r in wb["说明"].iter_rows())
    assert "《山东省2024届高校毕业生就业工作方案》四(三)" in notes and "004" not in notes
    missed = wb["未达标"]
    head = [c.value for c in missed[2]]  # under the title row
    titles = [r[head.index("规则")].value for r in missed.iter_rows(min_row=3)]
    assert titles and set(titles) == {f"weekly（{TITLE_000}）"}
