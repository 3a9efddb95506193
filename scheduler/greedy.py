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
from collections import defaultdict

from scheduler.derived import Derived
from scheduler.model import Event, Scenario, date_range
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
        venue_busy.add((p.venue_id, p.day))
        load[(p.pool_id, p.day)] += scenario.kinds[p.kind].staff
        week_load[(p.pool_id, _monday(p.day))] += scenario.kinds[p.kind].staff
        have[(p.region_id, p.kind)].append(p.day)

    def legal(e: Event) -> bool:
        return (
            fits(scenario, cal, e)
            and (e.venue_id, e.date) not in venue_busy
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
        return sum(1 for k in kinds for d in have[(r.region_id, k)] if r.lo <= d <= r.hi)

    kind_order = {k: i for i, k in enumerate(scenario.kinds)}
    order = sorted(reqs, key=lambda r: (r.lo, r.hi, r.region_id, r.rule_id))
    for r in order:
        missing = r.required - held(r)
        if missing <= 0:
            continue
        kinds = r.kinds_among(scenario.kinds)
        days = [d for d in date_range(max(r.lo, s.start), min(r.hi, s.end))]
        options = []
        for k in kinds:
            spec = scenario.kinds[k]
            venues = scenario.venues_for(r.region_id, k)
            pools = [p for p in scenario.pools_serving(r.region_id) if p.headcount >= spec.staff]
            home = home_pool(scenario, r.region_id)
            if smart:
                venues.sort(key=lambda v: (v.capacity, v.venue_id))
                pools.sort(key=lambda p: (p.pool_id != home, p.pool_id))
            for d in days:
                if cal.allows(spec, d):
                    # smart: preferred days, away from the same kind's fairs, in the
                    # week its own pool is least busy (spreads a city's county fairs)
                    rank = (
                        (
                            _day_rank(derived.preferred(k, d), d, have[(r.region_id, k)]),
                            week_load[(home or "", _monday(d))],
                        )
                        if smart
                        else (0, 0)
                    )
                    options.append((rank, d, k, venues, pools))
        options.sort(key=lambda o: (o[0], o[1], kind_order[o[2]]))
        for _, d, k, venues, pools in options:
            if missing <= 0:
                break
            staff = scenario.kinds[k].staff
            v = next(
                (v for v in venues if d not in v.unavailable and (v.venue_id, d) not in venue_busy),
                None,
            )
            p = next(
                (
                    p
                    for p in pools
                    if d not in p.unavailable and load[(p.pool_id, d)] + staff <= p.headcount
                ),
                None,
            )
            if v is None or p is None:
                continue
            place(Placement(r.region_id, k, d, v.venue_id, p.pool_id))
            missing -= 1
    return sorted(out, key=lambda p: (p.day, p.region_id, p.kind, p.venue_id))


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _day_rank(preferred: bool, d: dt.date, taken: list[dt.date]) -> int:
    """Lower is better: preferred weekday, and not within 4 days of the same kind's fair."""
    crowded = any(abs((d - t).days) < 4 for t in taken)
    return (0 if preferred else 1) + (2 if crowded else 0)
