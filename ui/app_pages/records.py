"""记录与审计 Records (everyone signed in who may read the audit): the records in the user's
scope, read-only, with the audit trail — who inserted, edited or deleted which record,
when, from which file — and the imports. A bureau sees its own region's; reporting is on
the ledger page (台账).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from identity.users import Action
from monitor.records import COLUMNS as RECORD_COLUMNS
from monitor.store import AUDIT_COLUMNS
from ui import nav, state
from ui.auth import require_login
from ui.i18n import current, t, tm, v
from ui.views.common import download_name, file_name, when

lang = current()
user = require_login()
nav.gate(user, "records")
records_store = state.authorized(user)
st.caption(tm("records_in_store", n=records_store.count(), db=state.store_label(user)))
if user.can(Action.WRITE_RECORDS):
    st.page_link(nav.spec("ledger").path, label=t("to_ledger"), icon=":material/fact_check:")
else:
    st.info(t("records_read_only"), icon=":material/visibility:")

tab_records, tab_trail = st.tabs([t("tab_records"), t("audit_title")])

with tab_records:
    rows = [r.as_row() for r in records_store.records()]
    if not rows:
        st.info(t("no_records_yet"))
    else:
        frame = pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
        frame["kind"] = frame["kind"].map(v)
        frame["status"] = frame["status"].map(v)
        frame.columns = [t(f"rec_{c}") for c in RECORD_COLUMNS]
        st.dataframe(frame, hide_index=True, key="records_table")
        from scheduler.sheetwriter import csv_bytes

        st.download_button(
            t("export_records_csv"), lambda: csv_bytes(RECORD_COLUMNS, rows),
            download_name(t("tab_records"), ext="csv"), "text/csv", on_click="ignore",
            key="records_csv",
        )  # fmt: skip

with tab_trail:
    st.caption(t("audit_intro"))
    trail = records_store.trail()
    if not trail:
        st.info(t("audit_empty"))
    else:
        audit = pd.DataFrame([e.as_row() for e in reversed(trail)], columns=list(AUDIT_COLUMNS))
        # the clock of the scenario's timezone, and the file's name, not where the server kept it
        audit["at"] = [when(dt.datetime.fromisoformat(a), state.timezone()) for a in audit["at"]]
        audit["source_file"] = audit["source_file"].map(file_name)
        audit["action"] = audit["action"].map(lambda a: t(f"audit_did_{a}"))
        audit["status"] = audit["status"].map(v)
        audit.columns = [t(f"audit_{c}") for c in AUDIT_COLUMNS]
        st.dataframe(audit, hide_index=True, key="audit_trail")
