"""What a rule asks for and what counts toward it — the one implementation (CONTRACT §2 rules).

Used by the plan checker and by the compliance monitor (`fairplan check`), so
that the planner plans against exactly the rule the inspector judges by.

- A natural period (week Monday–Sunday, month, quarter) is *in scope* when at
  least half of its days lie inside the rule's window; so a week cut by the
  window is in scope exactly when its Thursday is. `window` is one period.
- A period whose every day (inside the window) is a holiday or a blackout date asks for
  nothing: no fair is ever held on such a day (CONTRACT §2), so no plan and no bureau
  could meet it. The week of 31 January 2022 is the whole Spring Festival break; "a fair
  every week" (003 三(十)) does not ask one of it.
- A fair counts toward a period when its region is the rule's region — or, for a rule
  that `counts` over its `subtree` (CONTRACT §6), the rule's region or any region below
  it — its kind is one the rule accepts (`any` accepts every kind, a `;` list each kind
  listed), and its date lies inside both the period and the window.

The model, the greedy start, the independent checker and the monitor all count with
`Requirement.counts` / `count` here; `implied` says which subtree totals the other rules
already guarantee (the model may then leave them out, see `scheduler.cpsat`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from scheduler.calendar import WorkCalendar
from scheduler.model import LEVELS, Rule, Scenario, kind_set


@dataclass(frozen=True)
class Requirement:
    """One (rule, region, in-scope period): at least `required` fairs in [lo, hi].

    `regions` are the regions whose fairs count: the rule's region alone (`own`), or it
    and every region below it (`subtree`); `kind` is the rule's kind as written (`any`,
    a kind, or `a;b`).
    """

    rule_id: str
    region_id: str
    kind: str
    period: str
    period_start: dt.date  # the natural period, as reported
    period_end: dt.date
    lo: dt.date  # the days that count: the period cut by the rule's window
    hi: dt.date
    required: int
    source: str = ""
    name: str = ""
    regions: frozenset[str] = frozenset()  # filled with {region_id} when not given
    subtree: bool = False

    def __post_init__(self) -> None:
        if not self.regions:
            object.__setattr__(self, "regions", frozenset((self.region_id,)))

    @property
    def kinds(self) -> frozenset[str] | None:
        """The kinds whose fairs count, or None for any kind."""
        return kind_set(self.kind)

    def accepts(self, kind: str) -> bool:
        accepted = self.kinds
        return accepted is None or kind in accepted

    def kinds_among(self, kinds: Iterable[str]) -> tuple[str, ...]:
        """The kinds (of `kinds`, in their order) whose fairs count toward this requirement."""
        return tuple(k for k in kinds if self.accepts(k))

    def counts(self, region_id: str, kind: str, date: dt.date) -> bool:
        # the date first: of a region's requirements, few contain the day
        return self.lo <= date <= self.hi and region_id in self.regions and self.accepts(kind)


def natural_period(period: str, d: dt.date) -> tuple[dt.date, dt.date]:
    """The week (Mon–Sun), month or quarter that contains `d`."""
    if period == "week":
        start = d - dt.timedelta(days=d.weekday())
        return start, start + dt.timedelta(days=6)
    if period == "month":
        start = d.replace(day=1)
    elif period == "quarter":
        start = dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    else:
        raise ValueError(f"not a natural period: {period}")
    months = 1 if period == "month" else 3
    y, m = divmod(start.month - 1 + months, 12)
    return start, dt.date(start.year + y, m + 1, 1) - dt.timedelta(days=1)


def periods_in_scope(period: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The in-scope periods of a window [start, end], in order."""
    if period == "window":
        return [(start, end)] if start <= end else []
    out = []
    ps, _ = natural_period(period, start)
    while ps <= end:
        p0, p1 = natural_period(period, ps)
        inside = (min(p1, end) - max(p0, start)).days + 1
        if 2 * inside >= (p1 - p0).days + 1:
            out.append((p0, p1))
        ps = p1 + dt.timedelta(days=1)
    return out


def rule_regions(rule: Rule, scenario: Scenario) -> list[str]:
    """The regions a rule applies to: a level, `tag:NAME`, or one region_id."""
    scope = rule.scope
    if scope in LEVELS:
        return sorted(r.region_id for r in scenario.regions.values() if r.level == scope)
    if scope.startswith("tag:"):
        tag = scope[4:]
        return sorted(r.region_id for r in scenario.regions.values() if tag in r.tags)
    return [scope] if scope in scenario.regions else []


def counted_regions(rule: Rule, region_id: str, scenario: Scenario) -> frozenset[str]:
    """The regions whose fairs count toward the rule in `region_id`: itself, or (`subtree`)
    itself and every region below it."""
    if rule.counts == "subtree":
        return frozenset(scenario.descendants(region_id))
    return frozenset((region_id,))


def _closed_days(scenario: Scenario, calendar: WorkCalendar | None) -> np.ndarray:
    """Sorted ordinals of the days no fair may be held on anywhere: holidays, blackouts."""
    cal = calendar or WorkCalendar.for_settings(scenario.settings)
    days = cal.holidays | cal.blackouts
    return np.sort(np.fromiter((d.toordinal() for d in days), np.int64, len(days)))


def requirements(scenario: Scenario, calendar: WorkCalendar | None = None) -> list[Requirement]:
    """Every (rule, region, in-scope period) of the scenario, in a stable order; periods
    whose every day is a holiday or blackout are left out (see the module docstring).
    `calendar` is the scenario's work calendar, when the caller has it already."""
    closed = _closed_days(scenario, calendar)

    def all_closed(lo: dt.date, hi: dt.date) -> bool:
        a, b = lo.toordinal(), hi.toordinal()
        n = int(closed.searchsorted(b, side="right") - closed.searchsorted(a, side="left"))
        return n == b - a + 1

    out: list[Requirement] = []
    for rule in scenario.rules:
        periods = [
            (p0, p1)
            for p0, p1 in periods_in_scope(rule.period, rule.start, rule.end)
            if not all_closed(max(p0, rule.start), min(p1, rule.end))
        ]
        for region_id in rule_regions(rule, scenario):
            regions = counted_regions(rule, region_id, scenario)
            for p0, p1 in periods:
                out.append(
                    Requirement(
                        rule_id=rule.rule_id,
                        region_id=region_id,
                        kind=rule.kind,
                        period=rule.period,
                        period_start=p0,
                        period_end=p1,
                        lo=max(p0, rule.start),
                        hi=min(p1, rule.end),
                        required=rule.min_count,
                        source=rule.source,
                        name=rule.name,
                        regions=regions,
                        subtree=rule.counts == "subtree",
                    )
                )
    return out


def implied(reqs: list[Requirement]) -> set[int]:
    """Subtree totals that the own-region requirements guarantee whenever they are met.

    Each own requirement of a region below (or at) a total's region, accepting only kinds
    the total accepts and lying inside the total's days, forces its fairs; periods of one
    rule are disjoint, so they add up, and fairs of different regions are different fairs.
    Per region the largest such sum over its rules counts (two rules may share fairs).
    When the regions' sums reach the total, every plan meeting the own requirements meets
    the total too (e.g. 003 一's 200 events over four years, against 12 cities' weekly
    fairs). Returns the indices of such totals.
    """
    by_region: dict[str, list[Requirement]] = defaultdict(list)
    for r in reqs:
        if not r.subtree:
            by_region[r.region_id].append(r)
    out: set[int] = set()
    for i, t in enumerate(reqs):
        if not t.subtree:
            continue
        forced = 0
        for g in t.regions:
            per_rule: dict[str, int] = defaultdict(int)
            for q in by_region.get(g, ()):
                inside = t.lo <= q.lo and q.hi <= t.hi
                narrower = t.kinds is None or (q.kinds is not None and q.kinds <= t.kinds)
                if inside and narrower:
                    per_rule[q.rule_id] += q.required
            forced += max(per_rule.values(), default=0)
            if forced >= t.required:
                out.add(i)
                break
    return out


@dataclass(frozen=True)
class Fair:
    """The three facts about a fair that the rules look at."""

    region_id: str
    kind: str
    date: dt.date


def count(reqs: list[Requirement], fairs: Iterable[Fair]) -> list[int]:
    """How many of `fairs` count toward each requirement (same order as `reqs`).

    Fairs are grouped by (region, kind) into sorted day numbers, and each
    requirement is two binary searches per kind it accepts: judging a million
    records takes well under a second.
    """
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    for f in fairs:
        days[(f.region_id, f.kind)].append(f.date.toordinal())
    return count_sorted(reqs, {k: np.sort(np.asarray(v, dtype=np.int64)) for k, v in days.items()})


def count_sorted(reqs: list[Requirement], days: dict[tuple[str, str], np.ndarray]) -> list[int]:
    """`count` over fairs already grouped as sorted day ordinals per (region, kind)."""
    kinds_of: dict[str, list[str]] = defaultdict(list)
    for g, k in days:
        kinds_of[g].append(k)
    out = []
    for r in reqs:
        lo, hi = r.lo.toordinal(), r.hi.toordinal()
        n = 0
        for g in r.regions:
            for k in kinds_of.get(g, ()):
                if r.accepts(k):
                    arr = days[(g, k)]
                    n += int(arr.searchsorted(hi, side="right") - arr.searchsorted(lo, side="left"))
        out.append(n)
    return out


def theme_minimums(scenario: Scenario) -> dict[str, int]:
    """Per region, the specialized fairs its theme minimums need over the horizon (themes sheet).

    A region's themes are its own, plus the `*` themes for a city; themes a region
    inherits from an ancestor carry no minimum (`Scenario.themes_for`).
    """
    out: dict[str, int] = {}
    for g, region in scenario.regions.items():
        if region.level != "city" and not any(t.region_id == g for t in scenario.themes):
            continue
        total = sum(t.min_count or 0 for t in scenario.themes_for(g))
        if total:
            out[g] = total
    return out


def by_region(reqs: list[Requirement]) -> dict[str, list[int]]:
    """Requirement indices per region whose fairs they count: the index `matching` looks
    fairs up in."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reqs):
        for g in r.regions:
            out[g].append(i)
    return out


def matching(
    reqs: list[Requirement], fair: Fair, index: dict[str, list[int]] | None = None
) -> list[int]:
    """Indices of the requirements `fair` counts toward."""
    candidates = range(len(reqs)) if index is None else index.get(fair.region_id, [])
    return [i for i in candidates if reqs[i].counts(fair.region_id, fair.kind, fair.date)]
