"""The independent plan checker: is a schedule legal, and what does it leave short?

It reads the scenario and the schedule rows — and, to save deriving them again,
the plan's work calendar (`scheduler.calendar`) and requirements
(`scheduler.rules`) — and nothing else: no variable, cell or constraint of the
CP-SAT model. It re-derives every hard rule of CONTRACT §2 from the contract's
own words (and §6's: kinds as data, online fairs without a venue, subtree totals). A
plan is written only after this checker passes it (PyVRP's `is_feasible` plays the same
part there).

Rule periods are counted with `scheduler.rules`, the one implementation of
"what counts toward a period" that `fairplan check` judges records with too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from scheduler.calendar import WorkCalendar
from scheduler.model import Scenario
from scheduler.rules import Fair, Requirement, count, requirements, theme_minimums
from scheduler.schedule import ScheduledFair


@dataclass(frozen=True)
class ThemeGap:
    region_id: str
    theme: str  # "" for the region's total
    required: int
    planned: int


@dataclass
class CheckResult:
    violations: list[str] = field(default_factory=list)  # broken hard rules: a bug if non-empty
    surplus: list[str] = field(default_factory=list)  # fairs no rule needs: a bug too
    reqs: list[Requirement] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    theme_gaps: list[ThemeGap] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations and not self.surplus

    @property
    def short(self) -> list[tuple[Requirement, int]]:
        return [(r, n) for r, n in zip(self.reqs, self.counts, strict=True) if n < r.required]


def check(
    scenario: Scenario,
    fairs: list[ScheduledFair],
    *,
    calendar: WorkCalendar | None = None,
    reqs: list[Requirement] | None = None,
) -> CheckResult:
    """Every broken hard rule, every surplus fair, and what each requirement counts.

    `calendar` and `reqs` are the plan's work calendar and requirements when the
    caller has derived them already (`scheduler.derived`); by default they are derived
    here from the scenario.
    """
    planned = [f for f in fairs if f.status == "planned"]
    res = CheckResult()
    v = res.violations
    cal = calendar or WorkCalendar.for_settings(scenario.settings)
    s = scenario.settings

    for f in planned:
        tag = f"fair {f.event_id} ({f.region_id} {f.kind} {f.date})"
        region = scenario.regions.get(f.region_id)
        spec = scenario.kinds.get(f.kind)
        venue = scenario.venues.get(f.venue_id)
        pool = scenario.pools.get(f.pool_id)
        if region is None:
            v.append(f"{tag}: unknown region")
            continue
        if spec is None:
            v.append(f"{tag}: unknown kind")
            continue
        if not s.start <= f.date <= s.end:
            v.append(f"{tag}: outside the horizon {s.start}..{s.end}")
        if f.date in cal.holidays:
            v.append(f"{tag}: on a statutory holiday")
        if f.date in s.blackouts:
            v.append(f"{tag}: on a blackout date")
        if not _day_allowed(cal, spec.days, spec.weekdays, f.date):
            v.append(f"{tag}: {spec.days} do not include {f.date:%a}")
        if f.staff != spec.staff:
            v.append(f"{tag}: staff {f.staff} but a {f.kind} fair needs {spec.staff}")
        if (f.start, f.end) != (spec.start_time, spec.end_time):
            v.append(f"{tag}: hours {f.start}-{f.end} differ from the kind's")
        if spec.online:
            # CONTRACT §6: an online fair needs staff but no venue, and names none
            if f.venue_id or f.venue_name:
                v.append(f"{tag}: an online {f.kind} fair has venue {f.venue_id or f.venue_name}")
        elif venue is None:
            v.append(f"{tag}: unknown venue {f.venue_id}")
        else:
            if venue.region_id != f.region_id:
                v.append(f"{tag}: venue {venue.venue_id} belongs to {venue.region_id}")
            if venue.capacity < spec.min_capacity:
                v.append(
                    f"{tag}: venue {venue.venue_id} holds {venue.capacity} < {spec.min_capacity}"
                )
            # a venue's kinds list allows those kinds; a blank list allows every kind
            if venue.kinds and f.kind not in venue.kinds:
                v.append(f"{tag}: venue {venue.venue_id} does not allow {f.kind} fairs")
            if f.date in venue.unavailable:
                v.append(f"{tag}: venue {venue.venue_id} is unavailable that day")
        if pool is None:
            v.append(f"{tag}: unknown staff pool {f.pool_id}")
        else:
            lineage = set()
            cur: str | None = f.region_id
            while cur is not None and cur not in lineage:
                lineage.add(cur)
                cur = scenario.regions[cur].parent_id if cur in scenario.regions else None
            if not lineage.intersection(pool.serves):
                v.append(f"{tag}: pool {pool.pool_id} does not serve {f.region_id}")
            if f.date in pool.unavailable:
                v.append(f"{tag}: pool {pool.pool_id} is unavailable that day")

    for (venue_id, day), n in Counter((f.venue_id, f.date) for f in planned if f.venue_id).items():
        if n > 1:
            v.append(f"venue {venue_id} hosts {n} fairs on {day}")
    need: dict[tuple[str, dt.date], int] = defaultdict(int)
    for f in planned:
        need[(f.pool_id, f.date)] += f.staff
    for (pool_id, day), n in need.items():
        if pool_id in scenario.pools and n > scenario.pools[pool_id].headcount:
            v.append(
                f"pool {pool_id} needs {n} people on {day}, has {scenario.pools[pool_id].headcount}"
            )
    held = {(f.event_id, f.region_id, f.kind, f.date, f.venue_id, f.pool_id) for f in planned}
    for e in scenario.events:
        if (
            e.locked
            and (e.event_id, e.region_id, e.kind, e.date, e.venue_id, e.pool_id) not in held
        ):
            v.append(f"locked fair {e.event_id} was not kept exactly")
    ids = Counter(f.event_id for f in fairs)
    v.extend(f"event_id {i} appears {n} times" for i, n in ids.items() if n > 1)

    res.reqs = requirements(scenario, cal) if reqs is None else reqs
    as_fairs = [Fair(f.region_id, f.kind, f.date) for f in planned]
    res.counts = count(res.reqs, as_fairs)
    res.theme_gaps = _theme_gaps(scenario, planned)
    res.surplus = _surplus(scenario, planned, res)
    return res


def _day_allowed(cal: WorkCalendar, days: str, weekdays: frozenset[int], d: dt.date) -> bool:
    # restated from CONTRACT §2 kinds rather than calling WorkCalendar.allows
    makeup = d in cal.makeup_workdays
    if days == "workdays":
        return d.weekday() < 5 or makeup
    if days == "weekends":
        return d.weekday() >= 5 and not makeup
    if days == "list":
        return d.weekday() in weekdays
    return True


def _theme_gaps(scenario: Scenario, planned: list[ScheduledFair]) -> list[ThemeGap]:
    gaps = []
    for g in sorted(scenario.regions):
        themes = [t for t in scenario.themes_for(g) if t.min_count]
        if not themes:
            continue
        spec = [f for f in planned if f.region_id == g and f.kind == "specialized"]
        got = Counter(f.theme for f in spec)
        for t in themes:
            assert t.min_count is not None
            if got[t.theme] < t.min_count:
                gaps.append(ThemeGap(g, t.theme, t.min_count, got[t.theme]))
    return gaps


def _surplus(scenario: Scenario, planned: list[ScheduledFair], res: CheckResult) -> list[str]:
    """A plan holds no more fairs than the rules need: every unlocked fair must be needed.

    A fair is surplus when removing it leaves every requirement it counts
    toward still met, and its region's theme minimums still reachable.
    """
    by_region: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(res.reqs):
        for g in r.regions:  # the rule's region, or (subtree) every region below it too
            by_region[g].append(i)
    theme_need = theme_minimums(scenario)
    spec_count = Counter(f.region_id for f in planned if f.kind == "specialized")
    out = []
    for f in planned:
        if f.locked:
            continue
        needed = any(
            res.counts[i] <= res.reqs[i].required
            for i in by_region.get(f.region_id, ())
            if res.reqs[i].counts(f.region_id, f.kind, f.date)
        )
        if f.kind == "specialized" and spec_count[f.region_id] <= theme_need.get(f.region_id, 0):
            needed = True
        if not needed:
            out.append(
                f"fair {f.event_id} ({f.region_id} {f.kind} {f.date}) is more than the rules need"
            )
    return out
