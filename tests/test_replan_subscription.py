"""Issue 3's "done when", end to end with the real planner, server and calendar client:
a venue closes for two weeks, `fairplan plan --previous` moves only the fairs that had to
move (plus at most two), their feeds raise SEQUENCE, and a subscribed khal shows exactly
the new plan."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from calendars.server import create_app, running
from scheduler.schedule import read_schedule
from tests.calendars.test_subscription import KHAL, VDIRSYNCER, Subscriber, expected_rows
from ui.cli import main

TINY = Path(__file__).parent / "data" / "tiny"
pytestmark = [
    pytest.mark.skipif(
        VDIRSYNCER is None or KHAL is None, reason="vdirsyncer and khal are not installed"
    ),
    pytest.mark.slow,
]


def test_replan_after_a_two_week_venue_closure_reaches_a_subscribed_khal(tmp_path: Path) -> None:
    scenario, out = tmp_path / "scenario", tmp_path / "plan"
    shutil.copytree(TINY, scenario)
    assert main(["plan", str(scenario), "--out", str(out), "--time-limit", "10", "--quiet"]) == 0
    before = {f.event_id: f for f in read_schedule(out / "schedule.csv")}
    # HH-2 hosts the city's specialized fairs; it closes for the weeks of 8 and 15 July
    closed = ("2024-07-08", "2024-07-21")
    must_move = {
        e
        for e, f in before.items()
        if f.venue_id == "HH-2" and closed[0] <= f.date.isoformat() <= closed[1]
    }
    assert must_move

    with running(create_app(out / "feeds")) as url:
        sub = Subscriber(tmp_path / "bureau", f"{url}/feeds/150100.ics")
        sub.sync()
        assert sub.khal() == expected_rows((out / "feeds" / "150100.ics").read_bytes())

        rows = list(csv.DictReader((scenario / "venues.csv").open(encoding="utf-8")))
        for row in rows:
            if row["venue_id"] == "HH-2":
                row["unavailable"] = f"{closed[0]}..{closed[1]}"
        with (scenario / "venues.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        previous = tmp_path / "previous.csv"
        shutil.copy(out / "schedule.csv", previous)
        code = main(
            ["plan", str(scenario), "--out", str(out), "--previous", str(previous), "--quiet"]
        )
        assert code == 0

        after = {f.event_id: f for f in read_schedule(out / "schedule.csv")}
        changed = {e for e, f in after.items() if e not in before or f != before[e]}
        assert must_move <= changed and len(changed) <= len(must_move) + 2
        sub.sync()
        feed = (out / "feeds" / "150100.ics").read_bytes()
        assert sub.khal() == expected_rows(feed)  # exactly the new plan
        items = sub.items()
        for e in must_move:
            assert after[e].sequence == before[e].sequence + 1
            assert f"SEQUENCE:{after[e].sequence}" in items[e]
            assert after[e].date.strftime("%Y%m%d") in items[e]
        assert set(items) == set(after)
