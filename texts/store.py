"""Words of the store of record (`db`, `monitor.store`, `monitor.authorized`)."""

from texts import register

register(
    "store",
    {
        "db_busy": (
            "数据库正忙：另一个 fairplan 进程写入超过 {seconds} 秒，请稍后重试",
            "the database is busy: another fairplan process kept writing for over {seconds} s; "
            "try again shortly",
        ),
        "server_store": ("服务器的数据库", "the server's store"),
        "db_bad_timeout": (
            "FAIRPLAN_DB_TIMEOUT 应为 0 到 3600 之间的秒数，而不是 {value!r}",
            "FAIRPLAN_DB_TIMEOUT must be a number of seconds between 0 and 3600, not {value!r}",
        ),
        "import_summary": (
            "{file}：{rows} 条记录 — 新增 {inserted}，更新 {replaced}，未变 {unchanged}",
            "{file}: {rows} records — {inserted} new, {replaced} updated, {unchanged} unchanged",
        ),
        "event_twice": (
            "活动 {event} 出现了两次（记录 {a} 和 {b}）：每场招聘会只能有一条记录",
            "fair {event} is named twice (records {a} and {b}): a fair has one record",
        ),
        "event_taken": (
            "记录 {record} 指向活动 {event}，但该活动已有另一条记录：请使用那条记录的编号，或留空记录编号",
            "record {record} names fair {event}, which another record already reports: "
            "use that record's record_id, or leave record_id blank",
        ),
        "no_stored_record": ("没有记录 {record}", "no stored record {record!r}"),
        "no_stored_record_here": (
            "你的辖区内没有记录 {record}",
            "no stored record {record!r} in your regions",
        ),
        "outside_scope": (
            "地区 {region} 不在你的辖区（{mine} 及其下级）内",
            "region {region} is outside your region {mine} and its subdivisions",
        ),
        "record_id_taken": (
            "记录编号 {record} 已被其他地区的记录使用，不能修改：请换一个记录编号",
            "record_id {record} is used by a record outside your regions: choose another record_id",
        ),
        "whole_file_refused": (
            "整个文件被拒绝，没有保存任何记录（{n} / {total} 行不在 {mine} 辖区内）",
            "the whole file was refused: nothing was stored ({n} of {total} rows outside {mine})",
        ),
        "records_deleted": ("已删除 {n} 条记录", "{n} records deleted"),
        "no_such_records_file": ("没有这个记录文件", "no such records file"),
        "mark_bad_status": (
            "状态应为 已举办 或 已取消，而不是 {status!r}",
            "status must be held or cancelled, not {status!r}",
        ),
        "mark_bad_count": (
            "应为 0 或更大的整数，而不是 {value!r}",
            "must be a whole number ≥ 0, not {value!r}",
        ),
    },
)
