"""Improving a plan city by city: the model restricted to one neighbourhood, solved exactly.

A branch-and-cut on a whole province finds its first good plan only after its root
(cuts and heuristics), which on a busy machine can take the whole time a part gets. So
the quality level first improves the plan *neighbourhood by neighbourhood*: a city and
the regions below it are set free, everything else is fixed at the current plan, and the
restricted model — a few hundred variables — is solved to optimality by CP-SAT (one
worker, deterministic) in a fraction of a second. Rows, excesses and terms are restricted with numpy
(`restrict`): fixed variables become constants of their rows, so the restricted model is
exactly the full model around the current plan, and accepting its optimum never makes
the plan worse or breaks a rule. Each neighbourhood is solved to optimality, so a pass
gives the same plan on every run.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scheduler.cpsat import mip, proto, search
from scheduler.cpsat.linear import Excess, Ints, LinearModel, Rows, Term, segment_sums
from scheduler.cpsat.model import ComponentModel
from scheduler.model import Scenario

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Restricted:
    lin: LinearModel
    free: Ints  # the full model's index of each restricted variable


def _rows(rows: Rows, keep: Mask, x: Ints, new_index: Ints) -> tuple[Rows, Ints, Mask]:
    """The rows with fixed variables moved to the bounds; rows without a free variable go.

    Returns the restricted rows, the fixed part of each kept row, and which rows are kept.
    """
    free_entry = keep[rows.var]
    fixed = segment_sums(np.where(free_entry, 0, rows.coef * x[rows.var]), rows.ptr)
    n_free = segment_sums(free_entry.astype(np.int64), rows.ptr)
    kept_rows = n_free > 0
    idx = np.flatnonzero(kept_rows)
    sub = rows.take(idx)
    entry = keep[sub.var]
    ptr = np.zeros(len(idx) + 1, dtype=np.int64)
    np.cumsum(n_free[idx], out=ptr[1:])
    out = Rows(
        rows.name,
        ptr,
        new_index[sub.var[entry]],
        sub.coef[entry],
        sub.lo - fixed[idx],
        sub.hi - fixed[idx],
        rows.at_most_one,
    )
    return out, fixed[idx], kept_rows


def restrict(lin: LinearModel, free_vars: Mask, x: Ints) -> Restricted:
    """`lin` with every variable outside `free_vars` fixed at `x` (auxiliaries whose rows
    hold a free variable are freed too)."""
    keep = free_vars.copy()
    for ex in lin.excess:  # in order: an excess may read an earlier one's auxiliaries
        has_free = segment_sums(keep[ex.expr.var].astype(np.int64), ex.expr.ptr) > 0
        keep[ex.aux[has_free]] = True
    free = np.flatnonzero(keep)
    new_index = np.full(lin.n_vars, -1, dtype=np.int64)
    new_index[free] = np.arange(len(free))
    lb, ub = lin.bounds()
    sub = LinearModel()
    sub.add_vars(len(free), lb[free], ub[free])
    for rows in lin.rows:
        r, _, _ = _rows(rows, keep, x, new_index)
        if len(r):
            sub.rows.append(r)
    for ex in lin.excess:
        expr, fixed, kept_rows = _rows(ex.expr, keep, x, new_index)
        aux = ex.aux[kept_rows]
        sub.excess.append(Excess(ex.name, new_index[aux], expr, ex.rhs[kept_rows] - fixed))
    for t in lin.terms:
        on = keep[t.var]
        sub.terms.append(Term(t.name, t.weight, new_index[t.var[on]], t.coef[on]))
    return Restricted(sub, free)


def neighbourhoods(scenario: Scenario, model: ComponentModel) -> list[Ints]:
    """Per city (or region above cities), the slots of it and every region below it."""
    cells = model.cells
    names = cells.names
    by_city: dict[str, list[int]] = defaultdict(list)
    for g in cells.regions_present():
        region = names.regions[g]
        by_city[scenario.city_of(region) or region].append(g)
    region_of_slot = cells.region[cells.slot_cell]
    out = []
    for _, regions in sorted(by_city.items()):
        out.append(np.flatnonzero(np.isin(region_of_slot, regions)))
    return out


def improve(
    model: ComponentModel,
    scenario: Scenario,
    x: Ints,
    terms: list[str],
    deadline: float,
    *,
    stopped: Callable[[], bool] | None = None,
    on_better: Callable[[Ints], None] | None = None,
    solver: str = "cpsat",
    relay: search.StopRelay | None = None,
    seed: int = 0,
) -> tuple[Ints, bool]:
    """Passes over the neighbourhoods until a pass improves nothing or time runs out.

    Each neighbourhood is solved by `solver`: CP-SAT (the planner's; one worker under a
    deterministic time limit) or a MIP solver through MathOpt (`highs`, `scip`).
    Returns the plan and whether it is the same on every run: the search ended on its own
    (a whole pass without an improvement) and every neighbourhood was solved exactly or
    stopped by a deterministic limit.
    """
    lin, st = model.lin, model.v.staffing
    best = lin.evaluate(x)
    value = best.objective(terms)
    hoods = neighbourhoods(scenario, model)
    slot_group = st.cell_group[model.cells.slot_cell]
    improved, exact = True, True
    while improved:
        improved = False
        for slots in hoods:
            left = deadline - time.monotonic()
            if left <= 0.2 or (stopped is not None and stopped()):
                return best.x, False
            free = np.zeros(lin.n_vars, dtype=bool)
            free[model.v.y[slots]] = True
            groups = np.unique(slot_group[slots])
            shares = st.share_var[np.isin(st.share_group, groups) & (st.share_var >= 0)]
            free[shares] = True
            sub = restrict(lin, free, best.x)
            run = _solve(sub.lin, terms, left, best.x[sub.free], solver, relay, seed)
            exact = exact and run.exact  # else its plan depends on the clock
            if run.x is None:
                continue
            trial = best.x.copy()
            trial[sub.free] = run.x
            found = lin.evaluate(trial)
            if found.feasible and found.objective(terms) < value:
                best, value, improved = found, found.objective(terms), True
                if on_better is not None:
                    on_better(best.x)
        if len(hoods) == 1 and exact:
            break  # one neighbourhood, the whole model, solved exactly: nothing left to gain
    return best.x, exact


@dataclass(frozen=True)
class _Sub:
    x: Ints | None
    exact: bool  # optimal, or stopped by a deterministic limit: the same on every run


def _solve(
    lin: LinearModel,
    terms: list[str],
    budget: float,
    hint: Ints,
    solver: str,
    relay: search.StopRelay | None,
    seed: int,
) -> _Sub:
    """One neighbourhood's restricted model, from the current plan (`hint`), in at most
    10 (deterministic) seconds and never past `budget` seconds of the clock."""
    if solver != "cpsat":
        run = mip.solve(lin, terms, min(budget, 10.0), solver=solver, hint=hint)
        return _Sub(run.x, run.status == "optimal")
    cp = proto.to_cp_model(lin, terms)
    proto.hint(cp, hint)
    limit = min(budget, 10.0)
    # one worker under a deterministic limit (`search.configure`): the same on every run;
    # presolve pays here, where most of a neighbourhood's rows are fixed (sample: 8
    # neighbourhoods in 2.0 s with it, 4.2 s without, 11 s with interleaved search)
    cp_run = search.run(
        cp,
        limit,
        workers=1,
        seed=seed,
        relay=relay or search.StopRelay(None),
        params=lambda prm: _params(prm, budget),
    )
    return _Sub(cp_run.x, cp_run.status == "optimal" or cp_run.deterministic)


def _params(prm: Any, wall: float) -> None:
    prm.cp_model_presolve = True
    # the clock as a backstop at the deadline itself: on a loaded machine a deterministic
    # second can take several (a solve the clock stops is not `deterministic`)
    prm.max_time_in_seconds = wall
