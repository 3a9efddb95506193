"""Private feed tokens (issue 7): issued by an admin, kept in the store only as SHA-256.

The feed server reads its tokens file (lines ``<token> <region_id or *> [label]``, see
`calendars.server.TokenFile`); issuing appends lines ``<token> <region_id>
fairplan:<user>`` for a bureau's region and each of its descendants (other roles get
``*``); revoking, or disabling the account, rewrites the file without them. The store
keeps a SHA-256 of each token and its first characters (the hint), never the token.
The file is rewritten atomically, readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from db import Database, utc
from db.schema import accounts, feed_tokens
from identity.events import account_event
from identity.regions import read_regions, subtree
from identity.users import Action, User, acting_admin, require, verify
from scheduler.errors import InputError, Problem
from texts import tr

log = logging.getLogger("fairplan.auth")

TOKEN_TAG = "fairplan:"  # label prefix of the lines fairplan writes into a tokens file


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def revoke_tokens(
    conn: Connection,
    who: str,
    at: dt.datetime,
    *,
    username: str | None = None,
    hint: str | None = None,
) -> list[str]:
    """Mark live tokens (of `username`, or with `hint`) revoked; returns their hashes."""
    t = feed_tokens
    q = sa.select(t.c.token_hash).where(t.c.revoked_at.is_(None))
    if username is not None:
        q = q.where(t.c.username == username)
    if hint is not None:
        q = q.where(t.c.hint == hint)
    hashes = list(conn.execute(q).scalars())
    if hashes:
        conn.execute(
            sa.update(t).where(t.c.token_hash.in_(hashes)).values(revoked_at=at, revoked_by=who)
        )
    return hashes


class FeedTokens:
    """Issue, revoke and list private feed tokens; keep a tokens file in step."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.db = db
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def now(self) -> dt.datetime:
        return utc(self.clock())

    def issue(self, username: str, tokens_file: str | Path, actor: User, label: str = "") -> str:
        """A new secret token for `username`'s feeds; returned once, never stored in clear."""
        token = secrets.token_urlsafe(24)
        with self.db.begin() as conn:
            who = acting_admin(conn, actor, Action.MANAGE_FEED_TOKENS)
            row = conn.execute(sa.select(accounts).where(accounts.c.username == username)).first()
            if row is None:
                raise InputError([Problem(tr("where_username"), tr("no_account", name=username))])
            if row.disabled:
                raise InputError(
                    [Problem(tr("where_username"), tr("token_account_disabled", name=username))]
                )
            region = row.region_id or "*"
            regions = ["*"]
            if row.role == "bureau" and row.region_id:
                tree = read_regions(conn)
                regions = [row.region_id, *sorted(subtree(tree, row.region_id) - {row.region_id})]
            conn.execute(
                sa.insert(feed_tokens),
                [
                    {
                        "token_hash": _sha256(token),
                        "hint": token[:6],
                        "username": username,
                        "region_id": region,
                        "label": label,
                        "issued_at": self.now(),
                        "issued_by": who,
                        "revoked_at": None,
                        "revoked_by": None,
                    }
                ],
            )
            account_event(
                conn, self.now(), who, "issue-token", username, f"hint={token[:6]} region={region}"
            )
            # the file is written inside the transaction: if it fails, nothing is recorded
            lines = [f"{token} {r} {TOKEN_TAG}{username} {label}".rstrip() for r in regions]
            rewrite_tokens_file(Path(tokens_file), keep=lambda t: True, add=lines)
        log.info("feed token %s… issued to %s by %s", token[:6], username, who)
        return token

    def revoke(
        self,
        tokens_file: str | Path,
        actor: User,
        *,
        username: str | None = None,
        hint: str | None = None,
    ) -> int:
        """Revoke a user's tokens (or the one with this hint) and drop them from the file."""
        if username is None and hint is None:
            raise InputError([Problem("revoke", tr("token_revoke_what"))])
        with self.db.begin() as conn:
            who = acting_admin(conn, actor, Action.MANAGE_FEED_TOKENS)
            hashes = revoke_tokens(conn, who, self.now(), username=username, hint=hint)
            for h in hashes:
                account_event(
                    conn, self.now(), who, "revoke-token", username or "", f"sha256={h[:12]}"
                )
            self._sync(conn, Path(tokens_file))
        log.info("%d feed token(s) revoked by %s", len(hashes), who)
        return len(hashes)

    def sync_file(self, tokens_file: str | Path) -> None:
        """Drop from the file every token the store knows as revoked or of a disabled account."""
        with self.db.connect() as conn:
            self._sync(conn, Path(tokens_file))

    def _sync(self, conn: Connection, path: Path) -> None:
        t, a = feed_tokens, accounts
        known = set(conn.execute(sa.select(t.c.token_hash)).scalars())
        live = set(
            conn.execute(
                sa.select(t.c.token_hash)
                .join(a, a.c.username == t.c.username)
                .where(t.c.revoked_at.is_(None), a.c.disabled.is_(False))
            ).scalars()
        )

        def keep(token: str) -> bool:
            h = _sha256(token)
            return h not in known or h in live  # lines written by hand are left alone

        if path.exists():
            rewrite_tokens_file(path, keep=keep, add=[])

    def list(self, actor: User) -> list[dict[str, Any]]:
        """Issued tokens (hint, account, region, issued, revoked) — never the token."""
        with self.db.connect() as conn:
            require(verify(conn, actor), Action.MANAGE_FEED_TOKENS)
            t = feed_tokens
            cols = [c for c in t.c if c.name != "token_hash"]
            return [
                dict(r) for r in conn.execute(sa.select(*cols).order_by(t.c.token_id)).mappings()
            ]


def rewrite_tokens_file(path: Path, keep: Callable[[str], bool], add: list[str]) -> None:
    """Rewrite a tokens file atomically (mode 0600), keeping comments and kept lines.

    A file that is not UTF-8 (edited by hand in another encoding) is read with
    replacement characters: tokens are ASCII, so every token line survives.
    """
    lines = (
        path.read_bytes().decode("utf-8", errors="replace").splitlines() if path.exists() else []
    )
    out = []
    for line in lines:
        token = line.split("#", 1)[0].split(None, 1)
        if token and not keep(token[0]):
            continue
        out.append(line)
    out += add
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tokens-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(out) + ("\n" if out else ""))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
