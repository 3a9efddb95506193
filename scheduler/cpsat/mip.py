"""The MIP peer: the same `LinearModel`, solved by a MIP solver through OR-Tools MathOpt.

The arrays of a component's model are written into a MathOpt `ModelProto` (variables,
rows as one sparse matrix, the objective) and solved by HiGHS or SCIP, both shipped with
OR-Tools. Same model, same start, same time limit: the benchmark's `solver: mip` rows
compare the planner with it, and its dual bound is an independent check of CP-SAT's.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.math_opt import model_pb2
from ortools.math_opt.python import mathopt

from scheduler.cpsat.linear import INF, Ints, LinearModel, Rows

SOLVERS = {"highs": mathopt.SolverType.HIGHS, "scip": mathopt.SolverType.GSCIP}


@dataclass(frozen=True)
class MipRun:
    status: str  # optimal | feasible | infeasible | unknown
    x: Ints | None
    objective: float | None
    bound: float
    seconds: float
    nodes: int = 0


def _f(x: int) -> float:
    if x <= -INF:
        return -math.inf
    if x >= INF:
        return math.inf
    return float(x)


def to_model_proto(lin: LinearModel, terms: list[str] | None = None) -> model_pb2.ModelProto:
    """`lin` as a MathOpt model minimizing the named terms (every variable integer)."""
    proto = model_pb2.ModelProto()
    lb, ub = lin.bounds()
    var = proto.variables
    var.ids.extend(range(lin.n_vars))
    var.lower_bounds.extend(lb.astype(float).tolist())
    var.upper_bounds.extend(ub.astype(float).tolist())
    var.integers.extend([True] * lin.n_vars)
    blocks: list[Rows] = list(lin.rows)
    blocks += [ex.as_rows() for ex in lin.excess]  # expr − aux ≤ rhs
    cons, mat = proto.linear_constraints, proto.linear_constraint_matrix
    first = 0
    for rows in blocks:
        n = len(rows)
        cons.ids.extend(range(first, first + n))
        cons.lower_bounds.extend([_f(x) for x in rows.lo.tolist()])
        cons.upper_bounds.extend([_f(x) for x in rows.hi.tolist()])
        row_of = np.repeat(np.arange(first, first + n, dtype=np.int64), np.diff(rows.ptr))
        # row-major with distinct columns: sort each row's entries by variable
        order = np.lexsort((rows.var, row_of))
        mat.row_ids.extend(row_of[order].tolist())
        mat.column_ids.extend(rows.var[order].tolist())
        mat.coefficients.extend(rows.coef[order].astype(float).tolist())
        first += n
    ov, oc, offset = lin.objective_arrays(terms)
    proto.objective.maximize = False
    proto.objective.offset = float(offset)
    proto.objective.linear_coefficients.ids.extend(ov.tolist())
    proto.objective.linear_coefficients.values.extend(oc.astype(float).tolist())
    return proto


def solve(
    lin: LinearModel,
    terms: list[str] | None,
    time_limit: float,
    *,
    solver: str = "highs",
    hint: Ints | None = None,
    threads: int = 1,
    node_limit: int | None = None,
    seed: int = 0,
    stopped: Callable[[], bool] | None = None,
) -> MipRun:
    """Solve `lin` (minimizing the named terms) with a MIP solver within `time_limit` s.

    Every objective here is a whole number, so "optimal" means proven to within less
    than 1 (no relative tolerance): the gap reported is the gap. `node_limit` stops the
    search after that many branch-and-bound nodes, which, unlike the clock, gives the
    same result on every run.

    MathOpt cannot interrupt HiGHS, so with `stopped` (a stop request, e.g. Ctrl-C) the
    solve runs in a forked child process that is ended when `stopped()` turns true; the
    run then returns without a solution and the caller keeps its plan.
    """
    job = (lin, terms, time_limit, solver, hint, threads, node_limit, seed)
    if stopped is None or not hasattr(os, "fork"):
        return _solve(*job)
    return _in_child(job, stopped)


def _in_child(job: tuple[object, ...], stopped: Callable[[], bool]) -> MipRun:
    t0 = time.monotonic()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: solve, send the result, leave without cleanup
        os.close(read)
        try:
            data = pickle.dumps(_solve(*job))  # type: ignore[arg-type]
        except BaseException as exc:  # the parent reports it
            data = pickle.dumps(exc)
        with os.fdopen(write, "wb") as out:
            out.write(data)
        os._exit(0)
    os.close(write)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([read], [], [], 0.1)
            if ready:
                chunk = os.read(read, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            elif stopped():
                os.kill(pid, signal.SIGKILL)
                return MipRun("unknown", None, None, 0.0, time.monotonic() - t0)
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    result = pickle.loads(b"".join(chunks))
    if isinstance(result, BaseException):
        raise result
    return result  # type: ignore[no-any-return]


def _solve(
    lin: LinearModel,
    terms: list[str] | None,
    time_limit: float,
    solver: str,
    hint: Ints | None,
    threads: int,
    node_limit: int | None,
    seed: int,
) -> MipRun:
    model = mathopt.Model.from_model_proto(to_model_proto(lin, terms))
    variables = list(model.variables())
    params = mathopt.SolveParameters(
        time_limit=dt.timedelta(seconds=max(time_limit, 0.01)),
        threads=None if solver == "highs" else threads,  # HiGHS: set through its globals
        node_limit=node_limit,
        random_seed=seed,
        relative_gap_tolerance=0.0,
        absolute_gap_tolerance=0.999,
    )
    model_params = mathopt.ModelSolveParameters()
    if hint is not None and solver != "highs":  # MathOpt's HiGHS takes no hints
        values = {v: float(x) for v, x in zip(variables, hint.tolist(), strict=True)}
        model_params = mathopt.ModelSolveParameters(
            solution_hints=[mathopt.SolutionHint(variable_values=values)]
        )
    result = mathopt.solve(model, SOLVERS[solver], params=params, model_params=model_params)
    reason = result.termination.reason
    bounds = result.termination.objective_bounds
    seconds = result.solve_stats.solve_time.total_seconds()
    nodes = result.solve_stats.node_count
    bound = math.ceil(bounds.dual_bound - 1e-6) if math.isfinite(bounds.dual_bound) else 0.0
    if not result.has_primal_feasible_solution():
        status = "infeasible" if reason == mathopt.TerminationReason.INFEASIBLE else "unknown"
        return MipRun(status, None, None, bound, seconds, nodes)
    values = result.variable_values(variables)
    x = np.rint(np.array(values, dtype=float)).astype(np.int64)
    status = "optimal" if reason == mathopt.TerminationReason.OPTIMAL else "feasible"
    return MipRun(status, x, result.objective_value(), bound, seconds, nodes)
