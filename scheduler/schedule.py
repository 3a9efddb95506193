"""A plan's fairs as users get them: `schedule.csv` rows (CONTRACT §3).

`ScheduledFair` is the one in-memory form of a schedule row, used by the
solver's result, the checker, the feeds and the app. `to_csv_text`/`write_csv` write
it through the spreadsheet-safe writer; `read_schedule` reads it back (schedule.csv or
schedule.xlsx) with the scenario loader's cells, parsers and messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from scheduler import sheetwriter
from scheduler.errors import InputError
from scheduler.model import Scenario
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
from scheduler.scenario.format import LEVEL_VALUES, MAX_COUNT
from scheduler.scenario.ids import shown
from scheduler.scenario.parsers import parse_datetime
from scheduler.scenario.sheets import missing_columns

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


# fmt: off
#: the schedule's columns as a sheet: for reading a previous plan back (`read_schedule`);
#: the Chinese names are the ones schedule.xlsx writes (`活动编号 event_id`)
SCHEDULE = SheetSpec("schedule", ("计划", "日程"), True, (
    Column("event_id", ("活动编号",), True, "id"),
    Column("region_id", ("地区编号",), True, "region_id"),
    Column("region_name", ("地区",), False, "text"),
    Column("level", ("级别",), False, "level"),
    Column("kind", ("类型",), True, "fair_kind"),
    Column("theme", ("主题",), False, "text"),
    Column("date", ("日期",), True, "date"),
    Column("start", ("开始",), True, "time"),
    Column("end", ("结束",), True, "end_time"),
    Column("venue_id", ("场地编号",), True, "venue_ref"),  # blank for an online fair
    Column("venue_name", ("场地",), False, "text"),
    Column("pool_id", ("工作人员组",), True, "pool_ref"),
    Column("staff", ("人数",), True, "count", maximum=MAX_COUNT),
    Column("locked", ("锁定",), True, "yes_no"),
    Column("status", ("状态",), True, "schedule.expect_status"),
    Column("sequence", ("版本",), True, "count", maximum=MAX_COUNT),
    Column("rule_ids", ("满足规则",), False, "schedule.expect_rule_ids"),
    Column("modified", ("最后修改",), False, "schedule.expect_modified"),
))
# fmt: on
STATUS_VALUES: dict[str, str] = {
    "planned": "planned",
    "计划": "planned",
    "已安排": "planned",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "已取消": "cancelled",
    "取消": "cancelled",
}  # fmt: skip


def read_schedule(
    path: Path, scenario: Scenario | None = None, limits: Limits | None = None
) -> list[ScheduledFair]:
    """Read a schedule fairplan wrote — `schedule.csv`, also as Excel re-saves it (dates
    `2024/7/2`, times `9:00`, GB18030), or `schedule.xlsx` (its sheets of fairs) — e.g. for
    `--previous`. Raises InputError naming file, sheet, row and column of every problem.

    With `scenario`, a fair of a region the scenario no longer has is a problem: such a
    fair can be neither kept nor shown as cancelled in its region's feed, so the planner
    decides — add the region back (its fairs are then cancelled for its subscribers), or
    delete the rows. A venue or staff pool the scenario no longer has is not a problem:
    the fair moves to another venue or is staffed by another pool, as any change would.
    """
    limits = limits or Limits.from_env()
    return parse_schedule(read_schedule_sheets(path, limits), scenario, limits)


def read_schedule_sheets(path: Path, limits: Limits | None = None) -> list[Sheet]:
    """A schedule file's sheets of fairs, before parsing (an upload renames them with
    `Sheet.renamed`, so that its problems name the file as uploaded)."""
    return read_table(Path(path), SCHEDULE, limits or Limits.from_env(), every_sheet=True)


def parse_schedule(
    sheets: list[Sheet], scenario: Scenario | None = None, limits: Limits | None = None
) -> list[ScheduledFair]:
    """The fairs of `read_schedule_sheets`' sheets (see `read_schedule`)."""
    limits = limits or Limits.from_env()
    problems = Problems(limits.max_messages)
    problems.extend(sheets[0].notes)
    out: list[ScheduledFair] = []
    seen: dict[str, tuple[str, int]] = {}
    for sheet in sheets:
        if missing_columns(sheet, SCHEDULE, problems):
            continue
        for n, cells in sheet.rows:
            fair = _fair(Row(problems, sheet, SCHEDULE, n, cells), seen, scenario)
            if fair is not None:
                out.append(fair)
    if problems:
        order = {sheet.name: i for i, sheet in enumerate(sheets)}
        raise InputError(problems.ordered(lambda p: (order.get(p.sheet, -1), p.row or 0)))
    return out


def _fair(
    row: Row, seen: dict[str, tuple[str, int]], scenario: Scenario | None
) -> ScheduledFair | None:
    eid = row.ident("event_id")
    if eid in seen:
        sheet, first = seen[eid]
        where = first if sheet == row.sheet.name else f"{sheet} {first}"
        row.report("event_id", "duplicate_id", value=eid, first=where, what="event_id")
    elif eid:
        seen[eid] = (row.sheet.name, row.row)
    region = row.ident("region_id")
    if region and scenario is not None and region not in scenario.regions:
        row.report("region_id", "schedule.region_gone", value=region)
    kind = read_kind(row, "kind", words_of(scenario.kinds) if scenario is not None else None)
    level = row.cells.get("level", "")
    level = LEVEL_VALUES.get(level.lower(), level) if level else ""
    date, start, end = row.date("date"), row.time("start"), row.time("end")
    if start is not None and end is not None and end <= start:
        row.report("end", "time_order", start=start.strftime("%H:%M"), end=end.strftime("%H:%M"))
    venue = row.ident("venue_id", required=False)
    pool = row.ident("pool_id", required=False)
    staff = row.integer("staff", required=False)
    locked = row.yes_no("locked")
    status: str | None = "planned"  # a blank status: planned, as fairplan writes no blank
    if row.text("status", required=False):
        status = row.choice("status", STATUS_VALUES, ("planned", "cancelled"))
    sequence = row.integer("sequence", required=False)
    rule_ids = row.idents("rule_ids")
    modified = ""
    raw_modified = row.text("modified", required=False)
    if raw_modified:
        stamp = parse_datetime(raw_modified)
        if stamp is None:
            row.report("modified", "schedule.bad_modified", value=shown(raw_modified))
        else:
            aware = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
            modified = aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if not row.ok:
        return None
    assert kind is not None and date is not None and start is not None and end is not None
    return ScheduledFair(
        event_id=eid,
        region_id=region,
        region_name=row.cells.get("region_name", ""),
        level=level,
        kind=kind,
        theme=row.cells.get("theme", ""),
        date=date,
        start=start,
        end=end,
        venue_id=venue,
        venue_name=row.cells.get("venue_name", ""),
        pool_id=pool,
        staff=staff or 0,
        locked=bool(locked),
        status=status or "planned",
        sequence=sequence or 0,
        rule_ids=";".join(rule_ids),
        modified=modified,
    )


def as_dicts(fairs: list[ScheduledFair]) -> list[dict[str, object]]:
    return [asdict(f) for f in fairs]
