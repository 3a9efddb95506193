"""上报 Records: a city bureau reports the fairs it held (or cancelled).

Either a records file (CONTRACT §4 columns, Chinese aliases accepted) or the
planned fairs marked one by one. Both go through `monitor.records.parse_sheet`
against the scenario's regions; every row gets its verdict, and the records
are stored (one transaction) only when every row is valid.

Who may store is `identity.users.PERMISSIONS`' call, not this page's: the records
go through `AuthorizedStore.store_records`, which refuses the whole write when
any row lies outside a bureau's region (the refusal names each row; nothing is
stored). Roles without the right to write records (planner, inspector, admin)
see no upload or marking at all, only why. The audit trail — who inserted,
edited or deleted which record, when, from which file — is shown read-only to
everyone allowed to read it (a bureau: its own region).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from identity.users import Action, PermissionDenied, role_name
from monitor.records import Record, parse_sheet, read_records
from monitor.store import AUDIT_COLUMNS
from scheduler.errors import InputError, Problem
from scheduler.scenario import Sheet
from ui import state, views
from ui.auth import require_login
from ui.i18n import current, t, tm
from ui.safety import md

lang = current()
user = require_login()
authorized = state.authorized(user)
st.title(t("page_records"))
scenario = state.scenario()
state.caption()


def read_upload(upload: Any) -> Sheet:
    suffix = Path(upload.name).suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"records{suffix}"
        path.write_bytes(upload.getvalue())
        sheet = read_records(path)
    return sheet.renamed(upload.name)


def verdict(sheet: Sheet, key: str) -> list[Record] | None:
    """Validate; show every row's verdict; the records when all are valid."""
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
    else:
        st.success(t("records_valid", n=len(records)))
    st.dataframe(views.validation_frame(sheet, problems, lang), hide_index=True, key=key)
    return None if problems else records


def store(records: list[Record], source: str, sheet: Sheet) -> bool:
    """Store as the signed-in user; a refusal names every row and nothing is stored."""
    rows = [row for row, _ in sheet.rows]
    try:
        summary = authorized.store_records(
            records, source=source, rows=rows if len(rows) == len(records) else None
        )
    except PermissionDenied as exc:
        st.error(t("records_refused", n=len(exc.problems)))
        for p in exc.problems:
            st.error(md(p))
        return False
    st.session_state["stored"] = t(
        "stored", inserted=summary.inserted, replaced=summary.replaced, unchanged=summary.unchanged
    )
    return True


def audit_trail() -> None:
    if not user.can(Action.READ_AUDIT):
        return
    st.subheader(t("audit_title"))
    st.caption(t("audit_intro"))
    trail = authorized.trail()
    if not trail:
        st.info(t("audit_empty"))
        return
    frame = pd.DataFrame([e.as_row() for e in reversed(trail)], columns=list(AUDIT_COLUMNS))
    frame.columns = [t(f"audit_{c}") for c in AUDIT_COLUMNS]
    st.dataframe(frame, hide_index=True, key="audit_trail")


if not user.can(Action.WRITE_RECORDS):
    role = role_name(user.role)
    st.info(t("records_read_only", role=role), icon=":material/visibility:")
    audit_trail()
    st.stop()

st.write(t("records_intro"))
scope = authorized.scope()
if scope is not None:
    st.info(tm("records_scope", region=views.region_label(scenario, user.region_id or "")))

tab_upload, tab_mark = st.tabs([t("tab_upload"), t("tab_mark")])

with tab_upload:
    st.caption(t("records_columns"))
    upload = st.file_uploader(t("upload_records"), type=["csv", "xlsx"], key="records_file")
    if upload is not None:
        try:
            sheet = read_upload(upload)
        except InputError as exc:
            st.error(t("records_invalid", n=len(exc.problems)))
            for p in exc.problems:
                st.error(md(f"{upload.name}: {p.message}"))
        else:
            valid = verdict(sheet, "upload_verdict")
            if valid is not None and st.button(
                t("store_records"), type="primary", key="store_upload"
            ):
                store(valid, upload.name, sheet)
    if st.session_state.get("stored"):
        st.success(st.session_state.pop("stored"))

with tab_mark:
    st.caption(t("mark_intro"))
    result = state.plan()
    sources = (["session"] if result is not None else []) + ["upload"]
    names = {"session": t("previous_session"), "upload": t("upload_schedule")}
    src = st.radio(
        t("schedule_source"),
        sources,
        format_func=names.__getitem__,
        key="mark_src",
        horizontal=True,
    )
    fairs = list(result.fairs) if src == "session" and result is not None else []
    if src == "upload":
        from scheduler.schedule import read_schedule

        up = st.file_uploader(t("upload_schedule"), type=["csv"], key="mark_schedule")
        if up is not None:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "schedule.csv"
                path.write_bytes(up.getvalue())
                try:
                    fairs = read_schedule(path)
                except InputError as exc:
                    st.error("  \n".join(md(p) for p in exc.problems))
    if scope is not None:  # a bureau marks the fairs of its own region and below
        fairs = [f for f in fairs if f.region_id in scope]
    if fairs:
        if scope is not None and user.region_id in scenario.regions:
            cities = [user.region_id or ""]
        else:
            cities = views.tree_order(
                scenario, {scenario.city_of(f.region_id) or f.region_id for f in fairs}
            )
        city = st.selectbox(
            t("city"),
            cities,
            format_func=lambda r: views.region_label(scenario, r),
            key="mark_city",
        )
        below = set(scenario.descendants(city)) if city in scenario.regions else {city}
        frame = views.marking_frame([f for f in fairs if f.region_id in below])
        status_words = ["held", "cancelled"] if lang == "en" else ["已举办", "已取消"]
        edited = st.data_editor(
            frame,
            hide_index=True,
            disabled=[c for c in frame.columns if c not in views.MARK_COLUMNS],
            column_config={
                "status": st.column_config.SelectboxColumn(
                    t("record_status"), options=status_words
                ),
                "employers": st.column_config.NumberColumn(t("employers"), min_value=0, step=1),
                "positions": st.column_config.NumberColumn(t("positions"), min_value=0, step=1),
                "attendees": st.column_config.NumberColumn(t("attendees"), min_value=0, step=1),
            },
            key=f"marks_{city}",
        )
        if st.button(t("submit_marks"), type="primary", key="store_marks"):
            sheet = views.marks_sheet(edited)
            if not sheet.rows:
                st.info(t("nothing_marked"))
            else:
                valid = verdict(sheet, "mark_verdict")
                if valid is not None and store(valid, f"marked:{city}", sheet):
                    st.success(st.session_state.pop("stored"))

audit_trail()
