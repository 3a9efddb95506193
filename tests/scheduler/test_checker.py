"""The independent checker rejects every broken hard rule (Timefold-style: one schedule
per rule that breaks it, beside the valid plan it must accept).

Each case takes the worked example's valid plan (CONTRACT §5), breaks exactly one rule —
by changing one fair, adding one, or changing the scenario under the plan — and asserts
that the checker names that rule. The plan itself is made once, by the planner, and
accepted by the checker first, so every rejection below is caused by the change alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from scheduler.checker import check
from scheduler.model import Event, Scenario, StaffPool
from scheduler.plan import make_plan
from scheduler.schedule import ScheduledFair
from tests.scheduler.factory import D, tiny

Plan = list[ScheduledFair]
Case = Callable[[Scenario, Plan], tuple[Scenario, Plan]]


@pytest.fixture(scope="module")
def valid() -> tuple[Scenario, Plan]:
    s = tiny()
    return s, make_plan(s, time_limit=10, workers=2).fairs


def _first(plan: Plan, kind: str, region: str = "150100") -> int:
    return next(i for i, f in enumerate(plan) if f.kind == kind and f.region_id == region)


def _change(of_kind: str, of_region: str = "150100", **changes: object) -> Case:
    """Change one fair of the plan (the first of that kind and region)."""

    def case(s: Scenario, plan: Plan) -> tuple[Scenario, Plan]:
        out = list(plan)
        i = _first(out, of_kind, of_region)
        out[i] = dataclasses.replace(out[i], **changes)  # type: ignore[arg-type]
        return s, out

    return case


def _scenario(change: Callable[[Scenario, Plan], Scenario]) -> Case:
    """Keep the plan, change the scenario under it."""
    return lambda s, plan: (change(s, plan), plan)


def _comp_day(plan: Plan) -> dt.date:
    return plan[_first(plan, "comprehensive")].date


def _spec_on_comp_day(s: Scenario, plan: Plan) -> tuple[Scenario, Plan]:
    """A specialized fair (3 people, room HH-2) on the comprehensive fair's day (8 people)."""
    out = list(plan)
    i = _first(out, "specialized")
    out[i] = dataclasses.replace(out[i], date=_comp_day(plan), venue_id="HH-2")
    return s, out


def _twin(s: Scenario, plan: Plan) -> tuple[Scenario, Plan]:
    """A second fair in the same venue on the same day."""
    f = plan[_first(plan, "specialized")]
    return s, [*plan, dataclasses.replace(f, event_id=f.event_id + "-twin")]


def _duplicate_id(s: Scenario, plan: Plan) -> tuple[Scenario, Plan]:
    out = list(plan)
    out[1] = dataclasses.replace(out[1], event_id=out[0].event_id)
    return s, out


def _extra_fair(s: Scenario, plan: Plan) -> tuple[Scenario, Plan]:
    """One more specialized fair in a week that already has one (other room, other day)."""
    f = plan[_first(plan, "specialized")]
    other = f.date + dt.timedelta(days=1 if f.date.weekday() < 4 else -1)
    room = "HH-2" if f.venue_id != "HH-2" else "HH-1"
    return s, [*plan, dataclasses.replace(f, event_id="EXTRA", date=other, venue_id=room)]


def _locked_elsewhere(s: Scenario, plan: Plan) -> Scenario:
    f = plan[_first(plan, "specialized")]
    locked = Event("LOCK-1", f.region_id, f.kind, f.date, f.venue_id, f.pool_id, "", True)
    return dataclasses.replace(s, events=(locked,))


def _holiday_horizon(s: Scenario, plan: Plan) -> Scenario:
    """The horizon reaches into National Day 2024 (1–7 October)."""
    return dataclasses.replace(s, settings=dataclasses.replace(s.settings, end=D(2024, 10, 31)))


CASES: dict[str, tuple[Case, str]] = {
    # the fair's region does not exist
    "unknown region": (_change("specialized", "150121", region_id="999999"), "unknown region"),
    # the fair's kind is not in the kinds sheet
    "unknown kind": (_change("specialized", kind="festival"), "unknown kind"),
    # the date lies after the horizon's end
    "outside the horizon": (_change("specialized", date=D(2024, 8, 2)), "outside the horizon"),
    # 1 October 2024 is a statutory holiday (the horizon is extended to cover it)
    "statutory holiday": (
        lambda s, p: (
            _holiday_horizon(s, p),
            _change("specialized", date=D(2024, 10, 1))(s, p)[1],
        ),
        "statutory holiday",
    ),
    # the fair's date is declared a blackout
    "blackout date": (
        _scenario(
            lambda s, p: dataclasses.replace(
                s,
                settings=dataclasses.replace(
                    s.settings, blackouts=frozenset({p[_first(p, "specialized")].date})
                ),
            )
        ),
        "blackout date",
    ),
    # a specialized fair (workdays only) on Saturday 13 July
    "allowed days of the kind": (_change("specialized", date=D(2024, 7, 13)), "do not include"),
    # the staff of the row differs from the kind's
    "staff of the kind": (_change("specialized", staff=1), "staff 1 but"),
    # the hours of the row differ from the kind's
    "hours of the kind": (_change("specialized", start=dt.time(8)), "hours"),
    # the venue does not exist
    "unknown venue": (_change("specialized", venue_id="NOPE"), "unknown venue"),
    # a city fair in the county's venue
    "venue of the fair's region": (_change("specialized", venue_id="TM-1"), "belongs to 150121"),
    # the comprehensive fair (1500 needed) in the 400-seat room
    "venue capacity": (_change("comprehensive", venue_id="HH-2"), "holds 400 < 1500"),
    # the hall no longer allows comprehensive fairs
    "venue allows the kind": (
        _scenario(
            lambda s, p: dataclasses.replace(
                s,
                venues={
                    **s.venues,
                    "HH-1": dataclasses.replace(s.venues["HH-1"], kinds=frozenset({"specialized"})),
                },
            )
        ),
        "does not allow comprehensive",
    ),
    # the hall is closed on 20 July
    "venue availability": (
        _change("comprehensive", date=D(2024, 7, 20)),
        "HH-1 is unavailable that day",
    ),
    # the pool does not exist
    "unknown pool": (_change("specialized", pool_id="P-X"), "unknown staff pool"),
    # a city fair staffed by a pool that serves only the county
    "pool serves the region": (
        lambda s, p: (
            dataclasses.replace(
                s, pools={**s.pools, "P-TM": StaffPool("P-TM", "旗", ("150121",), 10)}
            ),
            _change("specialized", pool_id="P-TM")(s, p)[1],
        ),
        "does not serve 150100",
    ),
    # the pool is away on the day of the comprehensive fair
    "pool availability": (
        _scenario(
            lambda s, p: dataclasses.replace(
                s,
                pools={
                    "P-HH": dataclasses.replace(
                        s.pools["P-HH"], unavailable=frozenset({_comp_day(p)})
                    )
                },
            )
        ),
        "P-HH is unavailable that day",
    ),
    # two fairs in one venue on one day
    "a venue hosts one fair a day": (_twin, "hosts 2 fairs"),
    # 8 + 3 people on one day from a pool of 10
    "pool headcount": (_spec_on_comp_day, "needs 11 people"),
    # a locked fair that the plan does not hold exactly (its pool changed)
    "locked fairs kept exactly": (
        lambda s, p: (
            _locked_elsewhere(s, p),
            _change("specialized", pool_id="P-X")(s, p)[1],
        ),
        "locked fair LOCK-1 was not kept exactly",
    ),
    # two rows with one event_id
    "event ids are unique": (_duplicate_id, "appears 2 times"),
    # a fair no rule needs (CONTRACT §3: no more fairs than the rules require)
    "no surplus fairs": (_extra_fair, "more than the rules need"),
}


def test_the_valid_plan_is_accepted(valid: tuple[Scenario, Plan]) -> None:
    s, plan = valid
    result = check(s, plan)
    assert result.ok and result.violations == [] and result.surplus == []
    assert not result.short


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_schedule_that_breaks_a_hard_rule_is_rejected(
    rule: str, valid: tuple[Scenario, Plan]
) -> None:
    breaks, message = CASES[rule]
    s, plan = breaks(*valid)
    result = check(s, plan)
    assert not result.ok
    found = result.violations + result.surplus
    assert any(message in v for v in found), found


def test_cancelled_rows_are_not_judged(valid: tuple[Scenario, Plan]) -> None:
    s, plan = valid
    gone = dataclasses.replace(
        plan[0], event_id="GONE", status="cancelled", date=D(2024, 7, 13), venue_id="NOPE"
    )
    assert check(s, [*plan, gone]).ok


def test_the_checker_takes_the_derived_calendar_and_requirements(
    valid: tuple[Scenario, Plan],
) -> None:
    """Given the plan's calendar and requirements it judges exactly as it does alone."""
    from scheduler.derived import Derived

    s, plan = valid
    d = Derived.of(s)
    broken = _spec_on_comp_day(s, plan)[1]
    alone, given = check(s, broken), check(s, broken, calendar=d.calendar, reqs=d.reqs)
    assert alone.violations == given.violations and alone.counts == given.counts
    assert not alone.ok
