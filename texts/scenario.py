"""Words of loading (`scheduler.scenario`): every problem a scenario, records file or previous
schedule can have, and what a valid cell holds ("expected …"). Keys are `scenario.<check>`;
the checks that name them live in `scheduler/scenario/`."""

from texts import register

register(
    "scenario",
    {
        # -- files and cells (scheduler.scenario.cells)
        "scenario.not_found": ("没有这个文件或文件夹", "no such file or folder"),
        "scenario.not_scenario": (
            "应为 .xlsx 工作簿或 CSV 文件所在的文件夹",
            "expected an .xlsx workbook or a folder of CSV files",
        ),
        "scenario.not_table": ("应为 .csv 或 .xlsx 文件", "expected a .csv or .xlsx file"),
        "scenario.no_sheet": ("工作簿里没有工作表", "the workbook has no sheet"),
        "scenario.file_too_big": (
            "文件有 {size} 字节，超过上限 {limit} 字节（可用环境变量 {var} 调整）",
            "the file has {size} bytes, more than the limit of {limit} ({var} raises it)",
        ),
        "scenario.cannot_decode": (
            "无法识别文件编码：第 {byte} 字节（第 {line} 行）既不是 UTF-8 也不是 GB18030；请另存为 UTF-8 或 GB18030 编码的 CSV",
            "cannot decode the file: byte {byte} (line {line}) is neither UTF-8 nor GB18030; "
            "save it as a UTF-8 or GB18030 CSV",
        ),
        "scenario.csv_broken": (
            "CSV 文件第 {line} 行无法读取（{detail}）；请用表格软件打开后重新另存为 CSV",
            "line {line} of the CSV file cannot be read ({detail}); open it in a spreadsheet "
            "and save it as CSV again",
        ),
        "scenario.cell_too_long": (
            "这个单元格有 {length} 个字符，超过上限 {limit}（可用环境变量 {var} 调整）",
            "this cell holds {length} characters, more than the limit of {limit} ({var} raises it)",
        ),
        "scenario.control_char": (
            "这个单元格含有控制字符 {char}（表格无法显示）：'{value}'；请删除它",
            "this cell holds the control character {char}, which a spreadsheet cannot show: "
            "'{value}'; delete it",
        ),
        "scenario.too_many_rows": (
            "这个表超过 {limit} 行，未读取（可用环境变量 {var} 调整上限）",
            "this sheet has more than {limit} rows and was not read ({var} raises the limit)",
        ),
        "scenario.too_many_columns": (
            "单元格 {cell} 超出了第 {limit} 列（可用环境变量 {var} 调整上限）；请删除它或移到左边",
            "cell {cell} lies beyond column {limit} ({var} raises the limit); delete it or move it left",
        ),
        "scenario.xlsx_not_zip": (
            "这不是有效的 .xlsx 工作簿（不是 zip 文件）；请用 Excel 或 WPS 另存为 .xlsx",
            "this is not a valid .xlsx workbook (not a zip file); save it as .xlsx in Excel or WPS",
        ),
        "scenario.xlsx_too_big": (
            "工作簿解压后有 {size} 字节，超过上限 {limit}（可用环境变量 {var} 调整）",
            "the workbook unpacks to {size} bytes, more than the limit of {limit} ({var} raises it)",
        ),
        "scenario.xlsx_ratio": (
            "工作簿的 {part} 解压后是压缩大小的 {ratio} 倍，超过上限 {limit} 倍，疑似压缩炸弹，未读取（可用环境变量 {var} 调整）",
            "the workbook's part {part} unpacks to {ratio} times its stored size, more than {limit}: "
            "a zip bomb's tell, so it was not read ({var} raises the limit)",
        ),
        "scenario.xlsx_unreadable": (
            "无法打开工作簿：{detail}；请用 Excel 或 WPS 打开后重新保存",
            "cannot open the workbook: {detail}; open it in Excel or WPS and save it again",
        ),
        "scenario.sheet_unreadable": (
            "这个工作表已损坏，无法读取（{detail}）；请用 Excel 或 WPS 打开后重新保存",
            "this sheet is damaged and cannot be read ({detail}); open the workbook in Excel or "
            "WPS and save it again",
        ),
        "scenario.formula_no_value": (
            "单元格 {cell} 是公式 {formula}，但没有保存计算结果；请在 Excel 中打开并保存，或直接填入数值",
            "cell {cell} holds the formula {formula} but no saved value; open and save it in "
            "Excel, or type the value",
        ),
        "scenario.error_value": (
            "单元格 {cell} 显示错误值 {value}；请修正公式或直接填入数值",
            "cell {cell} shows the error {value}; correct its formula or type the value",
        ),
        "scenario.merged_too_large": (
            "这个工作表的 {count} 个合并单元格覆盖的范围过大；请取消合并",
            "the {count} merged ranges of this sheet cover too many cells; unmerge them",
        ),
        "scenario.more_of_kind": (
            "…… 以及另外 {count} 个同类问题",
            "… and {count} more of this kind",
        ),
        "scenario.more_of_kind_rows": (
            "…… 以及另外 {count} 个同类问题（第 {first}–{last} 行）",
            "… and {count} more of this kind (rows {first}–{last})",
        ),
        "scenario.bad_limit": (
            "'{value}' 不是有效的上限；应为不小于 {minimum} 的整数",
            "'{value}' is not a valid limit; expected a whole number of at least {minimum}",
        ),
        # -- sheets and columns (scheduler.scenario.sheets)
        "scenario.missing_sheet": (
            "方案中没有“{sheet}”表（中文名：{zh}）；请添加该表，并带表头行",
            "the scenario has no '{sheet}' sheet (Chinese name: {zh}); add it, with a header row",
        ),
        "scenario.duplicate_sheet": (
            "“{sheet}”表出现了两次（{names}）；请只保留一个",
            "the '{sheet}' sheet is given twice ({names}); keep one",
        ),
        "scenario.missing_column": (
            "表头中没有“{name}”列（中文名：{zh}）；请添加",
            "the header has no '{name}' column (Chinese name: {zh}); add it",
        ),
        "scenario.duplicate_column": (
            "表头中“{name}”列出现了两次；请只保留一个",
            "the column '{name}' appears twice in the header; keep one",
        ),
        "scenario.blank": (
            "这个单元格是空的；应为{expect}",
            "this cell is empty; expected {expect}",
        ),
        "scenario.bad_value": (
            "'{value}' 在这里无效；应为{expect}",
            "'{value}' is not valid here; expected {expect}",
        ),
        "scenario.bad_value_invisible": (
            "'{value}' 在这里无效：其中有看不见的字符 {char}（常见于从网页或 Word 复制）；请删除它。应为{expect}",
            "'{value}' is not valid here: it holds the invisible character {char} (often copied "
            "from a web page or Word); delete it. Expected {expect}",
        ),
        "scenario.bad_int": (
            "'{value}' 不是整数；应为{expect}",
            "'{value}' is not a whole number; expected {expect}",
        ),
        "scenario.negative": (
            "{value} 小于零；应为{expect}",
            "{value} is below zero; expected {expect}",
        ),
        "scenario.too_large": (
            "{value} 太大；最大为 {maximum}",
            "{value} is too large; at most {maximum}",
        ),
        "scenario.bad_date": (
            "'{value}' 不是日期；应写作 YYYY-MM-DD，例如 2024-07-03",
            "'{value}' is not a date; expected YYYY-MM-DD, e.g. 2024-07-03",
        ),
        "scenario.year_out_of_range": (
            "{value} 的年份超出范围；日期应在 {lo} 年至 {hi} 年之间",
            "the year of {value} is out of range; dates lie in the years {lo} to {hi}",
        ),
        "scenario.bad_range": (
            "日期范围 '{value}' 的结束早于开始；请写作 开始..结束，且开始不晚于结束",
            "the range '{value}' ends before it starts; write START..END with START on or before END",
        ),
        "scenario.bad_time": (
            "'{value}' 不是时间；应写作 HH:MM，例如 09:00",
            "'{value}' is not a time of day; expected HH:MM, e.g. 09:00",
        ),
        # -- identifiers (scheduler.scenario.ids, CONTRACT §6)
        "scenario.id_empty": ("编号是空的", "the id is empty"),
        "scenario.id_dots": (
            "'{value}' 不能作编号（'.' 和 '..' 表示文件夹）",
            "'{value}' cannot be an id ('.' and '..' name folders)",
        ),
        "scenario.id_invisible": (
            "编号 '{value}' 的第 {pos} 个字符是看不见的字符 {char}（常见于从网页或 Word 复制）；请删除它",
            "the id '{value}' holds the invisible character {char} at position {pos} (often "
            "copied from a web page or Word); delete it",
        ),
        "scenario.id_space": (
            "编号 '{value}' 的第 {pos} 个字符是空格；编号中不能有空格（可用 _ 或 -）",
            "the id '{value}' holds a space at position {pos}; ids have no spaces (use _ or -)",
        ),
        "scenario.id_fullwidth": (
            "编号 '{value}' 的第 {pos} 个字符 '{char}' 是全角字符；请用半角输入：'{half}'",
            "the id '{value}' holds the full-width character '{char}' at position {pos}; type it "
            "half-width: '{half}'",
        ),
        "scenario.id_char": (
            "编号 '{value}' 的第 {pos} 个字符 '{char}' 不能用于编号；编号由 1–64 个英文字母、数字、_、- 或 . 组成（名称请写在名称列）",
            "the id '{value}' holds '{char}' at position {pos}; an id is 1–64 letters a–z/A–Z, "
            "digits 0–9, '_', '-' or '.' (names go in the name column)",
        ),
        "scenario.id_too_long": (
            "编号 '{value}' 有 {length} 个字符；编号最多 {max} 个字符",
            "the id '{value}' is {length} characters long; an id has at most {max}",
        ),
        # -- the scenario's passes (scheduler.scenario.passes)
        "scenario.duplicate_id": (
            "'{value}' 已在第 {first} 行使用；每个 {what} 必须唯一",
            "'{value}' is already used on row {first}; each {what} must be unique",
        ),
        "scenario.what_theme": ("地区的主题", "theme of a region"),
        "scenario.unknown_ref": (
            "'{value}' 不是“{sheet}”表中的 {what}",
            "'{value}' is not a {what} on the {sheet} sheet",
        ),
        "scenario.setting_missing": (
            "设置表中没有“{key}”行（中文名：{zh}）；这一项是必需的",
            "the settings sheet has no '{key}' row (Chinese name: {zh}); it is required",
        ),
        "scenario.setting_duplicate": (
            "设置项“{key}”已在第 {first} 行给出；每个设置只写一次",
            "the setting '{key}' is already given on row {first}; give each setting once",
        ),
        "scenario.horizon_order": (
            "规划期结束于 {end}，早于开始日期 {start}；结束日期不能早于开始日期",
            "the horizon ends on {end}, before it starts on {start}; end must be on or after start",
        ),
        "scenario.horizon_too_long": (
            "规划期 {start} 至 {end} 共 {days} 天，超过上限 {limit} 天（约 6 年，可用环境变量 {var} 调整）；请分段规划",
            "the horizon {start}..{end} is {days} days long, more than the limit of {limit} "
            "(about 6 years; {var} raises it); plan it in parts",
        ),
        "scenario.rule_too_long": (
            "规则的时段 {start} 至 {end} 共 {days} 天，超过上限 {limit} 天（可用环境变量 {var} 调整）",
            "the rule's window {start}..{end} is {days} days long, more than the limit of "
            "{limit} ({var} raises it)",
        ),
        "scenario.bad_timezone": (
            "'{value}' 不是已知的时区；应为如 Asia/Shanghai 的时区名",
            "'{value}' is not a known time zone; expected a name such as Asia/Shanghai",
        ),
        "calendar.holidays_missing": (
            "节假日库没有 {years} 年的官方安排（只到 {last} 年）：请更新 holidays 程序包，或把"
            "设置 holidays 设为 none 并把假期列为 blackouts",
            "the holiday library has no official schedule for {years} (it covers up to "
            "{last}): update the holidays package, or set holidays to none and list the breaks "
            "as blackouts",
        ),
        "calendar.holiday": ("法定节假日", "statutory holiday"),
        "calendar.blackout": ("停办日", "blackout date"),
        "calendar.not_allowed": (
            "不在允许的日子内（{days}）",
            "not one of the allowed days ({days})",
        ),
        "scenario.holiday_coverage": (
            "节假日数据不包含 {years} 年：{detail}",
            "the holiday data does not cover {years}: {detail}",
        ),
        "scenario.top_none": (
            "没有哪个地区的上级编号为空；必须恰好有一个（最上级）地区不填上级",
            "no region has a blank parent_id; exactly one region (the top one) must have none",
        ),
        "scenario.top_many": (
            "地区 '{region}' 的上级编号为空，但第 {row} 行的 '{first}' 已是最上级地区；只能有一个地区没有上级",
            "region '{region}' has a blank parent_id, but '{first}' on row {row} is already the "
            "top region; only one region may have no parent",
        ),
        "scenario.parent_cycle": (
            "这些地区互为上级（{cycle}）；上级关系必须一直通到最上级地区",
            "these regions are each other's parents ({cycle}); parents must lead up to the top region",
        ),
        "scenario.parent_level": (
            "{level} 级地区不能隶属于 {parent_level} 级的 '{parent}'；上级必须级别更高（全国 > 省 > 市 > 县）",
            "a {level} cannot sit under '{parent}', which is a {parent_level}; a parent must be "
            "of a higher level (country > province > city > county)",
        ),
        "scenario.bad_scope": (
            "'{value}' 不是有效的范围；应为级别（省、市、县）、tag:标签名，或地区表中的地区编号",
            "'{value}' is not a scope; expected a level (province, city, county), tag:NAME, or "
            "a region_id from the regions sheet",
        ),
        "scenario.unknown_tag": (
            "没有地区带标签 '{tag}'；地区表中的标签：{tags}",
            "no region has the tag '{tag}'; tags on the regions sheet: {tags}",
        ),
        "scenario.none": ("无", "none"),
        "scenario.rule_order": (
            "规则的时段结束于 {end}，早于开始日期 {start}",
            "the rule's window ends on {end}, before it starts on {start}",
        ),
        "scenario.rule_outside": (
            "规则的时段 {start}..{end} 与规划期 {h0}..{h1} 没有重叠，规则永远不会生效",
            "the rule's window {start}..{end} does not overlap the horizon {h0}..{h1}, so the "
            "rule never applies",
        ),
        "scenario.or": (" 或 ", " or "),
        "scenario.unstaffable": (
            "这条规则需要在 {regions} 举办{kind}，但服务这些地区的工作人员队伍都没有这么多人（{best}）；请增加队伍人数、减少类型表中的所需人员，或添加服务这些地区的队伍",
            "this rule needs {kind} in {regions}, but no staff pool serving them has that many "
            "people ({best}); raise a pool's headcount, lower staff on the kinds sheet, or add "
            "a pool that serves them",
        ),
        "scenario.unstaffable_kind": (
            "{kind} 招聘会（每场 {staff} 人）",
            "{kind} fairs ({staff} people each)",
        ),
        "scenario.unstaffable_best": ("最大的队伍有 {best} 人", "the largest has {best}"),
        "scenario.unstaffable_none": ("没有队伍服务这些地区", "no pool serves them"),
        "scenario.and_more": ("等另外 {count} 个", " and {count} more"),
        "scenario.time_order": (
            "结束时间 {end} 不晚于开始时间 {start}",
            "the end time {end} is not after the start time {start}",
        ),
        "scenario.locked_outside": (
            "这场锁定的招聘会日期 {date} 在规划期 {h0}..{h1} 之外",
            "this locked fair's date {date} lies outside the horizon {h0}..{h1}",
        ),
        "scenario.locked_day": (
            "{kind} 招聘会不能在 {date}（{weekday}）举办：{reason}",
            "a {kind} fair cannot be held on {date} ({weekday}): {reason}",
        ),
        "scenario.day_holiday": ("法定节假日", "statutory holiday"),
        "scenario.day_blackout": ("停办日期", "blackout date"),
        "scenario.day_not_allowed": (
            "不是允许举办的日子（{days}）",
            "not one of the allowed days ({days})",
        ),
        "scenario.weekday_0": ("周一", "Mon"),
        "scenario.weekday_1": ("周二", "Tue"),
        "scenario.weekday_2": ("周三", "Wed"),
        "scenario.weekday_3": ("周四", "Thu"),
        "scenario.weekday_4": ("周五", "Fri"),
        "scenario.weekday_5": ("周六", "Sat"),
        "scenario.weekday_6": ("周日", "Sun"),
        "scenario.locked_venue_region": (
            "场地 '{venue}' 属于地区 {venue_region}，不属于这场招聘会的地区 {region}；招聘会只能使用本地区的场地",
            "venue '{venue}' belongs to region {venue_region}, not to this fair's region "
            "{region}; a fair uses a venue of its own region",
        ),
        "scenario.locked_venue_small": (
            "场地 '{venue}' 可容纳 {capacity} 人，但 {kind} 招聘会需要至少容纳 {need} 人的场地",
            "venue '{venue}' holds {capacity} people, but a {kind} fair needs a venue for at "
            "least {need}",
        ),
        "scenario.locked_venue_kind": (
            "场地 '{venue}' 不允许举办 {kind} 招聘会（允许：{allowed}）",
            "venue '{venue}' does not allow {kind} fairs (it allows: {allowed})",
        ),
        "scenario.locked_venue_closed": (
            "场地 '{venue}' 在 {date} 不可用",
            "venue '{venue}' is unavailable on {date}",
        ),
        "scenario.locked_venue_clash": (
            "场地 '{venue}' 在 {date} 已有锁定的招聘会 '{other}'（第 {row} 行）；一个场地一天只办一场",
            "venue '{venue}' already hosts locked fair '{other}' (row {row}) on {date}; a venue "
            "hosts at most one fair a day",
        ),
        "scenario.locked_pool_region": (
            "工作人员队伍 '{pool}' 不服务地区 {region}（它服务 {serves} 及其下级地区）",
            "staff pool '{pool}' does not serve region {region} (it serves {serves} and the "
            "regions below them)",
        ),
        "scenario.locked_pool_closed": (
            "工作人员队伍 '{pool}' 在 {date} 无人可派",
            "staff pool '{pool}' has no one available on {date}",
        ),
        "scenario.locked_staff": (
            "{date} 的锁定招聘会（{events}）需要队伍 '{pool}' 共 {need} 人，但其每日人数为 {headcount}",
            "locked fairs on {date} need {need} people from staff pool '{pool}' ({events}), but "
            "its headcount is {headcount}",
        ),
        # -- what a valid cell holds: finishes "expected …"
        "scenario.expect_name": ("名称", "the name"),
        "scenario.expect_date": ("日期 YYYY-MM-DD", "a date YYYY-MM-DD"),
        "scenario.expect_timezone": ("时区，如 Asia/Shanghai", "a time zone such as Asia/Shanghai"),
        "scenario.expect_holidays": ("CN 或 none（中国/无）", "CN or none (中国/无)"),
        "scenario.expect_dates": (
            "用 ; 分隔的日期或日期范围 YYYY-MM-DD..YYYY-MM-DD",
            "dates or ranges YYYY-MM-DD..YYYY-MM-DD separated by ';'",
        ),
        "scenario.expect_setting_key": ("设置项名称，如 开始日期", "a setting name such as start"),
        "scenario.expect_setting_value": ("设置值", "the setting's value"),
        "scenario.expect_region_id": ("地区编号，如 150100", "a region id such as 150100"),
        "scenario.expect_level": (
            "全国、省、市或县（country/province/city/county）",
            "country, province, city or county (全国/省/市/县)",
        ),
        "scenario.expect_parent_id": ("上一级地区的编号", "the region_id of the region above"),
        "scenario.expect_tags": ("用 ; 分隔的标签", "tags separated by ';'"),
        "scenario.expect_id": (
            "编号（1–64 个英文字母、数字、_、- 或 .）",
            "an id (1–64 letters, digits, '_', '-' or '.')",
        ),
        "scenario.expect_scope": (
            "级别（省、市、县）、tag:标签名 或地区编号",
            "a level (province, city, county), tag:NAME or a region_id",
        ),
        "scenario.expect_rule_kind": (
            "类型表中的类型、不限（any），或用 ; 分隔的多个类型",
            "a kind of the kinds sheet, any (不限), or kinds separated by ';'",
        ),
        "scenario.expect_period": (
            "周、月、季度或窗口（week/month/quarter/window）",
            "week, month, quarter or window (周/月/季度/窗口)",
        ),
        "scenario.expect_count": ("不小于 0 的整数", "a whole number of at least 0"),
        "scenario.expect_text": ("任意文字", "free text"),
        "scenario.expect_fair_kind": ("类型表中的类型", "a kind of the kinds sheet"),
        "scenario.expect_fair_kinds": (
            "用 ; 分隔的类型表中的线下类型",
            "onsite kinds of the kinds sheet separated by ';'",
        ),
        "scenario.expect_time": ("时间 HH:MM", "a time HH:MM"),
        "scenario.expect_end_time": ("晚于开始时间的时间 HH:MM", "a time HH:MM after start_time"),
        "scenario.expect_days": (
            "工作日、周末、不限（workdays/weekends/any），或如 周二;周三;周四",
            "workdays, weekends, any (工作日/周末/不限) or weekdays such as Tue;Wed;Thu",
        ),
        "scenario.expect_region_ref": ("地区表中的地区编号", "a region_id from the regions sheet"),
        "scenario.expect_region_refs": (
            "用 ; 分隔的地区表中的地区编号",
            "region_ids from the regions sheet separated by ';'",
        ),
        "scenario.expect_theme_region": (
            "地区编号，或 *（所有市）",
            "a region_id or * (every city)",
        ),
        "scenario.expect_theme": ("主题，如 数字经济", "a theme such as 数字经济"),
        "scenario.expect_venue_ref": ("场地表中的场地编号", "a venue_id from the venues sheet"),
        "scenario.expect_pool_ref": ("人员表中的队伍编号", "a pool_id from the staff sheet"),
        "scenario.expect_yes_no": ("是或否（yes/no）", "yes or no (是/否)"),
    },
)
