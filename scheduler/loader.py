"""Loading and validating a scenario (CONTRACT §2).

`load_scenario` reads an `.xlsx` workbook or a folder of CSV files into a
`Scenario`, or raises `InputError` carrying *every* problem it found — one
`Problem` per issue, naming file, sheet, row and column and saying what would be
valid — so a planner can fix a workbook in one pass instead of one error per run.
Nothing is printed or written here.

The format (sheets, columns, Chinese aliases, value aliases, defaults) is
declared once in `SHEETS`, `SETTING_KEYS` and the `*_VALUES` tables below;
`scheduler.template` and `docs/scenario.md` describe the same tables. Message
texts live in `MESSAGES`, one per check, so the app can translate them.

Checks run in two passes. The first reads each cell (types, ranges, allowed
values, duplicate ids). The second checks references and cross-sheet facts —
parent cycles, rule scopes, whether a rule's kind can be staffed, and whether a
locked fair breaks a hard rule — on the objects that passed the first, so one
bad cell yields one problem rather than a cascade.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from scheduler.calendar import HolidayCoverageError, WorkCalendar, covered_years
from scheduler.errors import InputError, Problem
from scheduler.model import (
    FAIR_KINDS,
    LEVELS,
    WEEKDAYS,
    Event,
    FairKind,
    KindSpec,
    Level,
    PeriodKind,
    Region,
    Rule,
    RuleKind,
    Scenario,
    Settings,
    StaffPool,
    Theme,
    Venue,
    date_range,
)
from scheduler.rules import rule_regions
from scheduler.tables import Sheet, read_csv, read_xlsx

__all__ = [
    "DAYS_VALUES",
    "HOLIDAYS_VALUES",
    "KIND_VALUES",
    "LEVEL_VALUES",
    "MESSAGES",
    "PERIOD_VALUES",
    "SETTING_KEYS",
    "SHEETS",
    "WEEKDAY_VALUES",
    "YES_NO_VALUES",
    "Column",
    "SettingKey",
    "SheetSpec",
    "load_scenario",
    "parse_date",
    "parse_dates",
    "parse_time",
    "split_list",
]

# --------------------------------------------------------------------------- format


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    `required`: the column must be in the header (cells may still be blank where
    `default` says what a blank means). `expect` finishes "expected ..." in messages.
    """

    name: str
    zh: tuple[str, ...]  # Chinese aliases; the first is what the Chinese template writes
    required: bool
    expect: str
    default: str = ""  # what a blank cell means; "" = the cell must be filled
    en_doc: str = ""
    zh_doc: str = ""


@dataclass(frozen=True)
class SheetSpec:
    name: str
    zh: tuple[str, ...]
    required: bool
    columns: tuple[Column, ...]
    en_doc: str = ""
    zh_doc: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class SettingKey:
    name: str
    zh: tuple[str, ...]
    required: bool
    expect: str
    default: str = ""
    en_doc: str = ""
    zh_doc: str = ""


_DATES = "dates or ranges YYYY-MM-DD..YYYY-MM-DD separated by ';'"

# fmt: off
SETTING_KEYS: tuple[SettingKey, ...] = (
    SettingKey("name", ("名称", "方案名称"), True, "the scenario's name", "",
               "scenario name, used for the output folder", "方案名称，用作输出文件夹名"),
    SettingKey("start", ("开始日期", "开始"), True, "a date YYYY-MM-DD", "",
               "first day of the planning horizon (included)", "规划期第一天（含）"),
    SettingKey("end", ("结束日期", "结束"), True, "a date YYYY-MM-DD", "",
               "last day of the planning horizon (included)", "规划期最后一天（含）"),
    SettingKey("timezone", ("时区",), False, "a time zone such as Asia/Shanghai", "Asia/Shanghai",
               "time zone of fair times and of 'today'", "招聘会时间及“今天”所用的时区"),
    SettingKey("holidays", ("节假日",), False, "CN or none (中国/无)", "CN",
               "CN: mainland China's official holiday breaks and make-up workdays; none: no holidays",
               "CN：按国务院公布的法定节假日及调休；none：不考虑节假日"),
    SettingKey("blackouts", ("停办日期", "禁办日期"), False, _DATES, "none",
               "dates on which no fair may be held anywhere", "全部地区都不得举办招聘会的日期"),
)

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("settings", ("设置",), True, (
        Column("key", ("键", "项目", "设置项"), True, "a setting name such as start", "",
               "setting name: name, start, end, timezone, holidays, blackouts, or any other key "
               "(e.g. weight_spread), kept for later use",
               "设置项：名称、开始日期、结束日期、时区、节假日、停办日期；其他键（如 weight_spread）原样保留"),
        Column("value", ("值", "内容", "取值"), True, "the setting's value", "",
               "the setting's value", "设置值"),
    ), "one row per setting: the horizon and general options", "每行一个设置：规划期和总体选项"),
    SheetSpec("regions", ("地区",), True, (
        Column("region_id", ("地区编号", "编号", "区划代码"), True,
               "a region id such as 150100", "",
               "unique id; administrative division codes where known", "唯一编号，尽量用行政区划代码"),
        Column("name", ("名称", "地区名称"), True, "the region's name", "",
               "region name", "地区名称"),
        Column("level", ("级别", "层级"), True,
               "country, province, city or county (全国/省/市/县)", "",
               "country | province | city | county", "级别：全国/省/市/县"),
        Column("parent_id", ("上级编号", "上级地区编号"), True,
               "the region_id of the region above", "top region",
               "region_id of the region above; blank only for the one top region",
               "上级地区编号；只有最上级地区留空"),
        Column("tags", ("标签",), False, "tags separated by ';'", "none",
               "optional tags, for rules with scope tag:NAME", "标签，可供规则范围 tag:标签名 使用"),
    ), "the administrative hierarchy, one row per region", "行政区划，每行一个地区"),
    SheetSpec("rules", ("规则",), True, (
        Column("rule_id", ("规则编号", "编号"), True, "a rule id", "",
               "unique id", "唯一编号"),
        Column("scope", ("范围", "适用范围"), True,
               "a level (province, city, county), tag:NAME or a region_id", "",
               "which regions: a level, tag:NAME, or one region_id",
               "适用地区：级别（省/市/县）、tag:标签名 或某个地区编号"),
        Column("kind", ("类型", "招聘会类型"), True,
               "specialized, comprehensive or any (专场/综合/不限)", "",
               "specialized | comprehensive | any", "类型：专场/综合/不限"),
        Column("period", ("周期",), True, "week, month, quarter or window (周/月/季度/窗口)", "",
               "week (Mon–Sun) | month | quarter | window (the whole window, once)",
               "周期：周（周一至周日）/月/季度/窗口（整个时段算一次）"),
        Column("min_count", ("最少场次", "场次"), True, "a whole number of at least 0", "",
               "fairs needed in each in-scope period", "每个周期至少举办的场次"),
        Column("start", ("开始日期", "开始"), False, "a date YYYY-MM-DD", "horizon start",
               "first day of the rule's window", "规则生效的第一天"),
        Column("end", ("结束日期", "结束"), False, "a date YYYY-MM-DD", "horizon end",
               "last day of the rule's window", "规则生效的最后一天"),
        Column("source", ("依据", "来源"), False, "free text", "empty",
               "citation of the policy the rule comes from", "政策依据"),
    ), "how often fairs must be held", "举办频次要求"),
    SheetSpec("kinds", ("类型", "招聘会类型"), True, (
        Column("kind", ("类型", "招聘会类型"), True, "specialized or comprehensive (专场/综合)", "",
               "specialized | comprehensive", "类型：专场/综合"),
        Column("staff", ("人员", "所需人员", "人数"), True, "a whole number of at least 0", "",
               "people a fair of this kind needs", "每场所需工作人员数"),
        Column("min_capacity", ("最小容量", "最低容量"), True, "a whole number of at least 0", "",
               "venue capacity a fair of this kind needs", "所需场地的最小容量（人）"),
        Column("start_time", ("开始时间",), True, "a time HH:MM", "",
               "opening time", "开始时间"),
        Column("end_time", ("结束时间",), True, "a time HH:MM after start_time", "",
               "closing time", "结束时间"),
        Column("days", ("举办日", "可办日"), False,
               "workdays, weekends, any (工作日/周末/不限) or weekdays such as Tue;Wed;Thu",
               "any",
               "allowed days: workdays | weekends | any | a list such as Tue;Wed;Thu",
               "可举办的日子：工作日/周末/不限，或如 周二;周三;周四"),
    ), "how each kind of fair is held", "各类招聘会的举办要求"),
    SheetSpec("venues", ("场地",), True, (
        Column("venue_id", ("场地编号", "编号"), True, "a venue id", "",
               "unique id", "唯一编号"),
        Column("region_id", ("地区编号", "所属地区"), True, "a region_id from the regions sheet", "",
               "the region the venue belongs to", "场地所属地区编号"),
        Column("name", ("名称", "场地名称"), True, "the venue's name", "the venue_id",
               "venue name", "场地名称"),
        Column("capacity", ("容量",), True, "a whole number of at least 0", "",
               "people the venue holds", "场地容量（人）"),
        Column("kinds", ("类型", "可办类型"), False, "specialized;comprehensive (专场;综合)",
               "both kinds", "kinds of fair allowed", "允许举办的类型"),
        Column("unavailable", ("不可用日期", "停用日期"), False, _DATES, "none",
               "days the venue cannot be used", "场地不可用的日期"),
        Column("address", ("地址",), False, "free text", "empty", "address", "地址"),
    ), "where fairs are held", "举办场地"),
    SheetSpec("staff", ("人员", "工作人员"), True, (
        Column("pool_id", ("人员编号", "队伍编号", "编号"), True, "a pool id", "",
               "unique id", "唯一编号"),
        Column("name", ("名称",), True, "the pool's name", "the pool_id",
               "name of the office", "单位名称"),
        Column("serves", ("服务地区", "服务范围"), True,
               "region_ids from the regions sheet separated by ';'", "",
               "regions served, with all regions below them", "服务的地区（含其下级地区）"),
        Column("headcount", ("人数", "每日人数"), True, "a whole number of at least 0", "",
               "people available each day", "每天可派出的人数"),
        Column("unavailable", ("不可用日期",), False, _DATES, "none",
               "days with no one available", "无人可派的日期"),
    ), "who staffs the fairs", "工作人员队伍"),
    SheetSpec("themes", ("主题",), False, (
        Column("region_id", ("地区编号",), True, "a region_id or * (every city)", "",
               "region, or * for every city", "地区编号，* 表示所有市"),
        Column("theme", ("主题", "行业"), True, "a theme such as 数字经济", "",
               "industry of specialized fairs", "专场招聘会的行业主题"),
        Column("min_count", ("最少场次", "场次"), False, "a whole number of at least 0",
               "no minimum", "fairs with this theme needed in the horizon", "规划期内该主题至少场次"),
    ), "industries for specialized fairs (optional)", "专场招聘会主题（可选）"),
    SheetSpec("events", ("活动", "招聘会"), False, (
        Column("event_id", ("活动编号", "编号"), True, "an event id", "",
               "unique id", "唯一编号"),
        Column("region_id", ("地区编号",), True, "a region_id from the regions sheet", "",
               "region of the fair", "举办地区编号"),
        Column("kind", ("类型",), True, "specialized or comprehensive (专场/综合)", "",
               "specialized | comprehensive", "类型：专场/综合"),
        Column("date", ("日期",), True, "a date YYYY-MM-DD", "",
               "day of the fair", "举办日期"),
        Column("venue_id", ("场地编号",), False, "a venue_id from the venues sheet",
               "chosen by the planner (required when locked)", "venue", "场地编号（锁定时必填）"),
        Column("pool_id", ("人员编号",), False, "a pool_id from the staff sheet",
               "chosen by the planner (required when locked)", "staff pool",
               "人员编号（锁定时必填）"),
        Column("theme", ("主题",), False, "free text", "empty", "theme", "主题"),
        Column("locked", ("锁定", "固定"), False, "yes or no (是/否)", "no",
               "yes: keep this fair exactly as given", "是：原样保留该场招聘会"),
    ), "fairs that already exist (optional)", "已有的招聘会（可选）"),
)
# fmt: on

SHEET_BY_NAME: dict[str, SheetSpec] = {s.name: s for s in SHEETS}

# Value aliases: lower-case spelling -> canonical value.
KIND_VALUES: dict[str, str] = {
    "specialized": "specialized", "专场": "specialized", "专场招聘会": "specialized",
    "comprehensive": "comprehensive", "综合": "comprehensive", "综合招聘会": "comprehensive",
    "any": "any", "不限": "any", "任意": "any",
}  # fmt: skip
LEVEL_VALUES: dict[str, str] = {
    "country": "country", "全国": "country", "国家": "country", "国家级": "country",
    "province": "province", "省": "province", "省级": "province",
    "city": "city", "市": "city", "市级": "city", "地市": "city",
    "county": "county", "县": "county", "县级": "county", "区县": "county",
}  # fmt: skip
PERIOD_VALUES: dict[str, str] = {
    "week": "week", "周": "week", "每周": "week",
    "month": "month", "月": "month", "每月": "month",
    "quarter": "quarter", "季度": "quarter", "季": "quarter", "每季度": "quarter",
    "window": "window", "窗口": "window", "整个窗口": "window",
}  # fmt: skip
DAYS_VALUES: dict[str, str] = {
    "workdays": "workdays", "工作日": "workdays",
    "weekends": "weekends", "周末": "weekends", "双休日": "weekends",
    "any": "any", "不限": "any", "任意": "any", "每天": "any",
}  # fmt: skip
_ZH_DAYS = "一二三四五六日"
WEEKDAY_VALUES: dict[str, int] = {
    **{w.lower(): i for i, w in enumerate(WEEKDAYS)},
    **{w.lower(): i for i, w in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))},
    **{f"{p}{c}": i for i, c in enumerate(_ZH_DAYS) for p in ("周", "星期", "礼拜")},
    "周天": 6, "星期天": 6, "礼拜天": 6,
}  # fmt: skip
YES_NO_VALUES: dict[str, bool] = {
    "yes": True, "y": True, "true": True, "1": True, "是": True,
    "no": False, "n": False, "false": False, "0": False, "否": False,
}  # fmt: skip
HOLIDAYS_VALUES: dict[str, str] = {"cn": "CN", "中国": "CN", "none": "none", "无": "none"}

LIST_SEPARATORS = re.compile(r"[;；、,，\n]")
RANGE_SEPARATOR = re.compile(r"\s*(?:\.\.|~|～|至)\s*")
_DATE = re.compile(r"^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$")
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$")
_TAG = re.compile(r"^(?:tag|标签)\s*[:：]\s*(.+)$", re.IGNORECASE)

# --------------------------------------------------------------------------- messages

#: Every message the loader reports, one per check, keyed by check name.
MESSAGES: dict[str, str] = {
    "not_found": "no such file or folder",
    "not_scenario": "expected an .xlsx workbook or a folder of CSV files",
    "missing_sheet": "the scenario has no '{sheet}' sheet (Chinese name: {zh}); add it, with a header row",
    "duplicate_sheet": "the '{sheet}' sheet is given twice ({names}); keep one",
    "missing_column": "the header has no '{column}' column (Chinese name: {zh}); add it",
    "duplicate_column": "the column '{column}' appears twice in the header; keep one",
    "blank": "this cell is empty; expected {expect}",
    "duplicate_id": "'{value}' is already used on row {first}; each {what} must be unique",
    "bad_value": "'{value}' is not valid here; expected {expect}",
    "bad_int": "'{value}' is not a whole number; expected {expect}",
    "negative": "{value} is below zero; expected {expect}",
    "bad_date": "'{value}' is not a date; expected YYYY-MM-DD, e.g. 2024-07-03",
    "bad_range": "the range '{value}' ends before it starts; write START..END with START on or before END",
    "bad_time": "'{value}' is not a time of day; expected HH:MM, e.g. 09:00",
    "time_order": "the end time {end} is not after the start time {start}",
    "unknown_ref": "'{value}' is not a {what} on the {sheet} sheet",
    "setting_missing": "the settings sheet has no '{key}' row (Chinese name: {zh}); it is required",
    "setting_duplicate": "the setting '{key}' is already given on row {first}; give each setting once",
    "horizon_order": "the horizon ends on {end}, before it starts on {start}; end must be on or after start",
    "bad_timezone": "'{value}' is not a known time zone; expected a name such as Asia/Shanghai",
    "holiday_coverage": "the holiday data does not cover {years}: {detail}",
    "top_none": "no region has a blank parent_id; exactly one region (the top one) must have none",
    "top_many": "region '{region}' has a blank parent_id, but '{first}' on row {row} is already the top "
    "region; only one region may have no parent",
    "parent_cycle": "these regions are each other's parents ({cycle}); parents must lead up to the top region",
    "parent_level": "a {level} cannot sit under '{parent}', which is a {parent_level}; a parent must be "
    "of a higher level (country > province > city > county)",
    "bad_scope": "'{value}' is not a scope; expected a level (province, city, county), tag:NAME, "
    "or a region_id from the regions sheet",
    "unknown_tag": "no region has the tag '{tag}'; tags on the regions sheet: {tags}",
    "rule_order": "the rule's window ends on {end}, before it starts on {start}",
    "rule_outside": "the rule's window {start}..{end} does not overlap the horizon {h0}..{h1}, "
    "so the rule never applies",
    "kind_missing": "this rule needs {kind} fairs, but the kinds sheet has no row for {need}; add one",
    "unstaffable": "this rule needs {kind} in {regions}, but no staff pool serving {it} has "
    "that many people ({best}); raise a pool's headcount, lower staff on the kinds sheet, "
    "or add a pool that serves {it}",
    "event_kind_missing": "the kinds sheet has no row for {kind}; add one",
    "locked_outside": "this locked fair's date {date} lies outside the horizon {h0}..{h1}",
    "locked_day": "a {kind} fair cannot be held on {date} ({weekday}): {reason}",
    "locked_venue_region": "venue '{venue}' belongs to region {venue_region}, not to this fair's "
    "region {region}; a fair uses a venue of its own region",
    "locked_venue_small": "venue '{venue}' holds {capacity} people, but a {kind} fair needs a venue "
    "for at least {need}",
    "locked_venue_kind": "venue '{venue}' does not allow {kind} fairs (it allows: {allowed})",
    "locked_venue_closed": "venue '{venue}' is unavailable on {date}",
    "locked_venue_clash": "venue '{venue}' already hosts locked fair '{other}' (row {row}) on {date}; "
    "a venue hosts at most one fair a day",
    "locked_pool_region": "staff pool '{pool}' does not serve region {region} (it serves {serves} "
    "and the regions below them)",
    "locked_pool_closed": "staff pool '{pool}' has no one available on {date}",
    "locked_staff": "locked fairs on {date} need {need} people from staff pool '{pool}' "
    "({events}), but its headcount is {headcount}",
}


def _msg(check: str, **values: object) -> str:
    return MESSAGES[check].format(**values)


# --------------------------------------------------------------------------- value parsers


def split_list(text: str) -> list[str]:
    """Items of a list cell: separated by `;` (also `；`, `、`, `,`, `，`, new lines)."""
    return [s.strip() for s in LIST_SEPARATORS.split(text) if s.strip()]


def parse_date(text: str) -> dt.date | None:
    """`YYYY-MM-DD` (also `YYYY/M/D`, `YYYY年M月D日`); None if it is not a date."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_time(text: str) -> dt.time | None:
    """`HH:MM` (also `H:MM`, `HH:MM:SS`); None if it is not a time of day."""
    m = _TIME.match(text.strip())
    if not m:
        return None
    h, mi, s = int(m[1]), int(m[2]), int(m[3] or 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return dt.time(h, mi, s)


def parse_dates(text: str) -> tuple[frozenset[dt.date], list[tuple[str, str]]]:
    """A list of dates and ranges, expanded; plus (check, item) for each bad item."""
    days: set[dt.date] = set()
    bad: list[tuple[str, str]] = []
    for item in split_list(text):
        ends = RANGE_SEPARATOR.split(item)
        if len(ends) == 1:
            d = parse_date(item)
            if d is None:
                bad.append(("bad_date", item))
            else:
                days.add(d)
            continue
        lo, hi = (parse_date(e) for e in ends) if len(ends) == 2 else (None, None)
        if lo is None or hi is None:
            bad.append(("bad_date", item))
        elif hi < lo:
            bad.append(("bad_range", item))
        else:
            days.update(date_range(lo, hi))
    return frozenset(days), bad


def _parse_days(text: str) -> tuple[str, frozenset[int]] | None:
    """`days` of the kinds sheet: a keyword or a list of weekdays (ranges like 周一至周五 too)."""
    key = text.strip().lower()
    if key in DAYS_VALUES:
        return DAYS_VALUES[key], frozenset()
    weekdays: set[int] = set()
    for item in split_list(key):
        ends = re.split(r"\s*(?:\.\.|~|～|至|-|–)\s*", item)
        if not all(e in WEEKDAY_VALUES for e in ends) or len(ends) > 2:
            return None
        lo, hi = WEEKDAY_VALUES[ends[0]], WEEKDAY_VALUES[ends[-1]]
        if hi < lo:
            return None
        weekdays.update(range(lo, hi + 1))
    return ("list", frozenset(weekdays)) if weekdays else None


def _norm_header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


# --------------------------------------------------------------------------- reading cells


@dataclass
class _Table:
    """A sheet with its columns renamed to the canonical names of its spec."""

    spec: SheetSpec
    sheet: Sheet
    header: dict[str, str] = field(default_factory=dict)  # canonical -> as written

    @property
    def name(self) -> str:
        return self.sheet.name

    @property
    def file(self) -> str:
        return self.sheet.file


class _Row:
    """One row's cells; each bad cell is reported once and clears `ok`."""

    def __init__(self, sink: list[Problem], table: _Table, row: int, cells: dict[str, str]):
        self.sink, self.table, self.row, self.cells = sink, table, row, cells
        self.ok = True

    def report(self, column: str, message: str) -> None:
        col = self.table.header.get(column, column)
        self.sink.append(Problem(self.table.file, message, self.table.name, self.row, col))
        self.ok = False

    def _expect(self, column: str) -> str:
        return self.table.spec.column(column).expect

    def text(self, column: str, required: bool = True) -> str:
        value = self.cells.get(column, "")
        if not value and required:
            if column in self.table.header:
                self.report(column, _msg("blank", expect=self._expect(column)))
            else:
                self.ok = False  # the missing column is reported once, not on every row
        return value

    def choice(self, column: str, values: dict[str, str], allowed: Collection[str]) -> str | None:
        raw = self.text(column)
        if not raw:
            return None
        value = values.get(raw.lower())
        if value is None or value not in allowed:
            self.report(column, _msg("bad_value", value=raw, expect=self._expect(column)))
            return None
        return value

    def integer(self, column: str, required: bool = True) -> int | None:
        raw = self.text(column, required)
        if not raw:
            return None
        try:
            value = int(raw)
        except ValueError:
            try:
                number = float(raw)
            except ValueError:
                number = float("nan")
            if not number.is_integer():
                self.report(column, _msg("bad_int", value=raw, expect=self._expect(column)))
                return None
            value = int(number)
        if value < 0:
            self.report(column, _msg("negative", value=raw, expect=self._expect(column)))
            return None
        return value

    def date(self, column: str, required: bool = True) -> dt.date | None:
        raw = self.text(column, required)
        if not raw:
            return None
        value = parse_date(raw)
        if value is None:
            self.report(column, _msg("bad_date", value=raw))
        return value

    def dates(self, column: str) -> frozenset[dt.date]:
        days, bad = parse_dates(self.text(column, required=False))
        for check, item in bad:
            self.report(column, _msg(check, value=item))
        return days

    def time(self, column: str) -> dt.time | None:
        raw = self.text(column)
        if not raw:
            return None
        value = parse_time(raw)
        if value is None:
            self.report(column, _msg("bad_time", value=raw))
        return value

    def items(self, column: str, required: bool = False) -> list[str]:
        return split_list(self.text(column, required))


def _table(spec: SheetSpec, sheet: Sheet, sink: list[Problem]) -> _Table:
    """Rename the sheet's columns to canonical names; report missing and doubled columns."""
    aliases: dict[str, str] = {}
    for col in spec.columns:
        aliases[col.name] = col.name
        for zh in col.zh:
            aliases[_norm_header(zh)] = col.name
    header: dict[str, str] = {}
    renamed: dict[str, str] = {}
    for written in sheet.columns:
        canon = aliases.get(_norm_header(written), _norm_header(written))
        if canon in header:
            sink.append(sheet.problem(_msg("duplicate_column", column=written), 1, written))
            continue
        header[canon] = written
        renamed[written] = canon
    for col in spec.columns:
        if col.required and col.name not in header:
            zh = " / ".join(col.zh)
            sink.append(sheet.problem(_msg("missing_column", column=col.name, zh=zh), 1, col.name))
    rows = [
        (n, {renamed[k]: v for k, v in cells.items() if k in renamed}) for n, cells in sheet.rows
    ]
    out = Sheet(sheet.file, sheet.name, list(header), rows)
    return _Table(spec, out, header)


def _sheet_key(name: str) -> str | None:
    key = _norm_header(name)
    for spec in SHEETS:
        if key == spec.name or key in (_norm_header(z) for z in spec.zh):
            return spec.name
    return None


def _read(path: Path, sink: list[Problem]) -> dict[str, _Table]:
    """Read the sheets a scenario consists of, keyed by canonical sheet name."""
    found: dict[str, list[Sheet]] = {}
    if path.is_dir():
        for csv_path in sorted(path.iterdir()):
            if csv_path.suffix.lower() != ".csv" or not csv_path.is_file():
                continue
            key = _sheet_key(csv_path.stem)
            if key is None:
                continue
            try:
                found.setdefault(key, []).append(read_csv(csv_path, {}))
            except InputError as exc:
                sink.extend(exc.problems)
                found.setdefault(key, [])
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        for title, sheet in read_xlsx(path, {}).items():
            key = _sheet_key(title)
            if key is not None:
                found.setdefault(key, []).append(sheet)
    elif not path.exists():
        raise InputError([Problem(str(path), _msg("not_found"))])
    else:
        raise InputError([Problem(str(path), _msg("not_scenario"))])

    tables: dict[str, _Table] = {}
    for spec in SHEETS:
        sheets = found.get(spec.name)
        if sheets is None:
            if spec.required:
                zh = " / ".join(spec.zh)
                sink.append(
                    Problem(str(path), _msg("missing_sheet", sheet=spec.name, zh=zh), spec.name)
                )
            continue
        if len(sheets) > 1:
            names = ", ".join(s.name for s in sheets)
            sink.append(
                Problem(str(path), _msg("duplicate_sheet", sheet=spec.name, names=names), spec.name)
            )
        if sheets:
            tables[spec.name] = _table(spec, sheets[0], sink)
    return tables


# --------------------------------------------------------------------------- the loader


@dataclass
class _Parsed:
    """What the first pass produced: objects that passed, plus ids seen and their rows."""

    settings: Settings | None = None
    setting_rows: dict[str, int] = field(default_factory=dict)
    calendar: WorkCalendar | None = None
    regions: dict[str, Region] = field(default_factory=dict)
    region_rows: dict[str, int] = field(default_factory=dict)  # every id seen, first row
    kinds: dict[str, KindSpec] = field(default_factory=dict)
    kind_names: set[str] = field(default_factory=set)  # kinds named on the sheet, even if bad
    venues: dict[str, Venue] = field(default_factory=dict)
    venue_rows: dict[str, int] = field(default_factory=dict)
    pools: dict[str, StaffPool] = field(default_factory=dict)
    pool_rows: dict[str, int] = field(default_factory=dict)
    pools_complete: bool = True  # no staff row failed: "no pool can" is then trustworthy
    rules: list[tuple[int, Rule]] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    events: list[tuple[int, Event]] = field(default_factory=list)


class _Loader:
    def __init__(self, source: Path, tables: dict[str, _Table], sink: list[Problem]):
        self.source, self.tables, self.problems = source, tables, sink
        self.p = _Parsed()

    def rows(self, sheet: str) -> Iterable[_Row]:
        table = self.tables.get(sheet)
        if table is None:
            return
        for n, cells in table.sheet.rows:
            yield _Row(self.problems, table, n, cells)

    def unique(self, row: _Row, column: str, seen: dict[str, int], what: str) -> str:
        """The row's id; reported (and still returned) when an earlier row has it."""
        value = row.text(column)
        if value and value in seen:
            row.report(column, _msg("duplicate_id", value=value, first=seen[value], what=what))
        elif value:
            seen[value] = row.row
        return value

    def reference(
        self, row: _Row, column: str, value: str, known: dict[str, int], sheet: str
    ) -> bool:
        if value in known or sheet not in self.tables:
            return True  # a missing sheet is reported once, not at every reference
        what = SHEET_BY_NAME[sheet].columns[0].name
        row.report(column, _msg("unknown_ref", value=value, what=what, sheet=sheet))
        return False

    def run(self) -> Scenario | None:
        self.settings()
        self.regions()
        self.kinds()
        self.venues()
        self.staff()
        self.rules()
        self.themes()
        self.events()
        p = self.p
        if p.settings is None:
            return None
        scenario = Scenario(
            settings=p.settings,
            regions=p.regions,
            rules=tuple(r for _, r in p.rules),
            kinds=p.kinds,
            venues=p.venues,
            pools=p.pools,
            themes=tuple(p.themes),
            events=tuple(e for _, e in p.events),
            source=str(self.source),
        )
        self.check_staffing(scenario)
        self.check_locked(scenario)
        return scenario

    # ------------------------------------------------------------------ settings

    def settings(self) -> None:
        table = self.tables.get("settings")
        if table is None:
            return
        if "key" not in table.header or "value" not in table.header:
            return  # reported as a missing column
        keys = {k.name: k for k in SETTING_KEYS}
        aliases = {z.lower(): k.name for k in SETTING_KEYS for z in (k.name, *k.zh)}
        values: dict[str, tuple[_Row, str]] = {}
        extra: list[tuple[str, str]] = []
        ok = True
        for row in self.rows("settings"):
            raw = row.text("key")
            if not raw:
                ok = False
                continue
            key = aliases.get(raw.lower(), raw.lower())
            if key in self.p.setting_rows:
                first = self.p.setting_rows[key]
                row.report("key", _msg("setting_duplicate", key=raw, first=first))
                ok = False
                continue
            self.p.setting_rows[key] = row.row
            if key in keys:
                values[key] = (row, row.cells.get("value", ""))
            else:
                extra.append((key, row.cells.get("value", "")))
        for spec in SETTING_KEYS:
            if spec.required and spec.name not in values:
                zh = " / ".join(spec.zh)
                self.problems.append(
                    table.sheet.problem(
                        _msg("setting_missing", key=spec.name, zh=zh),
                        column=table.header.get("key", "key"),
                    )
                )
                ok = False

        def value(key: str, parse: Callable[[_Row, str], object]) -> object:
            nonlocal ok
            if key not in values:
                return None
            row, raw = values[key]
            spec = keys[key]
            if not raw:
                if spec.required:
                    row.report("value", _msg("blank", expect=spec.expect))
                    ok = False
                return None
            result = parse(row, raw)
            if result is None:
                ok = False
            return result

        def as_date(row: _Row, raw: str) -> dt.date | None:
            d = parse_date(raw)
            if d is None:
                row.report("value", _msg("bad_date", value=raw))
            return d

        def as_zone(row: _Row, raw: str) -> str | None:
            try:
                ZoneInfo(raw)
            except (ValueError, KeyError, OSError):
                row.report("value", _msg("bad_timezone", value=raw))
                return None
            return raw

        def as_holidays(row: _Row, raw: str) -> str | None:
            out = HOLIDAYS_VALUES.get(raw.lower())
            if out is None:
                row.report("value", _msg("bad_value", value=raw, expect=keys["holidays"].expect))
            return out

        def as_blackouts(row: _Row, raw: str) -> frozenset[dt.date] | None:
            days, bad = parse_dates(raw)
            for check, item in bad:
                row.report("value", _msg(check, value=item))
            return None if bad else days

        name = value("name", lambda row, raw: raw)
        start = value("start", as_date)
        end = value("end", as_date)
        zone = value("timezone", as_zone)
        holidays = value("holidays", as_holidays)
        blackouts = value("blackouts", as_blackouts)
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            values["end"][0].report("value", _msg("horizon_order", start=start, end=end))
            ok = False
        if not ok:
            return
        assert isinstance(name, str) and isinstance(start, dt.date) and isinstance(end, dt.date)
        settings = Settings(
            name=name,
            start=start,
            end=end,
            timezone=zone if isinstance(zone, str) else "Asia/Shanghai",
            holidays=holidays if isinstance(holidays, str) else "CN",
            blackouts=blackouts if isinstance(blackouts, frozenset) else frozenset(),
            extra=tuple(extra),
        )
        try:
            self.p.calendar = WorkCalendar.for_settings(settings)
        except HolidayCoverageError as exc:
            covered = covered_years()
            missing = [y for y in range(start.year, end.year + 1) if y not in covered]
            row = values["start" if start.year in missing else "end"][0]
            years = ", ".join(str(y) for y in missing)
            row.report("value", _msg("holiday_coverage", years=years, detail=exc))
            return
        self.p.settings = settings

    # ------------------------------------------------------------------ regions

    def regions(self) -> None:
        p = self.p
        parents: dict[str, tuple[_Row, str]] = {}
        tops: list[tuple[int, str]] = []
        for row in self.rows("regions"):
            rid = self.unique(row, "region_id", p.region_rows, "region_id")
            name = row.text("name")
            level = row.choice("level", LEVEL_VALUES, LEVELS)
            parent = row.text("parent_id", required=False)
            tags = tuple(row.items("tags"))
            if not rid or p.region_rows.get(rid) != row.row:
                continue  # blank or duplicate id
            if parent:
                parents[rid] = (row, parent)
            else:
                tops.append((row.row, rid))
            if row.ok and level is not None:
                p.regions[rid] = Region(rid, name, _level(level), parent or None, tags)
        table = self.tables.get("regions")
        if table is None:
            return
        for rid, (row, parent) in parents.items():
            if parent not in p.region_rows:
                self.reference(row, "parent_id", parent, p.region_rows, "regions")
                p.regions.pop(rid, None)
        if not tops and p.region_rows:
            col = table.header.get("parent_id", "parent_id")
            self.problems.append(table.sheet.problem(_msg("top_none"), column=col))
        for n, rid in tops[1:]:
            problem = _msg("top_many", region=rid, first=tops[0][1], row=tops[0][0])
            self.problems.append(table.sheet.problem(problem, n, table.header.get("parent_id", "")))
        in_cycle = self._cycles(parents)
        for rid, region in list(p.regions.items()):
            parent_region = p.regions.get(region.parent_id or "")
            if rid in in_cycle or parent_region is None:
                continue
            if LEVELS.index(parent_region.level) >= LEVELS.index(region.level):
                row = parents[rid][0]
                row.report(
                    "parent_id",
                    _msg(
                        "parent_level",
                        level=region.level,
                        parent=parent_region.region_id,
                        parent_level=parent_region.level,
                    ),
                )

    def _cycles(self, parents: dict[str, tuple[_Row, str]]) -> set[str]:
        """Report each loop of parent links once; return the regions on loops."""
        on_loop: set[str] = set()
        done: set[str] = set()
        for start in parents:
            path: list[str] = []
            cur: str | None = start
            while cur is not None and cur not in done and cur not in path:
                path.append(cur)
                cur = parents[cur][1] if cur in parents else None
            done.update(path)
            if cur is not None and cur in path:
                loop = path[path.index(cur) :]
                on_loop.update(loop)
                first = min(loop, key=lambda r: parents[r][0].row)
                i = loop.index(first)
                ordered = loop[i:] + loop[:i] + [first]
                parents[first][0].report(
                    "parent_id", _msg("parent_cycle", cycle=" → ".join(ordered))
                )
                for rid in loop:
                    self.p.regions.pop(rid, None)
        return on_loop

    # ------------------------------------------------------------------ kinds, venues, staff

    def kinds(self) -> None:
        seen: dict[str, int] = {}
        for row in self.rows("kinds"):
            kind = row.choice("kind", KIND_VALUES, FAIR_KINDS)
            if kind is not None:
                self.p.kind_names.add(kind)
                if kind in seen:
                    row.report(
                        "kind", _msg("duplicate_id", value=kind, first=seen[kind], what="kind")
                    )
                    continue
                seen[kind] = row.row
            staff = row.integer("staff")
            capacity = row.integer("min_capacity")
            start, end = row.time("start_time"), row.time("end_time")
            if start is not None and end is not None and end <= start:
                row.report("end_time", _msg("time_order", start=_hhmm(start), end=_hhmm(end)))
            days: tuple[str, frozenset[int]] | None = ("any", frozenset())
            raw_days = row.text("days", required=False)
            if raw_days:
                days = _parse_days(raw_days)
                if days is None:
                    expect = SHEET_BY_NAME["kinds"].column("days").expect
                    row.report("days", _msg("bad_value", value=raw_days, expect=expect))
            if row.ok and kind is not None and days is not None:
                assert staff is not None and capacity is not None and start and end
                self.p.kinds[kind] = KindSpec(
                    _fair_kind(kind), staff, capacity, start, end, days[0], days[1]
                )

    def venues(self) -> None:
        p = self.p
        for row in self.rows("venues"):
            vid = self.unique(row, "venue_id", p.venue_rows, "venue_id")
            region = row.text("region_id")
            if region:
                self.reference(row, "region_id", region, p.region_rows, "regions")
            name = row.text("name", required=False) or vid
            capacity = row.integer("capacity")
            kinds: set[str] = set()
            for item in row.items("kinds"):
                kind = KIND_VALUES.get(item.lower())
                if kind not in FAIR_KINDS:
                    expect = SHEET_BY_NAME["venues"].column("kinds").expect
                    row.report("kinds", _msg("bad_value", value=item, expect=expect))
                else:
                    kinds.add(kind)
            unavailable = row.dates("unavailable")
            address = row.text("address", required=False)
            if row.ok and p.venue_rows.get(vid) == row.row:
                assert capacity is not None
                p.venues[vid] = Venue(
                    vid,
                    region,
                    name,
                    capacity,
                    frozenset(_fair_kind(k) for k in kinds) or frozenset(FAIR_KINDS),
                    unavailable,
                    address,
                )

    def staff(self) -> None:
        p = self.p
        for row in self.rows("staff"):
            pid = self.unique(row, "pool_id", p.pool_rows, "pool_id")
            name = row.text("name", required=False) or pid
            serves = row.items("serves", required=True)
            for rid in serves:
                self.reference(row, "serves", rid, p.region_rows, "regions")
            headcount = row.integer("headcount")
            unavailable = row.dates("unavailable")
            if row.ok and p.pool_rows.get(pid) == row.row:
                assert headcount is not None
                p.pools[pid] = StaffPool(pid, name, tuple(serves), headcount, unavailable)
            else:
                p.pools_complete = False

    # ------------------------------------------------------------------ rules

    def rules(self) -> None:
        p = self.p
        seen: dict[str, int] = {}
        tags = sorted({t for r in p.regions.values() for t in r.tags})
        for row in self.rows("rules"):
            rid = self.unique(row, "rule_id", seen, "rule_id")
            scope = self.scope(row, tags)
            kind = row.choice("kind", KIND_VALUES, KIND_VALUES.values())
            period = row.choice("period", PERIOD_VALUES, PERIOD_VALUES.values())
            count = row.integer("min_count")
            start = row.date("start", required=False)
            end = row.date("end", required=False)
            source = row.text("source", required=False)
            if start and end and end < start:
                row.report("end", _msg("rule_order", start=start, end=end))
            if kind is not None and "kinds" in self.tables:
                need = FAIR_KINDS if kind == "any" else (kind,)
                if not p.kind_names.intersection(need):
                    need_text = " or ".join(need)
                    row.report("kind", _msg("kind_missing", kind=kind, need=need_text))
            h = p.settings
            if h is None or not row.ok:
                continue
            lo, hi = start or h.start, end or h.end
            if hi < h.start or lo > h.end:
                column = "end" if hi < h.start else "start"  # only a given date can be outside
                row.report(column, _msg("rule_outside", start=lo, end=hi, h0=h.start, h1=h.end))
                continue
            if seen.get(rid) == row.row:
                assert scope is not None and count is not None and kind and period
                rule = Rule(rid, scope, _rule_kind(kind), _period(period), count, lo, hi, source)
                p.rules.append((row.row, rule))

    def scope(self, row: _Row, tags: list[str]) -> str | None:
        raw = row.text("scope")
        if not raw:
            return None
        level = LEVEL_VALUES.get(raw.lower())
        if level is not None:
            return level
        m = _TAG.match(raw)
        if m:
            tag = m[1].strip()
            if tag in tags or "regions" not in self.tables:
                return f"tag:{tag}"
            row.report("scope", _msg("unknown_tag", tag=tag, tags=", ".join(tags) or "none"))
            return None
        if raw in self.p.region_rows or "regions" not in self.tables:
            return raw
        row.report("scope", _msg("bad_scope", value=raw))
        return None

    # ------------------------------------------------------------------ themes, events

    def themes(self) -> None:
        seen: dict[str, int] = {}
        for row in self.rows("themes"):
            region = row.text("region_id")
            if region and region != "*":
                self.reference(row, "region_id", region, self.p.region_rows, "regions")
            theme = row.text("theme")
            count = row.integer("min_count", required=False)
            key = f"{region}\t{theme}"
            if region and theme and key in seen:
                what = "theme of a region"
                row.report("theme", _msg("duplicate_id", value=theme, first=seen[key], what=what))
            seen.setdefault(key, row.row)
            if row.ok:
                self.p.themes.append(Theme(region, theme, count))

    def events(self) -> None:
        p = self.p
        seen: dict[str, int] = {}
        for row in self.rows("events"):
            eid = self.unique(row, "event_id", seen, "event_id")
            region = row.text("region_id")
            if region:
                self.reference(row, "region_id", region, p.region_rows, "regions")
            kind = row.choice("kind", KIND_VALUES, FAIR_KINDS)
            if kind is not None and "kinds" in self.tables and kind not in p.kind_names:
                row.report("kind", _msg("event_kind_missing", kind=kind))
            date = row.date("date")
            raw_locked = row.text("locked", required=False)
            locked = YES_NO_VALUES.get(raw_locked.lower()) if raw_locked else False
            if locked is None:
                expect = SHEET_BY_NAME["events"].column("locked").expect
                row.report("locked", _msg("bad_value", value=raw_locked, expect=expect))
            venue = row.text("venue_id", required=bool(locked))
            if venue:
                self.reference(row, "venue_id", venue, p.venue_rows, "venues")
            pool = row.text("pool_id", required=bool(locked))
            if pool:
                self.reference(row, "pool_id", pool, p.pool_rows, "staff")
            theme = row.text("theme", required=False)
            if row.ok and seen.get(eid) == row.row:
                assert kind is not None and date is not None
                event = Event(eid, region, _fair_kind(kind), date, venue, pool, theme, bool(locked))
                p.events.append((row.row, event))

    # ------------------------------------------------------------------ cross checks

    def check_staffing(self, scenario: Scenario) -> None:
        """A rule whose kind no pool serving a targeted region can staff can never be met."""
        p = self.p
        if not p.pools_complete or "staff" not in self.tables:
            return
        table = self.tables["rules"]
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

        for n, rule in p.rules:
            kinds = [p.kinds[k] for k in _kinds_of(rule.kind) if k in p.kinds]
            if len(kinds) < len([k for k in _kinds_of(rule.kind) if k in p.kind_names]):
                continue  # a bad kinds row: already reported
            if not kinds:
                continue
            need = min(k.staff for k in kinds)
            failing: list[str] = []
            best = -1
            for rid in rule_regions(rule, scenario):
                if rid not in scenario.regions:
                    continue
                top = largest_serving(rid)
                if top < need:
                    failing.append(rid)
                    best = max(best, top)
            if not failing:
                continue
            names = [f"{r} {scenario.regions[r].name}" for r in failing[:5]]
            more = f" and {len(failing) - 5} more" if len(failing) > 5 else ""
            kind_text = " or ".join(f"{k.kind} fairs ({k.staff} people each)" for k in kinds)
            it = "it" if len(failing) == 1 else "them"
            best_text = f"the largest has {best}" if best >= 0 else f"no pool serves {it}"
            message = _msg(
                "unstaffable",
                kind=kind_text,
                regions=", ".join(names) + more,
                it=it,
                best=best_text,
            )
            col = table.header.get("kind", "kind")
            self.problems.append(table.sheet.problem(message, n, col))

    def check_locked(self, scenario: Scenario) -> None:
        """A locked fair is kept exactly, so it must itself obey every hard rule."""
        p = self.p
        h = scenario.settings
        by_venue_day: dict[tuple[str, dt.date], tuple[int, str]] = {}
        pool_day: dict[tuple[str, dt.date], list[tuple[str, int]]] = {}
        reported: set[tuple[str, dt.date]] = set()
        table = self.tables.get("events")
        if table is None:
            return
        for n, event in p.events:
            if not event.locked:
                continue
            row = _Row(self.problems, table, n, {})
            spec = p.kinds.get(event.kind)
            d = event.date
            if not h.start <= d <= h.end:
                row.report("date", _msg("locked_outside", date=d, h0=h.start, h1=h.end))
            elif spec is not None and p.calendar is not None and not p.calendar.allows(spec, d):
                reason = p.calendar.why_not(spec, d)
                row.report(
                    "date",
                    _msg(
                        "locked_day",
                        kind=event.kind,
                        date=d,
                        weekday=WEEKDAYS[d.weekday()],
                        reason=reason,
                    ),
                )
            venue = p.venues.get(event.venue_id)
            if venue is not None:
                self.check_locked_venue(row, event, venue, spec)
                clash = by_venue_day.get((venue.venue_id, d))
                if clash is not None:
                    msg = _msg(
                        "locked_venue_clash",
                        venue=venue.venue_id,
                        other=clash[1],
                        row=clash[0],
                        date=d,
                    )
                    row.report("venue_id", msg)
                else:
                    by_venue_day[(venue.venue_id, d)] = (n, event.event_id)
            pool = p.pools.get(event.pool_id)
            if pool is None:
                continue
            if event.region_id in scenario.regions and not set(
                scenario.ancestors(event.region_id)
            ).intersection(pool.serves):
                serves = ", ".join(pool.serves)
                row.report(
                    "pool_id",
                    _msg(
                        "locked_pool_region",
                        pool=pool.pool_id,
                        region=event.region_id,
                        serves=serves,
                    ),
                )
            if d in pool.unavailable:
                row.report("pool_id", _msg("locked_pool_closed", pool=pool.pool_id, date=d))
            if spec is None:
                continue
            fairs = pool_day.setdefault((pool.pool_id, d), [])
            fairs.append((event.event_id, spec.staff))
            need = sum(s for _, s in fairs)
            if need > pool.headcount and (pool.pool_id, d) not in reported:
                reported.add((pool.pool_id, d))
                events = ", ".join(e for e, _ in fairs)
                row.report(
                    "pool_id",
                    _msg(
                        "locked_staff",
                        date=d,
                        need=need,
                        pool=pool.pool_id,
                        events=events,
                        headcount=pool.headcount,
                    ),
                )

    def check_locked_venue(
        self, row: _Row, event: Event, venue: Venue, spec: KindSpec | None
    ) -> None:
        v = venue.venue_id
        if venue.region_id != event.region_id:
            row.report(
                "venue_id",
                _msg(
                    "locked_venue_region",
                    venue=v,
                    venue_region=venue.region_id,
                    region=event.region_id,
                ),
            )
        if spec is not None and venue.capacity < spec.min_capacity:
            row.report(
                "venue_id",
                _msg(
                    "locked_venue_small",
                    venue=v,
                    capacity=venue.capacity,
                    kind=event.kind,
                    need=spec.min_capacity,
                ),
            )
        if event.kind not in venue.kinds:
            allowed = ", ".join(sorted(venue.kinds))
            row.report(
                "venue_id", _msg("locked_venue_kind", venue=v, kind=event.kind, allowed=allowed)
            )
        if event.date in venue.unavailable:
            row.report("venue_id", _msg("locked_venue_closed", venue=v, date=event.date))


# --------------------------------------------------------------------------- helpers


def _hhmm(t: dt.time) -> str:
    return t.strftime("%H:%M")


def _kinds_of(kind: str) -> tuple[str, ...]:
    return FAIR_KINDS if kind == "any" else (kind,)


def _level(value: str) -> Level:
    assert value in LEVELS
    return value  # type: ignore[return-value]


def _fair_kind(value: str) -> FairKind:
    assert value in FAIR_KINDS
    return value  # type: ignore[return-value]


def _rule_kind(value: str) -> RuleKind:
    return value  # type: ignore[return-value]


def _period(value: str) -> PeriodKind:
    return value  # type: ignore[return-value]


def _order(problems: list[Problem], tables: dict[str, _Table]) -> list[Problem]:
    """Problems sheet by sheet in the contract's order, then by row; stable within a row."""
    rank = {spec.name: i for i, spec in enumerate(SHEETS)}
    for key, table in tables.items():
        rank[table.name] = rank[key]
    return sorted(problems, key=lambda q: (rank.get(q.sheet, -1), q.row or 0))


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario: an `.xlsx` workbook or a folder of CSV files.

    Raises `InputError` with one `Problem` per issue found; returns a `Scenario`
    whose objects satisfy the invariants `scheduler.model` documents.
    """
    source = Path(path)
    problems: list[Problem] = []
    tables = _read(source, problems)
    scenario = _Loader(source, tables, problems).run()
    if problems or scenario is None:
        raise InputError(_order(problems, tables))
    return scenario
