"""The scenario data model (CONTRACT §2): what a planner hands to fairplan.

Every object is a frozen dataclass that is already validated: the loader
(`scheduler.scenario`) turns sheets into these objects and reports every problem
it finds with file, sheet, row and column. Code past the loader may assume
the invariants documented here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

Level = Literal["country", "province", "city", "county"]
PeriodKind = Literal["week", "month", "quarter", "window"]
Counting = Literal["own", "subtree"]

LEVELS: tuple[Level, ...] = ("country", "province", "city", "county")
PERIODS: tuple[PeriodKind, ...] = ("week", "month", "quarter", "window")
COUNTINGS: tuple[Counting, ...] = ("own", "subtree")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

#: A kind of fair is an identifier from the kinds sheet (CONTRACT §6 "More kinds"); these
#: two keep the meaning CONTRACT §2 gives them (default labels and preferred days, see
#: `scheduler.kinds`). A rule's kind may also be `ANY_KIND` or a list of kinds.
BUILTIN_KINDS: tuple[str, ...] = ("specialized", "comprehensive")
ANY_KIND = "any"
LEVEL_ZH: dict[str, str] = {"country": "全国", "province": "省级", "city": "市级", "county": "县级"}


@dataclass(frozen=True)
class Region:
    region_id: str
    name: str
    level: Level
    parent_id: str | None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A frequency requirement: every in-scope period needs `min_count` fairs.

    Policy: 000 五(五), 001 五(五), 002 二(四) ("a specialized fair every week and a
    comprehensive fair every month in every city"), 003 三(十) (every county monthly),
    003 一 (at least 200 events over the whole region: `counts` = subtree).

    `kind` is `any`, one kind, or kinds joined by `;` (a fair of any of them counts);
    `counts` says whose fairs count: the region's own (`own`) or also its descendants'
    (`subtree`). `name` is what people call the rule (blank: its `rule_id` is shown).
    """

    rule_id: str
    scope: str  # a level, "tag:NAME" or one region_id
    kind: str
    period: PeriodKind
    min_count: int
    start: dt.date  # the rule's window; the loader fills the horizon when blank
    end: dt.date
    source: str = ""
    name: str = ""
    counts: Counting = "own"

    @property
    def kinds(self) -> frozenset[str] | None:
        """The kinds whose fairs count, or None for `any`."""
        return kind_set(self.kind)


@lru_cache(maxsize=1024)
def kind_set(kind: str) -> frozenset[str] | None:
    """A rule's `kind` text as the set of kinds it accepts: None for `any` (cached: the
    planner asks it millions of times of a handful of texts)."""
    if kind == ANY_KIND:
        return None
    return frozenset(k for k in kind.split(";") if k)


@dataclass(frozen=True)
class KindSpec:
    """How a kind of fair is held: people, hall size, hours, allowed and preferred days.

    `days` / `prefer` are "workdays" | "weekends" | "any" | "list" (with the weekdays,
    0 = Monday); `prefer` None means the kind's default (`scheduler.kinds`), "none" no
    preference. An `online` fair needs staff but no venue (`min_capacity` is ignored);
    `url` is where its online fairs are held, shown in feeds. `label` is its display name
    (blank: the default label of a built-in kind, else the kind itself).
    """

    kind: str
    staff: int
    min_capacity: int
    start_time: dt.time
    end_time: dt.time
    days: str = "any"  # "workdays" | "weekends" | "any" | "list"
    weekdays: frozenset[int] = frozenset()  # with days == "list": 0 = Monday
    label: str = ""
    online: bool = False
    prefer: str | None = None  # None: the kind's default; "none": no preferred days
    prefer_weekdays: frozenset[int] = frozenset()
    url: str = ""


@dataclass(frozen=True)
class Venue:
    venue_id: str
    region_id: str
    name: str
    capacity: int
    kinds: frozenset[str] = frozenset()  # the kinds it allows; empty: every kind
    unavailable: frozenset[dt.date] = frozenset()
    address: str = ""

    def allows(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class StaffPool:
    pool_id: str
    name: str
    serves: tuple[str, ...]
    headcount: int
    unavailable: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Theme:
    region_id: str  # or "*" for every city
    theme: str
    min_count: int | None = None


@dataclass(frozen=True)
class Event:
    """A fair that already exists (the `events` sheet) or was planned before."""

    event_id: str
    region_id: str
    kind: str
    date: dt.date
    venue_id: str  # "" for an online fair
    pool_id: str
    theme: str = ""
    locked: bool = False


@dataclass(frozen=True)
class Settings:
    name: str
    start: dt.date
    end: dt.date
    timezone: str = "Asia/Shanghai"
    holidays: str = "CN"  # "CN" | "none"
    blackouts: frozenset[dt.date] = frozenset()
    preset: str = ""  # the preset whose rules and kinds the scenario starts from
    #: every other key of the settings sheet, e.g. quality weights (`weight_spread`)
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        return dict(self.extra).get(key, default)

    def days(self) -> Iterator[dt.date]:
        d = self.start
        while d <= self.end:
            yield d
            d += dt.timedelta(days=1)


@dataclass(frozen=True)
class Scenario:
    settings: Settings
    regions: dict[str, Region]
    rules: tuple[Rule, ...]
    kinds: dict[str, KindSpec]
    venues: dict[str, Venue]
    pools: dict[str, StaffPool]
    themes: tuple[Theme, ...] = ()
    events: tuple[Event, ...] = ()
    source: str = ""  # where it was loaded from, for messages

    @property
    def name(self) -> str:
        return self.settings.name

    @cached_property
    def children(self) -> dict[str, tuple[str, ...]]:
        kids: dict[str, list[str]] = {rid: [] for rid in self.regions}
        for r in self.regions.values():
            if r.parent_id is not None and r.parent_id in kids:
                kids[r.parent_id].append(r.region_id)
        return {k: tuple(v) for k, v in kids.items()}

    def ancestors(self, region_id: str) -> list[str]:
        """The region itself, then its parent, up to the top region."""
        out: list[str] = []
        seen: set[str] = set()
        cur: str | None = region_id
        while cur is not None and cur in self.regions and cur not in seen:
            out.append(cur)
            seen.add(cur)
            cur = self.regions[cur].parent_id
        return out

    def descendants(self, region_id: str) -> list[str]:
        """The region itself and every region below it."""
        out, stack = [], [region_id]
        while stack:
            cur = stack.pop()
            out.append(cur)
            stack.extend(self.children.get(cur, ()))
        return out

    def city_of(self, region_id: str) -> str | None:
        """The city-level region at or above `region_id`, if any."""
        for rid in self.ancestors(region_id):
            if self.regions[rid].level == "city":
                return rid
        return None

    @cached_property
    def _venues_by_region(self) -> dict[str, list[Venue]]:
        out: dict[str, list[Venue]] = {}
        for v in sorted(self.venues.values(), key=lambda v: v.venue_id):
            out.setdefault(v.region_id, []).append(v)
        return out

    @cached_property
    def _pools_by_region(self) -> dict[str, list[StaffPool]]:
        out: dict[str, list[StaffPool]] = {}
        for p in self.pools.values():
            for rid in p.serves:
                out.setdefault(rid, []).append(p)
        return out

    def pools_serving(self, region_id: str) -> list[StaffPool]:
        """Pools that serve the region (directly or through an ancestor), by pool_id."""
        found = {
            p.pool_id: p
            for up in self.ancestors(region_id)
            for p in self._pools_by_region.get(up, ())
        }
        return [found[k] for k in sorted(found)]

    def venues_of(self, region_id: str) -> list[Venue]:
        return list(self._venues_by_region.get(region_id, ()))

    def venues_for(self, region_id: str, kind: str) -> list[Venue]:
        """The region's venues big enough for the kind and allowing it (open or not), by id;
        none for an online kind, whose fairs use no venue."""
        spec = self.kinds[kind]
        if spec.online:
            return []
        return [
            v
            for v in self.venues_of(region_id)
            if v.capacity >= spec.min_capacity and v.allows(kind)
        ]

    def themes_for(self, region_id: str) -> list[Theme]:
        """Themes a region's specialized fairs may take.

        Its own themes; a city also gets the `*` themes; a region with none
        inherits the list of its nearest ancestor that has some (without that
        ancestor's minimum counts, which belong to the ancestor).
        """
        own = [t for t in self.themes if t.region_id == region_id]
        region = self.regions[region_id]
        if region.level == "city":
            own += [t for t in self.themes if t.region_id == "*"]
        if own:
            return own
        for up in self.ancestors(region_id)[1:]:
            inherited = self.themes_for(up)
            if inherited:
                return [Theme(region_id, t.theme, None) for t in inherited]
        return []


def date_range(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    d = start
    while d <= end:
        yield d
        d += dt.timedelta(days=1)
