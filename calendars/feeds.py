"""iCalendar feeds that city bureaus subscribe to (CONTRACT §3 `feeds/`, issue 3).

One feed per region that has fairs, holding the fairs of the region and of all
its descendants, so the top region's feed holds every fair. Subscribers
(Outlook, Apple, Google, Thunderbird, phones) poll these files; a feed that
duplicates or silently drops a fair after a re-plan is worse than none, hence:

- each fair is one VEVENT whose UID is `<event_id>@<domain>` and never changes;
- DTSTAMP and LAST-MODIFIED are the fair's last change (`ScheduledFair.modified`),
  never "now", so identical input gives byte-identical feeds and unchanged
  feeds keep their HTTP ETag;
- SEQUENCE comes from the schedule and a cancelled fair stays in the feed with
  STATUS:CANCELLED, so clients update or strike it instead of keeping a ghost;
- times carry TZID=<scenario timezone> with a matching VTIMEZONE over the
  feed's narrow date range (and without the library's COMMENT);
- every VEVENT also carries `X-FAIRPLAN-EVENT-ID`: clients that ignore UIDs and
  key events by a hash of their other properties (vdirsyncer's http storage does)
  would otherwise merge two fairs that differ only by UID;
- there is no calendar-level UID (some subscribers treat it as an event UID);
- `REFRESH-INTERVAL;VALUE=DURATION:PT1H` and `X-PUBLISHED-TTL:PT1H` are written
  explicitly: the library's defaults drop the VALUE parameter and serialize a
  `timedelta` X- property as `1:00:00`.

Speed: a national plan has ~30,000 fairs in ~3,200 regions and each fair
appears in 3–4 feeds. Every VEVENT is serialized once and its bytes are reused
by every ancestor's feed; property lines are serialized by icalendar once per
distinct value (many fairs share a venue, a summary or a start time).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vDuration, vText, vUri
from icalendar.parser import Contentline, Parameters

from scheduler import kinds, policy
from scheduler.model import KindSpec, Rule, Scenario
from scheduler.scenario.ids import safe_name
from scheduler.schedule import ScheduledFair
from texts import tr

DEFAULT_DOMAIN = "fairplan.local"
PRODID = "-//fairplan//youth employment job fairs//ZH"
REFRESH = dt.timedelta(hours=1)
INDEX_NAME = "index.json"
#: icalendar folds a content line once it reaches 75 octets (RFC 5545 §3.1)
FOLD_AT = 75

PERIOD_ZH = {"week": "每周", "month": "每月", "quarter": "每季度"}
STATUS_ZH = {"planned": "已安排", "cancelled": "已取消"}

_BEGIN = b"BEGIN:VEVENT\r\n"
_END = b"END:VEVENT\r\n"
_END_CAL = b"END:VCALENDAR\r\n"


def feed_name(region_name: str) -> str:
    """The calendar's display name, e.g. `呼和浩特市招聘会`."""
    return f"{region_name}招聘会"


def fair_name(theme: str, kind_label: str) -> str:
    """A themed fair's name: the theme, then the kind's label without the words the theme
    already ends with (高校毕业生专场 + 专场招聘会 = 高校毕业生专场招聘会, not …专场专场…)."""
    overlap = next(
        (
            k
            for k in range(min(len(theme), len(kind_label)), 0, -1)
            if theme.endswith(kind_label[:k])
        ),
        0,
    )
    return theme + kind_label[overlap:]


def feed_file(region_id: str) -> str:
    """The file name of a region's feed, `<region_id>.ics`, through the one safe-name helper
    (ids are validated at loading; this still never lets one name a path)."""
    return f"{safe_name(region_id, fallback='region')}.ics"


def uid_for(event_id: str, domain: str = DEFAULT_DOMAIN) -> str:
    """The VEVENT UID of a fair: stable as long as its event_id is (CONTRACT §3)."""
    return f"{event_id}@{domain}"


def describe_rule(rule: Rule, kind_specs: Mapping[str, KindSpec] | None = None) -> str:
    """A rule in a planner's words, with its policy clause as people read it:
    `每周专业性招聘会：每周至少 1 场专场招聘会（依据《2024年…方案》五(五)）`. `kind_specs` are the
    scenario's kinds (their labels); a total over a region says it counts the regions below."""
    if rule.period == "window":
        when = f"{rule.start.isoformat()}至{rule.end.isoformat()}期间"
    else:
        when = PERIOD_ZH.get(rule.period, rule.period)
    where = "（含下级地区）" if rule.counts == "subtree" else ""
    kind = kinds.rule_kind_label(kind_specs or {}, rule.kind, "zh")
    text = f"{rule.name or rule.rule_id}：{when}{where}至少 {rule.min_count} 场{kind}"
    cited = policy.display(rule.source, "zh")  # feeds are Chinese
    if cited:
        text += f"（依据{cited}）"
    return text


def last_change(fair: ScheduledFair) -> dt.datetime:
    """The fair's last change in UTC, for DTSTAMP and LAST-MODIFIED.

    The planner always sets `modified`; a hand-made schedule without it gets
    midnight UTC of the fair's date, which is deterministic too.
    """
    stamp: dt.datetime | None = None
    if fair.modified:
        try:
            stamp = dt.datetime.fromisoformat(fair.modified.strip())
        except ValueError:
            stamp = None
    if stamp is None:
        return dt.datetime.combine(fair.date, dt.time(0, 0), tzinfo=dt.UTC)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC).replace(microsecond=0)


#: what else ends a line for some parser (`str.splitlines` splits at these): a line break
_LINE_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: control characters RFC 5545 TEXT may not hold (tab, LF and CR are escaped by icalendar)
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def ical_text(text: str) -> str:
    """User text as an RFC 5545 TEXT value can hold it: every kind of line break becomes a
    line break (which icalendar escapes as `\\n`), other control characters go."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


#: per-fair identifiers, serialized directly when they hold nothing icalendar would escape
_IDENTIFIERS = frozenset({"uid", "x-fairplan-event-id"})
_PLAIN = re.compile(r"[A-Za-z0-9@._+-]*")


def content_line(name: str, value: Any, parameters: dict[str, str] | None = None) -> bytes:
    """One property as icalendar serializes it inside a component (escaped, folded, CRLF).

    Equal to the line `Event.add(name, value)` + `to_ical()` produces (a test pins
    this), without building a component per property, which is 2–5 times slower.

    Every string is a TEXT value (`vText`): icalendar escapes `\\`, `;`, `,` and line
    breaks (a lone CR too) in it. Left to its type factory, icalendar would write
    properties it does not know (`NAME`, `X-WR-CALNAME`, `X-FAIRPLAN-EVENT-ID`) raw, and a
    region name with a line break would end the line and start another property.
    """
    if (
        parameters is None
        and name in _IDENTIFIERS
        and isinstance(value, str)
        and _PLAIN.fullmatch(value)
        and len(name) + 1 + len(value) < FOLD_AT
    ):  # nothing to escape or fold: 60,000 such lines in a national plan
        return f"{name.upper()}:{value}\r\n".encode("ascii")
    factory = Event.types_factory
    if isinstance(value, factory.all_types):
        prop = value
    elif isinstance(value, str):
        prop = vText(ical_text(value))
    else:
        prop = factory.for_property(name)(value)
    params = getattr(prop, "params", None) or Parameters()
    for key, item in (parameters or {}).items():
        params[key] = item
    line = Contentline.from_parts(name.upper(), params, prop, sorted=True)
    raw = line.encode("utf-8")
    if len(raw) < FOLD_AT:  # icalendar folds nothing shorter; skip its per-character loop
        return raw + b"\r\n"
    folded: bytes = line.to_ical()
    return folded + b"\r\n"


def _sort_key(fair: ScheduledFair) -> tuple[dt.date, dt.time, str, str]:
    return (fair.date, fair.start, fair.region_id, fair.event_id)


@dataclass(frozen=True)
class FeedInfo:
    """One feed as listed in `feeds/index.json` (read by the feed server's index page)."""

    region_id: str
    name: str
    level: str
    parent_id: str | None
    calname: str
    file: str
    events: int
    planned: int
    cancelled: int


class _FeedBuilder:
    """Serializes each fair once and assembles any region's feed from the bytes."""

    def __init__(self, scenario: Scenario, fairs: Iterable[ScheduledFair], domain: str) -> None:
        self.scenario = scenario
        self.domain = domain
        self.tzid = scenario.settings.timezone or "Asia/Shanghai"
        self.tz = ZoneInfo(self.tzid)
        self.fairs = sorted(fairs, key=_sort_key)
        self.rules = {r.rule_id: r for r in scenario.rules}
        self._lines: dict[tuple[str, object], bytes] = {}
        self._up: dict[str, tuple[str, ...]] = {}
        self.roots = tuple(
            sorted(r.region_id for r in scenario.regions.values() if r.parent_id is None)
        )
        dates = [f.date for f in self.fairs]
        self.first = min([scenario.settings.start, *dates])
        self.last = max([scenario.settings.end, *dates])
        self._vtimezone: bytes | None = None
        self._header: bytes | None = None
        self._trailer = b""

    # -- which feeds a fair belongs to -------------------------------------------------

    def feeds_of(self, region_id: str) -> tuple[str, ...]:
        """The region and its ancestors; a region unknown to the scenario also goes
        to the top region's feed, which holds every fair."""
        up = self._up.get(region_id)
        if up is None:
            chain = self.scenario.ancestors(region_id)
            if not chain:
                chain = [region_id, *self.roots]
            up = tuple(dict.fromkeys(chain))
            self._up[region_id] = up
        return up

    # -- one VEVENT ----------------------------------------------------------------------

    def _line(self, name: str, value: Any, key: object = None) -> bytes:
        """One property's content line(s), serialized (escaped and folded) by icalendar."""
        cache_key = (name, value if key is None else key)
        line = self._lines.get(cache_key)
        if line is None:
            line = content_line(name, value)
            self._lines[cache_key] = line
        return line

    def _region_name(self, fair: ScheduledFair) -> str:
        region = self.scenario.regions.get(fair.region_id)
        return region.name if region else (fair.region_name or fair.region_id)

    def kind(self, fair: ScheduledFair) -> str:
        return kinds.label(self.scenario.kinds, fair.kind, "zh")

    def online(self, fair: ScheduledFair) -> bool:
        spec = self.scenario.kinds.get(fair.kind)
        return spec is not None and spec.online

    def link(self, fair: ScheduledFair) -> str:
        """Where the fair is held online, or registered for: its kind's `url` (kinds sheet)."""
        spec = self.scenario.kinds.get(fair.kind)
        return spec.url if spec is not None else ""

    def summary(self, fair: ScheduledFair) -> str:
        text = f"【{self._region_name(fair)}】{fair_name(fair.theme, self.kind(fair))}"
        return text if fair.planned else f"【已取消】{text}"

    def location(self, fair: ScheduledFair) -> str:
        """The venue and its address; an online fair's is 线上 and its link, if any."""
        if self.online(fair) and not fair.venue_id:
            link = self.link(fair)
            return tr("kinds.online_at", "zh", url=link) if link else tr("kinds.online", "zh")
        venue = self.scenario.venues.get(fair.venue_id)
        if venue is None:
            return fair.venue_name or fair.venue_id
        return f"{venue.name}，{venue.address}" if venue.address else venue.name

    def description(self, fair: ScheduledFair) -> str:
        lines = [f"类型：{self.kind(fair)}"]
        if fair.theme:
            lines.append(f"主题：{fair.theme}")
        lines.append(f"地区：{self._region_name(fair)}")
        venue = self.scenario.venues.get(fair.venue_id)
        if self.online(fair) and not fair.venue_id:
            lines.append(f"形式：{tr('kinds.online', 'zh')}")
            if self.link(fair):
                lines.append(f"链接：{self.link(fair)}")
        elif venue is not None:
            lines.append(f"场地：{venue.name}（可容纳 {venue.capacity} 人）")
            if venue.address:
                lines.append(f"地址：{venue.address}")
        elif fair.venue_name or fair.venue_id:
            lines.append(f"场地：{fair.venue_name or fair.venue_id}")
        pool = self.scenario.pools.get(fair.pool_id)
        pool_name = pool.name if pool else fair.pool_id
        lines.append(f"工作人员：{pool_name}（{fair.pool_id}），需 {fair.staff} 人")
        rule_ids = [r for r in (s.strip() for s in fair.rule_ids.split(";")) if r]
        if rule_ids:
            lines.append("依据：")
            for rid in rule_ids:
                rule = self.rules.get(rid)
                lines.append(f"- {describe_rule(rule, self.scenario.kinds) if rule else rid}")
        lines.append(f"状态：{STATUS_ZH.get(fair.status, fair.status)}")
        return "\n".join(lines)

    def vevent(self, fair: ScheduledFair) -> bytes:
        stamp = last_change(fair)
        start = dt.datetime.combine(fair.date, fair.start, tzinfo=self.tz)
        end = dt.datetime.combine(fair.date, fair.end, tzinfo=self.tz)
        if end <= start:  # a fair never runs past midnight; keep DTEND after DTSTART
            end = start + dt.timedelta(hours=1)
        status = "CONFIRMED" if fair.planned else "CANCELLED"
        stamp_key = stamp.isoformat()
        parts = [
            _BEGIN,
            self._line("uid", uid_for(fair.event_id, self.domain)),
            self._line("dtstamp", stamp, stamp_key),
            self._line("last-modified", stamp, stamp_key),
            self._line("sequence", int(fair.sequence)),
            self._line("status", status),
            self._line("dtstart", start, start.isoformat()),
            self._line("dtend", end, end.isoformat()),
            self._line("summary", self.summary(fair)),
            self._line("location", self.location(fair)),
            self._line("description", self.description(fair)),
            self._line("categories", [self.kind(fair)], ("cat", fair.kind)),
            self._line("transp", "OPAQUE" if fair.planned else "TRANSPARENT"),
            *([self._line("url", vUri(self.link(fair)))] if self.link(fair) else []),
            self._line("x-fairplan-event-id", fair.event_id),
            _END,
        ]
        return b"".join(parts)

    # -- one VCALENDAR -------------------------------------------------------------------

    def vtimezone(self) -> bytes:
        if self._vtimezone is None:
            tz = Timezone.from_tzid(
                self.tzid,
                first_date=self.first,
                last_date=self.last + dt.timedelta(days=1),
            )
            tz.pop("COMMENT", None)
            self._vtimezone = tz.to_ical()
        return self._vtimezone

    def calname(self, region_id: str) -> str:
        region = self.scenario.regions.get(region_id)
        if region is not None:
            return feed_name(region.name)
        for fair in self.fairs:
            if fair.region_id == region_id and fair.region_name:
                return feed_name(fair.region_name)
        return feed_name(region_id)

    def header(self, region_id: str) -> bytes:
        """VCALENDAR properties and the VTIMEZONE; only the two name lines vary by feed."""
        if self._header is None:
            cal = Calendar()
            cal.add("prodid", PRODID)
            cal.add("version", "2.0")
            cal.add("calscale", "GREGORIAN")
            cal.add("method", "PUBLISH")
            raw: bytes = cal.to_ical()
            assert raw.endswith(_END_CAL)
            self._header = raw[: -len(_END_CAL)]
            self._trailer = b"".join(
                [
                    content_line("x-wr-timezone", self.tzid),
                    content_line("refresh-interval", REFRESH, {"VALUE": "DURATION"}),
                    content_line("x-published-ttl", vDuration(REFRESH)),
                    self.vtimezone(),
                ]
            )
        name = self.calname(region_id)
        return b"".join(
            [
                self._header,
                content_line("name", name, {"LANGUAGE": "zh-CN"}),
                content_line("x-wr-calname", name),
                self._trailer,
            ]
        )

    def feed(self, region_id: str, events: Sequence[bytes]) -> bytes:
        return b"".join([self.header(region_id), *events, _END_CAL])

    def all_events(self) -> dict[str, list[bytes]]:
        """Every feed's VEVENTs, in the feed's order (fairs are pre-sorted)."""
        feeds: dict[str, list[bytes]] = {}
        for fair in self.fairs:
            data = self.vevent(fair)
            for rid in self.feeds_of(fair.region_id):
                feeds.setdefault(rid, []).append(data)
        return feeds


def build_feed(
    scenario: Scenario,
    region_id: str,
    fairs: Iterable[ScheduledFair],
    domain: str = DEFAULT_DOMAIN,
) -> bytes:
    """The feed of one region: its fairs and its descendants' (taken from `fairs`).

    `fairs` may be the whole schedule; fairs of other regions are left out.
    Given the same schedule, the bytes equal the file `write_feeds` writes.
    """
    builder = _FeedBuilder(scenario, fairs, domain)
    events = [
        builder.vevent(f) for f in builder.fairs if region_id in builder.feeds_of(f.region_id)
    ]
    return builder.feed(region_id, events)


def _tree_order(scenario: Scenario, region_ids: Iterable[str]) -> list[str]:
    """Regions depth first from the top, children by id; unknown regions last."""
    wanted = set(region_ids)
    out: list[str] = []
    roots = sorted(r.region_id for r in scenario.regions.values() if r.parent_id is None)
    stack = list(reversed(roots))
    seen: set[str] = set()
    while stack:
        rid = stack.pop()
        if rid in seen:
            continue
        seen.add(rid)
        if rid in wanted:
            out.append(rid)
        stack.extend(sorted(scenario.children.get(rid, ()), reverse=True))
    out.extend(sorted(wanted - set(out)))
    return out


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly these bytes.

    Unchanged files keep their mtime (and the server's ETag/Last-Modified);
    changed ones are replaced atomically, so a server never reads half a feed.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return True


def feed_index(scenario: Scenario, infos: Sequence[FeedInfo], domain: str) -> bytes:
    doc = {
        "scenario": scenario.name,
        "domain": domain,
        "timezone": scenario.settings.timezone,
        "feeds": [info.__dict__ for info in infos],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True)
class FeedSet:
    """Every feed of a schedule, in memory: file name → bytes (region tree order), the
    index entries and `index.json` — what `write_feeds` writes, and what a server of the
    published plan serves without writing files."""

    feeds: dict[str, bytes]
    infos: list[FeedInfo]
    index: bytes


def build_feeds(
    scenario: Scenario, fairs: Iterable[ScheduledFair], domain: str = DEFAULT_DOMAIN
) -> FeedSet:
    """One feed per region that has fairs (its own and its descendants'), and the index."""
    builder = _FeedBuilder(scenario, fairs, domain)
    events = builder.all_events()
    counts: dict[str, list[int]] = {}
    for fair in builder.fairs:
        for rid in builder.feeds_of(fair.region_id):
            c = counts.setdefault(rid, [0, 0])
            c[0 if fair.planned else 1] += 1
    feeds: dict[str, bytes] = {}
    infos: list[FeedInfo] = []
    for rid in _tree_order(scenario, events):
        name = feed_file(rid)
        feeds[name] = builder.feed(rid, events[rid])
        region = scenario.regions.get(rid)
        infos.append(
            FeedInfo(
                region_id=rid,
                name=region.name if region else builder.calname(rid).removesuffix("招聘会"),
                level=region.level if region else "",
                parent_id=region.parent_id if region else None,
                calname=builder.calname(rid),
                file=name,
                events=len(events[rid]),
                planned=counts[rid][0],
                cancelled=counts[rid][1],
            )
        )
    return FeedSet(feeds, infos, feed_index(scenario, infos, domain))


def write_feeds(
    scenario: Scenario,
    fairs: Iterable[ScheduledFair],
    out_dir: Path,
    domain: str = DEFAULT_DOMAIN,
) -> list[Path]:
    """Write `out_dir/<region_id>.ics` for every region that has fairs, and `index.json`.

    Only files whose bytes changed are rewritten; nothing is deleted (a feed a
    bureau subscribed to must not vanish). Returns every feed's path, in
    region tree order, whether rewritten or not.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    built = build_feeds(scenario, fairs, domain)
    paths: list[Path] = []
    for name, data in built.feeds.items():
        path = out_dir / name
        write_if_changed(path, data)
        paths.append(path)
    write_if_changed(out_dir / INDEX_NAME, built.index)
    return paths
