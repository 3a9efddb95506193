"""Solving a scenario part by part: components, local re-plans, budgets, progress.

Regions that share no staff pool share nothing, so the plan is solved one *component*
(regions linked by pools) at a time, each starting from the smart greedy plan. Models
are built one at a time and dropped after their solve: memory holds one model at most.
A re-plan first tries the *local* problem (only the regions the change touches).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scheduler.cpsat import lns, mip, proto, search
from scheduler.cpsat.blocks import Block, blocks
from scheduler.cpsat.cells import Cells, build_cells, components
from scheduler.cpsat.levels import COUNTS, QUALITY, Counts, constants, packing, pin, proven
from scheduler.cpsat.linear import Evaluation, Ints
from scheduler.cpsat.memory import release_memory
from scheduler.cpsat.model import ComponentModel, build_model
from scheduler.derived import Derived
from scheduler.model import Event, Scenario
from scheduler.placement import Placement, fits
from scheduler.rules import Fair, Requirement, count
from scheduler.weights import Weights

Progress = Callable[[dict[str, object]], None]


@dataclass
class SolveStats:
    """How a solve went, in the strict order of the objective (docs/planner.md).

    `objective` and `bound` are the quality level only, without the part every plan pays
    anyway (`constant`): `gap` says how far the plan's quality may be from the best
    possible. Missing fairs and the number of fairs come first and are counted apart.
    """

    status: str = "unknown"  # optimal | feasible | infeasible | unknown
    objective: float = 0.0
    bound: float = 0.0
    wall_time_s: float = 0.0
    first_solution_s: float | None = None
    components: int = 0
    scope: str = "full"  # or "local: N regions" for a re-plan solved around the change
    missing: int = 0  # fairs the requirements and theme minimums lack
    fairs: int = 0  # fairs the model holds
    fairs_min: int | None = None  # proven: no plan with as few missing fairs holds fewer
    counts_proven: bool = False  # missing fairs and fairs proven the fewest possible
    reproducible: bool = False  # the same plan on every run (no search cut off by the clock)
    plan_by: list[str] = field(default_factory=list)  # solvers whose solutions are the plan
    bound_by: list[str] = field(default_factory=list)  # solvers that proved the bound
    terms: dict[str, int] = field(default_factory=dict)  # quality term → its cost
    constants: dict[str, int] = field(default_factory=dict)  # term → paid by every plan

    @property
    def constant(self) -> int:
        return sum(self.constants.values())

    @property
    def gap(self) -> float:
        return gap(self.objective, self.bound, self.status == "optimal")


def gap(objective: float, bound: float, optimal: bool = False) -> float:
    """(objective − bound) / objective; 0 when proven optimal or when both are 0."""
    if optimal or objective <= bound:
        return 0.0
    if objective <= 0:
        return math.inf
    return (objective - bound) / objective


@dataclass
class Solution:
    placements: list[Placement]
    stats: SolveStats
    reqs: list[Requirement]
    slack: dict[int, int] = field(default_factory=dict)  # requirement index → missing fairs


@dataclass
class Part:
    """One component during a solve: its best plan so far and what is proven about it."""

    regions: list[int]
    size: int  # cells: the share of the time limit it gets
    days: Block = None  # its block of time (day offsets), None: every day
    status: str = "unknown"
    counts: Counts | None = None
    counts_proven: bool = False
    fewest: int | None = None  # proven fewest fairs at `counts.missing`
    constants: dict[str, int] = field(default_factory=dict)
    objective: float | None = None  # quality − constant of the best plan so far
    bound: float = 0.0  # a lower bound on it (0 until the part is solved)
    terms: dict[str, int] = field(default_factory=dict)
    placements: list[Placement] = field(default_factory=list)
    x: Ints | None = None  # the solution's values, until its slacks are read
    reproducible: bool = True  # the same plan on every run: no search was cut off by the clock
    plan_by: str = "greedy"  # the solver whose solution is the plan
    bound_by: str = ""  # the solver that proved the bound ("": none beyond 0)

    def holds(self, day: int) -> bool:
        """Is the day offset inside the part's block of time?"""
        return self.days is None or self.days[0] <= day <= self.days[1]

    def honest(self, ev: Evaluation) -> None:
        """Take `ev` as the part's plan: its counts, terms and honest objective."""
        self.counts = Counts.of(ev)
        self.terms = {k: v for k, v in ev.costs.items() if k in QUALITY}
        self.objective = float(sum(self.terms.values()) - sum(self.constants.values()))


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
    engine: str = "auto"  # the quality level's solver (`ENGINES`)
    part_threads: int = 1  # cores a part may use (the rest go to other parts)
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

    def model(
        self, cells: Cells, fixed: list[Event], prior: list[Event], days: Block = None
    ) -> ComponentModel:
        """The model of one component (or of one block of its days, `days`): its cells,
        and every requirement, theme minimum, locked and previous fair of its regions and
        days (pinned ones included: their fairs are locked, so the objective is the full
        one)."""
        names = cells.names
        regions = {names.regions[g] for g in cells.regions_present()}
        lo, hi = days if days is not None else (-(10**9), 10**9)

        def inside(d: dt.date) -> bool:
            return lo <= names.offset(d) <= hi

        req_ids = [
            i
            for i, r in enumerate(self.derived.reqs)
            if self.derived.modelled(i)
            and not r.regions.isdisjoint(regions)
            and names.offset(r.lo) <= hi
            and names.offset(r.hi) >= lo
        ]
        return build_model(
            self.derived,
            cells,
            req_ids,
            [e for e in fixed if e.region_id in regions and inside(e.date)],
            [e for e in prior if e.region_id in regions and inside(e.date)],
            self.weights,
            days,
        )

    def parts(self, cells: Cells) -> list[tuple[list[int], Block]]:
        """The parts a scope is solved (and scored) as: each component of regions
        (`components`), cut into blocks of time (`blocks`), largest component first."""
        return [
            (group, days)
            for group in components(cells, self.derived.links())
            for days in blocks(self.derived, cells, group)
        ]


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
    engine: str = "auto",
) -> Solution:
    """Plan the scenario: one model per component of regions sharing staff.

    `engine` chooses the solvers of the quality level (`ENGINES`): by default the plan
    by CP-SAT city by city and the bound by HiGHS's branch and cut, which proves what
    CP-SAT's relaxation on two cores does not (docs/planner.md, "Engines"); `cpsat`
    keeps CP-SAT throughout; `highs` and `scip` are the MIP peer.

    A re-plan first tries the *local* problem: every previous fair of a region the
    change does not touch is pinned, and only the touched regions are modelled. That is
    exact whenever the local problem meets every rule (a pinned region's fairs are all
    still legal and its rules still met), and it is small enough to solve to optimality
    in well under a second; when it leaves a rule unmet the whole problem is solved.
    """
    job = Job.make(scenario, previous, derived)
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    job.workers, job.seed, job.progress, job.engine = workers, seed, progress, engine
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
    for r, n in zip(reqs, counts, strict=True):
        if n < r.required:
            touched.update(r.regions)
    for g, need in job.derived.theme_mins.items():
        if sum(1 for e in every if e.region_id == g and e.kind == "specialized") < need:
            touched.add(g)
    for group in job.derived.links():  # a total over several regions is modelled whole
        if not group.isdisjoint(touched):
            touched.update(group)
    pinned = [e for e in legal if e.region_id not in touched]
    return touched, pinned


def _solve_scope(
    job: Job, time_limit: float, only: set[str] | None, pinned: list[Event]
) -> Solution:
    """Solve all regions (`only` None) or only some, with `pinned` fairs kept as they are.

    Every component starts from the smart greedy plan, which exists for all of them within
    seconds: that is the first plan, and a component whose search is cut off keeps it.
    The first plans of all parts are priced before any is solved, so the progress shows
    the gap over the whole plan from the start (unsolved parts at their first plan and
    their bound, 0).
    """
    from scheduler.greedy import greedy  # greedy builds on Placement; imported late

    s, reqs = job.scenario, job.derived.reqs
    start_time = time.monotonic()
    idx = [i for i, r in enumerate(reqs) if only is None or not r.regions.isdisjoint(only)]
    fixed = [e for e in job.fixed if only is None or e.region_id in only] + pinned
    prior = [e for e in job.prior if only is None or e.region_id in only]
    cells = build_cells(job.derived, fixed, only)
    pieces = job.parts(cells)
    groups = [g for g, _ in pieces]
    names = cells.names
    parts = [Part(g, _size(cells, g, days), days) for g, days in pieces]

    # requirements in regions without any cell are all slack: nothing to model
    covered = {names.regions[g] for grp in groups for g in grp}
    slack = {
        i: reqs[i].required
        for i in idx
        if job.derived.modelled(i) and reqs[i].regions.isdisjoint(covered) and reqs[i].required
    }
    scoped_mins = {g: n for g, n in job.derived.theme_mins.items() if only is None or g in only}
    unmodelled = sum(slack.values()) + sum(n for g, n in scoped_mins.items() if g not in covered)

    start = greedy(s, keep=pinned + prior, reqs=[reqs[i] for i in idx], derived=job.derived)
    first_s = time.monotonic() - job.t0  # the greedy plan: complete and legal
    start_of: list[list[Placement]] = [[] for _ in parts]
    part_of: dict[str, list[int]] = defaultdict(list)
    for i, part in enumerate(parts):
        for g in part.regions:
            part_of[names.regions[g]].append(i)
    for p in start:
        for part_i in part_of.get(p.region_id, ()):
            if parts[part_i].holds(names.offset(p.day)):
                start_of[part_i].append(p)
                break
    current = [0]

    def emit() -> None:
        if job.progress is None:
            return
        obj = sum(p.objective for p in parts if p.objective is not None)
        bound = sum(p.bound for p in parts)
        job.progress(
            {
                "elapsed": time.monotonic() - job.t0,
                "objective": obj,
                "bound": bound,
                "gap": gap(obj, bound, all(p.status == "optimal" for p in parts)),
                "missing": unmodelled + sum(p.counts.missing for p in parts if p.counts),
                "fairs": sum(p.counts.fairs for p in parts if p.counts),
                "component": current[0],
                "components": len(groups),
            }
        )

    # price every part's first plan (keeping the model of the first part, solved next)
    kept: ComponentModel | None = None
    for i, part in enumerate(parts):
        model = job.model(cells.subset(part.regions, part.days), fixed, prior, part.days)
        ev = model.evaluate(start_of[i])
        if ev is not None and ev.feasible:
            pk = packing(model)
            if pk is not None and pk.exact(Counts.of(ev)):
                part.constants = constants(model, pk)
            part.honest(ev)
            part.placements = start_of[i]
            part.status = "feasible"
        if i == 0:
            kept = model
        del model
    emit()

    # HiGHS runs on one core: with more cores, as many parts are solved side by side
    # (one model in memory per lane); CP-SAT uses the cores itself, one part at a time
    lanes = 1 if ENGINES[job.engine] == "cpsat" else max(1, min(_cores(job), len(parts)))
    job.part_threads = max(1, _cores(job) // lanes)
    lock = threading.Lock()
    left = [sum(p.size for p in parts) or 1]
    kept_box = [kept]

    def solve_one(i: int) -> None:
        part = parts[i]
        with lock:
            current[0] += 1  # parts started (lanes take them out of order)
            model = kept_box[0] if i == 0 and kept_box[0] is not None else None
            kept_box[0] = None if i == 0 else kept_box[0]
            remaining = max(0.1, time_limit - (time.monotonic() - start_time))
            budget = min(remaining, remaining * lanes * part.size / max(left[0], 1))
            left[0] -= part.size
        if model is None:
            model = job.model(cells.subset(part.regions, part.days), fixed, prior, part.days)
        _solve_part(job, model, part, start_of[i], budget, emit)
        with lock:
            for r_i, var in zip(model.req_ids, model.slack.tolist(), strict=True):
                if part.x is not None and part.x[var]:
                    slack[r_i] = int(part.x[var])
            part.x = None
        del model
        release_memory()
        emit()

    del kept
    if lanes == 1:
        for i in range(len(parts)):
            solve_one(i)
    else:
        # a lane takes the largest part left, the next lane the smallest, and parts of
        # more than `CELLS_AT_ONCE` cells together wait for each other: the two largest
        # branch and cuts never run at once (national, 300 s: peak 1,182 MB with the two
        # largest provinces side by side; four years: 1,003 MB with the largest block
        # beside the next)
        queue = deque(sorted(range(len(parts)), key=lambda i: -parts[i].size))
        running: dict[int, int] = {}  # lane → cells of the part it solves
        turn = threading.Condition(lock)

        def lane(k: int) -> None:
            while True:
                with turn:
                    while True:
                        if not queue:
                            return
                        i = queue[0] if k % 2 == 0 else queue[-1]
                        if not running or sum(running.values()) + parts[i].size <= CELLS_AT_ONCE:
                            break
                        turn.wait()
                    queue.remove(i)
                    running[k] = parts[i].size
                try:
                    solve_one(i)
                finally:
                    with turn:
                        del running[k]
                        turn.notify_all()

        with ThreadPoolExecutor(lanes, thread_name_prefix="fairplan-part") as pool:
            list(pool.map(lane, range(lanes)))

    placements = [p for part in parts for p in part.placements]
    # pinned fairs of regions that no component modelled stay as they are
    modelled = {p.region_id for p in placements} | covered
    placements.extend(
        Placement(e.region_id, e.kind, e.date, e.venue_id, e.pool_id)
        for e in pinned
        if e.region_id not in modelled
    )
    stats = _stats(parts, unmodelled, first_s, job)
    placements = _implied_totals(job, [i for i in idx if not job.derived.modelled(i)],
                                 placements, slack, stats)  # fmt: skip
    placements.sort(key=lambda p: (p.day, p.region_id, p.kind, p.venue_id))
    return Solution(placements, stats, reqs, slack)


def _implied_totals(
    job: Job,
    implied: list[int],
    placements: list[Placement],
    slack: dict[int, int],
    stats: SolveStats,
) -> list[Placement]:
    """Totals left out of the model because the own-region rules imply them: met whenever
    those are. Where some own rule fell short, a total may fall short too; the greedy
    then adds fairs toward it, and the plan no longer claims to be proven best."""
    if not implied:
        return placements
    from scheduler.greedy import greedy

    reqs = job.derived.reqs
    counts = count(
        [reqs[i] for i in implied], [Fair(p.region_id, p.kind, p.day) for p in placements]
    )
    short = [i for i, n in zip(implied, counts, strict=True) if n < reqs[i].required]
    if not short:
        return placements
    keep = [Event("", p.region_id, p.kind, p.day, p.venue_id, p.pool_id) for p in placements]
    out = greedy(job.scenario, keep=keep, reqs=[reqs[i] for i in short], derived=job.derived)
    after = count([reqs[i] for i in short], [Fair(p.region_id, p.kind, p.day) for p in out])
    for i, n in zip(short, after, strict=True):
        if n < reqs[i].required:
            slack[i] = reqs[i].required - n
    added = len(out) - len(placements)
    stats.fairs += added
    stats.missing += sum(slack.get(i, 0) for i in short)
    stats.counts_proven = False
    stats.fairs_min = None
    if stats.status == "optimal":
        stats.status = "feasible"
    return out


def _size(cells: Cells, regions: list[int], days: Block) -> int:
    """A part's cells: its share of the time limit."""
    inside = np.isin(cells.region, regions)
    if days is not None:
        inside &= (cells.day >= days[0]) & (cells.day <= days[1])
    return int(inside.sum())


#: the cells of the parts solved at once, at most (a part larger than that runs alone):
#: HiGHS's memory grows with its search tree, up to about 9–16 KB per cell of a part
#: (four years' largest block, 60,122 cells: +516 MB until proven; the largest province,
#: 32,680 cells: +532 MB in 40 s), so two parts of 70,000 cells stay under 1 GB together
CELLS_AT_ONCE = 70_000

#: with more parts than cores, the share of a part's time the branch and cut takes first
#: (it returns as soon as it proves its plan optimal; the rest: CP-SAT takes its plan and
#: the city-by-city search polishes it)
BOUND_SHARE = 0.8

#: the single-threaded solver each part of the quality level runs, by engine, which sets
#: how many parts run side by side (`auto`: CP-SAT's one-worker neighbourhoods and HiGHS's
#: bound; the counts level always runs CP-SAT)
ENGINES = {"auto": "highs", "highs": "highs", "scip": "scip", "cpsat": "cpsat"}


def _solve_part(
    job: Job,
    model: ComponentModel,
    part: Part,
    start: list[Placement],
    budget: float,
    emit: Callable[[], None],
) -> None:
    """Solve one part in the strict order: counts first (unless proven), then quality."""
    t0 = time.monotonic()
    ev = model.evaluate(start)
    x0 = ev.x if ev is not None and ev.feasible else None
    pk = packing(model)
    weight = model.lin.term("shortfall").weight
    counts_exact = True
    if ev is not None and x0 is not None and proven(pk, Counts.of(ev)):
        counts = Counts.of(ev)
        part.counts_proven, part.fewest = True, counts.fairs
    else:
        cp = proto.to_cp_model(model.lin, COUNTS)
        if x0 is not None:
            proto.hint(cp, x0)
        first = search.run(
            cp, budget / 2, workers=job.workers, seed=job.seed, relay=job.relay, exact=True
        )
        del cp
        counts_exact = first.status == "optimal" or first.deterministic
        if first.x is None:
            part.status = "infeasible" if first.status == "infeasible" else part.status
            part.x = x0
            return
        found = model.lin.evaluate(first.x)
        counts = Counts.of(found)
        part.counts_proven = first.status == "optimal"
        low = math.ceil(first.bound - 1e-6) - weight * counts.missing
        part.fewest = low if first.bound >= weight * counts.missing - 1e-6 else None
        if ev is None or x0 is None or Counts.of(ev) != counts:
            x0 = found.x
            part.plan_by = "cpsat"
    pin(model, counts, pk)
    part.constants = constants(model, pk) if pk is not None and pk.exact(counts) else {}
    const = sum(part.constants.values())
    start_ev = model.lin.evaluate(x0)
    part.honest(start_ev)
    emit()
    left = max(0.05, budget - (time.monotonic() - t0))
    run = _quality(job, model, start_ev.x, left, const, part, emit)
    best = start_ev
    if run.x is not None:
        found = model.lin.evaluate(run.x)
        if found.feasible and found.objective(QUALITY) <= start_ev.objective(QUALITY):
            best = found
    part.honest(best)
    part.reproducible = part.reproducible and counts_exact
    assert part.objective is not None
    part.bound = max(0.0, min(run.bound - const, part.objective))
    part.status = "optimal" if run.status == "optimal" and part.counts_proven else "feasible"
    if part.status == "optimal":
        part.bound = part.objective
    part.placements = model.placements(best.x)
    part.x = best.x


def _quality(
    job: Job,
    model: ComponentModel,
    start: Ints,
    budget: float,
    const: int,
    part: Part,
    emit: Callable[[], None],
) -> search.Run | mip.MipRun:
    """The quality level of a pinned model, by the job's engine, from the plan `start`.

    `auto`: the plan by CP-SAT city by city, the bound by HiGHS (`_auto`). `highs`,
    `scip`: the branch and cut alone on the whole part (the MIP peer). `cpsat`: CP-SAT
    on the whole part from the start plan.
    """
    relay = job.relay
    stopped = (lambda: relay.stopped) if relay.stop is not None else None

    def on_bound(value: float) -> None:  # the branch and cut's bound, while it runs
        if part.objective is not None:
            part.bound = max(part.bound, min(math.ceil(value - 1e-6) - const, part.objective))
            emit()

    if job.engine == "auto":
        return _auto(job, model, start, budget, part, emit, stopped, on_bound)
    solver = ENGINES[job.engine]
    if solver != "cpsat":  # `highs`, `scip`: the MIP peer
        t0 = time.monotonic()
        run = mip.solve(
            model.lin,
            QUALITY,
            budget,
            solver=solver,
            hint=start,
            seed=job.seed,
            stopped=stopped,
            on_bound=on_bound,
        )
        mine = model.lin.evaluate(start).objective(QUALITY)
        improves = run.objective is not None and run.x is not None and run.objective < mine - 0.5
        part.reproducible = run.status == "optimal" or (not improves and run.bound >= mine - 0.5)
        part.bound_by = solver
        if improves:
            part.plan_by = solver
            return run
        status = "optimal" if run.bound >= mine - 0.5 else "feasible"
        return mip.MipRun(status, start, float(mine), run.bound, time.monotonic() - t0)

    def on_solution(obj: float, bound: float) -> None:
        part.objective = obj - const
        part.bound = max(0.0, min(bound - const, part.objective))
        emit()

    cp = proto.to_cp_model(model.lin, QUALITY)
    proto.hint(cp, start)
    cp_run = search.run(
        cp, budget, workers=job.workers, seed=job.seed, relay=job.relay, on_solution=on_solution
    )
    part.reproducible = cp_run.status == "optimal" or cp_run.deterministic
    part.plan_by = part.bound_by = "cpsat"
    return cp_run


#: CP-SAT's time to take the branch and cut's proven optimum as a complete hint
ADOPT_LIMIT = 10.0
#: the time kept from the branch and cut (at most a tenth of a part's) for CP-SAT to take
#: its plan when the search was cut off by the clock
ADOPT_RESERVE = 2.0


def _auto(
    job: Job,
    model: ComponentModel,
    start: Ints,
    budget: float,
    part: Part,
    emit: Callable[[], None],
    stopped: Callable[[], bool] | None,
    on_bound: Callable[[float], None],
) -> search.Run | mip.MipRun:
    """The default engine on one part: the plan by CP-SAT, the bound by HiGHS.

    The plan: `lns.improve`, each city's restricted model solved by CP-SAT (one worker,
    deterministic time), passes until none improves. The bound: HiGHS's branch and cut on
    the whole part. With a core to spare both run at once, each for the whole budget
    (the search stops early once the bound proves its plan). With more parts than cores
    the branch and cut comes first (`_bound_first`).

    When the branch and cut has a plan better than the search's, that plan is given to
    CP-SAT as a complete solution hint, with HiGHS's bound as a cut; CP-SAT's solution
    (one worker, deterministic) is the plan. That is done when HiGHS proved its plan
    optimal, or when the search was cut off by the clock (its plan then differs from run
    to run anyway); a search that finished keeps its own plan, the same on every run.
    """
    if job.part_threads < 2:
        return _bound_first(job, model, start, budget, part, emit, stopped, on_bound)
    t0 = time.monotonic()
    lin = model.lin
    best = [float(lin.evaluate(start).objective(QUALITY))]
    found: list[mip.MipRun] = []
    done = threading.Event()

    def improved(x: Ints) -> None:
        best[0] = float(lin.evaluate(x).objective(QUALITY))
        part.honest(lin.evaluate(x))
        part.plan_by = "cpsat"
        emit()

    def prove(deadline: float) -> None:
        try:
            left = deadline - time.monotonic()
            if left > 0.5 and not (stopped is not None and stopped()):
                found.append(
                    mip.solve(lin, QUALITY, left, seed=job.seed, stopped=stopped, on_bound=on_bound)
                )
        finally:
            done.set()

    def proven() -> bool:
        return done.is_set() and bool(found) and found[0].bound >= best[0] - 0.5

    def search_stopped() -> bool:
        return (stopped is not None and stopped()) or proven()

    def improve(deadline: float) -> tuple[Ints, bool]:
        return lns.improve(
            model,
            job.scenario,
            start,
            QUALITY,
            deadline,
            stopped=search_stopped,
            on_better=improved,
            relay=job.relay,
            seed=job.seed,
        )

    # HiGHS stops a little early: CP-SAT may still have to take its plan (below)
    bound_deadline = t0 + budget - min(ADOPT_RESERVE, 0.1 * budget)
    thread = threading.Thread(target=prove, args=(bound_deadline,), name="fairplan-bound")
    thread.start()
    x, exact = improve(t0 + budget)
    thread.join()
    if exact:  # a whole pass found every city's plan optimal: a CP-SAT local optimum
        part.plan_by = "cpsat"
    mine = float(lin.evaluate(x).objective(QUALITY))
    run = found[0] if found else None
    bound = run.bound if run is not None else 0.0
    if bound > 0:
        part.bound_by = "highs"
    if (
        run is not None
        and run.x is not None
        and run.objective is not None
        and run.objective < mine - 0.5
    ):
        adopted: search.Run | None = None
        if run.status == "optimal":
            adopted = _adopt(job, model, run.x, run.objective, run.bound, ADOPT_LIMIT)
            reproducible = True  # a proven optimum, taken by a deterministic CP-SAT
        elif not exact:
            # the search was cut off by the clock, so its plan differs from run to run
            # anyway: HiGHS's better plan costs no reproducibility
            left = max(0.5, t0 + budget - time.monotonic())
            adopted = _adopt(job, model, run.x, run.objective, run.bound, left)
            reproducible = False
        if adopted is not None:
            part.reproducible = reproducible
            part.plan_by = "cpsat"
            return adopted
    part.reproducible = exact or bound >= mine - 0.5
    status = "optimal" if bound >= mine - 0.5 else "feasible"
    return mip.MipRun(status, x, mine, bound, time.monotonic() - t0)


def _bound_first(
    job: Job,
    model: ComponentModel,
    start: Ints,
    budget: float,
    part: Part,
    emit: Callable[[], None],
    stopped: Callable[[], bool] | None,
    on_bound: Callable[[float], None],
) -> mip.MipRun:
    """The default engine on one part when parts outnumber cores: HiGHS first, then CP-SAT.

    Each core solves its own part, so the plan and the bound cannot run side by side. The
    branch and cut runs first, for up to `BOUND_SHARE` of the part's time: on parts of
    this size it proves most of them optimal, and where it is cut off its plan is about
    as good as the search's (national, 31 parts on 2 cores, 300 s, quiet machine: the
    search first and HiGHS after it 6,328 / 6,046, gap 4.46%; HiGHS alone 6,341 / 6,314,
    0.43%). Its plan, when better than the start, becomes CP-SAT's through a complete
    hint (`_adopt`); a plan not proven optimal is then improved city by city by CP-SAT
    (`lns.improve`) until the part's time is up.
    """
    t0 = time.monotonic()
    lin = model.lin
    halted = stopped if stopped is not None else (lambda: False)
    x = start
    mine = float(lin.evaluate(x).objective(QUALITY))
    run: mip.MipRun | None = None
    if not halted():
        run = mip.solve(
            lin, QUALITY, BOUND_SHARE * budget, seed=job.seed, stopped=stopped, on_bound=on_bound
        )
    bound = run.bound if run is not None else 0.0
    if bound > 0:
        part.bound_by = "highs"
    reproducible = True  # the start is the same on every run
    if (
        run is not None
        and run.x is not None
        and run.objective is not None
        and run.objective < mine - 0.5
    ):
        proven_best = run.status == "optimal"
        left = ADOPT_LIMIT if proven_best else max(0.5, t0 + budget - time.monotonic())
        adopted = _adopt(job, model, run.x, run.objective, run.bound, left)
        if adopted is not None and adopted.x is not None:
            x = adopted.x
            found = lin.evaluate(x)
            mine = float(found.objective(QUALITY))
            part.honest(found)
            part.plan_by = "cpsat"
            reproducible = proven_best  # else HiGHS's plan depends on where the clock cut it
            emit()
    if bound < mine - 0.5 and t0 + budget - time.monotonic() > 0.5 and not halted():

        def improved(better: Ints) -> None:
            part.honest(lin.evaluate(better))
            part.plan_by = "cpsat"
            emit()

        x, exact = lns.improve(
            model,
            job.scenario,
            x,
            QUALITY,
            t0 + budget,
            stopped=halted,
            on_better=improved,
            relay=job.relay,
            seed=job.seed,
        )
        reproducible = reproducible and exact
        mine = float(lin.evaluate(x).objective(QUALITY))
    part.reproducible = reproducible
    status = "optimal" if bound >= mine - 0.5 else "feasible"
    return mip.MipRun(status, x, mine, bound, time.monotonic() - t0)


def _adopt(
    job: Job, model: ComponentModel, x: Ints, objective: float, bound: float, limit: float
) -> search.Run | None:
    """CP-SAT's plan from HiGHS's plan `x` (its `objective`, HiGHS's `bound`).

    The plan is written into the part's CP-SAT model as its solution: every variable
    fixed to its value in `x`, so CP-SAT checks every constraint of the model and returns
    that plan (one worker, deterministic, no presolve: a national part in well under a
    second and without a second copy of the model's relaxation in memory). The run's
    status and bound are HiGHS's: "optimal" only when HiGHS proved `x` optimal. None
    when CP-SAT does not take `x` as a plan of the model or its value is not `objective`.
    """
    cp = proto.to_cp_model(model.lin, QUALITY)
    proto.hint(cp, x)

    def take(prm: Any) -> None:
        prm.fix_variables_to_their_hinted_value = True
        prm.cp_model_presolve = False
        prm.linearization_level = 0

    run = search.run(cp, limit, workers=1, seed=job.seed, relay=job.relay, params=take)
    del cp
    if run.x is None or run.objective is None or abs(run.objective - objective) > 0.5:
        return None
    status = "optimal" if bound >= objective - 0.5 else "feasible"
    return search.Run(status, run.x, run.objective, bound, run.seconds, deterministic=True)


def _cores(job: Job) -> int:
    return job.workers or os.cpu_count() or 1


def _stats(parts: list[Part], unmodelled: int, first_s: float, job: Job) -> SolveStats:
    order = ("infeasible", "unknown", "feasible", "optimal")
    terms: dict[str, int] = {}
    consts: dict[str, int] = {}
    for p in parts:
        for k, v in p.terms.items():
            terms[k] = terms.get(k, 0) + v
        for k, v in p.constants.items():
            consts[k] = consts.get(k, 0) + v
    objective = sum(p.objective or 0.0 for p in parts)
    fewest = [p.fewest for p in parts]
    return SolveStats(
        status=min((p.status for p in parts), key=order.index) if parts else "optimal",
        objective=objective,
        bound=min(sum(p.bound for p in parts), objective),
        wall_time_s=time.monotonic() - job.t0,
        first_solution_s=first_s,
        components=len(parts),
        missing=unmodelled + sum(p.counts.missing for p in parts if p.counts),
        fairs=sum(p.counts.fairs for p in parts if p.counts),
        fairs_min=None if any(f is None for f in fewest) else sum(f or 0 for f in fewest),
        counts_proven=unmodelled == 0 and all(p.counts_proven for p in parts),
        terms=terms,
        constants=consts,
        reproducible=all(p.reproducible for p in parts) and not job.relay.stopped,
        plan_by=sorted({p.plan_by for p in parts}),
        bound_by=sorted({p.bound_by for p in parts if p.bound_by and p.bound > 0}),
    )
