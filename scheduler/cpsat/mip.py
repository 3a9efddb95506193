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
import re
import select
import signal
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.math_opt import (
    callback_pb2,
    model_parameters_pb2,
    model_pb2,
    parameters_pb2,
    result_pb2,
    solution_pb2,
)
from ortools.math_opt.core.python import solver as core_solver
from ortools.math_opt.python import mathopt

from scheduler.cpsat.linear import INF, Ints, LinearModel, Rows
from scheduler.cpsat.memory import release_memory

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
    on_bound: Callable[[float], None] | None = None,
) -> MipRun:
    """Solve `lin` (minimizing the named terms) with a MIP solver within `time_limit` s.

    Every objective here is a whole number, so "optimal" means proven to within less
    than 1 (no relative tolerance): the gap reported is the gap. `node_limit` stops the
    search after that many branch-and-bound nodes, which, unlike the clock, gives the
    same result on every run. `on_bound` hears each better dual bound while the branch
    and cut runs (read from HiGHS's log lines), so progress can show it before the end.

    MathOpt cannot interrupt HiGHS, so with `stopped` (a stop request, e.g. Ctrl-C) the
    solve runs in a forked child process that is ended when `stopped()` turns true; the
    run then returns without a solution and the caller keeps its plan.
    """
    job = (lin, terms, time_limit, solver, hint, threads, node_limit, seed)
    if stopped is None or not hasattr(os, "fork"):
        return _solve(*job, on_bound=on_bound)
    return _in_child(job, stopped, on_bound)


def _in_child(
    job: tuple[object, ...],
    stopped: Callable[[], bool],
    on_bound: Callable[[float], None] | None,
) -> MipRun:
    t0 = time.monotonic()
    read, write = os.pipe()
    bread, bwrite = os.pipe()  # the dual bounds found on the way, 8 bytes each
    pid = os.fork()
    if pid == 0:  # the child: solve, send the result, leave without cleanup
        os.close(read)
        os.close(bread)

        def send(bound: float) -> None:
            os.write(bwrite, struct.pack("<d", bound))

        try:
            data = pickle.dumps(_solve(*job, on_bound=send))  # type: ignore[arg-type]
        except BaseException as exc:  # the parent reports it
            data = pickle.dumps(exc)
        with os.fdopen(write, "wb") as out:
            out.write(data)
        os._exit(0)
    os.close(write)
    os.close(bwrite)
    chunks: list[bytes] = []
    pending = b""
    try:
        while True:
            ready, _, _ = select.select([read, bread], [], [], 0.1)
            if bread in ready:
                pending += os.read(bread, 1 << 12)
                whole = len(pending) // 8 * 8
                for (bound,) in struct.iter_unpack("<d", pending[:whole]):
                    if on_bound is not None:
                        on_bound(bound)
                pending = pending[whole:]
            if read in ready:
                chunk = os.read(read, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            elif not ready and stopped():
                os.kill(pid, signal.SIGKILL)
                return MipRun("unknown", None, None, 0.0, time.monotonic() - t0)
    finally:
        os.close(read)
        os.close(bread)
        os.waitpid(pid, 0)
    result = pickle.loads(b"".join(chunks))
    if isinstance(result, BaseException):
        raise result
    return result  # type: ignore[no-any-return]


#: a row of HiGHS's branch-and-bound log: [source] nodes, queue, leaves, explored %,
#: then the best bound and the best solution
_LOG_ROW = re.compile(r"^\s*[A-Za-z]?\s+\d+\s+\d+\s+\d+\s+[\d.]+%\s+(\S+)\s+(\S+)\s")


def bound_of(line: str) -> float | None:
    """The dual bound in one line of HiGHS's log (None: not a progress row, or -inf)."""
    m = _LOG_ROW.match(line)
    if m is None:
        return None
    try:
        value = float(m.group(1))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _bounds(on_bound: Callable[[float], None] | None) -> Callable[[list[str]], None] | None:
    """A MathOpt message callback passing each better dual bound to `on_bound`."""
    if on_bound is None:
        return None
    best = [-math.inf]

    def lines(batch: list[str]) -> None:
        for line in batch:
            value = bound_of(line)
            if value is not None and value > best[0] + 1e-9:
                best[0] = value
                on_bound(value)

    return lines


def _solve(
    lin: LinearModel,
    terms: list[str] | None,
    time_limit: float,
    solver: str,
    hint: Ints | None,
    threads: int,
    node_limit: int | None,
    seed: int,
    *,
    on_bound: Callable[[float], None] | None = None,
) -> MipRun:
    """The solve itself, on the model proto (no Python model object: half the memory)."""
    params = mathopt.SolveParameters(
        time_limit=dt.timedelta(seconds=max(time_limit, 0.01)),
        threads=None if solver == "highs" else threads,  # HiGHS: set through its globals
        node_limit=node_limit,
        random_seed=seed,
        relative_gap_tolerance=0.0,
        absolute_gap_tolerance=0.999,
    )
    model_params = model_parameters_pb2.ModelSolveParametersProto()
    if hint is not None and solver != "highs":  # MathOpt's HiGHS takes no hints
        values = model_params.solution_hints.add().variable_values
        values.ids.extend(range(lin.n_vars))
        values.values.extend(hint.astype(float).tolist())
    on_lines = _bounds(on_bound) if solver == "highs" else None
    try:
        res = core_solver.solve(
            to_model_proto(lin, terms),
            SOLVERS[solver].value,
            parameters_pb2.SolverInitializerProto(),
            params.to_proto(),
            model_params,
            on_lines,
            callback_pb2.CallbackRegistrationProto(),
            None,
            None,
        )
    finally:
        release_memory()
    reason = res.termination.reason
    dual = res.termination.objective_bounds.dual_bound
    stats = res.solve_stats
    seconds = stats.solve_time.seconds + stats.solve_time.nanos / 1e9
    nodes = stats.node_count
    bound = math.ceil(dual - 1e-6) if math.isfinite(dual) else 0.0
    primal = [
        s.primal_solution
        for s in res.solutions
        if s.HasField("primal_solution")
        and s.primal_solution.feasibility_status == solution_pb2.SOLUTION_STATUS_FEASIBLE
    ]
    if not primal:
        infeasible = reason == result_pb2.TERMINATION_REASON_INFEASIBLE
        return MipRun("infeasible" if infeasible else "unknown", None, None, bound, seconds, nodes)
    best = primal[0]
    x = np.zeros(lin.n_vars, dtype=np.int64)
    ids = np.fromiter(best.variable_values.ids, dtype=np.int64)
    x[ids] = np.rint(np.fromiter(best.variable_values.values, dtype=float)).astype(np.int64)
    status = "optimal" if reason == result_pb2.TERMINATION_REASON_OPTIMAL else "feasible"
    return MipRun(status, x, best.objective_value, bound, seconds, nodes)
