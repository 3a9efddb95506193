"""Price any plan (a greedy one, a hand-made one) with exactly the planner's objective.

The plan is turned into a point of each component's model and priced by the model's own
arrays (`LinearModel.evaluate`): no solver runs, so scoring a national plan takes
seconds, and plans from anywhere are compared on equal terms — in the planner's strict
order: missing fairs, then fairs, then quality.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from scheduler.cpsat.cells import build_cells
from scheduler.cpsat.decomposition import Job
from scheduler.cpsat.levels import QUALITY, Counts, constants, packing
from scheduler.derived import Derived
from scheduler.model import Event, Scenario
from scheduler.placement import Placement
from scheduler.rules import Fair, count


@dataclass(frozen=True)
class Score:
    """A plan priced with the planner's objective (see `score`)."""

    objective: float | None  # quality without the constant, as report.json's `objective`
    shortfall: int  # missing fairs, as the model's slacks count them
    fairs: int
    penalty: float | None  # what quality costs: the sum of the quality terms
    seconds: float
    terms: dict[str, int] = field(default_factory=dict)  # quality term → cost
    constants: dict[str, int] = field(default_factory=dict)  # term → what every plan pays

    @property
    def feasible(self) -> bool:
        """Every fair has a place in the model and no hard rule is broken."""
        return self.objective is not None


def score(
    scenario: Scenario,
    placements: list[Placement],
    previous: list[Event] | None = None,
    derived: Derived | None = None,
) -> Score:
    """The planner's objective of `placements` (`previous`: the plan a re-plan starts from).

    A component's constant (what every plan meeting its rules with the fewest fairs pays)
    is left out of `objective` where the plan is such a plan, as the planner does.
    """
    t0 = time.perf_counter()
    job = Job.make(scenario, previous, derived)
    reqs = job.derived.reqs
    cells = build_cells(job.derived, job.fixed)
    pieces = job.parts(cells)
    groups = [g for g, _ in pieces]
    names = cells.names
    covered = {names.regions[g] for grp in groups for g in grp}
    shortfall = sum(
        r.required
        for i, r in enumerate(reqs)
        if job.derived.modelled(i) and r.regions.isdisjoint(covered)
    ) + sum(n for g, n in job.derived.theme_mins.items() if g not in covered)
    terms: Counter[str] = Counter()
    consts: Counter[str] = Counter()
    feasible = True
    by_region: dict[str, list[Placement]] = {}
    for p in placements:
        by_region.setdefault(p.region_id, []).append(p)
    for group, days in pieces:
        model = job.model(cells.subset(group, days), job.fixed, job.prior, days)
        lo, hi = days if days is not None else (-(10**9), 10**9)
        mine = [
            p
            for g in group
            for p in by_region.get(names.regions[g], [])
            if lo <= names.offset(p.day) <= hi
        ]
        ev = model.evaluate(mine)
        if ev is None or not ev.feasible:
            feasible = False
            continue
        terms.update({k: v for k, v in ev.costs.items() if k in QUALITY})
        counts = Counts.of(ev)
        shortfall += counts.missing
        pk = packing(model)
        if pk is not None and pk.exact(counts):
            consts.update(constants(model, pk))
    implied = [r for i, r in enumerate(reqs) if not job.derived.modelled(i)]
    held = count(implied, [Fair(p.region_id, p.kind, p.day) for p in placements])
    shortfall += sum(max(0, r.required - n) for r, n in zip(implied, held, strict=True))
    quality = float(sum(terms.values()))
    return Score(
        quality - sum(consts.values()) if feasible else None,
        shortfall,
        len(placements),
        quality if feasible else None,
        time.perf_counter() - t0,
        dict(terms),
        dict(consts),
    )
