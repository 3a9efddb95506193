"""A small scenario (CONTRACT §5's worked example plus a second county) and a few fairs.

Built from the dataclasses directly so that the feed tests do not depend on the loader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from calendars.feeds import write_feeds
from calendars.server import create_app, running
from scheduler.model import KindSpec, Region, Rule, Scenario, Settings, StaffPool, Venue
from scheduler.schedule import ScheduledFair

START, END = dt.date(2024, 7, 3), dt.date(2024, 7, 31)


def tiny_scenario() -> Scenario:
    regions = {
        "150000": Region("150000", "内蒙古自治区", "province", None),
        "150100": Region("150100", "呼和浩特市", "city", "150000"),
        "150121": Region("150121", "土默特左旗", "county", "150100"),
        "150122": Region("150122", "托克托县", "county", "150100"),
    }
    rules = (
        Rule("weekly", "city", "specialized", "week", 1, START, END, "000 五(五)"),
        Rule("monthly", "city", "comprehensive", "month", 1, START, END, "000 五(五)"),
        Rule("county", "county", "any", "month", 1, START, END, "003 三(十)"),
    )
    kinds = {
        "specialized": KindSpec("specialized", 3, 200, dt.time(9), dt.time(12), "workdays"),
        "comprehensive": KindSpec("comprehensive", 8, 1500, dt.time(9), dt.time(15), "any"),
    }
    venues = {
        "HH-1": Venue(
            "HH-1",
            "150100",
            "呼和浩特市人力资源市场",
            3000,
            unavailable=frozenset({dt.date(2024, 7, 20), dt.date(2024, 7, 21)}),
            address="呼和浩特市新城区兴安北路 8 号",
        ),
        "HH-2": Venue(
            "HH-2", "150100", "呼和浩特市就业服务中心", 400, kinds=frozenset({"specialized"})
        ),
        "TM-1": Venue(
            "TM-1", "150121", "土默特左旗就业服务站", 300, kinds=frozenset({"specialized"})
        ),
        "TK-1": Venue("TK-1", "150122", "托克托县就业服务站", 300, address="双河镇"),
    }
    pools = {"P-HH": StaffPool("P-HH", "呼和浩特市就业服务局", ("150100",), 10)}
    return Scenario(Settings("tiny", START, END), regions, rules, kinds, venues, pools)


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
