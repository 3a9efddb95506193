"""`fairplan records import FILE [--db URL] [--actor NAME]` and `fairplan records export [FILE] [--db URL]`.

Import is atomic and idempotent by record_id (see `monitor.store`); export writes
every stored record as `.csv` (UTF-8 with BOM) or `.xlsx`, or CSV to stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO


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
        "--db", help="SQLite path or database URL (default: $FAIRPLAN_DB or the user data dir)"
    )
    imp.add_argument("--actor", help="who is importing, for the audit (default: the OS user)")
    imp.set_defaults(func=run_import)
    exp = sub.add_parser("export", help="write every stored record to FILE (.csv/.xlsx) or stdout")
    exp.add_argument("file", nargs="?")
    exp.add_argument(
        "--db", help="SQLite path or database URL (default: $FAIRPLAN_DB or the user data dir)"
    )
    exp.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    from monitor.records import load_records
    from monitor.store import RecordStore

    progress = ProgressLine()
    records = load_records(args.file)  # every problem reported before the store is touched
    progress("read", len(records), len(records))
    with RecordStore(args.db) as store:
        summary = store.store(
            records, source=str(Path(args.file)), actor=args.actor, progress=progress
        )
    progress.close()
    print(summary)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from monitor.store import RecordStore

    with RecordStore(args.db) as store:
        if args.file:
            n = store.export(args.file)
            print(f"wrote {n} records to {args.file}", file=sys.stderr)
        else:
            import csv

            from monitor.records import COLUMNS

            w = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(r.as_row() for r in store.records())
    return 0
