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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from texts import tr
from ui.commands._signin import add_db_arg, add_login_args, signed_in

if TYPE_CHECKING:
    from monitor.authorized import AuthorizedStore
    from monitor.store import AuditEvent, RecordStore


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
        text = tr("import_read" if stage == "read" else "import_written", done=done, total=total)
        print("\r" + tr("importing", text=text), end="", file=self.stream, flush=True)

    def close(self) -> None:
        if self.shown:
            print(file=self.stream)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "records",
        help=tr("help.records"),
        description=tr("about.records") + "\n\n" + tr("about.signin"),
    )
    sub = p.add_subparsers(dest="records_command", required=True, metavar=tr("metavar.command"))

    def command(name: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        text = tr(f"help.records.{name}")
        s = sub.add_parser(name, help=text, description=text)
        s.set_defaults(func=func)
        return s

    imp = command("import", run_import)
    imp.add_argument("file", metavar=tr("metavar.file"), help=tr("opt.records.file"))
    imp.add_argument("--actor", metavar=tr("metavar.name"), help=tr("opt.records.actor"))
    exp = command("export", run_export)
    exp.add_argument(
        "file", nargs="?", metavar=tr("metavar.file"), help=tr("opt.records.export_file")
    )
    dele = command("delete", run_delete)
    dele.add_argument(
        "record_ids", nargs="+", metavar=tr("metavar.record"), help=tr("opt.records.ids")
    )
    dele.add_argument(
        "--reason", default="", metavar=tr("metavar.text"), help=tr("opt.records.reason")
    )
    aud = command("audit", run_audit)
    aud.add_argument("--record", metavar=tr("metavar.record"), help=tr("opt.records.record"))
    aud.add_argument("--actor", metavar=tr("metavar.name"), help=tr("opt.records.by"))
    aud.add_argument("--out", metavar=tr("metavar.file"), help=tr("opt.records.audit_out"))
    for s in (imp, exp, dele, aud):
        add_db_arg(s)
        add_login_args(s)


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
            print(tr("records_exported", n=n, path=args.file), file=sys.stderr)
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
    if args.out and Path(args.out).suffix.lower() == ".xlsx":
        write_audit_xlsx(events, Path(args.out), args)
        print(tr("audit_exported", n=len(rows), path=args.out), file=sys.stderr)
    elif args.out:
        sheetwriter.write_csv(Path(args.out), AUDIT_COLUMNS, rows)
        print(tr("audit_exported", n=len(rows), path=args.out), file=sys.stderr)
    else:
        sheetwriter.CsvWriter(sys.stdout, AUDIT_COLUMNS, lineterminator="\n").writerows(rows)
    return 0


def write_audit_xlsx(events: Sequence[AuditEvent], path: Path, args: argparse.Namespace) -> None:
    """The audit trail for people: a title saying what was selected, headers and actions in
    the current language, times in China's time zone (the store holds them in UTC)."""
    from zoneinfo import ZoneInfo

    from openpyxl import Workbook

    from db import utc
    from monitor.store import AUDIT_COLUMNS
    from scheduler import sheetwriter
    from scheduler.model import Settings

    zone = ZoneInfo(Settings.timezone)  # a scenario's default: the records store has none
    selected = [
        tr(f"audit.only_{key}", value=value)
        for key, value in (("record", args.record), ("actor", args.actor))
        if value
    ]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = tr("audit.sheet")
    sheetwriter.table(
        ws,
        [tr(f"audit.col.{c}") for c in AUDIT_COLUMNS],
        (
            [
                utc(e.at).astimezone(zone).replace(tzinfo=None),
                e.actor,
                tr(f"audit.action.{e.action}"),
                e.record_id,
                e.region_id,
                e.date,
                tr(f"compliance.record.{e.status}") if e.status else "",
                e.source_file,
            ]
            for e in events
        ),
        title=tr("audit.title", selected=tr("report.list_sep").join(selected) or tr("audit.all")),
    )
    for row in ws.iter_rows(min_row=3, max_col=1):
        row[0].number_format = "yyyy-mm-dd hh:mm:ss"
    sheetwriter.save(wb, path)
