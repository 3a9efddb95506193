"""The baseline: plan the way a bureau does by hand, and score any plan with fairplan's objective.

`hand_plan` is `scheduler.greedy.greedy(smart=False)`: requirement by
requirement in calendar order, the first day with a free venue and a pool
that still has people, the first venue and pool in the list (what a planner
does in Excel). In a re-plan it keeps every previous fair that is still legal
and fills the gaps the same way.

`score(scenario, placements)` prices any set of placements with exactly the
objective the planner minimizes: it builds the same per-component CP-SAT
models as `scheduler.solver.solve` and lets `_Model.warm_start` fix the fair
variables to the placements and complete the rest (slacks, excesses, loads).
It uses the solver's private `_Model` and `_theme_minimums`; a public
`scheduler.solver.score(scenario, placements, previous)` with this body would
let the benchmark drop them (proposed in docs/benchmarks.md).

`schedule_rows` gives placements identities and themes with the planner's own
private steps (`scheduler.plan._identify`, `_assign_themes`), so the
independent checker judges greedy plans exactly as it judges fairplan's.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass

from scheduler.calendar import WorkCalendar
from scheduler.checker import CheckResult, check
from scheduler.greedy import greedy
from scheduler.model import Event, Scenario
from scheduler.placement import Placement
from scheduler.rules import requirements
from scheduler.schedule import ScheduledFair
from scheduler.solver import _Model, _theme_minimums, build_cells, components
from scheduler.weights import Weights

STAMP = "2024-06-01T00:00:00Z"


@dataclass(frozen=True)
class Score:
    objective: float | None  # None: some component's model rejected the placements
    shortfall: int  # missing fairs, as the model's slacks count them
    fairs: int
    penalty: float | None  # objective minus the fair and shortfall terms: what quality costs
    seconds: float


def hand_plan(scenario: Scenario, keep: list[Event] | None = None) -> list[Placement]:
    """The planner-by-hand baseline (calendar order, first venue and pool that fit)."""
    return greedy(scenario, smart=False, keep=keep)


def score(
    scenario: Scenario, placements: list[Placement], previous: list[Event] | None = None
) -> Score:
    """fairplan's objective of `placements` (with change costs against `previous`)."""
    t0 = time.perf_counter()
    weights = Weights.from_scenario(scenario)
    cal = WorkCalendar.for_settings(scenario.settings)
    reqs = requirements(scenario)
    fixed = [e for e in scenario.events if e.locked]
    prior = [e for e in scenario.events if not e.locked] + list(previous or [])
    cells = build_cells(scenario, cal, reqs, fixed)
    theme_mins = _theme_minimums(scenario)
    groups = components(scenario, cells)
    by_region: dict[str, list] = defaultdict(list)
    for c in cells.values():
        by_region[c.region_id].append(c)
    covered = {g for grp in groups for g in grp}
    missing = sum(r.required for r in reqs if r.region_id not in covered) + sum(
        n for g, n in theme_mins.items() if g not in covered
    )
    objective: float | None = float(weights.shortfall * missing)
    shortfall = missing
    for group in groups:
        members = set(group)
        model = _Model(
            scenario,
            [c for g in group for c in by_region[g]],
            [(i, r) for i, r in enumerate(reqs) if r.region_id in members],
            {g: n for g, n in theme_mins.items() if g in members},
            [e for e in fixed if e.region_id in members],
            [e for e in prior if e.region_id in members],
            weights,
            cal,
        )
        value = model.warm_start([p for p in placements if p.region_id in members])
        if value is None or objective is None:
            objective = None
            continue
        objective += value
        hint = dict(
            zip(model.m.proto.solution_hint.vars, model.m.proto.solution_hint.values, strict=True)
        )
        shortfall += sum(hint[v.index] for v in model.slack.values())
        shortfall += sum(hint[v.index] for v in model.theme_slack.values())
    penalty = (
        None
        if objective is None
        else objective - weights.fair * len(placements) - weights.shortfall * shortfall
    )
    return Score(objective, shortfall, len(placements), penalty, time.perf_counter() - t0)


def schedule_rows(
    scenario: Scenario, placements: list[Placement], previous: list[ScheduledFair] | None = None
) -> list[ScheduledFair]:
    """Schedule rows as `make_plan` would write them (identities kept across re-plans, themes)."""
    from scheduler.plan import _assign_themes, _identify

    fairs, _ = _identify(scenario, placements, previous or [], STAMP, STAMP)
    fairs, _ = _assign_themes(scenario, fairs)
    return fairs


def checked(scenario: Scenario, placements: list[Placement]) -> CheckResult:
    return check(scenario, schedule_rows(scenario, placements))


def as_events(fairs: list[ScheduledFair]) -> list[Event]:
    """A schedule's planned fairs as the `previous` events a re-plan starts from."""
    return [
        Event(f.event_id, f.region_id, f.kind, f.date, f.venue_id, f.pool_id, f.theme)  # type: ignore[arg-type]
        for f in fairs
        if f.status == "planned"
    ]


Key = tuple[str, str, dt.date, str]


def changed(before: list[tuple[str, str, dt.date, str]], after: list[Key]) -> int:
    """Fairs a subscriber sees change between two plans: moved, added or cancelled.

    A fair is kept when the same (region, kind, date, venue) is in both plans
    (the pool is invisible to subscribers). Within a region and kind, the
    planner pairs a dropped fair with a new one as one *move*; so per (region,
    kind) the changes are max(dropped, new) — exactly `moved + added +
    cancelled` of `make_plan`'s identity step.
    """
    from collections import Counter

    a, b = Counter(before), Counter(after)
    dropped: dict[tuple[str, str], int] = defaultdict(int)
    new: dict[tuple[str, str], int] = defaultdict(int)
    for k, n in (a - b).items():
        dropped[(k[0], k[1])] += n
    for k, n in (b - a).items():
        new[(k[0], k[1])] += n
    return sum(max(dropped[g], new[g]) for g in set(dropped) | set(new))


def keys_of_fairs(fairs: list[ScheduledFair]) -> list[Key]:
    return [(f.region_id, f.kind, f.date, f.venue_id) for f in fairs if f.status == "planned"]


def keys_of_placements(placements: list[Placement]) -> list[Key]:
    return [(p.region_id, p.kind, p.day, p.venue_id) for p in placements]
