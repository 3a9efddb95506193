"""Words of the presets, the policy catalogue and reporting rhythms (`fairplan presets`)."""

from texts import register

register(
    "presets",
    {
        # errors
        "presets_where": ("预设", "preset"),
        "presets_unknown": (
            "没有名为“{name}”的预设；可用的预设：{names}",
            "there is no preset named '{name}'; the presets are: {names}",
        ),
        "presets_bad_value": (
            "“{value}”无效；应为 {expect}",
            "'{value}' is not valid; expected {expect}",
        ),
        "presets_expect_text": ("非空文本", "non-empty text"),
        "presets_expect_int": ("不小于 {least} 的整数", "a whole number of at least {least}"),
        "presets_expect_date": ("日期 YYYY-MM-DD", "a date YYYY-MM-DD"),
        "presets_expect_horizon": (
            "起止日期，结束不早于开始",
            "start and end dates, end not before start",
        ),
        "presets_expect_unique": ("不重复的值", "a value not used before"),
        "presets_expect_source": (
            "指向政策目录中条款的依据，如 im-2024 五(五)",
            "a source naming a catalogued clause, e.g. im-2024 五(五)",
        ),
        "presets_expect_id": (
            "1–64 个字母、数字、_、-、.（CONTRACT §6 标识符）",
            "1–64 letters, digits, _, - or . (a CONTRACT §6 identifier)",
        ),
        "presets_expect_days": (
            "workdays、weekends、any 或 Mon;Tue 这样的星期列表",
            "workdays, weekends, any or a list such as Mon;Tue",
        ),
        "presets_expect_after": ("晚于 {start} 的时间", "a time after {start}"),
        "presets_expect_tag": (
            "本预设 [[tags]] 中的标签：{tags}",
            "a tag of the preset's [[tags]]: {tags}",
        ),
        "presets_expect_scope": (
            "层级（province、city、county）、tag:名称 或地区编码",
            "a level (province, city, county), tag:NAME or a region id",
        ),
        "presets_expect_window": ("时段 {h0}..{h1} 之内", "inside the horizon {h0}..{h1}"),
        # the command line
        "presets_help": (
            "政策预设：各政策文件的规则、招聘会类型和报送节奏",
            "policy presets: each policy text's rules, kinds and reporting rhythm",
        ),
        "presets_list_help": ("列出全部预设", "list the presets"),
        "presets_show_help": (
            "显示一个预设（规则表、类型表可粘贴到 Excel）",
            "show one preset (rules and kinds rows ready to paste into Excel)",
        ),
        "presets_name_help": ("预设名称，如 im-2024", "the preset's name, e.g. im-2024"),
        "presets_csv_help": (
            "把 rules.csv 和 kinds.csv（UTF-8 带 BOM）写入此文件夹",
            "write rules.csv and kinds.csv (UTF-8 with BOM) into this folder",
        ),
        "presets_force_help": (
            "覆盖已有的 rules.csv / kinds.csv",
            "replace existing rules.csv / kinds.csv",
        ),
        "presets_col_name": ("名称", "name"),
        "presets_col_title": ("标题", "title"),
        "presets_col_description": ("说明", "description"),
        "presets_col_document": ("政策文件", "document"),
        "presets_col_horizon": ("时段", "horizon"),
        "presets_col_rules": ("规则数", "rules"),
        "presets_col_reporting": ("报送节奏", "reporting"),
        "presets_none": ("无", "none"),
        "presets_sep": ("；", "; "),
        "presets_item": ("- {head}：{text}", "- {head}: {text}"),
        "presets_clause": ("- {clause}：{summary}", "- {clause}: {summary}"),
        "presets_show_head": ("预设 {name}：{title}", "preset {name}: {title}"),
        "presets_show_document": (
            "政策文件：{title}（{details}）",
            "document: {title} ({details})",
        ),
        "presets_show_title_made": (
            "标题为 fairplan 据正文所拟，文本未印标题",
            "title made by fairplan from the text, which prints none",
        ),
        "presets_show_horizon": (
            "时段：{start} 至 {end}（依据 {source}）",
            "horizon: {start} to {end} (from {source})",
        ),
        "presets_show_kinds": (
            "招聘会类型（kinds 表；staff 至 days 为 fairplan 默认值，非政策规定）：",
            "kinds (kinds sheet; staff to days are fairplan's defaults, not the policy's):",
        ),
        "presets_show_rules": ("规则（rules 表）：", "rules (rules sheet):"),
        "presets_show_clauses": ("所依据的条款：", "the clauses cited:"),
        "presets_show_quote": ("原文：{quote}", "wording: {quote}"),
        "presets_show_tags": (
            "规则用到的地区标签（请标在 regions 表的 tags 列）：",
            "region tags the rules use (put them in the regions sheet's tags column):",
        ),
        "presets_show_reporting": ("报送节奏：", "reporting rhythm:"),
        "presets_show_reporting_line": (
            "{name}：{who}报{to}，{rhythm}（{source}）；首次 {first}，末次 {last}，共 {count} 次",
            "{name}: {who} to {to}, {rhythm} ({source}); first {first}, last {last}, {count} in all",
        ),
        "presets_show_next": (
            "下一次：{due} 截止，涵盖 {lo} 至 {hi}",
            "next: due {due}, covering {lo} to {hi}",
        ),
        "presets_show_notes": ("未纳入规则的要求及原因：", "what the rules leave out, and why:"),
        "presets_show_paste": (
            "（表格以制表符分隔，可直接粘贴到 Excel；--csv 文件夹 写出 CSV 文件）",
            "(tables are tab-separated, ready to paste into Excel; --csv FOLDER writes CSV files)",
        ),
        "presets_csv_exists": (
            "{path} 已存在；换一个文件夹，或加 --force 覆盖",
            "{path} already exists; choose another folder or add --force to replace it",
        ),
        "presets_csv_wrote": ("已写入 {path}", "wrote {path}"),
        "presets_level_province": ("省级", "the province"),
        "presets_level_city": ("各市", "each city"),
        "presets_level_county": ("各县", "each county"),
        # reporting rhythms (scheduler.rhythm.describe)
        "rhythm_week": ("每周{weekday} {time} 前", "every {weekday} by {time}"),
        "rhythm_month": (
            "每月{day}日 {time} 前（当月不足{day}日的为月末）",
            "every month by day {day}, {time} (the last day in shorter months)",
        ),
        "rhythm_after": (
            "每{every}结束后{days}日内（{time} 前）",
            "within {days} days after each {every} ({time})",
        ),
        "rhythm_at_end": ("每{every}最后一天 {time} 前", "by the last day of each {every}, {time}"),
        "rhythm_every_week": ("周", "week"),
        "rhythm_every_month": ("月", "month"),
        "rhythm_every_quarter": ("季度", "quarter"),
        "rhythm_every_year": ("年", "year"),
        "rhythm_weekdays": (
            "一,二,三,四,五,六,日",
            "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday",
        ),
    },
)
