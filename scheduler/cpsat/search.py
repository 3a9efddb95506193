"""Running CP-SAT on one model: parameters, progress, stopping, and what came out.

A solve's outcome is a `Run` (status, the solution's values, objective and bound), so the
caller never holds the solver or its response beyond the call: memory is freed as soon as
a component is done.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from scheduler.cpsat.linear import Ints

#: on each improvement: (objective, bound) of the model being solved
OnSolution = Callable[[float, float], None]


@dataclass(frozen=True)
class Run:
    status: str  # optimal | feasible | infeasible | unknown
    x: Ints | None  # every variable's value (None without a solution)
    objective: float | None
    bound: float
    seconds: float
    deterministic: bool = False  # stopped by a deterministic limit, not by the clock


def configure(prm: Any, budget: float, workers: int | None, seed: int) -> None:
    """Solver parameters that prove the bound on small machines too.

    With few workers CP-SAT's default portfolio runs no subsolver with the full LP
    relaxation, and the bound of this covering model stalls at 0; the `max_lp`
    subsolver (linearization level 2) proves optimality at once.
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


class StopRelay:
    """One watcher per plan that turns `stop` into `stop_search()` on the running solver.

    The solver is registered only while it runs, so nothing outlives its component
    (a watcher per component, blocked on `stop` forever, kept every component's
    solver and response alive: memory grew with the time limit).
    """

    def __init__(self, stop: threading.Event | None) -> None:
        self.stop = stop
        self._solver: cp_model.CpSolver | None = None
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        if stop is not None:
            self._thread = threading.Thread(target=self._watch, name="fairplan-stop", daemon=True)
            self._thread.start()

    @property
    def stopped(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def _watch(self) -> None:
        assert self.stop is not None
        while not self._done.is_set():
            if self.stop.wait(0.1):
                with self._lock:
                    if self._solver is not None:
                        self._solver.stop_search()
                self._done.wait(0.1)

    @contextlib.contextmanager
    def running(self, solver: cp_model.CpSolver) -> Iterator[None]:
        with self._lock:
            self._solver = solver
        try:
            yield
        finally:
            with self._lock:
                self._solver = None

    def close(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_solution: OnSolution) -> None:
        super().__init__()
        self.on_solution = on_solution

    def on_solution_callback(self) -> None:
        self.on_solution(self.objective_value, self.best_objective_bound)


_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
}


def run(
    model: cp_model.CpModel,
    budget: float,
    *,
    workers: int | None,
    seed: int,
    relay: StopRelay,
    on_solution: OnSolution | None = None,
    params: Callable[[Any], None] | None = None,
    exact: bool = False,
) -> Run:
    """Solve `model` within `budget` seconds; the solver is dropped before returning.

    `exact`: interleaved search under a deterministic time limit (the clock only as a
    backstop), so the same model and seed give the same result on every run.
    """
    solver = cp_model.CpSolver()
    configure(solver.parameters, budget, workers, seed)
    if exact:
        prm = solver.parameters
        prm.interleave_search = True
        prm.max_deterministic_time = budget
        prm.max_time_in_seconds = 2 * budget + 1
    if params is not None:
        params(solver.parameters)
    if relay.stopped:
        solver.parameters.max_time_in_seconds = 0.0
    with relay.running(solver):
        status = solver.solve(model, _Callback(on_solution) if on_solution else None)
    name = _STATUS.get(status, "unknown")
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return Run(
        name,
        np.asarray(solver.response_proto.solution, dtype=np.int64) if found else None,
        solver.objective_value if found else None,
        solver.best_objective_bound,
        solver.wall_time,
        solver.parameters.max_deterministic_time < 1e9
        and solver.wall_time < solver.parameters.max_time_in_seconds - 0.05
        and not relay.stopped,
    )
