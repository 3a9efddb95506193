"""A fair as the planners (CP-SAT or greedy) decide it, before it gets an identity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.model import Scenario


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
