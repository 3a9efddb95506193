"""The baseline: plan the way a bureau does by hand, and score any plan with fairplan's objective.

`hand_plan` is `scheduler.greedy.greedy(smart=False)`: requirement by
requirement in calendar order, the first day with a free venue and a pool
that still has people, the first venue and pool in the list (what a planner
does in Excel). In a re-plan it keeps every previous fair that is still legal
and fills the gaps the same way.

Plans are priced with `scheduler.cpsat.score` (the planner's own objective,
re-exported here) and given identities and themes with
`scheduler.plan.schedule_rows`, so the independent checker judges greedy
plans exactly as it judges fairplan's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.checker import CheckResult, check
from scheduler.cpsat import Score as Score
from scheduler.cpsat import score as score
from scheduler.greedy import greedy
from scheduler.model import Event, Scenario
from scheduler.placement import Placement
from scheduler.plan import schedule_rows
from scheduler.schedule import ScheduledFair

STAMP = "2024-06-01T00:00:00Z"


def hand_plan(scenario: Scenario, keep: list[Event] | None = None) -> list[Placement]:
    """The planner-by-hand baseline (calendar order, first venue and pool that fit)."""
    return greedy(scenario, smart=False, keep=keep)


def checked(scenario: Scenario, placements: list[Placement]) -> CheckResult:
    return check(scenario, schedule_rows(scenario, placements, stamp=STAMP))


def as_events(fairs: list[ScheduledFair]) -> list[Event]:
    """A schedule's planned fairs as the `previous` events a re-plan starts from."""
    return [
        Event(f.event_id, f.region_id, f.kind, f.date, f.venue_id, f.pool_id, f.theme)  # type: ignore[arg-type]
        for f in fairs
        if f.status == "planned"
    ]


Key = tuple[str, str, dt.date, str]


def changed(before: list[tuple[str, str, dt.date, str]], after: list[Key]) -> int:
    """Fairs a subscriber sees change between two plans: moved, added or cancelled.

    A fair is kept when the same (region, kind, date, venue) is in both plans
    (the pool is invisible to subscribers). Within a region and kind, the
    planner pairs a dropped fair with a new one as one *move*; so per (region,
    kind) the changes are max(dropped, new) — exactly `moved + added +
    cancelled` of `make_plan`'s identity step.
    """
    from collections import Counter

    a, b = Counter(before), Counter(after)
    dropped: dict[tuple[str, str], int] = defaultdict(int)
    new: dict[tuple[str, str], int] = defaultdict(int)
    for k, n in (a - b).items():
        dropped[(k[0], k[1])] += n
    for k, n in (b - a).items():
        new[(k[0], k[1])] += n
    return sum(max(dropped[g], new[g]) for g in set(dropped) | set(new))


def keys_of_fairs(fairs: list[ScheduledFair]) -> list[Key]:
    return [(f.region_id, f.kind, f.date, f.venue_id) for f in fairs if f.status == "planned"]


def keys_of_placements(placements: list[Placement]) -> list[Key]:
    return [(p.region_id, p.kind, p.day, p.venue_id) for p in placements]
