"""Words of progress reports and reporting rhythms (`fairplan report`, `monitor.reports`)."""

from texts import register

register(
    "reports",
    {
        "reports.as_of_required": (
            "周报、月报和季报需要 --as-of 日期",
            "weekly, monthly and quarterly reports need an --as-of date",
        ),
        "reports.no_preset": (
            "方案的设置中没有 preset，不知道报送节奏；请在设置表中写明预设（fairplan presets list）",
            "the scenario's settings name no preset, so its reporting rhythm is unknown; "
            "name one on the settings sheet (fairplan presets list)",
        ),
        "reports.none_left": (
            "截至 {date}，预设的报送节奏已没有待报送的报告。",
            "As of {date} the preset's reporting rhythm has no report left to send.",
        ),
        "reports.next_due": (
            "{name}（{who}报{to}，{rhythm}，依据{source}）：下次 {due} 截止，涵盖 {lo} 至 {hi}",
            "{name} ({who} to {to}, {rhythm}, under {source}): next due {due}, covering {lo} "
            "to {hi}",
        ),
        "reports.next_line": (
            "  {city}：已举办 {held} 场（{kinds}），取消 {cancelled} 场；未达标周期 {missed}，有风险 {at_risk}；{light}",
            "  {city}: {held} held ({kinds}), {cancelled} cancelled; {missed} periods missed, "
            "{at_risk} at risk; {light}",
        ),
        "reports.no_fairs": ("无", "none"),
        "reports.col_report": ("报告", "Report"),
        "reports.col_due": ("截止", "Due"),
        "reports.col_covers": ("涵盖", "Covers"),
        "reports.who_city": ("各市", "each city"),
        "reports.who_county": ("各县", "each county"),
        "reports.who_province": ("省", "the province"),
    },
)

register(
    "reportbook",
    {
        "report.cadence.weekly": ("周报", "weekly report"),
        "report.cadence.monthly": ("月报", "monthly report"),
        "report.cadence.quarterly": ("季报", "quarterly report"),
        "report.title": (
            "{scenario} 招聘会{name}：本期 {start} 至 {end}，累计自 {since}，截至 {as_of}",
            "{scenario}, fairs, {name}: this period {start} to {end}, in all since {since}, "
            "as of {as_of}",
        ),
        "report.total": ("合计", "total"),
        "report.col.province": ("省份", "province"),
        "report.col.city_id": ("城市编号", "city id"),
        "report.col.city_name": ("城市", "city"),
        "report.col.held": ("本期举办场次", "held this period"),
        "report.col.of_which": ("其中{kind}", "of which {kind}"),
        "report.col.cancelled": ("本期取消", "cancelled this period"),
        "report.col.held_total": ("累计举办场次", "held in all"),
        "report.col.employers": ("本期参会企业", "employers this period"),
        "report.col.positions": ("本期岗位数", "positions this period"),
        "report.col.attendees": ("本期参会人数", "attendees this period"),
        "report.col.employers_total": ("累计参会企业", "employers in all"),
        "report.col.positions_total": ("累计岗位数", "positions in all"),
        "report.col.attendees_total": ("累计参会人数", "attendees in all"),
        "report.col.missed": ("本期未达标周期", "periods missed this period"),
        "report.col.at_risk": ("本期有风险周期", "periods at risk this period"),
        "report.col.missed_total": ("累计未达标周期", "periods missed in all"),
        "report.col.light": ("评价", "light"),
        "report.sheet.notes": ("说明", "Notes"),
        "report.note.period": (
            "本期：包含截至日期的自然周（周一至周日）、月或季度，统计到截至日期为止。",
            "This period: the calendar week (Monday to Sunday), month or quarter holding the "
            "as-of date, counted up to that date.",
        ),
        "report.note.total": (
            "累计：自方案开始日期起至截至日期。场次与企业、岗位、人数只计“已举办”的记录；"
            "城市含其下辖区县。",
            "In all: from the scenario's start to the as-of date. Fairs, employers, positions "
            "and attendees count held records only; a city includes its counties.",
        ),
        "report.note.light": (
            "评价：本期内各规则周期截至当日的最差状态——红灯未达标，黄灯有风险（周期未结束且"
            "尚未达标），绿灯达标，灰色尚无到期要求（{citation}）。",
            "Light: the worst state of the period's rule periods by the as-of date — red "
            "missed, yellow at risk (not ended and not yet met), green met, grey nothing due "
            "yet ({citation}).",
        ),
        "report.note.missed": (
            "未达标周期的判定与 fairplan check 相同：周期结束于截至日期之前且举办场次少于要求。",
            "A period is missed as fairplan check says: it ended before the as-of date with "
            "fewer fairs held than required.",
        ),
        "report.summary": (
            "{name} {start} 至 {as_of}：{cities} 个城市，本期举办 {held} 场，红灯 {red} 个{which}。",
            "{name} {start} to {as_of}: {cities} cities, {held} fairs held this period, "
            "{red} red{which}.",
        ),
        "report.red_which": ("（{names}）", " ({names})"),
        "report.list_sep": ("、", ", "),
    },
)
