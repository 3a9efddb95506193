"""Who may do what: roles, actions, the signed-in `User`, and checking them against the store.

Four roles:

============  ==============================================================
``planner``   plans and publishes for the province; reads every record and plan
``bureau``    bound to one region: reads, imports, edits and deletes the records
              of that region and of its descendants only; sees its own region's
              published fairs, feeds, compliance and audit trail
``inspector`` reads everything (records, plans, compliance, audit), writes nothing
``admin``     manages accounts and private feed tokens; reads everything
============  ==============================================================

The checks live in the data layer, not in the app's menus: every store call that
matters takes the `User` and re-reads the account from the database with `verify`
inside its own transaction, so a disabled account or a changed role takes effect at
once, and a hand-built `User` cannot widen its own rights.

Open mode: a store without any account accepts `User.open_mode()`; the first account
ends open mode for good.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, get_args

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from db.schema import accounts as accounts_table
from db.schema import regions as regions_table
from scheduler.errors import Problem, Refused
from texts import tr

log = logging.getLogger("fairplan.auth")

Role = Literal["planner", "bureau", "inspector", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)


class Action(StrEnum):
    READ_RECORDS = "read records"
    WRITE_RECORDS = "write records"
    READ_AUDIT = "read the audit trail"
    READ_COMPLIANCE = "read compliance"
    READ_FEEDS = "read feeds"
    READ_PLANS = "read every plan"
    PLAN = "plan and publish"
    MANAGE_ACCOUNTS = "manage accounts"
    MANAGE_FEED_TOKENS = "manage feed tokens"


_READ = {Action.READ_RECORDS, Action.READ_AUDIT, Action.READ_COMPLIANCE, Action.READ_FEEDS}
#: role → what it may do; a bureau's rights are further limited to its region scope
#: (a bureau reads the published plan of its region, not every plan: no READ_PLANS)
PERMISSIONS: dict[str, frozenset[Action]] = {
    "planner": frozenset({*_READ, Action.READ_PLANS, Action.PLAN}),
    "bureau": frozenset({*_READ, Action.WRITE_RECORDS}),
    "inspector": frozenset({*_READ, Action.READ_PLANS}),
    "admin": frozenset(
        {*_READ, Action.READ_PLANS, Action.MANAGE_ACCOUNTS, Action.MANAGE_FEED_TOKENS}
    ),
}


class AuthError(Refused):
    """Signing in failed (wrong name or password, locked, disabled, expired)."""

    def __init__(self, message: str) -> None:
        super().__init__([Problem(tr("where_login"), message)])
        self.message = message


class PermissionDenied(Refused):
    """The user may not do this; carries one problem per refused row or reason."""


def role_name(role: str) -> str:
    """The role in the user's language (规划员, planner, …)."""
    return tr(f"role_{role}") if role in ROLES else role


def action_name(action: Action) -> str:
    return tr(f"action_{action.name.lower()}")


@dataclass(frozen=True)
class User:
    """A signed-in person. Only `name` is trusted by the store: role and region are
    re-read from the ``accounts`` table on every check (`verify`)."""

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
            return tr("user_open", name=self.name)
        where = " ".join(x for x in (self.region_name, self.region_id or "") if x)
        if where:
            return tr("user_in_region", name=self.name, role=role_name(self.role), region=where)
        return tr("user_role", name=self.name, role=role_name(self.role))


def require(user: User, action: Action) -> None:
    """Refuse (PermissionDenied) unless the user's role allows `action`."""
    if not user.can(action):
        log.info("refused: %s may not %s", user.name, action.value)
        raise PermissionDenied(
            [
                Problem(
                    tr("where_permission"),
                    tr("may_not", who=user.describe(), action=action_name(action)),
                )
            ]
        )


def scope_key(user: User | None) -> str:
    """A cache-key part for data a user may see: equal for users who see the same data."""
    if user is None:
        return "anonymous"
    if user.is_open:
        return "open"
    return f"{user.role}:{user.region_id or '*'}"


def has_accounts(conn: Connection) -> bool:
    return conn.execute(sa.select(accounts_table.c.username).limit(1)).first() is not None


def verify(conn: Connection, user: User) -> User:
    """The user as the database knows them now; refuses unknown or disabled accounts.

    Open mode is honoured only while the store has no account at all.
    """
    if user.is_open:
        if has_accounts(conn):
            raise PermissionDenied([Problem(tr("where_login"), tr("sign_in_needed"))])
        return user
    row = conn.execute(
        sa.select(accounts_table).where(accounts_table.c.username == user.name)
    ).first()
    if row is None or row.disabled:
        raise PermissionDenied([Problem(tr("where_login"), tr("account_not_active"))])
    name = ""
    if row.region_id:
        region = conn.execute(
            sa.select(regions_table.c.name).where(regions_table.c.region_id == row.region_id)
        ).scalar_one_or_none()
        name = region or ""
    return User(row.username, row.role, row.region_id, name, row.display_name, row.source)


def acting_admin(conn: Connection, actor: User | None, action: Action) -> str:
    """The acting admin's name for `action`; None is allowed only while the store has no
    account (setting up: the first admin, the first region tree)."""
    if actor is None:
        if has_accounts(conn):
            raise PermissionDenied([Problem(tr("where_login"), tr("sign_in_admin"))])
        return "(setup)"
    user = verify(conn, actor)
    require(user, action)
    return user.name
