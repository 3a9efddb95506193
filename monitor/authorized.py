"""The records store as one signed-in user may use it (issue 7).

`AuthorizedStore` wraps a `RecordStore` for one `identity.User`. Every write runs its
check *inside* the store's transaction (`RecordStore.store(..., guard=...)`): the
account is re-read from the database (so a disabled account or a changed role takes
effect at once, and a hand-built `User` cannot widen its own rights), and every row —
and every stored row it would replace — must lie in the bureau's scope. One row
outside refuses the whole write and nothing changes. A refusal names the user's own
rows only: never another bureau's records or regions (issue 11).

`refusals` runs the same check without writing, so the app can say what would be
refused before it offers to save; `mark` is the bureau's ledger (台账): a planned fair
marked held or cancelled, with its counts, as the one record of that fair.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from identity.regions import read_regions, user_scope
from identity.users import Action, PermissionDenied, User, require, verify
from monitor.ledger import Mark, record_of
from monitor.records import Record
from monitor.store import AuditEvent, Guard, ImportSummary, Progress, RecordStore
from scheduler.errors import InputError, Problem
from texts import tr

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("fairplan.auth")


class AuthorizedStore:
    """A `RecordStore` as one user may use it: reads filtered to the user's scope,
    writes checked inside the write transaction (see the module docstring)."""

    def __init__(self, store: RecordStore, user: User) -> None:
        self.store = store
        self.user = user

    # --- checks ------------------------------------------------------------------------

    def _current(self, action: Action) -> tuple[User, frozenset[str] | None]:
        with self.store.db.connect() as conn:
            user = verify(conn, self.user)
            require(user, action)
            return user, user_scope(conn, user)

    def scope(self) -> frozenset[str] | None:
        """The region ids this user may read; None means every region."""
        return self._current(Action.READ_RECORDS)[1]

    def _writer(self, conn: Connection) -> tuple[User, frozenset[str] | None]:
        user = verify(conn, self.user)
        require(user, Action.WRITE_RECORDS)
        return user, user_scope(conn, user)

    def _problems(
        self,
        conn: Connection,
        records: Sequence[Record],
        stored: Mapping[str, Any],
        source: str,
        rows: Sequence[int] | None,
    ) -> tuple[str, list[Problem]]:
        """(the user's name, one problem per row this user may not write, and a summary)."""
        user, scope = self._writer(conn)
        if scope is None:
            return user.name, []
        names = {r.region_id: r.name for r in read_regions(conn).values()}
        mine = f"{user.region_id} {names.get(user.region_id or '', '')}".strip()
        file = source or "records"
        problems: list[Problem] = []
        for i, r in enumerate(records):
            row = rows[i] if rows is not None and i < len(rows) else None
            at = "" if row is not None else f"{r.record_id}: "
            old = stored.get(r.record_id)
            if r.region_id not in scope:
                region = f"{r.region_id} {names.get(r.region_id, '')}".strip()
                message = at + tr("outside_scope", region=region, mine=mine)
                problems.append(Problem(file, message, row=row, column="region_id"))
            elif old is not None and old["region_id"] not in scope:
                message = at + tr("record_id_taken", record=r.record_id)
                problems.append(Problem(file, message, row=row, column="record_id"))
        if problems:
            total = tr("whole_file_refused", n=len(problems), total=len(records), mine=mine)
            problems.append(Problem(file, total))
        return user.name, problems

    def _guard(self, source: str, rows: Sequence[int] | None) -> Guard:
        def guard(conn: Connection, records: list[Record], stored: dict[str, Any]) -> str:
            name, problems = self._problems(conn, records, stored, source, rows)
            if problems:
                log.info("refused write by %s: %d rows outside scope", name, len(problems) - 1)
                raise PermissionDenied(problems)
            return name

        return guard

    def refusals(
        self, records: Sequence[Record], source: str = "", rows: Sequence[int] | None = None
    ) -> list[Problem]:
        """What `store_records` would refuse, without writing: [] when it would store all.

        The last problem, when there are any, sums them up (how many rows of how many).
        """
        with self.store.db.connect() as conn:
            stored = RecordStore._stored(conn, [r.record_id for r in records])
            return self._problems(conn, records, stored, source, rows)[1]

    # --- writing -----------------------------------------------------------------------

    def import_records(self, path: str | Path, progress: Progress | None = None) -> ImportSummary:
        """Validate a records file and store it as this user, all rows or none."""
        from monitor.records import parse_sheet, read_records

        p = Path(path)
        sheet = read_records(p)
        records = parse_sheet(sheet)
        rows = [row for row, _ in sheet.rows]
        return self.store_records(
            records,
            source=str(p),
            progress=progress,
            rows=rows if len(rows) == len(records) else None,
        )

    def store_records(
        self,
        records: list[Record],
        source: str = "",
        progress: Progress | None = None,
        rows: Sequence[int] | None = None,
    ) -> ImportSummary:
        """Store validated records (rows: their file row numbers, for messages)."""
        return self.store.store(
            records, source=source, progress=progress, guard=self._guard(source, rows)
        )

    def mark(self, marks: Iterable[Mark], source: str = "") -> ImportSummary:
        """The ledger: each planned fair marked held or cancelled (with employers,
        positions and attendees) becomes that fair's one record — a new one, or the
        update of the record already reporting it (by file or by an earlier mark)."""
        records = [record_of(m) for m in marks]
        return self.store_records(records, source=source or f"ledger:{self.user.name}")

    def delete(self, record_ids: Iterable[str], source: str = "") -> int:
        """Delete records (all or none); each deleted version goes to the audit.

        To a bureau, a record outside its regions reads as one that does not exist.
        """
        ids = list(dict.fromkeys(record_ids))

        def guard(conn: Connection, doomed: list[Record], stored: dict[str, Any]) -> str:
            user, scope = self._writer(conn)
            if scope is not None:  # unknown and out of scope read the same
                unknown = [i for i in ids if i not in stored or stored[i]["region_id"] not in scope]
                if unknown:
                    where = source or "delete"
                    raise InputError(
                        [Problem(where, tr("no_stored_record_here", record=i)) for i in unknown]
                    )
            return user.name

        return self.store.delete(ids, source=source, guard=guard)

    # --- reading -------------------------------------------------------------------------

    def count(self) -> int:
        return self.store.count(self.scope())

    def records(self) -> list[Record]:
        return self.store.records(self.scope())

    def frame(self) -> pd.DataFrame:
        return self.store.frame(self.scope())

    def export(self, path: str | Path) -> int:
        return self.store.export(path, regions=self.scope())

    def audit(self, record_id: str | None = None) -> list[dict[str, Any]]:
        _, scope = self._current(Action.READ_AUDIT)
        return self.store.audit(record_id, regions=scope)

    def trail(self, record_id: str | None = None, actor: str | None = None) -> list[AuditEvent]:
        """Who inserted, edited or deleted which record, when, from which file."""
        _, scope = self._current(Action.READ_AUDIT)
        return self.store.trail(record_id=record_id, actor=actor, regions=scope)

    def imports(self) -> list[dict[str, Any]]:
        """The import log; a bureau sees its own imports only."""
        user, scope = self._current(Action.READ_AUDIT)
        rows = self.store.imports()
        return rows if scope is None else [r for r in rows if r["actor"] == user.name]
