"""The app's words, Chinese first with English beside them (issue 5).

One flat dictionary: key → (zh, en). `t(key, **values)` picks the current
language, which the sidebar switch keeps in the URL (`?lang=en`) so a shared
link opens in the language it was sent in. Chinese is the default and what a
missing or unknown `lang` falls back to. Names of kinds, levels and statuses
come from the packages' own Chinese tables where they exist, so the app and
the reports say the same thing.
"""

from __future__ import annotations

from typing import Final

from monitor.compliance import LIGHT_ZH, STATUS_NAMES_ZH
from scheduler.kinds import label as kind_label
from scheduler.model import ANY_KIND, BUILTIN_KINDS, LEVEL_ZH

LANGS: Final = ("zh", "en")
LANG_NAMES: Final = {"zh": "中文", "en": "English"}
DEFAULT_LANG: Final = "zh"

TEXT: Final[dict[str, tuple[str, str]]] = {
    # shell
    "app_title": ("青年就业招聘会计划与督导", "Youth employment job fairs: planning and oversight"),
    "language": ("语言", "Language"),
    "cal_holiday": ("休", "holiday"),
    "cal_makeup": ("班", "make-up workday"),
    "plan_mode_fresh": (
        "将从头制定新计划。",
        "This makes a new plan from scratch.",
    ),
    "plan_mode_replan": (
        "将对照上一版计划（{n} 场）重新规划，尽量少改动。",
        "This re-plans against the previous plan ({n} fairs), changing as little as possible.",
    ),
    "internal_error": (
        "出现了程序错误，此页未能显示。已记录，编号 {ref}；请把编号告诉管理员。",
        "Something went wrong and this page could not be shown. It was logged as {ref}; "
        "please give this reference to your administrator.",
    ),
    "section_plan": ("规划", "Plan"),
    "section_feeds": ("订阅", "Feeds"),
    "section_compliance": ("合规", "Compliance"),
    "section_records": ("上报", "Records"),
    "page_plan": ("制定计划", "Plan fairs"),
    "page_feeds": ("日历订阅", "Calendar feeds"),
    "page_compliance": ("达标情况", "Compliance"),
    "page_records": ("上报记录", "Report records"),
    "scenario_caption": ("场景：{name}（{source}）", "Scenario: {name} ({source})"),
    "source_sample": ("内置示例", "bundled sample"),
    "source_default": ("默认场景文件", "default scenario file"),
    "source_upload": ("上传", "uploaded"),
    # plan page: scenario
    "scenario": ("场景", "Scenario"),
    "scenario_source": ("场景来源", "Scenario source"),
    "use_sample": (
        "使用内置示例（内蒙古 2024 年 7–12 月）",
        "Use the bundled sample (Inner Mongolia, Jul–Dec 2024)",
    ),
    "use_default": ("使用默认场景：{file}", "Use the default scenario: {file}"),
    "use_upload": ("上传工作簿或 CSV 文件", "Upload a workbook or CSV files"),
    "upload_scenario": (
        "场景工作簿（.xlsx）或每表一个 CSV 文件（regions.csv、rules.csv…）",
        "Scenario workbook (.xlsx) or one CSV file per sheet (regions.csv, rules.csv, …)",
    ),
    "template_zh": ("下载模板（中文）", "Download the template (Chinese)"),
    "template_en": ("下载模板（英文）", "Download the template (English)"),
    "template_help": (
        "模板含全部工作表和列、一个可直接运行的示例，以及逐列说明。",
        "The template has every sheet and column, a worked example that runs as is, and a README explaining each column.",
    ),
    "upload_first": ("请上传场景文件。", "Upload a scenario file."),
    "scenario_invalid": (
        "场景有 {n} 处问题，请修改后重新上传：",
        "The scenario has {n} problems; fix them and upload again:",
    ),
    "scenario_loaded": (
        "已载入「{name}」：{regions} 个地区，{rules} 条规则，{venues} 个场地，{start} 至 {end}",
        "Loaded “{name}”: {regions} regions, {rules} rules, {venues} venues, {start} to {end}",
    ),
    "col_file": ("文件", "File"),
    "col_sheet": ("工作表", "Sheet"),
    "col_row": ("行", "Row"),
    "col_column": ("列", "Column"),
    "col_problem": ("问题", "Problem"),
    "audit_at": ("时间", "When"),
    "audit_actor": ("操作人", "Who"),
    "audit_action": ("操作", "Action"),
    "audit_record_id": ("记录编号", "Record"),
    "audit_region_id": ("地区编号", "Region"),
    "audit_date": ("日期", "Date"),
    "audit_status": ("状态", "Status"),
    "audit_source_file": ("来源文件", "Source file"),
    # plan page: solving
    "solve_options": ("求解设置", "Solver settings"),
    "time_limit": ("时间上限（秒）", "Time limit (seconds)"),
    "workers": ("线程数（0 = 全部核心）", "Workers (0 = all cores)"),
    "seed": ("随机种子", "Random seed"),
    "weights": ("目标权重", "Objective weights"),
    "weights_help": (
        "数值越大越重要；默认值保证“先满足规则，再少办场次，再少改动”。",
        "Larger means more important; the defaults keep rules first, then fewer fairs, then fewer changes.",
    ),
    "replan": (
        "对照上一版计划重新规划（尽量少改动）",
        "Re-plan against a previous plan (change as little as possible)",
    ),
    "previous_source": ("上一版计划", "Previous plan"),
    "previous_session": ("本次会话中的当前计划", "The current plan of this session"),
    "previous_upload": ("上传 schedule.csv", "Upload a schedule.csv"),
    "no_previous": ("还没有上一版计划。", "There is no previous plan yet."),
    "start_solve": ("开始规划", "Plan"),
    "stop_solve": ("停止（保留当前最好的计划）", "Stop (keep the best plan so far)"),
    "solving": ("求解中… {elapsed:.0f} 秒", "Solving… {elapsed:.0f} s"),
    "building": ("正在建模…", "Building the model…"),
    "stopping": ("正在停止…", "Stopping…"),
    "objective": ("目标值", "Objective"),
    "bound": ("下界", "Bound"),
    "gap": ("差距", "Gap"),
    "elapsed_s": ("用时（秒）", "Elapsed (s)"),
    "solve_failed": ("规划失败：{error}", "Planning failed: {error}"),
    "no_plan_found": ("未找到计划（状态 {status}）。", "No plan found (status {status})."),
    # plan page: result
    "result": ("计划结果", "The plan"),
    "rules": ("规则", "Rules"),
    "all_met": ("全部满足", "all met"),
    "solve_optimal": ("最优", "optimal"),
    "solve_feasible": ("可行（未证最优）", "feasible"),
    "solve_infeasible": ("无可行解", "infeasible"),
    "solve_unknown": ("未求得", "unknown"),
    "rules_not_met": ("{n} 项未满足", "{n} shortfalls"),
    "status": ("状态", "Status"),
    "fairs": ("场次", "Fairs"),
    "wall_time": ("用时", "Time"),
    "changes": ("与上一版相比", "Compared with the previous plan"),
    "kept": ("保留", "Kept"),
    "moved": ("调整", "Moved"),
    "added": ("新增", "Added"),
    "cancelled": ("取消", "Cancelled"),
    "tab_calendar": ("月历", "Calendar"),
    "tab_heatmap": ("地区 × 周", "Region × week"),
    "tab_table": ("明细", "Table"),
    "tab_shortfalls": ("未满足", "Shortfalls"),
    "tab_downloads": ("下载与发布", "Downloads"),
    "region": ("地区", "Region"),
    "month": ("月份", "Month"),
    "with_descendants": ("含下级地区", "Include lower regions"),
    "kind": ("类型", "Kind"),
    "all": ("全部", "All"),
    "no_fairs_month": ("本月没有招聘会。", "No fairs this month."),
    "heatmap_caption": (
        "每格为该地区该周计划举办的场次（按周一所在日期）。",
        "Each cell is the number of fairs planned in the region that week (labelled by its Monday).",
    ),
    "week": ("周", "Week"),
    "no_shortfalls": ("所有规则均已满足。", "Every rule is met."),
    "download_xlsx": ("下载计划（Excel）", "Download the schedule (Excel)"),
    "download_csv": ("下载计划（CSV）", "Download the schedule (CSV)"),
    "download_feeds": ("下载日历文件（zip）", "Download the feeds (zip)"),
    "download_report": ("下载报告（JSON）", "Download the report (JSON)"),
    "save_dir": ("保存到服务器上的文件夹", "Save to a folder on the server"),
    "save": ("保存", "Save"),
    "saved": (
        "已写入 {n} 个文件到 {dir}。发布订阅：fairplan serve-feeds {dir}",
        "Wrote {n} files to {dir}. To publish the feeds: fairplan serve-feeds {dir}",
    ),
    "cancelled_fairs": ("已取消 {n} 场", "{n} cancelled"),
    # feeds page
    "need_plan": ("请先在“规划”页制定计划。", "Make a plan on the Plan page first."),
    "feeds_intro": (
        "用日历软件订阅本地区的招聘会：点击 webcal:// 链接（苹果日历、Outlook、Thunderbird），"
        "或把 http:// 链接粘贴到“通过网址添加日历”；手机扫描二维码。日历每小时刷新，调整或取消会自动同步。",
        "Subscribe in a calendar app: click the webcal:// link (Apple Calendar, Outlook, Thunderbird) or paste "
        "the http:// link into “add calendar from URL”; phones can scan the QR code. Calendars refresh hourly "
        "and pick up moved or cancelled fairs by themselves.",
    ),
    "feed_server": ("订阅服务器地址", "Feed server address"),
    "feed_server_help": (
        "运行 fairplan serve-feeds 的地址，例如 http://192.168.1.10:8000",
        "Where fairplan serve-feeds runs, e.g. http://192.168.1.10:8000",
    ),
    "feed_links": ("订阅链接", "Subscription links"),
    "qr": ("扫码订阅", "Scan to subscribe"),
    "download_ics": ("下载 .ics 文件", "Download the .ics file"),
    "next_fairs": ("接下来的招聘会（自 {since} 起）", "Next fairs (from {since})"),
    "no_next": ("此后没有安排。", "Nothing planned after that."),
    "all_feeds": ("全部地区的订阅链接", "Links of every region"),
    "since": ("起始日期", "From"),
    # compliance page
    "as_of": ("截至日期", "As of"),
    "level": ("层级", "Level"),
    "city": ("城市", "City"),
    "rule": ("规则", "Rule"),
    "records_in_store": ("记录库中有 {n} 条记录（{db}）", "{n} records in the store ({db})"),
    "heatmap_title": ("地区 × 周期", "Region × period"),
    "heat_by_month": (
        "多条规则合并显示：每格为该月（按周期中点）各周期中最差的状态。选择单条规则可按其周期查看。",
        "Several rules at once: each cell is the worst status of the periods whose midpoint falls in that month. Pick one rule to see its own periods.",
    ),
    "heat_truncated": (
        "地区较多，仅显示未达标最多的 {shown} 个（共 {total} 个）；可按层级或城市筛选。",
        "Many regions: showing the {shown} with the most misses (of {total}); filter by level or city.",
    ),
    "click_cell": ("点击格子查看依据。", "Click a cell to see its evidence."),
    "evidence": ("依据：{region} {period}", "Evidence: {region} {period}"),
    "no_records": ("没有记录。", "No records."),
    "ranking": ("未达标排名", "Ranking by misses"),
    "export_xlsx": ("导出达标情况（Excel）", "Export (Excel)"),
    "export_csv": ("导出 compliance.csv", "Export compliance.csv"),
    "no_rows": ("没有符合筛选条件的周期。", "No period matches the filters."),
    "legend": (
        "红：未达标　黄：有风险　绿：达标　灰：未到期",
        "Red: missed · Yellow: at risk · Green: met · Grey: upcoming",
    ),
    "periods": ("周期数", "Periods"),
    "required": ("应办", "Required"),
    "held": ("实办", "Held"),
    "light": ("灯", "Light"),
    "period": ("周期", "Period"),
    "records": ("记录", "Records"),
    "misses_title": ("未达标明细", "Missed periods"),
    # records page
    "records_intro": (
        "上传已举办（或已取消）的招聘会记录，或在计划中逐场标记。全部通过校验才会保存，任何一行有误都不保存。",
        "Upload records of held (or cancelled) fairs, or mark planned fairs one by one. Records are stored only when every row is valid.",
    ),
    "tab_upload": ("上传文件", "Upload a file"),
    "tab_mark": ("标记计划中的招聘会", "Mark planned fairs"),
    "upload_records": ("记录文件（.csv 或 .xlsx）", "Records file (.csv or .xlsx)"),
    "records_columns": (
        "必填列：region_id（地区编号）、kind（类型）、date（日期）、status（状态：已举办/已取消）；"
        "可选：record_id、event_id、venue、employers（参会企业数）、positions（岗位数）、attendees（参会人数）。",
        "Required columns: region_id, kind, date, status (held/cancelled); optional: record_id, event_id, venue, employers, positions, attendees.",
    ),
    "records_invalid": (
        "{n} 处问题，未保存任何记录。请修改后重新上传：",
        "{n} problems; nothing was stored. Fix them and upload again:",
    ),
    "records_valid": ("{n} 条记录全部通过校验。", "All {n} records are valid."),
    "store_records": ("保存到记录库", "Store in the records store"),
    "stored": (
        "已保存：新增 {inserted} 条，更新 {replaced} 条，未变 {unchanged} 条。",
        "Stored: {inserted} new, {replaced} updated, {unchanged} unchanged.",
    ),
    "row_ok": ("通过", "OK"),
    "check": ("校验", "Check"),
    "mark_intro": (
        "在“状态”列填写已举办或已取消，并填写参会企业数、岗位数和参会人数；留空的行不上报。",
        "Set the status to held or cancelled and fill in employers, positions and attendees; rows left blank are not reported.",
    ),
    "schedule_source": ("计划来源", "Schedule"),
    "upload_schedule": ("上传 schedule.csv", "Upload a schedule.csv"),
    "nothing_marked": ("还没有标记任何一场。", "Nothing marked yet."),
    "submit_marks": ("校验并保存", "Check and store"),
    "employers": ("参会企业数", "Employers"),
    "positions": ("岗位数", "Positions"),
    "attendees": ("参会人数", "Attendees"),
    "date": ("日期", "Date"),
    "venue": ("场地", "Venue"),
    "theme": ("主题", "Theme"),
    "event_id": ("活动编号", "Event"),
    "record_status": ("状态", "Status"),
    # roles and scope (issue 7)
    "scope_only": (
        "仅显示本辖区：{region} 及其下级地区。",
        "Showing your own region only: {region} and its subdivisions.",
    ),
    "plan_read_only": (
        "你的角色（{role}）不能制定或发布计划；规划需要规划员账户。",
        "Your role ({role}) cannot plan or publish; planning needs a planner account.",
    ),
    "feeds_upload_schedule": (
        "或上传已发布的计划 schedule.csv",
        "Or upload a published schedule.csv",
    ),
    "records_read_only": (
        "你只有查看权限（{role}）：只有地区人社局账户可以上报或修改记录。",
        "You have read-only access ({role}): only bureau accounts report or edit records.",
    ),
    "records_scope": (
        "你只能上报本辖区的记录：{region} 及其下级地区；含其他地区的文件整个不保存。",
        "You report for your own region only: {region} and its subdivisions; a file with any other region is refused as a whole.",
    ),
    "records_refused": (
        "无权保存（{n} 条说明），未保存任何记录：",
        "Refused ({n} messages); nothing was stored:",
    ),
    "audit_title": ("审计记录", "Audit trail"),
    "audit_intro": (
        "谁在何时、从哪个文件新增、修改或删除了哪条记录（最新在前，不可修改）。",
        "Who inserted, edited or deleted which record, when, from which file (newest first; never editable).",
    ),
    "audit_empty": ("还没有任何记录变动。", "No record has been changed yet."),
}

#: words for values (kinds, levels, statuses, lights) in English; Chinese comes from the packages
_VALUE_EN: Final = {
    "specialized": "specialized",
    "comprehensive": "comprehensive",
    "any": "any",
    "country": "country",
    "province": "province",
    "city": "city",
    "county": "county",
    "met": "met",
    "missed": "missed",
    "at_risk": "at risk",
    "upcoming": "upcoming",
    "red": "red",
    "yellow": "yellow",
    "green": "green",
    "grey": "grey",
    "held": "held",
    "cancelled": "cancelled",
    "planned": "planned",
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "window": "window",
}
_VALUE_ZH: Final = {
    **{k: kind_label({}, k, "zh") for k in (*BUILTIN_KINDS, ANY_KIND)},
    **LEVEL_ZH,
    **STATUS_NAMES_ZH,
    **LIGHT_ZH,
    "held": "已举办",
    "cancelled": "已取消",
    "planned": "计划",
    "week": "周",
    "month": "月",
    "quarter": "季度",
    "window": "整段",
}


def normalize(lang: object) -> str:
    """A supported language code; anything else (missing, typo'd URL) is Chinese."""
    return lang if isinstance(lang, str) and lang in LANGS else DEFAULT_LANG


def text(key: str, lang: str, **values: object) -> str:
    """The text of `key` in `lang`, formatted with `values`; an unknown key shows itself."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    s = pair[1] if lang == "en" else pair[0]
    return s.format(**values) if values else s


def value(word: str, lang: str) -> str:
    """A kind, level, status, light or period name in `lang`."""
    table = _VALUE_EN if lang == "en" else _VALUE_ZH
    return table.get(word, word)


def current() -> str:
    """The language of this run: the sidebar switch's value, else `?lang=`, else Chinese."""
    import streamlit as st

    if "lang" in st.session_state:
        return normalize(st.session_state["lang"])
    return normalize(st.query_params.get("lang"))


def t(key: str, **values: object) -> str:
    return text(key, current(), **values)


def tm(key: str, **values: object) -> str:
    """`t` for Streamlit's markdown elements: the values (names, ids, paths a user typed)
    are shown as literal text, the template's own formatting is kept."""
    from ui.safety import md

    return text(key, current(), **{k: md(v) for k, v in values.items()})


def v(word: str) -> str:
    return value(word, current())
