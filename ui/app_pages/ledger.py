"""台账 Ledger (city bureaus): each published fair of the bureau's region marked held or
cancelled, with employers, positions and attendees, in place — or a records file.

- The ledger is a table over the bureau's fairs of the published plan, filled in with
  what was reported of each (`monitor.reconcile` matches records to fairs), past fairs
  not yet reported flagged first. Saving goes through `AuthorizedStore.mark`: each marked
  fair becomes its one record, or updates the record already reporting it — by file or by
  an earlier mark — so nothing is counted twice (issue 10).
- A records file (CONTRACT §4 columns, Chinese aliases accepted) is validated row by row
  against the scenario of record AND against the bureau's region before anything is
  offered to save (`AuthorizedStore.refusals`): rows outside its region are summed up in
  one sentence and listed in one table, with no save button (issue 10: "573 records
  valid" and a save button, then 527 red boxes). Stored all or none.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from monitor.reconcile import reconcile
from monitor.records import Record, parse_sheet, read_records
from scheduler.errors import FairplanError, InputError, Problem
from scheduler.scenario import Sheet
from ui import nav, parts, state
from ui.auth import require_login
from ui.i18n import current, t, tm
from ui.safety import md
from ui.views import records as rv
from ui.views.common import region_label, tree_order

lang = current()
user = require_login()
nav.gate(user, "ledger")
records_store = state.authorized(user)
scope = records_store.scope()
of_record = state.record_scenario(user)
scenario = of_record.scenario
st.caption(of_record.caption())
if scope is not None:
    st.info(tm("records_scope", region=region_label(scenario, user.region_id or "")))

tab_ledger, tab_upload = st.tabs([t("tab_ledger"), t("tab_upload")])


# --- the ledger --------------------------------------------------------------------------


def ledger() -> None:
    published = of_record.plan
    if published is None:
        st.info(t("ledger_needs_plan"))
        return
    fairs = [f for f in published.fairs if f.planned and (scope is None or f.region_id in scope)]
    if not fairs:
        st.info(t("no_fairs_here"))
        return
    as_of = state.today(scenario)
    records = records_store.records()
    by_id = {r.record_id: r for r in records}
    rows = reconcile(published.fairs, records)
    matched = {r.event_id: by_id[r.record_id] for r in rows
               if r.event_id and r.record_id in by_id}  # fmt: skip
    due = sum(1 for f in fairs if f.date < as_of and f.event_id not in matched)
    reported = sum(1 for f in fairs if f.event_id in matched)
    m1, m2, m3 = st.columns(3)
    m1.metric(t("ledger_reported"), reported)
    m2.metric(t("ledger_due_count"), due)
    m3.metric(t("ledger_upcoming"), sum(1 for f in fairs if f.date >= as_of))
    c1, c2 = st.columns([2, 1])
    regions = tree_order(scenario, {f.region_id for f in fairs})
    region = c1.selectbox(
        t("region"), ["", *regions], key="ledger_region",
        format_func=lambda r: region_label(scenario, r) if r else t("all"),
    )  # fmt: skip
    only_due = c2.toggle(t("ledger_only_due"), value=due > 0, key="ledger_only_due")
    shown = [f for f in fairs if not region or f.region_id == region]
    if only_due:
        shown = [f for f in shown if f.date < as_of and f.event_id not in matched]
    if not shown:
        st.success(t("ledger_nothing_due"))
        return
    st.caption(t("mark_intro"))
    frame = rv.ledger_frame(shown, matched, as_of, lang, scenario.kinds)
    words = list(rv.status_words(lang))
    # a form: the bureau fills in as many fairs as it likes, and they are saved together
    form = st.form(f"ledger_form_{region}_{only_due}", border=False)
    edited = form.data_editor(
        frame,
        hide_index=True,
        placeholder="",  # a fair not reported yet shows empty cells, not "None"
        disabled=[c for c in frame.columns if c not in rv.MARK_COLUMNS],
        # what a bureau fills in comes right after which fair it is; fixed widths (px) keep
        # the same table on every screen
        column_order=["due", "date", "region", "kind", *rv.MARK_COLUMNS, "venue", "time", "theme"],
        column_config={
            "due": st.column_config.TextColumn(t("ledger_due_col"), width=70),
            "date": st.column_config.DateColumn(t("date"), width=100),
            "region": st.column_config.TextColumn(t("region"), width=100),
            "kind": st.column_config.TextColumn(t("kind"), width=100),
            "status": st.column_config.SelectboxColumn(t("record_status"), options=words, width=90),
            "employers": st.column_config.NumberColumn(
                t("employers"), min_value=0, step=1, width=100
            ),
            "positions": st.column_config.NumberColumn(
                t("positions"), min_value=0, step=1, width=100
            ),
            "attendees": st.column_config.NumberColumn(
                t("attendees"), min_value=0, step=1, width=100
            ),
            "venue": st.column_config.TextColumn(t("venue"), width=200),
            "time": st.column_config.TextColumn(t("time"), width=100),
            "theme": st.column_config.TextColumn(t("theme"), width=120),
        },
        key=f"ledger_{region}_{only_due}",
    )
    if form.form_submit_button(t("ledger_save"), type="primary", key="ledger_save"):
        marks, problems = rv.ledger_marks(
            edited, frame, {f.event_id: f for f in shown}, matched, lang
        )
        if problems:
            parts.show_problems(problems, "ledger_problems", "ledger_invalid")
            return
        if not marks:
            st.info(t("nothing_marked"))
            return
        try:
            summary = records_store.mark(marks)
        except FairplanError as exc:
            parts.show_problems(exc.problems, "ledger_refused", "records_refused")
            return
        st.session_state["ledger_saved"] = t("stored", inserted=summary.inserted,
                                             replaced=summary.replaced, unchanged=summary.unchanged)  # fmt: skip
        st.rerun()


with tab_ledger:
    if st.session_state.get("ledger_saved"):
        st.success(st.session_state.pop("ledger_saved"))
    ledger()


# --- a records file ----------------------------------------------------------------------


def verdict(sheet: Sheet) -> list[Record] | None:
    """Validate every row, then the bureau's scope; the records when all may be stored."""
    try:
        records = parse_sheet(sheet, scenario.regions, kinds=scenario.kinds)
        problems: list[Problem] = []
    except InputError as exc:
        records, problems = [], exc.problems
    if problems:
        st.error(t("records_invalid", n=len(problems)))
        for p in problems:
            if p.row is None:
                st.error(md(p))
        st.dataframe(rv.validation_frame(sheet, problems, lang), hide_index=True,
                     key="upload_verdict")  # fmt: skip
        return None
    rows = [row for row, _ in sheet.rows]
    refused = records_store.refusals(records, source=sheet.file,
                                     rows=rows if len(rows) == len(records) else None)  # fmt: skip
    if refused:
        *each, total = refused
        st.error(md(total.message), icon=":material/block:")
        parts.show_problems(each, "upload_refused", "records_outside")
        return None
    st.success(t("records_valid", n=len(records)))
    st.dataframe(rv.validation_frame(sheet, [], lang), hide_index=True, key="upload_verdict")
    return records


def upload() -> None:
    st.caption(t("records_columns"))
    up: Any = st.file_uploader(t("upload_records"), type=["csv", "xlsx"], key="records_file")
    if up is None:
        return
    try:
        sheet = parts.read_upload(up, read_records).renamed(up.name)
    except InputError as exc:
        parts.show_problems(exc.problems, "upload_unreadable", "records_invalid")
        return
    valid = verdict(sheet)
    if valid is not None and st.button(t("store_records"), type="primary", key="store_upload"):
        try:
            summary = records_store.store_records(
                valid, source=up.name, rows=[row for row, _ in sheet.rows]
                if len(sheet.rows) == len(valid) else None,
            )  # fmt: skip
        except FairplanError as exc:
            parts.show_problems(exc.problems, "upload_store_refused", "records_refused")
            return
        st.success(t("stored", inserted=summary.inserted, replaced=summary.replaced,
                     unchanged=summary.unchanged))  # fmt: skip


with tab_upload:
    upload()
