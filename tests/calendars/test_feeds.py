"""Feeds (issue 3 item 1): every property checked on the bytes and through two parsers."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar, Event, vText

from calendars.feeds import (
    FOLD_AT,
    build_feed,
    content_line,
    fair_name,
    uid_for,
    write_feeds,
)
from scheduler import policy
from scheduler.model import Scenario
from scheduler.schedule import ScheduledFair
from tests.calendars.conftest import make_fair, tiny_fairs, tiny_scenario

SHANGHAI = ZoneInfo("Asia/Shanghai")
FEEDS = ("150000", "150100", "150121", "150122")


def parse_both(data: bytes) -> tuple[Calendar, object]:
    """Parse with icalendar and with the independent, strict `ical` package."""
    cal = Calendar.from_ical(data)
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return cal, strict


def events_by_uid(cal: Calendar) -> dict[str, Event]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


# -- which fairs go into which feed --------------------------------------------------------


def test_one_feed_per_region_holding_its_descendants(tmp_path: Path, scenario, fairs) -> None:
    paths = write_feeds(scenario, fairs, tmp_path)
    assert [p.name for p in paths] == [f"{r}.ics" for r in FEEDS]
    expected = {
        "150000": {f.event_id for f in fairs},  # the top region holds every fair
        "150100": {f.event_id for f in fairs},
        "150121": {"E6"},
        "150122": {"E7"},
    }
    for rid, ids in expected.items():
        cal, strict = parse_both((tmp_path / f"{rid}.ics").read_bytes())
        assert set(events_by_uid(cal)) == {uid_for(i) for i in ids}
        assert {e.uid for e in strict.events} == {uid_for(i) for i in ids}  # type: ignore[attr-defined]


def test_regions_without_fairs_get_no_feed(tmp_path: Path, scenario, fairs) -> None:
    only_city = [f for f in fairs if f.region_id == "150100"]
    write_feeds(scenario, only_city, tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.ics")) == ["150000.ics", "150100.ics"]


def test_index_json_lists_every_feed(tmp_path: Path, scenario, fairs) -> None:
    write_feeds(scenario, fairs, tmp_path)
    doc = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    rows = {row["region_id"]: row for row in doc["feeds"]}
    assert list(rows) == list(FEEDS)  # tree order
    assert rows["150100"]["name"] == "呼和浩特市"
    assert rows["150100"]["calname"] == "呼和浩特市招聘会"
    assert (rows["150100"]["events"], rows["150100"]["cancelled"]) == (7, 1)


# -- calendar-level properties, on the bytes ---------------------------------------------------


@pytest.mark.parametrize("region_id", FEEDS)
def test_calendar_properties(scenario, fairs, region_id: str) -> None:
    data = build_feed(scenario, region_id, fairs)
    name = scenario.regions[region_id].name + "招聘会"
    head = data.split(b"BEGIN:VTIMEZONE")[0]
    for line in (
        b"BEGIN:VCALENDAR\r\n",
        b"VERSION:2.0\r\n",
        f"NAME;LANGUAGE=zh-CN:{name}\r\n".encode(),
        f"X-WR-CALNAME:{name}\r\n".encode(),
        b"X-WR-TIMEZONE:Asia/Shanghai\r\n",
        # the library's defaults write `REFRESH-INTERVAL:PT1H` and `X-PUBLISHED-TTL:1:00:00`
        b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n",
        b"X-PUBLISHED-TTL:PT1H\r\n",
    ):
        assert line in head
    assert b"\r\nUID:" not in head  # no calendar-level UID: it breaks some subscribers
    assert data.endswith(b"END:VCALENDAR\r\n")
    cal, strict = parse_both(data)
    assert "UID" not in cal
    assert cal["X-WR-CALNAME"] == name
    assert strict.prodid  # type: ignore[attr-defined]


def test_lines_are_crlf_and_folded_at_75_octets(scenario, fairs) -> None:
    data = build_feed(scenario, "150000", fairs)
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= FOLD_AT  # RFC 5545 §3.1: 75 octets, the fold space included


def test_vtimezone_matches_and_is_narrow_without_comment(scenario, fairs) -> None:
    data = build_feed(scenario, "150100", fairs)
    cal, strict = parse_both(data)
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Asia/Shanghai"
    assert "COMMENT" not in tz
    assert b"COMMENT" not in data
    starts = [sub["DTSTART"].dt for sub in tz.subcomponents]
    assert min(starts).date() >= dt.date(2024, 1, 1)  # the plan's range, not 1970–2038
    assert [t.tz_id for t in strict.timezones] == ["Asia/Shanghai"]  # type: ignore[attr-defined]
    assert re.findall(rb"TZID=([^:;]+)", data) and set(re.findall(rb"TZID=([^:;]+)", data)) == {
        b"Asia/Shanghai"
    }


# -- one VEVENT per fair ----------------------------------------------------------------------


def test_event_properties(scenario, fairs) -> None:
    data = build_feed(scenario, "150000", fairs, domain="hhht.example.cn")
    cal, strict = parse_both(data)
    by_uid = events_by_uid(cal)
    strict_by_uid = {e.uid: e for e in strict.events}  # type: ignore[attr-defined]
    assert len(by_uid) == len(fairs) == data.count(b"BEGIN:VEVENT")
    for fair in fairs:
        uid = f"{fair.event_id}@hhht.example.cn"
        ev, sev = by_uid[uid], strict_by_uid[uid]
        start = dt.datetime.combine(fair.date, fair.start, tzinfo=SHANGHAI)
        end = dt.datetime.combine(fair.date, fair.end, tzinfo=SHANGHAI)
        assert ev["DTSTART"].dt == start == sev.dtstart
        assert ev["DTEND"].dt == end == sev.dtend
        assert ev["DTSTART"].params["TZID"] == "Asia/Shanghai"
        stamp = dt.datetime.fromisoformat(fair.modified)
        assert ev["DTSTAMP"].dt == stamp == ev["LAST-MODIFIED"].dt
        assert sev.dtstamp == stamp and sev.last_modified == stamp
        assert int(ev["SEQUENCE"]) == fair.sequence == sev.sequence
        assert str(ev["STATUS"]) == ("CONFIRMED" if fair.planned else "CANCELLED")
        summary = str(ev["SUMMARY"])
        assert fair.region_name in summary and fair.theme in summary
        assert ("专场招聘会" if fair.kind == "specialized" else "综合招聘会") in summary
        venue = scenario.venues[fair.venue_id]
        assert str(ev["LOCATION"]).startswith(venue.name)
        if venue.address:
            assert venue.address in str(ev["LOCATION"])
        desc = str(ev["DESCRIPTION"])
        assert f"可容纳 {venue.capacity} 人" in desc
        assert "呼和浩特市就业服务局" in desc
        assert (f"主题：{fair.theme}" in desc) == bool(fair.theme)
        rule = next(r for r in scenario.rules if r.rule_id == fair.rule_ids)
        # the rule as people read it: its name (or id) and the clause's document title
        assert policy.display(rule.source) in desc and rule.rule_id in desc
        assert "《" in desc and "》" in desc  # the document's title, not its number
        assert rule.source not in desc  # never the collection's file number
    # the byte form of a zoned time, as clients read it
    assert b"DTSTART;TZID=Asia/Shanghai:20240703T090000\r\n" in data
    assert b"DTSTAMP:20240630T160000Z\r\n" in data
    assert b"LAST-MODIFIED:20240630T160000Z\r\n" in data


def test_cancelled_fair_stays_with_status_cancelled(scenario, fairs) -> None:
    data = build_feed(scenario, "150122", fairs)
    cal, strict = parse_both(data)
    (ev,) = cal.walk("VEVENT")
    assert str(ev["STATUS"]) == "CANCELLED" and int(ev["SEQUENCE"]) == 2
    assert str(ev["SUMMARY"]).startswith("【已取消】")
    assert strict.events[0].status.value == "CANCELLED"  # type: ignore[attr-defined]
    assert b"STATUS:CANCELLED\r\n" in data and b"SEQUENCE:2\r\n" in data


def test_dtstamp_without_modified_is_deterministic(scenario, fairs) -> None:
    bare = [replace(f, modified="") for f in fairs]
    first = build_feed(scenario, "150121", bare)
    assert b"DTSTAMP:20240705T000000Z\r\n" in first
    assert build_feed(scenario, "150121", bare) == first


def test_modified_with_offset_is_written_in_utc(scenario, fairs) -> None:
    shifted = [replace(fairs[0], modified="2024-07-01T08:00:00+08:00")]
    assert b"DTSTAMP:20240701T000000Z\r\n" in build_feed(scenario, "150100", shifted)


# -- determinism and incremental writes ------------------------------------------------------------


def test_identical_input_gives_identical_bytes(tmp_path: Path, scenario, fairs) -> None:
    write_feeds(scenario, fairs, tmp_path / "a")
    shuffled = list(fairs)
    random.Random(7).shuffle(shuffled)
    write_feeds(tiny_scenario(), shuffled, tmp_path / "b")
    for rid in FEEDS:
        a = (tmp_path / "a" / f"{rid}.ics").read_bytes()
        assert a == (tmp_path / "b" / f"{rid}.ics").read_bytes()
        assert a == build_feed(scenario, rid, fairs)  # build_feed == the written file
    assert (tmp_path / "a" / "index.json").read_bytes() == (
        tmp_path / "b" / "index.json"
    ).read_bytes()


def test_events_sorted_by_date_then_time(scenario, fairs) -> None:
    cal = Calendar.from_ical(build_feed(scenario, "150000", fairs))
    starts = [e["DTSTART"].dt for e in cal.walk("VEVENT")]
    assert starts == sorted(starts)


def test_only_changed_feeds_are_rewritten_and_nothing_deleted(
    tmp_path: Path, scenario, fairs
) -> None:
    write_feeds(scenario, fairs, tmp_path)
    (tmp_path / "notes.txt").write_text("keep me")
    (tmp_path / "999999.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    inodes = {p.name: p.stat().st_ino for p in tmp_path.iterdir()}
    write_feeds(scenario, fairs, tmp_path)  # nothing changed
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
    moved = [
        replace(f, date=dt.date(2024, 7, 8), sequence=1) if f.event_id == "E6" else f for f in fairs
    ]
    write_feeds(scenario, moved, tmp_path)
    changed = {p.name for p in tmp_path.iterdir() if p.stat().st_ino != inodes[p.name]}
    assert changed == {"150000.ics", "150100.ics", "150121.ics"}  # not 150122, index unchanged
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert (tmp_path / "999999.ics").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_unknown_region_still_reaches_the_top_feed(tmp_path: Path, scenario, fairs) -> None:
    stray = replace(fairs[0], event_id="X1", region_id="159999", region_name="某新区")
    write_feeds(scenario, [*fairs, stray], tmp_path)
    assert uid_for("X1") in events_by_uid(
        Calendar.from_ical((tmp_path / "150000.ics").read_bytes())
    )
    assert (
        b"X-WR-CALNAME:\xe6\x9f\x90\xe6\x96\xb0\xe5\x8c\xba"
        in (tmp_path / "159999.ics").read_bytes()
    )


def test_worked_example_from_tests_data_tiny(tmp_path: Path) -> None:
    """The CONTRACT §5 scenario as the loader reads it (tests/data/tiny)."""
    loader = pytest.importorskip("scheduler.scenario")
    scenario: Scenario = loader.load_scenario(Path(__file__).parents[1] / "data" / "tiny")
    d = dt.date
    fairs = [
        make_fair(scenario, "W1", "150100", "specialized", d(2024, 7, 3), "HH-2"),
        make_fair(scenario, "W2", "150100", "comprehensive", d(2024, 7, 9), "HH-1"),
        make_fair(scenario, "W3", "150121", "specialized", d(2024, 7, 5), "TM-1"),
    ]
    paths = write_feeds(scenario, fairs, tmp_path)
    assert [p.stem for p in paths] == ["150000", "150100", "150121"]
    for p in paths:
        parse_both(p.read_bytes())


# -- the fast serializer is icalendar's own output ---------------------------------------------------

TEXTS = st.text(
    alphabet=st.sampled_from(list('招聘会呼和浩特市（）：；,;\\"\n ab1-—·😀')), max_size=200
)


@given(TEXTS)
@settings(max_examples=150, deadline=None)
def test_content_line_equals_icalendar_component_output(text: str) -> None:
    for name in ("summary", "description", "location"):
        holder = Event()
        holder.add(name, text)
        expected = holder.to_ical()[len(b"BEGIN:VEVENT\r\n") : -len(b"END:VEVENT\r\n")]
        assert content_line(name, text) == expected


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=90))
@settings(max_examples=200, deadline=None)
def test_identifier_shortcut_equals_icalendar_output(text: str) -> None:
    for name in ("uid", "x-fairplan-event-id"):
        holder = Event()
        holder.add(name, vText(text))  # a TEXT value: X- properties are escaped too
        expected = holder.to_ical()[len(b"BEGIN:VEVENT\r\n") : -len(b"END:VEVENT\r\n")]
        assert content_line(name, text) == expected


def test_content_line_equals_icalendar_for_dates_and_integers() -> None:
    when = dt.datetime(2024, 7, 3, 9, tzinfo=SHANGHAI)
    stamp = dt.datetime(2024, 6, 30, 16, tzinfo=dt.UTC)
    for name, value in (
        ("dtstart", when),
        ("dtstamp", stamp),
        ("last-modified", stamp),
        ("sequence", 3),
        ("uid", "E1@fairplan.local"),
    ):
        holder = Event()
        holder.add(name, value)
        assert content_line(name, value) == holder.to_ical()[14:-12]


# -- round trip ---------------------------------------------------------------------------------------

REGIONS = ("150100", "150121", "150122")
VENUE_OF = {"150100": "HH-2", "150121": "TM-1", "150122": "TK-1"}


@st.composite
def schedules(draw: st.DrawFn) -> list[ScheduledFair]:
    scenario = tiny_scenario()
    n = draw(st.integers(min_value=0, max_value=25))
    ids = draw(
        st.lists(
            st.text("ABCXYZ0123456789-_.", min_size=1, max_size=12),
            min_size=n,
            max_size=n,
            unique=True,
        )
    )
    out = []
    for event_id in ids:
        region = draw(st.sampled_from(REGIONS))
        start = draw(
            st.times(min_value=dt.time(6), max_value=dt.time(17)).map(
                lambda t: t.replace(microsecond=0)
            )
        )
        hours = draw(st.integers(min_value=1, max_value=6))
        end = (dt.datetime.combine(dt.date.min, start) + dt.timedelta(hours=hours)).time()
        stamp = draw(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31)))
        out.append(
            make_fair(
                scenario,
                event_id,
                region,
                draw(st.sampled_from(("specialized", "comprehensive"))),
                draw(st.dates(dt.date(2024, 6, 1), dt.date(2024, 9, 30))),
                VENUE_OF[region],
                start=start,
                end=end,
                theme=draw(st.sampled_from(("", "装备制造", "IT;互联网", "a,b\\c"))),
                status=draw(st.sampled_from(("planned", "cancelled"))),
                sequence=draw(st.integers(min_value=0, max_value=50)),
                modified=stamp.replace(microsecond=0).isoformat() + "Z",
            )
        )
    return out


def theme_of(description: str) -> str:
    head, sep, rest = description.partition("主题：")
    return rest.split("\n", 1)[0] if sep else ""


@given(schedules())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip_through_both_parsers(fairs: list[ScheduledFair]) -> None:
    scenario = tiny_scenario()
    data = build_feed(scenario, "150000", fairs, domain="rt.test")
    cal, strict = parse_both(data)
    want = {
        f"{f.event_id}@rt.test": (
            dt.datetime.combine(f.date, f.start, tzinfo=SHANGHAI),
            dt.datetime.combine(f.date, f.end, tzinfo=SHANGHAI),
            "CONFIRMED" if f.planned else "CANCELLED",
            f.sequence,
            f.theme,
        )
        for f in fairs
    }
    got = {
        str(e["UID"]): (
            e["DTSTART"].dt,
            e["DTEND"].dt,
            str(e["STATUS"]),
            int(e["SEQUENCE"]),
            theme_of(str(e["DESCRIPTION"])),
        )
        for e in cal.walk("VEVENT")
    }
    assert got == want
    strict_got = {
        e.uid: (e.dtstart, e.dtend, e.status.value, e.sequence)
        for e in strict.events  # type: ignore[attr-defined]
    }
    assert strict_got == {k: v[:4] for k, v in want.items()}
    assert build_feed(scenario, "150000", list(reversed(fairs)), domain="rt.test") == data


def test_many_fairs_keep_their_ids(tmp_path: Path) -> None:
    scenario = tiny_scenario()
    fairs = tiny_fairs(scenario)
    extra = [
        make_fair(
            scenario, f"N{i:04d}", "150121", "specialized", dt.date(2024, 7, 1 + i % 30), "TM-1"
        )
        for i in range(300)
    ]
    write_feeds(scenario, fairs + extra, tmp_path)
    cal, strict = parse_both((tmp_path / "150121.ics").read_bytes())
    assert len(events_by_uid(cal)) == 301 == len(strict.events)  # type: ignore[attr-defined]


def test_feed_title_gaoxiao_biyesheng_zhuanchang_has_zhuanchang_once() -> None:
    """Regression (issue 14): 477 titles of the sample read 高校毕业生专场专场招聘会."""
    scenario = tiny_scenario()
    fair = make_fair(
        scenario, "e1", "150100", "specialized", dt.date(2024, 7, 9), "HH-2",
        theme="高校毕业生专场",
    )  # fmt: skip
    cal = Calendar.from_ical(build_feed(scenario, "150100", [fair]))
    [event] = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "【呼和浩特市】高校毕业生专场招聘会"


@pytest.mark.parametrize(
    ("theme", "label", "name"),
    [
        ("高校毕业生专场", "专场招聘会", "高校毕业生专场招聘会"),  # the words overlap
        ("高校毕业生专场招聘会", "专场招聘会", "高校毕业生专场招聘会"),  # the theme is the name
        ("电商直播", "专场招聘会", "电商直播专场招聘会"),  # nothing shared
        ("", "综合招聘会", "综合招聘会"),  # no theme
    ],
)
def test_fair_name_joins_theme_and_kind_without_repeating_words(
    theme: str, label: str, name: str
) -> None:
    assert fair_name(theme, label) == name
