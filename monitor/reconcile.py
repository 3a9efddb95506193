"""Plan vs actual (CONTRACT §6 `reconcile.csv`): each fair of the published plan and what
its bureau reported of it, and every held fair the plan does not have.

A record matches a planned fair by `event_id` when it has one, otherwise by region, kind
and date (a planned fair before a cancelled one; each fair takes at most one record).
One row per fair of the plan — `record_status` ``held``, ``cancelled`` or
``not_reported`` — and one row per held record that matches no fair (`event_id` blank,
`record_status` ``unplanned``).

`summarise` counts the rows per region and natural period (week or month) as an
inspector reads them: planned and held, planned and cancelled, planned but not reported
(dated before the as-of date), still to come, and held but not planned (a held record
of no fair, or of a fair the plan had withdrawn).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from monitor.records import Record
from scheduler.schedule import ScheduledFair

RECONCILE_COLUMNS = (
    "event_id",
    "region_id",
    "region_name",
    "kind",
    "date",
    "planned_status",
    "record_status",
    "record_id",
)
SUMMARY_KINDS = ("planned", "held", "cancelled", "not_reported", "upcoming", "unplanned")


@dataclass(frozen=True)
class ReconcileRow:
    event_id: str
    region_id: str
    region_name: str
    kind: str
    date: dt.date
    planned_status: str  # planned | cancelled | "" (unplanned)
    record_status: str  # held | cancelled | not_reported | unplanned
    record_id: str

    def as_row(self) -> dict[str, str]:
        return {
            "event_id": self.event_id,
            "region_id": self.region_id,
            "region_name": self.region_name,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "planned_status": self.planned_status,
            "record_status": self.record_status,
            "record_id": self.record_id,
        }

    def category(self, as_of: dt.date) -> str | None:
        """Which count of `summarise` the row adds to (None: none)."""
        if self.planned_status == "planned":
            if self.record_status in ("held", "cancelled"):
                return self.record_status
            return "not_reported" if self.date < as_of else "upcoming"
        if self.record_status in ("held", "unplanned"):
            return "unplanned"
        return None


def reconcile(
    fairs: Sequence[ScheduledFair],
    records: Sequence[Record],
    region_names: Mapping[str, str] | None = None,
) -> list[ReconcileRow]:
    """The plan's fairs and the records, matched (see the module docstring)."""
    names = dict(region_names or {})
    for f in fairs:
        names.setdefault(f.region_id, f.region_name)
    by_event = {f.event_id: f for f in fairs}
    matched: dict[str, Record] = {}
    loose: list[Record] = []
    unplanned: list[Record] = []
    for r in sorted(records, key=lambda r: (r.date, r.record_id)):
        if r.event_id:
            if r.event_id in by_event and r.event_id not in matched:
                matched[r.event_id] = r
            else:
                unplanned.append(r)
        else:
            loose.append(r)
    free: dict[tuple[str, str, dt.date], list[ScheduledFair]] = defaultdict(list)
    for f in sorted(fairs, key=lambda f: (not f.planned, f.event_id)):
        if f.event_id not in matched:
            free[(f.region_id, f.kind, f.date)].append(f)
    for r in loose:
        candidates = free.get((r.region_id, r.kind, r.date))
        if candidates:
            matched[candidates.pop(0).event_id] = r
        else:
            unplanned.append(r)
    rows = [
        ReconcileRow(
            f.event_id,
            f.region_id,
            names.get(f.region_id, f.region_name),
            f.kind,
            f.date,
            f.status,
            matched[f.event_id].status if f.event_id in matched else "not_reported",
            matched[f.event_id].record_id if f.event_id in matched else "",
        )
        for f in fairs
    ]
    rows += [
        ReconcileRow(
            "",
            r.region_id,
            names.get(r.region_id, ""),
            r.kind,
            r.date,
            "",
            "unplanned",
            r.record_id,
        )  # fmt: skip
        for r in unplanned
        if r.held
    ]
    rows.sort(key=lambda x: (x.date, x.region_id, x.kind, x.event_id, x.record_id))
    return rows


def write_reconcile_csv(rows: Sequence[ReconcileRow], path: Path) -> Path:
    """`reconcile.csv` (UTF-8 with BOM, through the spreadsheet-safe writer)."""
    from scheduler import sheetwriter

    return sheetwriter.write_csv(path, RECONCILE_COLUMNS, (r.as_row() for r in rows))


@dataclass
class Summary:
    """One region's counts in one period (`period` ``all``: the whole plan)."""

    region_id: str
    region_name: str
    period: str  # week | month | all
    period_start: dt.date
    period_end: dt.date
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUMMARY_KINDS, 0))
    rows: list[ReconcileRow] = field(default_factory=list)  # the drill-down

    def as_row(self) -> dict[str, object]:
        return {
            "region_id": self.region_id,
            "region_name": self.region_name,
            "period": self.period,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            **self.counts,
        }


def period_of(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The natural week (Monday–Sunday) or month containing `day`."""
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if period == "month":
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return start, following - dt.timedelta(days=1)
    raise ValueError(f"period must be week or month, not {period!r}")


def summarise(rows: Sequence[ReconcileRow], as_of: dt.date, period: str = "month") -> list[Summary]:
    """Counts per (region, period), regions then periods in order; `period` ``all`` gives
    one line per region over every date."""
    out: dict[tuple[str, dt.date], Summary] = {}
    for row in rows:
        what = row.category(as_of)
        if what is None:
            continue
        if period == "all":
            start, end = dt.date.min, dt.date.max
        else:
            start, end = period_of(row.date, period)
        s = out.get((row.region_id, start))
        if s is None:
            s = out[(row.region_id, start)] = Summary(
                row.region_id, row.region_name, period, start, end
            )
        if row.planned_status == "planned":
            s.counts["planned"] += 1
        s.counts[what] += 1
        s.rows.append(row)
    if period == "all":
        for s in out.values():
            dates = [r.date for r in s.rows]
            s.period_start, s.period_end = min(dates), max(dates)
    return [out[k] for k in sorted(out)]
