"""The benchmark generator and baseline (issue 6): deterministic, the promised sizes and tight
spots, feasible, and plans that the independent checker passes."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from benchmarks import generate
from benchmarks.greedy_baseline import changed, checked, hand_plan, score
from scheduler.calendar import WorkCalendar
from scheduler.plan import make_plan
from scheduler.rules import requirements

D = dt.date


@pytest.fixture(scope="module")
def national():
    return generate.national(1)


@pytest.fixture(scope="module")
def small():
    return generate.province(7, cities=3, counties=12)


def test_deterministic_by_seed():
    assert generate.province(3) == generate.province(3)
    assert generate.national(2) == generate.national(2)
    assert generate.province(3) != generate.province(4)


def test_province_sizes():
    s = generate.province(1)
    levels = Counter(r.level for r in s.regions.values())
    assert levels == {"province": 1, "city": 16, "county": 140}
    assert (s.settings.start, s.settings.end) == (D(2024, 7, 1), D(2024, 12, 31))


def test_national_sizes(national):
    levels = Counter(r.level for r in national.regions.values())
    assert levels["country"] == 1 and levels["province"] == 31
    assert 320 <= levels["city"] <= 340
    assert 2800 <= levels["county"] <= 2900
    weekly = [r for r in requirements(national) if r.rule_id == "city-weekly-specialized"]
    assert len({r.period_start for r in weekly}) == 26


def test_national_day_weeks_leave_only_makeup_workdays():
    """In the "National Day cities" the specialized rooms can only be used on make-up days
    in the weeks around the break; the week of 30 September has one workday anywhere."""
    s = generate.province(1)
    cal = WorkCalendar.for_settings(s.settings)
    spots = generate.tight_spots(s)
    assert spots["makeup_only_weeks"]
    assert [
        d for d in generate.date_range(D(2024, 9, 30), D(2024, 10, 6)) if cal.is_workday(d)
    ] == [D(2024, 9, 30)]
    for g in spots["makeup_only_weeks"]:
        for monday in (D(2024, 9, 23), D(2024, 10, 7)):
            usable = {
                d
                for v in s.venues_of(g)
                if "specialized" in v.kinds
                for d in generate.date_range(monday, monday + dt.timedelta(days=6))
                if cal.is_workday(d) and d not in v.unavailable
            }
            assert usable and usable <= cal.makeup_workdays


def test_other_tight_spots(national):
    spots = generate.tight_spots(national)
    assert len(spots["shared_pools"]) == 31  # one provincial pool per province, serving all
    assert spots["pool_away_sep30"] and spots["venues_closed_weeks"]
    for pid in spots["shared_pools"]:
        pool = national.pools[pid]
        assert national.regions[pool.serves[0]].level == "province"
        # enough people for the cities whose own bureau is away on 30 September
        away = [
            c for c in spots["pool_away_sep30"] if national.regions[c].parent_id == pool.serves[0]
        ]
        assert pool.headcount >= 4 * len(away)


def test_small_province_plans_pass_the_checker_and_fairplan_beats_greedy(small):
    hand = hand_plan(small)
    assert checked(small, hand).violations == []
    plan = make_plan(small, time_limit=3, workers=2, seed=0)
    assert plan.check.violations == []
    assert plan.rules_met  # the generator's scenarios are feasible
    greedy_score = score(small, hand)
    plan_score = score(small, [p for p in _placements(plan)])
    assert greedy_score.objective is not None and plan_score.objective is not None
    # scoring completes the auxiliary variables optimally: never above what the solver reports
    assert plan_score.objective <= plan.stats.objective + 1e-6
    assert plan_score.objective <= greedy_score.objective


def test_changed_counts_a_move_once():
    a = [("1", "specialized", D(2024, 7, 2), "V1"), ("1", "specialized", D(2024, 7, 9), "V1")]
    b = [("1", "specialized", D(2024, 7, 3), "V1"), ("1", "specialized", D(2024, 7, 9), "V1")]
    assert changed(a, b) == 1
    assert changed(a, b[1:]) == 1  # cancelled
    assert changed(a, a + [("2", "comprehensive", D(2024, 7, 6), "V2")]) == 1  # added


def _placements(plan):
    from scheduler.placement import Placement

    return [Placement(f.region_id, f.kind, f.date, f.venue_id, f.pool_id) for f in plan.planned]
