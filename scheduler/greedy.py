"""Greedy planning: the way a planner fills the calendar by hand, and CP-SAT's warm start.

Requirements are taken period by period (earliest first); each one still short
gets fairs on the first day that has a free suitable venue and a pool with
enough people left. Two flavours:

- `hand` (the benchmark baseline): days in calendar order, the first venue and
  pool that fit — what a planner does in Excel;
- `smart` (the solver's hint): preferred weekdays first, smallest adequate
  venue, the region's own pool before a shared one.

Both work from the scenario alone (no model variables), so their plans can be
scored and checked like any other.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from scheduler.derived import Derived
from scheduler.model import Event, Scenario, StaffPool, Venue, date_range
from scheduler.placement import Placement, fits, home_pool
from scheduler.rules import Requirement


def greedy(
    scenario: Scenario,
    *,
    smart: bool = True,
    keep: list[Event] | None = None,
    reqs: list[Requirement] | None = None,
    derived: Derived | None = None,
) -> list[Placement]:
    """Place fairs greedily; locked fairs (and `keep`, where still legal) come first.

    `reqs` (default: all of the scenario's) are the requirements to fill; `derived` the
    plan's calendar and requirements, derived once by the caller.
    """
    derived = derived or Derived.of(scenario)
    cal = derived.calendar
    reqs = derived.reqs if reqs is None else reqs
    s = scenario.settings
    venue_busy: set[tuple[str, dt.date]] = set()
    load: dict[tuple[str, dt.date], int] = defaultdict(int)
    out: list[Placement] = []
    have: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    week_load: dict[tuple[str, dt.date], int] = defaultdict(int)

    def place(p: Placement) -> None:
        out.append(p)
        if p.venue_id:
            venue_busy.add((p.venue_id, p.day))
        load[(p.pool_id, p.day)] += scenario.kinds[p.kind].staff
        week_load[(p.pool_id, _monday(p.day))] += scenario.kinds[p.kind].staff
        insort(have[(p.region_id, p.kind)], p.day)  # kept sorted: _day_rank bisects

    def try_place(o: _Option) -> bool:
        """Place a fair at the option's first free venue and pool, if it has both."""
        d, staff = o.day, scenario.kinds[o.kind].staff
        free = [
            v
            for v in o.venues
            if v is None or (d not in v.unavailable and (v.venue_id, d) not in venue_busy)
        ]
        p = next(
            (
                p
                for p in o.pools
                if d not in p.unavailable and load[(p.pool_id, d)] + staff <= p.headcount
            ),
            None,
        )
        if not free or p is None:
            return False
        v = free[0]  # None: an online fair, which needs no venue
        place(Placement(o.region_id, o.kind, d, v.venue_id if v else "", p.pool_id))
        return True

    def legal(e: Event) -> bool:
        return (
            fits(scenario, cal, e)
            and (not e.venue_id or (e.venue_id, e.date) not in venue_busy)
            and load[(e.pool_id, e.date)] + scenario.kinds[e.kind].staff
            <= scenario.pools[e.pool_id].headcount
        )

    for e in [e for e in scenario.events if e.locked]:
        place(Placement(e.region_id, e.kind, e.date, e.venue_id, e.pool_id))
    for e in keep or []:
        if legal(e):
            place(Placement(e.region_id, e.kind, e.date, e.venue_id, e.pool_id))

    def held(r: Requirement) -> int:
        kinds = r.kinds_among(scenario.kinds)
        return sum(1 for g in r.regions for k in kinds for d in have[(g, k)] if r.lo <= d <= r.hi)

    kind_order = {k: i for i, k in enumerate(scenario.kinds)}
    # totals over a subtree last: they take what the regions' own rules already hold
    order = sorted(reqs, key=lambda r: (r.subtree, r.lo, r.hi, r.region_id, r.rule_id))
    for r in order:
        missing = r.required - held(r)
        if missing <= 0:
            continue
        kinds = r.kinds_among(scenario.kinds)
        days = [d for d in date_range(max(r.lo, s.start), min(r.hi, s.end))]
        options: list[_Option] = []
        # the rule's own region first, then the regions below it
        for g in sorted(r.regions, key=lambda g: (g != r.region_id, g)):
            home = home_pool(scenario, g)
            for k in kinds:
                spec = scenario.kinds[k]
                venues: list[Venue | None] = list(scenario.venues_for(g, k))
                if spec.online:
                    venues = [None]
                pools = [p for p in scenario.pools_serving(g) if p.headcount >= spec.staff]
                if not venues or not pools:
                    continue
                if smart:
                    venues.sort(key=lambda v: (v.capacity, v.venue_id) if v else (0, ""))
                    pools.sort(key=lambda p: (p.pool_id != home, p.pool_id))
                for d in days:
                    if cal.allows(spec, d):
                        # smart: preferred days, away from the same kind's fairs, in the
                        # week its own pool is least busy (spreads a city's county fairs)
                        rank = (
                            (
                                _day_rank(derived.preferred(k, d), d, have[(g, k)]),
                                week_load[(home or "", _monday(d))],
                            )
                            if smart
                            else (0, 0)
                        )
                        options.append(_Option(rank, d, kind_order[k], g, k, venues, pools))
        options.sort(key=lambda o: (o.rank, o.day, o.kind_rank))
        if smart and (missing > 1 or len(r.regions) > 1):
            _spread(options, missing, r, try_place)
            continue
        for o in options:
            if missing <= 0:
                break
            if try_place(o):
                missing -= 1
    return sorted(out, key=lambda p: (p.day, p.region_id, p.kind, p.venue_id))


@dataclass
class _Option:
    """A (day, region, kind) a missing fair could go to, with its venues and pools."""

    rank: tuple[int, int]
    day: dt.date
    kind_rank: int
    region_id: str
    kind: str
    venues: list[Venue | None]
    pools: list[StaffPool]


def _spread(
    options: list[_Option], missing: int, r: Requirement, try_place: Callable[[_Option], bool]
) -> None:
    """Place `missing` fairs from `options`, spread over the requirement's days and regions.

    The days are cut into `missing` equal stretches; each fair goes, in turn, to its own
    stretch, in the region holding the fewest of the requirement's fairs so far (then by
    rank and day); what a stretch had no room for goes anywhere after. A total of 50
    campus fairs over a school year thus starts one a week or so, in every city, instead
    of 50 in the first September weeks of one.
    """
    span = (r.hi - r.lo).days + 1
    placed: dict[str, int] = defaultdict(int)
    tried: set[int] = set()

    def fill(candidates: list[int]) -> bool:
        candidates.sort(key=lambda i: (placed[options[i].region_id], options[i].rank, i))
        for i in candidates:
            tried.add(i)
            if try_place(options[i]):
                placed[options[i].region_id] += 1
                return True
        return False

    left = missing
    for j in range(missing):
        lo = r.lo + dt.timedelta(days=span * j // missing)
        hi = r.lo + dt.timedelta(days=span * (j + 1) // missing - 1)
        if fill([i for i, o in enumerate(options) if i not in tried and lo <= o.day <= hi]):
            left -= 1
    while left > 0 and fill([i for i in range(len(options)) if i not in tried]):
        left -= 1


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _day_rank(preferred: bool, d: dt.date, taken: list[dt.date]) -> int:
    """Lower is better: preferred weekday, and not within 4 days of the same kind's fair
    (`taken`: that region's and kind's days, sorted; four years hold hundreds)."""
    i = bisect_left(taken, d - dt.timedelta(days=3))
    crowded = i < len(taken) and taken[i] <= d + dt.timedelta(days=3)
    return (0 if preferred else 1) + (2 if crowded else 0)
