"""Solving a scenario part by part: components, local re-plans, budgets, progress.

Regions that share no staff pool share nothing, so the plan is solved one *component*
(regions linked by pools) at a time, each starting from the smart greedy plan. Models
are built one at a time and dropped after their solve: memory holds one model at most.
A re-plan first tries the *local* problem (only the regions the change touches).
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from scheduler.cpsat import proto, search
from scheduler.cpsat.cells import Cells, build_cells, components
from scheduler.cpsat.model import ComponentModel, build_model
from scheduler.derived import Derived
from scheduler.model import Event, Scenario
from scheduler.placement import Placement, fits
from scheduler.rules import Fair, Requirement, count
from scheduler.weights import Weights

Progress = Callable[[dict[str, object]], None]


@dataclass
class SolveStats:
    status: str = "unknown"  # optimal | feasible | infeasible | unknown
    objective: float = 0.0
    bound: float = 0.0
    wall_time_s: float = 0.0
    first_solution_s: float | None = None
    components: int = 0
    scope: str = "full"  # or "local: N regions" for a re-plan solved around the change

    @property
    def gap(self) -> float:
        if self.status == "optimal":
            return 0.0
        if self.objective == 0:
            return 0.0 if self.bound == 0 else math.inf
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)


@dataclass
class Solution:
    placements: list[Placement]
    stats: SolveStats
    reqs: list[Requirement]
    slack: dict[int, int] = field(default_factory=dict)  # requirement index → missing fairs


@dataclass
class Job:
    """What every solve (and `score`) of a scenario starts from."""

    derived: Derived
    weights: Weights
    fixed: list[Event]  # locked fairs
    prior: list[Event]  # fairs to keep if possible: unlocked existing ones and `previous`
    workers: int | None = None
    seed: int = 0
    progress: Progress | None = None
    relay: search.StopRelay = field(default_factory=lambda: search.StopRelay(None))
    t0: float = field(default_factory=time.monotonic)

    @classmethod
    def make(
        cls, scenario: Scenario, previous: list[Event] | None, derived: Derived | None = None
    ) -> Job:
        return cls(
            derived or Derived.of(scenario),
            Weights.from_scenario(scenario),
            [e for e in scenario.events if e.locked],
            [e for e in scenario.events if not e.locked] + list(previous or []),
        )

    @property
    def scenario(self) -> Scenario:
        return self.derived.scenario

    def model(self, cells: Cells, fixed: list[Event], prior: list[Event]) -> ComponentModel:
        """The model of one component: its cells, and every requirement, theme minimum,
        locked and previous fair of its regions (pinned ones included: their fairs are
        locked, so the objective is the full one)."""
        names = cells.names
        regions = {names.regions[g] for g in cells.regions_present()}
        req_ids = [i for i, r in enumerate(self.derived.reqs) if r.region_id in regions]
        return build_model(
            self.derived,
            cells,
            req_ids,
            [e for e in fixed if e.region_id in regions],
            [e for e in prior if e.region_id in regions],
            self.weights,
        )


def solve(
    scenario: Scenario,
    *,
    time_limit: float = 60.0,
    workers: int | None = None,
    seed: int = 0,
    previous: list[Event] | None = None,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    derived: Derived | None = None,
) -> Solution:
    """Plan the scenario: one CP-SAT model per component of regions sharing staff.

    A re-plan first tries the *local* problem: every previous fair of a region the
    change does not touch is pinned, and only the touched regions are modelled. That is
    exact whenever the local problem meets every rule (a pinned region's fairs are all
    still legal and its rules still met), and it is small enough to solve to optimality
    in well under a second; when it leaves a rule unmet the whole problem is solved.
    """
    job = Job.make(scenario, previous, derived)
    job.workers, job.seed, job.progress = workers, seed, progress
    job.relay = search.StopRelay(stop)
    try:
        if job.prior:
            touched, pinned = _touched(job)
            everyone = {r.region_id for r in job.derived.reqs} | {e.region_id for e in job.prior}
            if len(touched) < len(everyone):
                local = _solve_scope(job, time_limit, touched, pinned)
                if not local.slack and local.stats.status in ("optimal", "feasible"):
                    local.stats.scope = f"local: {len(touched)} regions"
                    return local
        return _solve_scope(job, time_limit - (time.monotonic() - job.t0), None, [])
    finally:
        job.relay.close()


def _touched(job: Job) -> tuple[set[str], list[Event]]:
    """Regions a re-plan must look at again, and the previous fairs pinned elsewhere.

    A region is touched when one of its previous fairs is no longer legal on its own
    (day, venue, pool), shares an overbooked venue-day or pool-day, or when its rules or
    theme minimums are not met by its legal previous fairs.
    """
    s, cal, reqs = job.scenario, job.derived.calendar, job.derived.reqs
    touched: set[str] = set()
    legal: list[Event] = []
    for e in job.prior:
        if fits(s, cal, e):
            legal.append(e)
        else:
            touched.add(e.region_id)
    every = job.fixed + legal
    venue_day: dict[tuple[str, dt.date], list[Event]] = defaultdict(list)
    pool_day: dict[tuple[str, dt.date], list[Event]] = defaultdict(list)
    for e in every:
        venue_day[(e.venue_id, e.date)].append(e)
        pool_day[(e.pool_id, e.date)].append(e)
    for es in venue_day.values():
        if len(es) > 1:
            touched.update(e.region_id for e in es)
    for (pool_id, _), es in pool_day.items():
        if sum(s.kinds[e.kind].staff for e in es) > s.pools[pool_id].headcount:
            touched.update(e.region_id for e in es)
    counts = count(
        reqs, [Fair(e.region_id, e.kind, e.date) for e in every if e.region_id not in touched]
    )
    touched.update(r.region_id for r, n in zip(reqs, counts, strict=True) if n < r.required)
    for g, need in job.derived.theme_mins.items():
        if sum(1 for e in every if e.region_id == g and e.kind == "specialized") < need:
            touched.add(g)
    pinned = [e for e in legal if e.region_id not in touched]
    return touched, pinned


def _solve_scope(
    job: Job, time_limit: float, only: set[str] | None, pinned: list[Event]
) -> Solution:
    """Solve all regions (`only` None) or only some, with `pinned` fairs kept as they are.

    Every component starts from the smart greedy plan, which exists for all of them
    within seconds: that is the first plan, and a component whose search is cut off
    keeps it.
    """
    from scheduler.greedy import greedy  # greedy builds on Placement; imported late

    s, w, reqs = job.scenario, job.weights, job.derived.reqs
    start_time = time.monotonic()
    idx = [i for i, r in enumerate(reqs) if only is None or r.region_id in only]
    fixed = [e for e in job.fixed if only is None or e.region_id in only] + pinned
    prior = [e for e in job.prior if only is None or e.region_id in only]
    cells = build_cells(job.derived, fixed, only)
    groups = components(cells)
    names = cells.names

    # requirements in regions without any cell are all slack: nothing to model
    covered = {names.regions[g] for grp in groups for g in grp}
    slack = {
        i: reqs[i].required for i in idx if reqs[i].region_id not in covered and reqs[i].required
    }
    scoped_mins = {g: n for g, n in job.derived.theme_mins.items() if only is None or g in only}
    const = w.shortfall * (
        sum(slack.values()) + sum(n for g, n in scoped_mins.items() if g not in covered)
    )

    start = greedy(s, keep=pinned + prior, reqs=[reqs[i] for i in idx], derived=job.derived)
    stats = SolveStats(components=len(groups))
    stats.first_solution_s = time.monotonic() - job.t0  # the greedy plan: complete and legal
    incumbent: list[float | None] = [None] * len(groups)
    bounds = [0.0] * len(groups)
    current = 0

    def emit() -> None:
        if job.progress is None:
            return
        known = [v for v in incumbent if v is not None]
        obj = const + sum(known)
        bound = const + sum(bounds[: len(known)])
        job.progress(
            {
                "elapsed": time.monotonic() - job.t0,
                "objective": obj,
                "bound": bound,
                "gap": abs(obj - bound) / max(abs(obj), 1e-9),
                "component": current,
                "components": len(groups),
            }
        )

    region_of = {}
    for gi, grp in enumerate(groups):
        for g in grp:
            region_of[names.regions[g]] = gi
    start_of: list[list[Placement]] = [[] for _ in groups]
    for p in start:
        part = region_of.get(p.region_id)
        if part is not None:
            start_of[part].append(p)

    placements: list[Placement] = []
    statuses = []
    left = cells.n_cells or 1
    for gi, group in enumerate(groups):
        current = gi + 1
        sub = cells.subset(group)
        model = job.model(sub, fixed, prior)
        first = model.evaluate(start_of[gi])
        x0 = first.x if first is not None and first.feasible else None
        incumbent[gi] = None if x0 is None else float(first.objective())  # type: ignore[union-attr]
        cp = proto.to_cp_model(model.lin)
        if x0 is not None:
            proto.hint(cp, x0)
        remaining = max(0.1, time_limit - (time.monotonic() - start_time))
        budget = remaining * sub.n_cells / max(left, 1)
        left -= sub.n_cells

        def on_solution(obj: float, bound: float, gi: int = gi) -> None:
            incumbent[gi] = obj
            bounds[gi] = bound
            emit()

        run = search.run(
            cp, budget, workers=job.workers, seed=job.seed, relay=job.relay, on_solution=on_solution
        )
        del cp
        known = incumbent[gi]
        bounds[gi] = min(run.bound, math.inf if known is None else known)
        if run.x is not None and run.objective is not None:
            statuses.append(run.status)
            incumbent[gi] = run.objective
            bounds[gi] = run.bound
            for i, var in zip(model.req_ids, model.slack.tolist(), strict=True):
                if run.x[var]:
                    slack[i] = int(run.x[var])
            placements.extend(model.placements(run.x))
        elif run.status == "infeasible":
            statuses.append("infeasible")  # locked fairs that cannot all be kept
        elif x0 is not None:
            statuses.append("feasible")  # the search was cut off: keep the warm start
            placements.extend(start_of[gi])
            for i, var in zip(model.req_ids, model.slack.tolist(), strict=True):
                if x0[var]:
                    slack[i] = int(first.x[var])  # type: ignore[union-attr]
        else:
            statuses.append("unknown")
        emit()
        del model

    # pinned fairs of regions that no component modelled stay as they are
    modelled = {p.region_id for p in placements} | covered
    placements.extend(
        Placement(e.region_id, e.kind, e.date, e.venue_id, e.pool_id)
        for e in pinned
        if e.region_id not in modelled
    )
    order = ("infeasible", "unknown", "feasible", "optimal")
    stats.status = min(statuses, key=order.index) if statuses else "optimal"
    stats.objective = const + sum(v or 0.0 for v in incumbent)
    stats.bound = min(const + sum(bounds), stats.objective)
    stats.wall_time_s = time.monotonic() - job.t0
    placements.sort(key=lambda p: (p.day, p.region_id, p.kind, p.venue_id))
    return Solution(placements, stats, reqs, slack)
