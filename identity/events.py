"""The account audit: who added, disabled or changed which account, when (append-only)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from db.schema import account_events


def account_event(
    conn: Connection, at: dt.datetime, actor: str, action: str, username: str, detail: str = ""
) -> None:
    conn.execute(
        sa.insert(account_events),
        [{"at": at, "actor": actor, "action": action, "username": username, "detail": detail}],
    )
