"""Feeds of online fairs (CONTRACT §6): LOCATION says 线上 and the kind's link, the link is
the VEVENT's URL, the kind's label is its category, and the rules are named by clause."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from icalendar import Calendar

from calendars.feeds import build_feed, describe_rule
from scheduler.model import KindSpec, Rule
from scheduler.schedule import ScheduledFair
from tests.scheduler.factory import tiny

LINK = "https://zhibo.example.cn/room?id=12,34;5"
LIVE = KindSpec(
    "livestream", 2, 0, dt.time(14), dt.time(16), label="直播带岗", online=True, url=LINK
)


def _fair(**kw: object) -> ScheduledFair:
    base = dict(event_id="L-1", region_id="150100", region_name="呼和浩特市", level="city",
                kind="livestream", theme="", date=dt.date(2024, 7, 10), start=dt.time(14),
                end=dt.time(16), venue_id="", venue_name="", pool_id="P-HH", staff=2,
                rule_ids="live", modified="2024-06-30T16:00:00Z")  # fmt: skip
    base.update(kw)
    return ScheduledFair(**base)  # type: ignore[arg-type]


def _scenario(url: str = LINK):  # type: ignore[no-untyped-def]
    s = tiny()
    rule = Rule("live", "city", "livestream", "week", 1, s.settings.start, s.settings.end,
                "im-2024 五(五)", "每周直播带岗")  # fmt: skip
    return replace(s, kinds={**s.kinds, "livestream": replace(LIVE, url=url)}, rules=(rule,))


def test_an_online_fair_is_located_online_with_its_link() -> None:
    s = _scenario()
    [ev] = Calendar.from_ical(build_feed(s, "150100", [_fair()])).walk("VEVENT")
    assert str(ev["LOCATION"]) == f"线上：{LINK}"
    assert str(ev["URL"]) == LINK
    assert str(ev["SUMMARY"]) == "【呼和浩特市】直播带岗"
    assert ev["CATEGORIES"].cats == ["直播带岗"]
    desc = str(ev["DESCRIPTION"])
    assert "形式：线上" in desc and f"链接：{LINK}" in desc and "场地" not in desc
    assert (
        "每周直播带岗：每周至少 1 场直播带岗（依据《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)）"
        in desc
    )


def test_without_a_link_the_location_is_just_online() -> None:
    s = _scenario(url="")
    [ev] = Calendar.from_ical(build_feed(s, "150100", [_fair()])).walk("VEVENT")
    assert str(ev["LOCATION"]) == "线上" and "URL" not in ev


def test_a_subtree_rule_says_it_counts_the_regions_below() -> None:
    s = tiny()
    rule = Rule("t", "150000", "any", "window", 200, s.settings.start, s.settings.end,
                "im-2022-2025 一", "重点群体专场招聘服务活动不少于200场", "subtree")  # fmt: skip
    text = describe_rule(rule, s.kinds)
    assert text.startswith(
        "重点群体专场招聘服务活动不少于200场：2024-07-03至2024-07-31期间（含下级地区）至少 200 场招聘会"
    )
    assert text.endswith("（依据《促进重点群体就业行动(2022—2025年)实施方案》一）")
