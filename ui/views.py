"""Tables, charts and files the app shows: pure functions of data (issue 5).

Nothing here touches Streamlit, so the pages, the tests and the benchmark call
the same code. Every judgement comes from the packages — `make_plan`'s result,
`monitor.compliance.judge`'s rows, `monitor.records.parse_sheet` — these
functions only arrange them for the eye: frames for tables, Altair (Vega-Lite,
bundled with Streamlit, no network) specs for charts, bytes for downloads.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import io
import json
import tempfile
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt
import numpy as np
import pandas as pd

from monitor.compliance import SEVERITY, ComplianceRow, write_csv, write_xlsx
from monitor.records import COLUMNS as RECORD_COLUMNS
from monitor.records import Record
from scheduler import kinds, policy, presets, rhythm
from scheduler.calendar import WorkCalendar
from scheduler.errors import Problem
from scheduler.model import KindSpec, Scenario
from scheduler.rules import rule_regions
from scheduler.scenario import Sheet
from scheduler.schedule import ScheduledFair, to_csv_text
from scheduler.weights import Weights
from texts import tr
from ui.i18n import text, value

if TYPE_CHECKING:
    from scheduler.plan import PlanResult, Shortfall

#: traffic-light colours of the compliance heatmap (004 §四(三)): red, yellow, green, grey
LIGHT_COLORS: dict[str, str] = {
    "red": "#d9534f",
    "yellow": "#f0ad4e",
    "green": "#5cb85c",
    "grey": "#c8c8c8",
}
WEEKDAYS_ZH = ("一", "二", "三", "四", "五", "六", "日")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: the heatmap draws at most this many regions; more is unreadable and slow in a browser
MAX_HEAT_REGIONS = 150
_EPOCH = dt.date(1970, 1, 1).toordinal()


# --- shared ------------------------------------------------------------------


def tree_order(scenario: Scenario, region_ids: Iterable[str]) -> list[str]:
    """Regions depth first from the top (each region right before its children, by id)."""

    def path(rid: str) -> tuple[str, ...]:
        return tuple(reversed(scenario.ancestors(rid))) or (rid,)

    return sorted(set(region_ids), key=path)


def region_label(scenario: Scenario, region_id: str) -> str:
    region = scenario.regions.get(region_id)
    return f"{region.name} {region_id}" if region else region_id


def problems_frame(problems: Sequence[Problem], lang: str) -> pd.DataFrame:
    """One line per problem: file (its name only: uploads live in temporary folders), sheet, row, column."""
    return pd.DataFrame(
        {
            text("col_file", lang): [Path(p.file).name for p in problems],
            text("col_sheet", lang): [p.sheet for p in problems],
            text("col_row", lang): [p.row if p.row is not None else "" for p in problems],
            text("col_column", lang): [p.column for p in problems],
            text("col_problem", lang): [p.message for p in problems],
        }
    )


# --- solving -----------------------------------------------------------------


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


# --- a plan ------------------------------------------------------------------


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


def kind_text(kind_specs: Mapping[str, KindSpec] | None, kind: str, lang: str) -> str:
    """A kind as people call it (`scheduler.kinds.label`): its label, a built-in kind's
    name, or its id; pass the scenario's kinds so custom kinds show their labels."""
    return kinds.label(kind_specs or {}, kind, lang)


def venue_text(kind_specs: Mapping[str, KindSpec] | None, f: ScheduledFair, lang: str) -> str:
    """Where a fair is held: its venue, or 线上 (online) for an online fair."""
    spec = (kind_specs or {}).get(f.kind)
    if not f.venue_id and spec is not None and spec.online:
        return tr("kinds.online", lang)
    return f.venue_name or f.venue_id


def fairs_frame(
    fairs: Sequence[ScheduledFair],
    lang: str,
    kind_specs: Mapping[str, KindSpec] | None = None,
) -> pd.DataFrame:
    """The schedule as a table a planner filters: one row per fair, by date
    (`kind_specs`: the scenario's kinds, for their labels and online fairs)."""
    ordered = sorted(fairs, key=lambda f: (f.date, f.region_id, f.start, f.event_id))
    return pd.DataFrame(
        {
            text("date", lang): [f.date for f in ordered],
            text("region", lang): [f.region_name or f.region_id for f in ordered],
            "region_id": [f.region_id for f in ordered],
            text("level", lang): [value(f.level, lang) for f in ordered],
            text("kind", lang): [kind_text(kind_specs, f.kind, lang) for f in ordered],
            text("theme", lang): [f.theme for f in ordered],
            "time": [f"{f.start:%H:%M}–{f.end:%H:%M}" for f in ordered],
            text("venue", lang): [venue_text(kind_specs, f, lang) for f in ordered],
            "pool_id": [f.pool_id for f in ordered],
            text("status", lang): [value(f.status, lang) for f in ordered],
            text("event_id", lang): [f.event_id for f in ordered],
        }
    )


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


#: the plan heatmap's row height and label size: a label fits its row with room to spare
HEAT_ROW_PX, HEAT_LABEL_PX = 16, 11


def plan_heatmap_frame(scenario: Scenario, fairs: Sequence[ScheduledFair]) -> pd.DataFrame:
    """Planned fairs per region and natural week (Monday), zeros included.

    Rows: every region a rule asks fairs of, and every region that has one.
    """
    wanted = {f.region_id for f in fairs if f.planned}
    for rule in scenario.rules:
        wanted.update(rule_regions(rule, scenario))
    regions = tree_order(scenario, wanted)
    weeks: list[dt.date] = []
    w = _monday(scenario.settings.start)
    while w <= scenario.settings.end:
        weeks.append(w)
        w += dt.timedelta(days=7)
    counts: dict[tuple[str, dt.date], int] = {}
    for f in fairs:
        if f.planned:
            key = (f.region_id, _monday(f.date))
            counts[key] = counts.get(key, 0) + 1
    return pd.DataFrame(
        [
            (rid, region_label(scenario, rid), i, wk.isoformat(), counts.get((rid, wk), 0))
            for i, rid in enumerate(regions)
            for wk in weeks
        ],
        columns=["region_id", "region", "order", "week", "fairs"],
    )


def plan_heatmap_chart(frame: pd.DataFrame, lang: str) -> alt.Chart:
    order = list(dict.fromkeys(frame.sort_values("order")["region"]))
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X("week:O", title=text("week", lang), axis=alt.Axis(labelAngle=-60)),
            # every region labelled: Vega-Lite drops overlapping labels by default, and at
            # 14 px a row it showed only every other region (issue 10)
            y=alt.Y(
                "region:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelOverlap=False, labelFontSize=HEAT_LABEL_PX, labelLimit=260),
            ),
            color=alt.Color(
                "fairs:Q", title=text("fairs", lang), scale=alt.Scale(scheme="blues", domainMin=0)
            ),
            tooltip=[
                alt.Tooltip("region:N", title=text("region", lang)),
                alt.Tooltip("week:O", title=text("week", lang)),
                alt.Tooltip("fairs:Q", title=text("fairs", lang)),
            ],
        )
        .properties(height=alt.Step(HEAT_ROW_PX))
    )


def month_calendar(
    fairs: Sequence[ScheduledFair],
    region_ids: Iterable[str],
    year: int,
    month: int,
    lang: str,
    cal: WorkCalendar | None = None,
    kind_specs: Mapping[str, KindSpec] | None = None,
) -> pd.DataFrame:
    """A month as weeks × weekdays; each cell the day, whether it is a holiday (休) or a
    make-up workday (班) when `cal` is given, and its fairs: time, kind·theme, venue (or
    线上), region (when several), cancelled ones marked."""
    keep = set(region_ids)
    by_day: dict[dt.date, list[str]] = {}
    for f in sorted(fairs, key=lambda f: (f.date, f.start, f.region_id)):
        if f.region_id not in keep or f.date.year != year or f.date.month != month:
            continue
        label = f"{f.start:%H:%M} " + kind_text(kind_specs, f.kind, lang).removesuffix("招聘会")
        if f.theme:
            label += f"·{f.theme}"
        if venue_text(kind_specs, f, lang):
            label += f" @{venue_text(kind_specs, f, lang)}"
        if len(keep) > 1:
            label += f"（{f.region_name}）" if lang == "zh" else f" ({f.region_name})"
        if not f.planned:
            label += "（" + value("cancelled", lang) + "）" if lang == "zh" else " (cancelled)"
        by_day.setdefault(f.date, []).append(label)
    names = WEEKDAYS_EN if lang == "en" else WEEKDAYS_ZH
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    rows = []
    for week in weeks:
        cells = []
        for d in week:
            if d.month != month:
                cells.append("")
                continue
            head = str(d.day)
            if cal is not None and cal.is_holiday(d):
                head += " " + text("cal_holiday", lang)
            elif cal is not None and d in cal.makeup_workdays:
                head += " " + text("cal_makeup", lang)
            cells.append("\n".join([head, *by_day.get(d, [])]))
        rows.append(cells)
    return pd.DataFrame(rows, columns=list(names))


def months_of(scenario: Scenario) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    d = scenario.settings.start.replace(day=1)
    while d <= scenario.settings.end:
        out.append((d.year, d.month))
        d = (d + dt.timedelta(days=32)).replace(day=1)
    return out


def shortfalls_frame(
    scenario: Scenario, shortfalls: Sequence[Shortfall], lang: str
) -> pd.DataFrame:
    """Each shortfall with its rule as people read it: name and 《document》clause."""
    return pd.DataFrame(
        {
            text("rule", lang): [s.title for s in shortfalls],
            "rule_id": [s.rule_id for s in shortfalls],
            text("region", lang): [region_label(scenario, s.region_id) for s in shortfalls],
            text("period", lang): [f"{s.period_start}..{s.period_end}" for s in shortfalls],
            text("required", lang): [s.required for s in shortfalls],
            text("fairs", lang): [s.planned for s in shortfalls],
            "reason": [s.reason_en if lang == "en" else s.reason for s in shortfalls],
        }
    )


def schedule_xlsx(result: PlanResult) -> bytes:
    from publish.outputs import schedule_workbook
    from scheduler.sheetwriter import workbook_bytes

    return workbook_bytes(schedule_workbook(result))


def schedule_csv(fairs: Sequence[ScheduledFair]) -> bytes:
    """`schedule.csv` exactly as `fairplan plan` writes it (UTF-8 with BOM)."""
    return to_csv_text(list(fairs)).encode("utf-8-sig")


def report_json(result: PlanResult) -> bytes:
    return (json.dumps(result.report(), ensure_ascii=False, indent=2) + "\n").encode()


def feeds_zip(scenario: Scenario, fairs: Sequence[ScheduledFair], domain: str) -> bytes:
    """Every region's feed (as `write_feeds` writes them) in one zip, under `feeds/`."""
    from calendars.feeds import write_feeds

    buf = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_feeds(scenario, fairs, Path(tmp), domain=domain)
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in [*paths, Path(tmp) / "index.json"]:
                if p.exists():
                    zf.write(p, f"feeds/{p.name}")
    return buf.getvalue()


# --- feeds -------------------------------------------------------------------


def feed_urls(base: str, region_id: str) -> tuple[str, str]:
    """(http, webcal) links of a region's feed on a `fairplan serve-feeds` server at `base`."""
    base = base.strip().rstrip("/") or "http://127.0.0.1:8000"
    if "://" not in base:
        base = "http://" + base
    http = f"{base}/feeds/{region_id}.ics"
    return http, "webcal://" + http.split("://", 1)[1]


def qr_svg(url: str) -> str:
    """The feed server's own QR code (the same SVG its index page shows)."""
    from calendars.server import qr_svg as server_qr_svg

    return server_qr_svg(url).decode("utf-8")


def feed_regions(scenario: Scenario, fairs: Sequence[ScheduledFair]) -> list[str]:
    """Regions that have a feed: those with fairs and all their ancestors (CONTRACT §3)."""
    have: set[str] = set()
    for f in fairs:
        have.update(scenario.ancestors(f.region_id) or [f.region_id])
    return tree_order(scenario, have)


def preview_since(scenario: Scenario, today: dt.date) -> dt.date:
    """Today, unless the plan's horizon lies wholly before or after it: then its start."""
    s = scenario.settings
    return today if s.start <= today <= s.end else s.start


def next_fairs(
    scenario: Scenario,
    fairs: Sequence[ScheduledFair],
    region_id: str,
    since: dt.date,
    lang: str,
    n: int = 10,
) -> pd.DataFrame:
    """The next `n` fairs in a region's feed (the region and everything below it)."""
    below = set(scenario.descendants(region_id))
    upcoming = sorted(
        (f for f in fairs if f.region_id in below and f.date >= since),
        key=lambda f: (f.date, f.start, f.region_id),
    )[:n]
    return pd.DataFrame(
        {
            text("date", lang): [f.date for f in upcoming],
            "time": [f"{f.start:%H:%M}–{f.end:%H:%M}" for f in upcoming],
            text("region", lang): [f.region_name or f.region_id for f in upcoming],
            text("kind", lang): [kind_text(scenario.kinds, f.kind, lang) for f in upcoming],
            text("theme", lang): [f.theme for f in upcoming],
            text("venue", lang): [venue_text(scenario.kinds, f, lang) for f in upcoming],
            text("status", lang): [value(f.status, lang) for f in upcoming],
        }
    )


# --- compliance --------------------------------------------------------------


def rule_labels(scenario: Scenario) -> dict[str, str]:
    """rule_id → the rule as people read it (`policy.rule_title`: its name and
    《document》clause), in the rules sheet's order: the compliance page's rule filter
    shows these, and filters on the key."""
    return {r.rule_id: policy.rule_title(r.rule_id, r.name, r.source) for r in scenario.rules}


def filter_rows(
    scenario: Scenario,
    rows: Sequence[ComplianceRow],
    level: str | None = None,
    city: str | None = None,
    rule: str | None = None,
) -> list[ComplianceRow]:
    """Rows of one level, of one city (the city and its counties) and of one rule; None = all."""
    inside = set(scenario.descendants(city)) if city else None
    return [
        r
        for r in rows
        if (not level or r.level == level)
        and (inside is None or r.region_id in inside)
        and (not rule or r.rule_id == rule)
    ]


def period_key(row: ComplianceRow, by_month: bool) -> str:
    """The heatmap column of a row: its own period, or the month holding its midpoint."""
    if by_month:
        mid = row.period_start + (row.period_end - row.period_start) // 2
        return f"{mid:%Y-%m}"
    if row.period == "month":
        return f"{row.period_start:%Y-%m}"
    if row.period == "quarter":
        return f"{row.period_start.year}Q{(row.period_start.month - 1) // 3 + 1}"
    if row.period == "window":
        return f"{row.period_start}..{row.period_end}"
    return row.period_start.isoformat()


def by_month(rows: Sequence[ComplianceRow]) -> bool:
    """Columns are months when the rows mix period kinds (weeks and months can't share columns)."""
    return len({r.period for r in rows}) > 1


def _period_keys(rows: Sequence[ComplianceRow], monthly: bool) -> np.ndarray:
    """`period_key` of every row at once (numpy dates: a country has ~10^5 rows)."""
    start = np.array([r.period_start.toordinal() for r in rows], dtype=np.int64) - _EPOCH
    if monthly:
        end = np.array([r.period_end.toordinal() for r in rows], dtype=np.int64) - _EPOCH
        mid = (start + (end - start) // 2).astype("datetime64[D]")
        return np.asarray(mid.astype("datetime64[M]").astype(str), dtype=object)
    days = start.astype("datetime64[D]")
    period = rows[0].period if rows else "week"
    if period == "month":
        return np.asarray(days.astype("datetime64[M]").astype(str), dtype=object)
    if period == "week":
        return np.asarray(days.astype(str), dtype=object)
    return np.array([period_key(r, False) for r in rows], dtype=object)  # quarters, windows: few


def rows_frame(rows: Sequence[ComplianceRow], monthly: bool) -> pd.DataFrame:
    """Compliance rows as columns (fast enough for a country: ~10^5 rows)."""
    return pd.DataFrame(
        {
            "region_id": [r.region_id for r in rows],
            "x": _period_keys(rows, monthly),
            "status": [r.status for r in rows],
            "required": np.fromiter((r.required for r in rows), np.int64, len(rows)),
            "held": np.fromiter((r.held for r in rows), np.int64, len(rows)),
        }
    )


_STATUS_RANK = {"missed": 0, "at_risk": 1, "met": 2, "upcoming": 3}  # = SEVERITY's lights
_STATUS_OF_RANK = ("missed", "at_risk", "met", "upcoming")


def heatmap_frame(
    scenario: Scenario,
    rows: Sequence[ComplianceRow],
    lang: str,
    max_regions: int = MAX_HEAT_REGIONS,
) -> tuple[pd.DataFrame, bool, int]:
    """One cell per (region, column): its worst light and how many periods of each status.

    Returns the frame, whether columns are months (several period kinds), and
    the number of regions before truncation: beyond `max_regions`, the regions
    with the most misses (then risks) are kept, still in tree order.
    """
    monthly = by_month(rows)
    cols = ["region_id", "region", "order", "x", "light", "status", "periods", "missed",
            "at_risk", "met", "upcoming", "required", "held"]  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=cols), monthly, 0
    df = rows_frame(rows, monthly)
    rank = df["status"].map(_STATUS_RANK).to_numpy()
    df["rank"] = rank
    for i, st in enumerate(_STATUS_OF_RANK):
        df[st] = (rank == i).astype(np.int64)
    cells = (
        df.groupby(["region_id", "x"], sort=False)
        .agg(
            rank=("rank", "min"),
            periods=("rank", "size"),
            missed=("missed", "sum"),
            at_risk=("at_risk", "sum"),
            met=("met", "sum"),
            upcoming=("upcoming", "sum"),
            required=("required", "sum"),
            held=("held", "sum"),
        )
        .reset_index()
    )
    region_ids = list(dict.fromkeys(r.region_id for r in rows))
    total = len(region_ids)
    if total > max_regions:
        per = cells.groupby("region_id")[["missed", "at_risk"]].sum()
        worst = per.sort_values(["missed", "at_risk"], ascending=False).index[:max_regions]
        region_ids = list(worst)
        cells = cells[cells["region_id"].isin(set(region_ids))]
    ordered = tree_order(scenario, region_ids)
    position = {rid: i for i, rid in enumerate(ordered)}
    label = {rid: region_label(scenario, rid) for rid in ordered}
    ranks = cells["rank"].to_numpy()
    status_names = np.array([value(st, lang) for st in _STATUS_OF_RANK], dtype=object)
    cells = cells.assign(
        light=np.array(SEVERITY, dtype=object)[ranks],
        status=status_names[ranks],
        region=cells["region_id"].map(label),
        order=cells["region_id"].map(position),
    )
    return cells[cols].sort_values(["order", "x"]).reset_index(drop=True), monthly, total


def heatmap_chart(frame: pd.DataFrame, lang: str, selectable: bool = True) -> alt.Chart:
    """Region × period in red/yellow/green/grey; a click selects a cell (region_id, x)."""
    order = list(dict.fromkeys(frame.sort_values("order")["region"]))
    columns = sorted(frame["x"].unique().tolist())
    lights = list(LIGHT_COLORS)
    chart = (
        alt.Chart(frame)
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("x:O", sort=columns, title=text("period", lang), axis=alt.Axis(labelAngle=-60)),
            y=alt.Y("region:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False)),
            color=alt.Color(
                "light:N",
                scale=alt.Scale(domain=lights, range=[LIGHT_COLORS[x] for x in lights]),
                legend=alt.Legend(
                    title=None, labelExpr=_legend_expr(lang), orient="top", direction="horizontal"
                ),
            ),
            tooltip=[
                alt.Tooltip("region:N", title=text("region", lang)),
                alt.Tooltip("x:O", title=text("period", lang)),
                alt.Tooltip("status:N", title=text("status", lang)),
                alt.Tooltip("required:Q", title=text("required", lang)),
                alt.Tooltip("held:Q", title=text("held", lang)),
                alt.Tooltip("periods:Q", title=text("periods", lang)),
            ],
        )
        .properties(height=alt.Step(18))
    )
    if selectable:
        pick = alt.selection_point(name="cell", fields=["region_id", "x"], on="click")
        chart = chart.add_params(pick).encode(
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45))
        )
    return chart


def _legend_expr(lang: str) -> str:
    status_of = {"red": "missed", "yellow": "at_risk", "green": "met", "grey": "upcoming"}
    names = {light: value(status, lang) for light, status in status_of.items()}
    expr = "datum.label"
    for light, name in names.items():
        expr = f"datum.label == '{light}' ? '{name}' : ({expr})"
    return expr


def cell_rows(rows: Sequence[ComplianceRow], region_id: str, x: str) -> list[ComplianceRow]:
    """The rows behind one heatmap cell."""
    monthly = by_month(rows)
    return [r for r in rows if r.region_id == region_id and period_key(r, monthly) == x]


def cell_periods_frame(
    rows: Sequence[ComplianceRow],
    lang: str,
    kind_specs: Mapping[str, KindSpec] | None = None,
) -> pd.DataFrame:
    """The periods behind a heatmap cell, each rule by name and citation."""
    return pd.DataFrame(
        {
            text("rule", lang): [r.title for r in rows],
            text("kind", lang): [
                kinds.rule_kind_label(kind_specs or {}, r.kind, lang) for r in rows
            ],
            text("period", lang): [f"{r.period_start}..{r.period_end}" for r in rows],
            text("required", lang): [r.required for r in rows],
            text("held", lang): [r.held for r in rows],
            text("status", lang): [value(r.status, lang) for r in rows],
            "rule_id": [r.rule_id for r in rows],
        }
    )


def evidence_frame(
    rows: Sequence[ComplianceRow],
    lang: str,
    kind_specs: Mapping[str, KindSpec] | None = None,
) -> pd.DataFrame:
    """The held and cancelled records behind rows (each record once), by date."""
    seen: dict[str, Record] = {}
    for row in rows:
        for rec in row.evidence:
            seen.setdefault(rec.record_id, rec)
    recs = sorted(seen.values(), key=lambda r: (r.date, r.record_id))
    return pd.DataFrame(
        {
            text("date", lang): [r.date for r in recs],
            "region_id": [r.region_id for r in recs],
            text("kind", lang): [kind_text(kind_specs, r.kind, lang) for r in recs],
            text("record_status", lang): [value(r.status, lang) for r in recs],
            text("venue", lang): [r.venue for r in recs],
            text("employers", lang): [r.employers for r in recs],
            text("positions", lang): [r.positions for r in recs],
            text("attendees", lang): [r.attendees for r in recs],
            "record_id": [r.record_id for r in recs],
            text("event_id", lang): [r.event_id for r in recs],
        }
    )


def status_counts(rows: Sequence[ComplianceRow]) -> dict[str, int]:
    out = {"missed": 0, "at_risk": 0, "met": 0, "upcoming": 0}
    for r in rows:
        out[r.status] += 1
    return out


def ranking_frame(scenario: Scenario, rows: Sequence[ComplianceRow], lang: str) -> pd.DataFrame:
    """Regions by missed periods (then at-risk ones), worst first; regions without misses too."""
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        c = counts.setdefault(r.region_id, {"missed": 0, "at_risk": 0, "met": 0, "upcoming": 0})
        c[r.status] += 1
    order = sorted(counts, key=lambda rid: (-counts[rid]["missed"], -counts[rid]["at_risk"], rid))
    light_of = {"missed": "red", "at_risk": "yellow", "met": "green", "upcoming": "grey"}

    def light(rid: str) -> str:
        c = counts[rid]
        return next((light_of[s] for s in ("missed", "at_risk", "met") if c[s]), "grey")

    def city(rid: str) -> str:
        c = scenario.city_of(rid)
        return scenario.regions[c].name if c else ""

    return pd.DataFrame(
        {
            text("region", lang): [scenario.regions[rid].name for rid in order],
            "region_id": order,
            text("level", lang): [value(scenario.regions[rid].level, lang) for rid in order],
            text("city", lang): [city(rid) for rid in order],
            value("missed", lang): [counts[rid]["missed"] for rid in order],
            value("at_risk", lang): [counts[rid]["at_risk"] for rid in order],
            value("met", lang): [counts[rid]["met"] for rid in order],
            value("upcoming", lang): [counts[rid]["upcoming"] for rid in order],
            text("light", lang): [value(light(rid), lang) for rid in order],
        }
    )


def compliance_xlsx(scenario: Scenario, rows: Sequence[ComplianceRow], as_of: dt.date) -> bytes:
    """`compliance.xlsx` as `fairplan check` writes it, for the rows shown."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx(scenario, rows, as_of, Path(tmp) / "compliance.xlsx")
        return path.read_bytes()


def compliance_csv(rows: Sequence[ComplianceRow]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_csv(rows, Path(tmp) / "compliance.csv").read_bytes()


# --- records -----------------------------------------------------------------


def validation_frame(sheet: Sheet, problems: Sequence[Problem], lang: str) -> pd.DataFrame:
    """The uploaded rows as read, each with its problems (or OK) — the per-row feedback."""
    by_row: dict[int | None, list[str]] = {}
    for p in problems:
        by_row.setdefault(p.row, []).append(f"{p.column}: {p.message}" if p.column else p.message)
    cols = [c for c in RECORD_COLUMNS if c in sheet.columns]
    data: dict[str, list[Any]] = {text("col_row", lang): [row for row, _ in sheet.rows]}
    data[text("check", lang)] = [
        "；".join(by_row[row]) if row in by_row else text("row_ok", lang) for row, _ in sheet.rows
    ]
    for c in cols:
        data[c] = [cells.get(c, "") for _, cells in sheet.rows]
    return pd.DataFrame(data)


MARK_COLUMNS = ("status", "employers", "positions", "attendees")


def marking_frame(fairs: Sequence[ScheduledFair]) -> pd.DataFrame:
    """Planned fairs with empty status and counts, for a bureau to fill in."""
    ordered = sorted(
        (f for f in fairs if f.planned), key=lambda f: (f.date, f.region_id, f.event_id)
    )
    return pd.DataFrame(
        {
            "event_id": [f.event_id for f in ordered],
            "region_id": [f.region_id for f in ordered],
            "region_name": [f.region_name for f in ordered],
            "kind": [f.kind for f in ordered],
            "date": [f.date.isoformat() for f in ordered],
            "venue": [f.venue_name or f.venue_id for f in ordered],
            "theme": [f.theme for f in ordered],
            "status": pd.Series([None] * len(ordered), dtype="object"),
            "employers": pd.Series([None] * len(ordered), dtype="Int64"),
            "positions": pd.Series([None] * len(ordered), dtype="Int64"),
            "attendees": pd.Series([None] * len(ordered), dtype="Int64"),
        }
    )


def _cell(v: object) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):  # type: ignore[call-overload]
        return ""
    return str(v).strip()


def marks_sheet(edited: pd.DataFrame, source: str = "planned fairs") -> Sheet:
    """The rows a bureau marked (status or any count filled) as a records sheet for `parse_sheet`.

    Row numbers are the editor's row numbers + 1 (as if the table had a header row).
    """
    columns = ["record_id", "region_id", "kind", "date", "status", "event_id", "venue",
               "employers", "positions", "attendees"]  # fmt: skip
    sheet = Sheet(source, "records", columns)
    for i, raw in enumerate(edited.to_dict("records"), start=2):
        marks = [_cell(raw.get(c)) for c in MARK_COLUMNS]
        if not any(marks):
            continue
        cells = {c: _cell(raw.get(c)) for c in columns if c != "record_id"}
        # one fair, one record: re-marking the same fair replaces its record
        cells["record_id"] = f"E-{cells['event_id']}" if cells.get("event_id") else ""
        sheet.rows.append((i, cells))
    return sheet


# --- presets and reporting rhythms (issue 13) ---------------------------------


def presets_frame(lang: str) -> pd.DataFrame:
    """The presets a planner may start a new scenario from (`scheduler.presets`): name,
    title, policy document, horizon, rules and reporting rhythm. A new scenario built on
    one starts with `presets.starting_settings(presets.get(name), scenario_name)`."""
    rows = presets.list()
    return pd.DataFrame(
        {
            "preset": [p.name for p in rows],
            tr("presets_col_title", lang): [p.title(lang) for p in rows],
            tr("presets_col_document", lang): [p.policy_document().cited() for p in rows],
            tr("presets_col_horizon", lang): [f"{p.start}..{p.end}" for p in rows],
            tr("presets_col_rules", lang): [len(p.rules) for p in rows],
            tr("presets_col_reporting", lang): [
                "；".join(rhythm.describe(r.rhythm, lang) for r in p.reporting)
                or tr("presets_none", lang)
                for p in rows
            ],
            "description": [p.description(lang) for p in rows],
        }
    )


def next_reports_frame(
    scenario: Scenario,
    records: Sequence[Record],
    today: dt.date,
    lang: str,
    scope: Collection[str] | None = None,
) -> pd.DataFrame:
    """Each city's next report under the scenario's preset (`monitor.reports.next_reports`):
    which report, when it is due, the days it covers and what it holds so far — fairs
    held by kind, cancelled, periods missed or at risk, and the light. `scope`: the region
    ids the reader may see (a bureau's; None: all). Empty without a preset or once no
    report is left."""
    from monitor.reports import next_reports

    out: dict[str, list[object]] = {
        k: []
        for k in ("report", "due", "covers", "city", "held", "by_kind", "cancelled",
                  "missed", "at_risk", "light")
    }  # fmt: skip
    for due in next_reports(scenario, records, today, scope):
        for line in due.report.lines:
            out["report"].append(due.reporting.name(lang))
            out["due"].append(due.due.strftime("%Y-%m-%d %H:%M"))
            out["covers"].append(f"{due.covers[0]}..{due.covers[1]}")
            out["city"].append(line.city_name)
            out["held"].append(line.held)
            out["by_kind"].append(
                "、".join(
                    f"{kind_text(scenario.kinds, k, lang)} {n}" for k, n in line.by_kind.items()
                )
            )
            out["cancelled"].append(line.cancelled)
            out["missed"].append(line.missed)
            out["at_risk"].append(line.at_risk)
            out["light"].append(value(line.light, lang))
    names = {
        "report": tr("reports.col_report", lang), "due": tr("reports.col_due", lang),
        "covers": tr("reports.col_covers", lang), "city": text("city", lang),
        "held": text("held", lang), "by_kind": text("kind", lang),
        "cancelled": value("cancelled", lang), "missed": value("missed", lang),
        "at_risk": value("at_risk", lang), "light": text("light", lang),
    }  # fmt: skip
    return pd.DataFrame({names[k]: v for k, v in out.items()})
