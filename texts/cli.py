"""Words of the command line (`ui/commands/`): help texts and what the commands print."""

from texts import register

register(
    "cli",
    {
        "help_db": (
            "数据库：SQLite 文件路径或数据库 URL（默认 $FAIRPLAN_DB 或用户数据目录）",
            "the store: a SQLite path or database URL (default: $FAIRPLAN_DB or the user "
            "data directory)",
        ),
        "help_user": (
            "以此账户登录（数据库启用账户后必需；--as 同义）",
            "sign in as this account (needed once the store has accounts; --as is the same)",
        ),
        "help_password_stdin": (
            "从标准输入读取密码（每行一个）而不是询问",
            "read passwords from stdin, one per line, instead of asking",
        ),
        "wrote": ("已写出 {path}", "wrote {path}"),
        "check_no_records": (
            "注意：没有读到任何记录（{source}）——下面的“未达标”只说明没有上报",
            'note: no records were read ({source}) — every "missed" below only means '
            "nothing was reported",
        ),
        "check_after_horizon": (
            "判定日期 {as_of} 在方案结束日 {end} 之后：可用 --as-of 指定日期",
            "the as-of date {as_of} is after the scenario's end {end}: choose one with --as-of",
        ),
        "check_more_lines": (
            "……另有 {n} 行，见 compliance.csv",
            "… {n} more lines: see compliance.csv",
        ),
        "check_counts": (
            "共 {total} 个周期：达标 {met}，未达标 {missed}，有风险 {at_risk}，未到期 {upcoming}。",
            "{total} periods: {met} met, {missed} missed, {at_risk} at risk, {upcoming} upcoming.",
        ),
    },
)
