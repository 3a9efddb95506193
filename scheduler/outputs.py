"""Writing a plan (CONTRACT §3): schedule.csv/.xlsx, report.json and feeds/.

Files are written to temporary names and renamed into place only when all of
them are ready, so a failure never leaves a half-written plan behind.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scheduler import sheetwriter
from scheduler.model import KIND_ZH, LEVEL_ZH
from scheduler.plan import PlanResult
from scheduler.schedule import ALL_COLUMNS, ScheduledFair, to_csv_text

HEADER_ZH = {
    "event_id": "活动编号",
    "region_id": "地区编号",
    "region_name": "地区",
    "level": "级别",
    "kind": "类型",
    "theme": "主题",
    "date": "日期",
    "start": "开始",
    "end": "结束",
    "venue_id": "场地编号",
    "venue_name": "场地",
    "pool_id": "工作人员组",
    "staff": "人数",
    "locked": "锁定",
    "status": "状态",
    "sequence": "版本",
    "rule_ids": "满足规则",
    "modified": "最后修改",
}
STATUS_ZH = {"planned": "计划", "cancelled": "已取消"}
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_CANCEL_FILL = PatternFill("solid", fgColor="EDEDED")


def write_plan(result: PlanResult, out_dir: Path, domain: str = "fairplan.local") -> list[Path]:
    """Write every output of a plan into `out_dir`; returns the files written."""
    from calendars.feeds import write_feeds

    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []

    def stage(name: str, data: bytes) -> None:
        tmp = out_dir / f".{name}.tmp"
        tmp.write_bytes(data)
        staged.append((tmp, out_dir / name))

    try:
        stage("schedule.csv", to_csv_text(result.fairs).encode("utf-8-sig"))
        stage(
            "report.json",
            (json.dumps(result.report(), ensure_ascii=False, indent=2) + "\n").encode(),
        )
        xlsx_tmp = out_dir / ".schedule.xlsx.tmp"
        sheetwriter.save(schedule_workbook(result), xlsx_tmp)
        staged.append((xlsx_tmp, out_dir / "schedule.xlsx"))
        feeds = write_feeds(result.scenario, result.fairs, out_dir / "feeds", domain=domain)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    return [final for _, final in staged] + list(feeds)


def schedule_workbook(result: PlanResult) -> Workbook:
    """An overview sheet, then one sheet per city with its fairs and its counties'."""
    s = result.scenario
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
            "专场 specialized",
            "综合 comprehensive",
            "合计 total",
            "已取消 cancelled",
        ],
    )
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for f in result.fairs:
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
                c["specialized"],
                c["comprehensive"],
                c["specialized"] + c["comprehensive"],
                c["cancelled"],
            ],
        )
    ov.append([])
    sheetwriter.append(
        ov,
        [
            "状态 status",
            result.stats.status,
            "规则全部满足 rules met",
            "是" if result.rules_met else "否",
        ],
    )
    _style(ov)

    by_city: dict[str, list[ScheduledFair]] = defaultdict(list)
    for f in result.fairs:
        city = s.city_of(f.region_id) or f.region_id
        by_city[city].append(f)
    used_titles = {ov.title}
    for city in _tree_order(s, by_city):
        name = s.regions[city].name if city in s.regions else city
        ws = wb.create_sheet(sheetwriter.sheet_title(name, used_titles))
        sheetwriter.append(ws, [f"{HEADER_ZH.get(c, c)} {c}" for c in ALL_COLUMNS])
        for f in sorted(by_city[city], key=lambda f: (f.date, f.region_id, f.kind)):
            row = f.to_row()
            row["kind"] = KIND_ZH.get(f.kind, f.kind)
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
