"""A plan's fairs as users get them: `schedule.csv` rows (CONTRACT §3).

`ScheduledFair` is the one in-memory form of a schedule row, used by the
solver's result, the checker, the feeds and the app.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from scheduler import sheetwriter
from scheduler.errors import InputError, Problem
from scheduler.tables import decode_csv

COLUMNS = (
    "event_id",
    "region_id",
    "region_name",
    "level",
    "kind",
    "theme",
    "date",
    "start",
    "end",
    "venue_id",
    "venue_name",
    "pool_id",
    "staff",
    "locked",
    "status",
    "sequence",
)


@dataclass(frozen=True)
class ScheduledFair:
    event_id: str
    region_id: str
    region_name: str
    level: str
    kind: str
    theme: str
    date: dt.date
    start: dt.time
    end: dt.time
    venue_id: str
    venue_name: str
    pool_id: str
    staff: int
    locked: bool = False
    status: str = "planned"  # planned | cancelled
    sequence: int = 0
    #: optional extras (not in the contract's columns, written after them)
    rule_ids: str = ""  # the rules the fair serves, ';'-separated
    modified: str = ""  # ISO date-time of the fair's last change (feeds' LAST-MODIFIED)

    @property
    def planned(self) -> bool:
        return self.status == "planned"

    def to_row(self) -> dict[str, str]:
        row = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool):
                row[f.name] = "yes" if v else "no"
            elif isinstance(v, dt.time):
                row[f.name] = v.strftime("%H:%M")
            elif isinstance(v, dt.date):
                row[f.name] = v.isoformat()
            else:
                row[f.name] = str(v)
        return row


ALL_COLUMNS = tuple(f.name for f in fields(ScheduledFair))


def to_csv_text(fairs: list[ScheduledFair]) -> str:
    """`schedule.csv`'s text: every cell through the spreadsheet-safe writer."""
    return sheetwriter.csv_text(ALL_COLUMNS, (f.to_row() for f in fairs))


def write_csv(fairs: list[ScheduledFair], path: Path) -> None:
    """UTF-8 with BOM, so that Excel shows the Chinese names; written atomically."""
    sheetwriter.write_csv(path, ALL_COLUMNS, (f.to_row() for f in fairs))


def read_csv(path: Path) -> list[ScheduledFair]:
    """Read a `schedule.csv` written by fairplan (e.g. for `--previous`)."""
    text = decode_csv(path.read_bytes(), str(path))
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header and c not in ("region_name", "level")]
    if missing:
        raise InputError([Problem(str(path), f"missing columns: {', '.join(missing)}", row=1)])
    out, problems = [], []
    for i, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        try:
            out.append(
                ScheduledFair(
                    event_id=row["event_id"],
                    region_id=row["region_id"],
                    region_name=row.get("region_name", ""),
                    level=row.get("level", ""),
                    kind=row["kind"],
                    theme=row.get("theme", ""),
                    date=dt.date.fromisoformat(row["date"]),
                    start=dt.time.fromisoformat(row["start"]),
                    end=dt.time.fromisoformat(row["end"]),
                    venue_id=row["venue_id"],
                    venue_name=row.get("venue_name", ""),
                    pool_id=row["pool_id"],
                    staff=int(row["staff"] or 0),
                    locked=row.get("locked", "no").lower() in ("yes", "true", "1", "是"),
                    status=row.get("status", "planned") or "planned",
                    sequence=int(row.get("sequence") or 0),
                    rule_ids=row.get("rule_ids", ""),
                    modified=row.get("modified", ""),
                )
            )
        except (ValueError, KeyError) as exc:
            problems.append(Problem(str(path), f"cannot read this row: {exc}", row=i))
    if problems:
        raise InputError(problems)
    return out


def as_dicts(fairs: list[ScheduledFair]) -> list[dict[str, object]]:
    return [asdict(f) for f in fairs]
