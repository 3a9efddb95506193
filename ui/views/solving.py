"""The solver's progress while it searches, and the numbers a planner looks at first."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from scheduler.model import Scenario
from scheduler.weights import Weights
from ui.i18n import text

if TYPE_CHECKING:
    from scheduler.plan import PlanResult


def progress_frame(events: Sequence[Mapping[str, Any]], now: float | None = None) -> pd.DataFrame:
    """The solver's progress as long data: elapsed seconds, series (objective|bound), value.

    A bound of 0 means "nothing proven yet" and would flatten the chart, so it is
    left out; `now` extends both lines to the present while the solver searches.
    """
    rows: list[tuple[float, str, float]] = []
    for e in events:
        t = float(e["elapsed"])
        rows.append((t, "objective", float(e["objective"])))
        if float(e["bound"]) > 0:
            rows.append((t, "bound", float(e["bound"])))
    if events and now is not None and now > float(events[-1]["elapsed"]):
        last = events[-1]
        rows.append((now, "objective", float(last["objective"])))
        if float(last["bound"]) > 0:
            rows.append((now, "bound", float(last["bound"])))
    return pd.DataFrame(rows, columns=["elapsed", "series", "value"])


def progress_chart(frame: pd.DataFrame, lang: str) -> alt.Chart:
    names = {"objective": text("objective", lang), "bound": text("bound", lang)}
    data = frame.assign(series=frame["series"].map(names))
    return (
        alt.Chart(data)
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X("elapsed:Q", title=text("elapsed_s", lang)),
            y=alt.Y("value:Q", title=text("objective", lang), scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=list(names.values()), range=["#1f77b4", "#ff7f0e"]),
            ),
            tooltip=[
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("elapsed:Q", format=".1f", title=text("elapsed_s", lang)),
                alt.Tooltip("value:Q", format=",.0f", title=" "),
            ],
        )
        .properties(height=260)
    )


def with_weights(base: Scenario, chosen: Mapping[str, int], defaults: Weights) -> Scenario:
    """The scenario with the weights the user changed, as `weight_<name>` settings (scheduler/weights.py)."""
    extra = dict(base.settings.extra)
    for name, val in chosen.items():
        if val != getattr(defaults, name):
            extra[f"weight_{name}"] = str(val)
    if extra == dict(base.settings.extra):
        return base
    settings = dataclasses.replace(base.settings, extra=tuple(sorted(extra.items())))
    return dataclasses.replace(base, settings=settings)


def summary(result: PlanResult) -> dict[str, Any]:
    """The numbers a planner looks at first (from `PlanResult.report()`).

    `gap` is the honest one of report.json: the quality level's objective against its
    bound, without what every plan pays; missing fairs and the fewest fairs the rules
    need are given apart.
    """
    rep = result.report()
    return {
        "status": rep["status"],
        "rules_met": rep["rules_met"],
        "shortfalls": len(rep["shortfalls"]),
        "missing_fairs": rep["missing_fairs"],
        "events": rep["events"],
        "fairs_min": rep["fairs_min"],
        "by_kind": rep["events_by_kind"],
        "cancelled": rep["cancelled"],
        "objective": rep["objective"],
        "bound": rep["bound"],
        "gap": rep["gap"],
        "terms": rep["terms"],
        "constant": rep["constant"],
        "wall_time_s": rep["wall_time_s"],
        "changes": rep["changes"],
    }
