"""Which regions held the fairs their rules ask for (CONTRACT §4, `fairplan check`).

Judging uses `scheduler.rules` — the one implementation of "what counts toward
a period" that the planner plans against — so a plan that the checker accepts
is judged met here once its fairs are recorded as held. Only `held` records
count; cancelled ones are kept as evidence for the inspector.

Each (rule, region, in-scope period) gets a status, compared with the as-of date
on the *natural* period that `compliance.csv` reports (`period_start..period_end`):

- ``met``      held ≥ required (whenever that is);
- ``missed``   held < required and the period ended before the as-of date;
- ``at_risk``  held < required and the period contains the as-of date (its
  first and last day included: a fair may still be held that day);
- ``upcoming`` held < required and the period starts after the as-of date.

The red/yellow/green evaluation the policies ask for (004 §四(三)) maps missed to
red, at_risk to yellow and met to green; upcoming periods are grey.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from monitor.records import Record
from scheduler import kinds, policy, rules, sheetwriter
from scheduler.model import LEVEL_ZH, KindSpec, Scenario, kind_set
from texts import tr

if TYPE_CHECKING:
    import pandas as pd

STATUSES = ("met", "missed", "at_risk", "upcoming")
LIGHTS: dict[str, str] = {"missed": "red", "at_risk": "yellow", "met": "green", "upcoming": "grey"}
STATUS_NAMES_ZH: dict[str, str] = {s: tr(f"compliance.status.{s}", lang="zh") for s in STATUSES}
LIGHT_ZH: dict[str, str] = {
    x: tr(f"compliance.light.{x}", lang="zh") for x in ("red", "yellow", "green", "grey")
}
#: fills for the workbook, as ARGB-less hex (openpyxl)
FILLS: dict[str, str] = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE", "grey": "D9D9D9"}
#: worst first: a region's light is that of its worst period
SEVERITY = ("red", "yellow", "green", "grey")

#: the contract's compliance.csv columns, then fairplan's extras
CSV_COLUMNS = (
    "rule_id",
    "region_id",
    "region_name",
    "period_start",
    "period_end",
    "required",
    "held",
    "status",
)
CSV_EXTRAS = (
    "level",
    "kind",
    "period",
    "light",
    "cancelled",
    "source",
    "evidence",
    "name",
    "citation",
    "counts",
)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class RecordTable:
    """Records as columns, so a million of them group in numpy rather than Python.

    Built from a list of `Record`s or from a DataFrame with the records columns
    (as `monitor.store.RecordStore.frame` returns); `record(i)` gives one back.
    """

    def __init__(
        self,
        region_id: np.ndarray,
        kind: np.ndarray,
        ordinal: np.ndarray,
        held: np.ndarray,
        rows: Sequence[Record] | pd.DataFrame,
    ) -> None:
        self.region_id = region_id
        self.kind = kind
        self.ordinal = ordinal
        self.held = held
        self._rows = rows
        self._sort: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.ordinal)

    @classmethod
    def of(cls, records: Sequence[Record] | pd.DataFrame | RecordTable) -> RecordTable:
        if isinstance(records, RecordTable):
            return records
        if isinstance(records, Sequence):
            return cls(
                np.array([r.region_id for r in records], dtype=object),
                np.array([r.kind for r in records], dtype=object),
                np.fromiter((r.date.toordinal() for r in records), np.int64, len(records)),
                np.fromiter((r.status == "held" for r in records), bool, len(records)),
                records,
            )
        return cls.from_frame(records)

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> RecordTable:
        import pandas as pd

        dates = df["date"]
        if not pd.api.types.is_datetime64_any_dtype(dates):
            dates = pd.to_datetime(dates)
        days = dates.to_numpy().astype("datetime64[D]").astype(np.int64) + _EPOCH_ORDINAL
        return cls(
            df["region_id"].astype(str).to_numpy(dtype=object),
            df["kind"].astype(str).to_numpy(dtype=object),
            days,
            (df["status"] == "held").to_numpy(dtype=bool),
            df.reset_index(drop=True),
        )

    def record(self, i: int) -> Record:
        rows = self._rows
        if isinstance(rows, Sequence):
            return rows[i]
        import pandas as pd

        row = rows.iloc[i]

        def text(col: str) -> str:
            v = row.get(col)
            return "" if v is None or pd.isna(v) else str(v)

        def num(col: str) -> int | None:
            v = row.get(col)
            return None if v is None or pd.isna(v) or v == "" else int(v)

        return Record(
            record_id=text("record_id"),
            region_id=str(self.region_id[i]),
            kind=str(self.kind[i]),
            date=dt.date.fromordinal(int(self.ordinal[i])),
            status="held" if self.held[i] else "cancelled",
            event_id=text("event_id"),
            venue=text("venue"),
            employers=num("employers"),
            positions=num("positions"),
            attendees=num("attendees"),
        )

    def _sorted(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Record positions sorted by (region, kind, date), their group keys, and the region
        and kind names behind the keys.

        One sort of a combined int64 key (group << 20 | day ordinal) serves the
        held counts and the evidence alike; a group is (region code, kind code).
        """
        if self._sort is None:
            import pandas as pd

            codes, uniques = pd.factorize(self.region_id)
            kind_codes, kind_names = pd.factorize(self.kind)
            n_kinds = max(len(kind_names), 1)
            key = codes.astype(np.int64) * n_kinds + kind_codes.astype(np.int64)
            order = np.argsort((key << 20) | self.ordinal)
            self._sort = (
                order,
                key[order],
                np.asarray(uniques, dtype=object),
                np.asarray(kind_names, dtype=object),
            )
        return self._sort

    def grouped(
        self, held_only: bool = False
    ) -> tuple[dict[tuple[str, str], np.ndarray], dict[tuple[str, str], np.ndarray]]:
        """Sorted day ordinals per (region, kind), and the matching record positions."""
        if len(self) == 0:
            return {}, {}
        order, key_s, uniques, kind_names = self._sorted()
        n_kinds = max(len(kind_names), 1)
        if held_only:
            keep = self.held[order]
            order, key_s = order[keep], key_s[keep]
        if len(order) == 0:
            return {}, {}
        ords_s = self.ordinal[order]
        starts = np.concatenate(([0], np.flatnonzero(np.diff(key_s)) + 1))
        stops = np.append(starts[1:], len(key_s))
        days: dict[tuple[str, str], np.ndarray] = {}
        where: dict[tuple[str, str], np.ndarray] = {}
        for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
            k = int(key_s[a])
            name = (uniques[k // n_kinds], kind_names[k % n_kinds])
            days[name] = ords_s[a:b]
            where[name] = order[a:b]
        return days, where


class Evidence:
    """Finds the held and cancelled records behind a compliance row, on demand."""

    def __init__(self, table: RecordTable) -> None:
        self.table = table
        self._groups: (
            tuple[dict[tuple[str, str], np.ndarray], dict[tuple[str, str], np.ndarray]] | None
        ) = None
        self._kinds: dict[str, list[str]] | None = None

    @property
    def days(self) -> dict[tuple[str, str], np.ndarray]:
        return self._group()[0]

    @property
    def where(self) -> dict[tuple[str, str], np.ndarray]:
        return self._group()[1]

    def _group(self) -> tuple[dict[tuple[str, str], np.ndarray], dict[tuple[str, str], np.ndarray]]:
        if self._groups is None:  # built on first use: judging needs only the held counts
            self._groups = self.table.grouped()
        return self._groups

    def _kinds_of(self) -> dict[str, list[str]]:
        """The kinds each region has records of."""
        if self._kinds is None:
            self._kinds = defaultdict(list)
            for g, k in self.days:
                self._kinds[g].append(k)
        return self._kinds

    def find(
        self, regions: frozenset[str], kind: str, lo: dt.date, hi: dt.date
    ) -> tuple[Record, ...]:
        """The records of `regions` (a rule's counted regions) of the rule's `kind`
        (`any`, a kind, `a;b`) dated within [lo, hi]."""
        accepted = kind_set(kind)
        found: list[int] = []
        for g in regions:
            for k in self._kinds_of().get(g, ()):
                if accepted is not None and k not in accepted:
                    continue
                arr = self.days[(g, k)]
                a = int(np.searchsorted(arr, lo.toordinal(), side="left"))
                b = int(np.searchsorted(arr, hi.toordinal(), side="right"))
                found.extend(self.where[(g, k)][a:b].tolist())
        recs = [self.table.record(i) for i in found]
        return tuple(sorted(recs, key=lambda r: (r.date, r.record_id)))


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    """One (rule, region, in-scope period) judged against the records."""

    rule_id: str
    region_id: str
    region_name: str
    level: str
    kind: str  # the rule's kind: any, a kind, or kinds joined by ;
    period: str  # week | month | quarter | window
    period_start: dt.date  # the natural period, as reported
    period_end: dt.date
    lo: dt.date  # the days that count (the period cut by the rule's window)
    hi: dt.date
    required: int
    held: int
    status: str  # met | missed | at_risk | upcoming
    source: str = ""
    name: str = ""  # the rule's name; "" when it has none
    #: the regions whose records count: the rule's region, or (subtree) all below it too
    regions: frozenset[str] = frozenset()
    _evidence: Evidence | None = field(default=None, compare=False, repr=False)

    @property
    def subtree(self) -> bool:
        return len(self.regions) > 1

    @property
    def citation(self) -> str:
        """The rule's source as people read it: 《title》clause."""
        return policy.display(self.source)

    @property
    def title(self) -> str:
        """The rule as people read it: its name (or id) and citation."""
        return policy.rule_title(self.rule_id, self.name, self.source)

    @property
    def cancelled(self) -> int:
        """Cancelled records of the rule's region and kind in the period (evidence, never counted)."""
        return sum(1 for r in self.evidence if not r.held)

    @property
    def light(self) -> str:
        return LIGHTS[self.status]

    @property
    def evidence(self) -> tuple[Record, ...]:
        """The held and cancelled records of the rule's region and kind in the period."""
        if self._evidence is None:
            return ()
        return self._evidence.find(self.regions or frozenset((self.region_id,)), self.kind,
                                   self.lo, self.hi)  # fmt: skip

    def as_csv_row(self) -> dict[str, str]:
        evidence = self.evidence
        return {
            "rule_id": self.rule_id,
            "region_id": self.region_id,
            "region_name": self.region_name,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "required": str(self.required),
            "held": str(self.held),
            "status": self.status,
            "level": self.level,
            "kind": self.kind,
            "period": self.period,
            "light": self.light,
            "cancelled": str(sum(1 for r in evidence if not r.held)),
            "source": self.source,
            "evidence": ";".join(r.record_id for r in evidence),
            "name": self.name,
            "citation": self.citation,
            "counts": "subtree" if self.subtree else "own",
        }


def status_of(required: int, held: int, start: dt.date, end: dt.date, as_of: dt.date) -> str:
    """met / missed / at_risk / upcoming, exactly as CONTRACT §4 words them."""
    if held >= required:
        return "met"
    if end < as_of:
        return "missed"
    if start <= as_of:
        return "at_risk"
    return "upcoming"


def judge(
    scenario: Scenario,
    records: Sequence[Record] | pd.DataFrame | RecordTable,
    as_of: dt.date,
) -> list[ComplianceRow]:
    """Judge every (rule, region, in-scope period) of `scenario` against `records`.

    Rows come in `rules.requirements` order. Records of regions outside the
    scenario are simply never counted (validate them first, see
    `monitor.records.check_regions`).
    """
    with _gc_paused():
        return _judge(scenario, RecordTable.of(records), as_of)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Judging allocates some 10^5 small objects with no reference cycles; with a
    million records alive, the cyclic collector would walk them all again and again
    (a third of the run time), so it waits until judging is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _judge(scenario: Scenario, table: RecordTable, as_of: dt.date) -> list[ComplianceRow]:
    reqs = rules.requirements(scenario)
    held_days, _ = table.grouped(held_only=True)
    held = rules.count_sorted(reqs, held_days)
    evidence = Evidence(table) if len(table) else None
    regions = scenario.regions
    out: list[ComplianceRow] = []
    for r, h in zip(reqs, held, strict=True):
        region = regions[r.region_id]
        out.append(
            ComplianceRow(
                r.rule_id,
                r.region_id,
                region.name,
                region.level,
                r.kind,
                r.period,
                r.period_start,
                r.period_end,
                r.lo,
                r.hi,
                r.required,
                h,
                status_of(r.required, h, r.period_start, r.period_end, as_of),
                r.source,
                r.name,
                r.regions,
                evidence,
            )
        )
    return out


# --- outputs -----------------------------------------------------------------


def write_csv(rows: Sequence[ComplianceRow], path: Path) -> Path:
    """`compliance.csv`: UTF-8 with BOM (so Excel opens Chinese names right), contract columns first."""
    return sheetwriter.write_csv(path, [*CSV_COLUMNS, *CSV_EXTRAS], (r.as_csv_row() for r in rows))


def worst_light(rows: Sequence[ComplianceRow]) -> str:
    """A region's light: red if any period was missed, else yellow if any is at risk, …"""
    lights = {r.light for r in rows}
    return next((x for x in SEVERITY if x in lights), "grey")


def describe_record(
    r: Record, kind_specs: Mapping[str, KindSpec] | None = None, lang: str | None = None
) -> str:
    """A record in one line, for evidence cells and messages (`kind_specs`: the scenario's
    kinds, for their labels)."""
    kind = kinds.label(kind_specs or {}, r.kind, lang)
    parts = [r.date.isoformat(), kind, tr(f"compliance.record.{r.status}", lang)]
    if r.venue:
        parts.append(r.venue)
    parts.append(f"[{r.record_id}]")
    return " ".join(parts)


def period_label(row: ComplianceRow, lang: str | None = None) -> str:
    start = row.period_start
    if row.period == "month":
        return tr("compliance.period.month", lang, year=start.year, month=start.month)
    if row.period == "quarter":
        quarter = (start.month - 1) // 3 + 1
        return tr("compliance.period.quarter", lang, year=start.year, quarter=quarter)
    return tr("compliance.period.range", lang, start=start, end=row.period_end)


def misses_by_city(
    scenario: Scenario, rows: Sequence[ComplianceRow]
) -> dict[str, list[ComplianceRow]]:
    """Missed rows grouped by the city at or above their region (a province's own under itself)."""
    out: dict[str, list[ComplianceRow]] = defaultdict(list)
    for row in rows:
        if row.status == "missed":
            out[scenario.city_of(row.region_id) or row.region_id].append(row)
    return dict(sorted(out.items()))


def misses_text(scenario: Scenario, rows: Sequence[ComplianceRow], as_of: dt.date) -> str:
    """The misses per city, as `fairplan check` prints them (in the current language)."""
    groups = misses_by_city(scenario, rows)
    if not groups:
        return tr("compliance.all_met", as_of=as_of.isoformat())
    total = sum(len(v) for v in groups.values())
    lines = [tr("compliance.misses_head", as_of=as_of, regions=len(groups), total=total)]
    for city_id, missed in groups.items():
        city = scenario.regions[city_id]
        lines.append(tr("compliance.misses_city", city=city.name, city_id=city_id, n=len(missed)))
        for row in missed:
            where = (
                ""
                if row.region_id == city_id
                else tr("compliance.misses_where", name=row.region_name, region_id=row.region_id)
            )
            lines.append(
                tr(
                    "compliance.misses_line",
                    where=where,
                    period=period_label(row),
                    kind=kinds.rule_kind_label(scenario.kinds, row.kind),
                    required=row.required,
                    held=row.held,
                    cancelled=tr("compliance.misses_cancelled", n=row.cancelled)
                    if row.cancelled
                    else "",
                    rule=row.name or row.rule_id,
                    citation=tr("compliance.misses_citation", citation=row.citation)
                    if row.citation
                    else "",
                )
            )
    return "\n".join(lines)


def write_xlsx(
    scenario: Scenario, rows: Sequence[ComplianceRow], as_of: dt.date, path: Path
) -> Path:
    """`compliance.xlsx`, in the current language: a summary per level with coloured
    lights, one sheet per level with each region's light, the misses with their evidence,
    and every row; each sheet titled with the scenario and the as-of date, its header
    frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    fills = {k: PatternFill("solid", start_color=v, end_color=v) for k, v in FILLS.items()}
    wb = Workbook()
    on = {"scenario": scenario.name, "as_of": as_of.isoformat()}
    by_region: dict[str, list[ComplianceRow]] = defaultdict(list)
    for row in rows:
        by_region[row.region_id].append(row)
    levels = [lv for lv in LEVEL_ZH if any(scenario.regions[r].level == lv for r in by_region)]
    order = ("missed", "at_risk", "met", "upcoming")

    def status(s: str) -> str:
        return tr(f"compliance.status.{s}")

    def light(x: str) -> str:
        return tr(f"compliance.light.{x}")

    def level(lv: str) -> str:
        return tr(f"level.{lv}")

    def city_name(region_id: str) -> str:
        city = scenario.city_of(region_id)
        return scenario.regions[city].name if city else ""

    ws = wb.active
    assert ws is not None
    ws.title = tr("compliance.sheet.summary")
    summary = []
    for lv in levels:
        regs = [rid for rid in by_region if scenario.regions[rid].level == lv]
        lights = [worst_light(by_region[rid]) for rid in regs]
        counts = {
            s: sum(1 for rid in regs for x in by_region[rid] if x.status == s) for s in STATUSES
        }
        summary.append(
            [level(lv), len(regs), *(lights.count(x) for x in SEVERITY)]
            + [counts[s] for s in order]
        )
    head = sheetwriter.table(
        ws,
        [
            tr("col.level"),
            tr("col.regions"),
            *(
                tr("compliance.lights_regions", light=light(LIGHTS[s]), status=status(s))
                for s in order
            ),
            *(tr("compliance.periods_of", status=status(s)) for s in order),
        ],
        summary,
        title=tr("compliance.title", **on),
    )
    for i, x in enumerate(SEVERITY):
        ws.cell(row=head, column=3 + i).fill = fills[x]
        for r, line in enumerate(summary, start=head + 1):
            if line[2 + i]:
                ws.cell(row=r, column=3 + i).fill = fills[x]

    for lv in levels:
        ws = wb.create_sheet(level(lv))
        regs = sorted(r for r in by_region if scenario.regions[r].level == lv)
        worst = {rid: worst_light(by_region[rid]) for rid in regs}
        head = sheetwriter.table(
            ws,
            [
                tr("col.region_id"),
                tr("col.region_name"),
                tr("col.city"),
                tr("col.light"),
                *(status(s) for s in order),
            ],
            (
                [rid, scenario.regions[rid].name, city_name(rid), light(worst[rid])]
                + [sum(1 for x in by_region[rid] if x.status == s) for s in order]
                for rid in regs
            ),
            title=tr("compliance.title_level", level=level(lv), **on),
        )
        for r, rid in enumerate(regs, start=head + 1):
            ws.cell(row=r, column=4).fill = fills[worst[rid]]

    ws = wb.create_sheet(tr("compliance.sheet.missed"))
    missed = [row for row in rows if row.status == "missed"]
    none = tr("compliance.none")
    head = sheetwriter.table(
        ws,
        [
            tr(f"col.{c}")
            for c in (
                "rule",
                "region_id",
                "region_name",
                "city",
                "kind",
                "period",
                "period_start",
                "period_end",
                "required",
                "held",
                "held_records",
                "cancelled_records",
                "rule_id",
            )
        ],  # fmt: skip
        (
            [
                row.title,
                row.region_id,
                row.region_name,
                city_name(row.region_id),
                kinds.rule_kind_label(scenario.kinds, row.kind),
                period_label(row),
                row.period_start,
                row.period_end,
                row.required,
                row.held,
                "\n".join(describe_record(r, scenario.kinds) for r in row.evidence if r.held)
                or none,
                "\n".join(describe_record(r, scenario.kinds) for r in row.evidence if not r.held)
                or none,
                row.rule_id,
            ]
            for row in missed
        ),
        title=tr("compliance.title_missed", **on),
    )
    for r in range(head + 1, head + 1 + len(missed)):
        ws.cell(row=r, column=10).fill = fills["red"]

    ws = wb.create_sheet(tr("compliance.sheet.detail"))
    head = sheetwriter.table(
        ws,
        [tr(f"col.{c}") for c in (*CSV_COLUMNS, "light", "rule")],
        (
            [
                row.rule_id,
                row.region_id,
                row.region_name,
                row.period_start,
                row.period_end,
                row.required,
                row.held,
                status(row.status),
                light(row.light),
                row.title,
            ]
            for row in rows
        ),
        title=tr("compliance.title_detail", **on),
    )
    for r, row in enumerate(rows, start=head + 1):
        ws.cell(row=r, column=8).fill = fills[row.light]
    sheetwriter.save(wb, path)
    return path


def write_outputs(
    scenario: Scenario, rows: Sequence[ComplianceRow], as_of: dt.date, out: Path
) -> list[Path]:
    """Write `compliance.csv` and `compliance.xlsx` into `out` (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(rows, out / "compliance.csv"),
        write_xlsx(scenario, rows, as_of, out / "compliance.xlsx"),
    ]
