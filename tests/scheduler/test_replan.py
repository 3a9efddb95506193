"""Re-plans with `--previous` (CONTRACT §1, §3): keep what can be kept, say what changed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from publish.outputs import write_plan
from scheduler.plan import make_plan
from scheduler.schedule import read_schedule
from tests.scheduler.factory import days, tiny

NOW = __import__("datetime").datetime(2024, 7, 1, 8, 0, tzinfo=__import__("datetime").UTC)


def test_replanning_unchanged_input_changes_nothing_byte_for_byte(tmp_path: Path) -> None:
    s = tiny()
    first = make_plan(s, time_limit=10, workers=2)
    write_plan(first, tmp_path / "a")
    previous = read_schedule(tmp_path / "a" / "schedule.csv")
    again = make_plan(s, time_limit=10, workers=2, previous=previous, now=NOW)
    write_plan(again, tmp_path / "b")
    assert again.changes == {
        "kept": 6,
        "moved": 0,
        "added": 0,
        "cancelled": 0,
        "date_changed": 0,
        "venue_changed": 0,
        "pool_changed": 0,
    }
    for name in [
        "schedule.csv",
        *(f"feeds/{p.name}" for p in (tmp_path / "a" / "feeds").glob("*.ics")),
    ]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_venue_closed_for_two_weeks_moves_only_the_fairs_that_must_move(tmp_path: Path) -> None:
    s = tiny()
    first = make_plan(s, time_limit=10, workers=2)
    write_plan(first, tmp_path / "a")
    previous = read_schedule(tmp_path / "a" / "schedule.csv")
    closed = days("2024-07-08", "2024-07-21")
    venue = first.planned[0].venue_id  # the hall of the first specialized fair
    must_move = {f.event_id for f in first.planned if f.venue_id == venue and f.date in closed}
    assert must_move, "the closure must hit at least one fair for this test to mean anything"
    v = s.venues[venue]
    s2 = tiny(
        venues={**s.venues, venue: dataclasses.replace(v, unavailable=v.unavailable | closed)}
    )
    r = make_plan(s2, time_limit=10, workers=2, previous=previous, now=NOW)
    assert r.rules_met
    before = {f.event_id: f for f in previous}
    changed = {
        f.event_id
        for f in r.fairs
        if f.event_id not in before
        or dataclasses.astuple(f) != dataclasses.astuple(before[f.event_id])
    }
    assert must_move <= changed and len(changed) <= len(must_move) + 2
    for f in r.fairs:
        if f.event_id in must_move:
            assert f.sequence == before[f.event_id].sequence + 1
            assert f.modified == "2024-07-01T08:00:00Z"
            assert f.planned and not (f.venue_id == venue and f.date in closed)
    assert r.changes["moved"] + r.changes["cancelled"] + r.changes["added"] == len(changed)


def test_a_fair_no_longer_needed_stays_as_cancelled_and_a_new_one_is_added(tmp_path: Path) -> None:
    s = tiny()
    first = make_plan(s, time_limit=10, workers=2)
    write_plan(first, tmp_path / "a")
    previous = read_schedule(tmp_path / "a" / "schedule.csv")
    county = next(f for f in first.planned if f.region_id == "150121")
    # the county rule is dropped; two comprehensive fairs a month are asked of the city
    monthly = next(r for r in s.rules if r.rule_id == "monthly")
    rules = tuple(r for r in s.rules if r.rule_id != "county") + (
        dataclasses.replace(monthly, rule_id="monthly2", min_count=2),
    )
    r = make_plan(tiny(rules=rules), time_limit=10, workers=2, previous=previous, now=NOW)
    gone = next(f for f in r.fairs if f.event_id == county.event_id)
    assert gone.status == "cancelled" and gone.sequence == county.sequence + 1
    assert r.changes["cancelled"] == 1 and r.changes["added"] == 1
    assert len([f for f in r.planned if f.kind == "comprehensive"]) == 2
    assert r.changes["kept"] == 5
    # and a second re-plan against that one keeps the cancellation as it is
    write_plan(r, tmp_path / "b")
    r2 = make_plan(
        tiny(rules=rules),
        time_limit=10,
        workers=2,
        previous=read_schedule(tmp_path / "b" / "schedule.csv"),
        now=NOW,
    )
    assert [dataclasses.astuple(f) for f in r2.fairs] == [dataclasses.astuple(f) for f in r.fairs]


def test_a_room_closed_for_the_whole_horizon_moves_its_fairs_to_the_other_hall_on_their_dates(
    tmp_path: Path,
) -> None:
    """Issue 12: a venue closed for two months, and the re-plan moved 9 fairs to the other
    hall, 5 of them also to another date, though the hall and the pool were free on the
    original day. A date change costs a subscriber most: every fair keeps its date."""
    s = tiny()
    first = make_plan(s, time_limit=10, workers=2)
    write_plan(first, tmp_path / "a")
    previous = read_schedule(tmp_path / "a" / "schedule.csv")
    room = [f for f in first.planned if f.venue_id == "HH-2"]
    assert len(room) == 4, "the weekly fairs are in the small room (smallest adequate venue)"
    v = s.venues["HH-2"]
    closed = dataclasses.replace(v, unavailable=days("2024-07-01", "2024-07-31"))
    r = make_plan(tiny(venues={**s.venues, "HH-2": closed}), time_limit=10, workers=2,
                  previous=previous, now=NOW)  # fmt: skip
    assert r.rules_met
    after = {f.event_id: f for f in r.planned}
    for f in room:
        assert after[f.event_id].date == f.date and after[f.event_id].venue_id == "HH-1"
    assert r.changes["moved"] == r.changes["venue_changed"] == 4
    assert r.changes["date_changed"] == 0 and r.changes["cancelled"] == 0
    assert r.report()["terms"]["change_venue"] == 4 * 200


def test_change_weights_put_the_date_before_the_venue_before_the_pool() -> None:
    from scheduler.weights import Weights

    w = Weights()
    assert w.change_date > w.change_venue > w.change_pool > max(w.day, w.spread, w.pool_home)
    s = tiny()
    old = dataclasses.replace(s.settings, extra=(("weight_change", "5000"),))
    assert Weights.from_scenario(tiny(settings=old)).change_date == 5000  # the earlier name
