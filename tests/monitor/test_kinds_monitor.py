"""The monitor with kinds as data (CONTRACT §6, issue 13): records of any kind, totals over a
subtree judged from the records of the regions below, rules shown by name and clause, and
the next report of the scenario's preset (its reporting rhythm)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from monitor.compliance import judge, misses_text, write_xlsx
from monitor.reports import next_reports, rhythms, write_report_xlsx
from scheduler.model import KindSpec, Rule, Scenario, Settings
from tests.monitor.conftest import CITY, COUNTY, PROVINCE, D, rec, scenario
from tests.scheduler.factory import preset_folder
from ui.cli import main

CAMPUS = KindSpec("campus", 6, 500, dt.time(9), dt.time(16), "workdays", label="校园招聘会")
LIVE = KindSpec("livestream", 2, 0, dt.time(14), dt.time(16), label="直播带岗", online=True)


def _subtree() -> Rule:
    return Rule("campus-2", PROVINCE, "campus;livestream", "window", 2, D(2024, 7, 3),
                D(2024, 7, 31), "shandong-2024 三(五)", "校园和直播招聘活动", "subtree")  # fmt: skip


def test_a_subtree_total_counts_the_records_of_every_region_below() -> None:
    s = replace(scenario(_subtree()), kinds={"campus": CAMPUS, "livestream": LIVE})
    recs = [
        rec(COUNTY, "campus", D(2024, 7, 4)),  # a county's fair counts toward the province
        rec(CITY, "livestream", D(2024, 7, 5)),
        rec(CITY, "specialized", D(2024, 7, 5)),  # not a listed kind
        rec(COUNTY, "campus", D(2024, 7, 6), "cancelled"),  # evidence, never counted
    ]
    [row] = judge(s, recs, D(2024, 8, 1))
    assert (row.held, row.status, row.subtree) == (2, "met", True)
    assert {r.region_id for r in row.evidence} == {CITY, COUNTY} and row.cancelled == 1
    assert row.title == "校园和直播招聘活动（《山东省2024届高校毕业生就业工作方案》三(五)）"
    csv_row = row.as_csv_row()
    assert (csv_row["name"], csv_row["counts"]) == ("校园和直播招聘活动", "subtree")
    assert csv_row["citation"] == "《山东省2024届高校毕业生就业工作方案》三(五)"
    [short] = judge(s, recs[:1], D(2024, 8, 1))
    assert (short.held, short.status) == (1, "missed")


def test_workbook_and_misses_name_the_rule_and_label_the_kinds(tmp_path: Path) -> None:
    s = replace(scenario(_subtree()), kinds={"campus": CAMPUS, "livestream": LIVE})
    rows = judge(s, [rec(COUNTY, "campus", D(2024, 7, 4))], D(2024, 8, 1))
    text = misses_text(s, rows, D(2024, 8, 1))
    assert "校园招聘会或直播带岗" in text and "规则 校园和直播招聘活动，依据《山东省" in text
    path = write_xlsx(s, rows, D(2024, 8, 1), tmp_path / "c.xlsx")
    ws = openpyxl.load_workbook(path)["未达标"]
    head = [c.value for c in ws[2]]  # under the title row
    values = dict(zip(head, [c.value for c in ws[3]], strict=True))
    assert values["规则"] == rows[0].title and values["规则编号"] == "campus-2"
    assert values["类型"] == "校园招聘会或直播带岗" and "校园招聘会" in values["已举办记录"]


JILIN = (D(2022, 7, 1), D(2022, 12, 31))  # the preset's horizon


def _jilin(start: dt.date = JILIN[0], end: dt.date = JILIN[1]) -> Scenario:
    rules = (Rule("weekly", "city", "specialized", "week", 1, start, end, "jilin-2022 五(五)"),)
    return replace(scenario(*rules, start=start, end=end),
                   settings=Settings("jl", start, end, preset="jilin-2022"))  # fmt: skip


def test_the_next_report_follows_the_presets_rhythm() -> None:
    """Jilin: progress tables every Thursday by 17:00 (001 保障措施(四)), covering Friday to
    Thursday; what it will contain is the week's records so far."""
    s = _jilin()
    recs = [rec(CITY, "specialized", D(2022, 7, 5)), rec(COUNTY, "specialized", D(2022, 7, 8))]
    [due] = next_reports(s, recs, D(2022, 7, 6))
    assert due.reporting.id == "weekly-progress-table"
    assert due.due == dt.datetime(2022, 7, 7, 17, 0) and due.covers == (
        D(2022, 7, 1),
        D(2022, 7, 7),
    )
    [line] = due.report.lines
    assert (line.city_id, line.held, line.by_kind) == (CITY, 1, {"specialized": 1})
    # on Thursday after 17:00 the next one is the following week's
    [after] = next_reports(s, recs, dt.datetime(2022, 7, 7, 17, 1))
    assert after.covers == (D(2022, 7, 8), D(2022, 7, 14)) and after.report.lines[0].held == 1
    # the last one falls due on the horizon's last Thursday, and then none is left
    assert next_reports(s, recs, D(2022, 12, 30)) == []


def test_a_rhythm_is_bounded_to_the_scenarios_horizon() -> None:
    s = _jilin(D(2022, 9, 1), D(2022, 9, 30))
    [r] = rhythms(s)
    assert (r.rhythm.start, r.rhythm.end) == (D(2022, 9, 1), D(2022, 9, 30))
    [due] = next_reports(s, [], D(2022, 8, 1))  # before the horizon: the first one
    assert due.covers == (D(2022, 9, 1), D(2022, 9, 1)) and due.due.date() == D(2022, 9, 1)
    assert rhythms(replace(s, settings=Settings("x", s.settings.start, s.settings.end))) == ()


def test_the_next_reports_workbook_has_a_column_per_kind(tmp_path: Path) -> None:
    s = replace(_jilin(), kinds={"specialized": KindSpec("specialized", 3, 200, dt.time(9),
                                                         dt.time(12)), "livestream": LIVE})  # fmt: skip
    [due] = next_reports(s, [rec(CITY, "livestream", D(2022, 7, 5))], D(2022, 7, 6))
    path = write_report_xlsx(s, due.report, tmp_path / due.file_name, title=due.name)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws.title == "工作进度汇总表" and "工作进度汇总表" in str(ws["A1"].value)
    head = [c.value for c in ws[2]]
    assert head[3:6] == ["本期举办场次", "其中专场招聘会", "其中直播带岗"]
    assert [c.value for c in ws[3]][3:6] == [1, 0, 1]


def test_report_next_prints_each_rhythms_next_report_and_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = preset_folder(tmp_path, "jilin-2022")
    records = tmp_path / "records.csv"
    records.write_text(
        "region_id,kind,date,status\n220100,专场,2022-07-05,held\n220200,线上专场招聘会,2022-07-06,held\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["report", "next", str(folder), "--records", str(records), "--as-of", "2022-07-06"]
    assert main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("工作进度汇总表（各市报省人力资源和社会保障厅，每周四 17:00 前")
    assert "下次 2022-07-07 17:00 截止，涵盖 2022-07-01 至 2022-07-07" in printed[0]
    assert printed[1].startswith("  长春市：已举办 1 场（专业性招聘会 1）")
    assert printed[2].startswith("  吉林市：已举办 1 场（线上专场招聘会 1）")
    assert (out / "report-weekly-progress-table-2022-07-01.xlsx").is_file()
    # a scenario that names no preset has no rhythm: a clear error, exit 2
    settings = folder / "settings.csv"
    plain = ("preset,jilin-2022", "start,2022-07-01\nend,2022-12-31")
    settings.write_text(settings.read_text("utf-8-sig").replace(*plain), "utf-8")
    (folder / "rules.csv").write_text(
        "rule_id,scope,kind,period,min_count\nw,city,specialized,week,1\n", encoding="utf-8"
    )
    (folder / "kinds.csv").write_text(
        "kind,staff,min_capacity,start_time,end_time\nspecialized,3,0,09:00,12:00\n",
        encoding="utf-8",
    )
    assert main(args) == 2
    assert "没有 preset" in capsys.readouterr().err


def test_a_bureau_sees_only_its_own_citys_next_report() -> None:
    """`scope` (the region ids a reader may see) keeps that city's line and rows: the CLI's
    signed-in bureau and the app's call the same function."""
    s = _jilin()
    recs = [rec(CITY, "specialized", D(2022, 7, 5))]
    [everyone] = next_reports(s, recs, D(2022, 7, 6))
    assert [x.city_id for x in everyone.report.lines] == [CITY]
    assert {r.region_id for r in everyone.report.rows} == {CITY}
    [other] = next_reports(s, recs, D(2022, 7, 6), scope={COUNTY})  # not the city's reader
    assert other.report.lines == [] and other.report.rows == []
    [own] = next_reports(s, recs, D(2022, 7, 6), scope={CITY, COUNTY})
    assert own.report.lines[0].held == 1
