"""The records store: every bureau's records of held fairs, in the store of record (issue 4).

The database is the one of `db` (SQLite by default, PostgreSQL by URL; see
`db.engine`); the tables are ``records``, ``records_audit`` and ``imports`` of
`db.schema`.

- `RecordStore.store` is atomic — one transaction, all rows or none — and idempotent
  by record_id: storing the same records again changes nothing; a row whose facts
  changed replaces the stored one, and the stored version moves to ``records_audit``
  with who replaced it, when, and from which file.
- One record per planned fair (issue 10): a record naming an ``event_id`` that a stored
  record already reports *is* that record — it replaces it (keeping its record_id)
  instead of adding a second one, so a fair reported by file and then marked in the
  app counts once. The database enforces it too (a unique index on non-blank
  ``event_id``).
- Every call that changes data takes an ``actor`` (default: the OS user) and an
  optional ``guard`` that runs inside the write transaction and may refuse it
  (`monitor.authorized.AuthorizedStore` passes one). Once the store holds any
  account, a write without a guard is refused: writes go through an
  `AuthorizedStore` for a signed-in user.
- Deleting a record moves it to ``records_audit`` (``action`` = ``deleted``); `trail`
  lists who inserted, edited and deleted which record, when, from which file. The
  audit tables are append-only (database triggers refuse UPDATE/DELETE).
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

import texts
from db import Database, utc
from db.schema import imports as imports_table
from db.schema import records as records_table
from db.schema import records_audit as audit_table
from identity.users import User, has_accounts, verify
from monitor.records import COLUMNS, RECORDS, Record, load_records
from scheduler.errors import InputError, Problem
from texts import tr

if TYPE_CHECKING:
    import pandas as pd

BATCH = 5000  # rows per statement batch; progress is reported per batch
_ID_CHUNK = 500  # ids per `IN (...)` lookup, well under every backend's parameter limit

#: progress(stage, done, total) — stage is "write"
Progress = Callable[[str, int, int], None]
#: guard(conn, records, stored rows by record_id) -> actor name; raises to refuse the write
Guard = Callable[[Connection, list[Record], dict[str, dict[str, Any]]], str]

FACTS = (
    "region_id",
    "kind",
    "date",
    "status",
    "event_id",
    "venue",
    "employers",
    "positions",
    "attendees",
)


@dataclass(frozen=True)
class ImportSummary:
    source_file: str
    rows: int
    inserted: int
    replaced: int
    unchanged: int

    def __str__(self) -> str:
        return tr(
            "import_summary",
            file=self.source_file,
            rows=self.rows,
            inserted=self.inserted,
            replaced=self.replaced,
            unchanged=self.unchanged,
        )


@dataclass(frozen=True)
class AuditEvent:
    """One change to one record: who, when, from which file (see `RecordStore.trail`)."""

    at: dt.datetime
    actor: str
    action: str  # inserted | edited | deleted
    record_id: str
    region_id: str
    source_file: str
    status: str = ""
    date: dt.date | None = None

    def as_row(self) -> dict[str, str]:
        return {
            "at": utc(self.at).isoformat(timespec="seconds"),
            "actor": self.actor,
            "action": self.action,
            "record_id": self.record_id,
            "region_id": self.region_id,
            "date": self.date.isoformat() if self.date else "",
            "status": self.status,
            "source_file": self.source_file,
        }


AUDIT_COLUMNS = ("at", "actor", "action", "record_id", "region_id", "date", "status", "source_file")


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _record(row: Any) -> Record:
    return Record(**{k: row[k] for k in ("record_id", *FACTS)})


class RecordStore:
    """The records of held fairs, in SQLite or PostgreSQL.

    `db` is a `Database`, or a URL/path (then the store opens, and closes, its own).
    """

    def __init__(self, db: Database | str | None = None) -> None:
        self._owns = not isinstance(db, Database)
        self.db: Database = db if isinstance(db, Database) else Database(db)

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def engine(self) -> Engine:
        return self.db.engine

    def close(self) -> None:
        if self._owns:
            self.db.close()

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------

    @staticmethod
    def _values(r: Record, source: str, actor: str, now: dt.datetime) -> dict[str, Any]:
        return {
            "record_id": r.record_id,
            **{k: getattr(r, k) for k in FACTS},
            "source_file": source,
            "imported_at": now,
            "imported_by": actor,
        }

    def import_records(
        self,
        path: str | Path,
        actor: str | None = None,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """Validate a records file and store it in one transaction (see `store`)."""
        records = load_records(path)
        return self.store(records, source=str(path), actor=actor, progress=progress)

    def store(
        self,
        records: list[Record],
        source: str = "",
        actor: str | None = None,
        progress: Progress | None = None,
        guard: Guard | None = None,
    ) -> ImportSummary:
        """Store already-validated records atomically.

        Rows whose record_id is new are inserted (unless their event_id is already
        reported: then they replace that record); rows identical to the stored ones are
        left alone; changed rows replace the stored ones, which are copied to the audit
        first. `guard` runs in the transaction once the rows to replace are known and
        returns the actor to record; it raises to refuse the whole write.
        """
        who = actor or getpass.getuser()
        now = dt.datetime.now(dt.UTC)
        with self.db.begin() as conn:
            stored = self._stored(conn, [r.record_id for r in records])
            records = self._one_per_fair(conn, records, stored, source)
            who = self._check(conn, records, stored, guard) or who
            new: list[dict[str, Any]] = []
            changed: list[tuple[dict[str, Any], dict[str, Any]]] = []
            for r in records:
                values = self._values(r, source, who, now)
                old = stored.get(r.record_id)
                if old is None:
                    new.append(values)
                elif any(old[k] != values[k] for k in FACTS):
                    changed.append((old, values))
            total, done = len(new) + len(changed), 0
            # replacements that free or keep a fair first, inserts last: a fair is never
            # named by two records at any point (the unique index checks every row)
            changed.sort(key=lambda p: p[1]["event_id"] not in ("", p[0]["event_id"]))
            for pairs in _chunks(changed, BATCH):
                self._replace(conn, pairs, now, who, source)
                done += len(pairs)
                if progress:
                    progress("write", done, total)
            for batch in _chunks(new, BATCH):
                conn.execute(sa.insert(records_table), batch)
                done += len(batch)
                if progress:
                    progress("write", done, total)
            summary = ImportSummary(
                source, len(records), len(new), len(changed), len(records) - len(new) - len(changed)
            )
            conn.execute(
                sa.insert(imports_table),
                [
                    {
                        "at": now,
                        "actor": who,
                        "source_file": source,
                        "rows": summary.rows,
                        "inserted": summary.inserted,
                        "replaced": summary.replaced,
                        "unchanged": summary.unchanged,
                    }
                ],
            )
        return summary

    @staticmethod
    def _replace(
        conn: Connection,
        pairs: list[tuple[dict[str, Any], dict[str, Any]]],
        now: dt.datetime,
        who: str,
        source: str,
    ) -> None:
        conn.execute(
            sa.insert(audit_table),
            [
                {
                    **old,
                    "replaced_at": now,
                    "replaced_by": who,
                    "replaced_from": source,
                    "action": "replaced",
                }
                for old, _ in pairs
            ],
        )
        conn.execute(
            sa.update(records_table)
            .where(records_table.c.record_id == sa.bindparam("b_record_id"))
            .values(
                {
                    c: sa.bindparam(f"b_{c}")
                    for c in (*FACTS, "source_file", "imported_at", "imported_by")
                }
            ),
            [{f"b_{k}": v for k, v in values.items()} for _, values in pairs],
        )

    def _one_per_fair(
        self,
        conn: Connection,
        records: list[Record],
        stored: dict[str, dict[str, Any]],
        source: str,
    ) -> list[Record]:
        """Records for fairs already reported become updates of those records.

        Adds the taken-over rows to `stored` (so the guard checks them too). Refuses a
        write that names one fair twice, or whose stored record would take over the fair
        of another record.
        """
        problems: list[Problem] = []
        first: dict[str, str] = {}
        for r in records:
            if not r.event_id:
                continue
            if r.event_id in first:
                problems.append(
                    Problem(
                        source or "records",
                        tr("event_twice", event=r.event_id, a=first[r.event_id], b=r.record_id),
                        column="event_id",
                    )
                )
            first.setdefault(r.event_id, r.record_id)
        if problems:
            raise InputError(problems)
        owners = self._by_event(conn, list(first))
        ours = {r.record_id for r in records}  # rewritten in this write: they may free a fair
        out: list[Record] = []
        for r in records:
            owner = owners.get(r.event_id) if r.event_id else None
            if owner is None or owner["record_id"] in ours:
                out.append(r)
            elif r.record_id in stored:
                problems.append(
                    Problem(
                        source or "records",
                        tr("event_taken", record=r.record_id, event=r.event_id),
                        column="event_id",
                    )
                )
            else:
                stored[owner["record_id"]] = owner
                out.append(replace(r, record_id=owner["record_id"]))
        if problems:
            raise InputError(problems)
        return out

    @staticmethod
    def _check(
        conn: Connection,
        records: list[Record],
        stored: dict[str, dict[str, Any]],
        guard: Guard | None,
    ) -> str | None:
        """Run the guard; without one, refuse once the store has accounts (issue 7)."""
        if guard is not None:
            return guard(conn, records, stored)
        if has_accounts(conn):
            verify(conn, User.open_mode())  # raises: this store has accounts, sign in
        return None

    def delete(
        self,
        record_ids: list[str],
        source: str = "",
        actor: str | None = None,
        guard: Guard | None = None,
    ) -> int:
        """Delete records by id, atomically; each goes to the audit as ``deleted``.

        An unknown id refuses the whole call (InputError), so a typo deletes nothing.
        """
        who = actor or getpass.getuser()
        now = dt.datetime.now(dt.UTC)
        ids = list(dict.fromkeys(record_ids))
        with self.db.begin() as conn:
            stored = self._stored(conn, ids)
            doomed = [_record(stored[i]) for i in ids if i in stored]
            who = self._check(conn, doomed, stored, guard) or who  # first: it may hide rows
            missing = [i for i in ids if i not in stored]
            if missing:
                raise InputError(
                    [Problem(source or "delete", tr("no_stored_record", record=i)) for i in missing]
                )
            for chunk in _chunks(ids, _ID_CHUNK):
                conn.execute(
                    sa.insert(audit_table),
                    [
                        {
                            **stored[i],
                            "replaced_at": now,
                            "replaced_by": who,
                            "replaced_from": source,
                            "action": "deleted",
                        }
                        for i in chunk
                    ],
                )
                conn.execute(sa.delete(records_table).where(records_table.c.record_id.in_(chunk)))
        return len(ids)

    @staticmethod
    def _stored(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The stored rows among `ids`, as column → value."""
        out: dict[str, dict[str, Any]] = {}
        if not ids:
            return out
        t = records_table
        for chunk in _chunks(sorted(set(ids)), _ID_CHUNK):
            for row in conn.execute(sa.select(t).where(t.c.record_id.in_(chunk))).mappings():
                out[row["record_id"]] = dict(row)
        return out

    @staticmethod
    def _by_event(conn: Connection, event_ids: list[str]) -> dict[str, dict[str, Any]]:
        """The stored record of each of these fairs, by event_id."""
        out: dict[str, dict[str, Any]] = {}
        t = records_table
        for chunk in _chunks(sorted(set(event_ids)), _ID_CHUNK):
            for row in conn.execute(sa.select(t).where(t.c.event_id.in_(chunk))).mappings():
                out[row["event_id"]] = dict(row)
        return out

    # --- reading ---------------------------------------------------------------

    def count(self, regions: Iterable[str] | None = None) -> int:
        t = records_table
        q = sa.select(sa.func.count()).select_from(t)
        if regions is not None:
            q = q.where(t.c.region_id.in_(sorted(set(regions))))
        with self.db.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def records(self, regions: Iterable[str] | None = None) -> list[Record]:
        """Every stored record (of `regions` when given), ordered by date then record_id."""
        keep = None if regions is None else set(regions)
        t = records_table
        with self.db.connect() as conn:
            rows = conn.execute(sa.select(t).order_by(t.c.date, t.c.record_id)).mappings()
            return [_record(row) for row in rows if keep is None or row["region_id"] in keep]

    def frame(self, regions: Iterable[str] | None = None) -> pd.DataFrame:
        """Every stored record (of `regions` when given) as a DataFrame
        (`monitor.compliance.judge` takes it as is)."""
        import pandas as pd

        q = sa.select(records_table)
        if regions is not None:
            q = q.where(records_table.c.region_id.in_(sorted(set(regions))))
        with self.db.connect() as conn:
            return pd.read_sql(q, conn)

    def audit(
        self, record_id: str | None = None, regions: Iterable[str] | None = None
    ) -> list[dict[str, Any]]:
        """Replaced and deleted versions, oldest first (of one record / of `regions` when given)."""
        q = sa.select(audit_table).order_by(audit_table.c.audit_id)
        if record_id is not None:
            q = q.where(audit_table.c.record_id == record_id)
        keep = None if regions is None else set(regions)
        with self.db.connect() as conn:
            return [
                dict(r)
                for r in conn.execute(q).mappings()
                if keep is None or r["region_id"] in keep
            ]

    def trail(
        self,
        record_id: str | None = None,
        actor: str | None = None,
        regions: Iterable[str] | None = None,
    ) -> list[AuditEvent]:
        """Who inserted, edited or deleted which record, when, from which file; oldest first.

        Built from the versions themselves: every stored or audited version was
        written by `imported_by` at `imported_at` from `source_file` (an insert when
        it is the record's first version or follows a deletion, else an edit), and a
        deleted version was deleted by `replaced_by` at `replaced_at`.
        """
        keep = None if regions is None else set(regions)
        a, r = audit_table, records_table
        qa = sa.select(a).order_by(a.c.audit_id)
        qr = sa.select(r)
        if record_id is not None:
            qa, qr = qa.where(a.c.record_id == record_id), qr.where(r.c.record_id == record_id)
        with self.db.connect() as conn:
            versions: dict[str, list[dict[str, Any]]] = {}
            for row in conn.execute(qa).mappings():
                versions.setdefault(row["record_id"], []).append(dict(row))
            for row in conn.execute(qr).mappings():
                versions.setdefault(row["record_id"], []).append({**row, "action": "current"})
        events: list[AuditEvent] = []
        for rid, chain in versions.items():
            previous = "deleted"
            for v in chain:
                events.append(
                    AuditEvent(
                        at=v["imported_at"],
                        actor=v["imported_by"],
                        action="inserted" if previous == "deleted" else "edited",
                        record_id=rid,
                        region_id=v["region_id"],
                        source_file=v["source_file"],
                        status=v["status"],
                        date=v["date"],
                    )
                )
                if v["action"] == "deleted":
                    events.append(
                        AuditEvent(
                            at=v["replaced_at"],
                            actor=v["replaced_by"],
                            action="deleted",
                            record_id=rid,
                            region_id=v["region_id"],
                            source_file=v["replaced_from"],
                            status=v["status"],
                            date=v["date"],
                        )
                    )
                previous = v["action"]
        order = {"inserted": 0, "edited": 1, "deleted": 2}
        events.sort(key=lambda e: (utc(e.at), e.record_id, order[e.action]))
        return [
            e
            for e in events
            if (keep is None or e.region_id in keep) and (actor is None or e.actor == actor)
        ]

    def imports(self) -> list[dict[str, Any]]:
        with self.db.connect() as conn:
            q = sa.select(imports_table).order_by(imports_table.c.import_id)
            return [dict(r) for r in conn.execute(q).mappings()]

    def signature(self) -> tuple[int, int]:
        """Changes whenever records are written (every write logs an import): a cache key."""
        with self.db.connect() as conn:
            n = conn.execute(sa.select(sa.func.count()).select_from(records_table)).scalar_one()
            last = conn.execute(sa.select(sa.func.max(imports_table.c.import_id))).scalar()
        return int(n), int(last or 0)

    def export(self, path: str | Path, regions: Iterable[str] | None = None) -> int:
        """Write every stored record (of `regions` when given) to `.csv` (UTF-8 with BOM)
        or `.xlsx`; returns the count. Only the contract's record columns are written."""
        return write_records(self.records(regions), Path(path))


def _kind_zh(kind: str) -> str:
    """A built-in kind's Chinese name where the records format reads it back as that kind;
    any other kind by its id."""
    from scheduler.kinds import label
    from scheduler.scenario.format import KIND_VALUES

    name = label({}, kind, "zh")
    return name if KIND_VALUES.get(name) == kind else kind


_RECORD_WIDTHS = {"record_id": 16, "region_id": 12, "kind": 14, "date": 12, "venue": 30}


def write_records(records: list[Record], path: Path) -> int:
    """Records in a form `fairplan records import` reads back unchanged, every cell through
    the spreadsheet-safe writer (`scheduler.sheetwriter`): a `.csv` in the contract's
    columns and words; an `.xlsx` for people, in the current language — Chinese headers
    (the records format's first alias) and words for statuses and the built-in kinds, which
    the import reads as well — its header frozen, its columns as wide as they need."""
    from scheduler import sheetwriter

    rows = (r.as_row() for r in records)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        zh = texts.current() == "zh"
        spec = {c.name: c for c in RECORDS.columns}
        head = [spec[c].zh[0] if zh else c for c in COLUMNS]
        wb = Workbook(write_only=True)  # a million records stream to disk
        ws = wb.create_sheet(tr("records.sheet"))
        ws.freeze_panes = "A2"
        for i, c in enumerate(COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(i)].width = _RECORD_WIDTHS.get(c, 12)
        sheetwriter.append(ws, head)
        for row in rows:
            if zh:
                row["status"] = tr(f"compliance.record.{row['status']}", "zh")
                row["kind"] = _kind_zh(row["kind"])
            sheetwriter.append(ws, [row[c] for c in COLUMNS])
        sheetwriter.save(wb, path)
    else:
        sheetwriter.write_csv(path, COLUMNS, rows)
    return len(records)
