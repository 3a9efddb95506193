"""Words of `identity`: roles, sign-in, accounts, sessions, feed tokens, single sign-on."""

from texts import register

register(
    "identity",
    {
        "where_login": ("登录", "sign-in"),
        "where_permission": ("权限", "permission"),
        "where_password": ("密码", "password"),
        "where_username": ("用户名", "username"),
        "role_planner": ("规划员", "planner"),
        "role_bureau": ("地区人社局", "bureau"),
        "role_inspector": ("督查员", "inspector"),
        "role_admin": ("管理员", "admin"),
        "action_read_records": ("查看记录", "read records"),
        "action_write_records": ("上报或修改记录", "report or change records"),
        "action_read_audit": ("查看审计记录", "read the audit trail"),
        "action_read_compliance": ("查看合规情况", "read compliance"),
        "action_read_feeds": ("查看日历订阅", "read feeds"),
        "action_read_plans": ("查看全部计划", "read every plan"),
        "action_plan": ("规划和发布", "plan and publish"),
        "action_manage_accounts": ("管理账户", "manage accounts"),
        "action_manage_feed_tokens": ("管理日历订阅令牌", "manage feed tokens"),
        "may_not": ("{who} 无权{action}", "{who} may not {action}"),
        "user_open": ("{name}（未启用账户）", "{name} (no accounts)"),
        "user_role": ("{name}（{role}）", "{name} ({role})"),
        "user_in_region": ("{name}（{role}，{region}）", "{name} ({role}, {region})"),
        "sign_in_needed": (
            "此数据库已启用账户：请用 --user NAME 登录",
            "this store has accounts: sign in with --user NAME",
        ),
        "sign_in_admin": (
            "请以管理员身份登录（--user NAME）",
            "sign in as an admin (--user NAME)",
        ),
        "account_not_active": (
            "账户不存在或已停用",
            "the account does not exist or is disabled",
        ),
        "wrong_password": (
            "用户名或密码错误（连续 {max} 次错误后账户锁定 {minutes} 分钟）",
            "wrong username or password ({max} wrong attempts in a row lock an account "
            "for {minutes} minutes)",
        ),
        "account_disabled": ("账户 {name} 已停用", "account {name} is disabled"),
        "password_short": (
            "密码至少 {n} 个字符（不计首尾空格）",
            "a password needs at least {n} characters (not counting spaces at its ends)",
        ),
        "password_is_name": ("密码不能与用户名相同", "the password must differ from the user name"),
        "password_required": (
            "需要密码（没有默认密码）",
            "a password is required (there is none by default)",
        ),
        "password_again": ("再输入一次：", "again: "),
        "password_mismatch": ("两次输入的密码不一致", "the two passwords differ"),
        "password_prompt": ("{name} 的密码：", "password of {name}: "),
        "password_new_prompt": ("{name} 的新密码：", "new password for {name}: "),
        "password_no_terminal": (
            "没有可输入密码的终端：请用 --password-stdin",
            "no terminal to ask for a password on: use --password-stdin",
        ),
        "password_no_line": (
            "标准输入中没有这一行：{what}",
            "no line on stdin for: {what}",
        ),
        "password_cancelled": (
            "没有输入密码（已取消）",
            "no password given (cancelled)",
        ),
        "username_invalid": (
            "用户名请用 1–64 个字母、数字和 . _ @ -（例如 huhehaote.hrss）",
            "use 1–64 letters, digits and . _ @ - (e.g. huhehaote.hrss)",
        ),
        "role_invalid": ("角色 {role!r} 不是 {roles} 之一", "role {role!r} is not one of {roles}"),
        "bureau_needs_region": (
            "地区人社局账户需要指定地区（--region ID）",
            "a bureau account needs its region (--region ID)",
        ),
        "region_only_bureau": (
            "只有地区人社局账户有地区，{role} 没有",
            "only bureau accounts have a region, not {role}",
        ),
        "first_admin": (
            "第一个账户必须是管理员（fairplan users add NAME --role admin）",
            "the first account must be an admin (fairplan users add NAME --role admin)",
        ),
        "account_exists": ("账户 {name!r} 已存在", "account {name!r} already exists"),
        "no_account": ("没有账户 {name!r}", "no account {name!r}"),
        "no_regions_yet": (
            "数据库中还没有地区：请先载入一个方案的地区（fairplan users regions SCENARIO，或 --scenario SCENARIO）",
            "the store has no regions yet: load a scenario's regions first "
            "(fairplan users regions SCENARIO, or --scenario SCENARIO)",
        ),
        "unknown_region": (
            "未知地区 {region!r}：不在数据库的地区中",
            "unknown region {region!r}: not in the store's regions",
        ),
        "cannot_disable_self": (
            "管理员不能停用自己的账户",
            "an admin cannot disable their own account",
        ),
        "sso_no_password": ("{name} 通过单位统一身份认证登录", "{name} signs in through SSO"),
        "sso_local_account": ("{name} 是本地账户", "{name} is a local account"),
        "sso_no_role": (
            "你的单位账号没有 fairplan 角色，请联系管理员",
            "your sign-in has no fairplan role: ask an admin",
        ),
        "account_created": ("已创建账户：{who}", "account created: {who}"),
        "account_disabled_done": ("{name}：已停用", "{name}: disabled"),
        "account_enabled_done": ("{name}：已启用", "{name}: enabled"),
        "password_changed": ("{name}：密码已更新", "{name}: password changed"),
        "regions_loaded": ("已载入 {n} 个地区", "{n} regions loaded"),
        "token_revoke_what": (
            "请指定要撤销的账户或令牌前缀（--hint）",
            "name the account or the token hint (--hint) to revoke",
        ),
        "token_account_disabled": ("账户 {name} 已停用", "account {name} is disabled"),
        "tokens_revoked": (
            "已撤销 {n} 个令牌（已更新 {file}）",
            "{n} token(s) revoked ({file} updated)",
        ),
        "token_issued_note": (
            "订阅地址：/private/{token}/{region}.ics（用 `fairplan serve --tokens {file}` 或 "
            "`fairplan serve-feeds 文件夹 --tokens {file}` 提供）；令牌只显示这一次",
            "feed: /private/{token}/{region}.ics — serve with `fairplan serve --tokens {file}` "
            "or `fairplan serve-feeds DIR --tokens {file}`; this token is shown only now",
        ),
    },
)
