"""`fairplan plan` and `fairplan demo` (CONTRACT §1, §6): plan a scenario and write every output.

With `--db`, `--user` or `--publish` the plan is also kept in the store (with the
workbook it was planned from) as a draft, and `--publish` makes it the published plan;
without `--previous`, a scenario whose plan is published is re-planned against that plan
(kept fairs keep their event_id, moved ones raise SEQUENCE, fairs locked by hand stay).
See `ui.commands.plans`.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from publish.outputs import write_plan
from scheduler.errors import InputError, Problem
from scheduler.plan import PlanCheckError, PlanResult, make_plan
from scheduler.samples import sample_path
from scheduler.scenario import load_scenario
from scheduler.scenario.ids import safe_name
from scheduler.schedule import read_schedule
from texts import tr
from ui.commands.plans import Recorder, add_plan_store_args

EXIT_OK, EXIT_FAILED, EXIT_UNMET = 0, 1, 3


def register(sub: Any) -> None:
    p = sub.add_parser("plan", help="plan a scenario (.xlsx or folder of CSVs) / 规划")
    p.add_argument("scenario", type=Path)
    _solve_options(p, default_limit=60.0)
    p.add_argument(
        "--previous",
        type=Path,
        help="schedule.csv of an earlier plan: change as little as possible",
    )
    add_plan_store_args(p)
    p.set_defaults(func=run_plan)

    d = sub.add_parser("demo", help="plan the bundled Inner Mongolia sample / 演示")
    _solve_options(d, default_limit=20.0)
    add_plan_store_args(d)
    d.set_defaults(func=run_demo, scenario=None, previous=None)


def _solve_options(p: argparse.ArgumentParser, default_limit: float) -> None:
    p.add_argument("--out", type=Path, help="output folder (default ./out/<scenario name>)")
    p.add_argument("--time-limit", type=float, default=default_limit, metavar="SEC")
    p.add_argument(
        "--workers", type=int, default=None, metavar="N", help="CP-SAT workers (default: all cores)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--domain", default="fairplan.local", help="domain of the feeds' UIDs")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")


def run_demo(args: argparse.Namespace) -> int:
    args.scenario = sample_path("csv")
    args.out = args.out or Path("out/demo")
    return run_plan(args)


def run_plan(args: argparse.Namespace) -> int:
    if args.time_limit <= 0:
        raise InputError([Problem("--time-limit", "must be a positive number of seconds")])
    if args.workers is not None and args.workers < 1:
        raise InputError([Problem("--workers", "must be at least 1")])
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
        print(
            "\nfairplan: 已停止搜索，保存目前最好的计划 / search stopped: keeping the best plan so far",
            file=sys.stderr,
        )

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
            )
        )
    except PlanCheckError as exc:
        print(
            "fairplan: 计划未通过独立校验，未写出 / the plan failed the independent check; nothing written:",
            file=sys.stderr,
        )
        for v in exc.violations:
            print(f"  {v}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        signal.signal(signal.SIGINT, previous_handler)
        if progress:
            progress.close()
    if not result.fairs and result.stats.status in ("unknown", "infeasible"):
        print(
            f"fairplan: 未找到计划 / no plan found (status {result.stats.status})", file=sys.stderr
        )
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

    worker = threading.Thread(target=work, name="fairplan-solve", daemon=True)
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
                elapsed=elapsed,
                objective=float(e["objective"]),
                bound=float(e["bound"]),
                gap=_percent(float(e["gap"])),
            )
            if int(e.get("missing", 0)):
                line += tr("plan_progress_missing", missing=e["missing"])
            if int(e.get("components", 1)) > 1:
                line += tr("plan_progress_part", part=e["component"], parts=e["components"])
        else:
            line = tr("plan_building", elapsed=elapsed)
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


def _summary(result: PlanResult, out: Path) -> None:
    """What a planner reads first: rules, fairs against the fewest possible, then the
    quality level's objective, bound and gap, and what each term cost."""
    rep = result.report()
    print(tr("plan_written", out=out))
    fewest = rep["fairs_min"] if rep["fairs_min"] is not None else "?"
    print(
        tr(
            "plan_summary",
            status=rep["status"],
            events=rep["events"],
            fewest=fewest,
            seconds=rep["wall_time_s"],
        )
    )
    print(
        tr(
            "plan_quality",
            objective=rep["objective"],
            bound=rep["bound"],
            gap=_percent(rep["gap"]),
            constant=rep["constant"],
        )
    )
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
