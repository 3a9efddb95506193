"""Loading and validating scenarios (CONTRACT §2): scheduler.scenario and scheduler.template.

Messages are checked in English (`texts.use("en")`); one test checks the Chinese default."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

import texts
from scheduler.errors import InputError, Problem
from scheduler.model import Scenario
from scheduler.scenario import (
    SETTING_KEYS,
    SHEETS,
    load_scenario,
    parse_dates,
    parse_time,
    split_list,
)
from scheduler.template import README_TITLE, write_scenario_xlsx, write_template

DATA = Path(__file__).resolve().parents[1] / "data"
TINY = DATA / "tiny"
ZH_BOM = DATA / "loader" / "tiny_zh_bom"
ZH_GB18030 = DATA / "loader" / "tiny_zh_gb18030"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenario.md"

EVENTS = "event_id,region_id,kind,date,venue_id,pool_id,theme,locked\n"

Edit = tuple[
    str, str | None, str | None
]  # (file, old text or None to append, new text or None to delete)


def scenario_folder(tmp_path: Path, edits: list[Edit], base: Path = TINY) -> Path:
    """A copy of `base` with each edit applied: replace `old` once, append (old None), or delete."""
    folder = tmp_path / "scenario"
    shutil.copytree(base, folder)
    for name, old, new in edits:
        path = folder / name
        if new is None:
            path.unlink()
            continue
        text = path.read_text("utf-8-sig") if path.exists() else ""
        if old is None:
            text += new
        else:
            assert old in text, f"{old!r} not in {name}"
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")
    return folder


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with texts.use("en"):
        yield


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    return caught.value.problems


def same(a: Scenario, b: Scenario) -> bool:
    return dataclasses.replace(a, source="") == dataclasses.replace(b, source="")


# --------------------------------------------------------------------------- what loads


def test_worked_example_loads_with_the_right_objects() -> None:
    s = load_scenario(TINY)
    assert s.name == "tiny"
    assert (s.settings.start, s.settings.end) == (dt.date(2024, 7, 3), dt.date(2024, 7, 31))
    assert (s.settings.timezone, s.settings.holidays) == ("Asia/Shanghai", "CN")
    assert s.settings.blackouts == frozenset()
    assert list(s.regions) == ["150000", "150100", "150121"]
    assert s.regions["150000"].parent_id is None
    assert s.regions["150121"].level == "county"
    assert s.regions["150121"].parent_id == "150100"
    assert [r.rule_id for r in s.rules] == ["weekly", "monthly", "county"]
    county = s.rules[2]
    assert (county.scope, county.kind, county.period, county.min_count) == (
        "county",
        "any",
        "month",
        1,
    )
    assert all((r.start, r.end) == (s.settings.start, s.settings.end) for r in s.rules)
    assert s.rules[0].source == "000 五(五)"
    spec = s.kinds["specialized"]
    assert (spec.staff, spec.min_capacity, spec.days) == (3, 200, "workdays")
    assert (spec.start_time, spec.end_time) == (dt.time(9), dt.time(12))
    assert s.kinds["comprehensive"].days == "any"
    assert s.venues["HH-1"].unavailable == {dt.date(2024, 7, 20), dt.date(2024, 7, 21)}
    assert s.venues["HH-1"].kinds == frozenset()  # blank: every kind
    assert s.venues["HH-1"].allows("specialized") and s.venues["HH-1"].allows("comprehensive")
    assert s.venues["HH-2"].kinds == {"specialized"}
    assert s.pools["P-HH"].serves == ("150100",)
    assert s.pools["P-HH"].headcount == 10
    assert [p.pool_id for p in s.pools_serving("150121")] == ["P-HH"]
    assert s.themes == () and s.events == ()
    assert s.source == str(TINY)


def test_same_scenario_as_xlsx_loads_equal(tmp_path: Path) -> None:
    book = tmp_path / "tiny.xlsx"
    write_scenario_xlsx(TINY, book)
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["settings", "regions", "rules", "kinds", "venues", "staff"]
    assert [c.value for c in wb["venues"][1]] == [
        "venue_id", "region_id", "name", "capacity", "kinds", "unavailable"
    ]  # fmt: skip
    assert same(load_scenario(book), load_scenario(TINY))


def test_chinese_headers_and_values_in_gb18030_and_utf8_bom_load_equal() -> None:
    raw = (ZH_GB18030 / "地区.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the folder really is GB18030, not UTF-8
    assert (ZH_BOM / "regions.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    tiny = load_scenario(TINY)
    assert same(load_scenario(ZH_GB18030), tiny)
    assert same(load_scenario(ZH_BOM), tiny)


def test_other_settings_keys_go_to_extra(tmp_path: Path) -> None:
    folder = scenario_folder(
        tmp_path, [("settings.csv", None, "weight_spread,40\nWeight_Late,3\n")]
    )
    s = load_scenario(folder)
    assert s.settings.get("weight_spread") == "40"
    assert s.settings.get("weight_late") == "3"
    assert s.settings.extra == (("weight_spread", "40"), ("weight_late", "3"))


def test_optional_sheets_values_and_aliases(tmp_path: Path) -> None:
    folder = scenario_folder(
        tmp_path,
        [
            ("settings.csv", None, "holidays,none\nblackouts,2024-07-10；2024-07-12~2024-07-13\n"),
            ("regions.csv", "150121,土默特左旗,county,150100,", "150121,土默特左旗,县,150100,边境、牧区"),
            ("rules.csv", None, "border,标签：边境,专场,window,2,2024-07-05,2024-07-25,\n"),
            ("kinds.csv", "comprehensive,8,1500,09:00,15:00,any", "综合,8,1500,09:00,15:00,周二至周四;Sat"),
            ("themes.csv", None, "region_id,theme,min_count\n*,乳业,\n150100,数字经济,2\n"),
            ("events.csv", None, EVENTS + "E-1,150121,specialized,2024-07-09,TM-1,P-HH,乳业,是\n"
                                          "E-2,150100,comprehensive,2024-06-01,,,,\n"),
        ],
    )  # fmt: skip
    s = load_scenario(folder)
    assert s.settings.holidays == "none"
    assert s.settings.blackouts == {
        dt.date(2024, 7, 10),
        dt.date(2024, 7, 12),
        dt.date(2024, 7, 13),
    }
    assert s.regions["150121"].tags == ("边境", "牧区")
    border = s.rules[-1]
    assert (border.scope, border.kind, border.period, border.min_count) == (
        "tag:边境",
        "specialized",
        "window",
        2,
    )
    assert (border.start, border.end) == (dt.date(2024, 7, 5), dt.date(2024, 7, 25))
    assert s.kinds["comprehensive"].days == "list"
    assert s.kinds["comprehensive"].weekdays == {1, 2, 3, 5}
    assert s.themes[0].region_id == "*" and s.themes[0].min_count is None
    assert s.themes[1].min_count == 2
    assert s.events[0].locked and s.events[0].theme == "乳业"
    assert not s.events[1].locked and s.events[1].venue_id == ""  # unlocked: the planner chooses


def test_value_parsers() -> None:
    assert split_list("a; b；c、d,e，f") == ["a", "b", "c", "d", "e", "f"]
    days, bad = parse_dates("2024-07-30..2024-08-01; 2024/8/5；2024年8月7日")
    assert days == {dt.date(2024, 7, 30), dt.date(2024, 7, 31), dt.date(2024, 8, 1),
                    dt.date(2024, 8, 5), dt.date(2024, 8, 7)}  # fmt: skip
    assert bad == []
    assert parse_dates("2024-02-30; 2024-07-02..2024-07-01")[1] == [
        ("bad_date", "2024-02-30"),
        ("bad_range", "2024-07-02..2024-07-01"),
    ]
    assert parse_time("9:05") == dt.time(9, 5)
    assert parse_time("24:00") is None


def test_loader_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load_scenario(TINY)
    problems_of(scenario_folder(tmp_path, [("regions.csv", "province", "state")]))
    assert capsys.readouterr() == ("", "")


# --------------------------------------------------------------------------- what is refused

# (edits, [(file, sheet, row, column)], a fragment of the first message)
# file "" means the scenario folder itself; every case must report exactly these problems.
ERROR_CASES = [
    # a required sheet is missing
    pytest.param([("kinds.csv", None, None)], [("", "kinds", None, "")], "no 'kinds' sheet", id="missing-sheet"),
    # a required column is missing (misspelled header)
    pytest.param([("regions.csv", "name,level,", "name,levle,")], [("regions.csv", "regions", 1, "level")],
                 "no 'level' column", id="missing-column"),
    # the same column twice, once in English and once in Chinese
    pytest.param([("venues.csv", "kinds,unavailable", "kinds,unavailable,容量")],
                 [("venues.csv", "venues", 1, "容量")], "appears twice", id="duplicate-column"),
    # a required cell is blank
    pytest.param([("regions.csv", "150121,土默特左旗", "150121,")], [("regions.csv", "regions", 4, "name")],
                 "empty", id="blank-cell"),
    # duplicate region id
    pytest.param([("regions.csv", None, "150121,另一个旗,county,150100,\n")],
                 [("regions.csv", "regions", 5, "region_id")], "already used on row 4", id="duplicate-region"),
    # duplicate rule id
    pytest.param([("rules.csv", None, "weekly,county,any,month,1,,,\n")], [("rules.csv", "rules", 5, "rule_id")],
                 "already used on row 2", id="duplicate-rule"),
    # duplicate kind, once in Chinese
    pytest.param([("kinds.csv", None, "专场,3,200,09:00,12:00,workdays\n")], [("kinds.csv", "kinds", 4, "kind")],
                 "'specialized' is already used on row 2", id="duplicate-kind"),
    # duplicate venue id
    pytest.param([("venues.csv", None, "HH-2,150100,x,400,specialized,\n")],
                 [("venues.csv", "venues", 5, "venue_id")], "already used", id="duplicate-venue"),
    # duplicate pool id
    pytest.param([("staff.csv", None, "P-HH,x,150100,5,\n")], [("staff.csv", "staff", 3, "pool_id")],
                 "already used", id="duplicate-pool"),
    # duplicate event id
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,,,,\n" * 2)],
                 [("events.csv", "events", 3, "event_id")], "already used", id="duplicate-event"),
    # parent_id names no region
    pytest.param([("regions.csv", "county,150100", "county,150199")],
                 [("regions.csv", "regions", 4, "parent_id")], "'150199' is not a region_id", id="unknown-parent"),
    # two regions without a parent
    pytest.param([("regions.csv", None, "990000,其他,province,,\n")], [("regions.csv", "regions", 5, "parent_id")],
                 "already the top region", id="two-top-regions"),
    # the city and the county are each other's parents
    pytest.param([("regions.csv", "city,150000", "city,150121")], [("regions.csv", "regions", 3, "parent_id")],
                 "150100 → 150121 → 150100", id="parent-cycle"),
    # a city under a city
    pytest.param([("regions.csv", "土默特左旗,county", "土默特左旗,city")],
                 [("regions.csv", "regions", 4, "parent_id")], "a city cannot sit under", id="parent-level"),
    # unknown level
    pytest.param([("regions.csv", "土默特左旗,county", "土默特左旗,district")],
                 [("regions.csv", "regions", 4, "level")], "'district' is not valid", id="unknown-level"),
    # a venue in an unknown region
    pytest.param([("venues.csv", "TM-1,150121", "TM-1,150199")], [("venues.csv", "venues", 4, "region_id")],
                 "not a region_id", id="venue-unknown-region"),
    # a pool serving an unknown region
    pytest.param([("staff.csv", "150100,10", "150100;150199,10")], [("staff.csv", "staff", 2, "serves")],
                 "'150199' is not a region_id", id="pool-unknown-region"),
    # an event at an unknown venue
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,HH-9,,,no\n")],
                 [("events.csv", "events", 2, "venue_id")], "not a venue_id", id="event-unknown-venue"),
    # an event staffed by an unknown pool
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,,P-X,,no\n")],
                 [("events.csv", "events", 2, "pool_id")], "not a pool_id", id="event-unknown-pool"),
    # a theme for an unknown region
    pytest.param([("themes.csv", None, "region_id,theme,min_count\n159999,乳业,1\n")],
                 [("themes.csv", "themes", 2, "region_id")], "not a region_id", id="theme-unknown-region"),
    # not a date
    pytest.param([("rules.csv", "week,1,,", "week,1,2024-13-01,")], [("rules.csv", "rules", 2, "start")],
                 "not a date", id="bad-date"),
    # a range that ends before it starts
    pytest.param([("venues.csv", "2024-07-20..2024-07-21", "2024-07-21..2024-07-20")],
                 [("venues.csv", "venues", 2, "unavailable")], "ends before it starts", id="backward-range"),
    # a range with an impossible day
    pytest.param([("venues.csv", "2024-07-20..2024-07-21", "2024-07-20..2024-07-32")],
                 [("venues.csv", "venues", 2, "unavailable")], "not a date", id="bad-date-in-range"),
    # not a time
    pytest.param([("kinds.csv", "200,09:00,12:00", "200,9h,12:00")], [("kinds.csv", "kinds", 2, "start_time")],
                 "not a time", id="bad-time"),
    # closing before opening
    pytest.param([("kinds.csv", "200,09:00,12:00", "200,09:00,08:00")], [("kinds.csv", "kinds", 2, "end_time")],
                 "not after the start time", id="end-before-start-time"),
    # negative capacity
    pytest.param([("venues.csv", "400,specialized", "-5,specialized")], [("venues.csv", "venues", 3, "capacity")],
                 "below zero", id="negative-number"),
    # headcount in words
    pytest.param([("staff.csv", "150100,10", "150100,ten")], [("staff.csv", "staff", 2, "headcount")],
                 "not a whole number", id="non-numeric"),
    # a fractional count
    pytest.param([("rules.csv", "week,1", "week,1.5")], [("rules.csv", "rules", 2, "min_count")],
                 "not a whole number", id="fractional-number"),
    # unknown rule kind
    pytest.param([("rules.csv", "city,specialized", "city,special")], [("rules.csv", "rules", 2, "kind")],
                 "has no kind special (it has: comprehensive、specialized)", id="unknown-kind"),
    # unknown period
    pytest.param([("rules.csv", "comprehensive,month", "comprehensive,year")], [("rules.csv", "rules", 3, "period")],
                 "'year' is not valid", id="unknown-period"),
    # unknown allowed days
    pytest.param([("kinds.csv", "15:00,any", "15:00,holidays")], [("kinds.csv", "kinds", 3, "days")],
                 "'holidays' is not valid", id="unknown-days"),
    # a venue allowing a kind that does not exist
    pytest.param([("venues.csv", "400,specialized", "400,专场;mixed")], [("venues.csv", "venues", 3, "kinds")],
                 "has no kind mixed", id="unknown-venue-kind"),
    # a scope that is no level, tag or region
    pytest.param([("rules.csv", "county,county", "county,village")], [("rules.csv", "rules", 4, "scope")],
                 "not a scope", id="bad-scope"),
    # a tag no region carries
    pytest.param([("rules.csv", "county,county", "county,tag:边境")], [("rules.csv", "rules", 4, "scope")],
                 "no region has the tag '边境'", id="unknown-tag"),
    # a rule window after the horizon
    pytest.param([("rules.csv", "month,1,,", "month,1,2024-09-01,2024-09-30")], [("rules.csv", "rules", 3, "start")],
                 "does not overlap the horizon", id="rule-outside-horizon"),
    # a rule window that ends before it starts
    pytest.param([("rules.csv", "month,1,,", "month,1,2024-07-20,2024-07-10")], [("rules.csv", "rules", 3, "end")],
                 "ends on 2024-07-10, before it starts", id="rule-backward-window"),
    # the horizon ends before it starts
    pytest.param([("settings.csv", "end,2024-07-31", "end,2024-07-01")], [("settings.csv", "settings", 4, "value")],
                 "the horizon ends on 2024-07-01", id="horizon-backward"),
    # holidays neither CN nor none
    pytest.param([("settings.csv", None, "holidays,HK\n")], [("settings.csv", "settings", 5, "value")],
                 "'HK' is not valid", id="bad-holidays"),
    # a horizon the holiday data does not cover
    pytest.param([("settings.csv", "start,2024-07-03\nend,2024-07-31", "start,2030-07-03\nend,2030-07-31")],
                 [("settings.csv", "settings", 3, "value")], "does not cover 2030", id="holidays-not-covered"),
    # an unknown time zone
    pytest.param([("settings.csv", None, "timezone,Mars/Base\n")], [("settings.csv", "settings", 5, "value")],
                 "not a known time zone", id="bad-timezone"),
    # no name setting
    pytest.param([("settings.csv", "name,tiny\n", "")], [("settings.csv", "settings", None, "key")],
                 "no 'name' row", id="missing-setting"),
    # a setting given twice
    pytest.param([("settings.csv", None, "开始日期,2024-07-04\n")], [("settings.csv", "settings", 5, "key")],
                 "already given on row 3", id="duplicate-setting"),
    # a rule needs a kind the kinds sheet lacks
    pytest.param([("kinds.csv", "comprehensive,8,1500,09:00,15:00,any\n", "")], [("rules.csv", "rules", 3, "kind")],
                 "has no kind comprehensive (it has: specialized)", id="kind-missing"),
    # specialized fairs need more people than the only pool has (the county's `any` rule is fine:
    # a comprehensive fair needs 8 ≤ 10)
    pytest.param([("kinds.csv", "specialized,3,", "specialized,11,")], [("rules.csv", "rules", 2, "kind")],
                 "specialized fairs (11 people each) in 150100 呼和浩特市", id="unstaffable-kind"),
    # an `any` rule where neither kind can be staffed; the city rules fail too
    pytest.param([("staff.csv", "150100,10", "150100,2")],
                 [("rules.csv", "rules", r, "kind") for r in (2, 3, 4)], "the largest has 2", id="unstaffable-any"),
    # a new city no pool serves
    pytest.param([("regions.csv", None, "150200,包头市,city,150000,\n")],
                 [("rules.csv", "rules", 2, "kind"), ("rules.csv", "rules", 3, "kind")], "no pool serves them",
                 id="no-pool-serves"),
    # an event of kind any
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,any,2024-07-10,,,,\n")],
                 [("events.csv", "events", 2, "kind")], "has no kind any", id="event-kind-any"),
    # locked neither yes nor no
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,HH-2,P-HH,,maybe\n")],
                 [("events.csv", "events", 2, "locked")], "'maybe' is not valid", id="bad-locked"),
    # a locked fair without a venue
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "venue_id")], "empty", id="locked-without-venue"),
    # a locked fair after the horizon
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,specialized,2024-08-05,HH-2,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "date")], "outside the horizon", id="locked-outside-horizon"),
    # a locked specialized fair on a Saturday (workdays only)
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-13,HH-2,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "date")], "not one of the allowed days", id="locked-not-allowed-day"),
    # a locked fair on a blackout date
    pytest.param([("settings.csv", None, "blackouts,2024-07-10\n"),
                  ("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,HH-2,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "date")], "blackout date", id="locked-blackout"),
    # a locked fair on National Day
    pytest.param([("settings.csv", "end,2024-07-31", "end,2024-10-31"),
                  ("events.csv", None, EVENTS + "E-1,150100,comprehensive,2024-10-02,HH-1,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "date")], "statutory holiday", id="locked-holiday"),
    # a locked city fair in the county's venue
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,TM-1,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "venue_id")], "belongs to region 150121", id="locked-venue-region"),
    # a locked fair in a venue too small for its kind
    pytest.param([("kinds.csv", "specialized,3,200", "specialized,3,500"),
                  ("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,HH-2,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "venue_id")], "holds 400 people", id="locked-venue-small"),
    # a locked comprehensive fair in a venue for specialized fairs only
    pytest.param([("kinds.csv", "comprehensive,8,1500", "comprehensive,8,300"),
                  ("events.csv", None, EVENTS + "E-1,150100,comprehensive,2024-07-10,HH-2,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "venue_id")], "does not allow comprehensive", id="locked-venue-kind"),
    # a locked fair in the big hall while it is closed
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,comprehensive,2024-07-20,HH-1,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "venue_id")], "unavailable on 2024-07-20", id="locked-venue-closed"),
    # a locked city fair staffed by the county's pool
    pytest.param([("staff.csv", None, "P-TM,土默特左旗就业局,150121,5,\n"),
                  ("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,HH-2,P-TM,,yes\n")],
                 [("events.csv", "events", 2, "pool_id")], "does not serve region 150100", id="locked-pool-region"),
    # a locked fair on a day its pool is away
    pytest.param([("staff.csv", "150100,10,", "150100,10,2024-07-10"),
                  ("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,HH-2,P-HH,,yes\n")],
                 [("events.csv", "events", 2, "pool_id")], "no one available on 2024-07-10", id="locked-pool-closed"),
    # two locked fairs in one venue on one day
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,specialized,2024-07-10,HH-2,P-HH,,yes\n"
                                                "E-2,150100,specialized,2024-07-10,HH-2,P-HH,,yes\n")],
                 [("events.csv", "events", 3, "venue_id")], "already hosts locked fair 'E-1'", id="locked-venue-clash"),
    # locked fairs needing 8 + 3 people from a pool of 10 on one day
    pytest.param([("events.csv", None, EVENTS + "E-1,150100,comprehensive,2024-07-10,HH-1,P-HH,,yes\n"
                                                "E-2,150100,specialized,2024-07-10,HH-2,P-HH,,yes\n")],
                 [("events.csv", "events", 3, "pool_id")], "need 11 people", id="locked-staff-over-headcount"),
]  # fmt: skip


@pytest.mark.parametrize(("edits", "where", "fragment"), ERROR_CASES)
def test_bad_input_names_file_sheet_row_and_column(
    tmp_path: Path,
    edits: list[Edit],
    where: list[tuple[str, str, int | None, str]],
    fragment: str,
) -> None:
    folder = scenario_folder(tmp_path, edits)
    problems = problems_of(folder)
    got = [(p.file, p.sheet, p.row, p.column) for p in problems]
    want = [
        (str(folder / f) if f else str(folder), sheet, row, col) for f, sheet, row, col in where
    ]
    assert got == want, "\n".join(str(p) for p in problems)
    assert fragment in problems[0].message


def test_several_problems_are_all_reported_in_sheet_order(tmp_path: Path) -> None:
    folder = scenario_folder(
        tmp_path,
        [
            ("settings.csv", "end,2024-07-31", "end,2024-07-32"),
            ("regions.csv", "150121,土默特左旗,county,150100", "150121,土默特左旗,county,150199"),
            ("venues.csv", "3000,,", "lots,,"),
            ("venues.csv", "400,specialized", "400,special"),
            ("staff.csv", "150100,10", "150100,-1"),
            ("kinds.csv", "09:00,12:00", "09:00,25:00"),
        ],
    )
    problems = problems_of(folder)
    where = [(Path(p.file).name, p.row, p.column) for p in problems]
    assert where == [
        ("settings.csv", 4, "value"),
        ("regions.csv", 4, "parent_id"),
        ("kinds.csv", 2, "end_time"),
        ("venues.csv", 2, "capacity"),
        ("venues.csv", 3, "kinds"),
        ("staff.csv", 2, "headcount"),
    ]
    assert all(str(p).startswith(p.file) for p in problems)


def test_chinese_headers_are_named_as_written(tmp_path: Path) -> None:
    folder = scenario_folder(
        tmp_path, [("regions.csv", "土默特左旗,县", "土默特左旗,村")], base=ZH_BOM
    )
    [problem] = problems_of(folder)
    assert (problem.sheet, problem.row, problem.column) == ("regions", 4, "级别")
    assert "'村' is not valid" in problem.message


def test_problems_in_a_workbook_name_the_sheet_and_row(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path, [("venues.csv", "TM-1,150121", "TM-1,150199")])
    book = tmp_path / "bad.xlsx"
    write_scenario_xlsx(folder, book)
    [problem] = problems_of(book)
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        str(book),
        "venues",
        4,
        "region_id",
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nowhere", "no such file or folder"),  # no such path
        ("notes.txt", "expected an .xlsx workbook or a folder of CSV files"),  # neither
    ],
)
def test_not_a_scenario(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "notes.txt").write_text("hello", "utf-8")
    [problem] = problems_of(tmp_path / name)
    assert (problem.file, problem.message) == (str(tmp_path / name), message)


# --------------------------------------------------------------------------- template and docs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_round_trips(tmp_path: Path, lang: str) -> None:
    book = tmp_path / f"template-{lang}.xlsx"
    write_template(book, lang)
    s = load_scenario(book)
    tiny = load_scenario(TINY)
    assert (s.regions, s.rules, s.kinds, s.venues, s.pools) == (
        tiny.regions, tiny.rules, tiny.kinds, tiny.venues, tiny.pools
    )  # fmt: skip
    assert s.events[0].locked and s.events[0].venue_id == "HH-2"
    assert s.themes[0].theme == "数字经济"

    wb = openpyxl.load_workbook(book)
    titles = [spec.zh[0] if lang == "zh" else spec.name for spec in SHEETS]
    assert wb.sheetnames == [*titles, README_TITLE]
    for spec, title in zip(SHEETS, titles, strict=True):
        header = [c.value for c in wb[title][1]]
        assert header == [c.zh[0] if lang == "zh" else c.name for c in spec.columns]
    readme = {(r[0], r[1]) for r in wb[README_TITLE].iter_rows(values_only=True)}
    assert all((spec.name, col.name) in readme for spec in SHEETS for col in spec.columns)


def test_template_refuses_unknown_language(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lang"):
        write_template(tmp_path / "t.xlsx", "fr")
    assert not (tmp_path / "t.xlsx").exists()


def test_docs_name_every_sheet_column_and_alias() -> None:
    text = DOCS.read_text("utf-8")
    names = [n for spec in SHEETS for n in (spec.name, *spec.zh)]
    names += [n for spec in SHEETS for col in spec.columns for n in (col.name, *col.zh)]
    names += [n for key in SETTING_KEYS for n in (key.name, *key.zh)]
    missing = [n for n in names if f"`{n}`" not in text]
    assert missing == []


def test_docs_name_every_bound_and_its_variable() -> None:
    from dataclasses import fields

    from scheduler.scenario import Limits

    text = DOCS.read_text("utf-8")
    missing = [f.metadata["env"] for f in fields(Limits) if f"`{f.metadata['env']}`" not in text]
    assert missing == []


def test_messages_are_chinese_by_default(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path, [("regions.csv", "土默特左旗,county", "土默特左旗,village")])
    with texts.use(None), pytest.MonkeyPatch.context() as mp:
        for name in ("FAIRPLAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
            mp.delenv(name, raising=False)
        [problem] = problems_of(folder)
    assert problem.message.startswith("'village' 在这里无效；应为全国、省、市或县")
