"""Words of `publish`: stored scenarios and plans, diffs, publishing, hand edits, outputs."""

from texts import register

register(
    "publish",
    {
        "out_not_folder": (
            "这里需要一个文件夹，但它是一个文件：请换一个输出位置（--out）",
            "this must be a folder but is a file: choose another output place (--out)",
        ),
        "no_scenario": ("数据库中没有方案版本 {id}", "no stored scenario version {id}"),
        "no_plan": ("数据库中没有计划 {id}", "no stored plan {id}"),
        "where_plan": ("计划 {id}", "plan {id}"),
        "where_plans": ("计划", "plan"),
        "plan_not_yours": (
            "计划 {id} 不是已发布的计划：地区人社局只能查看已发布的计划",
            "plan {id} is not the published plan: a bureau reads the published plan only",
        ),
        "plan_checker_failed": (
            "这个计划没有通过独立校验，不能发布",
            "this plan did not pass the independent check and cannot be published",
        ),
        "plan_published_frozen": (
            "计划 {id} 已发布过，不能再修改：请先用它创建草稿（fairplan plans copy {id}）",
            "plan {id} has been published and is never changed: make a draft of it first "
            "(fairplan plans copy {id})",
        ),
        "why_by_hand": ("规划员手工调整", "moved by hand by a planner"),
        "why_outside_horizon": ("{date} 已不在规划期内", "{date} is no longer inside the horizon"),
        "why_venue_gone": (
            "场地 {venue} 已不在方案中",
            "venue {venue} is no longer in the scenario",
        ),
        "why_venue_closed": ("{venue} 在 {date} 不可用", "{venue} is closed on {date}"),
        "why_staff_away": ("{pool} 在 {date} 无人可派", "{pool} has no one at work on {date}"),
        "why_day_not_allowed": (
            "{date} 不能举办这类招聘会（节假日、停办日或不允许的星期几）",
            "{date} allows no fair of this kind (a holiday, a blackout or a weekday not allowed)",
        ),
        "why_no_longer_fits": (
            "原来的安排在 {date} 已不可行",
            "the old arrangement on {date} no longer works",
        ),
        "why_replanned": (
            "重新规划时为满足规则和资源限制而调整",
            "moved by the re-plan to meet the rules within staff and venue limits",
        ),
        "why_not_needed": ("规则已不再需要这场招聘会", "the rules no longer need this fair"),
        "edit_no_fair": ("计划中没有招聘会 {event}", "the plan has no fair {event}"),
        "edit_cancelled_fair": (
            "招聘会 {event} 已取消，不能调整",
            "fair {event} is cancelled and cannot be moved",
        ),
        "edit_no_venue": ("方案中没有场地 {venue}", "the scenario has no venue {venue}"),
        "edit_breaks_rules": (
            "这次调整违反了 {n} 条硬性规则，没有保存：",
            "this edit breaks {n} hard rule(s) and was not saved:",
        ),
        "help_publish": ("规划后立即发布（需要规划员）", "publish the plan at once (planners)"),
        "help_note": ("随计划保存的说明", "a note kept with the plan"),
        "replanning_against": (
            "以已发布的计划 #{id} 为基础重新规划（保留的招聘会编号不变）",
            "re-planning against the published plan #{id} (kept fairs keep their event_id)",
        ),
        "lock_released": (
            "锁定的招聘会 {event} 无法保持原样（{why}），将重新安排",
            "locked fair {event} cannot stay as it is ({why}): it is re-planned",
        ),
        "plan_stored": ("已保存为计划 #{id}（{state}）", "stored as plan #{id} ({state})"),
        "state_draft": ("草稿", "draft"),
        "state_published": ("已发布", "published"),
        "state_superseded": ("曾发布", "published before"),
        "no_plans_yet": (
            "还没有保存的计划：fairplan plan 方案 --user 账户",
            "no stored plans yet: fairplan plan SCENARIO --user NAME",
        ),
        "stored_plan_summary": (
            "计划 #{id}（{state}）：方案 {scenario} 第 {version} 版，{events} 场招聘会，"
            "求解状态 {status}，规则全部满足：{rules}，独立校验：{checker}",
            "plan #{id} ({state}): scenario {scenario} version {version}, {events} fairs, "
            "status {status}, every rule met: {rules}, independent check: {checker}",
        ),
        "stored_plan_made": (
            "由 {who} 于 {at} 保存；基于计划 {based}；手工调整 {edits} 次",
            "stored by {who} at {at}; based on plan {based}; {edits} hand edit(s)",
        ),
        "yes": ("是", "yes"),
        "no": ("否", "no"),
        "checker_passed": ("通过", "passed"),
        "checker_failed": ("未通过", "failed"),
        "diff_counts": (
            "计划 #{a} → #{b}：保留 {kept}，调整 {moved}，新增 {added}，取消 {cancelled}",
            "plan #{a} → #{b}: {kept} kept, {moved} moved, {added} added, {cancelled} cancelled",
        ),
        "diff_region": (
            "  {region}：保留 {kept}，调整 {moved}，新增 {added}，取消 {cancelled}",
            "  {region}: {kept} kept, {moved} moved, {added} added, {cancelled} cancelled",
        ),
        "change_kept": ("保留", "kept"),
        "change_moved": ("调整", "moved"),
        "change_added": ("新增", "added"),
        "change_cancelled": ("取消", "cancelled"),
        "plan_published": (
            "已发布计划 #{id}（之前为 #{was}）",
            "plan #{id} published (was #{was})",
        ),
        "plan_copied": (
            "已由计划 #{source} 创建草稿 #{id}",
            "draft #{id} made from plan #{source}",
        ),
        "edit_moved": (
            "{event}：{date0} {venue0} → {date1} {venue1}（版本 {seq}，已锁定）",
            "{event}: {date0} {venue0} → {date1} {venue1} (sequence {seq}, locked)",
        ),
        "edit_verdict": (
            "独立校验：{verdict}；未满足的要求 {short} 项",
            "independent check: {verdict}; {short} requirement(s) short",
        ),
        "edit_objective": (
            "目标值 {before:,.0f} → {after:,.0f}（变化 {delta:+,.0f}）",
            "objective {before:,.0f} → {after:,.0f} (change {delta:+,.0f})",
        ),
        "edit_saved": ("已保存到草稿", "saved in the draft"),
        "edit_not_saved": ("仅预览，未保存", "preview only: nothing saved"),
        "history_line": (
            "发布计划 #{id}（替换 #{was}），发布人 {who}",
            "plan #{id} published (replacing #{was}) by {who}",
        ),
    },
)
