"""The views of stored plans, plan vs actual, the ledger and feeds (ui/views/), as pure
functions of what the store's APIs return; and the sign-in route's return address."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from monitor.reconcile import reconcile, summarise
from monitor.records import Record
from publish.diff import diff
from scheduler.model import Scenario
from scheduler.plan import PlanResult
from ui.signin import safe_next
from ui.views import common, feeds, records, versions
from ui.views import reconcile as rcv


def test_changes_side_by_side_say_what_changed_and_raise_the_sequence(
    tiny: Scenario, tiny_plan: PlanResult
) -> None:
    fairs = list(tiny_plan.fairs)
    moved = dataclasses.replace(fairs[1], date=fairs[1].date + dt.timedelta(days=1), sequence=1)
    d = diff(fairs, [fairs[0], moved, *fairs[2:]], tiny)
    assert d.counts() == {"kept": 5, "moved": 1, "added": 0, "cancelled": 0}
    frame = versions.changes_frame(d.of("moved"), "zh")
    row = frame.iloc[0]
    assert (row["变化"], row["改动"], row["序号"]) == ("调整", "日期", "0→1")
    assert row["原安排"].startswith(str(fairs[1].date)) and row["新安排"].startswith(
        str(moved.date)
    )
    by_region = versions.by_region_frame(d, tiny, "en")
    assert by_region.iloc[0]["Moved"] == 1  # the region with a change comes first


def test_the_diff_download_is_spreadsheet_safe(tiny: Scenario, tiny_plan: PlanResult) -> None:
    fairs = list(tiny_plan.fairs)
    hostile = dataclasses.replace(fairs[0], region_name='=HYPERLINK("http://x")')
    d = diff([], [hostile], tiny)
    text = versions.diff_csv(d).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_plan_vs_actual_lines_rows_and_exports(tiny: Scenario, tiny_plan: PlanResult) -> None:
    fair = next(f for f in tiny_plan.planned if f.region_id == "150100")
    records_ = [
        Record("R1", fair.region_id, fair.kind, fair.date, "held", employers=12, attendees=300),
        Record("R2", "150100", "specialized", dt.date(2024, 7, 30), "held"),  # not planned
    ]
    rows = reconcile(tiny_plan.fairs, records_, {r: x.name for r, x in tiny.regions.items()})
    lines = summarise(rows, dt.date(2024, 7, 20), "month")
    assert rcv.totals(lines)["held"] == 1 and rcv.totals(lines)["unplanned"] == 1
    assert rcv.filter_summaries(tiny, lines, "150100") == lines  # the city and its county
    frame = rcv.summary_frame(tiny, lines, "zh")
    assert list(frame["地区编号"]) == [s.region_id for s in rcv.ordered(tiny, lines)]
    drill = rcv.drill_frame(rows, {r.record_id: r for r in records_}, "zh")
    held = drill[drill["记录编号"] == "R1"].iloc[0]
    assert held["上报"] == "已举办" and "参会企业数 12" in held["依据"]
    assert drill[drill["记录编号"] == "R2"].iloc[0]["计划"] == "不在计划中"
    assert rcv.reconcile_csv(rows).startswith(b"\xef\xbb\xbfevent_id,region_id")
    wb = openpyxl.load_workbook(io.BytesIO(rcv.reconcile_xlsx(tiny, lines, rows, "zh",
                                                              dt.date(2024, 7, 20))))  # fmt: skip
    assert wb.sheetnames == ["汇总", "明细"]
    assert wb["明细"].max_row == len(rows) + 1


def test_the_ledger_shows_each_fairs_record_and_what_is_due(tiny_plan: PlanResult) -> None:
    fairs = tiny_plan.planned
    done = Record("F1", fairs[0].region_id, fairs[0].kind, fairs[0].date, "cancelled")
    frame = records.ledger_frame(fairs, {fairs[0].event_id: done}, dt.date(2024, 7, 20), "zh")
    assert list(frame["date"]) == sorted(frame["date"])  # by date
    assert frame.loc[fairs[0].event_id, "status"] == "已取消"
    assert frame.loc[fairs[0].event_id, "due"] == ""  # reported
    due = [e for e in frame.index if frame.loc[e, "due"]]
    assert due and all(frame.loc[e, "date"] < dt.date(2024, 7, 20) for e in due)
    later = [f.event_id for f in fairs if f.date >= dt.date(2024, 7, 20)]
    assert all(frame.loc[e, "due"] == "" for e in later)
    assert str(frame["employers"].dtype) == "Int64"  # numbers in the editor, not text


def test_unchanged_ledger_rows_are_not_marked(tiny_plan: PlanResult) -> None:
    fairs = tiny_plan.planned
    frame = records.ledger_frame(fairs, {}, dt.date(2030, 1, 1), "en")
    marks, problems = records.ledger_marks(
        frame.copy(), frame, {f.event_id: f for f in fairs}, {}, "en"
    )
    assert marks == [] and problems == []
    edited = frame.copy()
    edited.loc[fairs[2].event_id, ["status", "employers"]] = ["held", 5]
    marks, _ = records.ledger_marks(edited, frame, {f.event_id: f for f in fairs}, {}, "en")
    assert [(m.fair.event_id, m.status, m.employers, m.record_id) for m in marks] == [
        (fairs[2].event_id, "held", 5, None)
    ]


def test_private_links_are_the_users_own_tokens(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "tokens.txt"  # type: ignore[operator]
    path.write_text(
        "# tokens\n"
        "aaaaaaaaaaaaaaaaaaaaaaaa 150100 fairplan:hohhot\n"
        "aaaaaaaaaaaaaaaaaaaaaaaa 150121 fairplan:hohhot\n"
        "bbbbbbbbbbbbbbbbbbbbbbbb 150200 fairplan:baotou weekly\n"
        "cccccccccccccccccccccccc * fairplan:hohhot-2\n",
        encoding="utf-8",
    )
    assert feeds.private_tokens(path, "hohhot") == ["aaaaaaaaaaaaaaaaaaaaaaaa"]
    assert feeds.private_tokens(path, "baotou") == ["bbbbbbbbbbbbbbbbbbbbbbbb"]
    assert feeds.private_tokens(None, "hohhot") == []
    http, webcal = feeds.feed_urls("https://cal.example/", "150100", "aaaa")
    assert http == "https://cal.example/private/aaaa/150100.ics"
    assert webcal == "webcal://cal.example/private/aaaa/150100.ics"


@pytest.mark.parametrize(
    ("parts", "name"),
    [
        (("达标情况", "呼和浩特市", "", "2024-07-31"), "达标情况-呼和浩特市-2024-07-31.csv"),
        (("../../etc/passwd",), "_.._etc_passwd.csv"),
        (("", None),  "fairplan.csv"),
    ],
)  # fmt: skip
def test_download_names_say_what_was_selected_and_are_never_paths(
    parts: tuple[str, ...], name: str
) -> None:
    assert common.download_name(*parts, ext="csv") == name


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/compliance?as_of=2024-09-30", "/compliance?as_of=2024-09-30"),
        ("/", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/x\r\nSet-Cookie: a=b", "/"),
        (None, "/"),
    ],
)
def test_signing_in_returns_only_to_a_page_of_this_service(target: object, safe: str) -> None:
    assert safe_next(target) == safe


def test_versions_table_newest_first(tiny_plan: PlanResult, db: str) -> None:
    from db import Database
    from identity import User
    from publish.plans import PlanStore
    from tests.ui.conftest import TINY

    who = User.open_mode()
    with Database(db) as database:
        plans = PlanStore(database)
        first = plans.save(tiny_plan, TINY, who).plan_id
        plans.publish(first, who)
        plans.draft_from(first, who)
        infos = plans.versions(who)
    frame = versions.versions_frame(infos, "zh", "Asia/Shanghai")
    assert frame["计划"].tolist() == ["#2", "#1"]
    assert frame["状态"].tolist() == ["草稿", "已发布"] and frame["基于"].tolist() == ["#1", ""]
    assert isinstance(frame, pd.DataFrame)
