"""Progress reports the policies ask for: weekly (001 保障措施(四)), monthly (002 §三(二))
and quarterly (003 §四(四)), with the red/yellow/green evaluation of 004 §四(三).

A report covers the natural week, month or quarter that contains the as-of date,
counted through the as-of date, and gives per city — the city and every region
below it — the fairs held in that period and cumulatively since the start of the
action (the scenario's horizon), the employers, positions and attendees, the
periods missed, and a light: the worst status, as of the as-of date, among the
city's (and its counties') rule periods that overlap the report period — red
missed, yellow at risk, green met, grey nothing due yet. Statuses are those of
`fairplan check` on the same date. The report shows things as they stood on the
as-of date: records dated after it are left out (so last month's report can be
made again later and come out the same).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from monitor.compliance import (
    FILLS,
    ComplianceRow,
    describe_record,
    judge,
    period_label,
    worst_light,
)
from monitor.records import Record
from scheduler import kinds, policy, presets, rhythm, sheetwriter
from scheduler.model import Scenario
from scheduler.presets import Reporting
from scheduler.rules import natural_period
from texts import tr

CADENCES = {"weekly": "week", "monthly": "month", "quarterly": "quarter"}


@dataclass
class CityLine:
    """One city's line in a progress report."""

    city_id: str
    city_name: str
    province: str
    held: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)  # held in the period, per kind
    cancelled: int = 0
    held_total: int = 0
    employers: int = 0
    positions: int = 0
    attendees: int = 0
    employers_total: int = 0
    positions_total: int = 0
    attendees_total: int = 0
    missed: int = 0  # missed periods overlapping the report period
    missed_total: int = 0  # missed periods since the start
    at_risk: int = 0
    light: str = "grey"

    @property
    def specialized(self) -> int:
        return self.by_kind.get("specialized", 0)

    @property
    def comprehensive(self) -> int:
        return self.by_kind.get("comprehensive", 0)


@dataclass
class Report:
    cadence: str  # weekly | monthly | quarterly
    as_of: dt.date
    period_start: dt.date
    period_end: dt.date
    since: dt.date
    lines: list[CityLine]
    rows: list[ComplianceRow] = field(default_factory=list)

    @property
    def any_missed(self) -> bool:
        return any(r.status == "missed" for r in self.rows)


def build_report(
    scenario: Scenario,
    records: Sequence[Record],
    cadence: str,
    as_of: dt.date,
    period: tuple[dt.date, dt.date] | None = None,
) -> Report:
    """The figures of a weekly / monthly / quarterly report as of `as_of`: of the natural
    period containing it, or of `period` (e.g. the days a reporting rhythm's next report
    covers, see `next_reports`)."""
    p0, p1 = period or natural_period(CADENCES.get(cadence, "week"), as_of)
    since = scenario.settings.start
    records = [r for r in records if r.date <= as_of]
    rows = judge(scenario, records, as_of)
    regions = scenario.regions
    city_of = {rid: scenario.city_of(rid) for rid in regions}
    lines: dict[str, CityLine] = {}
    for rid in sorted(regions):
        if regions[rid].level == "city":
            prov = next(
                (
                    regions[a].name
                    for a in scenario.ancestors(rid)
                    if regions[a].level == "province"
                ),
                "",
            )
            lines[rid] = CityLine(rid, regions[rid].name, prov)

    for r in records:
        line = lines.get(city_of.get(r.region_id) or "")
        if line is None or not since <= r.date <= as_of:
            continue
        in_period = p0 <= r.date <= p1
        if r.status != "held":
            line.cancelled += in_period
            continue
        line.held_total += 1
        line.employers_total += r.employers or 0
        line.positions_total += r.positions or 0
        line.attendees_total += r.attendees or 0
        if in_period:
            line.held += 1
            line.by_kind[r.kind] = line.by_kind.get(r.kind, 0) + 1
            line.employers += r.employers or 0
            line.positions += r.positions or 0
            line.attendees += r.attendees or 0

    overlapping: dict[str, list[ComplianceRow]] = defaultdict(list)
    for row in rows:
        line = lines.get(city_of.get(row.region_id) or "")
        if line is None:
            continue
        if row.status == "missed":
            line.missed_total += 1
        if row.period_start <= p1 and row.period_end >= p0:
            overlapping[line.city_id].append(row)
            line.missed += row.status == "missed"
            line.at_risk += row.status == "at_risk"
    for cid, line in lines.items():
        line.light = worst_light(overlapping.get(cid, []))
    return Report(cadence, as_of, p0, p1, since, list(lines.values()), rows)


#: the report's columns (keys of `CityLine`); their headers are texts `report.col.<key>`
HEADER = (
    "province", "city_id", "city_name", "held", "cancelled", "held_total", "employers",
    "positions", "attendees", "employers_total", "positions_total", "attendees_total",
    "missed", "at_risk", "missed_total", "light",
)  # fmt: skip


def header(scenario: Scenario, lang: str | None = None) -> list[tuple[str, str]]:
    """The report's columns as (key, header): `HEADER` with one "of which" column per kind
    of the scenario after the fairs held (`kind:<id>` keys, read from `CityLine.by_kind`)."""
    named = [(key, tr(f"report.col.{key}", lang)) for key in HEADER]
    at = HEADER.index("held") + 1
    per_kind = [
        (f"kind:{k}", tr("report.col.of_which", lang, kind=kinds.label(scenario.kinds, k, lang)))
        for k in scenario.kinds
    ]
    return [*named[:at], *per_kind, *named[at:]]


def _value(line: CityLine, key: str) -> object:
    if key.startswith("kind:"):
        return line.by_kind.get(key[5:], 0)
    return getattr(line, key)


def write_report_xlsx(scenario: Scenario, report: Report, path: Path, title: str = "") -> Path:
    """The report workbook, in the current language: one line per city with a coloured
    light and a total, the misses, the notes; each sheet titled with what it covers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    fills = {k: PatternFill("solid", start_color=v, end_color=v) for k, v in FILLS.items()}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    name = title or tr(f"report.cadence.{report.cadence}")
    ws.title = sheetwriter.sheet_title(name, set())
    columns = header(scenario)
    covers = tr(
        "report.title",
        scenario=scenario.name,
        name=name,
        start=report.period_start.isoformat(),
        end=min(report.period_end, report.as_of).isoformat(),
        since=report.since.isoformat(),
        as_of=report.as_of.isoformat(),
    )
    totals: dict[str, int] = defaultdict(int)
    lines: list[list[object]] = []
    for line in report.lines:
        values: list[object] = []
        for key, _ in columns:
            v = _value(line, key)
            if key == "light":
                v = tr(f"compliance.light.{v}")
            elif isinstance(v, int):
                totals[key] += v
            values.append(v)
        lines.append(values)
    total = [tr("report.total"), "", ""] + [totals.get(k, "") for k, _ in columns[3:-1]] + [""]
    head = sheetwriter.table(ws, [h for _, h in columns], [*lines, total], title=covers)
    for r, line in enumerate(report.lines, start=head + 1):
        ws.cell(row=r, column=len(columns)).fill = fills[line.light]
        if line.missed_total:
            ws.cell(row=r, column=len(columns) - 1).fill = fills["red"]
    for cell in ws[head + 1 + len(report.lines)]:
        cell.font = Font(bold=True)

    ws = wb.create_sheet(tr("compliance.sheet.missed"))
    missed = [row for row in report.rows if row.status == "missed"]
    none = tr("compliance.none")

    def city_name(region_id: str) -> str:
        city = scenario.city_of(region_id)
        return scenario.regions[city].name if city else ""

    head = sheetwriter.table(
        ws,
        [
            tr(f"col.{c}")
            for c in (
                "city",
                "region_id",
                "region_name",
                "rule",
                "kind",
                "period",
                "required",
                "held",
                "held_records",
                "cancelled_records",
            )
        ],  # fmt: skip
        (
            [
                city_name(row.region_id),
                row.region_id,
                row.region_name,
                row.title,
                kinds.rule_kind_label(scenario.kinds, row.kind),
                period_label(row),
                row.required,
                row.held,
                "\n".join(describe_record(r, scenario.kinds) for r in row.evidence if r.held)
                or none,
                "\n".join(describe_record(r, scenario.kinds) for r in row.evidence if not r.held)
                or none,
            ]
            for row in missed
        ),
        title=covers,
        widths=[16, 12, 16, 60, 12, 24, 6, 6, 48, 48],
    )
    for r in range(head + 1, head + 1 + len(missed)):
        ws.cell(row=r, column=8).fill = fills["red"]

    ws = wb.create_sheet(tr("report.sheet.notes"))
    for key in (
        "report.note.period",
        "report.note.total",
        "report.note.light",
        "report.note.missed",
    ):
        sheetwriter.append(ws, [tr(key, citation=policy.display("004 四(三)"))])
    ws.column_dimensions["A"].width = 120
    sheetwriter.save(wb, path)
    return path


def report_path(out: Path, report: Report) -> Path:
    return out / f"report-{report.cadence}-{report.period_start.isoformat()}.xlsx"


# --- reporting rhythms (the preset's: 001 保障措施(四), 002 三(二), 003 四(四)) -------------


@dataclass(frozen=True)
class DueReport:
    """The next report a reporting rhythm asks for, and what it will contain so far: the
    figures of the days it covers, as of today (`report`, one line per reporting city)."""

    reporting: Reporting
    due: dt.datetime
    covers: tuple[dt.date, dt.date]
    report: Report

    @property
    def name(self) -> str:
        return self.reporting.name_zh

    @property
    def file_name(self) -> str:
        """`report-<rhythm id>-<first day covered>.xlsx`: one file per report."""
        return f"report-{self.reporting.id}-{self.covers[0].isoformat()}.xlsx"


def rhythms(scenario: Scenario) -> tuple[Reporting, ...]:
    """The reports the scenario's preset asks for (none without a preset), each bounded to
    the scenario's horizon: a report is due only for the days the scenario plans."""
    if not scenario.settings.preset:
        return ()
    s = scenario.settings
    out = []
    for r in presets.get(s.preset).reporting:
        start = max(r.rhythm.start or s.start, s.start)
        end = min(r.rhythm.end or s.end, s.end)
        out.append(
            replace(r, rhythm=replace(r.rhythm, start=start, end=min(max(end, start), s.end)))
        )
    return tuple(out)


def next_reports(
    scenario: Scenario,
    records: Sequence[Record],
    today: dt.date | dt.datetime,
    scope: Collection[str] | None = None,
) -> list[DueReport]:
    """Per reporting rhythm of the scenario's preset, the next report not yet due at `today`
    (a date: its very start) and what it will contain so far; in order of due date. With
    `scope` (the region ids a reader may see, e.g. a bureau's), only those cities' lines
    and those regions' rows. Pure: the app and `fairplan report next` both show it."""
    day = today.date() if isinstance(today, dt.datetime) else today
    out = []
    for r in rhythms(scenario):
        found = rhythm.next_due(r.rhythm, today)
        if found is None:
            continue
        lo, hi = found.covers
        report = build_report(scenario, records, r.rhythm.every, max(lo, min(day, hi)), (lo, hi))
        if scope is not None:
            report.lines = [x for x in report.lines if x.city_id in scope]
            report.rows = [x for x in report.rows if x.region_id in scope]
        out.append(DueReport(r, found.due, found.covers, report))
    return sorted(out, key=lambda d: (d.due, d.reporting.id))
