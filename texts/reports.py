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
        "reports.light_red": ("红灯", "red"),
        "reports.light_yellow": ("黄灯", "yellow"),
        "reports.light_green": ("绿灯", "green"),
        "reports.light_grey": ("灰色", "grey"),
    },
)
