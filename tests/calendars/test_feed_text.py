"""Hostile text in feeds (issue 11): whatever a user typed is a TEXT value, never a new line.

Names reach `NAME`, `X-WR-CALNAME`, `SUMMARY`, `LOCATION` and `DESCRIPTION`; event ids reach
`UID` and `X-FAIRPLAN-EVENT-ID`. Every feed is parsed by icalendar and by the strict,
independent `ical` package, and must hold exactly the fairs it should — no injected
VEVENT, no property a client would read from a name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from icalendar.parser import unescape_backslash

from calendars.feeds import build_feed, content_line, feed_file, ical_text, write_feeds
from scheduler.model import Region, Scenario, StaffPool
from scheduler.schedule import ScheduledFair
from tests.calendars.conftest import make_fair, tiny_fairs, tiny_scenario

INJECTION = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:fake@evil\r\nSUMMARY:fake\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nX:y"
HOSTILE = [
    "呼和浩特市\n新城区",  # Alt+Enter in an Excel cell
    "呼和浩特市\r新城区",  # a lone CR: a client that ends lines at CR saw a new line
    INJECTION,
    "a;b,c\\d:e",  # TEXT's own separators
    "line\u2028separator\x85next",  # what str.splitlines() also splits at
    '=HYPERLINK("http://evil")',
    "招" * 200,  # long enough to be folded many times
]


def hostile_scenario(name: str) -> Scenario:
    base = tiny_scenario()
    regions = {rid: replace(r, name=f"{r.name}{name}") for rid, r in base.regions.items()}
    venues = {vid: replace(v, name=name, address=name) for vid, v in base.venues.items()}
    pools = {
        pid: StaffPool(p.pool_id, name, p.serves, p.headcount) for pid, p in base.pools.items()
    }
    rules = tuple(replace(r, source=name) for r in base.rules)
    return replace(base, regions=regions, venues=venues, pools=pools, rules=rules)


def hostile_fairs(scenario: Scenario, name: str) -> list[ScheduledFair]:
    fairs = tiny_fairs(scenario)
    return [
        replace(f, event_id=f"{f.event_id}.a-b_c", theme=name, region_name=name, venue_name=name)
        for f in fairs
    ]


def text_of(prop: object) -> str:
    """A TEXT property's value; icalendar hands properties it does not know (NAME,
    X-WR-CALNAME) back still escaped, as a client reading them as TEXT would not."""
    return unescape_backslash(prop.to_ical().decode("utf-8"))  # type: ignore[attr-defined]


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_feeds_from_hostile_names_hold_exactly_the_expected_events(
    tmp_path: Path, name: str
) -> None:
    scenario = hostile_scenario(name)
    fairs = hostile_fairs(scenario, name)
    write_feeds(scenario, fairs, tmp_path)
    expected = {
        "150000": {f.event_id for f in fairs},
        "150121": {f.event_id for f in fairs if f.region_id == "150121"},
        "150122": {f.event_id for f in fairs if f.region_id == "150122"},
    }
    for rid, ids in expected.items():
        data = (tmp_path / f"{rid}.ics").read_bytes()
        # every line ends with CRLF; no CR or LF anywhere else
        assert b"\r" not in data.replace(b"\r\n", b"") and b"\n" not in data.replace(b"\r\n", b"")
        lines = unfolded(data)
        assert sum(line == "BEGIN:VEVENT" for line in lines) == len(ids)
        assert not any(line.startswith("UID:fake") for line in lines)
        cal = Calendar.from_ical(data)
        assert {str(e["UID"]) for e in cal.walk("VEVENT")} == {f"{i}@fairplan.local" for i in ids}
        assert {str(e["X-FAIRPLAN-EVENT-ID"]) for e in cal.walk("VEVENT")} == ids
        calname = text_of(cal["X-WR-CALNAME"])
        assert calname == text_of(cal["NAME"]) == ical_text(f"{scenario.regions[rid].name}招聘会")
        assert all(ical_text(name) in str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
        where = ical_text(f"{name}，{name}")  # the venue's name, then its address
        assert all(str(e["LOCATION"]) == where for e in cal.walk("VEVENT"))
        strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
        assert {e.uid for e in strict.events} == {f"{i}@fairplan.local" for i in ids}
        assert all(e.location == where for e in strict.events)


@pytest.mark.parametrize("name", HOSTILE[:3], ids=range(3))
def test_feeds_from_hostile_names_are_byte_deterministic(tmp_path: Path, name: str) -> None:
    scenario = hostile_scenario(name)
    fairs = hostile_fairs(scenario, name)
    a = build_feed(scenario, "150000", fairs)
    b = build_feed(scenario, "150000", list(reversed(fairs)))
    assert a == b
    write_feeds(scenario, fairs, tmp_path / "one")
    write_feeds(scenario, fairs, tmp_path / "two")
    for path in (tmp_path / "one").iterdir():
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


def test_a_line_break_in_a_region_name_no_longer_crashes_the_feeds(tmp_path: Path) -> None:
    """Regression: `NAME`/`X-WR-CALNAME` went through icalendar unescaped and its assertion
    ("can not contain unescaped new line characters") ended `plan` after the solve."""
    scenario = hostile_scenario("\n")
    paths = write_feeds(scenario, tiny_fairs(scenario), tmp_path)
    assert [p.name for p in paths] == ["150000.ics", "150100.ics", "150121.ics", "150122.ics"]


def test_a_lone_cr_in_a_name_is_escaped_not_written_raw() -> None:
    """Regression: a lone CR was written raw, so a client that ends lines at CR saw a fake VEVENT."""
    assert content_line("x-wr-calname", "a\rBEGIN:VEVENT") == b"X-WR-CALNAME:a\\nBEGIN:VEVENT\r\n"
    assert content_line("name", "a\r\nb") == b"NAME:a\\nb\r\n"


def test_event_ids_reach_their_property_escaped() -> None:
    """Regression: X-FAIRPLAN-EVENT-ID was written raw (icalendar types it vUnknown)."""
    assert content_line("x-fairplan-event-id", "a;b\nc") == b"X-FAIRPLAN-EVENT-ID:a\\;b\\nc\r\n"


@given(st.text(max_size=120))
@settings(max_examples=150, deadline=None, derandomize=True)
def test_any_text_property_is_one_escaped_line_that_parses_back(text: str) -> None:
    for name in ("summary", "x-wr-calname", "name", "x-fairplan-event-id"):
        line = content_line(name, text)
        body = line.replace(b"\r\n ", b"")
        assert body.endswith(b"\r\n") and b"\r" not in body[:-2] and b"\n" not in body[:-2]
        value = line.decode("utf-8").replace("\r\n ", "")[len(name) + 1 : -2]
        assert unescape_backslash(value) == ical_text(text)


@pytest.mark.parametrize(
    "region_id",
    ["../../x", "/tmp/x", "..", "a/b", "CON"],
    ids=["up", "absolute", "dots", "slash", "reserved"],
)
def test_region_id_never_decides_a_path_outside_the_feeds_folder(
    tmp_path: Path, region_id: str
) -> None:
    """Regression: a region id like `../../x` or `/tmp/x` made `plan` write `x.ics` outside
    `--out`, and an id containing `/` crashed the run after the solve. Ids are validated at
    loading; the feeds still take file names only from `feed_file`."""
    base = tiny_scenario()
    regions = {**base.regions, region_id: Region(region_id, "坏", "county", "150100")}
    venue = replace(base.venues["TM-1"], venue_id="BAD-1", region_id=region_id)
    scenario = replace(base, regions=regions, venues={**base.venues, "BAD-1": venue})
    fair = make_fair(scenario, "B1", region_id, "specialized", dt.date(2024, 7, 4), "BAD-1")
    out = tmp_path / "deep" / "feeds"
    paths = write_feeds(scenario, [fair], out)
    assert all(p.parent == out for p in paths)
    assert out / feed_file(region_id) in paths
    assert {p.name for p in tmp_path.rglob("*") if p.is_file()} <= {
        *(p.name for p in paths),
        "index.json",
    }
    assert re.fullmatch(r"[^/\\]+\.ics", feed_file(region_id))
