"""A fair as the planners (CP-SAT or greedy) decide it, before it gets an identity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.calendar import WorkCalendar
from scheduler.model import Event, Scenario


@dataclass(frozen=True)
class Placement:
    region_id: str
    kind: str
    day: dt.date
    venue_id: str
    pool_id: str


def home_pool(scenario: Scenario, region_id: str) -> str | None:
    """The most specific pool serving a region (its own bureau's before the province's)."""
    for up in scenario.ancestors(region_id):
        pools = sorted(p.pool_id for p in scenario.pools.values() if up in p.serves)
        if pools:
            return pools[0]
    return None


def fits(scenario: Scenario, cal: WorkCalendar, e: Event) -> bool:
    """Could this fair be held as it is, leaving aside every other fair?

    Its day is in the horizon and allowed for its kind; its venue is of its
    region, big enough, allows the kind and is open (an online fair has no venue);
    its pool serves the region, has enough people and is at work that day. (Whether
    the venue and the pool are free of other fairs is the caller's business.)
    """
    spec = scenario.kinds.get(e.kind)
    pool = scenario.pools.get(e.pool_id)
    if spec is None or pool is None:
        return False
    if spec.online:
        venue_ok = e.venue_id == ""
    else:
        venue = scenario.venues.get(e.venue_id)
        venue_ok = (
            venue is not None
            and venue.region_id == e.region_id
            and venue.capacity >= spec.min_capacity
            and venue.allows(e.kind)
            and e.date not in venue.unavailable
        )
    return (
        venue_ok
        and scenario.settings.start <= e.date <= scenario.settings.end
        and cal.allows(spec, e.date)
        and e.date not in pool.unavailable
        and pool.headcount >= spec.staff
        and pool in scenario.pools_serving(e.region_id)
    )
