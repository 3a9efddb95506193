"""Words of records files (`monitor.records`): what only records can get wrong."""

from texts import register

register(
    "records",
    {
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
