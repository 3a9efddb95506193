"""`fairplan plan` and `fairplan demo` (CONTRACT §1, §6): plan a scenario and write every output.

With `--db`, `--user` or `--publish` the plan is also kept in the store (with the
workbook it was planned from) as a draft, and `--publish` makes it the published plan;
without `--previous`, a scenario whose plan is published is re-planned against that plan
(kept fairs keep their event_id, moved ones raise SEQUENCE, fairs locked by hand stay).
See `ui.commands.plans`.
"""

from __future__ import annotations

import argparse
import contextvars
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import texts
from publish.outputs import write_plan
from scheduler.errors import InputError, Problem
from scheduler.plan import PlanCheckError, PlanResult, make_plan
from scheduler.samples import sample_path
from scheduler.scenario import load_scenario
from scheduler.scenario.ids import safe_name
from scheduler.schedule import read_schedule
from texts import tr
from texts.console import solver_status
from ui.commands.plans import Recorder, add_plan_store_args

EXIT_OK, EXIT_FAILED, EXIT_UNMET = 0, 1, 3


def register(sub: Any) -> None:
    about = "\n\n".join(tr(k) for k in ("about.plan", "about.plan_store", "about.exit_codes"))
    p = sub.add_parser("plan", help=tr("help.plan"), description=about)
    p.add_argument("scenario", type=Path, metavar=tr("metavar.scenario"), help=tr("opt.scenario"))
    _solve_options(p, default_limit=60.0, out=tr("opt.plan.out"))
    p.add_argument("--previous", type=Path, metavar=tr("metavar.file"), help=tr("opt.previous"))
    add_plan_store_args(p)
    p.set_defaults(func=run_plan)

    about = "\n\n".join(tr(k) for k in ("about.demo", "about.plan_store", "about.exit_codes"))
    d = sub.add_parser("demo", help=tr("help.demo"), description=about)
    # long enough for the sample to be solved to proven optimality (then the same plan
    # on every run); it stops as soon as it is
    _solve_options(d, default_limit=60.0, out=tr("opt.demo.out"))
    add_plan_store_args(d)
    d.set_defaults(func=run_demo, scenario=None, previous=None)


def _solve_options(p: argparse.ArgumentParser, default_limit: float, out: str) -> None:
    p.add_argument("--out", type=Path, metavar=tr("metavar.dir"), help=out)
    p.add_argument(
        "--time-limit",
        type=float,
        default=default_limit,
        metavar=tr("metavar.seconds"),
        help=tr("opt.time_limit", default=default_limit),
    )
    p.add_argument(
        "--workers", type=int, default=None, metavar=tr("metavar.n"), help=tr("opt.workers")
    )
    p.add_argument("--seed", type=int, default=0, metavar=tr("metavar.number"), help=tr("opt.seed"))
    p.add_argument(
        "--engine",
        choices=("auto", "highs", "scip", "cpsat"),
        default="auto",
        help=tr("opt.engine"),
    )
    p.add_argument(
        "--domain", default="fairplan.local", metavar=tr("metavar.domain"), help=tr("opt.domain")
    )
    p.add_argument("--quiet", action="store_true", help=tr("opt.quiet"))


def run_demo(args: argparse.Namespace) -> int:
    args.scenario = sample_path("csv")
    args.out = args.out or Path("out/demo")
    return run_plan(args)


def run_plan(args: argparse.Namespace) -> int:
    if args.time_limit <= 0:
        raise InputError([Problem("--time-limit", tr("plan_bad_time_limit"))])
    if args.workers is not None and args.workers < 1:
        raise InputError([Problem("--workers", tr("plan_bad_workers"))])
    scenario = load_scenario(args.scenario)
    previous = read_schedule(args.previous, scenario) if args.previous else None
    recorder = Recorder.open(args)  # signs in, and refuses a non-planner, before solving
    if recorder is not None and previous is None:
        scenario, previous = recorder.against_published(scenario)
    # the scenario's name is a label: one safe folder name inside ./out, never a path
    out = args.out or Path("out") / safe_name(scenario.name, fallback="scenario")
    progress = None if args.quiet else _Progress()
    # Ctrl-C stops the search; the best plan found so far is checked and written
    stop = threading.Event()

    def interrupt(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("\n" + tr("plan_stopped"), file=sys.stderr)

    previous_handler = signal.signal(signal.SIGINT, interrupt)
    try:
        result = _in_worker(
            lambda: make_plan(
                scenario,
                time_limit=args.time_limit,
                workers=args.workers,
                seed=args.seed,
                previous=previous,
                progress=progress,
                stop=stop,
                engine=args.engine,
            )
        )
    except PlanCheckError as exc:
        print(tr("plan_check_failed"), file=sys.stderr)
        for v in exc.violations:
            print(f"  {v}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        signal.signal(signal.SIGINT, previous_handler)
        if progress:
            progress.close()
    if not result.fairs and result.stats.status in ("unknown", "infeasible"):
        print(tr("plan_none_found", status=solver_status(result.stats.status)), file=sys.stderr)
        return EXIT_FAILED
    write_plan(result, out, domain=args.domain)
    _summary(result, out)
    if recorder is not None:
        recorder.keep(result, args.scenario, publish=args.publish, note=args.note)
    return EXIT_OK if result.rules_met else EXIT_UNMET


def _in_worker(job: Callable[[], PlanResult]) -> PlanResult:
    """Run the solve in a worker thread, so the main thread stays free to take Ctrl-C
    (Python runs signal handlers only on the main thread, never inside CP-SAT)."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = job()
        except BaseException as exc:  # handed to the main thread below
            box["error"] = exc

    # the worker runs in this context: the messages it makes are in the user's language
    context = contextvars.copy_context()
    worker = threading.Thread(target=context.run, args=(work,), name="fairplan-solve", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)
    if "error" in box:
        raise box["error"]
    return box["result"]  # type: ignore[no-any-return]


class _Progress:
    """Live solve progress on stderr: elapsed, best objective, bound, gap — at least once a second."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.lang = texts.current()  # the solver calls back from threads of its own
        self.last: dict[str, Any] = {}
        self.printed: float | None = None
        self.tty = sys.stderr.isatty()
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.ticker = threading.Thread(target=self._tick, daemon=True)
        self.ticker.start()

    def __call__(self, event: dict[str, object]) -> None:
        with self.lock:
            self.last = dict(event)
        self._show()

    def _tick(self) -> None:
        while not self.done.wait(1.0):
            self._show()

    def _show(self) -> None:
        with self.lock:
            e = dict(self.last)
        elapsed = time.monotonic() - self.t0
        if e:
            # objective, bound and gap over every part of the plan (unsolved parts at
            # their first plan and bound 0), without what every plan pays anyway
            line = tr(
                "plan_progress",
                lang=self.lang,
                elapsed=elapsed,
                objective=float(e["objective"]),
                bound=float(e["bound"]),
                gap=_percent(float(e["gap"])),
            )
            if int(e.get("missing", 0)):
                line += tr("plan_progress_missing", lang=self.lang, missing=e["missing"])
            if int(e.get("components", 1)) > 1:
                parts = e["components"]
                line += tr("plan_progress_part", lang=self.lang, part=e["component"], parts=parts)
        else:
            line = tr("plan_building", lang=self.lang, elapsed=elapsed)
        if self.tty:
            print(f"\r{line}\033[K", end="", file=sys.stderr, flush=True)
        elif self.printed is None or elapsed - self.printed >= 1.0:  # a log: a line a second
            self.printed = elapsed
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        self.done.set()
        if self.tty:
            print(file=sys.stderr)


def _region(result: PlanResult, region_id: str) -> str:
    region = result.scenario.regions.get(region_id)
    return f"{region.name}（{region_id}）" if region else region_id


def _percent(gap: float | None) -> str:
    return "∞" if gap is None or gap == float("inf") else f"{gap:.2%}"


def _solvers(names: list[str]) -> str:
    return " + ".join(tr("solver_" + n) for n in names) if names else tr("solver_none")


def _summary(result: PlanResult, out: Path) -> None:
    """What a planner reads first: rules, fairs against the fewest possible, then the
    quality level's objective, bound and gap, and what each term cost."""
    rep = result.report()
    print(tr("plan_written", out=out))
    fewest = rep["fairs_min"] if rep["fairs_min"] is not None else "?"
    print(
        tr(
            "plan_summary",
            status=solver_status(rep["status"]),
            events=rep["events"],
            fewest=fewest,
            seconds=rep["wall_time_s"],
        )
    )
    print(
        tr(
            "plan_quality" if rep["constant"] else "plan_quality_no_constant",
            objective=rep["objective"],
            bound=rep["bound"],
            gap=_percent(rep["gap"]),
            constant=rep["constant"],
        )
    )
    print(tr("plan_solvers", plan=_solvers(rep["plan_by"]), bound=_solvers(rep["bound_by"])))
    costs = "  ".join(f"{tr('term_' + k)} {v:,}" for k, v in rep["terms"].items() if v)
    if costs:
        print(tr("plan_terms", terms=costs))
    ch = result.changes
    if any(ch.get(k) for k in ("kept", "moved", "cancelled")):
        print(
            tr(
                "plan_changes",
                kept=ch.get("kept", 0),
                moved=ch.get("moved", 0),
                added=ch.get("added", 0),
                cancelled=ch.get("cancelled", 0),
            )
        )
    if result.rules_met:
        print(tr("plan_all_met"))
    else:
        print(tr("plan_shortfalls", n=len(result.shortfalls), missing=result.missing_fairs))
        for s in result.shortfalls[:20]:
            print(
                tr(
                    "kinds.shortfall_line",
                    rule=s.title,
                    region=_region(result, s.region_id),
                    lo=s.period_start,
                    hi=s.period_end,
                    planned=s.planned,
                    required=s.required,
                    reason=s.reason,
                )
            )
        if len(result.shortfalls) > 20:
            print(tr("plan_more", n=len(result.shortfalls) - 20))
