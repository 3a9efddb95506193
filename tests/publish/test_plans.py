"""Stored scenarios and plans, publishing, diffs and re-plans against the published plan
(issue 10), on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import csv
import io
import shutil
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from db import Database
from identity import Accounts, PermissionDenied, User
from publish.diff import diff
from publish.plans import PlanStore
from scheduler.errors import InputError
from scheduler.plan import PlanResult, make_plan
from scheduler.scenario import load_scenario
from tests.publish.conftest import TINY
from ui.cli import main

PASSWORD = "correct horse battery"


@pytest.fixture
def world(db_url: str):  # type: ignore[no-untyped-def]
    """A store with a planner, an inspector and 土默特左旗's bureau."""
    with Database(db_url) as database:
        acc = Accounts(
            database, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        admin = acc.add("admin", "admin", PASSWORD)
        acc.load_regions(load_scenario(TINY).regions.values(), actor=admin)
        users = {
            "planner": acc.add("planner", "planner", PASSWORD, actor=admin),
            "inspector": acc.add("inspector", "inspector", PASSWORD, actor=admin),
            "tumed": acc.add("tumed", "bureau", PASSWORD, region_id="150121", actor=admin),
        }
        yield database, users


def closed(tmp_path: Path, venue: str, days: str) -> Path:
    """The worked example with `venue` closed on `days` (a new scenario version)."""
    folder = tmp_path / f"tiny-{venue}"
    shutil.copytree(TINY, folder)
    rows = list(csv.DictReader((folder / "venues.csv").open(encoding="utf-8")))
    for row in rows:
        if row["venue_id"] == venue:
            row["unavailable"] = days
    with (folder / "venues.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return folder


def test_a_stored_plan_comes_back_exactly(world, tiny_plan: PlanResult) -> None:  # type: ignore[no-untyped-def]
    database, users = world
    plans = PlanStore(database)
    info = plans.save(tiny_plan, TINY, users["planner"], note="七月")
    again = plans.save(tiny_plan, TINY, users["planner"])
    assert info.scenario_id == again.scenario_id and info.scenario_version == 1  # same bytes
    stored = plans.get(info.plan_id, users["inspector"])
    assert stored.fairs == sorted(
        tiny_plan.fairs, key=lambda f: (f.date, f.region_id, f.kind, f.event_id)
    )
    assert stored.report() == tiny_plan.report()
    assert stored.scenario.name == "tiny" and stored.info.state == "draft"
    assert [i.plan_id for i in plans.versions(users["inspector"])] == [info.plan_id, again.plan_id]
    assert [e["action"] for e in plans.trail(users["inspector"])] == ["plan.store", "plan.store"]


def test_only_planners_store_and_publish_and_publishing_is_audited(world, tiny_plan) -> None:  # type: ignore[no-untyped-def]
    database, users = world
    plans = PlanStore(database)
    with pytest.raises(PermissionDenied):
        plans.save(tiny_plan, TINY, users["inspector"])
    info = plans.save(tiny_plan, TINY, users["planner"])
    for who in ("inspector", "tumed"):
        with pytest.raises(PermissionDenied):
            plans.publish(info.plan_id, users[who])
    assert plans.published_id() is None
    plans.publish(info.plan_id, users["planner"], note="首次发布")
    assert plans.published_id() == info.plan_id
    [pub] = plans.history(users["inspector"])
    assert (pub.plan_id, pub.previous_plan_id, pub.published_by) == (info.plan_id, None, "planner")
    assert plans.trail(users["inspector"], info.plan_id)[-1]["action"] == "plan.publish"
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), database.begin() as conn:
        conn.execute(sa.text("DELETE FROM publications"))


def test_a_bureau_reads_its_regions_fairs_of_the_published_plan_only(world, tiny_plan) -> None:  # type: ignore[no-untyped-def]
    database, users = world
    plans = PlanStore(database)
    draft = plans.save(tiny_plan, TINY, users["planner"])
    with pytest.raises(PermissionDenied):
        plans.get(draft.plan_id, users["tumed"])  # a draft is the planners' business
    assert plans.versions(users["tumed"]) == []
    plans.publish(draft.plan_id, users["planner"])
    mine = plans.published(users["tumed"])
    assert mine is not None and mine.fairs
    assert {f.region_id for f in mine.fairs} == {"150121"}
    assert len(plans.published(users["inspector"]).fairs) == len(tiny_plan.fairs)  # type: ignore[union-attr]


def test_a_plan_the_checker_failed_is_never_published(world, tiny_plan) -> None:  # type: ignore[no-untyped-def]
    database, users = world
    plans = PlanStore(database)
    info = plans.save(tiny_plan, TINY, users["planner"])
    with database.begin() as conn:
        conn.execute(sa.text("UPDATE plans SET checker_passed = :f"), {"f": False})
    with pytest.raises(InputError):
        plans.publish(info.plan_id, users["planner"])
    assert plans.published_id() is None


def test_diff_names_kept_moved_added_and_cancelled_with_reasons(
    tiny_plan: PlanResult, tmp_path: Path
) -> None:
    scenario = load_scenario(closed(tmp_path, "HH-2", "2024-07-08..2024-07-21"))
    replanned = make_plan(scenario, time_limit=5, workers=1, previous=tiny_plan.fairs)
    d = diff(tiny_plan.fairs, replanned.fairs, scenario)
    moved = d.of("moved")
    assert moved and all("date" in m.changed or "venue" in m.changed for m in moved)
    closed_ones = [m for m in moved if m.before and m.before.venue_id == "HH-2"
                   and "2024-07-08" <= m.before.date.isoformat() <= "2024-07-21"]  # fmt: skip
    assert closed_ones and all("不可用" in m.reason for m in closed_ones)
    counts = d.counts()
    assert counts["kept"] + counts["moved"] + counts["cancelled"] == len(tiny_plan.planned)
    assert sum(c["moved"] for c in d.by_region().values()) == counts["moved"]
    assert diff(tiny_plan.fairs, tiny_plan.fairs).counts() == {
        "kept": len(tiny_plan.planned), "moved": 0, "added": 0, "cancelled": 0,
    }  # fmt: skip


def run(argv: list[str], stdin: str = "") -> int:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(argv)
    finally:
        sys.stdin = old


def test_a_replan_is_planned_against_the_published_plan(
    world,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    """`fairplan plan --db --user --publish`, then a venue closes and the planner plans
    again without --previous: kept fairs keep their event_id, moved ones raise SEQUENCE."""
    database, users = world
    url = database.url
    sign = ["--db", url, "--user", "planner", "--password-stdin", "--quiet", "--time-limit", "5"]
    assert run(["plan", str(TINY), "--out", str(tmp_path / "a"), "--publish", *sign],
               PASSWORD + "\n") == 0  # fmt: skip
    assert "#1" in capsys.readouterr().out
    plans = PlanStore(database)
    first = plans.published(users["inspector"])
    assert first is not None and first.info.plan_id == 1
    later = closed(tmp_path, "HH-2", "2024-07-08..2024-07-21")
    (later / "settings.csv").write_text(
        (TINY / "settings.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert run(["plan", str(later), "--out", str(tmp_path / "b"), *sign], PASSWORD + "\n") == 0
    err = capsys.readouterr().err
    assert "#1" in err  # "re-planning against the published plan #1"
    second = plans.get(2, users["inspector"])
    assert second.info.based_on == 1 and second.info.state == "draft"
    assert second.info.scenario_version == 2  # the changed workbook is a new version
    d = diff(first.fairs, second.fairs, second.scenario)
    before = {f.event_id: f for f in first.fairs}
    assert d.of("moved")
    for m in d.of("moved"):
        assert m.after is not None and m.after.sequence == before[m.event_id].sequence + 1
    for k in d.of("kept"):
        assert k.after is not None and k.after.sequence == before[k.event_id].sequence
    assert plans.published_id() == 1  # a draft until published
    assert run(["plans", "publish", "2", "--db", url, "--user", "planner", "--password-stdin"],
               PASSWORD + "\n") == 0  # fmt: skip
    assert plans.published_id() == 2
    capsys.readouterr()
    assert run(["plans", "diff", "1", "2", "--db", url, "--user", "inspector", "--password-stdin",
                "--csv", str(tmp_path / "d.csv")], PASSWORD + "\n") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert f"调整 {len(d.of('moved'))}" in out
    rows = list(csv.DictReader((tmp_path / "d.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len([r for r in rows if r["status"] == "moved"]) == len(d.of("moved"))


def test_plans_commands_refuse_a_bureau_what_it_may_not_see(world, tiny_plan, capsys) -> None:  # type: ignore[no-untyped-def]
    database, users = world
    PlanStore(database).save(tiny_plan, TINY, users["planner"])
    argv = ["--db", database.url, "--user", "tumed", "--password-stdin"]
    assert run(["plans", "show", "1", *argv], PASSWORD + "\n") == 4
    assert run(["plans", "publish", "1", *argv], PASSWORD + "\n") == 4
    assert run(["plans", "show", "1", "--db", database.url]) == 4  # no sign-in at all
    assert run(["plan", str(TINY), "--out", "x", *argv], PASSWORD + "\n") == 4  # before solving
    assert not Path("x").exists()


def test_open_mode_plans_and_publishes_without_accounts(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "open.db")
    argv = ["--db", db, "--quiet", "--time-limit", "5"]
    assert run(["plan", str(TINY), "--out", str(tmp_path / "o"), "--publish", *argv]) == 0
    capsys.readouterr()
    assert run(["plans", "list", "--db", db]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("plan_id,state") and listing[1].startswith("1,published")
    with Database(db) as database:
        assert PlanStore(database).published(User.open_mode()) is not None
