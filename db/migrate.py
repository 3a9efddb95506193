"""Bring a database to the newest schema revision (Alembic, run in-process).

Every `Database` calls `migrate` when it is opened. Two processes opening a new
database at the same moment must not both create its tables (issue 11: "two first
opens raced in migrations, 1 run in 3"), so the upgrade runs under a lock that lasts
until its transaction commits: SQLite's write lock (``BEGIN IMMEDIATE``; the other
process waits, then finds the schema current) or a PostgreSQL transaction-level
advisory lock. Both databases run DDL inside the transaction, so a failed migration
leaves nothing half-done.

The version table keeps its historical name, ``monitor_alembic_version``, so that
databases made before the schema moved to `db` upgrade in place.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from db.engine import Database

VERSION_TABLE = "monitor_alembic_version"
SCRIPTS = Path(__file__).with_name("migrations")
#: any constant: the key of the PostgreSQL advisory lock held while migrating
_PG_LOCK = 0x66A1_7011


def _config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    return cfg


@cache
def head() -> str:
    """The newest revision of the migration scripts."""
    from alembic.script import ScriptDirectory

    found = ScriptDirectory.from_config(_config()).get_current_head()
    assert found is not None
    return found


def current(conn: Connection) -> str | None:
    """The revision a database is at; None when it has no schema yet."""
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def migrate(database: Database) -> None:
    """Upgrade to `head()` unless already there (cheap: one query when current)."""
    with database.connect() as conn:
        if current(conn) == head():
            return
    engine = database.engine
    with engine.connect() as conn:
        if database.is_sqlite:
            # batch migrations copy tables: with foreign keys on, dropping the old copy
            # of a parent table would cascade into its children (a pragma that only
            # takes effect outside a transaction, hence here, first)
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")
            if database.path is not None:
                raw.execute("PRAGMA journal_mode = WAL")
        conn = conn.execution_options(fairplan_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            if current(conn) != head():
                from alembic import command

                cfg = _config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        if database.is_sqlite:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = ON")
