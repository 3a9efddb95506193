"""Plan vs actual (CONTRACT §6 `reconcile.csv`): each planned fair held, cancelled or not
reported, and the held fairs the plan does not have."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from db import Database
from identity import User
from monitor.reconcile import RECONCILE_COLUMNS, reconcile, summarise
from monitor.records import Record
from publish.plans import PlanStore
from scheduler.plan import make_plan
from scheduler.schedule import ScheduledFair
from tests.monitor.test_ledger import fair
from ui.cli import main

D = dt.date
TINY = Path(__file__).parents[1] / "data" / "tiny"


def plan() -> list[ScheduledFair]:
    from dataclasses import replace

    return [
        fair("E1", 9),
        fair("E2", 10, kind="comprehensive"),
        fair("E3", 16),
        replace(fair("E4", 17), status="cancelled", sequence=1),
        fair("E5", 24),
    ]


def test_each_planned_fair_gets_its_record_or_not_reported() -> None:
    records = [
        Record("R1", "150100", "specialized", D(2024, 7, 9), "held", event_id="E1"),
        # no event_id: matched by region, kind and date
        Record("R2", "150100", "comprehensive", D(2024, 7, 10), "cancelled"),
        # a held fair the plan does not have
        Record("R9", "150100", "specialized", D(2024, 7, 12), "held"),
        # an event_id the plan does not know: unplanned too
        Record("R8", "150100", "specialized", D(2024, 7, 13), "held", event_id="X1"),
        # a cancelled record of no fair is not a row
        Record("R7", "150100", "specialized", D(2024, 7, 14), "cancelled"),
    ]
    rows = {(r.event_id, r.record_id): r for r in reconcile(plan(), records)}
    assert rows[("E1", "R1")].record_status == "held"
    assert rows[("E2", "R2")].record_status == "cancelled"
    assert rows[("E3", "")].record_status == "not_reported"
    assert (rows[("E4", "")].planned_status, rows[("E4", "")].record_status) == (
        "cancelled",
        "not_reported",
    )
    assert rows[("", "R9")].record_status == "unplanned"
    assert rows[("", "R8")].record_status == "unplanned"
    assert ("", "R7") not in rows and len(rows) == 7
    assert all(tuple(r.as_row()) == RECONCILE_COLUMNS for r in rows.values())


def test_one_record_per_fair_when_matched_by_region_kind_and_date() -> None:
    twins = [fair("A", 9), fair("B", 9)]  # two fairs the same day (two venues)
    records = [Record(f"R{i}", "150100", "specialized", D(2024, 7, 9), "held") for i in range(3)]
    rows = reconcile(twins, records)
    assert sorted((r.event_id, r.record_status) for r in rows) == [
        ("", "unplanned"), ("A", "held"), ("B", "held"),
    ]  # fmt: skip


def test_the_inspectors_counts_per_region_and_period() -> None:
    records = [
        Record("R1", "150100", "specialized", D(2024, 7, 9), "held", event_id="E1"),
        Record("R9", "150100", "specialized", D(2024, 7, 12), "held"),
    ]
    weeks = summarise(reconcile(plan(), records), as_of=D(2024, 7, 18), period="week")
    by_start = {s.period_start: s.counts for s in weeks}
    assert by_start[D(2024, 7, 8)] == {"planned": 2, "held": 1, "cancelled": 0,
        "not_reported": 1, "upcoming": 0, "unplanned": 1}  # fmt: skip
    assert by_start[D(2024, 7, 15)]["not_reported"] == 1  # E3 on the 16th; E4 withdrawn
    assert by_start[D(2024, 7, 22)]["upcoming"] == 1
    [month] = summarise(reconcile(plan(), records), as_of=D(2024, 7, 18), period="month")
    assert (month.period_start, month.period_end) == (D(2024, 7, 1), D(2024, 7, 31))
    assert month.counts["planned"] == 4 and len(month.rows) == 5


def test_check_writes_reconcile_csv_against_the_published_plan(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`fairplan check SCENARIO --db URL` with a published plan: bureaus marked two fairs
    held; the inspector sees exactly those two held and the other past ones not reported."""
    from monitor.authorized import AuthorizedStore
    from monitor.ledger import Mark
    from monitor.store import RecordStore
    from scheduler.scenario import load_scenario

    db = str(tmp_path / "store.db")
    me = User.open_mode()
    result = make_plan(load_scenario(TINY), time_limit=5, workers=1)
    with Database(db) as database:
        plans = PlanStore(database)
        plans.publish(plans.save(result, TINY, me).plan_id, me)
        # the city's weekly fairs (its comprehensive fair may fall in the first weeks too)
        city = sorted(
            (f for f in result.planned if f.region_id == "150100" and f.kind == "specialized"),
            key=lambda f: f.date,
        )
        AuthorizedStore(RecordStore(database), me).mark(
            [Mark(city[0], "held", employers=30), Mark(city[1], "held", employers=25)]
        )
    out = tmp_path / "o"
    sys.stdin = io.StringIO("")
    code = main(["check", str(TINY), "--db", db, "--as-of", "2024-07-20", "--out", str(out)])
    assert code == 0  # the city's first two weeks were held
    assert "已举办 2" in capsys.readouterr().out
    rows = list(
        csv.DictReader((out / "reconcile.csv").read_text(encoding="utf-8-sig").splitlines())
    )
    assert len(rows) == len(result.fairs)
    held = {r["event_id"] for r in rows if r["record_status"] == "held"}
    assert held == {city[0].event_id, city[1].event_id}
    past = {f.event_id for f in result.planned if f.date < D(2024, 7, 20)}
    assert {r["event_id"] for r in rows if r["record_status"] == "not_reported"} >= past - held
