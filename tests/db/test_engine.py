"""Reaching the store: URLs, a busy SQLite database, what may be shown of a URL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import Database, StoreBusy, mask
from monitor.records import Record
from monitor.store import RecordStore
from tests.monitor.conftest import CITY, D

ROOT = Path(__file__).parents[2]


def test_a_password_in_a_url_is_never_shown() -> None:
    url = "postgresql+psycopg://fairplan:s3cret@db.hrss.local:5432/fairplan"
    assert "s3cret" not in mask(url) and "db.hrss.local" in mask(url)
    assert (
        mask("sqlite:////var/lib/fairplan/fairplan.db") == "sqlite:////var/lib/fairplan/fairplan.db"
    )


def test_a_database_locked_too_long_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 11): lock contention over 5 s ended in a raw "database is locked"
    traceback. Now a writer waits (FAIRPLAN_DB_TIMEOUT, 30 s by default), then says why."""
    path = tmp_path / "busy.db"
    Database(str(path)).close()
    monkeypatch.setenv("FAIRPLAN_DB_TIMEOUT", "0.3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with RecordStore(str(path)) as store:
            with pytest.raises(StoreBusy) as err:
                store.store([Record("A", CITY, "specialized", D(2024, 7, 9), "held")])
            assert "0.3" in str(err.value) and err.value.exit_code == 1
            assert store.count() == 0  # reading still works meanwhile (WAL)
        proc = subprocess.run(
            [sys.executable, "-m", "ui.cli", "records", "delete", "A", "--db", str(path)],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
            env={**_env(), "FAIRPLAN_DB_TIMEOUT": "0.3"},
        )  # fmt: skip
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr and "数据库正忙" in proc.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with RecordStore(str(path)) as store:  # and once the lock is gone, the write goes through
        store.store([Record("A", CITY, "specialized", D(2024, 7, 9), "held")])
        assert store.count() == 1


def test_a_writer_waits_for_another_instead_of_failing(tmp_path: Path) -> None:
    """Two processes importing into one SQLite file at once: both succeed."""
    path = tmp_path / "two.db"
    Database(str(path)).close()
    code = (
        "import sys, datetime as dt\n"
        "from monitor.records import Record\nfrom monitor.store import RecordStore\n"
        "s = RecordStore(sys.argv[1])\n"
        "for i in range(30):\n"
        "    s.store([Record(f'{sys.argv[2]}{i}', '150100', 'specialized', dt.date(2024, 7, 9),"
        " 'held')], actor=sys.argv[2])\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path), who], cwd=ROOT,
                         stderr=subprocess.PIPE, env=_env())
        for who in ("a", "b")
    ]  # fmt: skip
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    with RecordStore(str(path)) as store:
        assert store.count() == 60


def test_bad_timeout_setting_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scheduler.errors import InputError

    monkeypatch.setenv("FAIRPLAN_DB_TIMEOUT", "soon")
    with pytest.raises(InputError, match="FAIRPLAN_DB_TIMEOUT"):
        Database(str(tmp_path / "x.db"))


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "FAIRPLAN_DB"}
