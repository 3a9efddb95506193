"""Words of records files (`monitor.records`): what only records can get wrong."""

from texts import register

register(
    "records",
    {
        "records.sheet": ("上报记录", "records"),
        "records.unknown_region": (
            "'{value}' 不是方案中的地区",
            "'{value}' is not a region of the scenario",
        ),
        "records.derived_clash": (
            "记录编号 '{value}' 与另一行（未填记录编号）自动生成的编号相同；请换一个编号",
            "the record_id '{value}' is also the id derived for a row without one; use another",
        ),
        "records.expect_status": (
            "已举办或已取消（held/cancelled）",
            "held or cancelled",
        ),
        "records.unknown_record_region": (
            "记录 {record}：'{value}' 不是方案中的地区",
            "record {record}: '{value}' is not a region of the scenario",
        ),
    },
)

register(
    "audit",
    {
        "audit.sheet": ("变更记录", "audit"),
        "audit.title": ("上报记录的变更（{selected}）", "Changes to the records ({selected})"),
        "audit.all": ("全部", "all"),
        "audit.only_record": ("记录 {value}", "record {value}"),
        "audit.only_actor": ("操作人 {value}", "by {value}"),
        "audit.col.at": ("时间（北京时间）", "time (China)"),
        "audit.col.actor": ("操作人", "by"),
        "audit.col.action": ("操作", "change"),
        "audit.col.record_id": ("记录编号", "record id"),
        "audit.col.region_id": ("地区编号", "region id"),
        "audit.col.date": ("日期", "date"),
        "audit.col.status": ("状态", "status"),
        "audit.col.source_file": ("来源文件", "source file"),
        "audit.action.inserted": ("新增", "inserted"),
        "audit.action.edited": ("修改", "edited"),
        "audit.action.deleted": ("删除", "deleted"),
    },
)
