"""Weekly/monthly/quarterly progress figures (monitor.reports), by hand on the worked example."""

from __future__ import annotations

from monitor.reports import build_report
from tests.monitor.conftest import CITY, COUNTY, D, rec, scenario


def test_weekly_figures_per_city_include_its_counties() -> None:
    recs = [
        rec(CITY, "specialized", D(2024, 7, 2), employers=99),  # before the action: not cumulative
        rec(CITY, "specialized", D(2024, 7, 5), employers=10, positions=100, attendees=50),
        rec(COUNTY, "comprehensive", D(2024, 7, 9), employers=5, positions=40, attendees=20),
        rec(CITY, "specialized", D(2024, 7, 10), "cancelled", employers=7),
        rec(CITY, "specialized", D(2024, 7, 12), employers=1),  # after the as-of date: left out
    ]
    report = build_report(scenario(), recs, "weekly", D(2024, 7, 11))
    assert (report.period_start, report.period_end, report.since) == (
        D(2024, 7, 8),
        D(2024, 7, 14),
        D(2024, 7, 3),
    )
    [line] = report.lines
    assert (line.city_id, line.province) == (CITY, "内蒙古自治区")
    assert (line.held, line.specialized, line.comprehensive, line.cancelled) == (1, 0, 1, 1)
    assert (line.held_total, line.employers, line.employers_total, line.positions_total) == (
        2,
        5,
        15,
        140,
    )
    # the city's week of 8 July is open and unmet, July is open: yellow, nothing missed yet
    assert (line.missed, line.at_risk, line.missed_total, line.light) == (0, 2, 0, "yellow")
    assert not report.any_missed


def test_light_red_when_a_period_overlapping_the_report_was_missed() -> None:
    report = build_report(scenario(), [], "monthly", D(2024, 7, 20))
    [line] = report.lines
    # weeks of 1 and 8 July ended unmet (the county's July is still open)
    assert (line.missed, line.missed_total, line.light) == (2, 2, "red")
    assert report.any_missed


def test_light_green_when_everything_due_is_met() -> None:
    recs = [
        rec(CITY, "specialized", D(2024, 7, 4)),
        rec(CITY, "comprehensive", D(2024, 7, 4)),
        rec(COUNTY, "specialized", D(2024, 7, 4)),
    ]
    [line] = build_report(scenario(), recs, "weekly", D(2024, 7, 7)).lines
    assert line.light == "green"


def test_light_grey_before_anything_is_due() -> None:
    [line] = build_report(scenario(), [], "weekly", D(2024, 6, 20)).lines
    assert (line.light, line.held_total) == ("grey", 0)
