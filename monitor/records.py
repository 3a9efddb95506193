"""Records of fairs actually held, as city bureaus hand them in (CONTRACT §4).

A records file is a `.csv` (UTF-8 with or without BOM, or GB18030) or the first
sheet of an `.xlsx`, read through `scheduler.tables`. Columns are matched
case-insensitively; the Chinese names below are accepted as aliases, and the
Chinese words for kinds and statuses are accepted as values:

==============  ===========================================  ==========
column          Chinese aliases                              required
==============  ===========================================  ==========
``region_id``   地区编号, 地区代码, 区划代码, 行政区划代码    yes
``kind``        类型, 招聘会类型, 类别                        yes
``date``        日期, 举办日期                                yes
``status``      状态, 举办状态                                yes
``record_id``   记录编号, 记录号                              no
``event_id``    活动编号, 计划编号                            no
``venue``       场地, 举办场地, 地点                          no
``employers``   参会企业数, 企业数, 参会单位数                no
``positions``   岗位数, 提供岗位数, 岗位数量                  no
``attendees``   参会人数, 入场人数                            no
==============  ===========================================  ==========

- ``kind``: ``specialized`` (专场, 专场招聘会) or ``comprehensive`` (综合, 综合招聘会).
- ``status``: ``held`` (已举办, 举办) or ``cancelled`` (已取消, 取消, ``canceled``).
  Only ``held`` records count toward a rule; cancelled ones are kept as evidence.
- ``date``: ``YYYY-MM-DD``; ``YYYY/M/D`` and ``YYYY年M月D日`` are accepted too, since
  that is how Chinese spreadsheets often export dates.
- counts: whole numbers ≥ 0 (thousands separators allowed); blank means unknown.
- A row without ``record_id`` gets a deterministic one, derived from its region,
  kind, date and venue (``R-`` + 16 hex digits; the n-th identical key in one
  file gets ``-n`` appended), so re-importing the same file finds the same rows.

Every problem in a file is reported at once (`InputError`), with row and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from scheduler.errors import InputError, Problem
from scheduler.tables import Sheet, read_table

#: canonical column → the Chinese names accepted for it (documented above)
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "region_id": ("地区编号", "地区代码", "区划代码", "行政区划代码"),
    "kind": ("类型", "招聘会类型", "类别"),
    "date": ("日期", "举办日期"),
    "status": ("状态", "举办状态"),
    "record_id": ("记录编号", "记录号"),
    "event_id": ("活动编号", "计划编号"),
    "venue": ("场地", "举办场地", "地点"),
    "employers": ("参会企业数", "企业数", "参会单位数"),
    "positions": ("岗位数", "提供岗位数", "岗位数量"),
    "attendees": ("参会人数", "入场人数"),
}
ALIASES: dict[str, str] = {zh: en for en, zhs in COLUMN_ALIASES.items() for zh in zhs}

REQUIRED = ("region_id", "kind", "date", "status")
OPTIONAL = ("record_id", "event_id", "venue", "employers", "positions", "attendees")
#: the records columns in contract order, as written by `export`
COLUMNS = ("record_id", *REQUIRED, "event_id", "venue", "employers", "positions", "attendees")
COUNT_COLUMNS = ("employers", "positions", "attendees")

KIND_VALUES: dict[str, str] = {
    "specialized": "specialized",
    "专场": "specialized",
    "专场招聘会": "specialized",
    "专场招聘": "specialized",
    "comprehensive": "comprehensive",
    "综合": "comprehensive",
    "综合招聘会": "comprehensive",
    "综合招聘": "comprehensive",
}
STATUS_VALUES: dict[str, str] = {
    "held": "held",
    "已举办": "held",
    "举办": "held",
    "已办": "held",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "已取消": "cancelled",
    "取消": "cancelled",
}
STATUSES = ("held", "cancelled")
STATUS_ZH = {"held": "已举办", "cancelled": "已取消"}

_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$|^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_COUNT = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


@dataclass(frozen=True, slots=True)
class Record:
    """One fair as a bureau recorded it."""

    record_id: str
    region_id: str
    kind: str  # specialized | comprehensive
    date: dt.date
    status: str  # held | cancelled
    event_id: str = ""
    venue: str = ""
    employers: int | None = None
    positions: int | None = None
    attendees: int | None = None

    @property
    def held(self) -> bool:
        return self.status == "held"

    def as_row(self) -> dict[str, str]:
        """The record as text cells, in `COLUMNS` order."""
        return {
            "record_id": self.record_id,
            "region_id": self.region_id,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "status": self.status,
            "event_id": self.event_id,
            "venue": self.venue,
            "employers": "" if self.employers is None else str(self.employers),
            "positions": "" if self.positions is None else str(self.positions),
            "attendees": "" if self.attendees is None else str(self.attendees),
        }


def derived_id(region_id: str, kind: str, date: dt.date, venue: str) -> str:
    """The id of a record that came without one: same facts, same id."""
    key = "\x1f".join((region_id, kind, date.isoformat(), venue))
    return "R-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def parse_date(text: str) -> dt.date | None:
    m = _DATE.match(text.strip())
    if not m:
        return None
    y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _parse_count(text: str) -> int | None | str:
    """An int, None for blank, or an error message."""
    t = text.strip()
    if not t:
        return None
    if t.startswith("-") and _COUNT.match(t[1:]):
        return "must not be negative"
    if not _COUNT.match(t):
        return f"{t!r} is not a whole number"
    return int(t.replace(",", ""))


def parse_sheet(sheet: Sheet, regions: Collection[str] | None = None) -> list[Record]:
    """Validate a records sheet; every problem at once, else the records in file order.

    `regions`: the scenario's region ids; when given, a record of any other
    region is a problem (a store import has no scenario, so it passes None).
    """
    problems: list[Problem] = []
    for col in REQUIRED:
        if col not in sheet.columns:
            names = "/".join((col, *COLUMN_ALIASES[col]))
            problems.append(sheet.problem(f"missing required column ({names})", column=col))
    if problems:
        raise InputError(problems)

    out: list[Record] = []
    id_rows: dict[str, int] = {}
    derived_seen: Counter[str] = Counter()
    derived_ids: set[str] = set()
    for row, cells in sheet.rows:
        bad = len(problems)

        def complain(column: str, message: str, row: int = row) -> None:
            problems.append(sheet.problem(message, row=row, column=column))

        region_id = cells.get("region_id", "")
        if not region_id:
            complain("region_id", "region_id is blank")
        elif regions is not None and region_id not in regions:
            complain("region_id", f"unknown region {region_id!r}: not in the scenario's regions")

        raw_kind = cells.get("kind", "")
        kind = KIND_VALUES.get(raw_kind.lower(), KIND_VALUES.get(raw_kind, ""))
        if not kind:
            complain("kind", f"kind {raw_kind!r} is not specialized/专场 or comprehensive/综合")

        raw_date = cells.get("date", "")
        date = parse_date(raw_date)
        if date is None:
            complain("date", f"date {raw_date!r} is not a valid date (YYYY-MM-DD)")

        raw_status = cells.get("status", "")
        status = STATUS_VALUES.get(raw_status.lower(), STATUS_VALUES.get(raw_status, ""))
        if not status:
            complain("status", f"status {raw_status!r} is not held/已举办 or cancelled/已取消")

        counts: dict[str, int | None] = {}
        for col in COUNT_COLUMNS:
            value = _parse_count(cells.get(col, ""))
            if isinstance(value, str):
                complain(col, f"{col} {value}")
            else:
                counts[col] = value

        record_id = cells.get("record_id", "")
        if record_id:
            if record_id in id_rows:
                complain(
                    "record_id",
                    f"duplicate record_id {record_id!r} (also row {id_rows[record_id]})",
                )
            else:
                id_rows[record_id] = row

        if len(problems) > bad:
            continue
        assert date is not None
        venue = cells.get("venue", "")
        if not record_id:
            base = derived_id(region_id, kind, date, venue)
            derived_seen[base] += 1
            n = derived_seen[base]
            record_id = base if n == 1 else f"{base}-{n}"
            derived_ids.add(record_id)
        out.append(
            Record(
                record_id=record_id,
                region_id=region_id,
                kind=kind,
                date=date,
                status=status,
                event_id=cells.get("event_id", ""),
                venue=venue,
                employers=counts.get("employers"),
                positions=counts.get("positions"),
                attendees=counts.get("attendees"),
            )
        )
    # a given record_id may collide with one derived for another row
    for rid in sorted(derived_ids.intersection(id_rows)):
        problems.append(
            sheet.problem(
                f"record_id {rid!r} is also the id derived for a row without one",
                row=id_rows[rid],
                column="record_id",
            )
        )
    if problems:
        raise InputError(problems)
    return out


def load_records(path: str | Path, regions: Collection[str] | None = None) -> list[Record]:
    """Read and validate a records file (`.csv` or `.xlsx`); raise InputError listing every problem."""
    p = Path(path)
    if not p.is_file():
        raise InputError([Problem(str(p), "no such records file")])
    return parse_sheet(read_table(p, ALIASES), regions)


def check_regions(records: Iterable[Record], regions: Collection[str], source: str) -> None:
    """Raise InputError naming every record whose region is not in `regions`."""
    problems = [
        Problem(source, f"record {r.record_id}: unknown region {r.region_id!r}", column="region_id")
        for r in records
        if r.region_id not in regions
    ]
    if problems:
        raise InputError(problems)
