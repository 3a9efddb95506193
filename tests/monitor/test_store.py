"""The records store: atomic and idempotent imports, audit, migrations — on a real SQLite
file and on a real PostgreSQL server (see `conftest.db_url`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

import monitor.store as store_mod
from db import resolve_url
from monitor.store import RecordStore
from scheduler.errors import InputError

HEADER = "record_id,region_id,kind,date,status,venue,employers\n"
ROWS = [f"A{i},150100,specialized,2024-07-{1 + i % 28:02d},held,HH-2,{i}\n" for i in range(25)]


def write(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def snapshot(store: RecordStore) -> tuple:
    return store.records(), store.audit(), len(store.imports())


def test_import_then_reimport_changes_nothing(db_url: str, tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", ROWS)
    with RecordStore(db_url) as store:
        first = store.import_records(path, actor="alice")
        assert (first.inserted, first.replaced, first.unchanged) == (25, 0, 0)
        before = store.records()
        again = store.import_records(path, actor="bob")
        assert (again.inserted, again.replaced, again.unchanged) == (0, 0, 25)
        assert store.records() == before
        assert store.audit() == []
    with RecordStore(db_url) as reopened:  # migrations run again on open: nothing to do
        assert reopened.records() == before and reopened.count() == 25


def test_changed_row_replaces_old_one_which_goes_to_the_audit(db_url: str, tmp_path: Path) -> None:
    with RecordStore(db_url) as store:
        store.import_records(write(tmp_path / "week1.csv", ROWS), actor="alice")
        changed = [
            *ROWS[:3],
            ROWS[3].replace("held", "cancelled"),
            *ROWS[4:],
            "B1,150121,comprehensive,2024-07-09,held,,\n",
        ]
        summary = store.import_records(write(tmp_path / "week2.csv", changed), actor="bob")
        assert (summary.inserted, summary.replaced, summary.unchanged) == (1, 1, 24)
        [now] = [r for r in store.records() if r.record_id == "A3"]
        assert now.status == "cancelled"
        [old] = store.audit("A3")
        assert (old["status"], old["imported_by"], old["replaced_by"]) == ("held", "alice", "bob")
        assert old["source_file"].endswith("week1.csv") and old["replaced_from"].endswith(
            "week2.csv"
        )
        assert isinstance(old["replaced_at"], dt.datetime)
        assert [i["actor"] for i in store.imports()] == ["alice", "bob"]


def test_actor_defaults_to_the_os_user(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_mod.getpass, "getuser", lambda: "os-user")
    with RecordStore(db_url) as store:
        store.import_records(write(tmp_path / "r.csv", ROWS[:1]))
        assert store.imports()[0]["actor"] == "os-user"


def test_failure_midway_leaves_the_store_unchanged(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Atomicity: the import dies after its first batch was written; nothing of it remains."""
    monkeypatch.setattr(store_mod, "BATCH", 4)
    with RecordStore(db_url) as store:
        store.import_records(write(tmp_path / "base.csv", ROWS[:10]), actor="alice")
        before = snapshot(store)
        changed = [r.replace("HH-2", "HH-1") for r in ROWS]  # 10 replacements + 15 new rows
        calls: list[int] = []

        def boom(stage: str, done: int, total: int) -> None:
            calls.append(done)
            if len(calls) == 2:
                raise RuntimeError("disk full")

        with pytest.raises(RuntimeError, match="disk full"):
            store.import_records(write(tmp_path / "next.csv", changed), actor="bob", progress=boom)
        assert calls == [4, 8]  # two batches had been written when it failed
        assert snapshot(store) == before
        # and the same import succeeds afterwards
        summary = store.import_records(tmp_path / "next.csv", actor="bob")
        assert (summary.inserted, summary.replaced) == (15, 10)


def test_failure_midway_through_replacements_leaves_the_store_unchanged(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_mod, "BATCH", 3)
    with RecordStore(db_url) as store:
        store.import_records(write(tmp_path / "base.csv", ROWS), actor="alice")
        before = snapshot(store)
        changed = [r.replace("held", "cancelled") for r in ROWS]

        def boom(stage: str, done: int, total: int) -> None:
            if done >= 9:
                raise RuntimeError("connection lost")

        with pytest.raises(RuntimeError):
            store.import_records(write(tmp_path / "c.csv", changed), progress=boom)
        assert snapshot(store) == before


def test_invalid_file_writes_nothing(db_url: str, tmp_path: Path) -> None:
    with RecordStore(db_url) as store:
        bad = write(tmp_path / "bad.csv", [*ROWS, "Z1,150100,specialized,2024-07-99,held,,\n"])
        with pytest.raises(InputError) as err:
            store.import_records(bad)
        assert err.value.problems[0].row == 27 and err.value.problems[0].column == "date"
        assert store.count() == 0 and store.imports() == []


def test_rows_without_record_id_are_idempotent_too(db_url: str, tmp_path: Path) -> None:
    rows = ["150100,专场,2024-07-05,已举办,HH-2\n", "150121,综合,2024-07-06,已举办,\n"]
    path = write(tmp_path / "r.csv", rows, "地区编号,类型,日期,状态,场地\n")
    with RecordStore(db_url) as store:
        assert store.import_records(path).inserted == 2
        assert store.import_records(path).unchanged == 2
        # the same fair later marked cancelled: same derived id, so it replaces the old row
        write(
            path, [rows[0].replace("已举办", "已取消"), rows[1]], "地区编号,类型,日期,状态,场地\n"
        )
        assert store.import_records(path).replaced == 1
        assert store.count() == 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_round_trips(db_url: str, tmp_path: Path, suffix: str) -> None:
    with RecordStore(db_url) as store:
        store.import_records(write(tmp_path / "r.csv", ROWS))
        out = tmp_path / f"export{suffix}"
        assert store.export(out) == 25
        summary = store.import_records(out)
        assert (summary.inserted, summary.replaced, summary.unchanged) == (0, 0, 25)


def test_schema_comes_from_alembic_migrations(db_url: str) -> None:
    with RecordStore(db_url) as store:
        with store.engine.connect() as conn:
            version = conn.execute(
                sa.text("SELECT version_num FROM monitor_alembic_version")
            ).scalar_one()
        assert version == "0003"
        tables = set(sa.inspect(store.engine).get_table_names())
        assert {"records", "records_audit", "imports", "monitor_alembic_version"} <= tables


def test_frame_feeds_judge(db_url: str, tmp_path: Path) -> None:
    from monitor.compliance import judge
    from tests.monitor.conftest import scenario

    with RecordStore(db_url) as store:
        store.import_records(write(tmp_path / "r.csv", ROWS))
        s = scenario()
        as_of = dt.date(2024, 8, 1)
        a, b = judge(s, store.frame(), as_of), judge(s, store.records(), as_of)
        assert a == b and [x.evidence for x in a] == [x.evidence for x in b]


# --- where the store lives ----------------------------------------------------------


def test_default_database_is_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FAIRPLAN_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'data' / 'fairplan' / 'fairplan.db'}"
    # a store made before it held more than records keeps being used
    (tmp_path / "data" / "fairplan").mkdir(parents=True)
    (tmp_path / "data" / "fairplan" / "records.db").touch()
    assert resolve_url() == f"sqlite:///{tmp_path / 'data' / 'fairplan' / 'records.db'}"


def test_env_var_and_argument_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAIRPLAN_DB", str(tmp_path / "env.db"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_url(str(tmp_path / "arg.db")) == f"sqlite:///{tmp_path / 'arg.db'}"
    assert resolve_url("postgresql://u@h:5432/d") == "postgresql+psycopg://u@h:5432/d"
    assert resolve_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
