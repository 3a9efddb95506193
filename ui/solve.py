"""Planning in a separate process, so the app stays responsive (issue 5).

CP-SAT holds the GIL for long stretches and uses every core; run inside the
Streamlit server it would freeze every user's page. `SolveJob` starts
`make_plan` in a fresh (spawned) process and talks to it through one queue:

- ``("progress", {elapsed, objective, bound, gap, component, components})`` —
  each improvement, exactly as `make_plan`'s `progress` callback gives it;
- ``("result", PlanResult)`` or ``("error", message)`` — once, at the end.

`stop()` sets a process-shared event; the child turns it into the
`threading.Event` that `make_plan` watches, so a stopped solve still returns
the best plan found so far. `kill()` is the last resort if it does not.
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_mod
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.context import SpawnProcess
    from multiprocessing.synchronize import Event as MpEvent

    from scheduler.model import Scenario
    from scheduler.plan import PlanResult
    from scheduler.schedule import ScheduledFair


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 20.0
    workers: int | None = None
    seed: int = 0


def _worker(
    scenario: Scenario,
    options: SolveOptions,
    previous: list[ScheduledFair] | None,
    out: mp.Queue[tuple[str, Any]],
    stop_shared: MpEvent,
) -> None:
    """The child process: plan, streaming progress; always ends with a result or an error."""
    from scheduler.plan import PlanCheckError, make_plan

    stop = threading.Event()

    def relay() -> None:
        stop_shared.wait()
        stop.set()

    threading.Thread(target=relay, daemon=True).start()
    try:
        result = make_plan(
            scenario,
            time_limit=options.time_limit,
            workers=options.workers,
            seed=options.seed,
            previous=previous,
            progress=lambda event: out.put(("progress", dict(event))),
            stop=stop,
        )
        out.put(("result", result))
    except PlanCheckError as exc:
        out.put(("error", "\n".join(exc.violations)))
    except BaseException as exc:  # the parent must always hear back
        out.put(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"))


@dataclass
class SolveJob:
    """One solve running in its own process; poll it from the page."""

    scenario: Scenario
    options: SolveOptions
    previous: list[ScheduledFair] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    result: PlanResult | None = None
    error: str | None = None
    started: float = 0.0
    stopping: bool = False

    def __post_init__(self) -> None:
        ctx = mp.get_context("spawn")  # never fork a threaded server
        self._queue: mp.Queue[tuple[str, Any]] = ctx.Queue()
        self._stop: MpEvent = ctx.Event()
        self._process: SpawnProcess = ctx.Process(
            target=_worker,
            args=(self.scenario, self.options, self.previous, self._queue, self._stop),
            daemon=True,
            name="fairplan-solve",
        )

    def start(self) -> SolveJob:
        self.started = time.monotonic()
        self._process.start()
        return self

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started if self.started else 0.0

    @property
    def done(self) -> bool:
        return self.result is not None or self.error is not None

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def poll(self) -> bool:
        """Take every message waiting; True once the job has finished (result or error)."""
        while not self.done:
            try:
                kind, payload = self._queue.get_nowait()
            except queue_mod.Empty:
                break
            if kind == "progress":
                self.events.append(payload)
            elif kind == "result":
                self.result = payload
            else:
                self.error = str(payload)
        if not self.done and not self._process.is_alive():
            # it may have put its last message just before exiting
            try:
                kind, payload = self._queue.get(timeout=1.0)
                if kind == "result":
                    self.result = payload
                elif kind == "error":
                    self.error = str(payload)
            except queue_mod.Empty:
                pass
            if not self.done:
                self.error = (
                    f"the solver process ended unexpectedly (exit code {self._process.exitcode})"
                )
        if self.done:
            self._process.join(timeout=5)
        return self.done

    def wait(self, timeout: float) -> bool:
        """Poll until finished or `timeout` seconds pass (for scripts and tests)."""
        deadline = time.monotonic() + timeout
        while not self.poll() and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.done

    def stop(self) -> None:
        """Ask the solver to stop and return its best plan so far."""
        self.stopping = True
        self._stop.set()

    def kill(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=5)
        if not self.done:
            self.error = "stopped"
