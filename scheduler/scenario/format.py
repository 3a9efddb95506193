"""The scenario format, declared once (CONTRACT §2, §6): sheets, columns, settings, values.

Everything the loader accepts is data here — sheet and column names with their Chinese
aliases, which columns are required, what a blank cell means, the largest number a column
takes, the words accepted for each value — so that `scheduler.template` (the workbook and
its README sheet), `docs/scenario.md` (a test checks it names every alias) and the loader
cannot drift apart. A new column is one `Column(...)` line here plus its reading in
`scheduler.scenario.passes`.

`expect` names the catalogue entry (`texts/scenario.py`, key `expect_<expect>`) that
finishes "expected …" in a message about the column, in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.model import WEEKDAYS

__all__ = [
    "ANY_VALUES",
    "COUNTS_VALUES",
    "DAYS_VALUES",
    "HOLIDAYS_VALUES",
    "KIND_VALUES",
    "LEVEL_VALUES",
    "MAX_COUNT",
    "NO_PREFERENCE_VALUES",
    "PERIOD_VALUES",
    "SETTING_KEYS",
    "SHEETS",
    "SHEET_BY_NAME",
    "WEEKDAY_VALUES",
    "YES_NO_VALUES",
    "Column",
    "SettingKey",
    "SheetSpec",
]

#: the largest whole number any count, capacity or headcount may be: far above any real
#: one (a national window rule over four years asks for ~10^5 fairs), far below what would
#: overflow the solver's 64-bit arithmetic when multiplied by days and weights
MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    `required`: the column must be in the header (its cells may still be blank where
    `default` says what a blank means). `maximum`: the largest whole number it takes.
    """

    name: str
    zh: tuple[str, ...]  # Chinese aliases; the first is what the Chinese template writes
    required: bool
    expect: str  # catalogue key suffix: texts "expect_<expect>"
    default: str = ""  # what a blank cell means; "" = the cell must be filled
    en_doc: str = ""
    zh_doc: str = ""
    maximum: int | None = None


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


# fmt: off
SETTING_KEYS: tuple[SettingKey, ...] = (
    SettingKey("name", ("名称", "方案名称"), True, "name", "",
               "scenario name, a label (the default output folder is derived from it)",
               "方案名称（默认输出文件夹由它生成）"),
    SettingKey("start", ("开始日期", "开始"), True, "date", "the preset's start",
               "first day of the planning horizon (included)", "规划期第一天（含）"),
    SettingKey("end", ("结束日期", "结束"), True, "date", "the preset's end",
               "last day of the planning horizon (included)", "规划期最后一天（含）"),
    SettingKey("timezone", ("时区",), False, "timezone", "Asia/Shanghai",
               "time zone of fair times and of 'today'", "招聘会时间及“今天”所用的时区"),
    SettingKey("holidays", ("节假日",), False, "holidays", "CN",
               "CN: mainland China's official holiday breaks and make-up workdays; none: no holidays",
               "CN：按国务院公布的法定节假日及调休；none：不考虑节假日"),
    SettingKey("blackouts", ("停办日期", "禁办日期"), False, "dates", "none",
               "dates on which no fair may be held anywhere", "全部地区都不得举办招聘会的日期"),
    SettingKey("preset", ("预设", "政策预设"), False, "preset", "none",
               "a preset (fairplan presets list) whose rules and kinds the scenario starts "
               "from; rules and kinds rows with the same rule_id or kind replace the "
               "preset's, other rows are added; start and end default to its horizon",
               "政策预设名称（见 fairplan presets list）：采用其规则和招聘会类型；规则表、类型表中"
               "编号或类型相同的行替换预设的行，其余的行补充进来；开始、结束日期默认取预设的时段"),
)

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("settings", ("设置",), True, (
        Column("key", ("键", "项目", "设置项"), True, "setting_key", "",
               "setting name: name, start, end, timezone, holidays, blackouts, or any other key "
               "(e.g. weight_spread), kept for later use",
               "设置项：名称、开始日期、结束日期、时区、节假日、停办日期；其他键（如 weight_spread）原样保留"),
        Column("value", ("值", "内容", "取值"), True, "setting_value", "",
               "the setting's value", "设置值"),
    ), "one row per setting: the horizon and general options", "每行一个设置：规划期和总体选项"),
    SheetSpec("regions", ("地区",), True, (
        Column("region_id", ("地区编号", "编号", "区划代码"), True, "region_id", "",
               "unique id; administrative division codes where known", "唯一编号，尽量用行政区划代码"),
        Column("name", ("名称", "地区名称"), True, "name", "",
               "region name", "地区名称"),
        Column("level", ("级别", "层级"), True, "level", "",
               "country | province | city | county", "级别：全国/省/市/县"),
        Column("parent_id", ("上级编号", "上级地区编号"), True, "parent_id", "top region",
               "region_id of the region above; blank only for the one top region",
               "上级地区编号；只有最上级地区留空"),
        Column("tags", ("标签",), False, "tags", "none",
               "optional tags, for rules with scope tag:NAME", "标签，可供规则范围 tag:标签名 使用"),
    ), "the administrative hierarchy, one row per region", "行政区划，每行一个地区"),
    SheetSpec("rules", ("规则",), True, (
        Column("rule_id", ("规则编号", "编号"), True, "id", "",
               "unique id", "唯一编号"),
        Column("name", ("规则名称", "名称"), False, "text", "the rule_id",
               "what people call the rule, e.g. 每周专业性招聘会", "规则名称，如 每周专业性招聘会"),
        Column("scope", ("范围", "适用范围"), True, "scope", "",
               "which regions: a level, tag:NAME, or one region_id",
               "适用地区：级别（省/市/县）、tag:标签名 或某个地区编号"),
        Column("kind", ("类型", "招聘会类型"), True, "rule_kind", "",
               "a kind of the kinds sheet, any, or a list such as specialized;livestream "
               "(a fair of any of them counts)",
               "类型表中的类型、不限，或如 specialized;livestream 的列表（其中任一类型都计入）"),
        Column("period", ("周期",), True, "period", "",
               "week (Mon–Sun) | month | quarter | window (the whole window, once)",
               "周期：周（周一至周日）/月/季度/窗口（整个时段算一次）"),
        Column("min_count", ("最少场次", "场次"), True, "count", "",
               "fairs needed in each in-scope period", "每个周期至少举办的场次", MAX_COUNT),
        Column("start", ("开始日期", "开始"), False, "date", "horizon start",
               "first day of the rule's window", "规则生效的第一天"),
        Column("end", ("结束日期", "结束"), False, "date", "horizon end",
               "last day of the rule's window", "规则生效的最后一天"),
        Column("counts", ("计数", "计数范围"), False, "counts", "own",
               "own: only the region's own fairs count; subtree: also those of every region "
               "below it (a total over a province)",
               "own：只计本地区举办的；subtree：本地区及其下级地区举办的都计入（如全省总数）"),
        Column("source", ("依据", "来源"), False, "text", "empty",
               "citation of the policy the rule comes from, e.g. im-2024 五(五) or "
               "《document title》clause", "政策依据，如 im-2024 五(五) 或《文件标题》条款"),
    ), "how often fairs must be held", "举办频次要求"),
    SheetSpec("kinds", ("类型", "招聘会类型"), True, (
        Column("kind", ("类型", "招聘会类型"), True, "kind_id", "",
               "an id: specialized, comprehensive, or another such as campus or livestream",
               "类型编号：specialized（专场）、comprehensive（综合）或其他，如 campus、livestream"),
        Column("label", ("名称", "类型名称"), False, "text", "built-in name or the kind",
               "what people call the kind, e.g. 校园招聘会", "类型名称，如 校园招聘会"),
        Column("online", ("线上", "网络"), False, "yes_no", "no",
               "yes: held online, needs staff but no venue", "是：线上举办，需要工作人员、不需要场地"),
        Column("url", ("链接", "网址"), False, "url", "empty",
               "for an online kind: where its fairs are held (http:// or https://)",
               "线上类型的举办网址（http:// 或 https://）"),
        Column("staff", ("人员", "所需人员", "人数"), True, "count", "",
               "people a fair of this kind needs", "每场所需工作人员数", MAX_COUNT),
        Column("min_capacity", ("最小容量", "最低容量"), True, "count", "",
               "venue capacity a fair of this kind needs", "所需场地的最小容量（人）", MAX_COUNT),
        Column("start_time", ("开始时间",), True, "time", "",
               "opening time", "开始时间"),
        Column("end_time", ("结束时间",), True, "end_time", "",
               "closing time", "结束时间"),
        Column("days", ("举办日", "可办日"), False, "days", "any",
               "allowed days: workdays | weekends | any | a list such as Tue;Wed;Thu",
               "可举办的日子：工作日/周末/不限，或如 周二;周三;周四"),
        Column("prefer", ("优先日", "首选日"), False, "prefer",
               "Tue;Wed;Thu for specialized, weekends for comprehensive, none for others",
               "preferred days, as days (none: no preference)",
               "优先安排的日子，写法同“举办日”（none 表示不优先）"),
    ), "how each kind of fair is held", "各类招聘会的举办要求"),
    SheetSpec("venues", ("场地",), True, (
        Column("venue_id", ("场地编号", "编号"), True, "id", "",
               "unique id", "唯一编号"),
        Column("region_id", ("地区编号", "所属地区"), True, "region_ref", "",
               "the region the venue belongs to", "场地所属地区编号"),
        Column("name", ("名称", "场地名称"), True, "name", "the venue_id",
               "venue name", "场地名称"),
        Column("capacity", ("容量",), True, "count", "",
               "people the venue holds", "场地容量（人）", MAX_COUNT),
        Column("kinds", ("类型", "可办类型"), False, "fair_kinds", "every kind",
               "kinds of fair allowed (onsite kinds of the kinds sheet)", "允许举办的类型（类型表中的线下类型）"),
        Column("unavailable", ("不可用日期", "停用日期"), False, "dates", "none",
               "days the venue cannot be used", "场地不可用的日期"),
        Column("address", ("地址",), False, "text", "empty", "address", "地址"),
    ), "where fairs are held", "举办场地"),
    SheetSpec("staff", ("人员", "工作人员"), True, (
        Column("pool_id", ("人员编号", "队伍编号", "编号"), True, "id", "",
               "unique id", "唯一编号"),
        Column("name", ("名称",), True, "name", "the pool_id",
               "name of the office", "单位名称"),
        Column("serves", ("服务地区", "服务范围"), True, "region_refs", "",
               "regions served, with all regions below them", "服务的地区（含其下级地区）"),
        Column("headcount", ("人数", "每日人数"), True, "count", "",
               "people available each day", "每天可派出的人数", MAX_COUNT),
        Column("unavailable", ("不可用日期",), False, "dates", "none",
               "days with no one available", "无人可派的日期"),
    ), "who staffs the fairs", "工作人员队伍"),
    SheetSpec("themes", ("主题",), False, (
        Column("region_id", ("地区编号",), True, "theme_region", "",
               "region, or * for every city", "地区编号，* 表示所有市"),
        Column("theme", ("主题", "行业"), True, "theme", "",
               "industry of specialized fairs", "专场招聘会的行业主题"),
        Column("min_count", ("最少场次", "场次"), False, "count", "no minimum",
               "fairs with this theme needed in the horizon", "规划期内该主题至少场次", MAX_COUNT),
    ), "industries for specialized fairs (optional)", "专场招聘会主题（可选）"),
    SheetSpec("events", ("活动", "招聘会"), False, (
        Column("event_id", ("活动编号", "编号"), True, "id", "",
               "unique id", "唯一编号"),
        Column("region_id", ("地区编号",), True, "region_ref", "",
               "region of the fair", "举办地区编号"),
        Column("kind", ("类型",), True, "fair_kind", "",
               "a kind of the kinds sheet", "类型表中的类型"),
        Column("date", ("日期",), True, "date", "",
               "day of the fair", "举办日期"),
        Column("venue_id", ("场地编号",), False, "venue_ref",
               "chosen by the planner (required when locked; blank for an online kind)", "venue",
               "场地编号（锁定时必填；线上类型留空）"),
        Column("pool_id", ("人员编号",), False, "pool_ref",
               "chosen by the planner (required when locked)", "staff pool",
               "人员编号（锁定时必填）"),
        Column("theme", ("主题",), False, "text", "empty", "theme", "主题"),
        Column("locked", ("锁定", "固定"), False, "yes_no", "no",
               "yes: keep this fair exactly as given", "是：原样保留该场招聘会"),
    ), "fairs that already exist (optional)", "已有的招聘会（可选）"),
)
# fmt: on

SHEET_BY_NAME: dict[str, SheetSpec] = {s.name: s for s in SHEETS}

# Value aliases: lower-case spelling -> canonical value.
#: the built-in kinds' Chinese names; any other kind is written as its id or its label
KIND_VALUES: dict[str, str] = {
    "specialized": "specialized", "专场": "specialized", "专场招聘会": "specialized",
    "专场招聘": "specialized",
    "comprehensive": "comprehensive", "综合": "comprehensive", "综合招聘会": "comprehensive",
    "综合招聘": "comprehensive",
}  # fmt: skip
#: a rule's kind that every kind matches
ANY_VALUES: dict[str, str] = {"any": "any", "不限": "any", "任意": "any"}
COUNTS_VALUES: dict[str, str] = {
    "own": "own", "本级": "own", "本地区": "own",
    "subtree": "subtree", "含下级": "subtree", "本级及下级": "subtree", "全辖区": "subtree",
}  # fmt: skip
#: `prefer` words beyond `days`: no preferred day
NO_PREFERENCE_VALUES: dict[str, str] = {"none": "none", "无": "none", "不优先": "none"}
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
