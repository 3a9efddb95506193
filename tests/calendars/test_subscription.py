"""End to end: a real calendar client subscribed to the served feed (issue 3 item 4).

vdirsyncer syncs `http://…/feeds/150100.ics` (its read-only http storage) into a
local folder that khal reads, as a bureau's calendar would. After a re-plan the
feed changes on disk, the same server keeps running, and the subscriber must
see exactly the new plan: the added fair, the moved fair at its new date (with
SEQUENCE raised) and the cancelled fair as cancelled.

vdirsyncer's http storage replaces every UID by a hash of the event's other
properties, so it would merge two fairs that differ only by UID; the feed's
X-FAIRPLAN-EVENT-ID keeps them apart (see the last test).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from icalendar import Calendar

from calendars.feeds import write_feeds
from calendars.server import create_app, running
from scheduler.model import Scenario
from scheduler.schedule import ScheduledFair
from tests.calendars.conftest import make_fair

VDIRSYNCER, KHAL = shutil.which("vdirsyncer"), shutil.which("khal")
pytestmark = [
    pytest.mark.skipif(
        VDIRSYNCER is None or KHAL is None, reason="vdirsyncer and khal are not installed"
    ),
    pytest.mark.slow,
]


class Subscriber:
    """vdirsyncer (http → filesystem) plus khal, configured inside one temporary folder."""

    def __init__(self, root: Path, url: str) -> None:
        self.root = root
        self.local = root / "calendar"
        self.local.mkdir(parents=True)
        (root / "status").mkdir()
        self.vdir_conf = root / "vdirsyncer.conf"
        self.vdir_conf.write_text(
            f"""[general]
status_path = "{root / "status"}/"

[pair fairs]
a = "fairs_local"
b = "fairs_remote"
collections = null
conflict_resolution = "b wins"

[storage fairs_local]
type = "filesystem"
path = "{self.local}/"
fileext = ".ics"

[storage fairs_remote]
type = "http"
url = "{url}"
""",
            encoding="utf-8",
        )
        self.khal_conf = root / "khal.conf"
        self.khal_conf.write_text(
            f"""[calendars]
[[fairs]]
path = {self.local}/
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Asia/Shanghai
default_timezone = Asia/Shanghai

[sqlite]
path = {root / "khal.db"}
""",
            encoding="utf-8",
        )
        self.env = {
            **os.environ,
            "HOME": str(root),
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(root / "data"),
            "XDG_CACHE_HOME": str(root / "cache"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        self._discovered = False

    def _run(self, *argv: str) -> str:
        proc = subprocess.run(
            argv,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert proc.returncode == 0, f"{argv[0]} failed:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout

    def sync(self) -> None:
        assert VDIRSYNCER is not None
        if not self._discovered:
            self._run(VDIRSYNCER, "-c", str(self.vdir_conf), "discover", "fairs")
            self._discovered = True
        self._run(VDIRSYNCER, "-c", str(self.vdir_conf), "sync")

    def khal(self) -> list[tuple[str, str, str, str]]:
        """(start, end, status, title) of every event khal shows in July 2024."""
        assert KHAL is not None
        out = self._run(
            KHAL,
            "-c",
            str(self.khal_conf),
            "list",
            "2024-07-01",
            "2024-07-31",
            "--format",
            "{start}|{end}|{status}|{title}",
            "--day-format",
            "",
        )
        rows = []
        for line in out.splitlines():
            if line.strip():
                start, end, status, title = line.split("|", 3)
                rows.append((start, end, status.strip(), title))
        return sorted(rows)

    def items(self) -> dict[str, str]:
        """The synced local files by the fair's event_id."""
        out: dict[str, str] = {}
        for path in self.local.glob("*.ics"):
            text = path.read_text(encoding="utf-8")
            match = re.search(r"^X-FAIRPLAN-EVENT-ID:(.+?)\r?$", text, re.MULTILINE)
            assert match, path
            assert match.group(1) not in out, f"{match.group(1)} synced twice"
            out[match.group(1)] = text
        return out


def expected_rows(feed: bytes) -> list[tuple[str, str, str, str]]:
    """What khal should show: every event of the served feed, as khal formats it."""
    rows = []
    for ev in Calendar.from_ical(feed).walk("VEVENT"):
        rows.append(
            (
                ev["DTSTART"].dt.strftime("%Y-%m-%d %H:%M"),
                ev["DTEND"].dt.strftime("%Y-%m-%d %H:%M"),
                str(ev["STATUS"]),
                str(ev["SUMMARY"]),
            )
        )
    return sorted(rows)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    feeds = tmp_path / "plan" / "feeds"
    feeds.mkdir(parents=True)
    with running(create_app(feeds)) as url:
        yield feeds, url


def replan(fairs: list[ScheduledFair], scenario: Scenario) -> list[ScheduledFair]:
    """What `fairplan plan --previous` produces after a change: one fair moved a day
    (sequence + 1), one no longer needed (kept as cancelled, sequence + 1), one added."""
    later = "2024-07-02T03:00:00Z"
    out = []
    for f in fairs:
        if f.event_id == "E3":
            f = replace(f, date=dt.date(2024, 7, 18), sequence=f.sequence + 1, modified=later)
        elif f.event_id == "E4":
            f = replace(f, status="cancelled", sequence=f.sequence + 1, modified=later)
        out.append(f)
    out.append(
        make_fair(
            scenario,
            "E8",
            "150121",
            "specialized",
            dt.date(2024, 7, 26),
            "TM-1",
            theme="电商直播",
            modified=later,
        )
    )
    return out


def test_added_moved_and_cancelled_fairs_reach_khal(
    tmp_path: Path, served: tuple[Path, str], scenario: Scenario, fairs: list[ScheduledFair]
) -> None:
    feeds, url = served
    write_feeds(scenario, fairs, feeds)
    sub = Subscriber(tmp_path / "bureau", f"{url}/feeds/150100.ics")
    sub.sync()
    first = (feeds / "150100.ics").read_bytes()
    assert sub.khal() == expected_rows(first)
    assert set(sub.items()) == {f.event_id for f in fairs}
    assert ("2024-07-17 09:00", "2024-07-17 12:00", "CONFIRMED", "【呼和浩特市】专场招聘会") in (
        sub.khal()
    )

    write_feeds(scenario, replan(fairs, scenario), feeds)  # the server keeps running
    sub.sync()
    second = (feeds / "150100.ics").read_bytes()
    assert second != first
    shown = sub.khal()
    assert shown == expected_rows(second)  # exactly the new plan, nothing stale
    assert len(shown) == len(fairs) + 1
    # moved: only at its new date, SEQUENCE raised
    e3 = [r for r in shown if r[3] == "【呼和浩特市】专场招聘会"]
    assert e3 == [("2024-07-18 09:00", "2024-07-18 12:00", "CONFIRMED", "【呼和浩特市】专场招聘会")]
    items = sub.items()
    assert "SEQUENCE:1" in items["E3"] and "20240718T090000" in items["E3"]
    # cancelled: still there, marked cancelled
    assert next(r[:3] for r in shown if "现代服务" in r[3]) == (
        "2024-07-24 09:00",
        "2024-07-24 12:00",
        "CANCELLED",
    )
    assert "STATUS:CANCELLED" in items["E4"] and "SEQUENCE:1" in items["E4"]
    # added
    assert (
        "2024-07-26 09:00",
        "2024-07-26 12:00",
        "CONFIRMED",
        "【土默特左旗】电商直播专场招聘会",
    ) in (shown)
    assert set(items) == {f.event_id for f in fairs} | {"E8"}

    sub.sync()  # an unchanged feed changes nothing
    assert sub.khal() == shown


def test_fairs_differing_only_by_uid_are_not_merged(
    tmp_path: Path, served: tuple[Path, str], scenario: Scenario, fairs: list[ScheduledFair]
) -> None:
    """Regression: vdirsyncer hashes events without their UID, so two cancelled fairs
    on the same day at the same venue collapsed into one before X-FAIRPLAN-EVENT-ID."""
    feeds, url = served
    twin = replace(next(f for f in fairs if f.event_id == "E7"), event_id="E7b")
    write_feeds(scenario, [*fairs, twin], feeds)
    sub = Subscriber(tmp_path / "bureau", f"{url}/feeds/150122.ics")
    sub.sync()
    assert set(sub.items()) == {"E7", "E7b"}
    assert len(sub.khal()) == 2
