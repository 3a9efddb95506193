"""规划 Plan (planners): choose a scenario, plan it in a separate process, look at the plan.

- The scenario: the server's default (the bundled sample on a fresh install), a stored
  scenario version, or an upload — a workbook or CSV files, kept in the store as uploaded
  (`PlanStore.store_scenario`: the same bytes are the same version). A broken upload
  shows its problems and changes nothing else.
- The plan: a re-plan against the published plan by default (`publish.replan.basis`:
  kept fairs keep their event_id, moved ones raise SEQUENCE, fairs locked by hand stay),
  or against another version, an uploaded schedule, or from scratch — the page says
  which plan the button makes. The solve runs in its own process (`ui.solve`) and is
  stored as a draft when it ends (who, when, scenario version, based on which plan).
- The result: what changed against the plan it was re-planned from (which fairs moved,
  and why), its calendar, heatmap, table, shortfalls and files; publishing is on the
  versions page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from publish.diff import diff
from publish.replan import Basis, basis
from scheduler.errors import FairplanError, InputError, Problem
from scheduler.model import Scenario
from scheduler.plan import PlanResult
from scheduler.schedule import ScheduledFair
from scheduler.weights import Weights
from ui import nav, parts, state
from ui.auth import require_login
from ui.i18n import current, t, tm
from ui.safety import md, sticky
from ui.solve import SolveJob, SolveOptions
from ui.state import ScenarioChoice
from ui.views import solving, versions
from ui.views.common import kind_text, when

lang = current()
user = require_login()
nav.gate(user, "plan")
plans = state.plans()


# --- the scenario ----------------------------------------------------------------


def template_bytes(lang_code: str) -> Callable[[], bytes]:
    def make() -> bytes:
        from scheduler.template import write_template

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "template.xlsx"
            write_template(path, lang_code)
            return path.read_bytes()

    return make


def store_upload(files: Sequence[Any]) -> ScenarioChoice:
    """An uploaded workbook, or CSV files (one per sheet), loaded and kept in the store."""
    from scheduler.scenario import load_scenario

    names = [f.name for f in files]
    workbooks = [n for n in names if n.lower().endswith(".xlsx")]
    if workbooks and len(files) > 1:
        raise InputError([Problem(", ".join(names), t("upload_one_kind"))])
    with parts.saved(files) as paths:
        path = paths[0] if workbooks else paths[0].parent
        try:
            loaded = load_scenario(path)
        except InputError as exc:
            problems = exc.problems
            for p, f in zip(paths, files, strict=True):
                problems = parts.renamed(problems, p, f.name)
            raise InputError(problems) from None
        loaded = dataclasses.replace(loaded, source=", ".join(names))
        kept = plans.store_scenario(path, loaded, user)
    return ScenarioChoice(loaded, "stored", kept.scenario_id, kept.version)


def stored_label(s: Any) -> str:
    return t("stored_scenario_label", name=s.name, version=s.version, file=s.filename,
             who=s.stored_by, when=when(s.stored_at, state.timezone()), sha=s.sha256[:8])  # fmt: skip


def presets_panel() -> None:
    """The presets a new scenario may start from, and the settings sheet that starts one."""
    from scheduler import presets
    from scheduler.sheetwriter import csv_bytes
    from ui.views.presets import presets_frame

    with st.expander(t("presets_title"), icon=":material/policy:"):
        st.caption(t("presets_intro"))
        st.dataframe(presets_frame(lang), hide_index=True, key="presets_table")
        name = st.selectbox(t("preset_pick"), presets.names(), key="preset_pick")
        if name:
            rows = presets.starting_settings(presets.get(name))
            # the settings sheet's own columns (key, value), headed in words
            st.dataframe(pd.DataFrame(rows), hide_index=True, key="preset_settings",
                         column_config={"key": t("settings_col_key"),
                                        "value": t("settings_col_value")})  # fmt: skip
            st.download_button(t("download_settings"), csv_bytes(["key", "value"], rows),
                               file_name="settings.csv", mime="text/csv", on_click="ignore",
                               key="preset_settings_csv")  # fmt: skip


def choose_scenario() -> ScenarioChoice | None:
    path, kind = state.default_scenario_path()
    stored = plans.scenarios(user)
    labels = {
        "default": t("use_sample") if kind == "sample" else t("use_default", file=path.name),
        "stored": t("use_stored", n=len(stored)),
        "upload": t("use_upload"),
    }
    if not stored:
        del labels["stored"]
    choice = sticky(
        st.radio, "scenario_source", "default", t("scenario_source"), options=list(labels),
        format_func=labels.__getitem__, horizontal=True,
    )  # fmt: skip
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(t("template_zh"), template_bytes("zh"), file_name="fairplan-模板.xlsx",
                       help=t("template_help"), on_click="ignore")  # fmt: skip
    c2.download_button(t("template_en"), template_bytes("en"),
                       file_name="fairplan-template.xlsx", help=t("template_help"),
                       on_click="ignore")  # fmt: skip
    presets_panel()
    if choice == "default":
        st.session_state.pop("upload_key", None)
        if kind == "sample":  # the bundled samples, the default first
            from scheduler import samples

            # labels taken now, in this run's language (a format_func may be called later)
            names = {n: t(f"sample_{n}") for n in samples.names()}
            name = sticky(st.selectbox, "sample_name", samples.DEFAULT, t("sample_pick"),
                          options=list(names), format_func=names.__getitem__) or samples.DEFAULT  # fmt: skip
            path = samples.sample_path("csv", name)
        try:
            chosen = ScenarioChoice(state.file_scenario(path), kind, path)
        except InputError as exc:
            parts.show_problems(exc.problems, "default_problems")
            return None
        current_choice = state.choice()
        if current_choice is None or current_choice.ref != chosen.ref:
            state.set_choice(chosen)
        return state.choice()
    if choice == "stored":
        st.session_state.pop("upload_key", None)
        ids = [s.scenario_id for s in stored]
        by_id = {s.scenario_id: s for s in stored}
        picked: int = sticky(st.selectbox, "stored_scenario", ids[0], t("stored_scenarios"),
                             options=ids, format_func=lambda i: stored_label(by_id[i])) or ids[0]  # fmt: skip
        current_choice = state.choice()
        if current_choice is None or current_choice.ref != picked:
            scenario = plans.scenario(picked, user)
            state.set_choice(ScenarioChoice(scenario, "stored", picked, by_id[picked].version))
        return state.choice()

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
            state.set_choice(store_upload(files))
            st.session_state["upload_problems"] = []
        except InputError as exc:
            st.session_state["upload_problems"] = exc.problems
            state.set_choice(None)
    problems = st.session_state.get("upload_problems") or []
    if problems:
        parts.show_problems(problems, "upload_problems_table")
        return None
    return state.choice()


chosen = choose_scenario()
if chosen is None:
    st.stop()
scenario = chosen.scenario
s = scenario.settings
st.success(
    tm("scenario_loaded", name=scenario.name, regions=len(scenario.regions),
       rules=len(scenario.rules), venues=len(scenario.venues), start=s.start, end=s.end)
)  # fmt: skip
if chosen.version is not None:
    st.caption(tm("scenario_stored_as", name=scenario.name, version=chosen.version))


# --- what the button makes ---------------------------------------------------------


def against(chosen: ScenarioChoice) -> tuple[str, list[ScheduledFair] | None, int | None, str]:
    """(mode, the previous plan's fairs, its stored id, the sentence saying what the button
    makes) — a re-plan against the published plan by default."""
    from scheduler.schedule import parse_schedule, read_schedule_sheets

    published_id = plans.published_id()
    infos = {i.plan_id: i for i in plans.versions(user)}
    modes = (["published"] if published_id is not None else []) + ["fresh", "version", "upload"]
    if not infos:
        modes.remove("version")
    # against the published plan by default when it plans the same scenario (docs/store.md)
    same = published_id is not None and infos[published_id].scenario_name == scenario.name
    names = {
        "published": t("basis_published", id=published_id),
        "version": t("basis_version"),
        "upload": t("basis_upload"),
        "fresh": t("basis_fresh"),
    }
    # per scenario chosen: each starts from its own default, and keeps what the user picked
    mode: str = sticky(st.radio, f"basis@{chosen.ref}", "published" if same else "fresh",
                       t("basis"), options=modes, format_func=names.__getitem__,
                       horizontal=True) or modes[0]  # fmt: skip
    if mode == "fresh":
        return mode, None, None, t("plan_mode_fresh")
    if mode in ("published", "version"):
        if mode == "published":
            plan_id = published_id
        else:
            ids = sorted(infos, reverse=True)
            plan_id = sticky(st.selectbox, "basis_plan", ids[0], t("basis_pick"), options=ids,
                             format_func=lambda i: versions.version_label(infos[i], lang,
                                                                          state.timezone()))  # fmt: skip
        assert plan_id is not None
        previous = state.stored_plan(plan_id, user)
        n = sum(1 for f in previous.fairs if f.planned)
        return mode, list(previous.fairs), plan_id, t("plan_mode_replan_stored", id=plan_id, n=n)
    up = st.file_uploader(t("previous_upload"), type=["csv", "xlsx"], key="previous_file")
    if up is None:
        return mode, None, None, t("plan_mode_needs_upload")
    try:
        sheets = [s.renamed(up.name) for s in parts.read_upload(up, read_schedule_sheets)]
        fairs = parse_schedule(sheets, scenario)
    except InputError as exc:
        parts.show_problems(exc.problems, "previous_problems", "previous_invalid")
        return mode, None, None, t("plan_mode_needs_upload")
    n = sum(1 for f in fairs if f.planned)
    return mode, fairs, None, tm("plan_mode_replan_upload", file=up.name, n=n)


job: SolveJob | None = st.session_state.get("job")
running = job is not None and not job.done

with st.container(border=True):
    st.subheader(t("solve_options"))
    c1, c2, c3 = st.columns(3)
    # sticky: a run that stops early (a new upload) must not reset what the user chose
    time_limit = sticky(c1.number_input, "time_limit", 20.0, t("time_limit"), min_value=1.0,
                        max_value=3600.0, step=5.0)  # fmt: skip
    workers = sticky(c2.number_input, "workers", 0, t("workers"), min_value=0, max_value=256)
    seed = sticky(c3.number_input, "seed", 0, t("seed"), min_value=0, max_value=2**31 - 1)
    try:
        defaults = Weights.from_scenario(scenario)
    except InputError as exc:
        parts.show_problems(exc.problems, "weight_problems")
        st.stop()
    chosen_weights: dict[str, int] = {}
    with st.expander(t("weights")):
        st.caption(t("weights_help"))
        cols = st.columns(5)
        for i, f in enumerate(dataclasses.fields(Weights)):
            chosen_weights[f.name] = int(
                cols[i % 5].number_input(
                    t(f"weight_{f.name}"),
                    0,
                    None,
                    int(getattr(defaults, f.name)),
                    key=f"w_{f.name}",
                )
            )
    mode, previous, based_on, sentence = against(chosen)
    st.info(sentence, icon=":material/info:")
    plan_basis: Basis | None = None
    if previous is not None:
        weighted = solving.with_weights(scenario, chosen_weights, defaults)
        plan_basis = basis(weighted, previous, based_on)
        if plan_basis.released:
            st.warning(t("released_locked", n=len(plan_basis.released)))
            st.dataframe(
                [{t("event_id"): f.event_id, t("date"): f.date, t("region"): f.region_name,
                  t("reason"): why} for f, why in plan_basis.released],
                hide_index=True, key="released",
            )  # fmt: skip
    if st.button(t("start_solve"), type="primary", disabled=running or mode == "upload" and
                 previous is None, key="start"):  # fmt: skip
        target = (
            plan_basis.scenario
            if plan_basis is not None
            else solving.with_weights(scenario, chosen_weights, defaults)
        )
        job = SolveJob(
            target,
            SolveOptions(float(time_limit), int(workers) or None, int(seed)),
            None if plan_basis is None else plan_basis.previous,
        ).start()
        st.session_state["job"] = job
        st.session_state["solve_meta"] = {"ref": chosen.ref, "based_on": based_on,
                                          "previous": previous, "note": mode}  # fmt: skip
        st.session_state.pop("plan_error", None)
        running = True


def finish(finished: SolveJob) -> None:
    """The solve ended: keep the result, stored as a draft (or say why there is none)."""
    st.session_state["job"] = None
    result = finished.result
    meta = st.session_state.get("solve_meta") or {}
    if result is None:
        st.session_state["plan_error"] = tm("solve_failed", error=finished.error)
        return
    if not result.fairs and result.stats.status in ("unknown", "infeasible"):
        st.session_state["plan_error"] = tm("no_plan_found", status=result.stats.status)
        return
    st.session_state["plan"] = result
    st.session_state["plan_events"] = list(finished.events)
    st.session_state["plan_previous"] = meta.get("previous")
    try:
        info = plans.save(result, meta["ref"], user, based_on=meta.get("based_on"))
    except FairplanError as exc:
        st.session_state["plan_info"] = None
        st.session_state["plan_error"] = "  \n".join(md(p) for p in exc.problems)
        return
    st.session_state["plan_info"] = info


def progress_view(events: list[dict[str, Any]], now: float | None) -> None:
    if events:
        last = events[-1]
        c1, c2, c3 = st.columns(3)
        c1.metric(t("objective"), f"{float(last['objective']):,.0f}")
        c2.metric(t("bound"), f"{float(last['bound']):,.0f}")
        c3.metric(t("gap"), f"{float(last['gap']):.2%}")
        st.altair_chart(solving.progress_chart(solving.progress_frame(events, now), lang))


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
plan_scenario: Scenario = result.scenario
st.header(t("result"))
stored = state.plan_info()
if stored is not None:
    st.success(
        tm("saved_draft", id=stored.plan_id, who=stored.created_by,
           when=when(stored.created_at, state.timezone()), name=stored.scenario_name,
           version=stored.scenario_version)
        + (t("saved_draft_based", id=stored.based_on) if stored.based_on else ""),
        icon=":material/save:",
    )  # fmt: skip
    st.page_link(nav.spec("versions").path, label=t("to_versions"), icon=":material/history:")
info = solving.summary(result)
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric(t("status"), t(f"solve_{info['status']}"))
c2.metric(
    t("rules"), t("all_met") if info["rules_met"] else t("rules_not_met", n=info["shortfalls"])
)
c3.metric(t("fairs"), info["events"])
c3.caption(" · ".join(f"{kind_text(plan_scenario.kinds, k, lang)} {n}"
                      for k, n in info["by_kind"].items()))  # fmt: skip
c4.metric(t("gap"), "∞" if info["gap"] is None else f"{info['gap']:.2%}")
c5.metric(t("wall_time"), t("seconds_value", s=f"{info['wall_time_s']:.1f}"))
events = st.session_state.get("plan_events") or []
if events:
    with st.expander(t("objective") + " / " + t("bound")):
        progress_view(events, None)

previous_fairs = st.session_state.get("plan_previous")
if previous_fairs is not None:
    # which fairs moved, and why: what a re-plan's subscribers will see change (issue 10)
    st.subheader(t("changes"))
    parts.changes(diff(previous_fairs, result.fairs, plan_scenario), plan_scenario, "result",
                  plan_scenario.name)  # fmt: skip

parts.plan_tabs(
    plan_scenario,
    result.fairs,
    [sf.to_json() for sf in result.shortfalls],
    "result",
    extra={t("tab_downloads"): lambda: parts.downloads(result, plan_scenario.name, "result")},
)
