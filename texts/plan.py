"""Words of planning: the progress line and the summary of `fairplan plan` and `demo`."""

from texts import register

register(
    "plan",
    {
        "plan_progress": (
            "求解 {elapsed:6.1f} 秒  目标 {objective:,.0f}  下界 {bound:,.0f}  差距 {gap}",
            "solving {elapsed:6.1f}s  objective {objective:,.0f}  bound {bound:,.0f}  gap {gap}",
        ),
        "plan_progress_part": ("  部分 {part}/{parts}", "  part {part}/{parts}"),
        "plan_progress_missing": ("  仍缺 {missing} 场", "  {missing} fairs missing"),
        "plan_building": (
            "求解 {elapsed:6.1f} 秒  建模中…",
            "solving {elapsed:6.1f}s  building the model…",
        ),
        "plan_written": ("计划：{out}", "plan: {out}"),
        "plan_summary": (
            "  状态 {status}  活动 {events} 场（规则所需最少 {fewest}）  用时 {seconds:.1f} 秒",
            "  status {status}  fairs {events} (the rules need at least {fewest})  "
            "time {seconds:.1f}s",
        ),
        "plan_quality": (
            "  质量目标 {objective:,.0f}  下界 {bound:,.0f}  差距 {gap}"
            "（不含每个方案都须承担的 {constant:,.0f}）",
            "  quality objective {objective:,.0f}  bound {bound:,.0f}  gap {gap} "
            "(leaving out {constant:,.0f} that every plan pays)",
        ),
        "plan_quality_no_constant": (
            "  质量目标 {objective:,.0f}  下界 {bound:,.0f}  差距 {gap}",
            "  quality objective {objective:,.0f}  bound {bound:,.0f}  gap {gap}",
        ),
        "opt.engine": (
            "质量层的求解器（docs/planner.md）：auto = 方案由 CP-SAT 逐市求得，下界由 HiGHS 证明；"
            "highs/scip = 仅分支定界；cpsat = 全程 CP-SAT（默认 auto）",
            "solver of the quality level (docs/planner.md): auto = the plan by CP-SAT city by "
            "city, the bound by HiGHS; highs/scip = branch and cut alone; cpsat = CP-SAT "
            "throughout (default auto)",
        ),
        "opt.bench.quick": (
            "只跑两个规划用例（完整时限与短时限），不含 cpsat 行",
            "only plan and plan-short, without the cpsat rows",
        ),
        "plan_solvers": (
            "  方案来自 {plan}  下界由 {bound} 证明",
            "  plan from {plan}  bound proven by {bound}",
        ),
        "solver_cpsat": ("CP-SAT", "CP-SAT"),
        "solver_highs": ("HiGHS", "HiGHS"),
        "solver_scip": ("SCIP", "SCIP"),
        "solver_greedy": ("贪心初始方案", "the greedy start"),
        "solver_none": ("（无）", "(none)"),
        "plan_terms": ("  各项代价：{terms}", "  what each term cost: {terms}"),
        "plan_changes": (
            "  变更：保留 {kept}  调整 {moved}  新增 {added}  取消 {cancelled}",
            "  changes: kept {kept}  moved {moved}  added {added}  cancelled {cancelled}",
        ),
        "plan_all_met": ("  全部规则已满足", "  every rule is met"),
        "plan_shortfalls": (
            "  未满足 {n} 项，共缺 {missing} 场：",
            "  {n} shortfalls, {missing} fairs missing:",
        ),
        "plan_more": ("   … 其余 {n} 项详见 report.json", "   … {n} more in report.json"),
        "term_change_date": ("改期或取消", "moved to another date or cancelled"),
        "term_change_venue": ("同日换场地", "another venue, same date"),
        "term_change_pool": ("换工作人员组", "another staff pool"),
        "term_day": ("非首选日", "off preferred days"),
        "term_spread": ("间隔过近", "too close together"),
        "term_balance": ("人员负荷不均", "uneven staff load"),
        "term_pool_home": ("借用外组人员", "borrowed staff"),
        "term_venue": ("场地偏大", "larger venues"),
    },
)
