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
from typing import TYPE_CHECKING, Any

from scheduler import sheetwriter
from scheduler.errors import Problem, Refused
from texts import tr
from ui.commands._signin import (
    Passwords,
    add_store_args,
    default_tokens_file,
    sign_in,
)

if TYPE_CHECKING:
    from db import Database
    from identity.accounts import Accounts
    from identity.users import User


ROLES = ("planner", "bureau", "inspector", "admin")
# the first steps, as typed (an example block in the description)
_FIRST_STEPS = """\
    fairplan users add admin --role admin
    fairplan users regions scenario.xlsx --user admin
    fairplan users add hohhot --role bureau --region 150100 --user admin"""


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
        help=tr("help.users"),
        description="\n\n".join((tr("about.users"), _FIRST_STEPS, tr("about.users_after"))),
    )
    sub = p.add_subparsers(dest="users_command", required=True, metavar=tr("metavar.command"))

    def command(parent: Any, key: str, name: str) -> argparse.ArgumentParser:
        text = tr(f"help.{key}.{name}")
        return parent.add_parser(name, help=text, description=text)  # type: ignore[no-any-return]

    def account(s: argparse.ArgumentParser, **kwargs: Any) -> None:
        s.add_argument(
            "name", metavar=tr("metavar.name"), **{"help": tr("opt.users.name"), **kwargs}
        )

    def tokens_file(s: argparse.ArgumentParser) -> None:
        s.add_argument("--tokens", metavar=tr("metavar.file"), help=tr("opt.users.tokens"))

    add = command(sub, "users", "add")
    account(add)
    add.add_argument("--role", required=True, choices=ROLES, help=tr("opt.users.role"))
    add.add_argument("--region", metavar=tr("metavar.region"), help=tr("opt.users.region"))
    add.add_argument("--scenario", metavar=tr("metavar.scenario"), help=tr("opt.users.scenario"))
    add.add_argument(
        "--display-name", default="", metavar=tr("metavar.text"), help=tr("opt.users.display_name")
    )
    add_login_args(add)
    add.set_defaults(func=run_add)

    ls = command(sub, "users", "list")
    add_login_args(ls, required=True)
    ls.set_defaults(func=run_list)

    for name, disabled in (("disable", True), ("enable", False)):
        d = command(sub, "users", name)
        account(d)
        tokens_file(d)
        add_login_args(d, required=True)
        d.set_defaults(func=run_disable, disabled=disabled)

    sp = command(sub, "users", "set-password")
    account(sp)
    add_login_args(sp)
    sp.set_defaults(func=run_set_password)

    rg = command(sub, "users", "regions")
    rg.add_argument("scenario", metavar=tr("metavar.scenario"), help=tr("opt.scenario"))
    add_login_args(rg)
    rg.set_defaults(func=run_regions)

    tok = command(sub, "users", "token")
    tsub = tok.add_subparsers(dest="token_command", required=True, metavar=tr("metavar.command"))
    issue = command(tsub, "users.token", "issue")
    account(issue)
    issue.add_argument(
        "--label", default="", metavar=tr("metavar.text"), help=tr("opt.users.label")
    )
    revoke = command(tsub, "users.token", "revoke")
    account(revoke, nargs="?", help=tr("opt.users.revoke_name"))
    revoke.add_argument("--hint", metavar=tr("metavar.hint"), help=tr("opt.users.hint"))
    tlist = command(tsub, "users.token", "list")
    for t, func in ((issue, run_token_issue), (revoke, run_token_revoke), (tlist, run_token_list)):
        tokens_file(t)
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
