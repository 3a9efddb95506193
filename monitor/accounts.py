"""Accounts in the records store (issue 7): passwords, sign-in, sessions, feed tokens.

- Passwords are hashed with argon2id (`argon2-cffi`, its default parameters, rehashed
  on sign-in when those change). A hash is never returned by any read method, never
  logged, never exported; `AccountInfo` has no field for it.
- Brute force: after `MAX_FAILURES` wrong passwords in a row an account is locked for
  `LOCK_MINUTES`, recorded in the ``accounts`` row (so every app process and the CLI
  see the same lock). While locked even the right password is refused. An unknown
  name costs the same argon2 work as a known one and gets the same message.
- Sessions: `login` returns a random token (only its SHA-256 is stored) that expires
  after `session_ttl` (8 hours by default); `session_user` refuses expired tokens and
  disabled accounts.
- Single sign-on: `sso_user` maps an OIDC identity (see `sso_identity`) to an account
  of source ``oidc`` without a password; an admin can disable it like any other.
- No default password: the first account can only be an admin, created without
  signing in while the store has no account (``fairplan users add NAME --role admin``);
  every later change needs a signed-in admin.
- Private feed tokens reuse the feed server's tokens file (`calendars.server.TokenFile`):
  issuing appends lines ``<token> <region_id> fairplan:<user>`` for the bureau's region
  and each of its descendants; revoking or disabling rewrites the file without them.
  The store keeps only a SHA-256 of each token and its first characters (the hint).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection

from monitor.auth import (
    ROLES,
    Action,
    AuthError,
    PermissionDenied,
    RegionRow,
    Role,
    User,
    account_events_table,
    accounts_table,
    feed_tokens_table,
    has_accounts,
    read_regions,
    regions_table,
    require,
    sessions_table,
    subtree,
    utc,
    verify,
)
from monitor.store import RecordStore
from scheduler.errors import InputError, Problem

log = logging.getLogger("fairplan.auth")

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_TTL = dt.timedelta(hours=8)
MIN_PASSWORD = 10
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-")
TOKEN_TAG = "fairplan:"  # label prefix of the lines this module writes into a tokens file

WRONG = "用户名或密码错误 / wrong username or password"


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


@dataclass(frozen=True)
class Session:
    token: str  # give it to the client; the store keeps only its hash
    user: User
    expires_at: dt.datetime


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_password(password: str, username: str) -> None:
    """A password policy a bureau can live with: long enough, not the user name."""
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(f"密码至少 {MIN_PASSWORD} 个字符 / at least {MIN_PASSWORD} characters")
    if password.strip().lower() == username.lower():
        problems.append("密码不能与用户名相同 / must differ from the user name")
    if problems:
        raise InputError([Problem("password", p) for p in problems])


class Accounts:
    """Accounts, sessions, regions and feed tokens of one `RecordStore`."""

    def __init__(
        self,
        store: RecordStore,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        session_ttl: dt.timedelta = SESSION_TTL,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.store = store
        self.engine = store.engine
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.session_ttl = session_ttl
        self.hasher = hasher or PasswordHasher()
        self._dummy_hash = ""  # verified against for unknown names (made on first need)

    def _dummy(self) -> str:
        if not self._dummy_hash:
            self._dummy_hash = self.hasher.hash(secrets.token_hex(16))
        return self._dummy_hash

    def now(self) -> dt.datetime:
        return utc(self.clock())

    def _event(
        self, conn: Connection, actor: str, action: str, username: str, detail: str = ""
    ) -> None:
        conn.execute(
            sa.insert(account_events_table),
            [
                {
                    "at": self.now(),
                    "actor": actor,
                    "action": action,
                    "username": username,
                    "detail": detail,
                }
            ],
        )

    def _admin(self, conn: Connection, actor: User | None, action: Action) -> str:
        """The admin's name; None is allowed only while the store has no account."""
        if actor is None:
            if has_accounts(conn):
                raise PermissionDenied(
                    [Problem("login", "需要管理员登录 / sign in as an admin (--as NAME)")]
                )
            return "(setup)"
        user = verify(conn, actor)
        require(user, action)
        return user.name

    # --- accounts ----------------------------------------------------------------------

    def has_accounts(self) -> bool:
        with self.engine.connect() as conn:
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
        problems = self._check_new(username, role, region_id)
        if password is None:
            problems.append(Problem("password", "a password is required (there is no default)"))
        if problems:
            raise InputError(problems)
        assert password is not None
        check_password(password, username)
        hashed = self.hasher.hash(password)
        now = self.now()
        with self.engine.begin() as conn:
            if actor is None and not has_accounts(conn) and role != "admin":
                raise InputError(
                    [
                        Problem(
                            "--role",
                            "第一个账户必须是管理员 / the first account must be an admin "
                            "(fairplan users add NAME --role admin)",
                        )
                    ]
                )
            who = self._admin(conn, actor, Action.MANAGE_ACCOUNTS)
            region_name = self._check_region(conn, role, region_id)
            if conn.execute(
                sa.select(accounts_table.c.username).where(accounts_table.c.username == username)
            ).first():
                raise InputError([Problem("username", f"account {username!r} already exists")])
            conn.execute(
                sa.insert(accounts_table),
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
            self._event(conn, who, "add", username, f"role={role} region={region_id or ''}")
        log.info("account %s added by %s (role %s)", username, who, role)
        return User(username, role, region_id, region_name, display_name)  # type: ignore[arg-type]

    @staticmethod
    def _check_new(username: str, role: str, region_id: str | None) -> list[Problem]:
        problems = []
        if not username or len(username) > 64 or not set(username) <= USERNAME_CHARS:
            problems.append(
                Problem("username", "use 1–64 letters, digits and . _ @ - (e.g. huhehaote.hrss)")
            )
        if role not in ROLES:
            problems.append(Problem("--role", f"role {role!r} is not one of {', '.join(ROLES)}"))
        if role == "bureau" and not region_id:
            problems.append(Problem("--region", "a bureau account needs its region (--region ID)"))
        if role != "bureau" and region_id:
            problems.append(Problem("--region", f"only bureau accounts have a region, not {role}"))
        return problems

    @staticmethod
    def _check_region(conn: Connection, role: str, region_id: str | None) -> str:
        if not region_id:
            return ""
        regions = read_regions(conn)
        if not regions:
            raise InputError(
                [
                    Problem(
                        "--region",
                        "the store has no regions yet: load a scenario's regions first "
                        "(fairplan users regions SCENARIO, or --scenario SCENARIO)",
                    )
                ]
            )
        if region_id not in regions:
            raise InputError(
                [Problem("--region", f"unknown region {region_id!r}: not in the store's regions")]
            )
        return regions[region_id].name

    def accounts(self, actor: User) -> list[AccountInfo]:
        with self.engine.connect() as conn:
            require(verify(conn, actor), Action.MANAGE_ACCOUNTS)
            t = accounts_table
            cols = [c for c in t.c if c.name != "password_hash"]
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
                for r in conn.execute(sa.select(*cols).order_by(t.c.username))
            ]

    def _existing(self, conn: Connection, username: str) -> Any:
        row = conn.execute(
            sa.select(accounts_table).where(accounts_table.c.username == username)
        ).first()
        if row is None:
            raise InputError([Problem("username", f"no account {username!r}")])
        return row

    def set_disabled(self, username: str, disabled: bool, actor: User) -> None:
        """Disable (or enable) an account; disabling ends its sessions and revokes its feed tokens."""
        with self.engine.begin() as conn:
            who = self._admin(conn, actor, Action.MANAGE_ACCOUNTS)
            self._existing(conn, username)
            if disabled and username == who:
                raise InputError([Problem("username", "an admin cannot disable their own account")])
            t = accounts_table
            conn.execute(sa.update(t).where(t.c.username == username).values(disabled=disabled))
            if disabled:
                conn.execute(sa.delete(sessions_table).where(sessions_table.c.username == username))
                self._revoke(conn, who, username=username)
            self._event(conn, who, "disable" if disabled else "enable", username)
        log.info("account %s %s by %s", username, "disabled" if disabled else "enabled", who)

    def set_password(self, username: str, password: str, actor: User) -> None:
        """An admin sets anyone's password; anyone else only their own. Clears a lock."""
        check_password(password, username)
        hashed = self.hasher.hash(password)
        with self.engine.begin() as conn:
            user = verify(conn, actor)
            if user.name != username:
                require(user, Action.MANAGE_ACCOUNTS)
            row = self._existing(conn, username)
            if row.source != "local":
                raise InputError([Problem("username", f"{username} signs in through SSO")])
            t = accounts_table
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
            conn.execute(sa.delete(sessions_table).where(sessions_table.c.username == username))
            self._event(conn, user.name, "set-password", username)
        log.info("password of %s set by %s", username, user.name)

    def events(self, actor: User) -> list[dict[str, Any]]:
        """Account changes (add, disable, password, lock, tokens): admins and inspectors."""
        with self.engine.connect() as conn:
            require(verify(conn, actor), Action.READ_AUDIT)
            q = sa.select(account_events_table).order_by(account_events_table.c.event_id)
            return [dict(r) for r in conn.execute(q).mappings()]

    # --- signing in --------------------------------------------------------------------

    def authenticate(self, username: str, password: str) -> User:
        """The user for a right name and password; AuthError otherwise (throttled).

        A failure is committed before it is reported, so the count survives the refusal.
        """
        now = self.now()
        t = accounts_table
        refusal = ""
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(t).where(t.c.username == username)).first()
            if row is None or row.password_hash is None:
                # the same work as for a real account: no timing hint of which names exist
                self._verify_password(self._dummy(), password)
                log.info("sign-in failed: unknown local account")
                refusal = WRONG
            elif row.locked_until is not None and utc(row.locked_until) > now:
                until = utc(row.locked_until).astimezone(dt.timezone(dt.timedelta(hours=8)))
                log.info("sign-in refused: %s is locked", username)
                refusal = (
                    f"尝试次数过多，账户已锁定至 {until:%H:%M} / too many attempts: "
                    f"locked until {until:%H:%M} (UTC+8)"
                )
            elif not self._verify_password(row.password_hash, password):
                self._failed(conn, username, now)
                refusal = WRONG
            elif row.disabled:
                log.info("sign-in refused: %s is disabled", username)
                refusal = f"账户 {username} 已停用 / account {username} is disabled"
            else:
                values: dict[str, Any] = {
                    "failed_logins": 0,
                    "locked_until": None,
                    "last_login_at": now,
                }
                if self.hasher.check_needs_rehash(row.password_hash):
                    values["password_hash"] = self.hasher.hash(password)
                conn.execute(sa.update(t).where(t.c.username == username).values(**values))
                user = verify(conn, User(username, row.role))
        if refusal:
            raise AuthError(refusal)
        log.info("signed in: %s", username)
        return user

    def _verify_password(self, hashed: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(hashed, password))
        except (VerificationError, InvalidHashError):
            return False

    def _failed(self, conn: Connection, username: str, now: dt.datetime) -> None:
        t = accounts_table
        where = t.c.username == username
        conn.execute(sa.update(t).where(where).values(failed_logins=t.c.failed_logins + 1))
        failures = int(conn.execute(sa.select(t.c.failed_logins).where(where)).scalar_one())
        log.info("sign-in failed for %s (%d of %d)", username, failures, MAX_FAILURES)
        if failures >= MAX_FAILURES:
            until = now + dt.timedelta(minutes=LOCK_MINUTES)
            conn.execute(
                sa.update(t)
                .where(t.c.username == username)
                .values(failed_logins=0, locked_until=until)
            )
            self._event(conn, "(sign-in)", "lock", username, f"{failures} failures")
            log.info("account %s locked for %d minutes", username, LOCK_MINUTES)

    def login(self, username: str, password: str) -> Session:
        """Sign in and open a session that expires after `session_ttl`."""
        user = self.authenticate(username, password)
        return self.start_session(user)

    def start_session(self, user: User) -> Session:
        """A session for an already-authenticated user (a password or a single sign-on)."""
        token = secrets.token_urlsafe(32)
        now = self.now()
        expires = now + self.session_ttl
        with self.engine.begin() as conn:
            conn.execute(sa.delete(sessions_table).where(sessions_table.c.expires_at < now))
            conn.execute(
                sa.insert(sessions_table),
                [
                    {
                        "token_hash": _sha256(token),
                        "username": user.name,
                        "created_at": now,
                        "expires_at": expires,
                    }
                ],
            )
        return Session(token, user, expires)

    def session_user(self, token: str) -> User | None:
        """The user of a live session; None when unknown, expired, or the account is disabled."""
        if not token:
            return None
        s = sessions_table
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(s).where(s.c.token_hash == _sha256(token))).first()
            if row is None or utc(row.expires_at) <= self.now():
                return None
            try:
                return verify(conn, User(row.username, "planner"))
            except PermissionDenied:
                return None

    def logout(self, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                sa.delete(sessions_table).where(sessions_table.c.token_hash == _sha256(token))
            )

    def sso_user(
        self, username: str, role: str, region_id: str | None, display_name: str = ""
    ) -> User:
        """The account for a single-sign-on identity, created or updated from its claims.

        A disabled account stays disabled (AuthError); a local account of the same
        name is not taken over.
        """
        problems = self._check_new(username, role, region_id)
        if problems:
            raise AuthError("; ".join(p.message for p in problems))
        now = self.now()
        t = accounts_table
        with self.engine.begin() as conn:
            try:
                self._check_region(conn, role, region_id)
            except InputError as exc:
                raise AuthError(exc.problems[0].message) from None
            row = conn.execute(sa.select(t).where(t.c.username == username)).first()
            if row is None:
                conn.execute(
                    sa.insert(t),
                    [
                        {
                            "username": username,
                            "role": role,
                            "region_id": region_id,
                            "display_name": display_name,
                            "password_hash": None,
                            "source": "oidc",
                            "disabled": False,
                            "failed_logins": 0,
                            "locked_until": None,
                            "created_at": now,
                            "created_by": "(sso)",
                            "password_changed_at": None,
                            "last_login_at": now,
                        }
                    ],
                )
                self._event(conn, "(sso)", "add", username, f"role={role} region={region_id or ''}")
            else:
                if row.source != "oidc":
                    raise AuthError(f"{username} 是本地账户 / {username} is a local account")
                if row.disabled:
                    raise AuthError(f"账户 {username} 已停用 / account {username} is disabled")
                if (row.role, row.region_id) != (role, region_id):
                    self._event(
                        conn, "(sso)", "claims", username, f"role={role} region={region_id or ''}"
                    )
                conn.execute(
                    sa.update(t)
                    .where(t.c.username == username)
                    .values(
                        role=role, region_id=region_id, display_name=display_name, last_login_at=now
                    )
                )
            return verify(conn, User(username, role))  # type: ignore[arg-type]

    # --- regions -----------------------------------------------------------------------

    def load_regions(self, regions: Iterable[Any], actor: User | None = None) -> int:
        """Store a scenario's region tree (`scheduler.model.Region`s), adding and updating.

        While the store has no account anyone may load it (setting up); afterwards an admin.
        """
        rows = [
            {
                "region_id": r.region_id,
                "name": r.name,
                "level": r.level,
                "parent_id": r.parent_id,
            }
            for r in regions
        ]
        with self.engine.begin() as conn:
            who = self._admin(conn, actor, Action.MANAGE_ACCOUNTS)
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
            self._event(conn, who, "regions", "*", f"{len(new)} added, {len(old)} updated")
        return len(rows)

    def regions(self) -> dict[str, RegionRow]:
        with self.engine.connect() as conn:
            return read_regions(conn)

    # --- private feed tokens ---------------------------------------------------------------

    def issue_feed_token(
        self, username: str, tokens_file: str | Path, actor: User, label: str = ""
    ) -> str:
        """A new secret token for `username`'s feeds; returned once, never stored in clear.

        A bureau's token opens its region's feed and each descendant's; other roles' `*`.
        """
        token = secrets.token_urlsafe(24)
        with self.engine.begin() as conn:
            who = self._admin(conn, actor, Action.MANAGE_FEED_TOKENS)
            row = self._existing(conn, username)
            if row.disabled:
                raise InputError([Problem("username", f"account {username} is disabled")])
            region = row.region_id or "*"
            regions = ["*"]
            if row.role == "bureau" and row.region_id:
                tree = read_regions(conn)
                regions = [row.region_id, *sorted(subtree(tree, row.region_id) - {row.region_id})]
            conn.execute(
                sa.insert(feed_tokens_table),
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
            self._event(conn, who, "issue-token", username, f"hint={token[:6]} region={region}")
            # the file is written inside the transaction: if it fails, nothing is recorded
            lines = [f"{token} {r} {TOKEN_TAG}{username} {label}".rstrip() for r in regions]
            _rewrite_tokens(Path(tokens_file), keep=lambda t: True, add=lines)
        log.info("feed token %s… issued to %s by %s", token[:6], username, who)
        return token

    def _revoke(
        self, conn: Connection, who: str, username: str | None = None, hint: str | None = None
    ) -> list[str]:
        t = feed_tokens_table
        q = sa.select(t.c.token_hash, t.c.hint).where(t.c.revoked_at.is_(None))
        if username is not None:
            q = q.where(t.c.username == username)
        if hint is not None:
            q = q.where(t.c.hint == hint)
        hashes = [r.token_hash for r in conn.execute(q)]
        if hashes:
            conn.execute(
                sa.update(t)
                .where(t.c.token_hash.in_(hashes))
                .values(revoked_at=self.now(), revoked_by=who)
            )
        return hashes

    def revoke_feed_tokens(
        self,
        tokens_file: str | Path,
        actor: User,
        *,
        username: str | None = None,
        hint: str | None = None,
    ) -> int:
        """Revoke a user's tokens (or the one with this hint) and drop them from the file."""
        if username is None and hint is None:
            raise InputError([Problem("revoke", "name the account or the token hint to revoke")])
        with self.engine.begin() as conn:
            who = self._admin(conn, actor, Action.MANAGE_FEED_TOKENS)
            hashes = self._revoke(conn, who, username=username, hint=hint)
            for h in hashes:
                self._event(conn, who, "revoke-token", username or "", f"sha256={h[:12]}")
            self._sync(conn, Path(tokens_file))
        log.info("%d feed token(s) revoked by %s", len(hashes), who)
        return len(hashes)

    def sync_tokens_file(self, tokens_file: str | Path) -> None:
        """Drop from the file every token the store knows as revoked or of a disabled account."""
        with self.engine.connect() as conn:
            self._sync(conn, Path(tokens_file))

    def _sync(self, conn: Connection, path: Path) -> None:
        t, a = feed_tokens_table, accounts_table
        known = {r.token_hash for r in conn.execute(sa.select(t.c.token_hash))}
        live = {
            r.token_hash
            for r in conn.execute(
                sa.select(t.c.token_hash)
                .join(a, a.c.username == t.c.username)
                .where(t.c.revoked_at.is_(None), a.c.disabled.is_(False))
            )
        }

        def keep(token: str) -> bool:
            h = _sha256(token)
            return h not in known or h in live  # lines written by hand are left alone

        if path.exists():
            _rewrite_tokens(path, keep=keep, add=[])

    def feed_tokens(self, actor: User) -> list[dict[str, Any]]:
        """Issued tokens (hint, account, region, issued, revoked) — never the token."""
        with self.engine.connect() as conn:
            require(verify(conn, actor), Action.MANAGE_FEED_TOKENS)
            t = feed_tokens_table
            cols = [c for c in t.c if c.name != "token_hash"]
            return [
                dict(r) for r in conn.execute(sa.select(*cols).order_by(t.c.token_id)).mappings()
            ]


def _rewrite_tokens(path: Path, keep: Callable[[str], bool], add: list[str]) -> None:
    """Rewrite a tokens file atomically (mode 0600), keeping comments and kept lines."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
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


# --- single sign-on ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SsoIdentity:
    username: str
    role: Role
    region_id: str | None
    display_name: str


def sso_identity(claims: Mapping[str, Any], settings: Mapping[str, Any]) -> SsoIdentity:
    """Map an OIDC identity's claims to a fairplan user, by the ``[fairplan_sso]`` settings.

    Settings (all optional): ``username_claim`` (default ``email``), ``role_claim``
    (default ``fairplan_role``), ``region_claim`` (default ``fairplan_region``),
    ``name_claim`` (default ``name``), ``roles`` (claim value → role; without it the
    value must be a role name), ``default_role`` (when the claim is absent; without it
    such users are refused). A list-valued claim (e.g. ``groups``) maps through its first
    value that `roles` knows. Raises AuthError when no role results.
    """
    username = str(claims.get(str(settings.get("username_claim", "email")), "") or "")
    if not username:
        username = str(claims.get("sub", "") or "")
    raw = claims.get(str(settings.get("role_claim", "fairplan_role")))
    mapping = {str(k): str(v) for k, v in dict(settings.get("roles", {}) or {}).items()}
    values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if v]
    role = ""
    for v in values:
        candidate = mapping.get(v, v if not mapping else "")
        if candidate in ROLES:
            role = candidate
            break
    if not role:
        role = str(settings.get("default_role", "") or "")
    if role not in ROLES:
        raise AuthError(
            "你的单位账号没有 fairplan 角色，请联系管理员 / your sign-in has no fairplan role: "
            "ask an admin"
        )
    region = claims.get(str(settings.get("region_claim", "fairplan_region")))
    region_id = str(region) if region and role == "bureau" else None
    name = str(claims.get(str(settings.get("name_claim", "name")), "") or "")
    return SsoIdentity(username, role, region_id, name)  # type: ignore[arg-type]
