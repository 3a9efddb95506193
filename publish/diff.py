"""What changed between two plans: kept, moved, added and cancelled fairs, per region.

Fairs are matched by `event_id` (stable across re-plans, CONTRACT §3):

- **kept** — planned in both, same date, time, venue and staff pool;
- **moved** — planned in both, something of those changed (`changed` says what:
  ``date``, ``time``, ``venue``, ``pool``);
- **added** — planned in the second and not planned (absent or cancelled) in the first;
- **cancelled** — planned in the first and cancelled or absent in the second.

Fairs cancelled in both are not listed. Where the second plan's scenario is given, a
moved or cancelled fair gets the reason a planner would look for first: its old day
no longer works (the venue closed, the staff away, a holiday or blackout, outside the
horizon), or it was moved by hand; otherwise the re-plan chose it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from scheduler.calendar import WorkCalendar
from scheduler.model import Event, Scenario
from scheduler.placement import fits
from scheduler.schedule import ScheduledFair
from texts import tr

KINDS_OF_CHANGE = ("kept", "moved", "added", "cancelled")


@dataclass(frozen=True)
class Change:
    """One fair's fate between two plans."""

    status: str  # kept | moved | added | cancelled
    event_id: str
    region_id: str
    region_name: str
    kind: str
    before: ScheduledFair | None
    after: ScheduledFair | None
    changed: tuple[str, ...] = ()  # date | time | venue | pool
    reason: str = ""

    def as_row(self) -> dict[str, str]:
        b, a = self.before, self.after
        return {
            "status": self.status,
            "event_id": self.event_id,
            "region_id": self.region_id,
            "region_name": self.region_name,
            "kind": self.kind,
            "date_before": b.date.isoformat() if b else "",
            "date_after": a.date.isoformat() if a else "",
            "venue_before": b.venue_id if b else "",
            "venue_after": a.venue_id if a else "",
            "pool_before": b.pool_id if b else "",
            "pool_after": a.pool_id if a else "",
            "changed": ";".join(self.changed),
            "reason": self.reason,
        }


DIFF_COLUMNS = (
    "status", "event_id", "region_id", "region_name", "kind", "date_before", "date_after",
    "venue_before", "venue_after", "pool_before", "pool_after", "changed", "reason",
)  # fmt: skip


@dataclass
class PlanDiff:
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(ch.status for ch in self.changes)
        return {k: c.get(k, 0) for k in KINDS_OF_CHANGE}

    def by_region(self) -> dict[str, dict[str, int]]:
        """Counts per region id (the fair's own region), regions in id order."""
        out: dict[str, Counter[str]] = {}
        for ch in self.changes:
            out.setdefault(ch.region_id, Counter())[ch.status] += 1
        return {r: {k: c.get(k, 0) for k in KINDS_OF_CHANGE} for r, c in sorted(out.items())}

    def of(self, status: str) -> list[Change]:
        return [c for c in self.changes if c.status == status]


def _changed(a: ScheduledFair, b: ScheduledFair) -> tuple[str, ...]:
    out = []
    if a.date != b.date:
        out.append("date")
    if (a.start, a.end) != (b.start, b.end):
        out.append("time")
    if a.venue_id != b.venue_id:
        out.append("venue")
    if a.pool_id != b.pool_id:
        out.append("pool")
    return tuple(out)


def why(old: ScheduledFair, new: ScheduledFair | None, scenario: Scenario) -> str:
    """The reason a fair left its old place, in the user's language."""
    if new is not None and new.locked and not old.locked:
        return tr("why_by_hand")
    venue = scenario.venues.get(old.venue_id)
    pool = scenario.pools.get(old.pool_id)
    s = scenario.settings
    if not s.start <= old.date <= s.end:
        return tr("why_outside_horizon", date=old.date)
    if venue is None:
        return tr("why_venue_gone", venue=old.venue_id)
    if old.date in venue.unavailable:
        return tr("why_venue_closed", venue=venue.name, date=old.date)
    if pool is not None and old.date in pool.unavailable:
        return tr("why_staff_away", pool=pool.name, date=old.date)
    cal = WorkCalendar.for_settings(s)
    spec = scenario.kinds.get(old.kind)
    if spec is not None and not cal.allows(spec, old.date):
        return tr("why_day_not_allowed", date=old.date)
    event = Event(old.event_id, old.region_id, old.kind, old.date, old.venue_id, old.pool_id)  # type: ignore[arg-type]
    if not fits(scenario, cal, event):
        return tr("why_no_longer_fits", date=old.date)
    return tr("why_replanned") if new is not None else tr("why_not_needed")


def diff(
    first: Iterable[ScheduledFair],
    second: Iterable[ScheduledFair],
    scenario: Scenario | None = None,
) -> PlanDiff:
    """The changes from `first` to `second` (see the module docstring); `scenario` is the
    second plan's, for the reasons."""
    a = {f.event_id: f for f in first}
    b = {f.event_id: f for f in second}
    out = PlanDiff()
    for eid in sorted(set(a) | set(b), key=lambda e: _order(b.get(e) or a[e])):
        old, new = a.get(eid), b.get(eid)
        if old is not None and old.planned and new is not None and new.planned:
            changed = _changed(old, new)
            status = "moved" if changed else "kept"
            reason = why(old, new, scenario) if changed and scenario is not None else ""
        elif new is not None and new.planned:
            status, changed, reason = "added", (), ""
        elif old is not None and old.planned:
            status, changed = "cancelled", ()
            reason = why(old, None, scenario) if scenario is not None else ""
        else:
            continue  # cancelled in both, or only ever cancelled
        ref = new or old
        assert ref is not None
        out.changes.append(
            Change(status, eid, ref.region_id, ref.region_name, ref.kind, old, new, changed, reason)
        )
    return out


def _order(f: ScheduledFair) -> tuple[object, ...]:
    return (f.date, f.region_id, f.kind, f.event_id)
