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
        "setting_bad": ("{value!r} 不可用：应为{expect}", "{value!r} cannot be used: {expect}"),
        "setting_bad_key": (
            "{key} = {value!r} 不可用：应为{expect}",
            "{key} = {value!r} cannot be used: {expect}",
        ),
        "setting_unknown": (
            "未知设置 {key!r}（可用：{keys}）",
            "unknown setting {key!r} (known: {keys})",
        ),
        "setting_no_file": ("无法读取配置文件：{error}", "cannot read the config file: {error}"),
        "setting_bad_file": (
            "配置文件不是有效的 TOML：{error}",
            "the config file is not valid TOML: {error}",
        ),
        "setting_expect_db": ("数据库路径或 URL", "a database path or URL"),
        "setting_expect_host": (
            "一个地址，如 0.0.0.0 或 127.0.0.1",
            "an address such as 0.0.0.0 or 127.0.0.1",
        ),
        "setting_expect_port": ("1 到 65535 之间的端口号", "a port number between 1 and 65535"),
        "setting_expect_feeds_port": (
            "1 到 65535 之间的端口号",
            "a port number between 1 and 65535",
        ),
        "setting_expect_public_url": (
            "以 http:// 或 https:// 开头的地址，如 https://fairplan.example.gov.cn",
            "an http:// or https:// address such as https://fairplan.example.gov.cn",
        ),
        "setting_expect_tokens": ("令牌文件的路径", "the path of a tokens file"),
        "setting_expect_private_only": ("yes 或 no", "yes or no"),
        "setting_expect_auth": ("open 或 required", "open or required"),
        "setting_expect_scenario": (
            "方案文件或文件夹的路径",
            "the path of a scenario file or folder",
        ),
        "setting_expect_domain": (
            "一个域名，如 fairplan.example.gov.cn",
            "a domain such as fairplan.example.gov.cn",
        ),
        "serving_feeds": ("正在提供 {what}：{url}/", "serving {what} at {url}/"),
        "listening": ("监听 {host}:{port}", "listening on {host}:{port}"),
        "loopback_warning": (
            "注意：订阅地址 {url} 只有本机能访问。其他电脑上的地区人社局要订阅，请用 --public-url "
            "（或 FAIRPLAN_PUBLIC_URL）给出它们能访问的地址",
            "note: the feed address {url} reaches this computer only. For bureaus on other "
            "computers to subscribe, give an address they reach with --public-url "
            "(or FAIRPLAN_PUBLIC_URL)",
        ),
        "help_public_url": (
            "订阅链接和二维码使用的公开地址，如 https://fairplan.example.gov.cn（默认：本机地址）",
            "the public base URL links and QR codes show, e.g. https://fairplan.example.gov.cn "
            "(default: this machine's address)",
        ),
        "help_config": (
            "TOML 配置文件（默认 $FAIRPLAN_CONFIG）",
            "a TOML config file (default $FAIRPLAN_CONFIG)",
        ),
        "help_host": (
            "监听地址（默认 0.0.0.0：所有网卡）",
            "address to listen on (default 0.0.0.0: every interface)",
        ),
        "reconcile_other_scenario": (
            "已发布的计划 #{id} 属于方案 {name!r}，与本方案不同：未写出 reconcile.csv",
            "the published plan #{id} is of scenario {name!r}, not this one: no reconcile.csv",
        ),
        "reconcile_counts": (
            "对照已发布的计划 #{id}：已举办 {held}，已取消 {cancelled}，未上报 {not_reported}，"
            "未到期 {upcoming}，计划外举办 {unplanned}。",
            "against the published plan #{id}: {held} held, {cancelled} cancelled, "
            "{not_reported} not reported, {upcoming} to come, {unplanned} held but not planned.",
        ),
        "help_app_port": ("应用的端口（默认 8501）", "the app's port (default 8501)"),
        "help_feeds_port": ("日历订阅的端口（默认 8000）", "the feeds' port (default 8000)"),
        "help_tokens": ("私有订阅令牌文件", "the tokens file of private feeds"),
        "help_private": ("只提供私有（令牌）订阅", "serve only the private (token) feeds"),
        "help_default_scenario": ("应用的默认方案", "the app's default scenario"),
        "tokens_missing": ("找不到令牌文件", "tokens file not found"),
        "private_needs_tokens": ("需要 --tokens 文件", "needs --tokens FILE"),
        "serve_app": ("应用：{url}（数据库 {db}）", "the app: {url} (store {db})"),
        "published_plan": ("已发布计划的日历", "the published plan's feeds"),
        "app_died": (
            "应用进程意外结束（退出码 {code}），服务已停止",
            "the app ended unexpectedly (exit code {code}): the service stopped",
        ),
    },
)
