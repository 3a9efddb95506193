"""Price any plan (a greedy one, a hand-made one) with exactly the planner's objective.

The plan is turned into a point of each component's model and priced by the model's own
arrays (`LinearModel.evaluate`): no solver runs, so scoring a national plan takes
seconds, and plans from anywhere are compared on equal terms.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from scheduler.cpsat.cells import build_cells, components
from scheduler.cpsat.decomposition import Job
from scheduler.derived import Derived
from scheduler.model import Event, Scenario
from scheduler.placement import Placement


@dataclass(frozen=True)
class Score:
    """A plan priced with the planner's objective (see `score`)."""

    objective: float | None  # None: some component's model rejected the placements
    shortfall: int  # missing fairs, as the model's slacks count them
    fairs: int
    penalty: float | None  # objective minus the fair and shortfall terms: what quality costs
    seconds: float
    terms: dict[str, int] = field(default_factory=dict)  # term → cost


def score(
    scenario: Scenario,
    placements: list[Placement],
    previous: list[Event] | None = None,
    derived: Derived | None = None,
) -> Score:
    """The planner's objective of `placements` (`previous`: the plan a re-plan starts from)."""
    t0 = time.perf_counter()
    job = Job.make(scenario, previous, derived)
    reqs, w = job.derived.reqs, job.weights
    cells = build_cells(job.derived, job.fixed)
    groups = components(cells)
    names = cells.names
    covered = {names.regions[g] for grp in groups for g in grp}
    shortfall = sum(r.required for r in reqs if r.region_id not in covered) + sum(
        n for g, n in job.derived.theme_mins.items() if g not in covered
    )
    terms: Counter[str] = Counter({"shortfall": w.shortfall * shortfall})
    feasible = True
    by_region: dict[str, list[Placement]] = {}
    for p in placements:
        by_region.setdefault(p.region_id, []).append(p)
    for group in groups:
        model = job.model(cells.subset(group), job.fixed, job.prior)
        mine = [p for g in group for p in by_region.get(names.regions[g], [])]
        ev = model.evaluate(mine)
        if ev is None or not ev.feasible:
            feasible = False
            continue
        terms.update(ev.costs)
        shortfall += ev.amounts["shortfall"]
    objective = float(sum(terms.values())) if feasible else None
    penalty = (
        None
        if objective is None
        else objective - w.fair * len(placements) - w.shortfall * shortfall
    )
    return Score(
        objective, shortfall, len(placements), penalty, time.perf_counter() - t0, dict(terms)
    )
