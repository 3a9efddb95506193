"""One schema (issue 10): upgrading an empty database gives exactly `db.schema.metadata`,
on a real SQLite file and a real PostgreSQL server, and old databases upgrade in place."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from db import Database
from db.migrate import VERSION_TABLE, current, head
from db.schema import APPEND_ONLY, metadata


def _plain(default: str | None) -> str | None:
    """A server default without the quoting, brackets and casts each database adds."""
    if default is None:
        return None
    text = default.strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = re.sub(r"::[a-z ]+$", "", text)
    return text.strip("'")


def _same_default(
    context: Any,
    inspected_column: Any,
    metadata_column: Any,
    inspected_default: str | None,
    metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool | None:
    if _plain(inspected_default) == _plain(rendered_metadata_default):
        return False
    return None  # Alembic's own comparison decides


def differences(database: Database) -> list[Any]:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": _same_default,
                "include_name": lambda name, kind, parent: name != VERSION_TABLE,
            },
        )
        return list(compare_metadata(context, metadata))


def test_an_upgraded_empty_database_is_exactly_the_metadata(db_url: str) -> None:
    with Database(db_url) as database:
        assert differences(database) == []
        with database.connect() as conn:
            assert current(conn) == head() == "0003"
        assert set(sa.inspect(database.engine).get_table_names()) == {
            *metadata.tables,
            VERSION_TABLE,
        }


def test_the_comparison_sees_a_difference(db_url: str) -> None:
    """The test above could fail: a column the migrations never made is found missing."""
    with Database(db_url) as database:
        with database.begin() as conn:
            conn.execute(sa.text("DROP INDEX ix_audit_subject"))
        found = differences(database)
    assert [d[0] for d in found] == ["add_index"]


def _row(table: sa.Table) -> dict[str, Any]:
    """A row of dummy values for every required column."""
    import datetime as dt

    values: dict[str, Any] = {}
    for c in table.columns:
        if c.nullable or c.server_default is not None or c.autoincrement is True:
            continue
        python = c.type.python_type
        values[c.name] = {
            str: "x",
            bytes: b"x",
            int: 1,
            float: 1.0,
            bool: False,
            dt.date: dt.date(2024, 7, 1),
            dt.datetime: dt.datetime(2024, 7, 1, tzinfo=dt.UTC),
        }[python]
    return values


def test_every_append_only_table_refuses_changes(db_url: str) -> None:
    with Database(db_url) as database:
        with database.begin() as conn:  # publications need a plan, which needs a scenario
            conn.execute(
                sa.insert(metadata.tables["scenarios"]),
                [{**_row(metadata.tables["scenarios"]), "scenario_id": 1}],
            )
            conn.execute(
                sa.insert(metadata.tables["plans"]),
                [{**_row(metadata.tables["plans"]), "plan_id": 1, "scenario_id": 1}],
            )
            for table in APPEND_ONLY:
                row = _row(metadata.tables[table])
                if table == "publications":
                    row["plan_id"] = 1
                conn.execute(sa.insert(metadata.tables[table]), [row])
        for table in APPEND_ONLY:
            for statement in (f"DELETE FROM {table}", f"UPDATE {table} SET actor = actor"):
                if "actor" in statement and "actor" not in metadata.tables[table].c:
                    continue
                with (
                    pytest.raises(sa.exc.DBAPIError, match="append-only"),
                    database.begin() as conn,
                ):
                    conn.execute(sa.text(statement))


def _revision_0002_database(path: Path) -> None:
    """A database as fairplan left it before this schema: revisions 0001 and 0002 only."""
    from alembic import command

    from db.migrate import _config

    engine = sa.create_engine(f"sqlite:///{path}")
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    engine.dispose()


def test_a_revision_0002_database_upgrades_and_keeps_one_record_per_fair(tmp_path: Path) -> None:
    """Regression (issue 10): a fair reported by file and marked in the app had two records;
    the upgrade keeps the newer one and moves the other to the audit as deleted."""
    path = tmp_path / "old.db"
    _revision_0002_database(path)
    with sqlite3.connect(path) as raw:
        raw.executemany(
            "INSERT INTO records (record_id, region_id, kind, date, status, event_id, venue,"
            " employers, source_file, imported_at, imported_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                ("R1", "150100", "specialized", "2024-07-05", "held", "E1", "", 60, "july.csv",
                 "2024-07-06 10:00:00", "hohhot"),
                ("E-E1", "150100", "specialized", "2024-07-05", "held", "E1", "", 65,
                 "marked:150100", "2024-07-07 10:00:00", "hohhot"),
                ("R2", "150100", "specialized", "2024-07-12", "held", "E2", "", 50, "july.csv",
                 "2024-07-06 10:00:00", "hohhot"),
            ],
        )  # fmt: skip
    with Database(str(path)) as database:
        assert differences(database) == []
        with database.connect() as conn:
            kept = conn.execute(sa.text("SELECT record_id, employers FROM records")).all()
            moved = conn.execute(
                sa.text("SELECT record_id, action, replaced_by FROM records_audit")
            ).all()
    assert sorted(kept) == [("E-E1", 65), ("R2", 50)]
    assert moved == [("R1", "deleted", "(migration 0003)")]


def test_two_first_opens_of_a_new_database_do_not_race(tmp_path: Path) -> None:
    """Regression (issue 11): two processes opening a new database at once both ran the
    migrations, and one failed on a table the other had just made (1 run in 3)."""
    import subprocess
    import sys

    code = "import sys; from db import Database; Database(sys.argv[1]).close()"
    for attempt in range(4):
        path = tmp_path / f"new-{attempt}.db"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(path)],
                stderr=subprocess.PIPE,
                cwd=Path(__file__).parents[2],
            )
            for _ in range(3)
        ]
        errors = [p.communicate(timeout=120)[1].decode() for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], errors
        with Database(str(path)) as database:
            assert differences(database) == []


def test_a_new_sqlite_store_is_private_to_its_owner(tmp_path: Path) -> None:
    """Regression (issue 11): the store, with password hashes, was created world-readable."""
    path = tmp_path / "new" / "store.db"
    with Database(str(path)) as database, database.begin() as conn:
        conn.execute(sa.text("SELECT 1"))
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    for extra in path.parent.iterdir():  # the WAL files too
        assert extra.stat().st_mode & 0o077 == 0, extra
