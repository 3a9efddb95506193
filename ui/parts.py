"""Pieces several pages draw the same way: problems as a table, uploads read under their own
names, a plan's tabs and downloads, the changes between two plans.

Every table of user text is a dataframe (text, never markdown); every download is built
by `ui.views` through the spreadsheet-safe writer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from publish.diff import KINDS_OF_CHANGE, PlanDiff
from scheduler.calendar import WorkCalendar
from scheduler.errors import InputError, Problem
from scheduler.model import KindSpec, Scenario
from scheduler.scenario.ids import safe_name
from scheduler.schedule import ScheduledFair
from ui import state
from ui.i18n import current, t, v
from ui.views import common, plan, versions

T = TypeVar("T")


def show_problems(
    problems: Sequence[Problem], key: str, headline: str = "scenario_invalid"
) -> None:
    """One line saying how many problems, then every problem (file, sheet, row, column)."""
    st.error(t(headline, n=len(problems)))
    ordered = sorted(problems, key=lambda p: (p.sheet, p.row or 0, p.column))
    st.dataframe(common.problems_frame(ordered, current()), hide_index=True, key=key)


def renamed(problems: Sequence[Problem], temporary: Path, name: str) -> list[Problem]:
    """Problems naming an upload's temporary copy name the uploaded file instead."""
    return [dataclasses.replace(p, file=name) if p.file == str(temporary) else p for p in problems]


@contextlib.contextmanager
def saved(files: Sequence[Any]) -> Iterator[list[Path]]:
    """Uploaded files written to a temporary folder, each under its own (made safe) name."""
    with tempfile.TemporaryDirectory(prefix="fairplan-upload-") as tmp:
        paths = []
        for f in files:
            path = Path(tmp) / safe_name(Path(f.name).name, fallback="upload")
            path.write_bytes(f.getvalue())
            paths.append(path)
        yield paths


def read_upload(upload: Any, read: Callable[[Path], T]) -> T:
    """`read` one uploaded file; its problems name the file as uploaded (InputError)."""
    with saved([upload]) as (path,):
        try:
            return read(path)
        except InputError as exc:
            raise InputError(renamed(exc.problems, path, upload.name)) from None


# --- a plan ----------------------------------------------------------------------------


def plan_tabs(
    scenario: Scenario,
    fairs: Sequence[ScheduledFair],
    shortfalls: Sequence[Mapping[str, Any]],
    key: str,
    extra: Mapping[str, Callable[[], None]] | None = None,
) -> None:
    """A plan's month calendar, regions × weeks, table and shortfalls (then `extra` tabs)."""
    lang = current()
    names = [t("tab_calendar"), t("tab_heatmap"), t("tab_table"), t("tab_shortfalls"),
             *(extra or {})]  # fmt: skip
    tabs = st.tabs(names)
    with tabs[0]:
        regions = common.tree_order(scenario, {f.region_id for f in fairs})
        c1, c2, c3 = st.columns([2, 1, 1])
        region = c1.selectbox(
            t("region"), regions, format_func=lambda r: common.region_label(scenario, r),
            key=f"{key}_cal_region",
        )  # fmt: skip
        ym = c2.selectbox(
            t("month"), plan.months_of(scenario), format_func=lambda m: f"{m[0]}-{m[1]:02d}",
            key=f"{key}_cal_month",
        )  # fmt: skip
        below = c3.checkbox(t("with_descendants"), key=f"{key}_cal_below")
        if region and ym:
            ids = scenario.descendants(region) if below else [region]
            cal = plan.month_calendar(
                fairs,
                ids,
                ym[0],
                ym[1],
                lang,
                WorkCalendar.for_settings(scenario.settings),
                scenario.kinds,
            )
            # seven equal columns: a day with a long line does not squeeze the others
            st.table(
                cal.style.set_properties(
                    None, **{"white-space": "pre-wrap", "vertical-align": "top", "width": "14.28%"}
                ).hide()
            )
    with tabs[1]:
        st.caption(t("heatmap_caption"))
        st.altair_chart(plan.plan_heatmap_chart(plan.plan_heatmap_frame(scenario, fairs), lang))
    with tabs[2]:
        fairs_table(fairs, key, scenario.kinds)
    with tabs[3]:
        if shortfalls:
            st.dataframe(
                plan.shortfalls_frame(scenario, shortfalls, lang), hide_index=True,
                key=f"{key}_shortfalls",
            )  # fmt: skip
        else:
            st.success(t("no_shortfalls"))
    for tab, draw in zip(tabs[4:], (extra or {}).values(), strict=True):
        with tab:
            draw()


def fairs_table(
    fairs: Sequence[ScheduledFair], key: str, kind_specs: Mapping[str, KindSpec] | None = None
) -> None:
    """The fairs as a table, filtered by kind, status and region (`kind_specs`: the
    scenario's kinds, for their labels)."""
    lang = current()
    table = plan.fairs_frame(fairs, lang, kind_specs)
    c1, c2, c3 = st.columns(3)
    kinds = sorted({f.kind for f in fairs})
    kind = c1.selectbox(
        t("kind"),
        ["", *kinds],
        format_func=lambda k: common.kind_text(kind_specs, k, lang) if k else t("all"),
        key=f"{key}_kind",
    )
    statuses = sorted({f.status for f in fairs})
    status = c2.selectbox(
        t("status"), ["", *statuses], format_func=lambda k: v(k) if k else t("all"),
        key=f"{key}_status",
    )  # fmt: skip
    query = c3.text_input(t("region"), key=f"{key}_region")
    if kind:
        table = table[table[t("kind")] == v(kind)]
    if status:
        table = table[table[t("status")] == v(status)]
    if query:
        table = table[
            table[t("region")].str.contains(query, regex=False)
            | table[t("col_region_id")].str.startswith(query)
        ]
    st.dataframe(table, hide_index=True, key=f"{key}_fairs")


def downloads(plan_like: Any, name: str, key: str, report: bool = True) -> None:
    """The plan's files: schedule.xlsx/.csv, the feeds (zip), report.json (`report`: the
    whole plan's report — not for a bureau, who sees its own regions' fairs only)."""
    lang = current()  # now: the download is built when clicked, in another context
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(
        t("download_xlsx"), lambda: plan.schedule_xlsx(plan_like, lang),
        common.download_name(name, "schedule", ext="xlsx"), on_click="ignore", key=f"{key}_xlsx",
    )  # fmt: skip
    c2.download_button(
        t("download_csv"), lambda: plan.schedule_csv(plan_like.fairs),
        common.download_name(name, "schedule", ext="csv"), "text/csv", on_click="ignore",
        key=f"{key}_csv",
    )  # fmt: skip
    c3.download_button(
        t("download_feeds"),
        lambda: plan.feeds_zip(plan_like.scenario, plan_like.fairs, state.feeds_domain()),
        common.download_name(name, "feeds", ext="zip"), "application/zip", on_click="ignore",
        key=f"{key}_feeds",
    )  # fmt: skip
    if not report:
        return
    c4.download_button(
        t("download_report"), lambda: plan.report_json(plan_like),
        common.download_name(name, "report", ext="json"), "application/json", on_click="ignore",
        key=f"{key}_report",
    )  # fmt: skip


# --- two plans ---------------------------------------------------------------------------


def changes(d: PlanDiff, scenario: Scenario, key: str, name: str = "") -> None:
    """What changed between two plans: the counts, then the fairs that did not stay as they
    were (moved with what changed and why, added, cancelled), then per region."""
    lang = current()
    counts = d.counts()
    for col, kind in zip(st.columns(4), KINDS_OF_CHANGE, strict=True):
        col.metric(t(kind), counts[kind])
    changed = [c for c in d.changes if c.status != "kept"]
    if not changed:
        st.success(t("nothing_changed"))
        return
    shown = [k for k in KINDS_OF_CHANGE if k != "kept" and counts[k]]
    pick = st.segmented_control(
        t("show_changes"), shown, format_func=lambda k: f"{t(k)} {counts[k]}",
        selection_mode="multi", default=shown, key=f"{key}_which",
    )  # fmt: skip
    rows = [c for c in changed if c.status in (pick or shown)]
    st.dataframe(
        versions.changes_frame(rows, lang, scenario.kinds), hide_index=True, key=f"{key}_changes"
    )
    with st.expander(t("changes_by_region")):
        st.dataframe(versions.by_region_frame(d, scenario, lang), hide_index=True,
                     key=f"{key}_by_region")  # fmt: skip
    st.download_button(
        t("download_diff"), lambda: versions.diff_csv(d),
        common.download_name(name, "diff", ext="csv"), "text/csv", on_click="ignore",
        key=f"{key}_diff_csv",
    )  # fmt: skip
