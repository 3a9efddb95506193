"""A plan for the eye: its fairs as a table, a month calendar, regions × weeks, its
shortfalls, and its files to download."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import json
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from scheduler import policy
from scheduler.calendar import WorkCalendar
from scheduler.model import KindSpec, Scenario
from scheduler.plan import Shortfall
from scheduler.rules import rule_regions
from scheduler.schedule import ScheduledFair, to_csv_text
from ui.i18n import text, value
from ui.views.common import kind_text, region_label, tree_order, venue_text

if TYPE_CHECKING:
    from publish.outputs import PlanLike

WEEKDAYS_ZH = ("一", "二", "三", "四", "五", "六", "日")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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
            text("col_region_id", lang): [f.region_id for f in ordered],
            text("level", lang): [value(f.level, lang) for f in ordered],
            text("kind", lang): [kind_text(kind_specs, f.kind, lang) for f in ordered],
            text("theme", lang): [f.theme for f in ordered],
            text("time", lang): [f"{f.start:%H:%M}–{f.end:%H:%M}" for f in ordered],
            text("venue", lang): [venue_text(kind_specs, f, lang) for f in ordered],
            text("col_pool", lang): [f.pool_id for f in ordered],
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
        where = venue_text(kind_specs, f, lang)
        if where:
            label += f" @{where}"
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


def rule_labels(scenario: Scenario) -> dict[str, str]:
    """rule_id → the rule as people read it (`policy.rule_title`: its name and
    《document》clause), in the rules sheet's order: the compliance page's rule filter
    shows these, and filters on the key."""
    return {r.rule_id: policy.rule_title(r.rule_id, r.name, r.source) for r in scenario.rules}


def shortfalls_frame(
    scenario: Scenario, shortfalls: Sequence[Shortfall | Mapping[str, Any]], lang: str
) -> pd.DataFrame:
    """Requirements a plan leaves short (a result's, or as report.json lists them), each
    rule as people read it (name and 《document》clause) and why the plan could not meet it."""
    rows = [s.to_json() if isinstance(s, Shortfall) else s for s in shortfalls]
    labels = rule_labels(scenario)

    def title(s: Mapping[str, Any]) -> str:
        if s.get("name") or s.get("citation"):
            return policy.rule_title(s["rule_id"], s.get("name", ""), s.get("citation", ""))
        return labels.get(s["rule_id"], s["rule_id"])

    return pd.DataFrame(
        {
            text("rule", lang): [title(s) for s in rows],
            text("col_rule_id", lang): [s["rule_id"] for s in rows],
            text("region", lang): [region_label(scenario, s["region_id"]) for s in rows],
            text("period", lang): [f"{s['period_start']}..{s['period_end']}" for s in rows],
            text("required", lang): [s["required"] for s in rows],
            text("fairs", lang): [s["planned"] for s in rows],
            text("reason", lang): [
                s.get("reason_en", "") if lang == "en" else s.get("reason", "") for s in rows
            ],
        }
    )


def schedule_xlsx(plan: PlanLike, lang: str) -> bytes:
    """`schedule.xlsx` as `fairplan plan` writes it (through the spreadsheet-safe writer),
    in `lang` (a download is built when clicked, outside the run that set the language)."""
    from publish.outputs import schedule_workbook
    from scheduler.sheetwriter import workbook_bytes
    from texts import use

    with use(lang):
        return workbook_bytes(schedule_workbook(plan))


def schedule_csv(fairs: Sequence[ScheduledFair]) -> bytes:
    """`schedule.csv` exactly as `fairplan plan` writes it (UTF-8 with BOM)."""
    return to_csv_text(list(fairs)).encode("utf-8-sig")


def report_json(plan: PlanLike) -> bytes:
    return (json.dumps(plan.report(), ensure_ascii=False, indent=2) + "\n").encode()


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
