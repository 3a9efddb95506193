"""The bureau's ledger (台账): a planned fair marked held or cancelled, in place.

A `Mark` names the fair of the published plan (a `ScheduledFair`) and what the bureau
reports of it; `record_of` makes it the fair's record. Its record_id is ``E-<event_id>``
unless the fair already has a record: the store then updates that one (one record per
planned fair, `monitor.store`), so marking a fair that was reported by file, or marking
it again, never counts it twice. A record reported by file without the fair's event_id
(matched by region, kind and date) is named by `Mark.record_id`, and updated the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from monitor.records import Record
from scheduler.errors import InputError, Problem
from scheduler.schedule import ScheduledFair
from texts import tr

MarkStatus = Literal["held", "cancelled"]


@dataclass(frozen=True)
class Mark:
    fair: ScheduledFair
    status: MarkStatus
    employers: int | None = None
    positions: int | None = None
    attendees: int | None = None
    #: the record already reporting this fair without naming it (matched by region, kind
    #: and date, `monitor.reconcile`): the mark updates that record instead of adding one
    record_id: str | None = None


def mark_record_id(event_id: str) -> str:
    return f"E-{event_id}"


def record_of(mark: Mark) -> Record:
    """The record a mark stands for (InputError for a status or count that cannot be)."""
    f = mark.fair
    problems = []
    if mark.status not in ("held", "cancelled"):
        problems.append(Problem(f.event_id, tr("mark_bad_status", status=mark.status)))
    for name in ("employers", "positions", "attendees"):
        value = getattr(mark, name)
        if value is not None and (not isinstance(value, int) or value < 0):
            problems.append(Problem(f.event_id, tr("mark_bad_count", value=value), column=name))
    if problems:
        raise InputError(problems)
    return Record(
        record_id=mark.record_id or mark_record_id(f.event_id),
        region_id=f.region_id,
        kind=f.kind,
        date=f.date,
        status=mark.status,
        event_id=f.event_id,
        venue=f.venue_name,
        employers=mark.employers,
        positions=mark.positions,
        attendees=mark.attendees,
    )
