"""The app's tables and charts as pure functions of data (ui/views/)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest

from monitor.compliance import judge
from monitor.records import Record, parse_sheet
from scheduler.errors import InputError, Problem
from scheduler.model import Scenario
from scheduler.plan import PlanResult
from scheduler.scenario import Sheet
from scheduler.weights import Weights
from tests.scheduler import factory
from ui import i18n
from ui.views import common, compliance, feeds, plan, records, solving

AS_OF = dt.date(2024, 7, 20)


def rec(rid: str, region: str, kind: str, day: int, status: str = "held") -> Record:
    return Record(rid, region, kind, dt.date(2024, 7, day), status, venue="V")


@pytest.fixture
def rows(tiny: Scenario) -> list:
    records = [
        rec("R1", "150100", "specialized", 4),
        rec("R2", "150100", "specialized", 9),
        rec("R3", "150100", "comprehensive", 13, "cancelled"),
        rec("R4", "150121", "specialized", 17),
    ]
    return judge(tiny, records, AS_OF)


def test_every_key_has_both_languages() -> None:
    import texts

    for key in (k for k in texts.all_keys() if texts.owner(k) == "app"):
        zh, en = texts.both_raw(key)
        assert zh and en, key
        # the same placeholders in both, so formatting never fails in one language
        assert set(_fields(zh)) == set(_fields(en)), key


def _fields(s: str) -> list[str]:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(s) if f]


@pytest.mark.parametrize(
    ("raw", "lang"),
    [
        ("en", "en"),
        ("zh", "zh"),
        (None, "zh"),  # no ?lang=: Chinese first
        ("fr", "zh"),  # unknown: Chinese
        (["en"], "zh"),  # not a string
    ],
)
def test_language_normalized(raw: object, lang: str) -> None:
    assert i18n.normalize(raw) == lang


def test_values_use_the_packages_chinese_names() -> None:
    assert i18n.value("specialized", "zh") == "专场招聘会"
    assert i18n.value("missed", "zh") == "未达标"
    assert i18n.value("at_risk", "en") == "at risk"


def test_tree_order_puts_each_region_before_its_children(tiny: Scenario) -> None:
    assert common.tree_order(tiny, ["150121", "150000", "150100"]) == ["150000", "150100", "150121"]


def test_problems_frame_names_file_sheet_row_column() -> None:
    df = common.problems_frame(
        [Problem("/tmp/xyz/regions.csv", "bad level", "regions", 3, "level")], "en"
    )
    assert df.iloc[0].tolist() == ["regions.csv", "regions", 3, "level", "bad level"]


def test_progress_frame_leaves_out_unproven_bounds_and_extends_to_now() -> None:
    events = [
        {"elapsed": 1.0, "objective": 100.0, "bound": 0.0, "gap": 1.0},
        {"elapsed": 2.0, "objective": 90.0, "bound": 80.0, "gap": 0.11},
    ]
    df = solving.progress_frame(events, now=3.5)
    assert df[df.series == "bound"]["elapsed"].tolist() == [2.0, 3.5]
    assert df[df.series == "objective"]["value"].tolist() == [100.0, 90.0, 90.0]
    spec = solving.progress_chart(df, "zh").to_dict()
    assert spec["mark"]["type"] == "line"


def test_with_weights_writes_only_changed_weights(tiny: Scenario) -> None:
    defaults = Weights.from_scenario(tiny)
    same = solving.with_weights(tiny, {"spread": defaults.spread}, defaults)
    assert same is tiny
    changed = solving.with_weights(tiny, {"spread": 99, "venue": defaults.venue}, defaults)
    assert changed.settings.get("weight_spread") == "99"
    assert changed.settings.get("weight_venue") is None
    assert Weights.from_scenario(changed).spread == 99


def test_plan_views(tiny: Scenario, tiny_plan: PlanResult) -> None:
    info = solving.summary(tiny_plan)
    assert info["events"] == len(tiny_plan.planned) == 6  # CONTRACT §5
    assert info["rules_met"]
    # the honest gap of report.json: quality only, the fewest fairs and missing ones apart
    assert info["fairs_min"] == 6 and info["missing_fairs"] == 0
    assert 0 <= info["bound"] <= info["objective"]
    assert info["objective"] == sum(info["terms"].values()) - info["constant"]

    table = plan.fairs_frame(tiny_plan.fairs, "zh")
    assert len(table) == 6 and table["日期"].is_monotonic_increasing

    heat = plan.plan_heatmap_frame(tiny, tiny_plan.fairs)
    assert heat["fairs"].sum() == 6
    assert set(heat["region_id"]) == {"150100", "150121"}  # the regions rules ask fairs of
    assert plan.plan_heatmap_chart(heat, "en").to_dict()["mark"]["type"] == "rect"

    cal = plan.month_calendar(tiny_plan.fairs, tiny.descendants("150100"), 2024, 7, "zh")
    assert list(cal.columns) == list(plan.WEEKDAYS_ZH)
    text = "\n".join(cal.to_numpy().ravel())
    assert text.count("专场") == 5 and text.count("综合") == 1  # 4 weekly + 1 county, 1 monthly
    assert cal.iloc[0, 0] == "1"  # 1 July 2024 is a Monday; no fair before the horizon's 3 July
    assert cal.iloc[-1, -1] == ""  # the last week runs past 31 July
    assert plan.months_of(tiny) == [(2024, 7)]


def test_downloads_are_the_cli_outputs(tiny: Scenario, tiny_plan: PlanResult) -> None:
    assert plan.schedule_csv(tiny_plan.fairs).startswith(b"\xef\xbb\xbfevent_id,")
    wb = openpyxl.load_workbook(io.BytesIO(plan.schedule_xlsx(tiny_plan, "zh")))
    assert wb.sheetnames[0] == "总览"
    en = openpyxl.load_workbook(io.BytesIO(plan.schedule_xlsx(tiny_plan, "en")))
    assert en.sheetnames[0] != "总览" and len(en.sheetnames) == len(wb.sheetnames)
    assert json.loads(plan.report_json(tiny_plan))["rules_met"] is True
    with zipfile.ZipFile(io.BytesIO(plan.feeds_zip(tiny, tiny_plan.fairs, "x.test"))) as zf:
        names = set(zf.namelist())
        assert {"feeds/150000.ics", "feeds/150100.ics", "feeds/index.json"} <= names
        assert zf.read("feeds/150000.ics").count(b"BEGIN:VEVENT") == 6


@pytest.mark.parametrize(
    ("base", "http", "webcal"),
    [
        ("http://h:8000", "http://h:8000/feeds/150100.ics", "webcal://h:8000/feeds/150100.ics"),
        ("https://h/cal/", "https://h/cal/feeds/150100.ics", "webcal://h/cal/feeds/150100.ics"),
        (
            "h:8000",
            "http://h:8000/feeds/150100.ics",
            "webcal://h:8000/feeds/150100.ics",
        ),  # no scheme
    ],
)
def test_feed_urls(base: str, http: str, webcal: str) -> None:
    assert feeds.feed_urls(base, "150100") == (http, webcal)


def test_feed_views(tiny: Scenario, tiny_plan: PlanResult) -> None:
    assert feeds.feed_regions(tiny, tiny_plan.fairs) == ["150000", "150100", "150121"]
    assert feeds.qr_svg("webcal://h/feeds/150100.ics").lstrip().startswith("<?xml")
    assert feeds.preview_since(tiny, dt.date(2030, 1, 1)) == tiny.settings.start
    assert feeds.preview_since(tiny, dt.date(2024, 7, 10)) == dt.date(2024, 7, 10)
    top = feeds.next_fairs(tiny, tiny_plan.fairs, "150000", tiny.settings.start, "en", n=10)
    assert len(top) == 6  # the top feed holds every fair
    county = feeds.next_fairs(tiny, tiny_plan.fairs, "150121", tiny.settings.start, "en")
    assert len(county) == 1


def test_filter_rows(tiny: Scenario, rows: list) -> None:
    assert {r.level for r in compliance.filter_rows(tiny, rows, level="county")} == {"county"}
    assert {r.rule_id for r in compliance.filter_rows(tiny, rows, rule="weekly")} == {"weekly"}
    assert len(compliance.filter_rows(tiny, rows, city="150100")) == len(rows)  # its county too
    assert compliance.filter_rows(tiny, rows, city="150100", level="city", rule="county") == []


def test_heatmap_of_one_rule_has_its_periods(tiny: Scenario, rows: list) -> None:
    weekly = compliance.filter_rows(tiny, rows, rule="weekly")
    frame, monthly, total = compliance.heatmap_frame(tiny, weekly, "en")
    assert not monthly and total == 1
    lights = dict(zip(frame["x"], frame["light"], strict=True))
    # weeks of 1 and 8 July held a fair; 15 July (contains the as-of date) is at risk; later upcoming
    assert lights == {
        "2024-07-01": "green",
        "2024-07-08": "green",
        "2024-07-15": "yellow",
        "2024-07-22": "grey",
    }
    spec = compliance.heatmap_chart(frame, "en").to_dict()
    assert spec["params"][0]["name"] == "cell"


def test_heatmap_of_several_rules_takes_the_worst_per_month(tiny: Scenario, rows: list) -> None:
    frame, monthly, total = compliance.heatmap_frame(tiny, rows, "zh")
    assert monthly and total == 2
    city = frame[frame.region_id == "150100"].iloc[0]
    # 4 weekly periods + the month: two met, one at risk (this week), one upcoming, the month at risk
    assert (city.x, city.light, city.periods) == ("2024-07", "yellow", 5)
    assert (city.met, city.at_risk, city.upcoming, city.missed) == (2, 2, 1, 0)


def test_heatmap_keeps_the_worst_regions_when_too_many(tiny: Scenario) -> None:
    records = [rec("R1", "150121", "specialized", 4)]
    rows = judge(tiny, records, dt.date(2024, 8, 15))  # July is over: the city missed, county met
    frame, _, total = compliance.heatmap_frame(tiny, rows, "en", max_regions=1)
    assert total == 2 and set(frame.region_id) == {"150100"}


def test_cell_evidence(tiny: Scenario, rows: list) -> None:
    behind = compliance.cell_rows(rows, "150100", "2024-07")
    assert {r.rule_id for r in behind} == {"weekly", "monthly"}
    ev = compliance.evidence_frame(behind, "en")
    assert ev["Record"].tolist() == ["R1", "R2", "R3"]  # held and cancelled, once each
    periods = compliance.cell_periods_frame(behind, "zh")
    assert periods["rule_id"].tolist().count("weekly") == 4
    # the rule as people read it: its name (here its id) and the clause's document title
    assert all(t.startswith(("weekly（《", "monthly（《")) for t in periods["规则"])


def test_ranking_puts_most_misses_first(tiny: Scenario) -> None:
    rows = judge(tiny, [rec("R1", "150121", "specialized", 4)], dt.date(2024, 8, 15))
    rank = compliance.ranking_frame(tiny, rows, "en")
    assert rank["Region code"].tolist() == ["150100", "150121"]
    assert rank["missed"].tolist() == [5, 0]
    assert rank["Light"].tolist() == ["red", "green"]


def test_compliance_exports(tiny: Scenario, rows: list) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(compliance.compliance_xlsx(tiny, rows, AS_OF, "zh")))
    assert "汇总" in wb.sheetnames
    # in the page's language, whatever the language of the thread that builds it
    en = openpyxl.load_workbook(io.BytesIO(compliance.compliance_xlsx(tiny, rows, AS_OF, "en")))
    assert "汇总" not in en.sheetnames and len(en.sheetnames) == len(wb.sheetnames)
    csv = pd.read_csv(io.BytesIO(compliance.compliance_csv(rows)), encoding="utf-8-sig")
    assert len(csv) == len(rows)


def test_validation_frame_gives_each_row_its_verdict() -> None:
    sheet = Sheet("r.csv", "r", ["region_id", "kind", "date", "status"])
    sheet.rows = [
        (2, {"region_id": "150100", "kind": "专场", "date": "2024-07-04", "status": "held"}),
        (3, {"region_id": "150100", "kind": "fair", "date": "2024-07-40", "status": "held"}),
    ]
    with pytest.raises(InputError) as err:
        parse_sheet(sheet, {"150100"}, kinds=factory.tiny().kinds)
    df = records.validation_frame(sheet, err.value.problems, "en")
    assert df["Check"].tolist()[0] == "OK"
    assert "kind:" in df["Check"].tolist()[1] and "date:" in df["Check"].tolist()[1]


def test_plan_heatmap_labels_every_region_regression(tiny: Scenario, tiny_plan: PlanResult) -> None:
    """Regression (issue 10): the planner's heatmap labelled only every other region, since
    Vega-Lite drops labels that overlap at the default settings."""
    frame = plan.plan_heatmap_frame(tiny, tiny_plan.fairs)
    spec = plan.plan_heatmap_chart(frame, "zh").to_dict()
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False
    assert spec["height"]["step"] >= axis["labelFontSize"] + 4  # a label fits its row
    assert list(dict.fromkeys(frame["region"])) == spec["encoding"]["y"]["sort"]
    assert set(frame["region_id"]) == {"150100", "150121"}  # every region a rule asks of


def test_month_calendar_marks_holidays_and_makeup_days_and_shows_time_and_venue(
    tiny_plan: PlanResult,
) -> None:
    """October 2024: 1–7 October is the National Day break, 12 October (Saturday) a make-up
    workday (State Council notice; the `holidays` library)."""
    from scheduler.calendar import WorkCalendar
    from scheduler.model import Settings

    cal = WorkCalendar.for_settings(Settings("x", dt.date(2024, 10, 1), dt.date(2024, 10, 31)))
    oct_ = plan.month_calendar([], ["150100"], 2024, 10, "zh", cal)
    cells = {c.split("\n")[0] for c in oct_.to_numpy().ravel() if c}
    assert {f"{d} 休" for d in range(1, 8)} <= cells and "12 班" in cells and "8" in cells
    en = plan.month_calendar([], ["150100"], 2024, 10, "en", cal)
    assert "12 make-up workday" in {c.split("\n")[0] for c in en.to_numpy().ravel() if c}
    july = plan.month_calendar(tiny_plan.fairs, ["150100"], 2024, 7, "zh")
    lines = [ln for c in july.to_numpy().ravel() for ln in c.split("\n")[1:]]
    fair = next(f for f in tiny_plan.planned if f.region_id == "150100")
    assert any(
        ln.startswith(f"{fair.start:%H:%M} ") and f"@{fair.venue_name}" in ln for ln in lines
    ), lines
