"""What every command that touches the store shares: ``--db``, and signing in.

One sign-in flag for every command: ``--user NAME`` (``--as NAME`` is the same flag,
kept for the ``users`` commands of issue 7). The password is asked for on the
terminal, or read from stdin with ``--password-stdin`` (one per line: first the
password of ``--user``, then any new password). A store without accounts needs no
sign-in: the command runs as the one open-mode user (the OS user's name).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.errors import InputError, Problem, Refused
from texts import tr

if TYPE_CHECKING:
    from db import Database
    from identity.accounts import Accounts
    from identity.users import User

TOKENS_ENV = "FAIRPLAN_FEED_TOKENS"


def add_db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar=tr("metavar.url"), help=tr("help_db"))


def add_login_args(p: argparse.ArgumentParser, required: bool = False) -> None:
    p.add_argument(
        "--user",
        "--as",
        dest="user",
        metavar=tr("metavar.name"),
        required=required,
        help=tr("help_user"),
    )
    p.add_argument("--password-stdin", action="store_true", help=tr("help_password_stdin"))


def add_store_args(p: argparse.ArgumentParser, required: bool = False) -> None:
    add_login_args(p, required=required)
    add_db_arg(p)


class Passwords:
    """Passwords from the terminal (getpass) or, with --password-stdin, one per stdin line."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def ask(self, prompt: str, confirm: bool = False) -> str:
        if self.from_stdin:
            line = sys.stdin.readline()
            if not line:
                what = prompt.rstrip(": ：")
                raise InputError([Problem("--password-stdin", tr("password_no_line", what=what))])
            return line.rstrip("\r\n")
        if not sys.stdin.isatty():
            raise InputError([Problem(tr("where_password"), tr("password_no_terminal"))])
        try:
            password = getpass.getpass(prompt)
            if confirm and getpass.getpass(tr("password_again")) != password:
                raise InputError([Problem(tr("where_password"), tr("password_mismatch"))])
        except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C at the prompt
            print(file=sys.stderr)
            raise Refused([Problem(tr("where_password"), tr("password_cancelled"))]) from None
        return password


def sign_in(accounts: Accounts, name: str | None, passwords: Passwords) -> User | None:
    """The signed-in user for `name`, or None when no name was given."""
    if not name:
        return None
    return accounts.authenticate(name, passwords.ask(tr("password_prompt", name=name)))


def signed_in(db: Database, args: argparse.Namespace, passwords: Passwords | None = None) -> User:
    """The user a command acts as: `--user` signed in, or open mode while the store has
    no accounts (named after `--actor` or the OS user)."""
    from identity.accounts import Accounts
    from identity.users import User

    accounts = Accounts(db)
    user = sign_in(accounts, args.user, passwords or Passwords(args.password_stdin))
    if user is not None:
        return user
    if accounts.has_accounts():
        raise Refused([Problem("--user", tr("sign_in_needed"))])
    return User.open_mode(getattr(args, "actor", None) or getpass.getuser())


def default_tokens_file() -> Path:
    from db import data_dir

    return Path(os.environ.get(TOKENS_ENV) or data_dir() / "feed-tokens.txt")
