"""规划 Plan: choose a scenario, plan it in a separate process, look at and download the plan.

Planning and saving a plan on the server are for roles with `Action.PLAN`
(`identity.users.PERMISSIONS`: planners, and everyone in open mode); others may
still load a scenario (it sets the scenario the compliance page judges) but
the solve and save buttons are disabled with the reason.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from identity.users import Action, role_name
from scheduler.calendar import WorkCalendar
from scheduler.errors import InputError, Problem
from scheduler.model import Scenario
from scheduler.plan import PlanResult
from scheduler.schedule import ScheduledFair
from scheduler.weights import Weights
from ui import state, views
from ui.auth import require_login
from ui.i18n import current, t, tm, v
from ui.safety import sticky
from ui.solve import SolveJob, SolveOptions

lang = current()
user = require_login()
can_plan = user.can(Action.PLAN)
not_planner = t("plan_read_only", role=role_name(user.role))
st.title(t("page_plan"))


# --- the scenario ----------------------------------------------------------------


def template_bytes(lang_code: str) -> Callable[[], bytes]:
    def make() -> bytes:
        from scheduler.template import write_template

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "template.xlsx"
            write_template(path, lang_code)
            return path.read_bytes()

    return make


def load_upload(files: Sequence[Any]) -> Scenario:
    """An uploaded workbook, or CSV files (one per sheet) put back into a folder."""
    from scheduler.scenario import load_scenario

    names = [f.name for f in files]
    workbooks = [n for n in names if n.lower().endswith(".xlsx")]
    if workbooks and len(files) > 1:
        raise InputError(
            [
                Problem(
                    ", ".join(names), "upload one .xlsx workbook, or CSV files only (one per sheet)"
                )
            ]
        )
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            (Path(tmp) / Path(f.name).name).write_bytes(f.getvalue())
        path = Path(tmp) / workbooks[0] if workbooks else Path(tmp)
        loaded = load_scenario(path)
    return dataclasses.replace(loaded, source=", ".join(names))


def show_problems(problems: Sequence[Problem], key: str) -> None:
    st.error(t("scenario_invalid", n=len(problems)))
    ordered = sorted(problems, key=lambda p: (p.sheet, p.row or 0, p.column))
    st.dataframe(views.problems_frame(ordered, lang), hide_index=True, key=key)


def choose_scenario() -> Scenario | None:
    path, kind = state.default_scenario_path()
    labels = {
        "default": t("use_sample") if kind == "sample" else t("use_default", file=path.name),
        "upload": t("use_upload"),
    }
    choice = st.radio(
        t("scenario_source"),
        list(labels),
        format_func=labels.__getitem__,
        key="scenario_choice",
        horizontal=True,
    )
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(
        t("template_zh"),
        template_bytes("zh"),
        file_name="fairplan-模板.xlsx",
        help=t("template_help"),
        on_click="ignore",
    )
    c2.download_button(
        t("template_en"),
        template_bytes("en"),
        file_name="fairplan-template.xlsx",
        help=t("template_help"),
        on_click="ignore",
    )
    if choice == "default":
        if st.session_state.get("scenario") is not None:
            state.set_scenario(None)
            st.session_state.pop("upload_key", None)
        try:
            return state.scenario()
        except InputError as exc:
            show_problems(exc.problems, "default_problems")
            return None

    files = st.file_uploader(
        t("upload_scenario"), type=["xlsx", "csv"], accept_multiple_files=True, key="scenario_files"
    )
    if not files:
        st.info(t("upload_first"))
        return None
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + b"\0" + f.getvalue())
    key = digest.hexdigest()
    if st.session_state.get("upload_key") != key:
        st.session_state["upload_key"] = key
        try:
            state.set_scenario(load_upload(files), "upload")
            st.session_state["upload_problems"] = []
        except InputError as exc:
            st.session_state["upload_problems"] = exc.problems
            state.set_scenario(None)
    problems = st.session_state.get("upload_problems") or []
    if problems:
        show_problems(problems, "upload_problems_table")
        return None
    return state.scenario()


scenario = choose_scenario()
if scenario is None:
    st.stop()
s = scenario.settings
st.success(
    tm(
        "scenario_loaded",
        name=scenario.name,
        regions=len(scenario.regions),
        rules=len(scenario.rules),
        venues=len(scenario.venues),
        start=s.start,
        end=s.end,
    )
)


# --- solving ---------------------------------------------------------------------


def previous_plan() -> list[ScheduledFair] | None:
    """The plan to re-plan against, when the user asked for one."""
    from scheduler.schedule import read_schedule

    have = state.plan()
    if not sticky(st.checkbox, "replan", False, t("replan")):
        return None
    options = (["session"] if have is not None else []) + ["upload"]
    names = {"session": t("previous_session"), "upload": t("previous_upload")}
    src = sticky(
        st.radio,
        "previous_src",
        options[0],
        t("previous_source"),
        options=options,
        format_func=names.__getitem__,
        horizontal=True,
    )
    if src == "session" and have is not None:
        return list(have.fairs)
    up = st.file_uploader(t("previous_upload"), type=["csv"], key="previous_file")
    if up is None:
        st.info(t("no_previous"))
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schedule.csv"
        path.write_bytes(up.getvalue())
        try:
            return read_schedule(path)
        except InputError as exc:
            show_problems(exc.problems, "previous_problems")
            return None


job: SolveJob | None = st.session_state.get("job")
running = job is not None and not job.done
if not can_plan:
    st.info(not_planner, icon=":material/visibility:")

with st.container(border=True):
    st.subheader(t("solve_options"))
    c1, c2, c3 = st.columns(3)
    # sticky: a run that stops early (a new upload) must not reset what the user chose
    time_limit = sticky(
        c1.number_input,
        "time_limit",
        20.0,
        t("time_limit"),
        min_value=1.0,
        max_value=3600.0,
        step=5.0,
    )
    workers = sticky(c2.number_input, "workers", 0, t("workers"), min_value=0, max_value=256)
    seed = sticky(c3.number_input, "seed", 0, t("seed"), min_value=0, max_value=2**31 - 1)
    try:
        defaults = Weights.from_scenario(scenario)
    except InputError as exc:
        show_problems(exc.problems, "weight_problems")
        st.stop()
    chosen: dict[str, int] = {}
    with st.expander(t("weights")):
        st.caption(t("weights_help"))
        cols = st.columns(5)
        for i, f in enumerate(dataclasses.fields(Weights)):
            chosen[f.name] = int(
                cols[i % 5].number_input(
                    f"weight_{f.name}", 0, None, int(getattr(defaults, f.name)), key=f"w_{f.name}"
                )
            )
    previous = previous_plan()
    # say which plan the button makes: a ticked re-plan without a previous plan is a fresh one
    st.caption(
        t("plan_mode_replan", n=sum(1 for f in previous if f.planned))
        if previous is not None
        else t("plan_mode_fresh")
    )
    if st.button(
        t("start_solve"),
        type="primary",
        disabled=running or not can_plan,
        help=None if can_plan else not_planner,
        key="start",
    ):
        job = SolveJob(
            views.with_weights(scenario, chosen, defaults),
            SolveOptions(float(time_limit), int(workers) or None, int(seed)),
            previous,
        ).start()
        st.session_state["job"] = job
        st.session_state.pop("plan_error", None)
        running = True


def finish(finished: SolveJob) -> None:
    st.session_state["job"] = None
    result = finished.result
    if result is None:
        st.session_state["plan_error"] = tm("solve_failed", error=finished.error)
    elif not result.fairs and result.stats.status in ("unknown", "infeasible"):
        st.session_state["plan_error"] = tm("no_plan_found", status=result.stats.status)
    else:
        st.session_state["plan"] = result
        st.session_state["plan_events"] = list(finished.events)


def progress_view(events: list[dict[str, Any]], now: float | None) -> None:
    if events:
        last = events[-1]
        c1, c2, c3 = st.columns(3)
        c1.metric(t("objective"), f"{float(last['objective']):,.0f}")
        c2.metric(t("bound"), f"{float(last['bound']):,.0f}")
        c3.metric(t("gap"), f"{float(last['gap']):.2%}")
        st.altair_chart(views.progress_chart(views.progress_frame(events, now), lang))


@st.fragment(run_every=0.5)
def progress_panel() -> None:
    current_job: SolveJob | None = st.session_state.get("job")
    if current_job is None:
        return
    if current_job.poll():
        finish(current_job)
        st.rerun()
    with st.container(border=True):
        if current_job.stopping:
            st.info(t("stopping"))
        elif current_job.events:
            st.info(t("solving", elapsed=current_job.elapsed))
        else:
            st.info(t("building"))
        progress_view(current_job.events, current_job.elapsed)
        st.button(
            t("stop_solve"), on_click=current_job.stop, disabled=current_job.stopping, key="stop"
        )


if running:
    progress_panel()
if st.session_state.get("plan_error"):
    st.error(st.session_state["plan_error"])


# --- the plan --------------------------------------------------------------------

maybe_result: PlanResult | None = state.plan()
if maybe_result is None:
    st.stop()
assert maybe_result is not None
result: PlanResult = maybe_result
plan_scenario = result.scenario
st.header(t("result"))
info = views.summary(result)
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric(t("status"), t(f"solve_{info['status']}"))
c2.metric(
    t("rules"),
    t("all_met") if info["rules_met"] else t("rules_not_met", n=info["shortfalls"]),
)
c3.metric(t("fairs"), info["events"])
c3.caption(" · ".join(f"{v(k)} {n}" for k, n in info["by_kind"].items()))
c4.metric(t("gap"), "∞" if info["gap"] is None else f"{info['gap']:.2%}")
c5.metric(t("wall_time"), f"{info['wall_time_s']:.1f} s")
changes = info["changes"]
if changes and any(changes.get(k) for k in ("kept", "moved", "cancelled")):
    st.subheader(t("changes"))
    d1, d2, d3, d4 = st.columns(4)
    for col, k in zip((d1, d2, d3, d4), ("kept", "moved", "added", "cancelled"), strict=True):
        col.metric(t(k), changes.get(k, 0))
events = st.session_state.get("plan_events") or []
if events:
    with st.expander(t("objective") + " / " + t("bound")):
        progress_view(events, None)

tab_cal, tab_heat, tab_table, tab_short, tab_dl = st.tabs(
    [t("tab_calendar"), t("tab_heatmap"), t("tab_table"), t("tab_shortfalls"), t("tab_downloads")]
)

with tab_cal:
    regions = views.tree_order(plan_scenario, {f.region_id for f in result.fairs})
    c1, c2, c3 = st.columns([2, 1, 1])
    region = c1.selectbox(
        t("region"),
        regions,
        format_func=lambda r: views.region_label(plan_scenario, r),
        key="cal_region",
    )
    months = views.months_of(plan_scenario)
    ym = c2.selectbox(
        t("month"), months, format_func=lambda m: f"{m[0]}-{m[1]:02d}", key="cal_month"
    )
    below = c3.checkbox(t("with_descendants"), key="cal_below")
    if region and ym:
        ids = plan_scenario.descendants(region) if below else [region]
        cal = views.month_calendar(
            result.fairs, ids, ym[0], ym[1], lang, WorkCalendar.for_settings(plan_scenario.settings)
        )
        st.table(
            cal.style.set_properties(
                None, **{"white-space": "pre-wrap", "vertical-align": "top"}
            ).hide()
        )

with tab_heat:
    st.caption(t("heatmap_caption"))
    st.altair_chart(
        views.plan_heatmap_chart(views.plan_heatmap_frame(plan_scenario, result.fairs), lang)
    )

with tab_table:
    table = views.fairs_frame(result.fairs, lang)
    c1, c2, c3 = st.columns(3)
    kinds = sorted({f.kind for f in result.fairs})
    kind = c1.selectbox(
        t("kind"), ["", *kinds], format_func=lambda k: v(k) if k else t("all"), key="tbl_kind"
    )
    statuses = sorted({f.status for f in result.fairs})
    status = c2.selectbox(
        t("status"),
        ["", *statuses],
        format_func=lambda k: v(k) if k else t("all"),
        key="tbl_status",
    )
    query = c3.text_input(t("region"), key="tbl_region")
    if kind:
        table = table[table[t("kind")] == v(kind)]
    if status:
        table = table[table[t("status")] == v(status)]
    if query:
        table = table[
            table[t("region")].str.contains(query, regex=False)
            | table["region_id"].str.startswith(query)
        ]
    st.dataframe(table, hide_index=True, key="fairs_table")

with tab_short:
    if result.shortfalls:
        st.dataframe(
            views.shortfalls_frame(plan_scenario, result.shortfalls, lang),
            hide_index=True,
            key="shortfalls_table",
        )
    else:
        st.success(t("no_shortfalls"))

with tab_dl:
    name = plan_scenario.name
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(
        t("download_xlsx"),
        lambda: views.schedule_xlsx(result),
        f"{name}-schedule.xlsx",
        on_click="ignore",
    )
    c2.download_button(
        t("download_csv"),
        views.schedule_csv(result.fairs),
        "schedule.csv",
        "text/csv",
        on_click="ignore",
    )
    c3.download_button(
        t("download_feeds"),
        lambda: views.feeds_zip(plan_scenario, result.fairs, "fairplan.local"),
        f"{name}-feeds.zip",
        "application/zip",
        on_click="ignore",
    )
    c4.download_button(
        t("download_report"),
        views.report_json(result),
        "report.json",
        "application/json",
        on_click="ignore",
    )
    with st.form("save_form", border=False):
        out = st.text_input(t("save_dir"), value=str(Path("out") / name), key="save_dir")
        if st.form_submit_button(
            t("save"), disabled=not can_plan, help=None if can_plan else not_planner
        ):
            from publish.outputs import write_plan

            written = write_plan(result, Path(out))
            st.success(tm("saved", n=len(written), dir=out))
