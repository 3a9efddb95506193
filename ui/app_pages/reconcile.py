"""计划与实际 Plan vs actual (inspectors, planners, admins): the published plan held against
what the bureaus reported (`monitor.reconcile`).

Per region and period (month, week or the whole plan): planned and held, cancelled,
planned but not reported (past the as-of date), still to come, held but not planned —
beside the red/yellow/green view (the compliance page, same filters); a line drills down
to its rows (fair, record, evidence); the selection exports as xlsx or `reconcile.csv`,
its file name saying what was selected. Filters live in the URL, so a link shares them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from monitor.reconcile import SUMMARY_KINDS, reconcile, summarise
from ui import nav, state
from ui.auth import require_login
from ui.i18n import current, t, tm, v
from ui.views import reconcile as rcv
from ui.views.common import download_name, region_label, tree_order

lang = current()
user = require_login()
nav.gate(user, "reconcile")
of_record = state.record_scenario(user)
published = of_record.plan
if published is None:
    st.info(t("nothing_published_yet"))
    st.stop()
scenario = published.scenario
st.caption(of_record.caption())

records_store = state.authorized(user)
records = records_store.records()
by_id = {r.record_id: r for r in records}
names = {rid: r.name for rid, r in scenario.regions.items()}
rows = reconcile(published.fairs, records, names)

cities = tree_order(scenario, (r for r, x in scenario.regions.items() if x.level == "city"))
periods = ["month", "week", "all"]
city_options = ["", *cities]
c1, c2, c3 = st.columns(3)
as_of: dt.date = c1.date_input(  # type: ignore[assignment]
    t("as_of"), value=state.url_date("as_of", state.today(scenario)), key="rc_as_of"
)
period = c2.selectbox(t("rc_period"), periods, index=state.url_index("period", periods),
                      format_func=lambda p: t(f"rc_by_{p}"), key="rc_period")  # fmt: skip
city = c3.selectbox(t("city"), city_options, index=state.url_index("city", city_options),
                    format_func=lambda x: scenario.regions[x].name if x else t("all"),
                    key="rc_city")  # fmt: skip
state.to_url("as_of", as_of, state.today(scenario))
state.to_url("period", period, "month")
state.to_url("city", city)

summaries = rcv.filter_summaries(scenario, summarise(rows, as_of, period), city or None)
totals = rcv.totals(summaries)
for col, kind in zip(st.columns(len(SUMMARY_KINDS)), SUMMARY_KINDS, strict=True):
    col.metric(t(rcv.COUNT_KEYS[kind]), totals[kind])
st.caption(t("rc_explain"))
st.page_link(nav.spec("compliance").path, label=t("rc_to_compliance"), icon=":material/traffic:",
             query_params={"as_of": as_of.isoformat(), **({"city": city} if city else {})})  # fmt: skip

if not summaries:
    st.info(t("no_rows"))
    st.stop()

frame = rcv.summary_frame(scenario, summaries, lang)
st.caption(t("rc_pick_line"))
event: Any = st.dataframe(frame, hide_index=True, key="rc_summary", on_select="rerun",
                          selection_mode="single-row")  # fmt: skip
ordered = rcv.ordered(scenario, summaries)
picked = (event.selection.get("rows") if event else None) or []
selected = ordered[picked[0]] if picked else None
selected_rows = selected.rows if selected is not None else [r for s in summaries for r in s.rows]

if selected is not None:
    with st.container(border=True):
        st.subheader(tm("rc_drill", region=region_label(scenario, selected.region_id),
                        period=rcv.period_label(selected)))  # fmt: skip
        counts = selected.counts
        kinds = [k for k in SUMMARY_KINDS if k != "planned" and counts[k]]
        show = st.segmented_control(
            t("show_changes"), kinds, selection_mode="multi", default=kinds, key="rc_kinds",
            format_func=lambda k: f"{t(rcv.COUNT_KEYS[k])} {counts[k]}",
        )  # fmt: skip
        wanted = set(show or kinds)
        drill = [r for r in selected.rows if r.category(as_of) in wanted]
        st.dataframe(
            rcv.drill_frame(drill, by_id, lang, scenario.kinds), hide_index=True, key="rc_rows"
        )

what = [t("page_reconcile"), scenario.regions[city].name if city else "", v(period) if period != "all" else "",
        f"{selected.region_name}-{rcv.period_label(selected)}" if selected else "", as_of.isoformat()]  # fmt: skip
e1, e2, _ = st.columns([1, 1, 2])
e1.download_button(
    t("export_reconcile_xlsx"), lambda: rcv.reconcile_xlsx(scenario, [selected] if selected else summaries,
                                                selected_rows, lang, as_of),
    download_name(*what, ext="xlsx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
    key="rc_xlsx",
)  # fmt: skip
e2.download_button(
    t("export_reconcile_csv"), lambda: rcv.reconcile_csv(selected_rows),
    download_name(*what, ext="csv"), "text/csv", on_click="ignore", key="rc_csv",
)  # fmt: skip
