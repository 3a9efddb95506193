"""Help of the command line: what each command does, and each option with its default.

`help.X` is a command's line in its parent's list, `about.X` the description its own
`--help` prints (paragraphs; an indented paragraph is an example block, shown as written),
`opt.X` an option's help, `metavar.X` the placeholder of a value. argparse formats help
strings with `%`, so a literal percent sign is written `%%`. Help cites nothing outside
the repository: documents by their title, files by their name in a plan's folder.
"""

from texts import register

register(
    "help",
    {
        # the program and what every command shares
        "help.fairplan": (
            "青年就业招聘会的计划与督导：按政策规则排定每个地区的招聘会，发布日历订阅，"
            "核对各地上报的举办情况。用 fairplan 命令 --help 查看每个命令的说明。",
            "Plan and oversee youth-employment job fairs: schedule each region's fairs by the "
            "policy rules, publish calendar feeds, and check the fairs each region reports. "
            "Run fairplan COMMAND --help for each command.",
        ),
        "help.lang": (
            "显示语言：zh（中文）或 en（英文）；默认取 $FAIRPLAN_LANG，其次系统语言，否则中文",
            "language: zh (Chinese) or en (English); default $FAIRPLAN_LANG, then the system "
            "locale, else Chinese",
        ),
        "metavar.command": ("命令", "COMMAND"),
        "metavar.scenario": ("方案", "SCENARIO"),
        "metavar.dir": ("文件夹", "DIR"),
        "metavar.file": ("文件", "FILE"),
        "metavar.seconds": ("秒", "SEC"),
        "metavar.n": ("个数", "N"),
        "metavar.number": ("数", "N"),
        "metavar.date": ("日期", "DATE"),
        "metavar.port": ("端口", "PORT"),
        "metavar.host": ("地址", "HOST"),
        "metavar.url": ("网址", "URL"),
        "metavar.name": ("账户", "NAME"),
        "metavar.id": ("编号", "ID"),
        "metavar.text": ("文字", "TEXT"),
        "metavar.domain": ("域名", "DOMAIN"),
        "metavar.region": ("地区编号", "REGION_ID"),
        "metavar.venue": ("场地编号", "VENUE_ID"),
        "metavar.event": ("活动编号", "EVENT_ID"),
        "metavar.record": ("记录编号", "RECORD_ID"),
        "metavar.preset": ("预设", "PRESET"),
        "metavar.cases": ("用例", "CASES"),
        "metavar.hint": ("前缀", "HINT"),
        "metavar.cadence": ("周期", "CADENCE"),
        "opt.scenario": (
            "方案：一个 .xlsx 工作簿，或一个装有各表 CSV 的文件夹",
            "the scenario: an .xlsx workbook or a folder of CSV sheets",
        ),
        "opt.records": (
            "上报记录文件 .csv 或 .xlsx（默认：从数据库读取）",
            "a records file, .csv or .xlsx (default: the records in the store)",
        ),
        "opt.out_scenario": (
            "输出文件夹（默认：./out/方案名称）",
            "output folder (default: ./out/<scenario name>)",
        ),
        "opt.as_of_check": (
            "按此日期判定，格式 YYYY-MM-DD（默认：方案时区的今天）",
            "judge as of this date, YYYY-MM-DD (default: today in the scenario's timezone)",
        ),
        # plan and demo
        "help.plan": ("为一个方案排定招聘会计划", "plan a scenario's fairs"),
        "about.plan": (
            "读取方案（.xlsx 工作簿或 CSV 文件夹），用 CP-SAT 求解器在时限内排定每场招聘会的"
            "日期、场地和工作人员，经独立校验后写出：schedule.csv 和 schedule.xlsx（计划表）、"
            "report.json（各项规则、代价和差距）、feeds/ 下每个地区的日历订阅 .ics。"
            "求解过程中按 Ctrl-C 会停止搜索并保存目前最好的计划。",
            "Reads a scenario (an .xlsx workbook or a folder of CSVs), plans every fair's "
            "date, venue and staff with the CP-SAT solver within the time limit, and, once "
            "the independent checker has verified the plan, writes schedule.csv and "
            "schedule.xlsx (the plan), report.json (rules, costs and gap) and one calendar "
            "feed per region under feeds/. Ctrl-C while solving stops the search and keeps "
            "the best plan found so far.",
        ),
        "about.plan_store": (
            "给出 --db、--user 或 --publish 时，计划连同方案一起存入数据库（草稿），--publish "
            "同时将其发布；该方案已有发布的计划时，新计划以它为基础，尽量少改动（保留的招聘会"
            "沿用编号，手工锁定的不动）。",
            "With --db, --user or --publish the plan is also kept in the store with its "
            "scenario (as a draft), and --publish makes it the published plan; when the "
            "scenario already has a published plan, the new plan starts from it and changes "
            "as little as possible (kept fairs keep their ids, fairs locked by hand stay).",
        ),
        "about.exit_codes": (
            "退出码：0 全部规则满足；3 已写出但有规则未满足；2 输入有误（逐条说明，未写出任何"
            "文件）；4 登录失败或操作被拒绝；1 其他错误。",
            "Exit status: 0 every rule met; 3 written but some rule not met; 2 bad input (each "
            "problem named, nothing written); 4 sign-in failed or action refused; 1 anything "
            "else.",
        ),
        "help.demo": (
            "用随附的内蒙古示例方案试一试 plan",
            "try plan on the bundled Inner Mongolia sample",
        ),
        "about.demo": (
            "规划随附的内蒙古示例方案（与 plan 相同，只是方案已给定），结果写入 ./out/demo。",
            "Plans the bundled Inner Mongolia sample scenario (as plan does, with the scenario "
            "given), writing to ./out/demo.",
        ),
        "opt.plan.out": (
            "输出文件夹（默认：./out/方案名称）",
            "output folder (default: ./out/<scenario name>)",
        ),
        "opt.demo.out": ("输出文件夹（默认：./out/demo）", "output folder (default: ./out/demo)"),
        "opt.time_limit": (
            "求解时限（秒）：到时保存目前最好的计划（默认 {default:g} 秒）",
            "how long the solver may search, in seconds; then the best plan found is kept "
            "(default {default:g})",
        ),
        "opt.workers": (
            "求解器并行线程数（默认：全部处理器核）",
            "solver threads (default: every core)",
        ),
        "opt.seed": (
            "求解器随机种子：同一方案、同一种子、单线程时结果可重现（默认 0）",
            "the solver's random seed: the same scenario and seed with one worker give the same "
            "plan (default 0)",
        ),
        "opt.domain": (
            "日历订阅中活动编号（UID）所用的域名（默认 fairplan.local）",
            "the domain of the feeds' event UIDs (default fairplan.local)",
        ),
        "opt.quiet": ("不在标准错误输出显示求解进度", "no solving progress on stderr"),
        "opt.previous": (
            "上一版计划的 schedule.csv：新计划尽量少改动它（默认：数据库中已发布的计划，如有）",
            "schedule.csv of an earlier plan to change as little as possible (default: the "
            "store's published plan, if any)",
        ),
        # check
        "help.check": (
            "按方案规则判定各地上报的招聘会是否达标",
            "judge the fairs reported against the scenario's rules",
        ),
        "about.check": (
            "按方案的规则逐个周期判定上报的招聘会：达标、未达标、有风险或未到期；写出 "
            "compliance.csv 和 compliance.xlsx，并按城市列出未达标的周期。不给 --records 时"
            "从数据库读取记录，以 --user 账户的权限（地区人社局只看本地区；数据库未启用账户时"
            "无需登录）。数据库中有已发布的计划时，另写出 reconcile.csv：计划的每场招聘会是否"
            "已举办、已取消或未上报，以及计划外举办的招聘会。有周期未达标时退出码为 3。",
            "Judges the reported fairs against the scenario's rules, period by period: met, "
            "missed, at risk or upcoming; writes compliance.csv and compliance.xlsx and lists "
            "the missed periods per city. Without --records the records come from the store, "
            "read as the --user account may (a bureau: its own regions; a store without "
            "accounts needs no sign-in). When the store has a published plan, reconcile.csv "
            "says for each of its fairs whether it was held, cancelled or not reported, and "
            "lists fairs held but not planned. Exit status 3 when a period was missed.",
        ),
        # report
        "help.report": (
            "写出周报、月报或季报（.xlsx），或方案预设要求的下一份报告",
            "write a weekly, monthly or quarterly progress report (.xlsx), or the next one "
            "the scenario's preset asks for",
        ),
        "about.report_next": (
            "next 按方案预设（settings 的 preset）的报送节奏：对每一种报告给出下次截止时间、"
            "涵盖的日期和截至目前每个城市的情况，并写出该报告的工作簿；判定日默认为方案时区的"
            "今天。",
            "next follows the reporting rhythm of the scenario's preset (settings preset): for "
            "each report it prints when the next one is due, the days it covers and what it "
            "holds so far per city, and writes that report's workbook; the as-of date defaults "
            "to today in the scenario's timezone.",
        ),
        "about.report": (
            "写出政策要求报送的进度报表：每个城市本期和累计举办的场次、参会单位、岗位、"
            "参会人数、未达标周期，以及红黄绿灯。到判定日已有周期未达标时退出码为 3（与 check "
            "相同）。从数据库读取记录时以 --user 账户的权限（地区人社局只看本市）。",
            "Writes the progress report the policies ask for: per city, fairs held in the "
            "period and in all, employers, positions, attendees, missed periods and a "
            "red/yellow/green light. Exit status 3 when a period was missed by the as-of date "
            "(as for check). Records from the store are read as the --user account may (a "
            "bureau: its own city).",
        ),
        "opt.report.cadence": (
            "报表周期：weekly（周报）、monthly（月报）、quarterly（季报），或 next（预设要求的"
            "下一份报告）",
            "the report's period: weekly, monthly, quarterly, or next (the next report the "
            "preset asks for)",
        ),
        "opt.report.as_of": (
            "报表截止日期，格式 YYYY-MM-DD（必填；next 默认为方案时区的今天）",
            "the report's as-of date, YYYY-MM-DD (required; for next, default today in the "
            "scenario's timezone)",
        ),
        # ui
        "help.ui": ("在浏览器中打开网页应用", "start the app in a browser"),
        "about.ui": (
            "启动网页应用（Streamlit）。没有图形界面时不打开浏览器；从不发送使用统计，可在"
            "内网使用。按 Ctrl-C 停止。要同时提供已发布计划的日历订阅，请用 fairplan serve。",
            "Starts the app (Streamlit). Without a display no browser is opened; it never "
            "sends usage statistics, so it runs on closed networks. Ctrl-C stops it. To serve "
            "the published plan's feeds beside it, use fairplan serve.",
        ),
        "opt.ui.port": ("应用的端口（默认 8501）", "the app's port (default 8501)"),
        "opt.ui.host": (
            "监听地址（默认 127.0.0.1：只有本机可访问）",
            "address to listen on (default 127.0.0.1: this computer only)",
        ),
        "opt.ui.scenario": (
            "每个会话默认打开的方案（.xlsx 或 CSV 文件夹；默认：无）",
            "the scenario every session opens on (.xlsx or CSV folder; default: none)",
        ),
        "opt.ui.feeds_url": (
            "fairplan serve-feeds 的地址，订阅链接指向这里（默认：无订阅链接）",
            "the address of fairplan serve-feeds that subscription links point at (default: no "
            "links)",
        ),
        "opt.ui.headless": ("不打开浏览器", "do not open a browser"),
        # bench
        "help.bench": (
            "运行性能基准，每个用例输出一行 JSON",
            "run the benchmarks, one JSON line per case",
        ),
        "about.bench": (
            "运行性能基准：在生成的方案上规划、手工规划（贪心）、重新规划，以及督导和订阅的"
            "吞吐量；每个用例在单独的进程中运行，输出一行 JSON（含耗时和内存峰值）。"
            "说明见 docs/benchmarks.md。",
            "Runs the benchmarks: planning, greedy planning and re-planning on generated "
            "scenarios, and the monitor and feed throughput cases; each case runs in its own "
            "process and prints one JSON line (with its time and peak memory). See "
            "docs/benchmarks.md.",
        ),
        "opt.bench.scale": (
            "方案规模（默认 province：16 个城市，约 140 个旗县），或一个政策方案："
            "im-2022-2025（四年，115 个地区）、shandong-2024",
            "scenario size (default province: 16 cities, about 140 counties), or a policy "
            "scenario: im-2022-2025 (four years, 115 regions), shandong-2024",
        ),
        "opt.bench.time_limit": (
            "规划用例的求解时限（秒；默认 60，national 为 300）",
            "the plan case's time limit in seconds (default 60; national 300)",
        ),
        "opt.bench.cases": (
            "只运行这些用例，用逗号分隔（默认：全部）",
            "only these cases, separated by commas (default: all)",
        ),
        "opt.bench.seed": ("生成方案的随机种子（默认 1）", "generator seed (default 1)"),
        # plans
        "help.plans": (
            "数据库中的计划：列出、查看、比较、发布、复制、手工调整",
            "stored plans: list, show, diff, publish, copy, edit",
        ),
        "about.plans": (
            "计划由 fairplan plan 方案 --db 数据库 --user 账户 [--publish]（或网页应用）存入"
            "数据库。list 列出每个版本（草稿或已发布）；diff 按地区列出从第一个计划到第二个"
            "计划保留、调整、新增和取消的招聘会及调整原因；publish 使一个计划成为已发布的计划"
            "（fairplan serve 提供它的订阅，各地按它上报）；edit 手工把草稿中的一场招聘会移到"
            "另一天或另一场地并锁定，先给出独立校验的结论和目标值的变化（--dry-run：只给出"
            "这些）。",
            "Plans come into the store from fairplan plan SCENARIO --db URL --user NAME "
            "[--publish] (or the app). list shows every version, draft or published; diff "
            "lists, per region, the fairs kept, moved, added and cancelled from the first plan "
            "to the second, with the reason a fair moved; publish makes a plan the published "
            "one (fairplan serve serves its feeds, the bureaus report against it); edit moves "
            "a fair of a draft to another day or venue by hand and locks it, after the "
            "independent checker's verdict and the objective's change (--dry-run: only those).",
        ),
        "help.plans.list": (
            "列出每个计划（草稿或已发布）",
            "every stored plan, draft or published",
        ),
        "help.plans.show": (
            "一个计划的摘要；--out 写出它的输出文件",
            "one plan's summary; --out writes its outputs",
        ),
        "help.plans.diff": (
            "从计划 ID1 到 ID2 保留、调整、新增和取消的招聘会",
            "fairs kept, moved, added and cancelled from ID1 to ID2",
        ),
        "help.plans.publish": (
            "发布一个计划（规划员）",
            "make a plan the published plan (planners)",
        ),
        "help.plans.copy": (
            "由一个计划复制出新草稿，供手工调整（规划员）",
            "a new draft from a plan, to edit by hand (planners)",
        ),
        "help.plans.edit": (
            "把草稿中的一场招聘会移到另一天或另一场地，并锁定",
            "move a fair of a draft to another day or venue, and lock it",
        ),
        "help.plans.history": (
            "每次发布：哪个计划、谁、何时",
            "every publish: which plan, who, when",
        ),
        "opt.plans.id": ("计划编号（见 plans list）", "the plan's number (see plans list)"),
        "opt.plans.show_out": (
            "把计划的 schedule.csv、schedule.xlsx、report.json 和 feeds/ 写入此文件夹（默认：不写）",
            "write the plan's schedule.csv, schedule.xlsx, report.json and feeds/ into this "
            "folder (default: none)",
        ),
        "opt.plans.json": ("以 JSON 输出摘要", "print the summary as JSON"),
        "opt.plans.first": ("比较的起点计划编号", "the plan compared from"),
        "opt.plans.second": ("比较的终点计划编号", "the plan compared to"),
        "opt.plans.csv": (
            "把每项变化写入此 CSV 文件（默认：不写）",
            "write every change to this CSV file (default: none)",
        ),
        "opt.plans.note": (
            "记录在历史中的说明（默认：无）",
            "a note kept in the history (default: none)",
        ),
        "opt.plans.event": (
            "要调整的招聘会的活动编号（schedule.csv 的 event_id）",
            "the fair to move: its event_id in schedule.csv",
        ),
        "opt.plans.date": (
            "新日期，格式 YYYY-MM-DD（默认：不变）",
            "the new date, YYYY-MM-DD (default: unchanged)",
        ),
        "opt.plans.venue": (
            "新场地的编号 venue_id（默认：不变）",
            "the new venue's venue_id (default: unchanged)",
        ),
        "opt.plans.no_lock": (
            "不锁定这场招聘会（默认锁定：重新规划时不动它）",
            "do not lock the fair (by default it is locked: re-plans leave it be)",
        ),
        "opt.plans.dry_run": ("只给出结论，不做任何更改", "the verdict only; change nothing"),
        # records
        "help.records": (
            "上报记录：导入、导出、删除、查看变更",
            "the records store: import, export, delete, audit",
        ),
        "about.records": (
            "导入是原子的：文件有任何问题时一条也不导入；按记录编号 record_id 幂等，重复导入"
            "同一文件不会重复记录。导出写出全部记录（.csv 为带 BOM 的 UTF-8，或 .xlsx；不给"
            "文件时以 CSV 输出到标准输出）。audit 列出谁在何时、从哪个文件新增、修改或删除了"
            "哪条记录。",
            "Import is atomic (a file with any problem imports nothing) and idempotent by "
            "record_id (importing a file again adds nothing twice). Export writes every record "
            "(.csv as UTF-8 with BOM, or .xlsx; without a file, CSV on stdout). audit lists "
            "who inserted, edited or deleted which record, when, from which file.",
        ),
        "about.signin": (
            "数据库启用账户（fairplan users）后，每个命令都要用 --user 账户登录（--as 同义；"
            "密码在终端询问，或用 --password-stdin 从标准输入读取），且只能查看和更改该账户"
            "有权限的内容：地区人社局只限本地区，督导员可查看全部。",
            "Once the store has accounts (fairplan users), each command signs in with --user "
            "NAME (--as is the same; the password is asked for, or read with --password-stdin) "
            "and sees and changes only what that account may: a bureau its own region, an "
            "inspector reads everything.",
        ),
        "help.records.import": (
            "把一个上报记录文件（.csv 或 .xlsx）导入数据库",
            "import a records file (.csv or .xlsx) into the store",
        ),
        "help.records.export": (
            "把全部记录写入文件（.csv 或 .xlsx）或标准输出",
            "write every record to a file (.csv or .xlsx) or stdout",
        ),
        "help.records.delete": (
            "按记录编号删除记录（全部删除或一条不删）",
            "delete records by record_id (all or none)",
        ),
        "help.records.audit": (
            "谁在何时、从哪个文件新增、修改或删除了哪条记录",
            "who inserted, edited or deleted which record, when, from which file",
        ),
        "opt.records.file": ("上报记录文件（.csv 或 .xlsx）", "the records file (.csv or .xlsx)"),
        "opt.records.export_file": (
            "写入的文件，.csv 或 .xlsx（默认：CSV 输出到标准输出）",
            "the file to write, .csv or .xlsx (default: CSV on stdout)",
        ),
        "opt.records.actor": (
            "导入人，记入变更记录（默认：系统用户名；仅限未启用账户的数据库）",
            "who is importing, for the audit (default: the system user; stores without "
            "accounts only)",
        ),
        "opt.records.ids": ("要删除的记录编号", "the record_ids to delete"),
        "opt.records.reason": (
            "删除原因，记入变更记录（默认：无）",
            "the reason, kept in the audit (default: none)",
        ),
        "opt.records.record": ("只看这条记录", "only this record_id"),
        "opt.records.by": ("只看此账户的更改", "only changes by this account"),
        "opt.records.audit_out": (
            "写入此文件，.csv 或 .xlsx（默认：CSV 输出到标准输出）",
            "write to this file, .csv or .xlsx (default: CSV on stdout)",
        ),
        # serve, serve-feeds
        "help.serve": (
            "完整服务：网页应用和已发布计划的日历订阅",
            "the whole service: the app and the published plan's feeds",
        ),
        "about.serve": (
            "一个进程提供已发布计划的日历订阅（--tokens 另提供私有订阅），并以子进程运行网页"
            "应用；--feeds-port 与 --port 相同时两者共用一个端口。每项设置依次取自命令行、"
            "环境变量和 --config 文件；设置有误时在监听之前就停止。应用和订阅页上的链接和"
            "二维码使用 --public-url 给出的公开地址；未给出时使用本机的网络地址，并在它只有"
            "本机能访问时提示。Ctrl-C 停止服务；应用意外结束时服务也停止（退出码 1）。生产"
            "部署（PostgreSQL、前置 nginx 提供 TLS）见 docs/deploy.md。",
            "One process serves the published plan's feeds (private feeds too with --tokens) "
            "and runs the app as its child; with --feeds-port equal to --port both share one "
            "port. Each setting comes from the command line, then environment variables, then "
            "--config FILE; a bad value stops it before anything listens. Links and QR codes "
            "in the app and on the feed index use --public-url; without it, this machine's "
            "network address, with a note when that reaches this computer only. Ctrl-C stops "
            "the service; if the app ends unexpectedly the service stops too (exit status 1). "
            "For production (PostgreSQL, nginx in front for TLS) see docs/deploy.md.",
        ),
        "help.serve-feeds": (
            "通过 HTTP 提供一个计划文件夹的日历订阅",
            "serve a plan folder's calendar feeds over HTTP",
        ),
        "about.serve-feeds": (
            "在 /feeds/地区编号.ics 提供 文件夹/feeds/ 下的日历订阅，并在 / 提供中文索引页"
            "（链接和二维码）。默认监听所有网卡，其他电脑上的地区人社局也能订阅；链接显示 "
            "--public-url（或 $FAIRPLAN_PUBLIC_URL），否则本机的网络地址。--tokens 文件另在 "
            "/private/令牌/地区编号.ics 提供私有订阅（每行：令牌 地区编号或 * [说明]；删去一行"
            "即撤销），--private-only 只提供私有订阅。要与网页应用一起提供数据库中已发布的"
            "计划，请用 fairplan serve。说明见 docs/feeds.md。",
            "Serves DIR/feeds/<region_id>.ics at /feeds/<region_id>.ics for calendar "
            "subscriptions, with an index page at / (links and QR codes). It listens on every "
            "interface by default, so bureaus on other computers can subscribe; links show "
            "--public-url (or $FAIRPLAN_PUBLIC_URL), else this machine's network address. "
            "--tokens FILE adds private feeds at /private/<token>/<region_id>.ics (lines "
            "<token> <region_id or *> [label]; delete a line to revoke it), and --private-only "
            "hides the public ones. To serve the store's published plan with the app, use "
            "fairplan serve. See docs/feeds.md.",
        ),
        "opt.feeds.dir": (
            "一个计划的输出文件夹（含 feeds/）",
            "a plan's output folder (holding feeds/)",
        ),
        "opt.feeds.port": ("日历订阅的端口（默认 8000）", "the feeds' port (default 8000)"),
        # users
        "help.users": (
            "管理账户：新增、列出、停用、设置密码、订阅令牌",
            "manage accounts: add, list, disable, set passwords, feed tokens",
        ),
        "about.users": (
            "账户保存在数据库中（--db，默认 $FAIRPLAN_DB）。没有默认密码：第一个账户是用本命令"
            "无需登录创建的管理员：",
            "Accounts live in the store (--db, default $FAIRPLAN_DB). There is no default "
            "password: the first account is an admin made by this command without signing in:",
        ),
        "about.users_after": (
            "之后的更改以管理员身份登录（--user 账户；--as 同义）。密码在终端询问（新密码问"
            "两次），或用 --password-stdin 从标准输入逐行读取：先是 --user 的密码，再是新密码。"
            "密码从不显示。说明见 docs/accounts.md。",
            "Later changes sign in as an admin (--user NAME; --as is the same). Passwords are "
            "asked for on the terminal (twice for a new one), or read with --password-stdin, "
            "one per line: first the password of --user, then the new one. They are never "
            "printed. See docs/accounts.md.",
        ),
        "help.users.add": (
            "新增账户（第一个账户：管理员）",
            "create an account (the first one: an admin)",
        ),
        "help.users.list": ("列出全部账户（不含密码）", "every account (never a password)"),
        "help.users.disable": (
            "停用账户（同时结束其会话、撤销其订阅令牌）",
            "disable an account (ends its sessions and feed tokens)",
        ),
        "help.users.enable": ("重新启用账户", "enable an account again"),
        "help.users.set-password": (
            "设置密码（管理员可设任何人的，其他人只能设自己的）",
            "set a password (an admin: anyone's; else your own)",
        ),
        "help.users.regions": (
            "把方案的地区树载入数据库（地区人社局的权限范围由它决定）",
            "load a scenario's region tree (bureau scopes come from it)",
        ),
        "help.users.token": (
            "私有订阅令牌：发放、撤销、列出",
            "private feed tokens: issue, revoke, list",
        ),
        "help.users.token.issue": (
            "给一个账户发放私有订阅令牌（只显示一次）",
            "issue a secret feed token to an account (printed once)",
        ),
        "help.users.token.revoke": (
            "撤销一个账户的全部令牌，或按前缀撤销一个令牌",
            "revoke an account's tokens, or one token by its hint",
        ),
        "help.users.token.list": ("已发放的令牌（只显示前缀）", "issued tokens (hints only)"),
        "opt.users.name": ("账户名", "the account's name"),
        "opt.users.role": (
            "角色：planner（规划员）、bureau（地区人社局）、inspector（督导员）或 admin（管理员）",
            "role: planner, bureau, inspector or admin",
        ),
        "opt.users.region": (
            "地区人社局账户的地区编号，如 150100",
            "a bureau's region id, e.g. 150100",
        ),
        "opt.users.scenario": (
            "先把此方案的地区载入数据库",
            "load this scenario's regions into the store first",
        ),
        "opt.users.display_name": (
            "在应用中显示的名称，如 呼和浩特市人社局（默认：账户名）",
            "shown in the app, e.g. Hohhot bureau (default: the account's name)",
        ),
        "opt.users.tokens": (
            "订阅令牌文件（默认 $FAIRPLAN_FEED_TOKENS 或用户数据目录下的文件）",
            "the feed tokens file (default $FAIRPLAN_FEED_TOKENS or one in the data directory)",
        ),
        "opt.users.label": ("令牌的说明（默认：无）", "a label for the token (default: none)"),
        "opt.users.hint": ("令牌的前 6 个字符", "the first 6 characters of the token"),
        "opt.users.revoke_name": (
            "撤销此账户的全部令牌",
            "revoke every token of this account",
        ),
        # presets
        "about.presets": (
            "预设是一份政策文件的招聘会规则、招聘会类型和报送节奏。show 以制表符分隔的行列出"
            "它的类型和规则（可直接粘贴到工作簿的 kinds 和 rules 表；每条规则注明文件标题和"
            "条款），随后是条款原文、报送节奏和规则未涵盖的内容；--csv 文件夹 则把 rules.csv "
            "和 kinds.csv（带 BOM 的 UTF-8）写入一个方案文件夹。",
            "A preset is one policy document's fair rules, kinds and reporting rhythm. show "
            "prints its kinds and rules as tab-separated rows to paste into a workbook's kinds "
            "and rules sheets (each rule citing its document's title and clause), then the "
            "clauses' wording, the reporting rhythm and what the rules leave out; --csv DIR "
            "writes rules.csv and kinds.csv (UTF-8 with BOM) into a scenario folder instead.",
        ),
    },
)
