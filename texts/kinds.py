"""Words of kinds of fair, online fairs and rules as people read them (`scheduler.kinds`,
`scheduler.policy.rule_title`, the loader's kinds, rules and preset checks)."""

from texts import register

register(
    "kinds",
    {
        "policy.sep": ("；", "; "),
        "policy.titled": ("{head}（{cited}）", "{head} ({cited})"),
        # labels of the built-in kinds (CONTRACT §2) and of "any kind"
        "kinds.label_specialized": ("专场招聘会", "specialized fair"),
        "kinds.label_comprehensive": ("综合招聘会", "comprehensive fair"),
        "kinds.label_any": ("招聘会", "fair"),
        "kinds.or": ("或", " or "),
        "kinds.online": ("线上", "online"),
        "kinds.online_at": ("线上：{url}", "online: {url}"),
        # a shortfall as `fairplan plan` prints it: the rule by name and clause
        "kinds.shortfall_line": (
            "   - {rule}，{region}，{lo} 至 {hi}：计划 {planned} 场，应办 {required} 场——{reason}",
            "   - {rule}, {region}, {lo} to {hi}: {planned} planned of {required} — {reason}",
        ),
        # loading: the kinds sheet, kinds named elsewhere, presets (scheduler.scenario)
        "scenario.expect_kind_id": (
            "类型编号，如 specialized、comprehensive、campus（英文字母、数字、_、- 或 .）",
            "a kind id such as specialized, comprehensive, campus (letters, digits, '_', '-', '.')",
        ),
        "scenario.expect_counts": (
            "own（只计本地区）或 subtree（含下级地区）",
            "own (the region's own fairs) or subtree (also those of the regions below it)",
        ),
        "scenario.expect_url": (
            "以 http:// 或 https:// 开头的网址",
            "a link starting with http:// or https://",
        ),
        "scenario.expect_prefer": (
            "工作日、周末、不限、none（不优先），或如 周二;周三;周四",
            "workdays, weekends, any, none (no preference) or weekdays such as Tue;Wed;Thu",
        ),
        "scenario.expect_preset": (
            "预设名称，如 im-2024（见 fairplan presets list）",
            "a preset name such as im-2024 (see fairplan presets list)",
        ),
        "scenario.preset_file": ("预设 {name}", "preset {name}"),
        "scenario.preset_unknown": (
            "没有名为 {value} 的预设；可用的预设：{names}",
            "there is no preset named {value}; the presets are: {names}",
        ),
        "kinds.kind_reserved": (
            "{value} 不能作为类型编号：它在规则中表示“不限类型”",
            "{value} cannot be a kind: in a rule it means every kind",
        ),
        "kinds.unknown_kind": (
            "类型表中没有 {value} 这种类型（有：{kinds}）；请在类型表中添加，或改用其中之一",
            "the kinds sheet has no kind {value} (it has: {kinds}); add it there or use one of "
            "those",
        ),
        "kinds.any_in_list": (
            "{value}：“不限”不能和其他类型一起列出；请只写 any，或只列出类型",
            "{value}: any cannot be listed with other kinds; write any alone, or list kinds",
        ),
        "kinds.venue_online": (
            "{kind} 是线上类型，不使用场地；请从场地允许的类型中删去",
            "{kind} is an online kind and uses no venue; remove it from the venue's kinds",
        ),
        "kinds.event_online_venue": (
            "{kind} 是线上类型，不使用场地；请清空场地编号（现为 {venue}）",
            "{kind} is an online kind and uses no venue; leave venue_id blank (it is {venue})",
        ),
        "kinds.bad_url": (
            "{value} 不是网址；应以 http:// 或 https:// 开头，且不含空格",
            "{value} is not a link; it should start with http:// or https:// and hold no spaces",
        ),
    },
)
