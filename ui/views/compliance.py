"""The red/yellow/green view: compliance rows filtered, as a heatmap (region × period),
the evidence behind a cell, a ranking, and the exports `fairplan check` writes."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from monitor.compliance import SEVERITY, ComplianceRow, write_csv, write_xlsx
from monitor.records import Record
from scheduler import kinds
from scheduler.model import KindSpec, Scenario
from texts import use
from ui.i18n import text, value
from ui.views.common import kind_text, region_label, tree_order

#: traffic-light colours of the compliance heatmap (004 §四(三)): red, yellow, green, grey
LIGHT_COLORS: dict[str, str] = {
    "red": "#d9534f",
    "yellow": "#f0ad4e",
    "green": "#5cb85c",
    "grey": "#c8c8c8",
}
#: the heatmap draws at most this many regions; more is unreadable and slow in a browser
MAX_HEAT_REGIONS = 150
_EPOCH = dt.date(1970, 1, 1).toordinal()


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
            text("col_region_id", lang): [r.region_id for r in recs],
            text("kind", lang): [kind_text(kind_specs, r.kind, lang) for r in recs],
            text("record_status", lang): [value(r.status, lang) for r in recs],
            text("venue", lang): [r.venue for r in recs],
            text("employers", lang): [r.employers for r in recs],
            text("positions", lang): [r.positions for r in recs],
            text("attendees", lang): [r.attendees for r in recs],
            text("col_record_id", lang): [r.record_id for r in recs],
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
            text("col_region_id", lang): order,
            text("level", lang): [value(scenario.regions[rid].level, lang) for rid in order],
            text("city", lang): [city(rid) for rid in order],
            value("missed", lang): [counts[rid]["missed"] for rid in order],
            value("at_risk", lang): [counts[rid]["at_risk"] for rid in order],
            value("met", lang): [counts[rid]["met"] for rid in order],
            value("upcoming", lang): [counts[rid]["upcoming"] for rid in order],
            text("light", lang): [value(light(rid), lang) for rid in order],
        }
    )


def compliance_xlsx(
    scenario: Scenario, rows: Sequence[ComplianceRow], as_of: dt.date, lang: str
) -> bytes:
    """`compliance.xlsx` as `fairplan check` writes it, for the rows shown, in `lang`
    (a download is built when clicked, outside the run that set the page's language)."""
    with tempfile.TemporaryDirectory() as tmp, use(lang):
        path = write_xlsx(scenario, rows, as_of, Path(tmp) / "compliance.xlsx")
        return path.read_bytes()


def compliance_csv(rows: Sequence[ComplianceRow]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_csv(rows, Path(tmp) / "compliance.csv").read_bytes()
