"""Passwords: the policy a new password must meet, and the argon2id hasher.

Passwords are hashed with argon2id (`argon2-cffi`, its default parameters; a hash made
with older parameters is replaced at the next sign-in). A hash is never returned by
any read method, never logged, never exported.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from scheduler.errors import InputError, Problem
from texts import tr

MIN_PASSWORD = 10


def check_password(password: str, username: str) -> None:
    """A policy a bureau can live with: 10 characters or more, not counting spaces at the
    ends (ten spaces are no password), and not the user name."""
    problems = []
    if len(password.strip()) < MIN_PASSWORD:
        problems.append(tr("password_short", n=MIN_PASSWORD))
    if password.strip().lower() == username.lower():
        problems.append(tr("password_is_name"))
    if problems:
        raise InputError([Problem(tr("where_password"), p) for p in problems])


class Passwords:
    """Hash and verify; unknown names are verified against a dummy hash (same work)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()
        self._dummy = ""

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, hashed: str | None, password: str) -> bool:
        """True for the right password; `hashed` None costs the same work and is False."""
        if hashed is None:
            if not self._dummy:
                self._dummy = self.hasher.hash(secrets.token_hex(16))
            self._check(self._dummy, password)
            return False
        return self._check(hashed, password)

    def _check(self, hashed: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(hashed, password))
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        return bool(self.hasher.check_needs_rehash(hashed))
