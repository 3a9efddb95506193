"""`fairplan records import|export|delete|audit` — the records store.

    fairplan records import FILE [--db URL] [--user NAME] [--actor NAME]
    fairplan records export [FILE] [--db URL] [--user NAME]
    fairplan records delete RECORD_ID... --user NAME [--db URL]
    fairplan records audit [--record ID] [--actor NAME] [--out FILE] [--user NAME]

Import is atomic and idempotent by record_id (see `monitor.store`); export writes
every stored record as `.csv` (UTF-8 with BOM) or `.xlsx`, or CSV to stdout; audit
lists who inserted, edited or deleted which record, when, from which file.

Once the store has accounts (`fairplan users`), every records command signs in with
`--user NAME` (`--as NAME` is the same flag; password asked for, or
`--password-stdin`) and sees and changes only what that account may: a bureau its
own region, an inspector reads everything.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from texts import tr
from ui.commands._signin import add_db_arg, add_login_args, signed_in

if TYPE_CHECKING:
    from monitor.authorized import AuthorizedStore
    from monitor.store import RecordStore


class ProgressLine:
    """Progress on stderr, shown only once an import has taken over a second."""

    def __init__(self, stream: TextIO | None = None, after: float = 1.0) -> None:
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.after = after
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if time.monotonic() - self.start < self.after:
            return
        self.shown = True
        text = (
            f"{done} rows read and checked" if stage == "read" else f"{done}/{total} rows written"
        )
        print(f"\rimporting: {text}", end="", file=self.stream, flush=True)

    def close(self) -> None:
        if self.shown:
            print(file=self.stream)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "records",
        help="import or export the records store",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="records_command", required=True)
    imp = sub.add_parser("import", help="import a records .csv or .xlsx file into the store")
    imp.add_argument("file")
    imp.add_argument(
        "--actor", help="who is importing, for the audit (default: the OS user; no accounts only)"
    )
    add_db_arg(imp)
    add_login_args(imp)
    imp.set_defaults(func=run_import)
    exp = sub.add_parser("export", help="write every stored record to FILE (.csv/.xlsx) or stdout")
    exp.add_argument("file", nargs="?")
    add_db_arg(exp)
    add_login_args(exp)
    exp.set_defaults(func=run_export)
    dele = sub.add_parser("delete", help="delete stored records by record_id (all or none)")
    dele.add_argument("record_ids", nargs="+", metavar="RECORD_ID")
    dele.add_argument("--reason", default="", help="noted in the audit as the source")
    add_db_arg(dele)
    add_login_args(dele)
    dele.set_defaults(func=run_delete)
    aud = sub.add_parser(
        "audit", help="who inserted, edited or deleted which record, when, from which file"
    )
    aud.add_argument("--record", help="only this record_id")
    aud.add_argument("--actor", help="only changes by this account")
    aud.add_argument("--out", help="write CSV to this file instead of stdout")
    add_db_arg(aud)
    add_login_args(aud)
    aud.set_defaults(func=run_audit)


def _scoped(store: RecordStore, args: argparse.Namespace) -> AuthorizedStore:
    """The store as `--user` may use it (open mode while the store has no accounts)."""
    from monitor.authorized import AuthorizedStore

    return AuthorizedStore(store, signed_in(store.db, args))


def run_import(args: argparse.Namespace) -> int:
    from monitor.records import parse_sheet, read_records
    from monitor.store import RecordStore

    progress = ProgressLine()
    path = Path(args.file)
    sheet = read_records(path)
    records = parse_sheet(sheet)  # every problem reported before the store is touched
    rows = [row for row, _ in sheet.rows]
    progress("read", len(records), len(records))
    with RecordStore(args.db) as store:
        scoped = _scoped(store, args)
        summary = scoped.store_records(
            records,
            source=str(path),
            progress=progress,
            rows=rows if len(rows) == len(records) else None,
        )
    progress.close()
    print(summary)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from monitor.store import RecordStore

    with RecordStore(args.db) as store:
        scoped = _scoped(store, args)
        if args.file:
            n = scoped.export(args.file)
            print(f"wrote {n} records to {args.file}", file=sys.stderr)
        else:
            from monitor.records import COLUMNS
            from scheduler.sheetwriter import CsvWriter

            CsvWriter(sys.stdout, COLUMNS, lineterminator="\n").writerows(
                r.as_row() for r in scoped.records()
            )
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from monitor.store import RecordStore

    with RecordStore(args.db) as store:
        scoped = _scoped(store, args)
        n = scoped.delete(args.record_ids, source=args.reason or "fairplan records delete")
    print(tr("records_deleted", n=n))
    return 0


def run_audit(args: argparse.Namespace) -> int:
    from monitor.store import AUDIT_COLUMNS, RecordStore
    from scheduler import sheetwriter

    with RecordStore(args.db) as store:
        scoped = _scoped(store, args)
        events = scoped.trail(record_id=args.record, actor=args.actor)
    rows = [e.as_row() for e in events]
    if args.out:
        sheetwriter.write_csv(Path(args.out), AUDIT_COLUMNS, rows)
        print(f"wrote {len(rows)} audit events to {args.out}", file=sys.stderr)
    else:
        sheetwriter.CsvWriter(sys.stdout, AUDIT_COLUMNS, lineterminator="\n").writerows(rows)
    return 0
