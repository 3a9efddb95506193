"""Where the store lives and how fairplan talks to it: URLs, engines, one `Database`.

The store is SQLite by default — a file in the user's data directory
(``$XDG_DATA_HOME/fairplan/fairplan.db``, usually ``~/.local/share/fairplan/``; an older
``records.db`` there is used when it exists) — or the path/URL in ``$FAIRPLAN_DB``, or
the one given with ``--db``. A ``postgresql://`` URL uses PostgreSQL through psycopg 3.

What `Database` takes care of, so that no caller has to:

- the schema is migrated when a database is opened (`db.migrate`), safely when two
  processes open a new database at the same moment;
- a new SQLite file is created readable by its owner only (mode 0600; it holds
  password hashes), its folder 0700 when fairplan creates it;
- SQLite waits for a busy database (``busy_timeout``, 30 s by default) instead of
  failing at once, and write transactions take the write lock when they begin
  (``BEGIN IMMEDIATE``), so two writers never deadlock on a lock upgrade; what still
  cannot get through becomes `StoreBusy` — a message, never a traceback;
- statement parameters are hidden from logs and error messages (no password hash or
  token ever reaches a log);
- `masked_url` is what may be shown: never a password.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from scheduler.errors import FairplanError, InputError, Problem
from texts import tr

ENV_VAR = "FAIRPLAN_DB"
TIMEOUT_ENV = "FAIRPLAN_DB_TIMEOUT"
DEFAULT_TIMEOUT = 30.0  # seconds a writer waits for a busy SQLite database
DEFAULT_FILE = "fairplan.db"
LEGACY_FILE = "records.db"  # the name before the store held more than records


class StoreBusy(FairplanError):
    """The database stayed locked by another writer for longer than the timeout."""

    exit_code = 1


def utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands timestamps back without a zone; fairplan writes them in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def data_dir() -> Path:
    """Where fairplan keeps user data (the XDG convention; the platform's own elsewhere)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "fairplan"


def default_path() -> Path:
    """The default SQLite file: ``fairplan.db`` in `data_dir`, or an existing ``records.db``."""
    folder = data_dir()
    legacy = folder / LEGACY_FILE
    if not (folder / DEFAULT_FILE).exists() and legacy.exists():
        return legacy
    return folder / DEFAULT_FILE


def resolve_url(db: str | None = None) -> str:
    """The database URL: `db`, else $FAIRPLAN_DB, else the SQLite file of `default_path`.

    A plain path means a SQLite file; ``postgresql://`` and ``postgres://`` URLs use
    the psycopg 3 driver. Nothing is created here.
    """
    target = (db or os.environ.get(ENV_VAR) or "").strip()
    if not target:
        return f"sqlite:///{default_path()}"
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if target.startswith(prefix):
            return "postgresql+psycopg://" + target[len(prefix) :]
    return target


def mask(url: str) -> str:
    """The URL without its password (``postgresql://fairplan:***@db/fairplan``)."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        return "…"
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _private_file(path: Path) -> None:
    """Create the SQLite file (and the folder) for its owner only, before SQLite does."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _timeout() -> float:
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise InputError([Problem(TIMEOUT_ENV, tr("db_bad_timeout", value=raw))])
    return value


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text


class Database:
    """One database: its URL, an engine for reads and `begin()` for write transactions."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = resolve_url(url)
        self.timeout = _timeout()
        path = sqlite_path(self.url)
        self.path = path
        if path is not None:
            _private_file(path)
        self.engine: Engine = sa.create_engine(
            self.url,
            hide_parameters=True,
            **({"connect_args": {"timeout": self.timeout}} if path is not None else {}),
        )
        if self.is_sqlite:
            _sqlite_events(self.engine, self.timeout)
        sa.event.listen(self.engine, "handle_error", self._handle_error)
        # writes: BEGIN IMMEDIATE on SQLite (see the module docstring)
        self._writer = self.engine.execution_options(fairplan_write=True)
        if migrate:
            from db.migrate import migrate as _migrate

            _migrate(self)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def masked_url(self) -> str:
        return mask(self.url)

    def _handle_error(self, context: Any) -> None:
        if _is_busy(context.original_exception):
            raise StoreBusy(
                [Problem(self.masked_url, tr("db_busy", seconds=f"{self.timeout:g}"))]
            ) from context.original_exception

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: committed at the end of the block, rolled back on error."""
        with self._writer.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reading."""
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({self.masked_url!r})"


def _sqlite_events(engine: Engine, timeout: float) -> None:
    """Transactions begun by fairplan, not by the driver: BEGIN IMMEDIATE for writes."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver emits no BEGIN of its own
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("fairplan_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
