"""Plan vs actual for the eye (`monitor.reconcile`): per region and period, planned and held,
cancelled, not reported, still to come, held but not planned; the rows behind one line
(fair, record, evidence); and the exports, through the spreadsheet-safe writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from monitor.reconcile import RECONCILE_COLUMNS, SUMMARY_KINDS, ReconcileRow, Summary
from monitor.records import Record
from scheduler.model import KindSpec, Scenario
from ui.i18n import text, value
from ui.views.common import kind_text, tree_order

#: what each count means to an inspector (catalogue keys `rc_<kind>`)
COUNT_KEYS = {k: f"rc_{k}" for k in SUMMARY_KINDS}


def filter_summaries(
    scenario: Scenario, rows: Sequence[Summary], city: str | None = None
) -> list[Summary]:
    """Lines of one city (the city and its counties); None: all."""
    if not city:
        return list(rows)
    inside = set(scenario.descendants(city))
    return [s for s in rows if s.region_id in inside]


def period_label(s: Summary) -> str:
    if s.period == "month":
        return f"{s.period_start:%Y-%m}"
    if s.period == "week":
        return f"{s.period_start}..{s.period_end}"
    return f"{s.period_start}..{s.period_end}"


def totals(rows: Sequence[Summary]) -> dict[str, int]:
    out = dict.fromkeys(SUMMARY_KINDS, 0)
    for s in rows:
        for k in SUMMARY_KINDS:
            out[k] += s.counts[k]
    return out


def ordered(scenario: Scenario, rows: Sequence[Summary]) -> list[Summary]:
    """Regions in tree order, then periods: the order of `summary_frame`'s lines."""
    order = {rid: i for i, rid in enumerate(tree_order(scenario, {s.region_id for s in rows}))}
    return sorted(rows, key=lambda s: (order.get(s.region_id, 0), s.period_start))


def summary_frame(scenario: Scenario, rows: Sequence[Summary], lang: str) -> pd.DataFrame:
    """One line per region and period (`ordered`)."""
    ordered_rows = ordered(scenario, rows)
    return pd.DataFrame(
        {
            text("region", lang): [s.region_name or s.region_id for s in ordered_rows],
            text("col_region_id", lang): [s.region_id for s in ordered_rows],
            text("period", lang): [period_label(s) for s in ordered_rows],
            **{
                text(COUNT_KEYS[k], lang): [s.counts[k] for s in ordered_rows]
                for k in SUMMARY_KINDS
            },
        }
    )


def drill_frame(
    rows: Sequence[ReconcileRow],
    records: Mapping[str, Record],
    lang: str,
    kind_specs: Mapping[str, KindSpec] | None = None,
) -> pd.DataFrame:
    """The rows behind a line: each fair and the record of it (with its evidence)."""

    def rec(r: ReconcileRow) -> Record | None:
        return records.get(r.record_id) if r.record_id else None

    def counts(r: ReconcileRow) -> str:
        found = rec(r)
        if found is None or not found.held:
            return ""
        parts = [("employers", found.employers), ("positions", found.positions),
                 ("attendees", found.attendees)]  # fmt: skip
        return "，".join(f"{text(k, lang)} {n}" for k, n in parts if n is not None)

    by_date = sorted(rows, key=lambda r: (r.date, r.region_id, r.kind, r.event_id))
    return pd.DataFrame(
        {
            text("date", lang): [r.date for r in by_date],
            text("region", lang): [r.region_name or r.region_id for r in by_date],
            text("kind", lang): [kind_text(kind_specs, r.kind, lang) for r in by_date],
            text("col_planned", lang): [
                value(r.planned_status, lang) if r.planned_status else text("rc_not_in_plan", lang)
                for r in by_date
            ],
            text("col_reported", lang): [text(f"rs_{r.record_status}", lang) for r in by_date],
            text("venue", lang): [getattr(rec(r), "venue", "") for r in by_date],
            text("col_evidence", lang): [counts(r) for r in by_date],
            text("event_id", lang): [r.event_id for r in by_date],
            text("col_record_id", lang): [r.record_id for r in by_date],
        }
    )


def reconcile_csv(rows: Sequence[ReconcileRow]) -> bytes:
    """`reconcile.csv` (CONTRACT §6) of the rows selected."""
    from scheduler.sheetwriter import csv_bytes

    return csv_bytes(RECONCILE_COLUMNS, (r.as_row() for r in rows))


def reconcile_xlsx(
    scenario: Scenario, summaries: Sequence[Summary], rows: Sequence[ReconcileRow], lang: str,
    as_of: dt.date,
) -> bytes:  # fmt: skip
    """A workbook of the selection: the counts per region and period, then every row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from scheduler.sheetwriter import append, workbook_bytes

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = text("xlsx_summary", lang)
    frame = summary_frame(scenario, summaries, lang)
    append(ws, [text("as_of", lang), as_of.isoformat()])
    append(ws, list(frame.columns))
    for values in frame.itertuples(index=False):
        append(ws, list(values))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    detail = wb.create_sheet(text("xlsx_rows", lang))
    append(detail, list(RECONCILE_COLUMNS))
    for r in rows:
        append(detail, [r.as_row()[c] for c in RECONCILE_COLUMNS])
    return workbook_bytes(wb)
