"""Who may do what with the records store (issue 7): roles, users, region scope.

Four roles:

============  ==============================================================
``planner``   plans and publishes for the province; reads every record
``bureau``    bound to one region: reads, imports, edits and deletes the records
              of that region and of its descendants only; sees its own feeds,
              compliance and audit trail
``inspector`` reads everything (records, compliance, audit), writes nothing
``admin``     manages accounts and private feed tokens; reads everything
============  ==============================================================

The checks live here, in the data layer, not in the app's menus:
`AuthorizedStore` wraps a `RecordStore` for one `User`. Every write runs its check
*inside* the store's transaction (`RecordStore.store(..., guard=...)`): the account
is re-read from the database (so a disabled account or a changed role takes effect
at once, and a hand-built `User` cannot widen its own rights), and every row — and
every stored row it would replace — must lie in the bureau's scope. One row outside
refuses the whole file and nothing changes.

Region scope: a bureau's scope is its region and every descendant, computed from the
``regions`` table of the store (loaded from a scenario's regions sheet with
`Accounts.load_regions` / ``fairplan users regions SCENARIO``). A store holds one
province's data for many scenarios, so the tree lives in the store rather than in
any one scenario.

Open mode: a store without any account accepts writes from `User.open_mode()` (and
plain-string actors, as before issue 7). The first account ends open mode for good.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from scheduler.errors import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd

    from monitor.records import Record
    from monitor.store import ImportSummary, Progress, RecordStore

log = logging.getLogger("fairplan.auth")

Role = Literal["planner", "bureau", "inspector", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
ROLE_NAMES: dict[str, str] = {
    "planner": "规划员 planner",
    "bureau": "地区人社局 bureau",
    "inspector": "督查员 inspector",
    "admin": "管理员 admin",
}


class Action(StrEnum):
    READ_RECORDS = "read records"
    WRITE_RECORDS = "write records"
    READ_AUDIT = "read the audit trail"
    READ_COMPLIANCE = "read compliance"
    READ_FEEDS = "read feeds"
    PLAN = "plan and publish"
    MANAGE_ACCOUNTS = "manage accounts"
    MANAGE_FEED_TOKENS = "manage feed tokens"


_READ = {Action.READ_RECORDS, Action.READ_AUDIT, Action.READ_COMPLIANCE, Action.READ_FEEDS}
#: role → what it may do; a bureau's rights are further limited to its region scope
PERMISSIONS: dict[str, frozenset[Action]] = {
    "planner": frozenset({*_READ, Action.PLAN}),
    "bureau": frozenset({*_READ, Action.WRITE_RECORDS}),
    "inspector": frozenset(_READ),
    "admin": frozenset({*_READ, Action.MANAGE_ACCOUNTS, Action.MANAGE_FEED_TOKENS}),
}


class AuthError(InputError):
    """Signing in failed (wrong name or password, locked, disabled, expired)."""

    def __init__(self, message: str) -> None:
        super().__init__([Problem("login", message)])
        self.message = message


class PermissionDenied(InputError):
    """The user may not do this; carries one problem per refused row or reason."""


# --- tables of revision 0002 (the migration is the truth; these mirror it) -------------

metadata = sa.MetaData()


def _ts(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


accounts_table = sa.Table(
    "accounts",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("region_id", sa.String(32)),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
    sa.Column("failed_logins", sa.Integer, nullable=False),
    _ts("locked_until", True),
    _ts("created_at"),
    sa.Column("created_by", sa.String(128), nullable=False),
    _ts("password_changed_at", True),
    _ts("last_login_at", True),
)
sessions_table = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    _ts("created_at"),
    _ts("expires_at"),
)
regions_table = sa.Table(
    "regions",
    metadata,
    sa.Column("region_id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("level", sa.String(16), nullable=False),
    sa.Column("parent_id", sa.String(32)),
)
feed_tokens_table = sa.Table(
    "feed_tokens",
    metadata,
    sa.Column("token_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("hint", sa.String(16), nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("region_id", sa.String(32), nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    _ts("issued_at"),
    sa.Column("issued_by", sa.String(128), nullable=False),
    _ts("revoked_at", True),
    sa.Column("revoked_by", sa.String(128)),
)
account_events_table = sa.Table(
    "account_events",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
    _ts("at"),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
)


def utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands timestamps back without a zone; they were written in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


# --- users ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    """A signed-in person. Only `name` is trusted by the store: role and region are
    re-read from the ``accounts`` table on every check."""

    name: str
    role: Role
    region_id: str | None = None
    region_name: str = ""
    display_name: str = ""
    source: str = "local"  # local | oidc | open

    @staticmethod
    def open_mode(name: str = "local") -> User:
        """The one user of a store that has no accounts yet (see the module docstring)."""
        return User(name=name, role="admin", source="open", display_name=name)

    @property
    def is_open(self) -> bool:
        return self.source == "open"

    def can(self, action: Action) -> bool:
        return self.is_open or action in PERMISSIONS.get(self.role, frozenset())

    def describe(self) -> str:
        """`name (role, region)` for messages and the app's sidebar."""
        if self.is_open:
            return f"{self.name}（未启用账户 / no accounts）"
        where = ""
        if self.region_id:
            where = f", {self.region_name} {self.region_id}".replace(",  ", ", ")
        return f"{self.name}（{ROLE_NAMES.get(self.role, self.role)}{where}）"


def require(user: User, action: Action) -> None:
    """Refuse (PermissionDenied) unless the user's role allows `action`."""
    if not user.can(action):
        log.info("refused: %s may not %s", user.name, action.value)
        raise PermissionDenied(
            [
                Problem(
                    "permission",
                    f"{user.describe()} 无权{_ZH_ACTION[action]} / may not {action.value}",
                )
            ]
        )


_ZH_ACTION = {
    Action.READ_RECORDS: "查看记录",
    Action.WRITE_RECORDS: "上报或修改记录",
    Action.READ_AUDIT: "查看审计记录",
    Action.READ_COMPLIANCE: "查看合规情况",
    Action.READ_FEEDS: "查看日历订阅",
    Action.PLAN: "规划和发布",
    Action.MANAGE_ACCOUNTS: "管理账户",
    Action.MANAGE_FEED_TOKENS: "管理日历订阅令牌",
}


def scope_key(user: User | None) -> str:
    """A cache-key part for data a user may see: equal for users who see the same data."""
    if user is None:
        return "anonymous"
    if user.is_open:
        return "open"
    return f"{user.role}:{user.region_id or '*'}"


# --- the region tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRow:
    region_id: str
    name: str
    level: str
    parent_id: str | None


def read_regions(conn: Connection) -> dict[str, RegionRow]:
    t = regions_table
    return {
        r.region_id: RegionRow(r.region_id, r.name, r.level, r.parent_id)
        for r in conn.execute(sa.select(t))
    }


def subtree(regions: Mapping[str, RegionRow], root: str) -> frozenset[str]:
    """`root` and every region below it."""
    children: dict[str, list[str]] = {}
    for r in regions.values():
        if r.parent_id:
            children.setdefault(r.parent_id, []).append(r.region_id)
    out, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return frozenset(out)


def has_accounts(conn: Connection) -> bool:
    return conn.execute(sa.select(accounts_table.c.username).limit(1)).first() is not None


def verify(conn: Connection, user: User) -> User:
    """The user as the database knows them now; refuses unknown or disabled accounts.

    Open mode is honoured only while the store has no account at all.
    """
    if user.is_open:
        if has_accounts(conn):
            raise PermissionDenied(
                [
                    Problem(
                        "login", "此数据库已启用账户，请先登录 / this store has accounts: sign in"
                    )
                ]
            )
        return user
    row = conn.execute(
        sa.select(accounts_table).where(accounts_table.c.username == user.name)
    ).first()
    if row is None or row.disabled:
        what = "不存在" if row is None else "已停用"
        raise PermissionDenied(
            [Problem("login", f"账户 {user.name} {what} / account {user.name} is not active")]
        )
    name = ""
    if row.region_id:
        region = conn.execute(
            sa.select(regions_table.c.name).where(regions_table.c.region_id == row.region_id)
        ).scalar_one_or_none()
        name = region or ""
    return User(row.username, row.role, row.region_id, name, row.display_name, row.source)


def user_scope(conn: Connection, user: User) -> frozenset[str] | None:
    """The regions whose records `user` may see and (role permitting) write; None: all."""
    if user.is_open or user.role != "bureau":
        return None
    if not user.region_id:  # a bureau without a region sees nothing rather than everything
        return frozenset()
    return subtree(read_regions(conn), user.region_id)


# --- the authorized store ------------------------------------------------------------------


@dataclass(frozen=True)
class AuditEvent:
    """One change to one record: who, when, from which file (see `RecordStore.trail`)."""

    at: dt.datetime
    actor: str
    action: str  # inserted | edited | deleted
    record_id: str
    region_id: str
    source_file: str
    status: str = ""
    date: dt.date | None = None

    def as_row(self) -> dict[str, str]:
        return {
            "at": utc(self.at).isoformat(timespec="seconds"),
            "actor": self.actor,
            "action": self.action,
            "record_id": self.record_id,
            "region_id": self.region_id,
            "date": self.date.isoformat() if self.date else "",
            "status": self.status,
            "source_file": self.source_file,
        }


AUDIT_COLUMNS = ("at", "actor", "action", "record_id", "region_id", "date", "status", "source_file")


class AuthorizedStore:
    """A `RecordStore` as one user may use it: reads filtered to the user's scope,
    writes checked inside the write transaction (see the module docstring)."""

    def __init__(self, store: RecordStore, user: User) -> None:
        self.store = store
        self.user = user

    # --- checks ------------------------------------------------------------------------

    def _current(self, action: Action) -> tuple[User, frozenset[str] | None]:
        with self.store.engine.connect() as conn:
            user = verify(conn, self.user)
            require(user, action)
            return user, user_scope(conn, user)

    def scope(self) -> frozenset[str] | None:
        """The region ids this user may read; None means every region."""
        return self._current(Action.READ_RECORDS)[1]

    def _write_guard(self, source: str, rows: Sequence[int] | None) -> Any:
        def guard(conn: Connection, records: list[Record], stored: Mapping[str, Any]) -> str:
            user = verify(conn, self.user)
            require(user, Action.WRITE_RECORDS)
            scope = user_scope(conn, user)
            if scope is None:
                return user.name
            names = {r.region_id: r.name for r in read_regions(conn).values()}
            mine = f"{user.region_id} {names.get(user.region_id or '', '')}".strip()
            problems: list[Problem] = []
            for i, r in enumerate(records):
                row = rows[i] if rows is not None and i < len(rows) else None
                at = "" if row is not None else f"record {r.record_id}: "
                if r.region_id not in scope:
                    problems.append(
                        Problem(
                            source or "records",
                            f"{at}地区 {r.region_id} {names.get(r.region_id, '')} 不在你的辖区"
                            f"（{mine} 及其下级）内 / region {r.region_id} is outside your "
                            f"region {mine} and its subdivisions",
                            row=row,
                            column="region_id",
                        )
                    )
                    continue
                old = stored.get(r.record_id)
                if old is not None and old["region_id"] not in scope:
                    problems.append(
                        Problem(
                            source or "records",
                            f"{at}记录 {r.record_id} 属于 {old['region_id']} "
                            f"{names.get(old['region_id'], '')}，不能修改 / record "
                            f"{r.record_id} belongs to region {old['region_id']}, outside yours",
                            row=row,
                            column="record_id",
                        )
                    )
            if problems:
                problems.append(
                    Problem(
                        source or "records",
                        f"整个文件被拒绝，没有保存任何记录 / the whole file was refused: "
                        f"nothing was stored ({len(problems)} of {len(records)} rows outside "
                        f"{mine})",
                    )
                )
                log.info(
                    "refused write by %s: %d rows outside %s", user.name, len(problems) - 1, mine
                )
                raise PermissionDenied(problems)
            return user.name

        return guard

    # --- writing -----------------------------------------------------------------------

    def import_records(self, path: str | Path, progress: Progress | None = None) -> ImportSummary:
        """Validate a records file and store it as this user, all rows or none."""
        from monitor.records import ALIASES, parse_sheet
        from scheduler.tables import read_table

        p = Path(path)
        if not p.is_file():
            raise InputError([Problem(str(p), "no such records file")])
        sheet = read_table(p, ALIASES)
        records = parse_sheet(sheet)
        rows = [row for row, _ in sheet.rows]
        return self.store_records(
            records,
            source=str(p),
            progress=progress,
            rows=rows if len(rows) == len(records) else None,
        )

    def store_records(
        self,
        records: list[Record],
        source: str = "",
        progress: Progress | None = None,
        rows: Sequence[int] | None = None,
    ) -> ImportSummary:
        """Store validated records (rows: their file row numbers, for messages)."""
        return self.store.store(
            records, source=source, progress=progress, guard=self._write_guard(source, rows)
        )

    def delete(self, record_ids: Iterable[str], source: str = "") -> int:
        """Delete records (all or none); each deleted version goes to the audit."""
        return self.store.delete(
            list(record_ids), source=source, guard=self._write_guard(source, None)
        )

    # --- reading -------------------------------------------------------------------------

    def count(self) -> int:
        scope = self.scope()
        return self.store.count() if scope is None else len(self.store.records(scope))

    def records(self) -> list[Record]:
        return self.store.records(self.scope())

    def frame(self) -> pd.DataFrame:
        return self.store.frame(self.scope())

    def export(self, path: str | Path) -> int:
        return self.store.export(path, regions=self.scope())

    def audit(self, record_id: str | None = None) -> list[dict[str, Any]]:
        _, scope = self._current(Action.READ_AUDIT)
        return self.store.audit(record_id, regions=scope)

    def trail(self, record_id: str | None = None, actor: str | None = None) -> list[AuditEvent]:
        """Who inserted, edited or deleted which record, when, from which file."""
        _, scope = self._current(Action.READ_AUDIT)
        return self.store.trail(record_id=record_id, actor=actor, regions=scope)

    def imports(self) -> list[dict[str, Any]]:
        """The import log; a bureau sees its own imports only."""
        user, scope = self._current(Action.READ_AUDIT)
        rows = self.store.imports()
        return rows if scope is None else [r for r in rows if r["actor"] == user.name]


def with_region_name(user: User, regions: Mapping[str, RegionRow]) -> User:
    if user.region_id and user.region_id in regions:
        return replace(user, region_name=regions[user.region_id].name)
    return user
