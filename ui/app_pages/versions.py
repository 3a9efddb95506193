"""版本 Versions (planners, inspectors, admins): every stored plan, two of them side by side,
and — for planners — publishing one.

Each plan's state (draft / published / superseded), who made it and when, from which
scenario version and based on which plan (`PlanStore.versions`); the changes between any
two (`publish.diff`: kept, moved with what changed and why, added, cancelled, per
region); a plan's fairs and files; publishing a draft the independent checker passed,
after a confirmation (`PlanStore.publish`, audited); every publish and the plans' audit
trail.
"""

from __future__ import annotations

import streamlit as st

from identity.users import Action
from publish.diff import diff
from scheduler.errors import FairplanError
from ui import nav, parts, state
from ui.auth import require_login
from ui.i18n import current, t, tm
from ui.safety import md
from ui.views import versions as vv
from ui.views.common import when

lang = current()
user = require_login()
nav.gate(user, "versions")
plans = state.plans()
tz = state.timezone()
can_plan = user.can(Action.PLAN)

infos = plans.versions(user)
if not infos:
    st.info(t("no_versions"))
    if can_plan:
        st.page_link(nav.spec("plan").path, label=t("page_plan"), icon=":material/calendar_month:")
    st.stop()
by_id = {i.plan_id: i for i in infos}
ids = sorted(by_id, reverse=True)
published_id = plans.published_id()
if published_id is not None:
    p = by_id[published_id]
    st.success(tm("published_now", id=p.plan_id, name=p.scenario_name, n=p.events),
               icon=":material/campaign:")  # fmt: skip
else:
    st.info(t("nothing_published"))

st.dataframe(vv.versions_frame(infos, lang, tz), hide_index=True, key="versions_table")


def label(plan_id: int) -> str:
    return vv.version_label(by_id[plan_id], lang, tz)


# --- two versions side by side --------------------------------------------------------

st.subheader(t("compare"))
newest = ids[0]
base_default = by_id[newest].based_on or (published_id if published_id != newest else None)
c1, c2 = st.columns(2)
second = c2.selectbox(t("compare_second"), ids, format_func=label, key="diff_second")
first_options = [i for i in ids if i != second]
if not first_options:
    st.info(t("compare_needs_two"))
else:
    wanted = by_id[second].based_on or base_default
    first = c1.selectbox(
        t("compare_first"), first_options, format_func=label, key="diff_first",
        index=first_options.index(wanted) if wanted in first_options else 0,
    )  # fmt: skip
    a, b = state.stored_plan(first, user), state.stored_plan(second, user)
    parts.changes(diff(a.fairs, b.fairs, b.scenario), b.scenario, "versions",
                  f"{first}-{second}")  # fmt: skip


# --- one version -----------------------------------------------------------------------

st.subheader(t("one_version"))
shown = st.selectbox(t("version"), ids, format_func=label, key="shown_version")
stored = state.stored_plan(shown, user)
info = stored.info
st.caption(
    tm("version_caption", id=info.plan_id, who=info.created_by, name=info.scenario_name,
       version=info.scenario_version, when=when(info.created_at, tz))
    + (t("saved_draft_based", id=info.based_on) if info.based_on else "")
    + (t("version_edited", n=info.edits, who=info.updated_by) if info.edits else "")
)  # fmt: skip


def publish_panel() -> None:
    if not can_plan:
        st.info(t("publish_planners_only"), icon=":material/visibility:")
        return
    if info.published:
        st.success(t("is_published", id=info.plan_id))
        return
    if not info.checker_passed:
        st.error(t("cannot_publish_checker", id=info.plan_id))
        return
    current = by_id.get(published_id) if published_id is not None else None
    if current is not None:
        moved = diff(state.stored_plan(current.plan_id, user).fairs, stored.fairs).counts()
        st.write(t("publish_effect", id=info.plan_id, old=current.plan_id, **moved))
    else:
        st.write(t("publish_first", id=info.plan_id, n=info.events))
    with st.form(f"publish_{info.plan_id}", border=False):
        note = st.text_input(t("publish_note"), key=f"publish_note_{info.plan_id}")
        sure = st.checkbox(
            t("publish_confirm", id=info.plan_id), key=f"publish_sure_{info.plan_id}"
        )
        go = st.form_submit_button(t("publish_button", id=info.plan_id), type="primary")
    if go:
        if not sure:
            st.warning(t("publish_tick_first"))
            return
        try:
            plans.publish(info.plan_id, user, note=note.strip())
        except FairplanError as exc:
            st.error("  \n".join(md(p) for p in exc.problems))
            return
        st.session_state["published_message"] = t("published_done", id=info.plan_id)
        st.rerun()


def edit_panel() -> None:
    if not can_plan:
        return
    if not info.ever_published:
        st.page_link(nav.spec("edit").path, label=t("edit_this", id=info.plan_id),
                     icon=":material/edit_calendar:", query_params={"plan": str(info.plan_id)})  # fmt: skip
        return
    st.caption(t("frozen_copy_first", id=info.plan_id))
    if st.button(t("copy_to_draft", id=info.plan_id), key=f"copy_{info.plan_id}"):
        try:
            draft = plans.draft_from(info.plan_id, user, note=t("copy_note", id=info.plan_id))
        except FairplanError as exc:
            st.error("  \n".join(md(p) for p in exc.problems))
            return
        st.query_params["plan"] = str(draft.plan_id)
        st.switch_page(nav.spec("edit").path)


if st.session_state.get("published_message"):
    st.success(st.session_state.pop("published_message"), icon=":material/campaign:")
with st.container(border=True):
    st.markdown("**" + t("publish_title") + "**")
    publish_panel()
    edit_panel()

parts.plan_tabs(
    stored.scenario, stored.fairs, stored.report().get("shortfalls", []), f"v{shown}",
    extra={t("tab_downloads"): lambda: parts.downloads(stored, f"{info.scenario_name}-{shown}",
                                                       f"v{shown}")},
)  # fmt: skip


# --- history ---------------------------------------------------------------------------

with st.expander(t("publish_history")):
    history = plans.history(user)
    if history:
        st.dataframe(vv.publications_frame(history, lang, tz), hide_index=True, key="history")
    else:
        st.info(t("nothing_published"))
if user.can(Action.READ_AUDIT):
    with st.expander(t("plan_trail")):
        trail = plans.trail(user)
        st.dataframe(vv.trail_frame(trail, lang, tz), hide_index=True, key="plan_trail")
