"""One command for docs/benchmarks.md: run the suite at every scale and write its tables.

    python -m benchmarks.table run            # sample and province in full, national --quick,
                                              # the four-year and Shandong plans
    python -m benchmarks.table render FILE    # tables from a saved run (JSON lines)

`run` saves every row to `benchmarks/results/run-<UTC time>.jsonl` and replaces the part of
docs/benchmarks.md between the markers `<!-- bench:begin -->` and `<!-- bench:end -->`
with the tables of that one run, so the document always shows one run's figures, with the
machine's load next to each row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
from pathlib import Path
from typing import Any

from benchmarks import generate, suite

Row = dict[str, Any]
ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
#: the scales of one run: issue 12's three, then issue 13's two policy scenarios
SCALES = ("sample", "province", "national", *generate.POLICY_SCALES)


def _n(x: Any, nd: int = 0) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "yes" if x else "**no**"
    if isinstance(x, int | float):
        return f"{x:,.{nd}f}"
    return str(x)


def _pct(x: Any) -> str:
    return "" if x is None else f"{100 * float(x):.2f}%"


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _load(r: Row) -> str:
    return f"{_n(r.get('load_before'), 1)}–{_n(r.get('load_after'), 1)}"


def _by(r: Row) -> str:
    """Whose solution the plan is and who proved the bound, e.g. `cpsat / highs`."""
    if "plan_by" not in r:
        return ""
    return f"{'+'.join(r['plan_by']) or '–'} / {'+'.join(r.get('bound_by') or []) or '–'}"


def plan_table(rows: list[Row]) -> list[str]:
    head = (
        "| scale | case | solver | limit s | wall s | first plan s (missing) | objective | "
        "bound | gap | constant | penalty | penalty vs greedy | objective vs MIP | rules met | "
        "violations | fairs (min) | reproducible | plan / bound by | peak MB | load |"
    )
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        if not str(r.get("case", "")).startswith("plan") or "error" in r:
            continue
        first = _n(r.get("first_feasible_s"), 2)
        if r.get("first_missing") is not None:
            first += f" ({r['first_missing']})"
        fairs = _n(r.get("fairs"))
        if r.get("fairs_min") is not None:
            fairs += f" ({_n(r['fairs_min'])})"
        out.append(
            _line(
                [
                    r.get("scale", ""),
                    r["case"],
                    r["solver"],
                    _n(r.get("time_limit_s")),
                    _n(r.get("wall_s"), 1),
                    first,
                    _n(r.get("objective")),
                    _n(r.get("bound")),
                    _pct(r.get("gap")),
                    _n(r.get("constant")),
                    _n(r.get("penalty")),
                    _n(r.get("penalty_vs_greedy"), 3),
                    _n(r.get("objective_vs_mip"), 3),
                    _n(r.get("rules_met")),
                    _n(r.get("violations")),
                    fairs,
                    _n(r.get("reproducible")),
                    _by(r),
                    _n(r.get("peak_rss_mb")),
                    _load(r),
                ]
            )
        )
    return out


def replan_table(rows: list[Row]) -> list[str]:
    head = (
        "| scale | case | solver | change | wall s | changed / min (proven) / scratch | "
        "changes | objective | rules met | load |"
    )
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        if not str(r.get("case", "")).startswith("replan") or "error" in r:
            continue
        proven = " (proven)" if r.get("min_changed_proven") else ""
        ch = r.get("changes") or {}
        changes = ", ".join(f"{k} {v}" for k, v in ch.items() if v) if ch else ""
        out.append(
            _line(
                [
                    r.get("scale", ""),
                    r["case"],
                    r["solver"],
                    _n(r.get("change")),
                    _n(r.get("wall_s"), 2),
                    f"{_n(r.get('changed'))} / {_n(r.get('min_changed'))}{proven}"
                    + (f" / {_n(r.get('scratch_changed'))}" if "scratch_changed" in r else ""),
                    changes,
                    _n(r.get("objective")),
                    _n(r.get("rules_met")),
                    _load(r),
                ]
            )
        )
    return out


def throughput_table(rows: list[Row]) -> list[str]:
    out = ["| case | figures |", "|---|---|"]
    skip = {"case", "solver", "scale", "peak_rss_mb", "generate_s", "load_before", "load_after"}
    for r in rows:
        if str(r.get("case", "")).startswith(("plan", "replan")):
            continue
        figures = ", ".join(f"{k} {v}" for k, v in r.items() if k not in skip)
        out.append(f"| {r.get('case', '')} | {figures} |")
    return out


def targets_table(rows: list[Row]) -> list[str]:
    out = ["| scale | case | target | met |", "|---|---|---|---|"]
    for r in rows:
        if r.get("solver") != "fairplan":
            continue
        for k, v in r.items():
            if k.startswith("met_"):
                out.append(f"| {r.get('scale', '')} | {r['case']} | {k[4:]} | {_n(v)} |")
    return out


def render(rows: list[Row], note: str) -> str:
    errors = [r for r in rows if "error" in r]
    parts = [
        BEGIN,
        note,
        "",
        "### Planning",
        "",
        *plan_table(rows),
        "",
        "### Re-plans",
        "",
        *replan_table(rows),
        "",
        "### Targets (issues 12 and 13), on fairplan's rows",
        "",
        *targets_table(rows),
        "",
        "### Throughput",
        "",
        *throughput_table(rows),
    ]
    if errors:
        parts += ["", "### Cases that failed", ""]
        parts += [
            f"- {r.get('scale')} {r.get('case')} {r.get('solver')}: {r['error']}" for r in errors
        ]
    return "\n".join([*parts, END])


def write_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        doc = head + text + tail
    else:
        doc = doc.rstrip() + "\n\n" + text + "\n"
    tmp = DOC.with_suffix(".md.tmp")
    tmp.write_text(doc, encoding="utf-8")
    tmp.replace(DOC)


def run(scales: list[str], seed: int) -> Path:
    stamp = dt.datetime.now(dt.UTC)
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"run-{stamp:%Y%m%dT%H%M%SZ}.jsonl"
    rows: list[Row] = []
    with path.open("w", encoding="utf-8") as f:

        def emit(row: Row) -> None:
            rows.append(row)
            f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            f.flush()
            print(row.get("scale"), row.get("case"), row.get("solver"), flush=True)

        for i, scale in enumerate(scales):
            quick = scale == "national" or scale in generate.POLICY_SCALES
            if scale in generate.POLICY_SCALES:  # issue 13's targets: the plan case
                cases = ["plan"]
            elif quick:
                cases = list(suite.QUICK)
            else:
                cases = [c for c in suite.CASES if i == 0 or c.startswith(("plan", "replan"))]
            suite.run(scale, None, cases, seed, emit=emit, quick=quick)
    return path


def note(path: Path, rows: list[Row]) -> str:
    loads = [
        float(r[k]) for r in rows for k in ("load_before", "load_after") if r.get(k) is not None
    ]
    busy = max(loads, default=0.0)
    shared = (
        f" The load average reached {busy:.1f} on {os.cpu_count()} cores during the run: other "
        "sessions shared the machine, so wall times and what a time limit buys are worse than "
        "on a quiet machine."
        # the suite keeps every core busy itself (two solver lanes on 2 cores: load 2)
        if busy > (os.cpu_count() or 1) + 1
        else ""
    )
    return (
        f"One run: `{path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path}` "
        f"({platform.node()}, {os.cpu_count()} cores, "
        f"2 solver workers, seed 1).{shared}"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the suite and rewrite docs/benchmarks.md's tables")
    r.add_argument("--scales", default=",".join(SCALES))
    r.add_argument("--seed", type=int, default=1)
    v = sub.add_parser("render", help="rewrite the tables from a saved run")
    v.add_argument("file", type=Path)
    a = p.parse_args(argv)
    path = run(a.scales.split(","), a.seed) if a.command == "run" else a.file
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    write_doc(render(rows, note(path, rows)))
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
