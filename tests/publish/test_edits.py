"""Hand edits of a draft (issue 10): the checker's verdict and the objective's change at
once, the edit stored and audited, and the edited fair locked in the next re-plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from db import Database
from identity import User
from publish.edits import Edit, Editor, objective
from publish.plans import PlanStore
from publish.replan import basis
from scheduler.errors import InputError
from scheduler.plan import PlanResult, make_plan
from scheduler.schedule import ScheduledFair
from tests.publish.conftest import TINY

D = dt.date
ME = User.open_mode("planner")


@pytest.fixture
def store(db_url: str, tiny_plan: PlanResult):  # type: ignore[no-untyped-def]
    with Database(db_url) as database:
        plans = PlanStore(database)
        info = plans.save(tiny_plan, TINY, ME)
        yield plans, info.plan_id


def weekly(fairs: list[ScheduledFair]) -> ScheduledFair:
    """The city's specialized fair of the week of 15 July."""
    return next(
        f for f in fairs
        if f.region_id == "150100" and f.kind == "specialized" and D(2024, 7, 15) <= f.date <= D(2024, 7, 19)
    )  # fmt: skip


def other_workday(day: dt.date) -> dt.date:
    return next(D(2024, 7, d) for d in (16, 17, 18, 15, 19) if D(2024, 7, d) != day)


def test_preview_gives_the_verdict_and_the_objective_change_and_writes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    plans, plan_id = store
    before = plans.get(plan_id, ME)
    fair = weekly(before.fairs)
    edit = Edit(fair.event_id, date=other_workday(fair.date))
    outcome = Editor(plans).preview(plan_id, edit, ME)
    assert outcome.passed and outcome.violations == [] and not outcome.saved
    assert (outcome.after.date, outcome.after.locked) == (edit.date, True)
    assert outcome.delta == objective(before.scenario, outcome.fairs, {}) - objective(
        before.scenario, before.fairs, {}
    )
    assert plans.get(plan_id, ME).fairs == before.fairs  # nothing written


def test_apply_stores_the_edit_audited_and_locked(store) -> None:  # type: ignore[no-untyped-def]
    plans, plan_id = store
    fair = weekly(plans.get(plan_id, ME).fairs)
    day = other_workday(fair.date)
    outcome = Editor(plans).apply(plan_id, Edit(fair.event_id, date=day), ME)
    assert outcome.saved
    stored = plans.get(plan_id, ME)
    [now] = [f for f in stored.fairs if f.event_id == fair.event_id]
    assert (now.date, now.locked) == (day, True)
    assert stored.info.edits == 1 and stored.report()["edited"] is True
    [entry] = [e for e in plans.trail(ME, plan_id) if e["action"] == "plan.edit"]
    assert entry["detail"]["before"]["date"] == fair.date.isoformat()
    assert entry["detail"]["after"]["date"] == day.isoformat()


def test_an_edit_that_breaks_a_hard_rule_is_shown_and_refused(store) -> None:  # type: ignore[no-untyped-def]
    plans, plan_id = store
    before = plans.get(plan_id, ME)
    big = next(f for f in before.fairs if f.kind == "comprehensive" and f.region_id == "150100")
    edit = Edit(big.event_id, date=D(2024, 7, 20))  # HH-1 is closed on 20–21 July
    outcome = Editor(plans).preview(plan_id, edit, ME)
    assert not outcome.passed and any("HH-1" in v for v in outcome.violations)
    with pytest.raises(InputError):
        Editor(plans).apply(plan_id, edit, ME)
    assert plans.get(plan_id, ME).fairs == before.fairs
    with pytest.raises(InputError, match="TM-9"):
        Editor(plans).preview(plan_id, Edit(big.event_id, venue_id="TM-9"), ME)


def test_a_published_plan_is_edited_through_a_draft_with_sequence_against_it(store) -> None:  # type: ignore[no-untyped-def]
    plans, plan_id = store
    plans.publish(plan_id, ME)
    fair = weekly(plans.get(plan_id, ME).fairs)
    with pytest.raises(InputError, match="copy"):
        Editor(plans).apply(plan_id, Edit(fair.event_id, date=other_workday(fair.date)), ME)
    draft = plans.draft_from(plan_id, ME).plan_id
    moved = Editor(plans).apply(draft, Edit(fair.event_id, date=other_workday(fair.date)), ME)
    assert moved.after.sequence == fair.sequence + 1  # subscribers see the change
    back = Editor(plans).apply(draft, Edit(fair.event_id, date=fair.date), ME)
    assert back.after.sequence == fair.sequence  # back where they saw it: no change for them


def test_an_edited_fair_stays_locked_in_the_next_replan(store) -> None:  # type: ignore[no-untyped-def]
    plans, plan_id = store
    fair = weekly(plans.get(plan_id, ME).fairs)
    day = other_workday(fair.date)
    Editor(plans).apply(plan_id, Edit(fair.event_id, date=day), ME)
    plans.publish(plan_id, ME)
    published = plans.published(ME)
    assert published is not None
    b = basis(published.scenario, published.fairs, published.plan_id)
    assert not b.released
    replanned = make_plan(b.scenario, time_limit=5, workers=1, previous=b.previous)
    [again] = [f for f in replanned.fairs if f.event_id == fair.event_id]
    assert (again.date, again.venue_id, again.locked, again.status) == (
        day,
        fair.venue_id,
        True,
        "planned",
    )


def test_a_locked_fair_the_new_scenario_forbids_is_released_with_its_reason(store) -> None:  # type: ignore[no-untyped-def]
    plans, plan_id = store
    stored = plans.get(plan_id, ME)
    fair = weekly(stored.fairs)
    locked = [replace(f, locked=True) if f.event_id == fair.event_id else f for f in stored.fairs]
    venue = stored.scenario.venues[fair.venue_id]
    shut = replace(venue, unavailable=frozenset({fair.date}))
    scenario = replace(stored.scenario, venues={**stored.scenario.venues, venue.venue_id: shut})
    b = basis(scenario, locked)
    [(released, why)] = b.released
    assert released.event_id == fair.event_id and "不可用" in why
