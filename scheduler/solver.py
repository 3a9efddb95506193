"""The CP-SAT model: which fairs to hold, where, when, and who staffs them.

Formulation (one component of regions that share staff at a time):

- a *cell* is (region, kind, day) on an allowed day with at least one suitable,
  available venue and pool; a boolean `y[c, v]` per venue of the cell says a
  fair of that kind is held there that day. Days outside every period a rule
  needs that kind in are not modelled at all.
- venues are chosen only where there is a real choice; staff pools likewise:
  when a cell can be staffed by more than one pool, integer `a[c, p]` split the
  cell's fairs among them (sum = fairs in the cell), so staff choice adds one
  variable per pool and cell, not one per fair.
- every (rule, region, period) is a covering constraint with a slack variable,
  penalized far above everything else, so an impossible scenario still gets the
  best possible plan and a precise list of shortfalls.

Covering constraints over day intervals give the LP relaxation an
interval-matrix structure (near-integral), and the quality terms are linear in
the fairs or bounded by per-window excess variables, so CP-SAT's bound is
tight: no "busiest day" max terms.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.calendar import WorkCalendar
from scheduler.model import FAIR_KINDS, Event, Scenario, date_range
from scheduler.placement import Placement, fits, home_pool
from scheduler.rules import Requirement, requirements
from scheduler.weights import Weights

Progress = Callable[[dict[str, object]], None]


def lsum(terms: Iterable[cp_model.LinearExprT]) -> cp_model.LinearExpr:
    """A typed sum of CP-SAT terms (the builtin `sum` confuses type checkers)."""
    return cp_model.LinearExpr.sum(list(terms))


PREFERRED_WEEKDAYS = {"specialized": {1, 2, 3}}  # Tue–Thu; comprehensive: weekends


@dataclass(frozen=True)
class Cell:
    region_id: str
    kind: str
    day: dt.date
    venues: tuple[str, ...]  # suitable and available, smallest first
    pools: tuple[str, ...]  # serve the region, enough people, available


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


def _kinds_of(req_kind: str, scenario: Scenario) -> tuple[str, ...]:
    kinds = FAIR_KINDS if req_kind == "any" else (req_kind,)
    return tuple(k for k in kinds if k in scenario.kinds)


def build_cells(
    scenario: Scenario,
    cal: WorkCalendar,
    reqs: list[Requirement],
    fixed: list[Event],
    theme_mins: dict[str, int] | None = None,
) -> dict[tuple[str, str, dt.date], Cell]:
    """All (region, kind, day) where a fair could help a rule or must be kept."""
    wanted: dict[tuple[str, str], set[dt.date]] = defaultdict(set)
    horizon = (scenario.settings.start, scenario.settings.end)
    for r in reqs:
        lo, hi = max(r.lo, horizon[0]), min(r.hi, horizon[1])
        for k in _kinds_of(r.kind, scenario):
            wanted[(r.region_id, k)].update(date_range(lo, hi))
    mins = _theme_minimums(scenario) if theme_mins is None else theme_mins
    for g, t_min in mins.items():
        if t_min and "specialized" in scenario.kinds:
            wanted[(g, "specialized")].update(scenario.settings.days())
    for e in fixed:
        wanted[(e.region_id, e.kind)].add(e.date)

    horizon_days = list(scenario.settings.days())
    allowed = {
        k: {d for d in horizon_days if cal.allows(spec, d)} for k, spec in scenario.kinds.items()
    }
    for e in fixed:  # a locked fair's day was validated by the loader
        allowed[e.kind].add(e.date)
    cells = {}
    for (g, k), days in wanted.items():
        spec = scenario.kinds[k]
        venues = sorted(scenario.venues_for(g, k), key=lambda v: (v.capacity, v.venue_id))
        pools = [p for p in scenario.pools_serving(g) if p.headcount >= spec.staff]
        for d in sorted(days & allowed[k]):
            vs = tuple(v.venue_id for v in venues if d not in v.unavailable)
            ps = tuple(p.pool_id for p in pools if d not in p.unavailable)
            if vs and ps:
                cells[(g, k, d)] = Cell(g, k, d, vs, ps)
    return cells


def _theme_minimums(scenario: Scenario) -> dict[str, int]:
    """Per region, the specialized fairs its theme minimums need over the horizon."""
    out: dict[str, int] = {}
    for g, region in scenario.regions.items():
        if region.level != "city" and not any(t.region_id == g for t in scenario.themes):
            continue
        total = sum(t.min_count or 0 for t in scenario.themes_for(g))
        if total:
            out[g] = total
    return out


def components(scenario: Scenario, cells: dict[tuple[str, str, dt.date], Cell]) -> list[list[str]]:
    """Groups of regions that share a staff pool choice (else they share nothing)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pool_regions: dict[str, set[str]] = defaultdict(set)
    for c in cells.values():
        find(c.region_id)
        for p in c.pools:
            pool_regions[p].add(c.region_id)
    for regions in pool_regions.values():
        first, *rest = sorted(regions)
        for r in rest:
            parent[find(r)] = find(first)
    groups: dict[str, list[str]] = defaultdict(list)
    for r in sorted(parent):
        groups[find(r)].append(r)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


class _Model:
    """The CP-SAT model of one component; one method per constraint family."""

    def __init__(
        self,
        scenario: Scenario,
        cells: list[Cell],
        reqs: list[tuple[int, Requirement]],
        theme_mins: dict[str, int],
        fixed: list[Event],
        previous: list[Event],
        weights: Weights,
        cal: WorkCalendar,
    ) -> None:
        self.s, self.cells, self.reqs, self.w, self.cal = scenario, cells, reqs, weights, cal
        self.m = cp_model.CpModel()
        self.y: dict[tuple[Cell, str], cp_model.IntVar] = {}
        self.n: dict[Cell, cp_model.LinearExprT] = {}
        self.slack: dict[int, cp_model.IntVar] = {}
        self.theme_slack: dict[str, cp_model.IntVar] = {}
        self.terms: list[cp_model.LinearExprT] = []
        self.by_region_kind: dict[tuple[str, str], list[Cell]] = defaultdict(list)
        for c in cells:
            self.by_region_kind[(c.region_id, c.kind)].append(c)

        self._fair_variables()
        self._venue_once_a_day()
        self._staff_pools()
        self._requirements()
        self._theme_minimums(theme_mins)
        self.fixed: dict[tuple[str, str, dt.date, str], str] = {
            (e.region_id, e.kind, e.date, e.venue_id): e.pool_id for e in fixed
        }
        self._fixed_fairs(fixed)
        self._day_preference()
        self._spread()
        self._pool_balance()
        self._venue_size()
        self._changes(previous)
        self.m.minimize(lsum(self.terms))

    # -- variables -------------------------------------------------------------
    def _fair_variables(self) -> None:
        for c in self.cells:
            for v in c.venues:
                self.y[(c, v)] = self.m.new_bool_var("")
            self.n[c] = lsum(self.y[(c, v)] for v in c.venues)
        self.terms.append(self.w.fair * lsum(self.y.values()))

    # -- hard rules --------------------------------------------------------------
    def _venue_once_a_day(self) -> None:
        """A venue hosts at most one fair a day (CONTRACT §2 venues)."""
        uses: dict[tuple[str, dt.date], list[cp_model.IntVar]] = defaultdict(list)
        for (c, v), var in self.y.items():
            uses[(v, c.day)].append(var)
        for vs in uses.values():
            if len(vs) > 1:
                self.m.add_at_most_one(vs)

    def _staff_pools(self) -> None:
        """Each fair is staffed by one serving pool; a pool's daily need ≤ headcount.

        Fairs of one kind on one day that could be staffed by the same set of
        pools are interchangeable for staffing, so one integer per pool says
        how many of them it staffs — not one variable per fair and pool.
        """
        groups: dict[tuple[tuple[str, ...], str, dt.date], list[Cell]] = defaultdict(list)
        for c in self.cells:
            groups[(c.pools, c.kind, c.day)].append(c)
        load: dict[tuple[str, dt.date], list[cp_model.LinearExprT]] = defaultdict(list)
        self.split: dict[tuple[tuple[str, ...], str, dt.date], dict[str, cp_model.IntVar]] = {}
        self.staffing: dict[
            tuple[tuple[str, ...], str, dt.date], dict[str, cp_model.LinearExprT]
        ] = {}
        for (pools, kind, day), cells in groups.items():
            staff = self.s.kinds[kind].staff
            fairs = lsum(self.n[c] for c in cells)
            if len(pools) == 1:
                shares: dict[str, cp_model.LinearExprT] = {pools[0]: fairs}
            else:
                most = sum(len(c.venues) for c in cells)
                split = {p: self.m.new_int_var(0, most, "") for p in pools}
                self.split[(pools, kind, day)] = split
                self.m.add(lsum(split.values()) == fairs)
                shares = dict(split)
                home = home_pool(self.s, cells[0].region_id)
                borrowed = [var for p, var in split.items() if p != home]
                if borrowed and self.w.pool_home:
                    self.terms.append(self.w.pool_home * lsum(borrowed))
            self.staffing[(pools, kind, day)] = shares
            for p, share in shares.items():
                load[(p, day)].append(staff * share)
        self.load = load
        for (p, _), parts in load.items():
            self.m.add(lsum(parts) <= self.s.pools[p].headcount)

    def _fixed_fairs(self, fixed: list[Event]) -> None:
        """Locked fairs are kept exactly: their day, venue and pool."""
        index = {(c.region_id, c.kind, c.day): c for c in self.cells}
        need: dict[tuple[tuple[str, ...], str, dt.date, str], int] = defaultdict(int)
        for e in fixed:
            c = index.get((e.region_id, e.kind, e.date))
            if c is None or (c, e.venue_id) not in self.y:
                raise ValueError(f"locked fair {e.event_id} has no legal place in the model")
            self.m.add(self.y[(c, e.venue_id)] == 1)
            need[(c.pools, c.kind, c.day, e.pool_id)] += 1
        for (pools, kind, day, pool_id), n in need.items():
            share = self.staffing[(pools, kind, day)].get(pool_id)
            if share is None:
                raise ValueError(f"locked fairs of pool {pool_id} on {day} have no legal staffing")
            self.m.add(share >= n)

    # -- requirements (soft, with slack) -------------------------------------------
    def _requirements(self) -> None:
        """Each in-scope period of each rule holds ≥ min_count fairs (000 五(五), 003 三(十))."""
        for i, r in self.reqs:
            fairs = [
                self.n[c]
                for k in _kinds_of(r.kind, self.s)
                for c in self.by_region_kind.get((r.region_id, k), ())
                if r.lo <= c.day <= r.hi
            ]
            slack = self.m.new_int_var(0, r.required, f"slack_{i}")
            self.slack[i] = slack
            self.m.add(lsum(fairs) + slack >= r.required)
            self.terms.append(self.w.shortfall * slack)

    def _theme_minimums(self, mins: dict[str, int]) -> None:
        """Theme minimums need that many specialized fairs over the horizon (themes sheet)."""
        for g, need in mins.items():
            cells = self.by_region_kind.get((g, "specialized"))
            if cells is None:
                continue
            slack = self.m.new_int_var(0, need, f"theme_slack_{g}")
            self.theme_slack[g] = slack
            self.m.add(lsum(self.n[c] for c in cells) + slack >= need)
            self.terms.append(self.w.shortfall * slack)

    # -- quality (soft) --------------------------------------------------------------
    def _day_preference(self) -> None:
        """Specialized fairs Tue–Thu, comprehensive fairs on weekends, where `days` allows."""
        for (_, kind), cells in self.by_region_kind.items():
            preferred = {c.day for c in cells if self._preferred(kind, c.day)}
            if not preferred:
                continue  # the kind's days never include a preferred day: no preference
            off = [self.n[c] for c in cells if c.day not in preferred]
            if off:
                self.terms.append(self.w.day * lsum(off))

    def _preferred(self, kind: str, d: dt.date) -> bool:
        if kind == "specialized":
            return d.weekday() in PREFERRED_WEEKDAYS["specialized"]
        return self.cal.is_weekend(d)

    def _spread(self) -> None:
        """At most one fair of a kind per region within `spread_days` days, else pay per extra."""
        span = self.w.spread_days
        if self.w.spread == 0 or span < 2:
            return
        weekly = {
            (r.region_id, k)
            for _, r in self.reqs
            if r.period == "week"
            for k in _kinds_of(r.kind, self.s)
        }
        for key, cells in self.by_region_kind.items():
            if key not in weekly:
                continue  # monthly and rarer fairs are far apart anyway
            days = {c.day: self.n[c] for c in cells}
            for d in sorted(days):
                window = [
                    days[d + dt.timedelta(days=i)]
                    for i in range(span)
                    if d + dt.timedelta(days=i) in days
                ]
                if len(window) < 2:
                    continue
                excess = self.m.new_int_var(0, len(window) * 4, "")
                self.m.add(lsum(window) <= 1 + excess)
                self.terms.append(self.w.spread * excess)

    def _pool_balance(self) -> None:
        """Each pool's weekly staff load stays at its even share; pay per person-day above it.

        The even share is the staff its home regions' requirements need, spread
        over the weeks; a pool that is nobody's home pool (e.g. a provincial
        pool) has share 0, so it is used only where it is really needed.
        """
        if self.w.balance == 0:
            return
        home_need: dict[str, int] = defaultdict(int)
        for _, r in self.reqs:
            cells = [
                c
                for k in _kinds_of(r.kind, self.s)
                for c in self.by_region_kind.get((r.region_id, k), ())
            ]
            if not cells:
                continue
            home = home_pool(self.s, r.region_id)
            staff = min(self.s.kinds[k].staff for k in _kinds_of(r.kind, self.s))
            if home:
                home_need[home] += r.required * staff
        weeks: dict[tuple[str, dt.date], list[cp_model.LinearExprT]] = defaultdict(list)
        for (p, d), parts in self.load.items():
            weeks[(p, d - dt.timedelta(days=d.weekday()))].extend(parts)
        n_weeks = max(1, math.ceil(((self.s.settings.end - self.s.settings.start).days + 1) / 7))
        for (p, _), parts in weeks.items():
            share = math.ceil(home_need.get(p, 0) / n_weeks)
            over = self.m.new_int_var(0, 10 * self.s.pools[p].headcount * 7, "")
            self.m.add(lsum(parts) <= share + over)
            self.terms.append(self.w.balance * over)

    def _venue_size(self) -> None:
        """Use the smallest adequate venue: pay per step up the region's list of venues
        big enough for the kind and allowing it (smallest first, open or not)."""
        ranks: dict[tuple[str, str], dict[str, int]] = {}
        for g, k in self.by_region_kind:
            able = sorted(self.s.venues_for(g, k), key=lambda v: (v.capacity, v.venue_id))
            ranks[(g, k)] = {v.venue_id: i for i, v in enumerate(able)}
        terms = [
            ranks[(c.region_id, c.kind)][v] * var
            for (c, v), var in self.y.items()
            if ranks[(c.region_id, c.kind)].get(v)
        ]
        if terms:
            self.terms.append(self.w.venue * lsum(terms))

    def _changes(self, previous: list[Event]) -> None:
        """Re-plan: keep each previous fair unless it must move (change penalty + hint)."""
        index = {(c.region_id, c.kind, c.day): c for c in self.cells}
        kept = set()
        for e in previous:
            c = index.get((e.region_id, e.kind, e.date))
            var = self.y.get((c, e.venue_id)) if c is not None else None
            if var is None:
                continue  # it must move; the change is a constant
            kept.add(var)
            self.terms.append(self.w.change * (1 - var))
        self.prior_kept = kept

    def warm_start(self, placements: list[Placement]) -> float | None:
        """Hint a complete plan; returns its objective, or None if the model rejects it.

        A hint on the fair variables alone is not enough for CP-SAT to adopt it
        quickly, so the rest (slacks, excesses, loads) is completed by a solve
        with the fair variables fixed — pure propagation, a fraction of a second.
        """
        self.m.clear_hints()
        index = {(c.region_id, c.kind, c.day): c for c in self.cells}
        on = set()
        staffed: dict[tuple[tuple[str, ...], str, dt.date], dict[str, int]] = defaultdict(
            lambda: defaultdict(int)
        )
        for p in placements:
            c = index.get((p.region_id, p.kind, p.day))
            if c is None or (c, p.venue_id) not in self.y or p.pool_id not in c.pools:
                continue
            on.add(self.y[(c, p.venue_id)])
            staffed[(c.pools, c.kind, c.day)][p.pool_id] += 1
        hint = self.m.proto.solution_hint
        hint.vars.extend(var.index for var in self.y.values())
        hint.values.extend(1 if var in on else 0 for var in self.y.values())
        for key, split in self.split.items():
            hint.vars.extend(var.index for var in split.values())
            hint.values.extend(staffed.get(key, {}).get(pool, 0) for pool in split)
        completion = cp_model.CpSolver()
        completion.parameters.fix_variables_to_their_hinted_value = True
        completion.parameters.catch_sigint_signal = False
        completion.parameters.num_workers = 1
        completion.parameters.cp_model_presolve = False
        completion.parameters.max_time_in_seconds = 10.0
        status = completion.solve(self.m)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        self.m.clear_hints()
        values = completion.response_proto.solution
        self.m.proto.solution_hint.vars.extend(range(len(values)))
        self.m.proto.solution_hint.values.extend(values)
        return completion.objective_value


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_solution: Callable[[float, float, float], None]) -> None:
        super().__init__()
        self.on_solution = on_solution

    def on_solution_callback(self) -> None:
        self.on_solution(self.wall_time, self.objective_value, self.best_objective_bound)


def solve(
    scenario: Scenario,
    *,
    time_limit: float = 60.0,
    workers: int | None = None,
    seed: int = 0,
    previous: list[Event] | None = None,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> Solution:
    """Plan the scenario: one CP-SAT model per component of regions sharing staff.

    A re-plan first tries the *local* problem: every previous fair of a region
    the change does not touch is pinned, and only the touched regions are
    modelled. That is exact whenever the local problem meets every rule (a
    pinned region's fairs are all still legal and its rules still met), and
    it is small enough to solve to optimality in well under a second; when it
    leaves a rule unmet the whole problem is solved.
    """
    args = _Args.make(scenario, previous, workers=workers, seed=seed, progress=progress, stop=stop)
    t0, reqs, prior = args.t0, args.reqs, args.prior
    if prior:
        touched, pinned = _touched(scenario, args.cal, reqs, args.fixed, prior)
        if len(touched) < len({r.region_id for r in reqs} | {e.region_id for e in prior}):
            local = _solve_scope(args, time_limit, touched, pinned)
            if not local.slack and local.stats.status in ("optimal", "feasible"):
                local.stats.scope = f"local: {len(touched)} regions"
                return local
    return _solve_scope(args, time_limit - (time.monotonic() - t0), None, [])


@dataclass
class _Args:
    """What every solve (and `score`) of a scenario starts from."""

    scenario: Scenario
    weights: Weights
    cal: WorkCalendar
    reqs: list[Requirement]
    fixed: list[Event]  # locked fairs
    prior: list[Event]  # fairs to keep if possible: unlocked existing ones and `previous`
    workers: int | None = None
    seed: int = 0
    progress: Progress | None = None
    stop: threading.Event | None = None
    t0: float = 0.0

    @classmethod
    def make(cls, scenario: Scenario, previous: list[Event] | None, **kw: Any) -> _Args:
        return cls(
            scenario,
            Weights.from_scenario(scenario),
            WorkCalendar.for_settings(scenario.settings),
            requirements(scenario),
            [e for e in scenario.events if e.locked],
            [e for e in scenario.events if not e.locked] + list(previous or []),
            t0=time.monotonic(),
            **kw,
        )

    def model(
        self,
        cells: list[Cell],
        req_ids: list[int],
        theme_mins: dict[str, int],
        fixed: list[Event],
        prior: list[Event],
    ) -> _Model:
        """The model of one component: its cells, and whatever else lies in its regions."""
        regions = {c.region_id for c in cells}
        return _Model(
            self.scenario,
            cells,
            [(i, self.reqs[i]) for i in req_ids if self.reqs[i].region_id in regions],
            {g: n for g, n in theme_mins.items() if g in regions},
            [e for e in fixed if e.region_id in regions],
            [e for e in prior if e.region_id in regions],
            self.weights,
            self.cal,
        )


def _touched(
    scenario: Scenario,
    cal: WorkCalendar,
    reqs: list[Requirement],
    fixed: list[Event],
    prior: list[Event],
) -> tuple[set[str], list[Event]]:
    """Regions a re-plan must look at again, and the previous fairs pinned elsewhere.

    A region is touched when one of its previous fairs is no longer legal on
    its own (day, venue, pool), shares an overbooked venue-day or pool-day, or
    when its rules or theme minimums are not met by its legal previous fairs.
    """
    from scheduler.rules import Fair, count

    touched: set[str] = set()
    legal: list[Event] = []
    for e in prior:
        if fits(scenario, cal, e):
            legal.append(e)
        else:
            touched.add(e.region_id)
    every = fixed + legal
    venue_day: dict[tuple[str, dt.date], list[Event]] = defaultdict(list)
    pool_day: dict[tuple[str, dt.date], list[Event]] = defaultdict(list)
    for e in every:
        venue_day[(e.venue_id, e.date)].append(e)
        pool_day[(e.pool_id, e.date)].append(e)
    for es in venue_day.values():
        if len(es) > 1:
            touched.update(e.region_id for e in es)
    for (pool_id, _), es in pool_day.items():
        if sum(scenario.kinds[e.kind].staff for e in es) > scenario.pools[pool_id].headcount:
            touched.update(e.region_id for e in es)
    counts = count(
        reqs, [Fair(e.region_id, e.kind, e.date) for e in every if e.region_id not in touched]
    )
    touched.update(r.region_id for r, n in zip(reqs, counts, strict=True) if n < r.required)
    for g, need in _theme_minimums(scenario).items():
        if sum(1 for e in every if e.region_id == g and e.kind == "specialized") < need:
            touched.add(g)
    pinned = [e for e in legal if e.region_id not in touched]
    return touched, pinned


def _solve_scope(
    args: _Args, time_limit: float, only: set[str] | None, pinned: list[Event]
) -> Solution:
    """Solve all regions (`only` None) or only some, with `pinned` fairs kept as they are.

    Models are built one component at a time and dropped after their solve, so
    memory holds one model at most. Every component starts from the smart
    greedy plan, which exists for all of them within seconds: that is the
    first plan, and a component whose search is cut off keeps it.
    """
    from scheduler.greedy import greedy  # greedy builds on Placement; imported late

    s, w, t0 = args.scenario, args.weights, args.t0
    start_time = time.monotonic()
    reqs = args.reqs
    idx = [i for i, r in enumerate(reqs) if only is None or r.region_id in only]
    scoped_reqs = [reqs[i] for i in idx]
    fixed = [e for e in args.fixed if only is None or e.region_id in only] + pinned
    all_mins = _theme_minimums(s)
    theme_mins = {g: n for g, n in all_mins.items() if only is None or g in only}
    every_req = list(range(len(reqs)))
    prior = [e for e in args.prior if only is None or e.region_id in only]
    cells = build_cells(s, args.cal, scoped_reqs, fixed, theme_mins)
    groups = components(s, cells)
    by_region: dict[str, list[Cell]] = defaultdict(list)
    for c in cells.values():
        by_region[c.region_id].append(c)

    # requirements in regions without any cell are all slack: nothing to model
    covered = {g for grp in groups for g in grp}
    slack = {
        i: reqs[i].required for i in idx if reqs[i].region_id not in covered and reqs[i].required
    }
    const = w.shortfall * (
        sum(slack.values()) + sum(n for g, n in theme_mins.items() if g not in covered)
    )

    start = greedy(s, keep=pinned + prior, reqs=scoped_reqs)
    stats = SolveStats(components=len(groups))
    stats.first_solution_s = time.monotonic() - t0  # the greedy plan: complete and legal
    incumbent: list[float | None] = [None] * len(groups)
    bounds = [0.0] * len(groups)
    current = 0

    def emit() -> None:
        if args.progress is None:
            return
        known = [v for v in incumbent if v is not None]
        obj = const + sum(known)
        bound = const + sum(bounds[: len(known)])
        args.progress(
            {
                "elapsed": time.monotonic() - t0,
                "objective": obj,
                "bound": bound,
                "gap": abs(obj - bound) / max(abs(obj), 1e-9),
                "component": current,
                "components": len(groups),
            }
        )

    placements: list[Placement] = []
    statuses = []
    left = len(cells) or 1
    for gi, group in enumerate(groups):
        current = gi + 1
        members = set(group)
        comp_cells = [c for g in group for c in by_region[g]]
        # every requirement and theme minimum of the component's regions, pinned ones
        # included (met by their pinned fairs): the objective is then the full one
        model = args.model(comp_cells, every_req, all_mins, fixed, prior)
        comp_start = [p for p in start if p.region_id in members]
        incumbent[gi] = model.warm_start(comp_start)
        remaining = max(0.1, time_limit - (time.monotonic() - start_time))
        budget = remaining * len(comp_cells) / max(left, 1)
        left -= len(comp_cells)
        solver = cp_model.CpSolver()
        _configure(solver.parameters, budget, args.workers, args.seed)

        def on_solution(wall: float, obj: float, bound: float, gi: int = gi) -> None:
            incumbent[gi] = obj
            bounds[gi] = bound
            emit()

        if args.stop is not None:
            if args.stop.is_set():
                solver.parameters.max_time_in_seconds = 0.0
            threading.Thread(target=_stop_when, args=(args.stop, solver), daemon=True).start()
        status = solver.solve(model.m, _Progress(on_solution))
        bounds[gi] = min(solver.best_objective_bound, incumbent[gi] or math.inf)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            statuses.append("optimal" if status == cp_model.OPTIMAL else "feasible")
            incumbent[gi] = solver.objective_value
            bounds[gi] = solver.best_objective_bound
            for i, var in model.slack.items():
                if solver.value(var):
                    slack[i] = int(solver.value(var))
            placements.extend(_placements(model, solver))
        elif status == cp_model.INFEASIBLE:
            statuses.append("infeasible")  # locked fairs that cannot all be kept
        elif incumbent[gi] is not None:
            statuses.append("feasible")  # the search was cut off: keep the warm start
            placements.extend(comp_start)
        else:
            statuses.append("unknown")
        emit()
        del model, solver

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
    stats.wall_time_s = time.monotonic() - t0
    placements.sort(key=lambda p: (p.day, p.region_id, p.kind, p.venue_id))
    return Solution(placements, stats, reqs, slack)


@dataclass(frozen=True)
class Score:
    """A plan priced with the planner's objective (see `score`)."""

    objective: float | None  # None: some component's model rejected the placements
    shortfall: int  # missing fairs, as the model's slacks count them
    fairs: int
    penalty: float | None  # objective minus the fair and shortfall terms: what quality costs
    seconds: float


def score(
    scenario: Scenario, placements: list[Placement], previous: list[Event] | None = None
) -> Score:
    """Price any plan (e.g. a hand-made or greedy one) with exactly the planner's objective.

    It builds the same per-component models as `solve`, fixes the fair
    variables to the placements and completes the rest (slacks, excesses,
    loads) — so plans from anywhere are compared on equal terms.
    """
    t0 = time.perf_counter()
    args = _Args.make(scenario, previous)
    reqs, weights, theme_mins = args.reqs, args.weights, _theme_minimums(scenario)
    cells = build_cells(scenario, args.cal, reqs, args.fixed, theme_mins)
    groups = components(scenario, cells)
    by_region: dict[str, list[Cell]] = defaultdict(list)
    for c in cells.values():
        by_region[c.region_id].append(c)
    covered = {g for grp in groups for g in grp}
    shortfall = sum(r.required for r in reqs if r.region_id not in covered) + sum(
        n for g, n in theme_mins.items() if g not in covered
    )
    objective: float | None = float(weights.shortfall * shortfall)
    every_req = list(range(len(reqs)))
    for group in groups:
        comp_cells = [c for g in group for c in by_region[g]]
        model = args.model(comp_cells, every_req, theme_mins, args.fixed, args.prior)
        members = set(group)
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


def _configure(prm: Any, budget: float, workers: int | None, seed: int) -> None:
    """Solver parameters that prove the bound on small machines too.

    With few workers CP-SAT's default portfolio runs no subsolver with the full
    LP relaxation, and the bound of this covering model stalls at 0; the
    `max_lp` subsolver (linearization level 2) proves optimality at once.
    """
    n = workers or os.cpu_count() or 1
    prm.num_workers = n
    prm.random_seed = seed
    # the caller decides what Ctrl-C means (the CLI: stop and keep the best plan, via
    # `stop`); CP-SAT's own handler would end only the component being solved
    prm.catch_sigint_signal = False
    # presolve costs seconds on these models and gains nothing measurable
    prm.cp_model_presolve = False
    if n == 1:
        prm.linearization_level = 2
        # deterministic: the same input and seed give the same plan, so the
        # limit is in CP-SAT's deterministic time (roughly seconds), with a
        # generous wall-clock backstop
        prm.max_deterministic_time = budget
        prm.max_time_in_seconds = 3 * budget + 5
    else:
        if n < 8:
            prm.subsolvers.extend(["max_lp", "default_lp"])
        prm.max_time_in_seconds = budget


def _stop_when(stop: threading.Event, solver: cp_model.CpSolver) -> None:
    stop.wait()
    solver.stop_search()


def _placements(model: _Model, solver: cp_model.CpSolver) -> list[Placement]:
    """Read the fairs off the solution; pools are dealt out within each staffing group."""
    chosen: dict[tuple[tuple[str, ...], str, dt.date], list[tuple[Cell, str]]] = defaultdict(list)
    for c in model.cells:
        for v in c.venues:
            if solver.value(model.y[(c, v)]):
                chosen[(c.pools, c.kind, c.day)].append((c, v))
    out = []
    for key, fairs in chosen.items():
        pools: list[str] = []
        for p, share in model.staffing[key].items():
            pools += [p] * int(solver.value(share))
        free = []
        for c, v in fairs:  # locked fairs keep their own pool
            locked = model.fixed.get((c.region_id, c.kind, c.day, v))
            if locked is not None and locked in pools:
                pools.remove(locked)
                out.append(Placement(c.region_id, c.kind, c.day, v, locked))
            else:
                free.append((c, v))
        for (c, v), p in zip(free, pools, strict=True):
            out.append(Placement(c.region_id, c.kind, c.day, v, p))
    return out
