"""Judging records against rules, at every boundary of CONTRACT §2/§4, by hand.

Calendar used below (2024): July 1 is a Monday; weeks run 1–7, 8–14, 15–21,
22–28 July and 29 July–4 August (Thursday 1 August). The worked example's
window is 3–31 July.
"""

from __future__ import annotations

import csv
import datetime as dt
import random

import pytest
from openpyxl import load_workbook

from monitor.compliance import (
    LIGHTS,
    ComplianceRow,
    judge,
    misses_text,
    status_of,
    write_outputs,
)
from scheduler import rules
from tests.monitor.conftest import CITY, COUNTY, PROVINCE, D, rec, rule, scenario


def table(rows: list[ComplianceRow], rule_id: str, region_id: str = CITY) -> list[tuple]:
    return [
        (r.period_start, r.period_end, r.held, r.status)
        for r in rows
        if r.rule_id == rule_id and r.region_id == region_id
    ]


# --- the worked example -------------------------------------------------------


def test_worked_example_periods_and_statuses() -> None:
    """CONTRACT §5: weeks of 1, 8, 15, 22 July in scope (29 July is not: its Thursday is
    1 August), and July; as of 1 August every period has ended."""
    s = scenario()
    records = [
        rec(CITY, "specialized", D(2024, 7, 5)),  # week 1 Jul
        rec(CITY, "specialized", D(2024, 7, 10), "cancelled"),  # week 8 Jul: cancelled only
        rec(COUNTY, "specialized", D(2024, 7, 16)),  # week 15 Jul: the county's, not the city's
        rec(CITY, "specialized", D(2024, 7, 23)),  # week 22 Jul
        rec(CITY, "comprehensive", D(2024, 7, 25)),  # the month
    ]
    rows = judge(s, records, D(2024, 8, 1))
    assert table(rows, "weekly") == [
        (D(2024, 7, 1), D(2024, 7, 7), 1, "met"),
        (D(2024, 7, 8), D(2024, 7, 14), 0, "missed"),
        (D(2024, 7, 15), D(2024, 7, 21), 0, "missed"),
        (D(2024, 7, 22), D(2024, 7, 28), 1, "met"),
    ]
    assert table(rows, "monthly") == [(D(2024, 7, 1), D(2024, 7, 31), 1, "met")]
    assert table(rows, "county", COUNTY) == [(D(2024, 7, 1), D(2024, 7, 31), 1, "met")]
    # the county rule does not apply to the city, nor the city rules to the county
    assert table(rows, "county", CITY) == [] and table(rows, "weekly", COUNTY) == []


# --- weeks cut by the window: the Thursday rule -------------------------------


def test_week_in_scope_when_its_thursday_is_but_counts_only_days_in_window() -> None:
    """Window from Wed 3 July: week 1–7 July is in scope (Thursday 4 inside), but a
    fair on Tue 2 July is outside the window and does not count."""
    s = scenario(rule("w", "city", "specialized", "week", D(2024, 7, 3), D(2024, 7, 14)))
    rows = judge(s, [rec(CITY, "specialized", D(2024, 7, 2))], D(2024, 8, 1))
    assert table(rows, "w") == [
        (D(2024, 7, 1), D(2024, 7, 7), 0, "missed"),
        (D(2024, 7, 8), D(2024, 7, 14), 0, "missed"),
    ]
    assert (rows[0].lo, rows[0].hi) == (D(2024, 7, 3), D(2024, 7, 7))


def test_week_out_of_scope_when_window_starts_on_friday() -> None:
    """Window from Fri 5 July: Thursday 4 July is outside, so week 1–7 July is not in
    scope and a fair on 5 July counts toward nothing."""
    s = scenario(rule("w", "city", "specialized", "week", D(2024, 7, 5), D(2024, 7, 14)))
    rows = judge(s, [rec(CITY, "specialized", D(2024, 7, 5))], D(2024, 8, 1))
    assert table(rows, "w") == [(D(2024, 7, 8), D(2024, 7, 14), 0, "missed")]


def test_week_cut_at_window_end_on_thursday() -> None:
    """Window to Thu 1 August: week 29 July–4 August is in scope (its Thursday is the
    last day) but a fair on Fri 2 August lies outside the window."""
    s = scenario(rule("w", "city", "specialized", "week", D(2024, 7, 29), D(2024, 8, 1)))
    rows = judge(s, [rec(CITY, "specialized", D(2024, 8, 2))], D(2024, 8, 10))
    assert table(rows, "w") == [(D(2024, 7, 29), D(2024, 8, 4), 0, "missed")]
    rows = judge(s, [rec(CITY, "specialized", D(2024, 8, 1))], D(2024, 8, 10))
    assert table(rows, "w") == [(D(2024, 7, 29), D(2024, 8, 4), 1, "met")]


def test_week_cut_at_window_end_on_wednesday_is_out_of_scope() -> None:
    """Window to Wed 31 July (the worked example): week 29 July is not in scope."""
    s = scenario(rule("w", "city", "specialized", "week", D(2024, 7, 22), D(2024, 7, 31)))
    rows = judge(s, [], D(2024, 8, 10))
    assert [r.period_start for r in rows] == [D(2024, 7, 22)]


# --- months at both ends --------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        # 16 of July's 31 days inside (16–31 July): at least half, in scope
        (D(2024, 7, 16), D(2024, 8, 31), [7, 8]),
        # 15 of 31 days (17–31 July): less than half, out of scope
        (D(2024, 7, 17), D(2024, 8, 31), [8]),
        # August cut at the end: 16 of 31 days (1–16 August) in scope
        (D(2024, 7, 1), D(2024, 8, 16), [7, 8]),
        # 15 of 31 days (1–15 August): out of scope
        (D(2024, 7, 1), D(2024, 8, 15), [7]),
        # February 2024 has 29 days: 15 inside (15–29 Feb) is at least half
        (D(2024, 2, 15), D(2024, 3, 31), [2, 3]),
        # 14 of 29 days (16–29 Feb): out of scope
        (D(2024, 2, 16), D(2024, 3, 31), [3]),
    ],
)
def test_month_in_scope_when_half_its_days_are_in_the_window(
    start: dt.date, end: dt.date, months: list[int]
) -> None:
    s = scenario(rule("m", "city", "comprehensive", "month", start, end), start=start, end=end)
    assert [r.period_start.month for r in judge(s, [], end)] == months


def test_month_cut_by_window_counts_only_days_inside() -> None:
    """Window 16 July–31 August: July is in scope, but a fair on 10 July is outside the
    window; one on 16 July (the first day) counts."""
    s = scenario(rule("m", "city", "comprehensive", "month", D(2024, 7, 16), D(2024, 8, 31)))
    rows = judge(s, [rec(CITY, "comprehensive", D(2024, 7, 10))], D(2024, 9, 1))
    assert table(rows, "m")[0] == (D(2024, 7, 1), D(2024, 7, 31), 0, "missed")
    rows = judge(s, [rec(CITY, "comprehensive", D(2024, 7, 16))], D(2024, 9, 1))
    assert table(rows, "m")[0] == (D(2024, 7, 1), D(2024, 7, 31), 1, "met")


# --- window and quarter rules -----------------------------------------------------


def test_window_rule_is_one_period_of_the_whole_window() -> None:
    """`window`: one period, both ends included; min_count 3."""
    s = scenario(rule("win", "city", "any", "window", D(2024, 7, 3), D(2024, 7, 31), min_count=3))
    recs = [
        rec(CITY, "specialized", D(2024, 7, 3)),  # first day: counts
        rec(CITY, "comprehensive", D(2024, 7, 31)),  # last day: counts (any kind)
        rec(CITY, "specialized", D(2024, 8, 1)),  # after the window
        rec(CITY, "specialized", D(2024, 7, 2)),  # before the window
    ]
    rows = judge(s, recs, D(2024, 8, 1))
    assert table(rows, "win") == [(D(2024, 7, 3), D(2024, 7, 31), 2, "missed")]
    rows = judge(s, [*recs, rec(CITY, "specialized", D(2024, 7, 15))], D(2024, 8, 1))
    assert table(rows, "win") == [(D(2024, 7, 3), D(2024, 7, 31), 3, "met")]


@pytest.mark.parametrize(
    ("end", "in_scope"),
    [
        (D(2024, 8, 16), True),  # 1 Jul–16 Aug = 47 days of Q3's 92: at least half
        (D(2024, 8, 15), True),  # 46 days: exactly half, in scope
        (D(2024, 8, 14), False),  # 45 days: less than half
    ],
)
def test_quarter_in_scope_when_half_its_days_are_in_the_window(
    end: dt.date, in_scope: bool
) -> None:
    s = scenario(
        rule("q", "city", "any", "quarter", D(2024, 7, 1), end), start=D(2024, 7, 1), end=end
    )
    rows = [r for r in judge(s, [], end) if r.period_start == D(2024, 7, 1)]
    assert bool(rows) is in_scope
    if rows:
        assert (rows[0].period_end, rows[0].hi) == (D(2024, 9, 30), end)


def test_quarter_rule_counts_fairs_in_quarter_and_window() -> None:
    s = scenario(
        rule("q", "city", "specialized", "quarter", D(2024, 4, 1), D(2024, 9, 30), min_count=2)
    )
    recs = [
        rec(CITY, "specialized", D(2024, 6, 30)),  # Q2
        rec(CITY, "specialized", D(2024, 7, 1)),  # Q3, first day
        rec(CITY, "specialized", D(2024, 9, 30)),  # Q3, last day
        rec(CITY, "comprehensive", D(2024, 8, 1)),  # wrong kind
    ]
    rows = judge(s, recs, D(2024, 10, 1))
    assert table(rows, "q") == [
        (D(2024, 4, 1), D(2024, 6, 30), 1, "missed"),
        (D(2024, 7, 1), D(2024, 9, 30), 2, "met"),
    ]


# --- what counts --------------------------------------------------------------------


def test_cancelled_records_never_count_but_are_evidence() -> None:
    s = scenario()
    cancelled = rec(CITY, "specialized", D(2024, 7, 10), "cancelled", venue="HH-2")
    rows = judge(s, [cancelled], D(2024, 8, 1))
    week = next(r for r in rows if r.rule_id == "weekly" and r.period_start == D(2024, 7, 8))
    assert (week.held, week.cancelled, week.status) == (0, 1, "missed")
    assert week.evidence == (cancelled,)


def test_county_fair_does_not_count_toward_its_city() -> None:
    """A fair counts only for its own region, not for an ancestor (CONTRACT §2)."""
    s = scenario()
    rows = judge(s, [rec(COUNTY, "specialized", D(2024, 7, 9))], D(2024, 8, 1))
    assert table(rows, "weekly")[1] == (D(2024, 7, 8), D(2024, 7, 14), 0, "missed")
    assert table(rows, "county", COUNTY) == [(D(2024, 7, 1), D(2024, 7, 31), 1, "met")]


def test_province_and_city_fairs_do_not_count_toward_the_county() -> None:
    s = scenario()
    recs = [rec(PROVINCE, "specialized", D(2024, 7, 9)), rec(CITY, "comprehensive", D(2024, 7, 9))]
    rows = judge(s, recs, D(2024, 8, 1))
    assert table(rows, "county", COUNTY) == [(D(2024, 7, 1), D(2024, 7, 31), 0, "missed")]


def test_kind_must_match_and_any_matches_both() -> None:
    s = scenario()
    recs = [rec(CITY, "comprehensive", D(2024, 7, 9)), rec(COUNTY, "comprehensive", D(2024, 7, 9))]
    rows = judge(s, recs, D(2024, 8, 1))
    assert table(rows, "weekly")[1][2] == 0  # a comprehensive fair is not specialized
    assert table(rows, "monthly")[0][2] == 1
    assert table(rows, "county", COUNTY)[0][2] == 1  # `any`


def test_two_fairs_in_a_week_count_twice() -> None:
    s = scenario(
        rule("w", "city", "specialized", "week", D(2024, 7, 8), D(2024, 7, 14), min_count=2)
    )
    recs = [rec(CITY, "specialized", D(2024, 7, 8)), rec(CITY, "specialized", D(2024, 7, 8))]
    assert table(judge(s, recs, D(2024, 7, 20)), "w") == [(D(2024, 7, 8), D(2024, 7, 14), 2, "met")]


# --- the as-of date ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (D(2024, 7, 7), "upcoming"),  # the day before the week of 8 July starts
        (D(2024, 7, 8), "at_risk"),  # its first day
        (D(2024, 7, 14), "at_risk"),  # its last day: a fair may still be held today
        (D(2024, 7, 15), "missed"),  # the day after it ended
    ],
)
def test_as_of_on_a_periods_first_and_last_day(as_of: dt.date, status: str) -> None:
    s = scenario()
    rows = judge(s, [], as_of)
    assert table(rows, "weekly")[1] == (D(2024, 7, 8), D(2024, 7, 14), 0, status)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (D(2024, 7, 1), "at_risk"),  # the natural month's first day, before the window opens
        (D(2024, 7, 31), "at_risk"),  # its last day
        (D(2024, 8, 1), "missed"),
        (D(2024, 6, 30), "upcoming"),
    ],
)
def test_as_of_on_a_months_first_and_last_day(as_of: dt.date, status: str) -> None:
    """Statuses compare the as-of date with the natural period that compliance.csv reports."""
    rows = judge(scenario(), [], as_of)
    assert table(rows, "monthly") == [(D(2024, 7, 1), D(2024, 7, 31), 0, status)]


def test_met_is_met_whatever_the_as_of_date() -> None:
    rows = judge(scenario(), [rec(CITY, "comprehensive", D(2024, 7, 20))], D(2024, 6, 1))
    assert table(rows, "monthly") == [(D(2024, 7, 1), D(2024, 7, 31), 1, "met")]


@pytest.mark.parametrize(
    ("required", "held", "as_of", "expected"),
    [
        (1, 1, D(2024, 8, 1), "met"),
        (1, 2, D(2024, 7, 1), "met"),
        (2, 1, D(2024, 8, 1), "missed"),
        (1, 0, D(2024, 7, 31), "at_risk"),
        (1, 0, D(2024, 6, 30), "upcoming"),
        (0, 0, D(2024, 8, 1), "met"),  # nothing required
    ],
)
def test_status_of(required: int, held: int, as_of: dt.date, expected: str) -> None:
    assert status_of(required, held, D(2024, 7, 1), D(2024, 7, 31), as_of) == expected


def test_lights_follow_004() -> None:
    assert LIGHTS == {"missed": "red", "at_risk": "yellow", "met": "green", "upcoming": "grey"}


# --- agreement with the rule semantics ---------------------------------------------------


def test_counts_agree_with_rules_matching_on_random_records() -> None:
    """The grouped numpy judging counts exactly what `rules.matching` says counts."""
    rnd = random.Random(4)
    s = scenario(
        *[
            rule("w", "city", "specialized", "week", D(2024, 7, 3), D(2024, 9, 12)),
            rule("m", "city", "comprehensive", "month", D(2024, 7, 3), D(2024, 9, 12)),
            rule("c", "county", "any", "month", D(2024, 7, 3), D(2024, 9, 12), min_count=3),
            rule("q", CITY, "any", "quarter", D(2024, 7, 3), D(2024, 9, 12), min_count=20),
            rule("x", "province", "any", "window", D(2024, 7, 10), D(2024, 8, 20)),
        ],
        start=D(2024, 7, 3),
        end=D(2024, 9, 12),
    )
    recs = [
        rec(
            rnd.choice([CITY, COUNTY, PROVINCE]),
            rnd.choice(["specialized", "comprehensive"]),
            D(2024, 6, 20) + dt.timedelta(days=rnd.randrange(100)),
            rnd.choice(["held", "held", "cancelled"]),
        )
        for _ in range(400)
    ]
    rows = judge(s, recs, D(2024, 8, 15))
    reqs = rules.requirements(s)
    expected = [0] * len(reqs)
    for r in recs:
        if r.held:
            for i in rules.matching(reqs, rules.Fair(r.region_id, r.kind, r.date)):
                expected[i] += 1
    assert [r.held for r in rows] == expected
    assert [r.held for r in rows] == rules.count(
        reqs, [rules.Fair(r.region_id, r.kind, r.date) for r in recs if r.held]
    )
    for row in rows:
        assert all(
            row.hi >= e.date >= row.lo and e.region_id == row.region_id for e in row.evidence
        )
        assert sum(e.held for e in row.evidence) == row.held


def test_judging_a_dataframe_equals_judging_records() -> None:
    import pandas as pd

    s = scenario()
    recs = [
        rec(CITY, "specialized", D(2024, 7, 5), venue="HH-2", employers=30),
        rec(CITY, "specialized", D(2024, 7, 10), "cancelled"),
        rec(COUNTY, "comprehensive", D(2024, 7, 16)),
    ]
    df = pd.DataFrame([r.as_row() for r in recs])
    a, b = judge(s, recs, D(2024, 8, 1)), judge(s, df, D(2024, 8, 1))
    assert a == b  # evidence is not compared, so compare it too
    assert [x.evidence for x in a] == [x.evidence for x in b]


def test_no_records_at_all() -> None:
    rows = judge(scenario(), [], D(2024, 8, 1))
    assert {r.status for r in rows} == {"missed"} and all(r.evidence == () for r in rows)


# --- outputs -----------------------------------------------------------------------------


def test_outputs_csv_with_bom_contract_columns_first_and_workbook(tmp_path) -> None:
    s = scenario()
    recs = [
        rec(CITY, "specialized", D(2024, 7, 5), record_id="A1"),
        rec(CITY, "specialized", D(2024, 7, 10), "cancelled", record_id="A2", venue="HH-2"),
        rec(COUNTY, "specialized", D(2024, 7, 16), record_id="A3"),
    ]
    rows = judge(s, recs, D(2024, 7, 20))
    csv_path, xlsx_path = write_outputs(s, rows, D(2024, 7, 20), tmp_path / "out")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(lines[0])[:8] == [
        "rule_id", "region_id", "region_name", "period_start", "period_end", "required", "held", "status",
    ]  # fmt: skip
    week8 = next(x for x in lines if x["rule_id"] == "weekly" and x["period_start"] == "2024-07-08")
    assert (week8["status"], week8["held"], week8["cancelled"], week8["evidence"], week8["light"]) == (
        "missed", "0", "1", "A2", "red",
    )  # fmt: skip
    assert [x["status"] for x in lines if x["rule_id"] == "weekly"] == [
        "met",
        "missed",
        "at_risk",
        "upcoming",
    ]

    wb = load_workbook(xlsx_path)
    assert wb.sheetnames == ["汇总", "市级", "县级", "未达标", "明细"]
    for ws in wb.worksheets:  # a title saying what was selected, then a frozen header
        assert ws["A1"].value.endswith("（截至 2024-07-20）") and ws.freeze_panes == "A3"
    city = wb["市级"]
    assert [c.value for c in city[2]][:4] == ["地区编号", "地区名称", "所属城市", "灯"]
    assert [c.value for c in city[3]][:5] == [CITY, "呼和浩特市", "呼和浩特市", "红灯", 1]
    assert city.cell(row=3, column=4).fill.start_color.rgb.endswith("FFC7CE")
    misses = list(wb["未达标"].iter_rows(min_row=3, values_only=True))
    assert len(misses) == 1
    assert (
        misses[0][1] == CITY
        and misses[0][10] == "无"
        and "[A2]" in misses[0][11]
        and "已取消" in misses[0][11]
    )
    county = wb["县级"]
    assert county.cell(row=3, column=4).value == "绿灯"  # A3 is held in July: met
    detail = list(wb["明细"].iter_rows(min_row=2, values_only=True))
    assert detail[0][7:9] == ("状态", "灯")  # Chinese headers and values, not met/green
    assert {r[7] for r in detail[1:]} <= {"达标", "未达标", "有风险", "未到期"}
    assert {r[8] for r in detail[1:]} <= {"红灯", "黄灯", "绿灯", "灰色"}
    text = misses_text(s, rows, D(2024, 7, 20))
    assert "呼和浩特市（150100）：1 个周期未达标" in text and "2024-07-08至2024-07-14" in text
