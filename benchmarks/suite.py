"""The benchmark suite behind `fairplan bench` (issue 6): one JSON object per line and case.

Cases (each run in its own subprocess, so `peak_rss_mb` is that case's own peak):

- ``plan`` — fairplan with `--time-limit` (60 s; 300 s at national scale), and the
  planner-by-hand greedy baseline on the same scenario, scored with the same
  objective and judged by the same independent checker.
- ``plan-short`` — fairplan with the target's short limit (5 s; 60 s national):
  are all rules met that fast?
- ``replan-venue`` — the venue that hosts the most fairs of the plan in two weeks is
  closed for those two weeks; re-plan with ``previous=`` (2 s limit).
- ``replan-pool`` — the city pool with the heaviest load in a week loses half of
  its people for that week; re-plan likewise.
- ``monitor``, ``feeds`` (and ``app`` when `benchmarks.bench_app` exists) —
  throughput, from the owners' `run()` functions.

Re-plan rows add `changed` (moved + added + cancelled, as subscribers see them),
`min_changed` — the fewest changes any plan meeting every rule needs, proven
optimal by a CP-SAT model that minimizes the changes alone (`min_changed_proven`
says whether it closed) — and `scratch_changed` (a from-scratch plan of the
changed scenario compared with the previous plan). Each fairplan row carries
ratios against the greedy row of its case measured in the same run.

    python -m benchmarks.suite [--scale province] [--time-limit SEC] [--cases plan,replan-venue]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.greedy_baseline import (
    as_events,
    changed,
    hand_plan,
    keys_of_fairs,
    keys_of_placements,
    schedule_rows,
    score,
)
from scheduler.model import Event, Scenario, StaffPool, date_range

Row = dict[str, Any]
ROOT = Path(__file__).resolve().parents[1]  # the checkout: children import `benchmarks` from it

CASES = (
    "plan",
    "plan-short",
    "replan-venue",
    "replan-pool",
    "monitor",
    "feeds",
    "app",
    "plan-parallel",
)
DEFAULT_LIMIT = {
    "sample": 60.0,
    "province": 60.0,
    "national": 300.0,
    "im-2022-2025": 120.0,
    "shandong-2024": 120.0,
}
SHORT_LIMIT = {
    "sample": 5.0,
    "province": 5.0,
    "national": 60.0,
    "im-2022-2025": 10.0,
    "shandong-2024": 10.0,
}
REPLAN_LIMIT = 2.0
WORKERS = 2

#: issue 6 targets, by scale: rules met within, gap at the long limit, memory
TARGETS: dict[str, dict[str, Any]] = {
    "sample": {"rules_met_s": 5.0, "gap": 0.01, "peak_rss_mb": None},
    "province": {"rules_met_s": 5.0, "gap": 0.01, "peak_rss_mb": None},
    "national": {"rules_met_s": 60.0, "gap": 0.03, "peak_rss_mb": 1024.0},
    # issue 13: every rule met in 10 s, gap ≤ 2 % at 120 s, peak memory ≤ 1 GB
    "im-2022-2025": {"rules_met_s": 10.0, "gap": 0.02, "peak_rss_mb": 1024.0},
    "shandong-2024": {"rules_met_s": 10.0, "gap": 0.02, "peak_rss_mb": 1024.0},
}


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None or math.isinf(x) or math.isnan(x) else round(x, nd)


# -- planner rows --------------------------------------------------------------------------
def _plan_row(case: str, scenario: Scenario, time_limit: float, **kw: Any) -> tuple[Row, Any]:
    from scheduler.plan import make_plan

    events: list[tuple[float, float, float]] = []

    def progress(d: dict[str, object]) -> None:
        events.append((float(d["elapsed"]), float(d["objective"]), float(d["bound"])))  # type: ignore[arg-type]

    t0 = time.perf_counter()
    res = make_plan(scenario, time_limit=time_limit, workers=WORKERS, progress=progress, **kw)
    wall = time.perf_counter() - t0
    st = res.stats
    row: Row = {
        "case": case,
        "solver": "fairplan",
        "time_limit_s": time_limit,
        "wall_s": _r(wall),
        "first_feasible_s": _r(st.first_solution_s),
        "status": st.status,
        "objective": st.objective,
        "bound": st.bound,
        "gap": _r(st.gap, 6),
        # what quality costs, constant included: the basis for comparing with greedy
        "penalty": sum(st.terms.values()),
        "constant": st.constant,
        "terms": st.terms,
        "fairs_min": st.fairs_min,
        "counts_proven": st.counts_proven,
        "rules_met": res.rules_met,
        "shortfall": res.missing_fairs,
        "violations": len(res.check.violations),
        "fairs": len(res.planned),
        "components": st.components,
        "improvements": len(events),
        "last_improvement_s": _r(events[-1][0]) if events else None,
    }
    return row, res


def _greedy_row(case: str, scenario: Scenario, previous: list[Event] | None = None) -> Row:
    from scheduler.checker import check

    t0 = time.perf_counter()
    placements = hand_plan(scenario, keep=previous)
    wall = time.perf_counter() - t0
    fairs = schedule_rows(scenario, placements)
    result = check(scenario, fairs)
    sc = score(scenario, placements, previous)
    return {
        "case": case,
        "solver": "greedy",
        "wall_s": _r(wall),
        "first_feasible_s": _r(wall),
        "objective": sc.objective,
        "bound": None,
        "gap": None,
        "penalty": sc.penalty,
        "rules_met": not result.short and not result.theme_gaps,
        "shortfall": sum(r.required - n for r, n in result.short),
        "violations": len(result.violations),
        "violation_examples": result.violations[:3],
        "fairs": len(placements),
        "score_s": _r(sc.seconds),
        "_placements": placements,
    }


# -- re-plan perturbations ---------------------------------------------------------------------
def close_busiest_venue(scenario: Scenario, plan: list[Any]) -> tuple[Scenario, str]:
    """Close, for two weeks, the venue holding the most planned fairs in some two weeks."""
    load: Counter[tuple[str, dt.date]] = Counter()
    for f in plan:
        monday = f.date - dt.timedelta(days=f.date.weekday())
        load[(f.venue_id, monday)] += 1
        load[(f.venue_id, monday - dt.timedelta(days=7))] += 1
    (venue_id, monday), _ = max(load.items(), key=lambda kv: (kv[1], kv[0][1], kv[0][0]))
    days = frozenset(date_range(monday, monday + dt.timedelta(days=13)))
    v = scenario.venues[venue_id]
    venues = dict(scenario.venues)
    venues[venue_id] = replace(v, unavailable=v.unavailable | days)
    return replace(scenario, venues=venues), f"{venue_id} closed {monday}..{max(days)}"


def halve_busiest_pool(scenario: Scenario, plan: list[Any]) -> tuple[Scenario, str]:
    """Half of the busiest city pool's people are away for one week.

    The contract's pools have one headcount, so "halved for a week" is written
    exactly in its terms: the pool is unavailable that week and a twin pool
    `<id>-half` with half the headcount serves the same regions that week only.
    The twin sorts after the pool, so its fairs pay the small "not the home
    pool" quality term; subscribers see no pool, so no fair changes for it.
    """
    load: Counter[tuple[str, dt.date]] = Counter()
    for f in plan:
        if scenario.regions[scenario.pools[f.pool_id].serves[0]].level == "city":
            load[(f.pool_id, f.date - dt.timedelta(days=f.date.weekday()))] += f.staff
    (pool_id, monday), _ = max(load.items(), key=lambda kv: (kv[1], kv[0][1], kv[0][0]))
    week = frozenset(date_range(monday, monday + dt.timedelta(days=6)))
    p = scenario.pools[pool_id]
    pools = dict(scenario.pools)
    pools[pool_id] = replace(p, unavailable=p.unavailable | week)
    outside = frozenset(scenario.settings.days()) - week
    half = StaffPool(f"{pool_id}-half", p.name + "（半数）", p.serves, p.headcount // 2, outside)
    pools[half.pool_id] = half
    return replace(scenario, pools=pools), f"{pool_id} {p.headcount}→{half.headcount} {monday}"


def min_changes(
    scenario: Scenario, previous: list[Event], regions: set[str], time_limit: float = 60.0
) -> tuple[int, bool, float]:
    """The fewest fairs that must change: (count, proven optimal, seconds).

    The planner's own model (`scheduler.cpsat.build_model`) with its objective replaced
    by: missing fairs (x 1,000,000) + changes, where the changes of a region and kind are
    max(previous fairs not kept, new fairs) (a dropped fair and a new one of the same
    region and kind are one *move*) = dropped + max(0, new − dropped). Only components
    holding a changed region are solved: elsewhere the previous plan is still legal and
    meets every rule, so 0 changes is optimal there.
    """
    import numpy as np

    from scheduler.cpsat import Job, Rows, Term, build_cells, components, to_cp_model
    from scheduler.cpsat.proto import hint
    from scheduler.cpsat.search import StopRelay, run

    t0 = time.perf_counter()
    job = Job.make(scenario, None)
    cells = build_cells(job.derived, job.fixed)
    names = cells.names
    total, proven = 0, True
    relay = StopRelay(None)
    for group in components(cells):
        members = {names.regions[g] for g in group}
        if not members & regions:
            continue
        model = job.model(cells.subset(group), job.fixed, [])
        prev = [e for e in previous if e.region_id in members]
        kept = np.zeros(model.cells.n_slots, dtype=bool)
        n_prev: Counter[tuple[int, int]] = Counter()
        for e in prev:
            n_prev[(names.region_index[e.region_id], names.kinds.index(e.kind))] += 1
            slot = model.slot_of.find(e.region_id, e.kind, e.date, e.venue_id)
            if slot >= 0:
                kept[slot] = True
        sub = model.cells
        keys, var, coef, rhs = [], [], [], []
        for i, key in enumerate(sorted(set(n_prev) | set(sub.groups))):
            a, b = sub.groups.get(key, (0, 0))
            slots = np.arange(sub.cell_slots[a], sub.cell_slots[b])
            # new − dropped = Σ new + Σ kept − previous
            keys.append(np.full(len(slots), i))
            var.append(model.v.y[slots])
            coef.append(np.ones(len(slots), dtype=np.int64))
            rhs.append(n_prev[key])
        expr, _ = Rows.from_groups(
            "moves", np.concatenate(keys), np.concatenate(var), np.concatenate(coef), 0, 0
        )
        lin = model.lin
        aux = lin.add_excess("moves", expr, np.array(rhs, dtype=np.int64))
        kept_vars = model.v.y[np.flatnonzero(kept)]
        lin.terms.append(Term("moves", 1, aux, np.ones(len(aux), dtype=np.int64)))
        lin.terms.append(
            Term("dropped", 1, kept_vars, -np.ones(len(kept_vars), dtype=np.int64), len(prev))
        )
        slacks = np.concatenate([model.slack, model.theme_slack])
        lin.terms.append(Term("missing", 1_000_000, slacks, np.ones(len(slacks), dtype=np.int64)))
        cp = to_cp_model(lin, ["moves", "dropped", "missing"])
        start = model.evaluate(hand_plan(scenario, keep=prev))
        if start is not None and start.feasible:
            hint(cp, start.x)
        res = run(cp, time_limit, workers=WORKERS, seed=0, relay=relay)
        if res.x is None:
            return -1, False, time.perf_counter() - t0
        found = lin.evaluate(res.x).amounts
        total += found["moves"] + found["dropped"]
        proven = proven and res.status == "optimal"
    return total, proven, time.perf_counter() - t0


def repool(scenario: Scenario, fairs: list[Any]) -> list[Any]:
    """Prototype of a re-plan greedy fix: give a previous fair another serving pool with room.

    `scheduler.greedy` keeps a previous fair only if its own pool can still staff
    it; subscribers never see the pool, so swapping it keeps the fair unchanged.
    """
    load: Counter[tuple[str, dt.date]] = Counter()
    out, short = [], []
    for f in fairs:
        p = scenario.pools.get(f.pool_id)
        ok = (
            f.status == "planned"
            and p is not None
            and f.date not in p.unavailable
            and load[(f.pool_id, f.date)] + f.staff <= p.headcount
        )
        if ok or f.status != "planned":
            load[(f.pool_id, f.date)] += f.staff if ok else 0
            out.append(f)
        else:
            short.append(f)
    for f in short:
        pool = next(
            (
                p
                for p in scenario.pools_serving(f.region_id)
                if f.date not in p.unavailable
                and load[(p.pool_id, f.date)] + f.staff <= p.headcount
            ),
            None,
        )
        if pool is not None:
            load[(pool.pool_id, f.date)] += f.staff
            f = replace(f, pool_id=pool.pool_id)
        out.append(f)
    return out


def _replan(case: str, scenario: Scenario, time_limit: float) -> list[Row]:
    from scheduler.plan import make_plan

    base_limit = max(SHORT_LIMIT["province"], time_limit / 3)
    base = make_plan(scenario, time_limit=base_limit, workers=WORKERS)
    perturb = close_busiest_venue if case == "replan-venue" else halve_busiest_pool
    changed_scenario, what = perturb(scenario, base.planned)
    if case == "replan-venue":
        regions = {changed_scenario.venues[what.split()[0]].region_id}
    else:
        pool = changed_scenario.pools[what.split()[0]]
        regions = {d for s in pool.serves for d in changed_scenario.descendants(s)}
    before = keys_of_fairs(base.fairs)
    prev_events = as_events(base.fairs)

    row, res = _plan_row(case, changed_scenario, REPLAN_LIMIT, previous=base.fairs)
    row["changed"] = changed(before, keys_of_fairs(res.fairs))
    row["changes"] = res.changes
    row["change"] = what
    rss_replan = peak_rss_mb()

    # prototype: the same re-plan after previous fairs whose pool is short get another pool
    proto_row, proto = _plan_row(
        case, changed_scenario, REPLAN_LIMIT, previous=repool(changed_scenario, base.fairs)
    )
    row["proto_repool_changed"] = changed(before, keys_of_fairs(proto.fairs))
    row["proto_repool_wall_s"] = proto_row["wall_s"]
    n_min, proven, min_s = min_changes(changed_scenario, prev_events, regions)
    row["min_changed"] = n_min
    row["min_changed_proven"] = proven
    row["min_changed_s"] = _r(min_s)

    scratch = make_plan(changed_scenario, time_limit=base_limit, workers=WORKERS)
    row["scratch_changed"] = changed(before, keys_of_fairs(scratch.fairs))
    row["scratch_rules_met"] = scratch.rules_met
    row["peak_rss_mb"] = rss_replan

    g = _greedy_row(case, changed_scenario, prev_events)
    g["changed"] = changed(before, keys_of_placements(g.pop("_placements")))
    g["min_changed"] = n_min
    g["change"] = what
    return [row, g]


# -- prototype: components in parallel processes (a proposed solver change, measured) -----------
def _subscenario(scenario: Scenario, top: str) -> Scenario:
    """The part of the scenario under one province (what shares a pool with it), plus the root."""
    keep = set(scenario.descendants(top)) | set(scenario.ancestors(top))
    return replace(
        scenario,
        regions={g: r for g, r in scenario.regions.items() if g in keep},
        venues={v: x for v, x in scenario.venues.items() if x.region_id in keep},
        pools={p: x for p, x in scenario.pools.items() if set(x.serves) & keep},
        events=tuple(e for e in scenario.events if e.region_id in keep),
    )


def _solve_part(args: tuple[Scenario, float]) -> Row:
    from scheduler.plan import make_plan

    sub, limit = args
    t0 = time.perf_counter()
    res = make_plan(sub, time_limit=limit, workers=1)
    return {
        "wall_s": time.perf_counter() - t0,
        "first_s": res.stats.first_solution_s,
        "objective": res.stats.objective,
        "bound": res.stats.bound,
        "penalty": sum(res.stats.terms.values()),
        "rules_met": res.rules_met,
        "violations": len(res.check.violations),
        "fairs": len(res.planned),
        "rss_mb": peak_rss_mb(),
    }


def plan_parallel(scenario: Scenario, time_limit: float, procs: int = WORKERS) -> Row:
    """Prototype of the fix for national scale: one process per component, `procs` at a time.

    Phase 1 builds every component lazily in a worker and returns its warm-start plan
    (0.1 s of search): the time at which a whole plan with every rule met exists.
    Phase 2 spends the rest of the time limit improving each component with one
    CP-SAT worker. (A real implementation would keep phase 1's models instead of
    rebuilding them; phase 2's figures include that rebuild.)
    """
    from multiprocessing import get_context

    tops = sorted(g for g, r in scenario.regions.items() if r.level == "province") or [
        next(g for g, r in scenario.regions.items() if r.parent_id is None)
    ]
    parts = [_subscenario(scenario, t) for t in tops]
    t0 = time.perf_counter()
    with get_context("spawn").Pool(procs) as pool:
        first = pool.map(_solve_part, [(p, 0.1) for p in parts], chunksize=1)
        t1 = time.perf_counter() - t0
        # phase 2 rebuilds each model (about phase 1's time again); CP-SAT with one
        # worker counts deterministic time, so the wall clock may run past the limit
        budget = max(0.5, (time_limit - 2 * t1) * procs / len(parts))
        final = pool.map(_solve_part, [(p, budget) for p in parts], chunksize=1)
    wall = time.perf_counter() - t0
    obj = sum(r["objective"] for r in final)
    bound = sum(r["bound"] for r in final)
    penalty = sum(r["penalty"] for r in final)
    return {
        "case": "plan-parallel",
        "solver": "fairplan-parallel-prototype",
        "time_limit_s": time_limit,
        "wall_s": _r(wall),
        "first_feasible_s": _r(t1),
        "rules_met_at_first": all(r["rules_met"] for r in first),
        "objective": obj,
        "bound": bound,
        "gap": _r((obj - bound) / obj, 6) if obj else 0.0,
        "penalty": penalty,
        "rules_met": all(r["rules_met"] for r in final),
        "violations": sum(r["violations"] for r in final),
        "fairs": sum(r["fairs"] for r in final),
        "components": len(parts),
        "budget_per_component_s": _r(budget),
        "slowest_component_first_s": _r(max(r["wall_s"] for r in first)),
        "peak_rss_mb_per_worker": max(r["rss_mb"] for r in first + final),
        "peak_rss_mb": peak_rss_mb(),
    }


# -- child: one case --------------------------------------------------------------------------
def _child(case: str, scale: str, solver: str, time_limit: float, seed: int) -> list[Row]:
    if case == "monitor":
        from benchmarks import bench_monitor

        return [{"solver": "fairplan", **r} for r in bench_monitor.run()]
    if case == "feeds":
        from benchmarks import bench_feeds

        return [{"solver": "fairplan", **r} for r in bench_feeds.run()]
    if case == "app":
        from benchmarks import bench_app  # type: ignore[attr-defined]

        return [{"solver": "fairplan", **r} for r in bench_app.run()]
    t0 = time.perf_counter()
    scenario = generate.by_scale(scale, seed)
    gen_s = time.perf_counter() - t0
    if case.startswith("replan"):
        rows = _replan(case, scenario, time_limit)
    elif case == "plan-parallel":
        rows = [plan_parallel(scenario, time_limit)]
    elif solver == "greedy":
        row = _greedy_row(case, scenario)
        row.pop("_placements")
        rows = [row]
    else:
        limit = SHORT_LIMIT[scale] if case == "plan-short" else time_limit
        row, _ = _plan_row(case, scenario, limit)
        rows = [row]
    for r in rows:
        r.setdefault("peak_rss_mb", peak_rss_mb())
        r["generate_s"] = _r(gen_s)
    return rows


def _jobs(cases: list[str]) -> Iterator[tuple[str, str]]:
    for case in cases:
        if case == "plan":
            yield case, "greedy"
        yield case, "fairplan"


def _run_child(case: str, solver: str, scale: str, time_limit: float, seed: int) -> list[Row]:
    cmd = [sys.executable, "-m", "benchmarks.suite", "--child", case, "--solver", solver]
    cmd += ["--scale", scale, "--time-limit", str(time_limit), "--seed", str(seed)]
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not rows:
        tail = proc.stderr.strip().splitlines()[-3:]
        return [{"case": case, "solver": solver, "error": " | ".join(tail) or "no output"}]
    return rows


def _ratios(row: Row, greedy: Row | None) -> None:
    """fairplan's figures against the greedy row of the same case (same run)."""
    if greedy is None or not str(row.get("solver", "")).startswith("fairplan"):
        return

    def ratio(a: Any, b: Any) -> float | None:
        return (
            round(a / b, 4)
            if isinstance(a, int | float) and isinstance(b, int | float) and b
            else None
        )

    row["greedy_objective"] = greedy.get("objective")
    row["objective_vs_greedy"] = ratio(row.get("objective"), greedy.get("objective"))
    row["penalty_vs_greedy"] = ratio(row.get("penalty"), greedy.get("penalty"))
    row["wall_vs_greedy"] = ratio(row.get("wall_s"), greedy.get("wall_s"))
    row["rss_vs_greedy"] = ratio(row.get("peak_rss_mb"), greedy.get("peak_rss_mb"))
    row["greedy_rules_met"] = greedy.get("rules_met")
    if "changed" in row:
        row["changed_vs_greedy"] = ratio(row["changed"], greedy.get("changed"))


def _targets(row: Row, scale: str) -> None:
    """Issue 6's targets next to the figures (`met_*` booleans)."""
    t = TARGETS[scale]
    if not str(row.get("solver", "")).startswith("fairplan") or "error" in row:
        return
    case = row["case"]
    if case == "plan-parallel":
        row["met_rules_in_time"] = (
            bool(row["rules_met_at_first"]) and row["first_feasible_s"] <= t["rules_met_s"]
        )
        row["met_gap"] = row["gap"] is not None and row["gap"] <= t["gap"]
        if t["peak_rss_mb"]:
            row["met_memory"] = WORKERS * row["peak_rss_mb_per_worker"] <= t["peak_rss_mb"]
        return
    if case == "plan-short":
        row["met_rules_in_time"] = bool(row["rules_met"]) and row["wall_s"] <= t["rules_met_s"] + 1
    if case == "plan":
        row["met_gap"] = row["gap"] is not None and row["gap"] <= t["gap"]
        pv = row.get("penalty_vs_greedy")
        row["met_25pct_better"] = pv is not None and pv <= 0.75
    if t["peak_rss_mb"] and case.startswith("plan"):
        row["met_memory"] = row["peak_rss_mb"] <= t["peak_rss_mb"]
    if case.startswith("replan"):
        row["met_replan"] = (
            row["wall_s"] <= 2.0
            and row["min_changed"] >= 0
            and row["changed"] <= row["min_changed"] + 2
        )


def run(
    scale: str = "province",
    time_limit: float | None = None,
    cases: list[str] | None = None,
    seed: int = 1,
    emit: Callable[[Row], None] | None = None,
) -> list[Row]:
    """Every requested case, each in its own process; rows are emitted as they finish."""
    limit = time_limit or DEFAULT_LIMIT[scale]
    default = [c for c in CASES if c != "plan-parallel" or scale == "national"]
    wanted = [c for c in (cases or default) if c in CASES]
    if "app" in wanted and importlib.util.find_spec("benchmarks.bench_app") is None:
        wanted.remove("app")
    out: list[Row] = []
    greedy_of: dict[str, Row] = {}
    for case, solver in _jobs(wanted):
        for row in _run_child(case, solver, scale, limit, seed):
            row["scale"] = scale
            if row.get("solver") == "greedy" and row["case"] == "plan":
                greedy_of["plan"] = row
                greedy_of["plan-short"] = row
                greedy_of["plan-parallel"] = row
            elif row.get("solver") == "greedy":
                greedy_of[row["case"]] = row
            out.append(row)
            if row.get("solver") == "fairplan" and row["case"].startswith("replan"):
                continue  # wait for its greedy row (same child, next line)
            if row.get("solver") == "greedy" and row["case"].startswith("replan"):
                fp = next(r for r in out if r["case"] == row["case"] and r["solver"] == "fairplan")
                _ratios(fp, row)
                _targets(fp, scale)
                for r in (fp, row):
                    if emit:
                        emit(r)
                continue
            _ratios(row, greedy_of.get(row["case"]))
            _targets(row, scale)
            if emit:
                emit(row)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--scale", choices=generate.SCALES, default="province")
    p.add_argument("--time-limit", type=float, default=None)
    p.add_argument("--cases", default=None, help="comma-separated: " + ",".join(CASES))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    p.add_argument("--solver", default="fairplan", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child:
        limit = a.time_limit or DEFAULT_LIMIT[a.scale]
        for row in _child(a.child, a.scale, a.solver, limit, a.seed):
            print(json.dumps(row, ensure_ascii=False, default=str), flush=True)
        return 0
    cases = a.cases.split(",") if a.cases else None
    run(
        a.scale,
        a.time_limit,
        cases,
        a.seed,
        emit=lambda r: print(json.dumps(r, ensure_ascii=False, default=str), flush=True),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
