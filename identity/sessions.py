"""App sessions: a random token per sign-in, only its SHA-256 in the store.

`start` returns a token that expires after `ttl` (8 hours by default); `user` refuses
expired tokens and disabled accounts (so disabling an account ends its sessions at
once, and `Accounts.set_password` ends them too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from db import Database, utc
from db.schema import sessions
from identity.accounts import Accounts
from identity.users import PermissionDenied, User, verify

SESSION_TTL = dt.timedelta(hours=8)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Session:
    token: str  # give it to the client; the store keeps only its hash
    user: User
    expires_at: dt.datetime


class Sessions:
    """The sessions of one store (its clock is the accounts' clock)."""

    def __init__(self, accounts: Accounts, ttl: dt.timedelta = SESSION_TTL) -> None:
        self.accounts = accounts
        self.db: Database = accounts.db
        self.ttl = ttl

    def login(self, username: str, password: str) -> Session:
        """Sign in with a password and open a session."""
        return self.start(self.accounts.authenticate(username, password))

    def start(self, user: User) -> Session:
        """A session for an already-authenticated user (a password or a single sign-on)."""
        token = secrets.token_urlsafe(32)
        now = self.accounts.now()
        expires = now + self.ttl
        with self.db.begin() as conn:
            conn.execute(sa.delete(sessions).where(sessions.c.expires_at < now))
            conn.execute(
                sa.insert(sessions),
                [
                    {
                        "token_hash": sha256(token),
                        "username": user.name,
                        "created_at": now,
                        "expires_at": expires,
                    }
                ],
            )
        return Session(token, user, expires)

    def user(self, token: str) -> User | None:
        """The user of a live session; None when unknown, expired, or the account is disabled."""
        if not token:
            return None
        s = sessions
        with self.db.connect() as conn:
            row = conn.execute(sa.select(s).where(s.c.token_hash == sha256(token))).first()
            if row is None or utc(row.expires_at) <= self.accounts.now():
                return None
            try:
                return verify(conn, User(row.username, "planner"))
            except PermissionDenied:
                return None

    def end(self, token: str) -> None:
        with self.db.begin() as conn:
            conn.execute(sa.delete(sessions).where(sessions.c.token_hash == sha256(token)))
