"""调整 Hand edits (planners): move a fair of a draft to another day or venue, and lock it.

The independent checker's verdict on every hard rule and the objective's change show at
once, before anything is written (`publish.edits.Editor.preview`); applying stores the
edit in the draft (`Editor.apply`: refused when a rule breaks; audited). An edited fair
is locked, so the next re-plan keeps it where the planner put it. A plan that was ever
published is never changed: the page offers a new draft copied from it instead.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from publish.edits import Edit, EditOutcome
from scheduler.errors import FairplanError
from scheduler.schedule import ScheduledFair
from ui import nav, parts, state
from ui.auth import require_login
from ui.i18n import current, t, tm
from ui.safety import md
from ui.views import versions as vv
from ui.views.common import kind_text, region_label, tree_order, venue_text

lang = current()
user = require_login()
nav.gate(user, "edit")
plans = state.plans()
tz = state.timezone()

infos = {i.plan_id: i for i in plans.versions(user)}
drafts = sorted((i for i in infos.values() if not i.ever_published), key=lambda i: -i.plan_id)
published_id = plans.published_id()


def copy_button(plan_id: int) -> None:
    if st.button(t("copy_to_draft", id=plan_id), key=f"copy_{plan_id}", type="primary"):
        try:
            draft = plans.draft_from(plan_id, user, note=t("copy_note", id=plan_id))
        except FairplanError as exc:
            st.error("  \n".join(md(p) for p in exc.problems))
            return
        st.query_params["plan"] = str(draft.plan_id)
        st.rerun()


if not drafts:
    st.info(t("no_drafts"))
    if published_id is not None:
        copy_button(published_id)
    st.stop()

ids = [d.plan_id for d in drafts]
asked = st.query_params.get("plan", "")
if asked.isdigit() and int(asked) in infos and int(asked) not in ids:
    st.info(t("frozen_copy_first", id=int(asked)))
    copy_button(int(asked))
plan_id = st.selectbox(
    t("draft"), ids, index=ids.index(int(asked)) if asked.isdigit() and int(asked) in ids else 0,
    format_func=lambda i: vv.version_label(infos[i], lang, tz), key="edit_plan",
)  # fmt: skip
state.to_url("plan", plan_id, ids[0])
stored = state.stored_plan(plan_id, user)
scenario = stored.scenario
if stored.info.based_on:
    st.caption(t("edit_based_on", id=stored.info.based_on))


# --- which fair, and where to ------------------------------------------------------------

planned = [f for f in stored.fairs if f.planned]
regions = tree_order(scenario, {f.region_id for f in planned})
c1, c2 = st.columns([1, 2])
region = c1.selectbox(t("region"), regions, format_func=lambda r: region_label(scenario, r),
                      key="edit_region")  # fmt: skip
fairs = [f for f in planned if f.region_id == region]


def fair_label(f: ScheduledFair) -> str:
    lock = " 🔒" if f.locked else ""
    kind, where = kind_text(scenario.kinds, f.kind, lang), venue_text(scenario.kinds, f, lang)
    return f"{f.date} {f.start:%H:%M} {kind} · {where}{lock}"


by_event = {f.event_id: f for f in fairs}
event_id = c2.selectbox(t("fair"), list(by_event), format_func=lambda e: fair_label(by_event[e]),
                        key="edit_fair")  # fmt: skip
if event_id is None:
    st.stop()
fair = by_event[event_id]
s = scenario.settings
venues = [x.venue_id for x in scenario.venues_for(fair.region_id, fair.kind)]
if fair.venue_id not in venues:
    venues.insert(0, fair.venue_id)
names = {x.venue_id: x.name for x in scenario.venues.values()}
d1, d2, d3 = st.columns([1, 2, 1])
new_date: dt.date = d1.date_input(  # type: ignore[assignment]
    t("new_date"), value=fair.date, min_value=s.start, max_value=s.end, key=f"edit_date_{event_id}"
)
new_venue = d2.selectbox(t("new_venue"), venues, index=venues.index(fair.venue_id),
                         format_func=lambda x: f"{names.get(x, x)} ({x})",
                         key=f"edit_venue_{event_id}")  # fmt: skip
lock = d3.checkbox(t("lock_fair"), value=True, key=f"edit_lock_{event_id}",
                   help=t("lock_help"))  # fmt: skip
edit = Edit(
    event_id,
    date=None if new_date == fair.date else new_date,
    venue_id=None if new_venue == fair.venue_id else new_venue,
    lock=lock,
)


# --- the verdict, at once ----------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def _preview(plan_id: int, version: tuple[object, ...], edit: Edit, _user_key: str) -> EditOutcome:
    return state.editor().preview(plan_id, edit, user)


def show(outcome: EditOutcome) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(t("checker"), t("checker_passed") if outcome.passed else t("checker_failed"))
    delta = outcome.delta
    c2.metric(
        t("objective"),
        "—" if outcome.objective_after is None else f"{outcome.objective_after:,.0f}",
        None if delta is None else f"{delta:+,.0f}",
        delta_color="inverse",  # lower is better
    )
    c3.metric(t("tab_shortfalls"), len(outcome.shortfalls))
    if outcome.passed:
        st.success(t("edit_ok"))
    else:
        st.error(t("edit_breaks", n=len(outcome.violations)))
        st.dataframe([{t("col_problem"): x} for x in outcome.violations], hide_index=True,
                     key="edit_violations")  # fmt: skip
    if outcome.shortfalls:
        from ui.views.plan import shortfalls_frame

        st.dataframe(shortfalls_frame(scenario, outcome.shortfalls, lang), hide_index=True,
                     key="edit_shortfalls")  # fmt: skip


with st.container(border=True):
    st.subheader(t("edit_preview"))
    unchanged = edit.date is None and edit.venue_id is None and (lock == fair.locked or not lock)
    if unchanged:
        st.info(t("edit_nothing"))
    else:
        version = (stored.info.updated_at, stored.info.edits)
        try:
            outcome = _preview(plan_id, version, edit, user.name)
        except FairplanError as exc:
            st.error("  \n".join(md(p) for p in exc.problems))
            st.stop()
        st.write(
            tm("edit_from_to", before=fair_label(outcome.before), after=fair_label(outcome.after))
        )
        show(outcome)
        if st.button(
            t("edit_apply"), type="primary", disabled=not outcome.passed, key="edit_apply"
        ):
            try:
                state.editor().apply(plan_id, edit, user)
            except FairplanError as exc:
                st.error("  \n".join(md(p) for p in exc.problems))
                st.stop()
            st.session_state["edit_done"] = t("edit_saved_in", id=plan_id)
            st.rerun()
if st.session_state.get("edit_done"):
    st.success(st.session_state.pop("edit_done"))

locked = [f for f in stored.fairs if f.locked and f.planned]
with st.expander(t("locked_fairs", n=len(locked))):
    if locked:
        parts.fairs_table(locked, "locked", scenario.kinds)
    else:
        st.caption(t("no_locked"))
