"""Records of fairs actually held, as city bureaus hand them in (CONTRACT §4).

A records file is a `.csv` (UTF-8 with or without BOM, or GB18030) or the first sheet of
an `.xlsx`, read through the scenario loader's own cells, sheets and parsers
(`scheduler.scenario`): the same dates (`2024-07-03`, `2024/7/3`, `2024.07.03`,
`2024年7月3日`), whole numbers (thousands separators allowed; `1_0` is not a number), ids
(CONTRACT §6), bounds and messages as a scenario. Columns are matched case-insensitively;
the Chinese names of `RECORDS` are accepted as aliases, and the Chinese words for kinds and
statuses as values:

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

- ``kind``: a kind of the scenario's kinds sheet — its id (``specialized``, ``campus``),
  a built-in kind's Chinese name (专场, 综合招聘会) or the kind's label (校园招聘会); read
  without a scenario (a store import), any identifier.
- ``status``: ``held`` (已举办, 举办) or ``cancelled`` (已取消, 取消, ``canceled``).
  Only ``held`` records count toward a rule; cancelled ones are kept as evidence.
- counts: whole numbers ≥ 0 (thousands separators allowed); blank means unknown.
- A row without ``record_id`` gets a deterministic one, derived from its region,
  kind, date and venue (``R-`` + 16 hex digits; the n-th identical key in one
  file gets ``-n`` appended), so re-importing the same file finds the same rows.

Every problem in a file is reported at once (`InputError`), with row and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from scheduler.errors import InputError
from scheduler.model import KindSpec
from scheduler.scenario import (
    Column,
    Limits,
    Problems,
    Row,
    Sheet,
    SheetSpec,
    read_kind,
    read_table,
    words_of,
)
from scheduler.scenario.format import MAX_COUNT
from scheduler.scenario.parsers import parse_date
from scheduler.scenario.sheets import missing_columns

__all__ = [
    "COLUMNS",
    "RECORDS",
    "Record",
    "check_regions",
    "derived_id",
    "load_records",
    "parse_date",
    "parse_sheet",
    "read_records",
]

# fmt: off
RECORDS = SheetSpec("records", ("记录",), True, (
    Column("record_id", ("记录编号", "记录号"), False, "id", "derived from the facts",
           "unique id", "唯一编号"),
    Column("region_id", ("地区编号", "地区代码", "区划代码", "行政区划代码"), True, "region_id", "",
           "region that held the fair", "举办地区编号"),
    Column("kind", ("类型", "招聘会类型", "类别"), True, "fair_kind", "",
           "a kind of the scenario (id, Chinese name or label)", "类型：方案中的招聘会类型（编号、中文名或名称）"),
    Column("date", ("日期", "举办日期"), True, "date", "", "day of the fair", "举办日期"),
    Column("status", ("状态", "举办状态"), True, "records.expect_status", "",
           "held | cancelled", "状态：已举办/已取消"),
    Column("event_id", ("活动编号", "计划编号"), False, "id", "empty",
           "the planned fair it reports", "对应的计划活动编号"),
    Column("venue", ("场地", "举办场地", "地点"), False, "text", "empty", "venue", "举办场地"),
    Column("employers", ("参会企业数", "企业数", "参会单位数"), False, "count", "unknown",
           "employers taking part", "参会企业数", MAX_COUNT),
    Column("positions", ("岗位数", "提供岗位数", "岗位数量"), False, "count", "unknown",
           "positions offered", "提供岗位数", MAX_COUNT),
    Column("attendees", ("参会人数", "入场人数"), False, "count", "unknown",
           "people who came", "参会人数", MAX_COUNT),
), "fairs as they were held", "实际举办的招聘会")
# fmt: on

REQUIRED = tuple(c.name for c in RECORDS.columns if c.required)
#: the records columns in contract order, as written by `export`
COLUMNS = ("record_id", *REQUIRED, "event_id", "venue", "employers", "positions", "attendees")
COUNT_COLUMNS = ("employers", "positions", "attendees")

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


@dataclass(frozen=True, slots=True)
class Record:
    """One fair as a bureau recorded it."""

    record_id: str
    region_id: str
    kind: str  # a kind of the scenario's kinds sheet
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


def parse_sheet(
    sheet: Sheet,
    regions: Collection[str] | None = None,
    limits: Limits | None = None,
    kinds: Mapping[str, KindSpec] | None = None,
) -> list[Record]:
    """Validate a records sheet; every problem at once, else the records in file order.

    `regions`, `kinds`: the scenario's region ids and kinds; when given, a record of any
    other region or kind is a problem (a store import has no scenario, so it passes None).
    """
    words = words_of(kinds) if kinds is not None else None
    limits = limits or Limits.from_env()
    problems = Problems(limits.max_messages)
    problems.extend(sheet.notes)
    if missing_columns(sheet, RECORDS, problems):
        raise InputError(problems.ordered())

    out: list[Record] = []
    id_rows: dict[str, int] = {}
    derived_seen: Counter[str] = Counter()
    derived_ids: set[str] = set()
    for n, cells in sheet.rows:
        row = Row(problems, sheet, RECORDS, n, cells)
        region_id = row.ident("region_id")
        if region_id and regions is not None and region_id not in regions:
            row.report("region_id", "records.unknown_region", value=region_id)
        kind = read_kind(row, "kind", words)
        date = row.date("date")
        status = row.choice("status", STATUS_VALUES, STATUSES)
        counts = {col: row.integer(col, required=False) for col in COUNT_COLUMNS}
        record_id = row.ident("record_id", required=False)
        if record_id:
            if record_id in id_rows:
                row.report("record_id", "duplicate_id", value=record_id, first=id_rows[record_id],
                           what="record_id")  # fmt: skip
            else:
                id_rows[record_id] = n
        event_id = row.ident("event_id", required=False)
        if not row.ok:
            continue
        assert date is not None and kind is not None and status is not None
        venue = cells.get("venue", "")
        if not record_id:
            base = derived_id(region_id, kind, date, venue)
            derived_seen[base] += 1
            k = derived_seen[base]
            record_id = base if k == 1 else f"{base}-{k}"
            derived_ids.add(record_id)
        out.append(
            Record(
                record_id=record_id,
                region_id=region_id,
                kind=kind,
                date=date,
                status=status,
                event_id=event_id,
                venue=venue,
                employers=counts["employers"],
                positions=counts["positions"],
                attendees=counts["attendees"],
            )
        )
    # a given record_id may collide with one derived for another row
    for rid in sorted(derived_ids.intersection(id_rows)):
        problems.add("records.derived_clash", sheet.file, sheet.name, id_rows[rid],
                     sheet.written("record_id"), value=rid)  # fmt: skip
    if problems:
        raise InputError(problems.ordered(lambda p: (0, p.row or 0)))
    return out


def read_records(path: str | Path, limits: Limits | None = None) -> Sheet:
    """A records file (`.csv`, or an `.xlsx`'s first sheet) as a sheet, before validation;
    raises InputError when it cannot be read (missing, too big, undecodable, damaged)."""
    return read_table(Path(path), RECORDS, limits or Limits.from_env())[0]


def load_records(
    path: str | Path,
    regions: Collection[str] | None = None,
    limits: Limits | None = None,
    kinds: Mapping[str, KindSpec] | None = None,
) -> list[Record]:
    """Read and validate a records file (`.csv` or `.xlsx`); raise InputError listing every problem."""
    return parse_sheet(read_records(path, limits), regions, limits, kinds)


def check_regions(
    records: Iterable[Record], regions: Collection[str], source: str, limits: Limits | None = None
) -> None:
    """Raise InputError naming every record whose region is not in `regions` (capped per kind)."""
    problems = Problems((limits or Limits.from_env()).max_messages)
    for r in records:
        if r.region_id not in regions:
            problems.add("records.unknown_record_region", source, "", None, "region_id",
                         record=r.record_id, value=r.region_id)  # fmt: skip
    if problems:
        raise InputError(problems.ordered())
