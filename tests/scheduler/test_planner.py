"""The planner end to end on small scenarios: the contract's worked example, and for every
hard rule one tiny scenario in which that rule binds (Timefold-style: one case per rule)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from scheduler.model import Event, KindSpec, Rule, Scenario, StaffPool, Venue
from scheduler.plan import PlanResult, make_plan
from scheduler.scenario import load_scenario
from tests.scheduler.factory import D, days, tiny

TINY = Path(__file__).parents[1] / "data" / "tiny"


def plan(s: Scenario, **kw: object) -> PlanResult:
    return make_plan(s, time_limit=20, workers=2, **kw)  # type: ignore[arg-type]


def test_worked_example_holds_exactly_the_six_fairs_of_contract_section_5() -> None:
    r = plan(load_scenario(TINY))
    assert r.rules_met and r.stats.status == "optimal"
    fairs = r.planned
    assert len(fairs) == 6
    spec = sorted(f.date for f in fairs if f.region_id == "150100" and f.kind == "specialized")
    # one in each in-scope week: 1, 8, 15, 22 July (29 July's week is out of scope)
    assert [d - dt.timedelta(days=d.weekday()) for d in spec] == [
        D(2024, 7, 1),
        D(2024, 7, 8),
        D(2024, 7, 15),
        D(2024, 7, 22),
    ]
    assert all(D(2024, 7, 3) <= d for d in spec)
    comp = [f for f in fairs if f.kind == "comprehensive"]
    assert len(comp) == 1 and comp[0].venue_id == "HH-1"
    assert comp[0].date not in (D(2024, 7, 20), D(2024, 7, 21))
    county = [f for f in fairs if f.region_id == "150121"]
    assert len(county) == 1 and county[0].venue_id == "TM-1"
    assert {f.pool_id for f in fairs} == {"P-HH"}
    # P-HH has 10 people: the comprehensive fair (8) never shares its day with another (3)
    by_day = Counter(f.date for f in fairs)
    assert by_day[comp[0].date] == 1


def test_preferences_put_specialized_midweek_and_comprehensive_on_a_weekend() -> None:
    r = plan(tiny())
    assert all(f.date.weekday() in (1, 2, 3) for f in r.planned if f.kind == "specialized")
    assert all(f.date.weekday() >= 5 for f in r.planned if f.kind == "comprehensive")


def _kinds(s: Scenario, **changes: dict[str, object]) -> dict[str, KindSpec]:
    return {k: dataclasses.replace(v, **changes.get(k, {})) for k, v in s.kinds.items()}  # type: ignore[arg-type]


def _venues(s: Scenario, **changes: dict[str, object]) -> dict[str, Venue]:
    return {
        k: dataclasses.replace(v, **changes.get(k.replace("-", "_"), {}))
        for k, v in s.venues.items()
    }  # type: ignore[arg-type]


def test_allowed_days_of_a_kind_bind() -> None:
    s = tiny()
    s = tiny(
        kinds=_kinds(s, specialized={"days": "list", "weekdays": frozenset({0})})
    )  # Mondays only
    r = plan(s)
    # Monday 1 July lies before the window (3 July): the first week cannot be served
    assert [(x.rule_id, x.period_start) for x in r.shortfalls] == [("weekly", D(2024, 7, 1))]
    assert {f.date.weekday() for f in r.planned if f.kind == "specialized"} == {0}


def test_no_fair_on_a_statutory_holiday_and_makeup_workdays_count_as_workdays() -> None:
    # National Day 2024: the break is 1–7 October (weekend included); 29 Sep and 12 Oct are make-up workdays
    start, end = D(2024, 9, 30), D(2024, 10, 13)
    s = tiny()
    s = tiny(
        settings=dataclasses.replace(s.settings, start=start, end=end),
        rules=(Rule("weekly", "city", "specialized", "week", 1, start, end, "000 五(五)"),),
        kinds=_kinds(s, specialized={"days": "weekends"}),
    )
    r = plan(s)
    held = sorted(f.date for f in r.planned)
    assert not any(D(2024, 10, 1) <= d <= D(2024, 10, 7) for d in held)
    # week of 30 Sep: no weekend day outside the break → a real shortfall, explained
    assert [(x.period_start, x.planned) for x in r.shortfalls] == [(D(2024, 9, 30), 0)]
    assert "没有可举办" in r.shortfalls[0].reason and "no day" in r.shortfalls[0].reason_en
    # week of 7 Oct: Saturday 12 Oct is a make-up workday, so only Sunday 13 Oct is a weekend day
    assert held == [D(2024, 10, 13)]


def test_blackout_dates_bind() -> None:
    s = tiny()
    black = days("2024-07-08", "2024-07-11") | days("2024-07-13", "2024-07-14")
    s = tiny(settings=dataclasses.replace(s.settings, blackouts=black))
    r = plan(s)
    assert r.rules_met
    week2 = [f.date for f in r.planned if D(2024, 7, 8) <= f.date <= D(2024, 7, 14)]
    assert week2 and all(d in (D(2024, 7, 12),) for d in week2 if d.weekday() < 5)
    assert not black.intersection(f.date for f in r.planned)


def test_venue_must_be_of_the_fairs_own_region() -> None:
    s = tiny()
    venues = {k: v for k, v in s.venues.items() if k != "TM-1"}  # the county loses its only venue
    r = plan(tiny(venues=venues))
    assert [x.region_id for x in r.shortfalls] == ["150121"]
    assert "没有容量" in r.shortfalls[0].reason and "no venue" in r.shortfalls[0].reason_en
    assert all(f.region_id != "150121" for f in r.planned)


def test_venue_capacity_binds() -> None:
    s = tiny()
    r = plan(tiny(venues=_venues(s, HH_1={"capacity": 1499})))
    assert {x.rule_id for x in r.shortfalls} == {"monthly"}
    assert "1500" in r.shortfalls[0].reason_en


def test_venue_kinds_bind() -> None:
    s = tiny()
    r = plan(tiny(venues=_venues(s, HH_1={"kinds": frozenset({"specialized"})})))
    assert {x.rule_id for x in r.shortfalls} == {"monthly"}


def test_venue_availability_binds() -> None:
    s = tiny()
    closed = days("2024-07-01", "2024-07-31") - {D(2024, 7, 10)}
    r = plan(tiny(venues=_venues(s, HH_1={"unavailable": frozenset(closed)})))
    assert r.rules_met
    assert [f.date for f in r.planned if f.kind == "comprehensive"] == [D(2024, 7, 10)]


def test_a_venue_hosts_at_most_one_fair_a_day() -> None:
    s = tiny()
    # two specialized fairs a week, on Wednesdays only, and one hall that takes them
    s = tiny(
        rules=(
            Rule(
                "twice", "city", "specialized", "week", 2, s.settings.start, s.settings.end, "test"
            ),
        ),
        kinds=_kinds(s, specialized={"days": "list", "weekdays": frozenset({2})}),
        venues=_venues(s, HH_1={"kinds": frozenset({"comprehensive"})}),
    )
    r = plan(s)
    assert len(r.shortfalls) == 4 and all(x.planned == 1 for x in r.shortfalls)
    assert all(
        "场地" in x.reason and "venues are fully booked" in x.reason_en for x in r.shortfalls
    )
    assert max(Counter((f.venue_id, f.date) for f in r.planned).values()) == 1


def test_pool_headcount_binds() -> None:
    s = tiny()
    thu = {"days": "list", "weekdays": frozenset({3})}  # one Thursday in each in-scope week
    s = tiny(kinds=_kinds(s, specialized=thu, comprehensive=thu))
    r = plan(s)
    # 8 + 3 > 10: the comprehensive fair's Wednesday cannot also hold the week's specialized fair
    assert len(r.shortfalls) == 1
    assert "P-HH" in r.shortfalls[0].reason and "fully booked" in r.shortfalls[0].reason_en
    r2 = plan(
        tiny(kinds=s.kinds, pools={"P-HH": dataclasses.replace(s.pools["P-HH"], headcount=11)})
    )
    assert r2.rules_met


def test_pool_unavailability_binds() -> None:
    s = tiny()
    off = frozenset(d for d in days("2024-07-01", "2024-07-31") if d.weekday() not in (2, 3))
    r = plan(tiny(pools={"P-HH": dataclasses.replace(s.pools["P-HH"], unavailable=off)}))
    assert r.rules_met
    assert {f.date.weekday() for f in r.planned} <= {2, 3}


def test_a_pool_serves_only_its_regions_and_their_descendants() -> None:
    s = tiny()
    pools = {"P-TM": StaffPool("P-TM", "土左旗", ("150121",), 10)}
    r = plan(tiny(pools=pools))
    assert {x.region_id for x in r.shortfalls} == {"150100"}
    assert all("no staff pool" in x.reason_en for x in r.shortfalls)
    assert [f.region_id for f in r.planned] == ["150121"]
    assert s.pools  # the original is untouched


def test_locked_fairs_are_kept_exactly_and_count_toward_the_rules() -> None:
    locked = Event("LOCK-1", "150100", "specialized", D(2024, 7, 8), "HH-1", "P-HH", "乳业", True)
    r = plan(tiny(events=(locked,)))
    assert r.rules_met and len(r.planned) == 6  # the Monday fair serves its week
    kept = [f for f in r.planned if f.event_id == "LOCK-1"]
    assert len(kept) == 1
    f = kept[0]
    assert (f.date, f.venue_id, f.pool_id, f.theme, f.locked) == (
        D(2024, 7, 8),
        "HH-1",
        "P-HH",
        "乳业",
        True,
    )
    assert not [
        g
        for g in r.planned
        if g.kind == "specialized" and D(2024, 7, 8) <= g.date <= D(2024, 7, 14) and g is not f
    ]


def test_theme_minimums_can_require_more_specialized_fairs_and_themes_rotate() -> None:
    from scheduler.model import Theme

    themes = (Theme("150100", "乳业", 3), Theme("150100", "数字经济", 3))
    r = plan(tiny(themes=themes))
    spec = sorted(
        (f for f in r.planned if f.region_id == "150100" and f.kind == "specialized"),
        key=lambda f: f.date,
    )
    assert len(spec) == 6  # 4 weeks need 4; the themes need 6
    assert Counter(f.theme for f in spec) == {"乳业": 3, "数字经济": 3}
    assert all(a.theme != b.theme for a, b in zip(spec, spec[1:], strict=False))
    assert r.rules_met


@pytest.mark.parametrize("seed", [0, 7])
def test_one_worker_and_a_seed_give_the_same_plan(seed: int) -> None:
    a = make_plan(tiny(), time_limit=10, workers=1, seed=seed)
    b = make_plan(tiny(), time_limit=10, workers=1, seed=seed)
    assert [dataclasses.astuple(f) for f in a.fairs] == [dataclasses.astuple(f) for f in b.fairs]
