"""达标情况 Compliance (everyone): who held the fairs their rules ask for, as of a date.

Every filter lives in the URL (`?as_of=…&level=…&city=…&rule=…&cell=…`), so an
inspector can share exactly what they see, down to the selected cell. The
judging is `monitor.compliance.judge` of the scenario of record (the published plan's;
before the first publish the server's default, and the page says which) over the
records the signed-in user may read (`AuthorizedStore`); a bureau sees only its own
region and its subdivisions — in the filters, the heatmap, the ranking and the exports
— and a shared link naming another city falls back to "all" of its own. Each rule is
shown with the policy it comes from (`scheduler.policy`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import pandas as pd
import streamlit as st

from scheduler.errors import InputError
from scheduler.model import Scenario
from ui import nav, parts, state
from ui.auth import require_login
from ui.i18n import current, t, tm, v
from ui.views import compliance as views
from ui.views.common import download_name, region_label, tree_order
from ui.views.plan import rule_labels

lang = current()
user = require_login()
nav.gate(user, "compliance")
try:
    of_record = state.record_scenario(user)
except InputError as exc:
    parts.show_problems(exc.problems, "scenario_problems")
    st.stop()
scenario = of_record.scenario
st.caption(of_record.caption())
records = state.authorized(user)
scope = records.scope()
st.caption(tm("records_in_store", n=records.count(), db=state.store_label(user)))
if scope is not None:
    st.info(tm("scope_only", region=region_label(scenario, user.region_id or "")))

regions = scenario.regions
seen = [r for r in regions if scope is None or r in scope]
cities = tree_order(scenario, (r for r in seen if regions[r].level == "city"))
levels = [lv for lv in ("province", "city", "county") if any(regions[r].level == lv for r in seen)]
rule_titles = rule_labels(scenario)
rule_ids = list(rule_titles)

level_options = ["", *levels]
city_options = ["", *cities]
rule_options = ["", *rule_ids]
c1, c2, c3, c4 = st.columns(4)
as_of: dt.date = c1.date_input(  # type: ignore[assignment]
    t("as_of"), value=state.url_date("as_of", state.today(scenario)), key="f_as_of"
)
level = c2.selectbox(
    t("level"),
    level_options,
    index=state.url_index("level", level_options),
    format_func=lambda x: v(x) if x else t("all"),
    key="f_level",
)
city = c3.selectbox(
    t("city"),
    city_options,
    index=state.url_index("city", city_options),
    format_func=lambda x: regions[x].name if x else t("all"),
    key="f_city",
)
rule = c4.selectbox(
    t("rule"),
    rule_options,
    index=state.url_index("rule", rule_options),
    format_func=lambda x: rule_titles.get(x, x) if x else t("all"),
    key="f_rule",
)
state.to_url("as_of", as_of, state.today(scenario))
state.to_url("level", level)
state.to_url("city", city)
state.to_url("rule", rule)


def next_reports(scenario: Scenario, as_of: dt.date, scope: Collection[str] | None) -> pd.DataFrame:
    """Each city's next report the scenario's preset asks for (none without a preset)."""
    from monitor.reports import rhythms
    from ui.views.presets import next_reports_frame

    if not rhythms(scenario):
        return pd.DataFrame()
    return next_reports_frame(scenario, records.records(), as_of, lang, scope)


rows = state.compliance_rows(scenario, as_of, user)
shown = views.filter_rows(scenario, rows, level or None, city or None, rule or None)
if not shown:
    st.info(t("no_rows"))
    st.stop()

counts = views.status_counts(shown)
m1, m2, m3, m4 = st.columns(4)
for col, status, color in zip(
    (m1, m2, m3, m4),
    ("missed", "at_risk", "met", "upcoming"),
    ("red", "orange", "green", "gray"),
    strict=True,
):
    col.metric(f":{color}[:material/circle:] {v(status)}", counts[status])

st.subheader(t("heatmap_title"))
frame, monthly, total = views.heatmap_frame(scenario, shown, lang)
if monthly:
    st.caption(t("heat_by_month"))
if total > views.MAX_HEAT_REGIONS:
    st.caption(t("heat_truncated", shown=views.MAX_HEAT_REGIONS, total=total))
st.caption(t("click_cell"))
event: Any = st.altair_chart(
    views.heatmap_chart(frame, lang), on_select="rerun", selection_mode="cell", key="heat"
)

# a click replaces the cell in the URL; a shared link's cell stays until the user clicks
picked_list = (event.selection.get("cell") if event else None) or []
picked = (picked_list[0]["region_id"], str(picked_list[0]["x"])) if picked_list else None
if picked != st.session_state.get("heat_last"):
    if picked is not None:
        st.query_params["cell"] = f"{picked[0]}@{picked[1]}"
    elif st.session_state.get("heat_last") is not None:
        st.query_params.pop("cell", None)
    st.session_state["heat_last"] = picked
cell = st.query_params.get("cell", "")
if "@" in cell:
    region_id, x = cell.split("@", 1)
    behind = views.cell_rows(shown, region_id, x)
    if behind:
        with st.container(border=True):
            st.subheader(tm("evidence", region=region_label(scenario, region_id), period=x))
            st.dataframe(
                views.cell_periods_frame(behind, lang, scenario.kinds),
                hide_index=True,
                key="cell_periods",
            )
            evidence = views.evidence_frame(behind, lang, scenario.kinds)
            if evidence.empty:
                st.warning(t("no_records"))
            else:
                st.dataframe(evidence, hide_index=True, key="cell_evidence")

reports = next_reports(scenario, as_of, scope)
if not reports.empty:
    st.subheader(t("next_reports_title"))
    st.caption(t("next_reports_caption", as_of=as_of.isoformat()))
    st.dataframe(reports, hide_index=True, key="next_reports")

st.subheader(t("ranking"))
st.dataframe(views.ranking_frame(scenario, shown, lang), hide_index=True, key="ranking")

what = [t("page_compliance"), scenario.regions[city].name if city else "", v(level) if level else "",
        rule, as_of.isoformat()]  # fmt: skip
e1, e2, _ = st.columns([1, 1, 2])
e1.download_button(
    t("export_xlsx"),
    lambda: views.compliance_xlsx(scenario, shown, as_of, lang),
    download_name(*what, ext="xlsx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="export_xlsx",
)
e2.download_button(
    t("export_csv"),
    lambda: views.compliance_csv(shown),
    download_name(*what, ext="csv"),
    "text/csv",
    on_click="ignore",
    key="export_csv",
)
