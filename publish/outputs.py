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

import json
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scheduler import kinds, sheetwriter
from scheduler.errors import InputError, Problem
from scheduler.model import LEVEL_ZH, Scenario
from scheduler.schedule import ALL_COLUMNS, SCHEDULE, ScheduledFair, to_csv_text
from texts import tr

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
    """An overview sheet, then one sheet per city with its fairs and its counties'."""
    s = plan.scenario
    report = plan.report()
    wb = Workbook()
    ov = wb.active
    assert ov is not None
    ov.title = "总览 Overview"
    sheetwriter.append(
        ov,
        [
            "地区编号 region_id",
            "地区 region",
            "级别 level",
            *(f"{kinds.label(s.kinds, k, 'zh')} {k}" for k in s.kinds),
            "合计 total",
            "已取消 cancelled",
        ],
    )
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for f in plan.fairs:
        per[f.region_id][f.kind if f.planned else "cancelled"] += 1
    for rid in _tree_order(s, per):
        r = s.regions[rid]
        c = per[rid]
        sheetwriter.append(
            ov,
            [
                rid,
                r.name,
                LEVEL_ZH.get(r.level, r.level),
                *(c[k] for k in s.kinds),
                sum(c[k] for k in s.kinds),
                c["cancelled"],
            ],
        )
    ov.append([])
    sheetwriter.append(
        ov,
        [
            "状态 status",
            report["status"],
            "规则全部满足 rules met",
            "是" if report["rules_met"] else "否",
        ],
    )
    _style(ov)

    by_city: dict[str, list[ScheduledFair]] = defaultdict(list)
    for f in plan.fairs:
        city = s.city_of(f.region_id) or f.region_id
        by_city[city].append(f)
    used_titles = {ov.title}
    for city in _tree_order(s, by_city):
        name = s.regions[city].name if city in s.regions else city
        ws = wb.create_sheet(sheetwriter.sheet_title(name, used_titles))
        sheetwriter.append(ws, [f"{HEADER_ZH.get(c, c)} {c}" for c in ALL_COLUMNS])
        for f in sorted(by_city[city], key=lambda f: (f.date, f.region_id, f.kind)):
            row = f.to_row()
            row["kind"] = kinds.label(s.kinds, f.kind, "zh")
            row["level"] = LEVEL_ZH.get(f.level, f.level)
            row["status"] = STATUS_ZH.get(f.status, f.status)
            row["locked"] = "是" if f.locked else "否"
            sheetwriter.append(
                ws, [int(row[c]) if c in ("staff", "sequence") else row[c] for c in ALL_COLUMNS]
            )
            if not f.planned:
                for cell in ws[ws.max_row]:
                    cell.fill = _CANCEL_FILL
        _style(ws)
    return wb


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


def _style(ws) -> None:  # type: ignore[no-untyped-def]
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A2"
    for i, col in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)), start=1):
        width = max((len(str(c.value)) if c.value is not None else 0) for c in col)
        ws.column_dimensions[get_column_letter(i)].width = min(max(8, width * 1.6), 40)
