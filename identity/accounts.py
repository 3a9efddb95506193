"""Accounts in the store (issue 7): adding, listing, disabling, passwords, signing in.

- No default password: the first account can only be an admin, created without
  signing in while the store has no account (``fairplan users add NAME --role admin``);
  every later change needs a signed-in admin.
- Brute force: after `MAX_FAILURES` wrong passwords in a row an account is locked for
  `LOCK_MINUTES`, recorded in its ``accounts`` row, so every app process and the CLI see
  the same lock. Each attempt first reserves its place in the count with one atomic
  UPDATE, committed before the (slow) password check: of sixteen attempts at once only
  five are ever checked (issue 11), on SQLite and PostgreSQL alike. While locked even
  the right password is refused.
- An unknown name, a wrong password and a locked account read the same (one message,
  which states the lockout rule): no answer tells which user names exist. An unknown
  name costs the same argon2 work as a known one.
- The region tree (`load_regions`) lives here too: bureau scopes are computed from it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import Connection

from db import Database, utc
from db.schema import account_events, accounts
from db.schema import regions as regions_table
from identity.events import account_event
from identity.feed_tokens import revoke_tokens
from identity.passwords import Passwords, check_password
from identity.regions import RegionRow, read_regions
from identity.users import (
    ROLES,
    Action,
    AuthError,
    User,
    acting_admin,
    has_accounts,
    require,
    verify,
)
from scheduler.errors import InputError, Problem
from texts import tr

log = logging.getLogger("fairplan.auth")

MAX_FAILURES = 5
LOCK_MINUTES = 15
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-")

Clock = Callable[[], dt.datetime]


def wrong_password() -> str:
    return tr("wrong_password", max=MAX_FAILURES, minutes=LOCK_MINUTES)


@dataclass(frozen=True)
class AccountInfo:
    """What `Accounts.accounts` shows: never the password hash."""

    username: str
    role: str
    region_id: str | None
    display_name: str
    source: str
    disabled: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime
    created_by: str
    last_login_at: dt.datetime | None

    def as_row(self) -> dict[str, str]:
        def ts(v: dt.datetime | None) -> str:
            return utc(v).isoformat(timespec="seconds") if v else ""

        return {
            "username": self.username,
            "role": self.role,
            "region_id": self.region_id or "",
            "display_name": self.display_name,
            "source": self.source,
            "disabled": "yes" if self.disabled else "no",
            "locked_until": ts(self.locked_until),
            "created_at": ts(self.created_at),
            "created_by": self.created_by,
            "last_login_at": ts(self.last_login_at),
        }


def check_new_account(username: str, role: str, region_id: str | None) -> list[Problem]:
    problems = []
    if not username or len(username) > 64 or not set(username) <= USERNAME_CHARS:
        problems.append(Problem(tr("where_username"), tr("username_invalid")))
    if role not in ROLES:
        problems.append(Problem("--role", tr("role_invalid", role=role, roles=", ".join(ROLES))))
    if role == "bureau" and not region_id:
        problems.append(Problem("--region", tr("bureau_needs_region")))
    if role != "bureau" and region_id:
        problems.append(Problem("--region", tr("region_only_bureau", role=role)))
    return problems


def check_region(conn: Connection, region_id: str | None) -> str:
    """The region's name; InputError unless the store's region tree has it."""
    if not region_id:
        return ""
    regions = read_regions(conn)
    if not regions:
        raise InputError([Problem("--region", tr("no_regions_yet"))])
    if region_id not in regions:
        raise InputError([Problem("--region", tr("unknown_region", region=region_id))])
    return regions[region_id].name


class Accounts:
    """The accounts and the region tree of one store."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.db = db
        self.clock: Clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.passwords = Passwords(hasher)

    def now(self) -> dt.datetime:
        return utc(self.clock())

    def event(
        self, conn: Connection, actor: str, action: str, username: str, detail: str = ""
    ) -> None:
        account_event(conn, self.now(), actor, action, username, detail)

    def admin(self, conn: Connection, actor: User | None, action: Action) -> str:
        return acting_admin(conn, actor, action)

    # --- accounts ----------------------------------------------------------------------

    def has_accounts(self) -> bool:
        with self.db.connect() as conn:
            return has_accounts(conn)

    def add(
        self,
        username: str,
        role: str,
        password: str | None,
        *,
        region_id: str | None = None,
        display_name: str = "",
        actor: User | None = None,
    ) -> User:
        """Create a local account. The first account must be an admin (no actor needed)."""
        problems = check_new_account(username, role, region_id)
        if password is None:
            problems.append(Problem(tr("where_password"), tr("password_required")))
        if problems:
            raise InputError(problems)
        assert password is not None
        check_password(password, username)
        hashed = self.passwords.hash(password)
        now = self.now()
        with self.db.begin() as conn:
            if actor is None and not has_accounts(conn) and role != "admin":
                raise InputError([Problem("--role", tr("first_admin"))])
            who = self.admin(conn, actor, Action.MANAGE_ACCOUNTS)
            region_name = check_region(conn, region_id)
            if self._row(conn, username) is not None:
                raise InputError(
                    [Problem(tr("where_username"), tr("account_exists", name=username))]
                )
            conn.execute(
                sa.insert(accounts),
                [
                    {
                        "username": username,
                        "role": role,
                        "region_id": region_id,
                        "display_name": display_name,
                        "password_hash": hashed,
                        "source": "local",
                        "disabled": False,
                        "failed_logins": 0,
                        "locked_until": None,
                        "created_at": now,
                        "created_by": who,
                        "password_changed_at": now,
                        "last_login_at": None,
                    }
                ],
            )
            self.event(conn, who, "add", username, f"role={role} region={region_id or ''}")
        log.info("account %s added by %s (role %s)", username, who, role)
        return User(username, role, region_id, region_name, display_name)  # type: ignore[arg-type]

    @staticmethod
    def _row(conn: Connection, username: str) -> Any:
        return conn.execute(sa.select(accounts).where(accounts.c.username == username)).first()

    def existing(self, conn: Connection, username: str) -> Any:
        row = self._row(conn, username)
        if row is None:
            raise InputError([Problem(tr("where_username"), tr("no_account", name=username))])
        return row

    def accounts(self, actor: User) -> list[AccountInfo]:
        with self.db.connect() as conn:
            require(verify(conn, actor), Action.MANAGE_ACCOUNTS)
            cols = [c for c in accounts.c if c.name != "password_hash"]
            return [
                AccountInfo(
                    username=r.username,
                    role=r.role,
                    region_id=r.region_id,
                    display_name=r.display_name,
                    source=r.source,
                    disabled=bool(r.disabled),
                    locked_until=r.locked_until,
                    created_at=r.created_at,
                    created_by=r.created_by,
                    last_login_at=r.last_login_at,
                )
                for r in conn.execute(sa.select(*cols).order_by(accounts.c.username))
            ]

    def set_disabled(self, username: str, disabled: bool, actor: User) -> None:
        """Disable (or enable) an account; disabling ends its sessions and revokes its
        feed tokens at once (`FeedTokens.sync_file` then drops them from the file)."""
        from db.schema import sessions

        with self.db.begin() as conn:
            who = self.admin(conn, actor, Action.MANAGE_ACCOUNTS)
            self.existing(conn, username)
            if disabled and username == who:
                raise InputError([Problem(tr("where_username"), tr("cannot_disable_self"))])
            t = accounts
            conn.execute(sa.update(t).where(t.c.username == username).values(disabled=disabled))
            if disabled:
                conn.execute(sa.delete(sessions).where(sessions.c.username == username))
                revoke_tokens(conn, who, self.now(), username=username)
            self.event(conn, who, "disable" if disabled else "enable", username)
        log.info("account %s %s by %s", username, "disabled" if disabled else "enabled", who)

    def set_password(self, username: str, password: str, actor: User) -> None:
        """An admin sets anyone's password; anyone else only their own. Clears a lock."""
        from db.schema import sessions

        check_password(password, username)
        hashed = self.passwords.hash(password)
        with self.db.begin() as conn:
            user = verify(conn, actor)
            if user.name != username:
                require(user, Action.MANAGE_ACCOUNTS)
            row = self.existing(conn, username)
            if row.source != "local":
                raise InputError(
                    [Problem(tr("where_username"), tr("sso_no_password", name=username))]
                )
            t = accounts
            conn.execute(
                sa.update(t)
                .where(t.c.username == username)
                .values(
                    password_hash=hashed,
                    password_changed_at=self.now(),
                    failed_logins=0,
                    locked_until=None,
                )
            )
            conn.execute(sa.delete(sessions).where(sessions.c.username == username))
            self.event(conn, user.name, "set-password", username)
        log.info("password of %s set by %s", username, user.name)

    def events(self, actor: User) -> list[dict[str, Any]]:
        """Account changes (add, disable, password, lock, tokens): admins and inspectors."""
        with self.db.connect() as conn:
            require(verify(conn, actor), Action.READ_AUDIT)
            q = sa.select(account_events).order_by(account_events.c.event_id)
            return [dict(r) for r in conn.execute(q).mappings()]

    # --- signing in --------------------------------------------------------------------

    def authenticate(self, username: str, password: str) -> User:
        """The user for a right name and password; AuthError otherwise (throttled).

        See the module docstring: the attempt is counted (atomically, committed) before
        the password is checked; a success resets the count, the attempt that reaches
        `MAX_FAILURES` locks the account.
        """
        now = self.now()
        t = accounts
        free = sa.or_(t.c.locked_until.is_(None), t.c.locked_until <= now)
        with self.db.begin() as conn:
            counted = conn.execute(
                sa.update(t)
                .where(
                    t.c.username == username,
                    t.c.password_hash.is_not(None),
                    t.c.failed_logins < MAX_FAILURES,
                    free,
                )
                .values(failed_logins=t.c.failed_logins + 1)
            ).rowcount
            row = self._row(conn, username) if counted == 1 else None
        if row is None:  # unknown, SSO-only, locked, or already at the limit in flight
            self.passwords.verify(None, password)  # the same work: no timing hint
            log.info("sign-in refused before checking the password")
            raise AuthError(wrong_password())
        if not self.passwords.verify(row.password_hash, password):
            self._failed(username)
            raise AuthError(wrong_password())
        values: dict[str, Any] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
        if row.disabled:
            values = {"failed_logins": 0}
        elif self.passwords.needs_rehash(row.password_hash):
            values["password_hash"] = self.passwords.hash(password)
        with self.db.begin() as conn:
            conn.execute(sa.update(t).where(t.c.username == username).values(**values))
            user = None if row.disabled else verify(conn, User(username, row.role))
        if user is None:  # said only to someone who knows the password
            log.info("sign-in refused: %s is disabled", username)
            raise AuthError(tr("account_disabled", name=username))
        log.info("signed in: %s", username)
        return user

    def _failed(self, username: str) -> None:
        """A wrong password: the attempt that reached the limit locks the account."""
        t = accounts
        until = self.now() + dt.timedelta(minutes=LOCK_MINUTES)
        with self.db.begin() as conn:
            locked = conn.execute(
                sa.update(t)
                .where(t.c.username == username, t.c.failed_logins >= MAX_FAILURES)
                .values(failed_logins=0, locked_until=until)
            ).rowcount
            if locked:
                self.event(conn, "(sign-in)", "lock", username, f"{MAX_FAILURES} failures")
        log.info("sign-in failed for %s%s", username, " (now locked)" if locked else "")

    # --- the region tree ------------------------------------------------------------------

    def load_regions(self, regions: Iterable[Any], actor: User | None = None) -> int:
        """Store a scenario's region tree (`scheduler.model.Region`s), adding and updating.

        While the store has no account anyone may load it (setting up); afterwards an admin.
        """
        rows = [
            {"region_id": r.region_id, "name": r.name, "level": r.level, "parent_id": r.parent_id}
            for r in regions
        ]
        with self.db.begin() as conn:
            who = self.admin(conn, actor, Action.MANAGE_ACCOUNTS)
            known = set(read_regions(conn))
            new = [r for r in rows if r["region_id"] not in known]
            old = [r for r in rows if r["region_id"] in known]
            if new:
                conn.execute(sa.insert(regions_table), new)
            t = regions_table
            for r in old:
                conn.execute(
                    sa.update(t)
                    .where(t.c.region_id == r["region_id"])
                    .values(name=r["name"], level=r["level"], parent_id=r["parent_id"])
                )
            self.event(conn, who, "regions", "*", f"{len(new)} added, {len(old)} updated")
        return len(rows)

    def regions(self) -> dict[str, RegionRow]:
        with self.db.connect() as conn:
            return read_regions(conn)
