"""Records for the eye: an uploaded file's rows with their verdicts, and the bureau's
ledger (台账) — its published fairs with what it reported of each — and back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from monitor.ledger import Mark, MarkStatus
from monitor.records import COLUMNS as RECORD_COLUMNS
from monitor.records import Record
from scheduler.errors import Problem
from scheduler.model import KindSpec
from scheduler.scenario import Sheet
from scheduler.schedule import ScheduledFair
from ui.i18n import text, value
from ui.views.common import kind_text, venue_text


def validation_frame(sheet: Sheet, problems: Sequence[Problem], lang: str) -> pd.DataFrame:
    """The uploaded rows as read, each with its problems (or OK) — the per-row feedback."""
    by_row: dict[int | None, list[str]] = {}
    for p in problems:
        by_row.setdefault(p.row, []).append(f"{p.column}: {p.message}" if p.column else p.message)
    cols = [c for c in RECORD_COLUMNS if c in sheet.columns]
    data: dict[str, list[Any]] = {text("col_row", lang): [row for row, _ in sheet.rows]}
    data[text("check", lang)] = [
        "；".join(by_row[row]) if row in by_row else text("row_ok", lang) for row, _ in sheet.rows
    ]
    for c in cols:
        data[c] = [cells.get(c, "") for _, cells in sheet.rows]
    return pd.DataFrame(data)


#: the ledger's columns a bureau fills in
MARK_COLUMNS = ("status", "employers", "positions", "attendees")
_COUNTS = ("employers", "positions", "attendees")


def status_words(lang: str) -> dict[str, str]:
    """A record status as the ledger's dropdown shows it, and back."""
    return {value("held", lang): "held", value("cancelled", lang): "cancelled"}


def ledger_frame(
    fairs: Sequence[ScheduledFair],
    matched: Mapping[str, Record],
    as_of: dt.date,
    lang: str,
    kind_specs: Mapping[str, KindSpec] | None = None,
) -> pd.DataFrame:
    """The bureau's ledger (台账): one row per planned fair (indexed by event_id), what was
    reported of it (`matched`: the record matched to each fair, `monitor.reconcile`), and
    whether it is past and not reported yet (`kind_specs`: the scenario's kinds)."""
    ordered = sorted(
        (f for f in fairs if f.planned), key=lambda f: (f.date, f.start, f.region_id, f.event_id)
    )
    words = {v: k for k, v in status_words(lang).items()}

    def count(f: ScheduledFair, name: str) -> int | None:
        r = matched.get(f.event_id)
        return None if r is None else getattr(r, name)

    index = pd.Index([f.event_id for f in ordered], name="event_id")
    frame = pd.DataFrame(
        {
            "due": [
                text("ledger_due", lang) if f.date < as_of and f.event_id not in matched else ""
                for f in ordered
            ],
            "date": [f.date for f in ordered],
            "time": [f"{f.start:%H:%M}–{f.end:%H:%M}" for f in ordered],
            "region": [f.region_name or f.region_id for f in ordered],
            "kind": [kind_text(kind_specs, f.kind, lang) for f in ordered],
            "theme": [f.theme for f in ordered],
            "venue": [venue_text(kind_specs, f, lang) for f in ordered],
            "record_id": [
                matched[f.event_id].record_id if f.event_id in matched else "" for f in ordered
            ],
        },
        index=index,
    )
    # the columns a bureau fills in, typed so that the editor offers a list and numbers
    frame.insert(
        7,
        "status",
        pd.Series(
            [words[matched[f.event_id].status] if f.event_id in matched else "" for f in ordered],
            index=index,
            dtype="object",
        ),  # fmt: skip
    )
    for i, name in enumerate(_COUNTS):
        frame.insert(
            8 + i, name, pd.Series([count(f, name) for f in ordered], index=index, dtype="Int64")
        )
    return frame


def _count(raw: object) -> int | None:
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)):  # type: ignore[call-overload]
        return None
    return int(raw)  # type: ignore[call-overload]


def _status(raw: object) -> str:
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)):  # type: ignore[call-overload]
        return ""
    return str(raw)


def ledger_marks(
    edited: pd.DataFrame,
    original: pd.DataFrame,
    fairs: Mapping[str, ScheduledFair],
    matched: Mapping[str, Record],
    lang: str,
) -> tuple[list[Mark], list[Problem]]:
    """The marks of the rows the bureau changed in the ledger (each the fair's one record:
    the record already matched to it is updated), and the rows that cannot be saved."""
    words = status_words(lang)
    marks: list[Mark] = []
    problems: list[Problem] = []
    source = text("page_ledger", lang)
    for event_id, row in edited.iterrows():
        eid = str(event_id)
        before = original.loc[eid] if eid in original.index else None
        now: tuple[str, int | None, int | None, int | None] = (
            _status(row["status"]),
            _count(row["employers"]),
            _count(row["positions"]),
            _count(row["attendees"]),
        )
        was = (
            ("", None, None, None)
            if before is None
            else (_status(before["status"]), *(_count(before[c]) for c in _COUNTS))
        )
        if now == was or eid not in fairs:
            continue
        fair = fairs[eid]
        where = f"{fair.date} {fair.region_name or fair.region_id}"
        if not now[0]:
            key = "ledger_cannot_unreport" if was[0] else "ledger_needs_status"
            problems.append(Problem(source, text(key, lang, fair=where), column="status"))
            continue
        record = matched.get(eid)
        status: MarkStatus = "held" if words.get(now[0], now[0]) == "held" else "cancelled"
        marks.append(
            Mark(
                fair,
                status,
                employers=now[1],
                positions=now[2],
                attendees=now[3],
                record_id=None if record is None else record.record_id,
            )  # fmt: skip
        )
    return marks, problems
