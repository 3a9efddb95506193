"""From a solver solution to the plan users get: identities, themes, shortfalls, report.

`make_plan` is the one entry point the CLI, the app and the benchmarks call:
solve, give every fair a stable `event_id` (kept across re-plans), assign
themes, verify with the independent checker, and explain every shortfall.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from scheduler import policy
from scheduler.calendar import WorkCalendar
from scheduler.checker import CheckResult, check
from scheduler.cpsat import Progress, SolveStats, solve
from scheduler.derived import Derived
from scheduler.explain import Explainer
from scheduler.model import Event, Scenario
from scheduler.placement import Placement
from scheduler.rules import Fair, by_region, count, matching
from scheduler.schedule import ScheduledFair
from scheduler.weights import Weights


class PlanCheckError(RuntimeError):
    """The independent checker found a broken hard rule: a bug, never written silently."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        super().__init__("the plan failed the independent check:\n" + "\n".join(violations))


@dataclass(frozen=True)
class Shortfall:
    rule_id: str
    region_id: str
    period_start: dt.date
    period_end: dt.date
    required: int
    planned: int
    reason: str  # Chinese
    reason_en: str
    name: str = ""  # the rule's name (CONTRACT §6), "" when it has none
    citation: str = ""  # its source as people read it: 《title》clause (scheduler.policy)

    @property
    def title(self) -> str:
        """The rule as people read it: name (or id) and citation (`policy.rule_title`)."""
        return policy.rule_title(self.rule_id, self.name, self.citation)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "name": self.name,
            "citation": self.citation,
            "region_id": self.region_id,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "required": self.required,
            "planned": self.planned,
            "reason": self.reason,
            "reason_en": self.reason_en,
        }


@dataclass
class PlanResult:
    scenario: Scenario
    fairs: list[ScheduledFair]
    stats: SolveStats
    shortfalls: list[Shortfall]
    check: CheckResult
    changes: dict[str, int] = field(default_factory=dict)  # kept/moved/added/cancelled
    theme_repeats: int = 0

    @property
    def planned(self) -> list[ScheduledFair]:
        return [f for f in self.fairs if f.status == "planned"]

    @property
    def rules_met(self) -> bool:
        return not self.shortfalls

    @property
    def missing_fairs(self) -> int:
        """Fairs the plan lacks, over every shortfall (as the independent checker counts)."""
        return sum(s.required - s.planned for s in self.shortfalls)

    def report(self) -> dict[str, Any]:
        """`report.json` (CONTRACT §3, §6): every figure in the planner's strict order.

        `objective`, `bound` and `gap` are the quality level without the part every plan
        pays (`constant`); missing fairs and the number of fairs come first and are
        reported apart (`missing_fairs`, `events`, `fairs_min`, `counts_proven`).
        """
        by_kind = Counter(f.kind for f in self.planned)
        st = self.stats
        gap = st.gap
        return {
            "scenario": self.scenario.name,
            "status": st.status,
            "objective": st.objective,
            "bound": st.bound,
            "gap": None if gap == float("inf") else round(gap, 6),
            "priorities": ["shortfall", "fairs", "quality"],
            "missing_fairs": self.missing_fairs,
            "fairs_min": st.fairs_min,
            "counts_proven": st.counts_proven,
            "terms": dict(st.terms),
            "constant": st.constant,
            "constants": dict(st.constants),
            "weights": Weights.from_scenario(self.scenario).quality(),
            "reproducible": st.reproducible,
            "plan_by": list(st.plan_by),
            "bound_by": list(st.bound_by),
            "wall_time_s": round(self.stats.wall_time_s, 3),
            "first_solution_s": None
            if self.stats.first_solution_s is None
            else round(self.stats.first_solution_s, 3),
            "components": self.stats.components,
            "scope": self.stats.scope,
            "events": len(self.planned),
            "events_by_kind": dict(sorted(by_kind.items())),
            "cancelled": len(self.fairs) - len(self.planned),
            "rules_met": self.rules_met,
            "requirements": len(self.check.reqs),
            "shortfalls": [s.to_json() for s in self.shortfalls],
            "changes": self.changes,
            "theme_repeats": self.theme_repeats,
            "checker": {
                "violations": self.check.violations + self.check.surplus,
                "passed": self.check.ok,
            },
        }


def make_plan(
    scenario: Scenario,
    *,
    time_limit: float = 60.0,
    workers: int | None = None,
    seed: int = 0,
    previous: list[ScheduledFair] | None = None,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    now: dt.datetime | None = None,
    engine: str = "auto",
) -> PlanResult:
    """Plan (or re-plan against `previous`) and verify; raises PlanCheckError on a bug."""
    previous = previous or []
    locked_ids = {e.event_id for e in scenario.events if e.locked}
    prior_events = [
        Event(f.event_id, f.region_id, f.kind, f.date, f.venue_id, f.pool_id, f.theme, False)  # type: ignore[arg-type]
        for f in previous
        if f.status == "planned" and f.event_id not in locked_ids
    ]
    derived = Derived.of(scenario)  # the calendar and requirements, once for every stage
    sol = solve(
        scenario,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        previous=prior_events,
        progress=progress,
        stop=stop,
        derived=derived,
        engine=engine,
    )
    placements = _drop_surplus(derived, sol.placements)
    stamp_new = _stamp(
        dt.datetime.combine(
            scenario.settings.start, dt.time(0), ZoneInfo(scenario.settings.timezone)
        )
    )
    stamp_now = _stamp(now or dt.datetime.now(dt.UTC))
    fairs, changes = _identify(scenario, placements, previous, stamp_new, stamp_now)
    fairs, repeats = _assign_themes(
        scenario, fairs, rotate=Weights.from_scenario(scenario).theme > 0
    )
    reqs = sol.reqs
    index = by_region(reqs)
    fairs = [
        replace(
            f,
            rule_ids=";".join(
                sorted(
                    {
                        reqs[i].rule_id
                        for i in matching(reqs, Fair(f.region_id, f.kind, f.date), index)
                    }
                )
            ),
        )
        if f.status == "planned"
        else f
        for f in fairs
    ]
    result = check(scenario, fairs, calendar=derived.calendar, reqs=derived.reqs)
    if not result.ok:
        raise PlanCheckError(result.violations + result.surplus)
    shortfalls = explain_shortfalls(scenario, fairs, result, derived.calendar)
    return PlanResult(scenario, fairs, sol.stats, shortfalls, result, changes, repeats)


def explain_shortfalls(
    scenario: Scenario,
    fairs: list[ScheduledFair],
    result: CheckResult,
    calendar: WorkCalendar | None = None,
) -> list[Shortfall]:
    """Every requirement and theme minimum the checker found short, with its reason
    (for any schedule: a fresh plan, or a draft edited by hand)."""
    explainer = Explainer(scenario, fairs, calendar)
    shortfalls = []
    for r, n in result.short:
        why = explainer.requirement(r)
        shortfalls.append(
            Shortfall(
                r.rule_id,
                r.region_id,
                r.period_start,
                r.period_end,
                r.required,
                n,
                why.zh,
                why.en,
                r.name,
                policy.display(r.source),
            )  # fmt: skip
        )
    for gap in result.theme_gaps:
        why = explainer.theme(gap.region_id, gap.theme, gap.required, gap.planned)
        shortfalls.append(
            Shortfall(
                f"theme:{gap.theme}",
                gap.region_id,
                scenario.settings.start,
                scenario.settings.end,
                gap.required,
                gap.planned,
                why.zh,
                why.en,
            )
        )
    return shortfalls


def _drop_surplus(derived: Derived, placements: list[Placement]) -> list[Placement]:
    """Remove fairs no rule needs (a search cut off early may leave some).

    Removing a fair never breaks a hard rule, so this repair is always safe;
    a fair is kept when some requirement it counts toward would fall short
    without it, or its region's theme minimums need it. Locked fairs stay.
    """
    scenario, reqs, theme_need = derived.scenario, derived.reqs, derived.theme_mins
    locked = {(e.region_id, e.kind, e.date, e.venue_id) for e in scenario.events if e.locked}
    index = by_region(reqs)
    counts = count(reqs, [Fair(p.region_id, p.kind, p.day) for p in placements])
    spec = Counter(p.region_id for p in placements if p.kind == "specialized")
    keep = []
    for p in sorted(
        placements, key=lambda p: (p.day, p.region_id, p.kind, p.venue_id), reverse=True
    ):
        hits = matching(reqs, Fair(p.region_id, p.kind, p.day), index)
        needed = (p.region_id, p.kind, p.day, p.venue_id) in locked or any(
            counts[i] <= reqs[i].required for i in hits
        )
        if p.kind == "specialized" and spec[p.region_id] <= theme_need.get(p.region_id, 0):
            needed = True
        if needed:
            keep.append(p)
            continue
        for i in hits:
            counts[i] -= 1
        if p.kind == "specialized":
            spec[p.region_id] -= 1
    return sorted(keep, key=lambda p: (p.day, p.region_id, p.kind, p.venue_id))


def schedule_rows(
    scenario: Scenario,
    placements: list[Placement],
    previous: list[ScheduledFair] | None = None,
    stamp: str = "2024-01-01T00:00:00Z",
) -> list[ScheduledFair]:
    """Schedule rows for any placements (e.g. a greedy plan), exactly as `make_plan` makes them."""
    fairs, _ = _identify(scenario, placements, previous or [], stamp, stamp)
    fairs, _ = _assign_themes(scenario, fairs)
    return fairs


def _stamp(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _row(scenario: Scenario, p: Placement, **kw: Any) -> ScheduledFair:
    region = scenario.regions[p.region_id]
    spec = scenario.kinds[p.kind]
    return ScheduledFair(
        event_id=kw.pop("event_id"),
        region_id=p.region_id,
        region_name=region.name,
        level=region.level,
        kind=p.kind,
        theme=kw.pop("theme", ""),
        date=p.day,
        start=spec.start_time,
        end=spec.end_time,
        venue_id=p.venue_id,  # blank for an online fair
        venue_name=scenario.venues[p.venue_id].name if p.venue_id else "",
        pool_id=p.pool_id,
        staff=spec.staff,
        **kw,
    )


def _identify(
    scenario: Scenario,
    placements: list[Placement],
    previous: list[ScheduledFair],
    stamp_new: str,
    stamp_now: str,
) -> tuple[list[ScheduledFair], dict[str, int]]:
    """Give each placement its identity: locked, kept, moved (sequence + 1) or new.

    Previous fairs that no longer have a place stay in the schedule as
    cancelled (sequence + 1) so subscribers see the cancellation.
    """
    locked = {(e.region_id, e.kind, e.date, e.venue_id): e for e in scenario.events if e.locked}
    unlocked = [e for e in scenario.events if not e.locked]
    prev_by_id = {f.event_id: f for f in previous}
    # the scenario's existing unlocked fairs behave like a previous plan's fairs
    olds: list[ScheduledFair] = [f for f in previous if f.status == "planned"]
    for e in unlocked:
        if e.event_id not in prev_by_id:
            olds.append(
                _row(
                    scenario,
                    Placement(e.region_id, e.kind, e.date, e.venue_id, e.pool_id),
                    event_id=e.event_id,
                    theme=e.theme,
                    modified=stamp_new,
                )
            )
    old_exact = {
        (f.region_id, f.kind, f.date, f.venue_id): f
        for f in olds
        if f.event_id not in {e.event_id for e in locked.values()}
    }
    out: list[ScheduledFair] = []
    used: set[str] = set()
    unplaced: list[Placement] = []
    kept = moved = added = cancelled = 0
    date_changed = venue_changed = pool_changed = 0
    for p in placements:
        key = (p.region_id, p.kind, p.day, p.venue_id)
        if key in locked:
            e = locked[key]
            out.append(
                _row(
                    scenario,
                    p,
                    event_id=e.event_id,
                    theme=e.theme,
                    locked=True,
                    modified=stamp_new,
                    sequence=prev_by_id[e.event_id].sequence if e.event_id in prev_by_id else 0,
                )
            )
            used.add(e.event_id)
        elif key in old_exact and old_exact[key].event_id not in used:
            f = old_exact[key]
            spec = scenario.kinds[p.kind]
            same_time = (f.start, f.end) == (spec.start_time, spec.end_time)
            out.append(
                _row(
                    scenario,
                    p,
                    event_id=f.event_id,
                    theme=f.theme,
                    sequence=f.sequence if same_time else f.sequence + 1,
                    modified=(f.modified or stamp_new) if same_time else stamp_now,
                )
            )
            used.add(f.event_id)
            kept += 1
            pool_changed += f.pool_id != p.pool_id
        else:
            unplaced.append(p)
    # pair the rest with unused previous fairs of the same region and kind: a move
    spare: dict[tuple[str, str], list[ScheduledFair]] = defaultdict(list)
    for f in olds:
        if f.event_id not in used:
            spare[(f.region_id, f.kind)].append(f)
    taken_ids = {f.event_id for f in previous} | {e.event_id for e in scenario.events}
    for p in unplaced:
        pool = spare.get((p.region_id, p.kind))
        if pool:
            f = min(pool, key=lambda f: (abs((f.date - p.day).days), f.date, f.event_id))
            pool.remove(f)
            out.append(
                _row(
                    scenario,
                    p,
                    event_id=f.event_id,
                    theme=f.theme,
                    sequence=f.sequence + 1,
                    modified=stamp_now,
                )
            )
            used.add(f.event_id)
            moved += 1
            if f.date == p.day:
                venue_changed += 1
            else:
                date_changed += 1
        else:
            eid = _new_id(p, taken_ids)
            taken_ids.add(eid)
            out.append(
                _row(scenario, p, event_id=eid, modified=stamp_new if not previous else stamp_now)
            )
            added += 1
    for f in olds:
        if f.event_id not in used:
            out.append(replace(f, status="cancelled", sequence=f.sequence + 1, modified=stamp_now))
            cancelled += 1
    # previous fairs already cancelled stay as they were
    out.extend(f for f in previous if f.status != "planned" and f.event_id not in used)
    out.sort(key=lambda f: (f.date, f.region_id, f.kind, f.event_id))
    return out, {
        "kept": kept,
        "moved": moved,
        "added": added,
        "cancelled": cancelled,
        # what changed for the moved fairs, and kept fairs staffed by another pool
        "date_changed": date_changed,
        "venue_changed": venue_changed,
        "pool_changed": pool_changed,
    }


#: the letter of a built-in kind in an event_id; other kinds write their id
_ID_LETTER = {"specialized": "S", "comprehensive": "C"}


def _new_id(p: Placement, taken: set[str]) -> str:
    """`<region>-<S|C|kind>-<YYYYMMDD>` (`-2`, `-3`, … when taken): an id (CONTRACT §6) as
    long as its parts are, and region and kind ids are at most 64 characters each."""
    letter = _ID_LETTER.get(p.kind, p.kind)
    base = f"{p.region_id}-{letter}-{p.day:%Y%m%d}"[:60]
    eid, n = base, 1
    while eid in taken:
        n += 1
        eid = f"{base}-{n}"
    return eid


def _assign_themes(
    scenario: Scenario, fairs: list[ScheduledFair], rotate: bool = True
) -> tuple[list[ScheduledFair], int]:
    """Second stage: themes for specialized fairs, region by region, in date order.

    Themes do not interact with days, venues or staff, so choosing them after
    the solve loses nothing. Fairs that already carry a valid theme (locked,
    kept, moved) keep it. Each free fair takes, among the themes that differ
    from its neighbours, the one furthest from its minimum, then the least
    used, then the list's order: the classic greedy that avoids back-to-back
    repeats whenever any theme assignment can, and meets every minimum the
    number of fairs allows.
    """
    out = list(fairs)
    repeats = 0
    by_region: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(out):
        if f.status == "planned" and f.kind == "specialized":
            by_region[f.region_id].append(i)
    for g, idx in by_region.items():
        themes = scenario.themes_for(g)
        if not themes:
            continue
        names = [t.theme for t in themes]
        need = {t.theme: t.min_count or 0 for t in themes}
        used: Counter[str] = Counter()
        fixed = {i for i in idx if out[i].theme in names}
        for i in fixed:
            used[out[i].theme] += 1
        seq = sorted(idx, key=lambda i: (out[i].date, out[i].event_id))
        for pos, i in enumerate(seq):
            if i in fixed:
                continue
            prev = out[seq[pos - 1]].theme if pos > 0 else None
            nxt = out[seq[pos + 1]].theme if pos + 1 < len(seq) and seq[pos + 1] in fixed else None
            options = [n for n in names if not rotate or n not in (prev, nxt)] or names
            choice = min(options, key=lambda n: (-(need[n] - used[n]), used[n], names.index(n)))
            used[choice] += 1
            out[i] = replace(out[i], theme=choice)
        repeats += sum(
            1 for a, b in zip(seq, seq[1:], strict=False) if out[a].theme == out[b].theme
        )
    return out, repeats
