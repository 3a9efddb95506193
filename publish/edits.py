"""Hand edits of a draft (issue 10): move a fair to another day or venue, lock it.

`preview` answers at once, without writing, what the planner sees beside the edit: the
independent checker's verdict on every hard rule (`scheduler.checker`, which shares
nothing with the model), the shortfalls, and the objective before and after (priced by
`scheduler.cpsat.score`, the planner's own objective). `apply` stores the edit in the
draft — only when the checker passes it — and audits it with the fair before and after.

An edited fair is locked: the next re-plan keeps it where the planner put it
(`publish.replan`). Its `sequence` is the one subscribers must see: one more than in the
plan the draft is based on (the published plan, for a re-plan) when its date, time,
venue or status differs from there, else the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from identity.users import User
from publish.plans import PlanStore, StoredPlan
from scheduler.checker import CheckResult, check
from scheduler.errors import InputError, Problem
from scheduler.model import Event, Scenario
from scheduler.placement import Placement
from scheduler.plan import explain_shortfalls
from scheduler.schedule import ScheduledFair
from texts import tr


@dataclass(frozen=True)
class Edit:
    """Move `event_id` to `date` and/or `venue_id` (None: unchanged); `lock` it."""

    event_id: str
    date: dt.date | None = None
    venue_id: str | None = None
    lock: bool = True

    def describe(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "date": self.date.isoformat() if self.date else None,
            "venue_id": self.venue_id,
            "lock": self.lock,
        }


@dataclass(frozen=True)
class EditOutcome:
    plan_id: int
    edit: Edit
    before: ScheduledFair
    after: ScheduledFair
    fairs: list[ScheduledFair]
    passed: bool  # the independent checker found no broken hard rule
    violations: list[str]
    shortfalls: list[dict[str, Any]]  # as in report.json
    objective_before: float | None
    objective_after: float | None
    report: dict[str, Any]
    saved: bool = False

    @property
    def delta(self) -> float | None:
        """How much the objective changes (negative: the edit improves the plan)."""
        if self.objective_before is None or self.objective_after is None:
            return None
        return self.objective_after - self.objective_before


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _same_place(a: ScheduledFair, b: ScheduledFair) -> bool:
    return (a.date, a.start, a.end, a.venue_id, a.status) == (
        b.date,
        b.start,
        b.end,
        b.venue_id,
        b.status,
    )


def edited(
    scenario: Scenario,
    fairs: Sequence[ScheduledFair],
    edit: Edit,
    base: Mapping[str, ScheduledFair],
    now: dt.datetime,
) -> tuple[list[ScheduledFair], ScheduledFair, ScheduledFair]:
    """The fairs with the edit made: (all fairs, the fair before, the fair after)."""
    index = {f.event_id: i for i, f in enumerate(fairs)}
    where = f"event {edit.event_id}"
    if edit.event_id not in index:
        raise InputError([Problem(where, tr("edit_no_fair", event=edit.event_id))])
    before = fairs[index[edit.event_id]]
    if not before.planned:
        raise InputError([Problem(where, tr("edit_cancelled_fair", event=edit.event_id))])
    venue_id, venue_name = before.venue_id, before.venue_name
    if edit.venue_id is not None and edit.venue_id != before.venue_id:
        venue = scenario.venues.get(edit.venue_id)
        if venue is None:
            raise InputError(
                [Problem(where, tr("edit_no_venue", venue=edit.venue_id), column="venue_id")]
            )
        venue_id, venue_name = venue.venue_id, venue.name
    after = replace(
        before,
        date=edit.date or before.date,
        venue_id=venue_id,
        venue_name=venue_name,
        locked=edit.lock or before.locked,
    )
    old = base.get(before.event_id)
    if old is None:
        sequence = before.sequence
    else:
        sequence = old.sequence if _same_place(old, after) else old.sequence + 1
    moved = not _same_place(before, after)
    after = replace(after, sequence=sequence, modified=_stamp(now) if moved else before.modified)
    out = list(fairs)
    out[index[edit.event_id]] = after
    out.sort(key=lambda f: (f.date, f.region_id, f.kind, f.event_id))
    return out, before, after


def _placements(fairs: Sequence[ScheduledFair]) -> list[Placement]:
    return [
        Placement(f.region_id, f.kind, f.date, f.venue_id, f.pool_id) for f in fairs if f.planned
    ]


def objective(
    scenario: Scenario, fairs: Sequence[ScheduledFair], base: Mapping[str, ScheduledFair]
) -> float | None:
    """The planner's objective of these fairs, the base plan counting as the previous one."""
    from scheduler.cpsat import score

    prior = [
        Event(f.event_id, f.region_id, f.kind, f.date, f.venue_id, f.pool_id, f.theme, False)  # type: ignore[arg-type]
        for f in base.values()
        if f.planned
    ]
    return score(scenario, _placements(fairs), previous=prior or None).objective


def shortfalls(
    scenario: Scenario, fairs: list[ScheduledFair], result: CheckResult
) -> list[dict[str, Any]]:
    """Every requirement and theme minimum left short, with its reason (as report.json)."""
    return [s.to_json() for s in explain_shortfalls(scenario, fairs, result)]


def _report(
    report: Mapping[str, Any],
    fairs: list[ScheduledFair],
    result: CheckResult,
    short: list[dict[str, Any]],
    value: float | None,
) -> dict[str, Any]:
    out = dict(report)
    bound = out.get("bound")
    out.update(
        objective=value,
        gap=None
        if value is None or bound is None or value <= 0
        else round(max(0.0, (value - bound) / value), 6),
        events=sum(1 for f in fairs if f.planned),
        rules_met=not short,
        shortfalls=short,
        checker={"violations": result.violations + result.surplus, "passed": result.ok},
        edited=True,
    )
    return out


class Editor:
    """Hand edits of the drafts of one store (see the module docstring)."""

    def __init__(self, plans: PlanStore) -> None:
        self.plans = plans

    def _base(self, plan: StoredPlan) -> dict[str, ScheduledFair]:
        if plan.info.based_on is None:
            return {}
        return {f.event_id: f for f in self.plans.get(plan.info.based_on, None).fairs}

    def preview(self, plan_id: int, edit: Edit, user: User) -> EditOutcome:
        """The edit's verdict and objective change, nothing written."""
        plan = self.plans.get(plan_id, user)
        base = self._base(plan)
        fairs, before, after = edited(plan.scenario, plan.fairs, edit, base, self.plans.now())
        result = check(plan.scenario, fairs)
        short = shortfalls(plan.scenario, fairs, result)
        # both priced the same way (the stored report's objective may leave out constants)
        old_value = objective(plan.scenario, plan.fairs, base)
        value = objective(plan.scenario, fairs, base)
        return EditOutcome(
            plan_id, edit, before, after, fairs, result.ok,
            result.violations + result.surplus, short, old_value, value,
            _report(plan.report(), fairs, result, short, value),
        )  # fmt: skip

    def apply(self, plan_id: int, edit: Edit, user: User) -> EditOutcome:
        """Store the edit in the draft (refused when the checker finds a broken rule)."""
        outcome = self.preview(plan_id, edit, user)
        if not outcome.passed:
            where = tr("where_plan", id=plan_id)
            raise InputError(
                [Problem(where, tr("edit_breaks_rules", n=len(outcome.violations)))]
                + [Problem(where, v) for v in outcome.violations]
            )
        change = {
            **edit.describe(),
            "before": outcome.before.to_row(),
            "after": outcome.after.to_row(),
            "objective_before": outcome.objective_before,
            "objective_after": outcome.objective_after,
        }
        self.plans.replace_fairs(plan_id, outcome.fairs, outcome.report, user, change)
        return replace(outcome, saved=True)
