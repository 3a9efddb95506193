"""The second pass: facts across sheets, on the objects that passed the first.

- a rule whose kind no pool serving a targeted region can staff can never be met;
- a locked fair is kept exactly, so it must itself obey every hard rule (horizon, allowed
  day, its venue's region, size, kinds and closures, one fair per venue a day, its pool's
  regions, closures and headcount).

Each problem names the row and column that would have to change.
"""

from __future__ import annotations

import datetime as dt

from scheduler.model import Event, KindSpec, Rule, Scenario, Venue
from scheduler.rules import rule_regions
from scheduler.scenario.format import SHEET_BY_NAME
from scheduler.scenario.passes import Parsed
from scheduler.scenario.problems import Problems
from scheduler.scenario.sheets import Row, Sheet
from texts import tr

__all__ = ["check_locked", "check_staffing"]


def _kinds_of(rule: Rule, p: Parsed) -> tuple[str, ...]:
    """The kinds (named on the kinds sheet) whose fairs count toward the rule."""
    accepted = rule.kinds
    return tuple(k for k in sorted(p.kind_names) if accepted is None or k in accepted)


def check_staffing(
    scenario: Scenario, p: Parsed, tables: dict[str, Sheet], problems: Problems
) -> None:
    """A rule whose kind no pool serving a targeted region can staff can never be met."""
    if (
        not (p.pools_complete and p.regions_complete)
        or "staff" not in tables
        or "rules" not in tables
    ):
        return
    table = tables["rules"]
    # the largest pool that serves each region directly; a pool serving an ancestor
    # serves the region too (as Scenario.pools_serving), so take the max up the tree.
    # One pass instead of pools_serving per region keeps a national scenario fast.
    direct: dict[str, int] = {}
    for pool in scenario.pools.values():
        for rid in pool.serves:
            direct[rid] = max(direct.get(rid, -1), pool.headcount)
    largest: dict[str, int] = {}

    def largest_serving(rid: str) -> int:
        if rid not in largest:
            largest[rid] = max(direct.get(a, -1) for a in scenario.ancestors(rid))
        return largest[rid]

    def largest_below(rid: str) -> int:
        """For a subtree total: the largest pool serving the region or one below it."""
        return max(largest_serving(g) for g in scenario.descendants(rid))

    for n, rule in p.rules:
        named = _kinds_of(rule, p)
        kinds = [p.kinds[k] for k in named if k in p.kinds]
        if len(kinds) < len(named) or not kinds:
            continue  # a bad kinds row: already reported
        need = min(k.staff for k in kinds)
        failing: list[str] = []
        best = -1
        for rid in rule_regions(rule, scenario):
            if rid not in scenario.regions:
                continue
            top = largest_below(rid) if rule.counts == "subtree" else largest_serving(rid)
            if top < need:
                failing.append(rid)
                best = max(best, top)
        if not failing:
            continue
        names = ", ".join(f"{r} {scenario.regions[r].name}" for r in failing[:5])
        if len(failing) > 5:
            names += tr("scenario.and_more", count=len(failing) - 5)
        kind_text = tr("scenario.or").join(
            tr("scenario.unstaffable_kind", kind=k.kind, staff=k.staff) for k in kinds
        )
        best_text = (
            tr("scenario.unstaffable_best", best=best)
            if best >= 0
            else tr("scenario.unstaffable_none")
        )
        problems.add("unstaffable", table.file, table.name, n, table.written("kind"),
                     kind=kind_text, regions=names, best=best_text)  # fmt: skip


def check_locked(
    scenario: Scenario, p: Parsed, tables: dict[str, Sheet], problems: Problems
) -> None:
    """A locked fair is kept exactly, so it must itself obey every hard rule."""
    table = tables.get("events")
    if table is None:
        return
    spec_of = SHEET_BY_NAME["events"]
    h = scenario.settings
    by_venue_day: dict[tuple[str, dt.date], tuple[int, str]] = {}
    pool_day: dict[tuple[str, dt.date], list[tuple[str, int]]] = {}
    reported: set[tuple[str, dt.date]] = set()
    for n, event in p.events:
        if not event.locked:
            continue
        row = Row(problems, table, spec_of, n, {})
        spec = p.kinds.get(event.kind)
        d = event.date
        if not h.start <= d <= h.end:
            row.report("date", "locked_outside", date=d, h0=h.start, h1=h.end)
        elif spec is not None and p.calendar is not None and not p.calendar.allows(spec, d):
            cal = p.calendar
            if cal.is_holiday(d):
                reason = tr("scenario.day_holiday")
            elif d in cal.blackouts:
                reason = tr("scenario.day_blackout")
            else:
                reason = tr("scenario.day_not_allowed", days=spec.days)
            weekday = tr(f"scenario.weekday_{d.weekday()}")
            row.report(
                "date", "locked_day", kind=event.kind, date=d, weekday=weekday, reason=reason
            )
        venue = p.venues.get(event.venue_id)
        if venue is not None:
            _check_venue(row, event, venue, spec)
            clash = by_venue_day.get((venue.venue_id, d))
            if clash is not None:
                row.report("venue_id", "locked_venue_clash", venue=venue.venue_id, other=clash[1],
                           row=clash[0], date=d)  # fmt: skip
            else:
                by_venue_day[(venue.venue_id, d)] = (n, event.event_id)
        pool = p.pools.get(event.pool_id)
        if pool is None:
            continue
        if event.region_id in scenario.regions and not set(
            scenario.ancestors(event.region_id)
        ).intersection(pool.serves):
            row.report("pool_id", "locked_pool_region", pool=pool.pool_id, region=event.region_id,
                       serves=", ".join(pool.serves))  # fmt: skip
        if d in pool.unavailable:
            row.report("pool_id", "locked_pool_closed", pool=pool.pool_id, date=d)
        if spec is None:
            continue
        fairs = pool_day.setdefault((pool.pool_id, d), [])
        fairs.append((event.event_id, spec.staff))
        need = sum(s for _, s in fairs)
        if need > pool.headcount and (pool.pool_id, d) not in reported:
            reported.add((pool.pool_id, d))
            row.report("pool_id", "locked_staff", date=d, need=need, pool=pool.pool_id,
                       events=", ".join(e for e, _ in fairs), headcount=pool.headcount)  # fmt: skip


def _check_venue(row: Row, event: Event, venue: Venue, spec: KindSpec | None) -> None:
    v = venue.venue_id
    if venue.region_id != event.region_id:
        row.report("venue_id", "locked_venue_region", venue=v, venue_region=venue.region_id,
                   region=event.region_id)  # fmt: skip
    if spec is not None and venue.capacity < spec.min_capacity:
        row.report("venue_id", "locked_venue_small", venue=v, capacity=venue.capacity,
                   kind=event.kind, need=spec.min_capacity)  # fmt: skip
    if not venue.allows(event.kind):
        row.report("venue_id", "locked_venue_kind", venue=v, kind=event.kind,
                   allowed=", ".join(sorted(venue.kinds)))  # fmt: skip
    if event.date in venue.unavailable:
        row.report("venue_id", "locked_venue_closed", venue=v, date=event.date)
