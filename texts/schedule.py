"""Words of reading a schedule back (`scheduler.schedule.read_schedule`, `--previous`)."""

from texts import register

register(
    "schedule",
    {
        "schedule.expect_status": (
            "计划或已取消（planned/cancelled）",
            "planned or cancelled",
        ),
        "schedule.expect_rule_ids": ("用 ; 分隔的规则编号", "rule ids separated by ';'"),
        "schedule.expect_modified": (
            "日期时间，如 2024-07-02T16:00:00Z",
            "a date and time such as 2024-07-02T16:00:00Z",
        ),
        "schedule.region_gone": (
            "方案中已没有地区 '{value}'：这场招聘会既不能保留，也无法在该地区的订阅中显示为取消。请把该地区加回方案（其招聘会将作为已取消通知订阅者），或删除这一行",
            "the scenario no longer has region '{value}': this fair can be neither kept nor shown "
            "as cancelled in its region's feed. Add the region back to the scenario (its fairs "
            "are then cancelled for its subscribers), or delete this row",
        ),
        "schedule.bad_modified": (
            "'{value}' 不是日期时间；应如 2024-07-02T16:00:00Z（或留空）",
            "'{value}' is not a date and time; expected e.g. 2024-07-02T16:00:00Z (or blank)",
        ),
    },
)

register(
    "schedule_book",
    {
        "schedule.sheet.overview": ("总览", "Overview"),
        "schedule.title": (
            "{scenario} 招聘会计划（{start} 至 {end}）：求解状态 {status}，规则全部满足：{met}",
            "{scenario}: the fairs planned ({start} to {end}); solver status {status}, every "
            "rule met: {met}",
        ),
        "schedule.col.total": ("合计", "total"),
        "schedule.col.cancelled": ("已取消", "cancelled"),
        "schedule.yes": ("是", "yes"),
        "schedule.no": ("否", "no"),
    },
)
