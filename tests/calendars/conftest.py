"""A small scenario (CONTRACT §5's worked example plus a second county) and a few fairs.

Built from the dataclasses directly (tests/scheduler/factory.py) so that the feed tests do
not depend on the loader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from calendars.feeds import write_feeds
from calendars.server import create_app, running
from scheduler.model import Region, Scenario, Venue
from scheduler.schedule import ScheduledFair
from tests.scheduler.factory import tiny


def tiny_scenario() -> Scenario:
    """The worked example (`tests.scheduler.factory.tiny`) with what the feeds need besides.

    A second county, 托克托县, with its own venue (its feed holds only a cancelled fair), and
    venue addresses, which the feeds' LOCATION carries.
    """
    base = tiny()
    hh1 = replace(base.venues["HH-1"], address="呼和浩特市新城区兴安北路 8 号")
    return tiny(
        regions={**base.regions, "150122": Region("150122", "托克托县", "county", "150100")},
        venues={
            **base.venues,
            "HH-1": hh1,
            "TK-1": Venue("TK-1", "150122", "托克托县就业服务站", 300, address="双河镇"),
        },
    )


def make_fair(
    scenario: Scenario,
    event_id: str,
    region_id: str,
    kind: str,
    date: dt.date,
    venue_id: str,
    **extra: object,
) -> ScheduledFair:
    spec = scenario.kinds[kind]
    region = scenario.regions[region_id]
    rule = {"city": "weekly" if kind == "specialized" else "monthly", "county": "county"}
    base = ScheduledFair(
        event_id=event_id,
        region_id=region_id,
        region_name=region.name,
        level=region.level,
        kind=kind,
        theme="",
        date=date,
        start=spec.start_time,
        end=spec.end_time,
        venue_id=venue_id,
        venue_name=scenario.venues[venue_id].name,
        pool_id="P-HH",
        staff=spec.staff,
        rule_ids=rule.get(region.level, ""),
        modified="2024-06-30T16:00:00Z",
    )
    return replace(base, **extra)  # type: ignore[arg-type]


def tiny_fairs(scenario: Scenario) -> list[ScheduledFair]:
    d = dt.date
    return [
        make_fair(scenario, "E1", "150100", "specialized", d(2024, 7, 3), "HH-2", theme="装备制造"),
        make_fair(
            scenario, "E2", "150100", "specialized", d(2024, 7, 10), "HH-2", theme="信息技术"
        ),
        make_fair(scenario, "E3", "150100", "specialized", d(2024, 7, 17), "HH-2"),
        make_fair(
            scenario, "E4", "150100", "specialized", d(2024, 7, 24), "HH-2", theme="现代服务"
        ),
        make_fair(scenario, "E5", "150100", "comprehensive", d(2024, 7, 9), "HH-1"),
        make_fair(scenario, "E6", "150121", "specialized", d(2024, 7, 5), "TM-1", theme="农牧业"),
        make_fair(
            scenario,
            "E7",
            "150122",
            "specialized",
            d(2024, 7, 12),
            "TK-1",
            status="cancelled",
            sequence=2,
            modified="2024-07-01T02:30:00Z",
        ),
    ]


@pytest.fixture
def scenario() -> Scenario:
    return tiny_scenario()


@pytest.fixture
def fairs(scenario: Scenario) -> list[ScheduledFair]:
    return tiny_fairs(scenario)


@pytest.fixture
def plan_dir(tmp_path: Path, scenario: Scenario, fairs: list[ScheduledFair]) -> Path:
    """A plan output folder with feeds/ written by write_feeds."""
    write_feeds(scenario, fairs, tmp_path / "plan" / "feeds")
    return tmp_path / "plan"


@pytest.fixture
def base_url(plan_dir: Path) -> Iterator[str]:
    """The real feed server (uvicorn) on a free loopback port."""
    with running(create_app(plan_dir / "feeds")) as url:
        yield url
