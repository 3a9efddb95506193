"""The published plan's feeds, served from the store (`publish.feeds.PublishedFeeds`):
switched atomically on publish, and followed by a real subscriber (vdirsyncer + khal)
from one published plan to its re-plan (issue 10 item 6)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from calendars.server import create_app, running
from db import Database
from identity import User
from publish.diff import diff
from publish.feeds import PublishedFeeds
from publish.plans import PlanStore
from publish.replan import basis
from scheduler.plan import PlanResult, make_plan
from scheduler.scenario import load_scenario
from tests.calendars.test_server import request
from tests.calendars.test_subscription import KHAL, VDIRSYNCER, Subscriber, expected_rows
from tests.publish.conftest import TINY
from tests.publish.test_plans import closed

ME = User.open_mode("planner")


def test_feeds_appear_when_a_plan_is_published(db_url: str, tiny_plan: PlanResult) -> None:
    with Database(db_url) as database:
        plans = PlanStore(database)
        with running(create_app(PublishedFeeds(database, poll=0))) as url:
            assert request(url, "/feeds/150100.ics")[0] == 404
            assert "还没有日历".encode() in request(url, "/")[2]
            plans.publish(plans.save(tiny_plan, TINY, ME).plan_id, ME)
            status, headers, body = request(url, "/feeds/150100.ics")
            assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
            assert body.count(b"BEGIN:VEVENT") == sum(
                1 for f in tiny_plan.fairs if f.region_id in ("150100", "150121")
            )
            assert b"150121.ics" in request(url, "/")[2]


def test_a_poll_during_a_publish_gets_the_old_feed_or_the_new_one(
    db_url: str, tiny_plan: PlanResult, tmp_path: Path
) -> None:
    folder = closed(tmp_path, "HH-2", "2024-07-08..2024-07-21")
    later = load_scenario(folder)
    replanned = make_plan(later, time_limit=5, workers=1, previous=tiny_plan.fairs)
    with Database(db_url) as database:
        plans = PlanStore(database)
        a = plans.save(tiny_plan, TINY, ME).plan_id
        b = plans.save(replanned, folder, ME).plan_id
        source = PublishedFeeds(database, poll=0)
        plans.publish(a, ME)
        with running(create_app(source)) as url:
            first = request(url, "/feeds/150000.ics")[2]
            plans.publish(b, ME)
            second = request(url, "/feeds/150000.ics")[2]
            assert first != second
            seen: list[bytes] = []
            done = threading.Event()

            def poll() -> None:
                while not done.is_set():
                    seen.append(request(url, "/feeds/150000.ics")[2])

            pollers = [threading.Thread(target=poll) for _ in range(3)]
            for t in pollers:
                t.start()
            for plan_id in (a, b, a, b, a):
                plans.publish(plan_id, ME)
            done.set()
            for t in pollers:
                t.join(30)
            assert request(url, "/feeds/150000.ics")[2] == first  # the last published
        assert seen and set(seen) <= {first, second}


def test_an_unchanged_feed_keeps_its_etag_across_publishes(
    db_url: str, tiny_plan: PlanResult
) -> None:
    with Database(db_url) as database:
        plans = PlanStore(database)
        with running(create_app(PublishedFeeds(database, poll=0))) as url:
            plans.publish(plans.save(tiny_plan, TINY, ME).plan_id, ME)
            _, h1, _ = request(url, "/feeds/150121.ics")
            plans.publish(plans.save(tiny_plan, TINY, ME).plan_id, ME)  # the same fairs again
            status, h2, _ = request(url, "/feeds/150121.ics", headers={"If-None-Match": h1["etag"]})
    assert status == 304 and h2["etag"] == h1["etag"]


@pytest.mark.slow
@pytest.mark.skipif(
    VDIRSYNCER is None or KHAL is None, reason="vdirsyncer and khal are not installed"
)
def test_a_subscriber_follows_the_published_plan_through_a_replan(
    tmp_path: Path, tiny_plan: PlanResult
) -> None:
    """Published plan → a bureau subscribes → a venue closes for two weeks, the planner
    re-plans against the published plan and publishes → the subscriber sees the moved
    fairs with SEQUENCE raised and nothing else changed."""
    with Database(str(tmp_path / "store.db")) as database:
        plans = PlanStore(database)
        first_id = plans.save(tiny_plan, TINY, ME).plan_id
        plans.publish(first_id, ME)
        with running(create_app(PublishedFeeds(database, poll=0))) as url:
            sub = Subscriber(tmp_path / "bureau", f"{url}/feeds/150100.ics")
            sub.sync()
            assert sub.khal() == expected_rows(request(url, "/feeds/150100.ics")[2])

            published = plans.published(ME)
            assert published is not None
            folder = closed(tmp_path, "HH-2", "2024-07-08..2024-07-21")
            b = basis(load_scenario(folder), published.fairs, published.plan_id)
            result = make_plan(b.scenario, time_limit=5, workers=1, previous=b.previous)
            second_id = plans.save(result, folder, ME, based_on=first_id).plan_id
            plans.publish(second_id, ME)

            sub.sync()
            feed = request(url, "/feeds/150100.ics")[2]
            assert sub.khal() == expected_rows(feed)  # exactly the new plan
            items = sub.items()
            d = diff(published.fairs, plans.get(second_id, ME).fairs)
            moved = [m for m in d.of("moved") if m.region_id in ("150100", "150121")]
            assert moved
            for m in moved:
                assert m.after is not None and m.before is not None
                assert m.after.sequence == m.before.sequence + 1
                assert f"SEQUENCE:{m.after.sequence}" in items[m.event_id]
            for k in d.of("kept"):  # nothing else changed
                if k.event_id in items:
                    assert f"SEQUENCE:{k.before.sequence}" in items[k.event_id]  # type: ignore[union-attr]
