"""Writing a plan (CONTRACT §3): schedule.csv/.xlsx, report.json and feeds/ — as one set.

A run's outputs are first written into a temporary folder beside DIR (on the same
file system), and only when every one of them is ready are they moved into place
(issue 11): a failure while writing — a name that breaks a writer, a full disk —
leaves DIR exactly as it was. The files fairplan owns in DIR are `schedule.csv`,
`schedule.xlsx`, `report.json` and `feeds/<region_id>.ics` with `feeds/index.json`;
nothing else in DIR is ever touched, and a symbolic link in DIR is replaced, never
written through. A new DIR appears at once (the temporary folder is renamed);
into an existing one the schedule and the report move first, the feeds after them
(each file atomically, `index.json` last), so a feed never shows a plan whose schedule
was not written. A feed whose bytes did not change is left alone: it keeps its mtime,
and subscribers their ETag.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill

import texts
from scheduler import kinds, sheetwriter
from scheduler.errors import InputError, Problem
from scheduler.model import LEVEL_ZH, Scenario
from scheduler.schedule import ALL_COLUMNS, SCHEDULE, ScheduledFair, to_csv_text
from texts import tr
from texts.console import solver_status

#: the files of DIR that `write_plan` writes (besides feeds/), in the order they move
OWNED = ("schedule.csv", "report.json", "schedule.xlsx")
FEEDS = "feeds"
INDEX = "index.json"


class PlanLike(Protocol):
    """A plan as its outputs need it: a fresh `PlanResult` or a stored plan."""

    @property
    def scenario(self) -> Scenario: ...

    @property
    def fairs(self) -> Sequence[ScheduledFair]: ...

    def report(self) -> dict[str, Any]: ...


#: the Chinese half of each column's header (`活动编号 event_id`), as `read_schedule` reads it
HEADER_ZH = {c.name: c.zh[0] for c in SCHEDULE.columns}
STATUS_ZH = {"planned": "计划", "cancelled": "已取消"}
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_CANCEL_FILL = PatternFill("solid", fgColor="EDEDED")


def write_plan(plan: PlanLike, out_dir: Path, domain: str = "fairplan.local") -> list[Path]:
    """Write every output of a plan into `out_dir` as one set; returns the files written."""
    from calendars.feeds import write_feeds

    out = Path(os.path.abspath(out_dir))
    if out.exists() and not out.is_dir():
        raise InputError([Problem(str(out_dir), tr("out_not_folder"))])
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        report = plan.report()
        (stage / "schedule.csv").write_bytes(to_csv_text(list(plan.fairs)).encode("utf-8-sig"))
        (stage / "report.json").write_bytes(
            (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode()
        )
        sheetwriter.save(schedule_workbook(plan), stage / "schedule.xlsx")
        feeds = [p.name for p in write_feeds(plan.scenario, plan.fairs, stage / FEEDS, domain)]
        _move_into_place(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [out / name for name in OWNED] + [out / FEEDS / name for name in feeds]


def _move_into_place(stage: Path, out: Path) -> None:
    if not out.exists():
        try:
            os.rename(stage, out)  # the whole set appears at once
            return
        except OSError:  # someone made DIR meanwhile: move file by file
            pass
    for name in OWNED:
        os.replace(stage / name, out / name)
    feeds = out / FEEDS
    if feeds.is_symlink() and not feeds.is_dir():
        feeds.unlink()  # a dangling link where fairplan's feeds belong
    if feeds.exists() and not feeds.is_dir():
        raise InputError([Problem(str(feeds), tr("out_not_folder"))])
    feeds.mkdir(exist_ok=True)
    staged = sorted(p for p in (stage / FEEDS).iterdir() if p.name != INDEX)
    for path in [*staged, stage / FEEDS / INDEX]:
        if path.exists():
            _replace_if_changed(path, feeds / path.name)


def _replace_if_changed(new: Path, old: Path) -> None:
    """Move `new` onto `old` unless `old` is a regular file holding the same bytes."""
    try:
        if (
            not old.is_symlink()
            and old.is_file()
            and old.stat().st_size == new.stat().st_size
            and old.read_bytes() == new.read_bytes()
        ):
            return
    except OSError:
        pass
    os.replace(new, old)


def schedule_workbook(plan: PlanLike) -> Workbook:
    """schedule.xlsx, in the current language: an overview sheet titled with the scenario
    and the plan's status, then one sheet per city with its fairs and its counties'. The
    city sheets' headers are the schedule format's Chinese names (or its column names in
    English) and their words those `read_schedule` reads back, so the workbook is also a
    `--previous` plan; the last change of each fair is shown in the scenario's time zone."""
    s = plan.scenario
    report = plan.report()
    lang = texts.current()
    zone = ZoneInfo(s.settings.timezone)
    wb = Workbook()
    ov = wb.active
    assert ov is not None
    ov.title = tr("schedule.sheet.overview")
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for f in plan.fairs:
        per[f.region_id][f.kind if f.planned else "cancelled"] += 1
    rows: list[list[object]] = []
    for rid in _tree_order(s, per):
        region = s.regions[rid]
        c = per[rid]
        rows.append(
            [rid, region.name, tr(f"level.{region.level}"), *(c[k] for k in s.kinds),
             sum(c[k] for k in s.kinds), c["cancelled"]]
        )  # fmt: skip
    sheetwriter.table(
        ov,
        [
            tr("col.region_id"),
            tr("col.region_name"),
            tr("col.level"),
            *(kinds.label(s.kinds, k) for k in s.kinds),
            tr("schedule.col.total"),
            tr("schedule.col.cancelled"),
        ],
        rows,
        title=tr(
            "schedule.title",
            scenario=s.name,
            start=s.settings.start.isoformat(),
            end=s.settings.end.isoformat(),
            status=solver_status(str(report["status"])),
            met=tr("schedule.yes" if report["rules_met"] else "schedule.no"),
        ),
    )
    _head_style(ov, 2)

    by_city: dict[str, list[ScheduledFair]] = defaultdict(list)
    for f in plan.fairs:
        city = s.city_of(f.region_id) or f.region_id
        by_city[city].append(f)
    used_titles = {ov.title}
    head = [HEADER_ZH.get(c, c) if lang == "zh" else c for c in ALL_COLUMNS]
    for city in _tree_order(s, by_city):
        name = s.regions[city].name if city in s.regions else city
        ws = wb.create_sheet(sheetwriter.sheet_title(name, used_titles))
        fairs = sorted(by_city[city], key=lambda f: (f.date, f.region_id, f.kind))
        sheetwriter.table(ws, head, (_fair_row(s, f, lang, zone) for f in fairs), most=40)
        _head_style(ws, 1)
        for n, f in enumerate(fairs, start=2):
            if not f.planned:
                for cell in ws[n]:
                    cell.fill = _CANCEL_FILL
    return wb


def _fair_row(s: Scenario, f: ScheduledFair, lang: str, zone: ZoneInfo) -> list[object]:
    row: dict[str, object] = dict(f.to_row())
    if lang == "zh":  # words read_schedule takes back; in English the ids are the words
        row["kind"] = kinds.label(s.kinds, f.kind, "zh")
        row["level"] = LEVEL_ZH.get(f.level, f.level)
        row["status"] = STATUS_ZH.get(f.status, f.status)
    row["locked"] = tr("schedule.yes" if f.locked else "schedule.no", lang)
    if f.modified:
        when = dt.datetime.fromisoformat(f.modified.replace("Z", "+00:00"))
        row["modified"] = when.astimezone(zone).isoformat(timespec="seconds")
    row["staff"], row["sequence"] = int(f.staff), int(f.sequence)
    return [row[c] for c in ALL_COLUMNS]


def _tree_order(scenario, ids) -> list[str]:  # type: ignore[no-untyped-def]
    rank = {"country": 0, "province": 1, "city": 2, "county": 3}
    return sorted(
        ids,
        key=lambda r: (
            scenario.city_of(r) or r,
            rank.get(scenario.regions[r].level, 9) if r in scenario.regions else 9,
            r,
        ),
    )


def _head_style(ws, row: int) -> None:  # type: ignore[no-untyped-def]
    for cell in ws[row]:
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
