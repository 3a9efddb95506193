"""`fairplan users add|list|disable|enable|set-password|regions|token` — accounts (issue 7).

Accounts live in the records store (`--db`, default $FAIRPLAN_DB). There is no default
password: the first account is an admin made by this command, without signing in:

    fairplan users add admin --role admin
    fairplan users regions scenario.xlsx --user admin
    fairplan users add hohhot --role bureau --region 150100 --user admin

Later changes sign in as an admin (`--user NAME`; `--as NAME` is the same flag).
Passwords are asked for on the terminal (twice for a new one), or read from stdin
with `--password-stdin`, one per line: first the password of `--user`, then the new
password. They are never printed.
See docs/accounts.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler import sheetwriter
from scheduler.errors import Problem, Refused
from texts import tr
from ui.commands._signin import (
    TOKENS_ENV,
    Passwords,
    add_store_args,
    default_tokens_file,
    sign_in,
)

if TYPE_CHECKING:
    from db import Database
    from identity.accounts import Accounts
    from identity.users import User


def add_login_args(p: argparse.ArgumentParser, required: bool = False) -> None:
    add_store_args(p, required=required)


def open_accounts(db: str | None) -> tuple[Database, Accounts]:
    from db import Database
    from identity.accounts import Accounts

    database = Database(db)
    return database, Accounts(database)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "users",
        help="manage accounts: add, list, disable, set passwords, feed tokens",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="users_command", required=True)

    add = sub.add_parser("add", help="create an account (the first one: an admin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["planner", "bureau", "inspector", "admin"])
    add.add_argument("--region", help="a bureau's region id, e.g. 150100")
    add.add_argument("--scenario", help="load this scenario's regions into the store first")
    add.add_argument("--display-name", default="", help="shown in the app, e.g. 呼和浩特市人社局")
    add_login_args(add)
    add.set_defaults(func=run_add)

    ls = sub.add_parser("list", help="every account (never a password or hash)")
    add_login_args(ls, required=True)
    ls.set_defaults(func=run_list)

    for name, disabled in (("disable", True), ("enable", False)):
        d = sub.add_parser(
            name,
            help=f"{name} an account"
            + (" (ends its sessions and feed tokens)" if disabled else ""),
        )
        d.add_argument("name")
        d.add_argument(
            "--tokens", help=f"feed tokens file to update (default: ${TOKENS_ENV} or the data dir)"
        )
        add_login_args(d, required=True)
        d.set_defaults(func=run_disable, disabled=disabled)

    sp = sub.add_parser("set-password", help="set a password (an admin: anyone's; else your own)")
    sp.add_argument("name")
    add_login_args(sp)
    sp.set_defaults(func=run_set_password)

    rg = sub.add_parser(
        "regions", help="load a scenario's region tree (bureau scopes come from it)"
    )
    rg.add_argument("scenario")
    add_login_args(rg)
    rg.set_defaults(func=run_regions)

    tok = sub.add_parser("token", help="private feed tokens: issue, revoke, list")
    tsub = tok.add_subparsers(dest="token_command", required=True)
    issue = tsub.add_parser("issue", help="issue a secret feed token to an account (printed once)")
    issue.add_argument("name")
    issue.add_argument("--label", default="")
    revoke = tsub.add_parser("revoke", help="revoke an account's tokens, or one token by its hint")
    revoke.add_argument("name", nargs="?")
    revoke.add_argument("--hint", help="the first 6 characters of the token")
    tlist = tsub.add_parser("list", help="issued tokens (hints only)")
    for t, func in ((issue, run_token_issue), (revoke, run_token_revoke), (tlist, run_token_list)):
        t.add_argument(
            "--tokens", help=f"feed tokens file (default: ${TOKENS_ENV} or the data dir)"
        )
        add_login_args(t, required=True)
        t.set_defaults(func=func)


def run_add(args: argparse.Namespace) -> int:
    passwords = Passwords(args.password_stdin)
    store, accounts = open_accounts(args.db)
    with store:
        admin = sign_in(accounts, args.user, passwords)
        if admin is None and accounts.has_accounts():
            raise Refused([Problem("--user", tr("sign_in_admin"))])
        if args.scenario:
            _load_regions(accounts, args.scenario, admin)
        password = passwords.ask(tr("password_new_prompt", name=args.name), confirm=True)
        user = accounts.add(
            args.name,
            args.role,
            password,
            region_id=args.region,
            display_name=args.display_name,
            actor=admin,
        )
    print(tr("account_created", who=user.describe()))
    return 0


def _load_regions(accounts: Accounts, scenario: str, actor: User | None) -> int:
    from scheduler.scenario import load_scenario

    s = load_scenario(Path(scenario))
    return accounts.load_regions(s.regions.values(), actor=actor)


def run_regions(args: argparse.Namespace) -> int:
    store, accounts = open_accounts(args.db)
    with store:
        admin = sign_in(accounts, args.user, Passwords(args.password_stdin))
        n = _load_regions(accounts, args.scenario, admin)
    print(tr("regions_loaded", n=n))
    return 0


def run_list(args: argparse.Namespace) -> int:
    store, accounts = open_accounts(args.db)
    with store:
        admin = sign_in(accounts, args.user, Passwords(args.password_stdin))
        assert admin is not None
        rows = [a.as_row() for a in accounts.accounts(admin)]
    from identity.accounts import AccountInfo

    fields = list(AccountInfo.__dataclass_fields__)
    sheetwriter.CsvWriter(sys.stdout, fields, lineterminator="\n").writerows(rows)
    return 0


def run_disable(args: argparse.Namespace) -> int:
    from identity.feed_tokens import FeedTokens

    store, accounts = open_accounts(args.db)
    with store:
        admin = sign_in(accounts, args.user, Passwords(args.password_stdin))
        assert admin is not None
        accounts.set_disabled(args.name, args.disabled, admin)
        tokens = Path(args.tokens) if args.tokens else default_tokens_file()
        if tokens.exists():
            FeedTokens(store).sync_file(tokens)
    print(tr("account_disabled_done" if args.disabled else "account_enabled_done", name=args.name))
    return 0


def run_set_password(args: argparse.Namespace) -> int:
    passwords = Passwords(args.password_stdin)
    store, accounts = open_accounts(args.db)
    with store:
        actor = sign_in(accounts, args.user or args.name, passwords)
        assert actor is not None
        password = passwords.ask(tr("password_new_prompt", name=args.name), confirm=True)
        accounts.set_password(args.name, password, actor)
    print(tr("password_changed", name=args.name))
    return 0


def run_token_issue(args: argparse.Namespace) -> int:
    from identity.feed_tokens import FeedTokens

    store, accounts = open_accounts(args.db)
    tokens = Path(args.tokens) if args.tokens else default_tokens_file()
    with store:
        admin = sign_in(accounts, args.user, Passwords(args.password_stdin))
        assert admin is not None
        token = FeedTokens(store).issue(args.name, tokens, admin, label=args.label)
        region = next(
            (a.region_id for a in accounts.accounts(admin) if a.username == args.name), None
        )
    print(token)
    print(
        tr("token_issued_note", token=token, region=region or "<region_id>", file=tokens),
        file=sys.stderr,
    )
    return 0


def run_token_revoke(args: argparse.Namespace) -> int:
    from identity.feed_tokens import FeedTokens
    from scheduler.errors import InputError

    if not args.name and not args.hint:
        raise InputError([Problem("revoke", tr("token_revoke_what"))])
    store, accounts = open_accounts(args.db)
    tokens = Path(args.tokens) if args.tokens else default_tokens_file()
    with store:
        admin = sign_in(accounts, args.user, Passwords(args.password_stdin))
        assert admin is not None
        n = FeedTokens(store).revoke(tokens, admin, username=args.name, hint=args.hint)
    print(tr("tokens_revoked", n=n, file=tokens))
    return 0


def run_token_list(args: argparse.Namespace) -> int:
    from identity.feed_tokens import FeedTokens

    store, accounts = open_accounts(args.db)
    with store:
        admin = sign_in(accounts, args.user, Passwords(args.password_stdin))
        assert admin is not None
        rows = FeedTokens(store).list(admin)
    fields = [
        "hint",
        "username",
        "region_id",
        "label",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_by",
    ]
    sheetwriter.CsvWriter(sys.stdout, fields, lineterminator="\n").writerows(rows)
    return 0
