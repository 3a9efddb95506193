"""What the command line itself says: usage errors, interruptions, the solver's status,
the checks of its options, and what the commands print as they go."""

from texts import register, tr

register(
    "console",
    {
        "cli_usage_error": ("{prog}：错误：{message}", "{prog}: error: {message}"),
        "cli_interrupted": ("fairplan：已中断", "fairplan: interrupted"),
        "solver_status.optimal": ("最优", "optimal"),
        "solver_status.feasible": ("可行（未证明最优）", "feasible (not proven optimal)"),
        "solver_status.infeasible": ("无可行解", "infeasible"),
        "solver_status.unknown": ("未知（时限内未找到解）", "unknown (no solution in time)"),
        "plan_bad_time_limit": ("应为正数（秒）", "must be a positive number of seconds"),
        "plan_bad_workers": ("至少为 1", "must be at least 1"),
        "plan_stopped": (
            "fairplan：已停止搜索，保存目前最好的计划",
            "fairplan: search stopped: keeping the best plan so far",
        ),
        "plan_check_failed": (
            "fairplan：计划未通过独立校验，未写出任何文件：",
            "fairplan: the plan failed the independent check; nothing written:",
        ),
        "plan_none_found": (
            "fairplan：未找到计划（求解状态：{status}）",
            "fairplan: no plan found (solver status: {status})",
        ),
        "bad_port": ("应为 1 到 65535 之间的端口号", "must be a port between 1 and 65535"),
        "bench_unknown_case": (
            "没有用例 {case!r}；可用：{cases}",
            "unknown case {case!r}; valid: {cases}",
        ),
        "bench_bad_time_limit": (
            "应大于 0，而不是 {value}",
            "must be > 0, got {value}",
        ),
        "bench_case_failed": (
            "fairplan bench：用例 {case} 失败：{error}",
            "fairplan bench: case {case} failed: {error}",
        ),
        "not_an_int": ("{value!r} 不是整数", "{value!r} is not a whole number"),
        "not_a_number": ("{value!r} 不是数", "{value!r} is not a number"),
        "not_a_date": (
            "{value!r} 不是日期（应为 YYYY-MM-DD）",
            "{value!r} is not a date (YYYY-MM-DD)",
        ),
        "app_address": ("fairplan：应用地址 {url}", "fairplan: the app at {url}"),
        "import_read": ("已读取并检查 {done} 行", "{done} rows read and checked"),
        "import_written": ("已写入 {done}/{total} 行", "{done}/{total} rows written"),
        "importing": ("正在导入：{text}", "importing: {text}"),
        "records_exported": (
            "已把 {n} 条记录写入 {path}",
            "wrote {n} records to {path}",
        ),
        "audit_exported": (
            "已把 {n} 条变更写入 {path}",
            "wrote {n} audit events to {path}",
        ),
    },
)


def solver_status(name: str) -> str:
    """The solver's status (`optimal`, `feasible`, …) in words; an unknown one as it is."""
    try:
        return tr(f"solver_status.{name}")
    except KeyError:
        return name
