"""`fairplan bench [--scale sample|province|national|im-2022-2025|shandong-2024] [--time-limit SEC]
[--cases a,b]` (CONTRACT §1).

Runs the benchmark suite (`benchmarks.suite`, issue 6) and prints one JSON
object per line and case: planner and planner-by-hand greedy on generated
scenarios, re-plans, and the monitor and feed throughput cases. Each case runs
in its own process, so `peak_rss_mb` is per case. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from texts import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "bench",
        help=tr("help.bench"),
        description=tr("about.bench"),
    )
    p.add_argument(
        "--scale",
        choices=("sample", "province", "national", "im-2022-2025", "shandong-2024"),
        default="province",
        help=tr("opt.bench.scale"),
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=None,
        metavar=tr("metavar.seconds"),
        help=tr("opt.bench.time_limit"),
    )
    p.add_argument("--cases", default=None, metavar=tr("metavar.cases"), help=tr("opt.bench.cases"))
    p.add_argument(
        "--seed", type=int, default=1, metavar=tr("metavar.number"), help=tr("opt.bench.seed")
    )
    p.add_argument("--quick", action="store_true", help=tr("opt.bench.quick"))
    p.set_defaults(func=run)


def _import_path() -> None:
    """`benchmarks/` sits next to the packages in a checkout but is not installed with them."""
    root = str(Path(__file__).resolve().parents[2])
    if (Path(root) / "benchmarks" / "suite.py").is_file() and root not in sys.path:
        sys.path.insert(0, root)


def run(args: argparse.Namespace) -> int:
    _import_path()
    from benchmarks.suite import CASES
    from benchmarks.suite import run as run_suite
    from scheduler.errors import InputError, Problem

    cases = [c.strip() for c in args.cases.split(",") if c.strip()] if args.cases else None
    unknown = [c for c in cases or [] if c not in CASES]
    if unknown:
        raise InputError(
            [
                Problem("--cases", tr("bench_unknown_case", case=c, cases=", ".join(CASES)))
                for c in unknown
            ]
        )
    if args.time_limit is not None and args.time_limit <= 0:
        raise InputError(
            [Problem("--time-limit", tr("bench_bad_time_limit", value=args.time_limit))]
        )

    def emit(row: dict[str, object]) -> None:
        print(json.dumps(row, ensure_ascii=False, default=str), flush=True)

    rows = run_suite(args.scale, args.time_limit, cases, args.seed, emit=emit, quick=args.quick)
    failed = [r for r in rows if "error" in r]
    for r in failed:
        print(tr("bench_case_failed", case=r["case"], error=r["error"]), file=sys.stderr)
    return 1 if failed else 0
