"""The first pass: each sheet's rows into model objects, each cell checked once.

Sheets are read in dependency order — settings (the horizon bounds every date list),
regions, kinds, venues, staff, rules, themes, events — and each keeps what later sheets
need: the objects that passed, and every id seen with its first row (so a reference to a
region whose row had another problem is not reported a second time as unknown). The
second pass (`scheduler.scenario.crosschecks`) works on what this one produced.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from scheduler.calendar import HolidayCoverageError, WorkCalendar, covered_years
from scheduler.model import (
    ANY_KIND,
    COUNTINGS,
    LEVELS,
    Counting,
    Event,
    KindSpec,
    Level,
    PeriodKind,
    Region,
    Rule,
    Settings,
    StaffPool,
    Theme,
    Venue,
)
from scheduler.scenario.bounds import Limits
from scheduler.scenario.format import (
    ANY_VALUES,
    COUNTS_VALUES,
    HOLIDAYS_VALUES,
    KIND_VALUES,
    LEVEL_VALUES,
    NO_PREFERENCE_VALUES,
    PERIOD_VALUES,
    SETTING_KEYS,
    SHEET_BY_NAME,
)
from scheduler.scenario.ids import shown
from scheduler.scenario.kindwords import kind_words, read_kind
from scheduler.scenario.parsers import (
    MAX_YEAR,
    MIN_YEAR,
    parse_date,
    parse_dates,
    parse_days,
    split_list,
)
from scheduler.scenario.presetsheets import PRESET_SHEETS, PresetSheets
from scheduler.scenario.problems import Problems
from scheduler.scenario.sheets import Row, Sheet, expected
from texts import tr

__all__ = ["FirstPass", "Parsed"]

_TAG = re.compile(r"^(?:tag|标签)\s*[:：]\s*(.+)$", re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s<>\"'{}|\\^`]+$", re.IGNORECASE)
#: a date list's days outside the horizon never matter; without a horizon none are kept
_NOWHERE = (dt.date(2000, 1, 2), dt.date(2000, 1, 1))


@dataclass
class Parsed:
    """What the first pass produced: objects that passed, plus ids seen and their rows."""

    settings: Settings | None = None
    setting_rows: dict[str, int] = field(default_factory=dict)
    calendar: WorkCalendar | None = None
    regions: dict[str, Region] = field(default_factory=dict)
    region_rows: dict[str, int] = field(default_factory=dict)  # every id seen, first row
    kinds: dict[str, KindSpec] = field(default_factory=dict)
    kind_names: set[str] = field(default_factory=set)  # kinds named on the sheet, even if bad
    #: how other sheets may write a kind (lower case): its id, a built-in kind's Chinese
    #: name, its label (when no other kind has it) -> the kind
    kind_words: dict[str, str] = field(default_factory=dict)
    online: set[str] = field(default_factory=set)  # online kinds named on the sheet
    preset: str = ""  # the preset named in settings, once found
    venues: dict[str, Venue] = field(default_factory=dict)
    venue_rows: dict[str, int] = field(default_factory=dict)
    pools: dict[str, StaffPool] = field(default_factory=dict)
    pool_rows: dict[str, int] = field(default_factory=dict)
    pools_complete: bool = True  # no staff row failed: "no pool can" is then trustworthy

    #: no region row failed: "no pool serves it" is then trustworthy too
    @property
    def regions_complete(self) -> bool:
        return len(self.regions) == len(self.region_rows)

    rules: list[tuple[int, Rule]] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    events: list[tuple[int, Event]] = field(default_factory=list)

    @property
    def horizon(self) -> tuple[dt.date, dt.date]:
        """The days a date list keeps: the horizon (nothing when it is unknown)."""
        s = self.settings
        return (s.start, s.end) if s is not None else _NOWHERE


class FirstPass:
    def __init__(
        self, tables: dict[str, Sheet], problems: Problems, limits: Limits, source: str = ""
    ) -> None:
        self.tables, self.problems, self.limits = tables, problems, limits
        self.source = source
        self.p = Parsed()
        self.preset_sheets: PresetSheets | None = None

    def run(self) -> Parsed:
        self.settings()
        self.use_preset()
        self.regions()
        self.kinds()
        self.venues()
        self.staff()
        self.rules()
        self.themes()
        self.events()
        return self.p

    # ------------------------------------------------------------------ helpers

    def rows(self, sheet: str) -> Iterator[Row]:
        """The sheet's rows; for a preset's sheet, first the preset's rows that the
        scenario's own sheet does not replace."""
        spec = SHEET_BY_NAME[sheet]
        table = self.tables.get(sheet)
        if self.preset_sheets is not None:
            for preset_table, n, cells in self.preset_sheets.rows(sheet, table):
                yield Row(self.problems, preset_table, spec, n, cells)
            if table is self.preset_sheets.sheets.get(sheet):
                return  # the scenario has no such sheet: the preset's stands for it
        if table is None:
            return
        for n, cells in table.rows:
            yield Row(self.problems, table, spec, n, cells)

    def use_preset(self) -> None:
        """Take the preset's rules and kinds, under the scenario's own rows; without a
        preset, a missing rules or kinds sheet is reported here (see `load._read`)."""
        if self.p.preset:
            from scheduler import presets  # the presets read ids with this package's check

            self.preset_sheets = PresetSheets.of(presets.get(self.p.preset), self.tables)
            for name, sheet in self.preset_sheets.sheets.items():
                self.tables.setdefault(name, sheet)
            return
        if "preset" in self.p.setting_rows:
            return  # a preset was named but is not one: that problem is the one to report
        for name in PRESET_SHEETS:
            if name not in self.tables:
                spec = SHEET_BY_NAME[name]
                self.problems.add("missing_sheet", self.source, name, sheet=name,
                                  zh=" / ".join(spec.zh))  # fmt: skip

    def unique(self, row: Row, column: str, seen: dict[str, int], what: str) -> str:
        """The row's id (validated); reported (and still returned) when an earlier row has it."""
        value = row.ident(column)
        if value and value in seen:
            row.report(column, "duplicate_id", value=value, first=seen[value], what=what)
        elif value:
            seen[value] = row.row
        return value

    def reference(
        self, row: Row, column: str, value: str, known: dict[str, int], sheet: str
    ) -> bool:
        if value in known or sheet not in self.tables:
            return True  # a missing sheet is reported once, not at every reference
        what = SHEET_BY_NAME[sheet].columns[0].name
        row.report(column, "unknown_ref", value=shown(value), what=what, sheet=sheet)
        return False

    def sheet_problem(
        self, sheet: str, check: str, row: int | None, column: str, /, **values: object
    ) -> None:
        table = self.tables[sheet]
        self.problems.add(check, table.file, table.name, row, table.written(column), **values)

    # ------------------------------------------------------------------ settings

    def settings(self) -> None:
        table = self.tables.get("settings")
        if table is None or "key" not in table.header or "value" not in table.header:
            return  # a missing sheet or column is reported once, by the sheet's reader
        keys = {k.name: k for k in SETTING_KEYS}
        aliases = {z.lower(): k.name for k in SETTING_KEYS for z in (k.name, *k.zh)}
        values: dict[str, tuple[Row, str]] = {}
        extra: list[tuple[str, str]] = []
        ok = True
        for row in self.rows("settings"):
            raw = row.text("key")
            if not raw:
                ok = False
                continue
            key = aliases.get(raw.lower(), raw.lower())
            if key in self.p.setting_rows:
                row.report(
                    "key", "setting_duplicate", key=shown(raw), first=self.p.setting_rows[key]
                )
                ok = False
                continue
            self.p.setting_rows[key] = row.row
            ok = ok and row.ok
            if key in keys:
                values[key] = (row, row.cells.get("value", ""))
            else:
                extra.append((key, row.cells.get("value", "")))
        names_preset = "preset" in values and values["preset"][1].strip()
        for spec in SETTING_KEYS:
            if spec.name in ("start", "end") and names_preset:
                continue  # the preset's horizon stands in (checked below)
            if spec.required and spec.name not in values:
                self.sheet_problem("settings", "setting_missing", None, "key", key=spec.name,
                                   zh=" / ".join(spec.zh))  # fmt: skip
                ok = False

        def value(key: str, parse: Callable[[Row, str], object]) -> object:
            nonlocal ok
            if key not in values:
                return None
            row, raw = values[key]
            if not raw:
                if keys[key].required and "value" not in row.spoiled:
                    row.report("value", "blank", expect=expected(keys[key].expect))
                    ok = False
                return None
            result = parse(row, raw)
            if result is None:
                ok = False
            return result

        def as_date(row: Row, raw: str) -> dt.date | None:
            d = parse_date(raw)
            if d is None:
                row.report("value", "bad_date", value=shown(raw))
            elif not MIN_YEAR <= d.year <= MAX_YEAR:
                row.report("value", "year_out_of_range", value=shown(raw), lo=MIN_YEAR, hi=MAX_YEAR)
                return None
            return d

        def as_zone(row: Row, raw: str) -> str | None:
            try:
                ZoneInfo(raw)
            except (ValueError, KeyError, OSError):
                row.report("value", "bad_timezone", value=shown(raw))
                return None
            return raw

        def as_holidays(row: Row, raw: str) -> str | None:
            out = HOLIDAYS_VALUES.get(raw.lower())
            if out is None:
                row.report("value", "bad_value", value=shown(raw), expect=expected("holidays"))
            return out

        def as_preset(row: Row, raw: str) -> str | None:
            from scheduler import presets  # the presets read ids with this package's check

            key = raw.strip().lower()
            if key not in presets.names():
                row.report("value", "preset_unknown", value=shown(raw),
                           names="、".join(presets.names()))  # fmt: skip
                return None
            return key

        name = value("name", lambda row, raw: raw)
        preset = value("preset", as_preset)
        if isinstance(preset, str):
            self.p.preset = preset
            from scheduler import presets

            chosen = presets.get(preset)
            for key, day in (("start", chosen.start), ("end", chosen.end)):
                if key not in values:  # the preset's horizon, unless the sheet gives one
                    values[key] = (values["preset"][0], day.isoformat())
        start = value("start", as_date)
        end = value("end", as_date)
        zone = value("timezone", as_zone)
        holidays = value("holidays", as_holidays)
        horizon = None
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            days = (end - start).days + 1
            if end < start:
                values["end"][0].report("value", "horizon_order", start=start, end=end)
                ok = False
            elif days > self.limits.max_horizon_days:
                values["end"][0].report(
                    "value", "horizon_too_long", start=start, end=end, days=f"{days:,}",
                    limit=f"{self.limits.max_horizon_days:,}", var=Limits.variable("max_horizon_days"),
                )  # fmt: skip
                ok = False
            else:
                horizon = (start, end)

        def as_blackouts(row: Row, raw: str) -> frozenset[dt.date] | None:
            days, bad = parse_dates(raw, horizon or _NOWHERE)
            for check, item in bad:
                row.report("value", check, value=shown(item))
            return None if bad else days

        blackouts = value("blackouts", as_blackouts)
        if not ok:
            return
        assert isinstance(name, str) and isinstance(start, dt.date) and isinstance(end, dt.date)
        settings = Settings(
            name=name,
            start=start,
            end=end,
            timezone=zone if isinstance(zone, str) else "Asia/Shanghai",
            holidays=holidays if isinstance(holidays, str) else "CN",
            blackouts=blackouts if isinstance(blackouts, frozenset) else frozenset(),
            preset=self.p.preset,
            extra=tuple(extra),
        )
        try:
            self.p.calendar = WorkCalendar.for_settings(settings)
        except HolidayCoverageError as exc:
            covered = covered_years()
            missing = [y for y in range(start.year, end.year + 1) if y not in covered]
            row = values["start" if start.year in missing else "end"][0]
            years = ", ".join(str(y) for y in missing)
            row.report("value", "holiday_coverage", years=years, detail=exc)
            return
        self.p.settings = settings

    # ------------------------------------------------------------------ regions

    def regions(self) -> None:
        p = self.p
        parents: dict[str, tuple[Row, str]] = {}
        tops: list[tuple[int, str]] = []
        for row in self.rows("regions"):
            rid = self.unique(row, "region_id", p.region_rows, "region_id")
            name = row.text("name")
            level = row.choice("level", LEVEL_VALUES, LEVELS)
            parent = row.ident("parent_id", required=False)
            tags = tuple(row.items("tags"))
            if not rid or p.region_rows.get(rid) != row.row:
                continue  # blank, invalid or duplicate id
            if parent:
                parents[rid] = (row, parent)
            elif "parent_id" not in row.spoiled and row.cells.get("parent_id", "") == "":
                tops.append((row.row, rid))
            if row.ok and level is not None:
                p.regions[rid] = Region(rid, name, _level(level), parent or None, tags)
        if "regions" not in self.tables:
            return
        for rid, (row, parent) in parents.items():
            if parent not in p.region_rows:
                self.reference(row, "parent_id", parent, p.region_rows, "regions")
                p.regions.pop(rid, None)
        if not tops and p.region_rows:
            self.sheet_problem("regions", "top_none", None, "parent_id")
        for n, rid in tops[1:]:
            self.sheet_problem("regions", "top_many", n, "parent_id", region=rid,
                               first=tops[0][1], row=tops[0][0])  # fmt: skip
        in_cycle = self._cycles(parents)
        for rid, region in list(p.regions.items()):
            parent_region = p.regions.get(region.parent_id or "")
            if rid in in_cycle or parent_region is None:
                continue
            if LEVELS.index(parent_region.level) >= LEVELS.index(region.level):
                parents[rid][0].report("parent_id", "parent_level", level=region.level,
                                       parent=parent_region.region_id,
                                       parent_level=parent_region.level)  # fmt: skip

    def _cycles(self, parents: dict[str, tuple[Row, str]]) -> set[str]:
        """Report each loop of parent links once; return the regions on loops."""
        on_loop: set[str] = set()
        done: set[str] = set()
        for start in parents:
            path: list[str] = []
            cur: str | None = start
            while cur is not None and cur not in done and cur not in path:
                path.append(cur)
                cur = parents[cur][1] if cur in parents else None
            done.update(path)
            if cur is not None and cur in path:
                loop = path[path.index(cur) :]
                on_loop.update(loop)
                first = min(loop, key=lambda r: parents[r][0].row)
                i = loop.index(first)
                ordered = loop[i:] + loop[:i] + [first]
                parents[first][0].report("parent_id", "parent_cycle", cycle=" → ".join(ordered))
                for rid in loop:
                    self.p.regions.pop(rid, None)
        return on_loop

    # ------------------------------------------------------------------ kinds, venues, staff

    def kinds(self) -> None:
        p = self.p
        seen: dict[str, int] = {}
        for row in self.rows("kinds"):
            kind = self.kind_id(row)
            if kind is not None:
                p.kind_names.add(kind)
                if kind in seen:
                    row.report("kind", "duplicate_id", value=kind, first=seen[kind], what="kind")
                    continue
                seen[kind] = row.row
            label = row.text("label", required=False)
            online = row.yes_no("online")
            if online and kind is not None:
                p.online.add(kind)
            url = row.text("url", required=False)
            if url and not _URL.match(url):
                row.report("url", "kinds.bad_url", value=shown(url))
            staff = row.integer("staff")
            capacity = row.integer("min_capacity")
            start, end = row.time("start_time"), row.time("end_time")
            if start is not None and end is not None and end <= start:
                row.report("end_time", "time_order", start=_hhmm(start), end=_hhmm(end))
            days = self.day_set(row, "days", ("any", frozenset()))
            prefer = self.day_set(row, "prefer", None, none_allowed=True)
            if row.ok and kind is not None and days is not None and online is not None:
                assert staff is not None and capacity is not None and start and end
                p.kinds[kind] = KindSpec(
                    kind, staff, capacity, start, end, days[0], days[1], label=label,
                    online=online, prefer=None if prefer is None else prefer[0],
                    prefer_weekdays=frozenset() if prefer is None else prefer[1], url=url,
                )  # fmt: skip
        self.kind_words()

    def kind_id(self, row: Row) -> str | None:
        """A kinds-sheet `kind`: an id, or a built-in kind's Chinese name; `any` is taken."""
        raw = row.text("kind")
        if not raw:
            return None
        builtin = KIND_VALUES.get(raw.lower())
        if builtin is not None:
            return builtin
        if raw.lower() in ANY_VALUES:
            row.report("kind", "kinds.kind_reserved", value=shown(raw))
            return None
        return raw if row.valid_id("kind", raw) else None

    def day_set(
        self,
        row: Row,
        column: str,
        blank: tuple[str, frozenset[int]] | None,
        none_allowed: bool = False,
    ) -> tuple[str, frozenset[int]] | None:
        """`days` or `prefer`: a keyword or weekdays; `blank` when the cell is blank."""
        raw = row.text(column, required=False)
        if not raw:
            return blank
        if none_allowed and raw.strip().lower() in NO_PREFERENCE_VALUES:
            return ("none", frozenset())
        out = parse_days(raw)
        if out is None:
            row.report(column, "bad_value", value=shown(raw), expect=row.expect(column))
        return out

    def kind_words(self) -> None:
        """How other sheets may write each kind (`kindwords.kind_words`)."""
        self.p.kind_words = kind_words(self.p.kind_names, self.p.kinds.values())

    def kind_ref(self, row: Row, column: str, raw: str) -> str | None:
        """A kind named in another sheet, as its id (`kindwords.read_kind`); when there is
        no kinds sheet at all, any id is taken as written."""
        return read_kind(row, column, self.p.kind_words if "kinds" in self.tables else None, raw)

    def venues(self) -> None:
        p = self.p
        for row in self.rows("venues"):
            vid = self.unique(row, "venue_id", p.venue_rows, "venue_id")
            region = row.ident("region_id")
            if region:
                self.reference(row, "region_id", region, p.region_rows, "regions")
            name = row.text("name", required=False) or vid
            capacity = row.integer("capacity")
            kinds: set[str] = set()
            for item in row.items("kinds"):
                kind = self.kind_ref(row, "kinds", item)
                if kind is not None and kind in p.online:
                    row.report("kinds", "kinds.venue_online", kind=kind)
                elif kind is not None:
                    kinds.add(kind)
            unavailable = row.dates("unavailable", p.horizon)
            address = row.text("address", required=False)
            if row.ok and p.venue_rows.get(vid) == row.row:
                assert capacity is not None
                p.venues[vid] = Venue(
                    vid, region, name, capacity, frozenset(kinds), unavailable, address
                )

    def staff(self) -> None:
        p = self.p
        for row in self.rows("staff"):
            pid = self.unique(row, "pool_id", p.pool_rows, "pool_id")
            name = row.text("name", required=False) or pid
            serves = row.idents("serves", required=True)
            for rid in serves:
                self.reference(row, "serves", rid, p.region_rows, "regions")
            headcount = row.integer("headcount")
            unavailable = row.dates("unavailable", p.horizon)
            if row.ok and p.pool_rows.get(pid) == row.row:
                assert headcount is not None
                p.pools[pid] = StaffPool(pid, name, tuple(serves), headcount, unavailable)
            else:
                p.pools_complete = False

    # ------------------------------------------------------------------ rules

    def rules(self) -> None:
        p = self.p
        seen: dict[str, int] = {}
        tags = sorted({t for r in p.regions.values() for t in r.tags})
        for row in self.rows("rules"):
            rid = self.unique(row, "rule_id", seen, "rule_id")
            name = row.text("name", required=False)
            scope = self.scope(row, tags)
            kind = self.rule_kind(row)
            period = row.choice("period", PERIOD_VALUES, PERIOD_VALUES.values())
            count = row.integer("min_count")
            start = row.date("start", required=False)
            end = row.date("end", required=False)
            counts = "own"
            if row.text("counts", required=False):
                counts = row.choice("counts", COUNTS_VALUES, COUNTINGS) or "own"
            source = row.text("source", required=False)
            if start and end and end < start:
                row.report("end", "rule_order", start=start, end=end)
            h = p.settings
            if h is None or not row.ok:
                continue
            lo, hi = start or h.start, end or h.end
            if hi < h.start or lo > h.end:
                column = "end" if hi < h.start else "start"  # only a given date can be outside
                row.report(column, "rule_outside", start=lo, end=hi, h0=h.start, h1=h.end)
                continue
            days = (hi - lo).days + 1
            if days > self.limits.max_horizon_days:
                row.report("end" if end else "start", "rule_too_long", start=lo, end=hi,
                           days=f"{days:,}", limit=f"{self.limits.max_horizon_days:,}",
                           var=Limits.variable("max_horizon_days"))  # fmt: skip
                continue
            if seen.get(rid) == row.row:
                assert scope is not None and count is not None and kind and period
                rule = Rule(rid, scope, kind, _period(period), count, lo, hi, source, name,
                            _counting(counts))  # fmt: skip
                p.rules.append((row.row, rule))

    def rule_kind(self, row: Row) -> str | None:
        """`any`, one kind, or a `;` list of kinds, as kind ids joined by `;` (each once)."""
        raw = row.text("kind")
        if not raw:
            return None
        if raw.strip().lower() in ANY_VALUES:
            return ANY_KIND
        out: list[str] = []
        for item in split_list(raw):
            if item.lower() in ANY_VALUES:
                row.report("kind", "kinds.any_in_list", value=shown(raw))
                return None
            kind = self.kind_ref(row, "kind", item)
            if kind is None:
                return None
            if kind not in out:
                out.append(kind)
        return ";".join(out) if out else None

    def scope(self, row: Row, tags: list[str]) -> str | None:
        raw = row.text("scope")
        if not raw:
            return None
        level = LEVEL_VALUES.get(raw.lower())
        if level is not None:
            return level
        m = _TAG.match(raw)
        if m:
            tag = m[1].strip()
            if tag in tags or "regions" not in self.tables:
                return f"tag:{tag}"
            none = tr("scenario.none")
            row.report("scope", "unknown_tag", tag=shown(tag), tags=", ".join(tags) or none)
            return None
        if raw in self.p.region_rows or "regions" not in self.tables:
            return raw
        if any(c.isascii() and (c.isalnum() or c in "_-.") for c in raw) and not row.valid_id(
            "scope", raw
        ):
            return None  # an id with a stray character: say which
        row.report("scope", "bad_scope", value=shown(raw))
        return None

    # ------------------------------------------------------------------ themes, events

    def themes(self) -> None:
        seen: dict[str, int] = {}
        for row in self.rows("themes"):
            region = row.text("region_id")
            if region and region != "*" and row.valid_id("region_id", region):
                self.reference(row, "region_id", region, self.p.region_rows, "regions")
            theme = row.text("theme")
            count = row.integer("min_count", required=False)
            key = f"{region}\t{theme}"
            if region and theme and key in seen:
                row.report("theme", "duplicate_id", value=shown(theme), first=seen[key],
                           what=tr("scenario.what_theme"))  # fmt: skip
            seen.setdefault(key, row.row)
            if row.ok:
                self.p.themes.append(Theme(region, theme, count))

    def events(self) -> None:
        p = self.p
        seen: dict[str, int] = {}
        for row in self.rows("events"):
            eid = self.unique(row, "event_id", seen, "event_id")
            region = row.ident("region_id")
            if region:
                self.reference(row, "region_id", region, p.region_rows, "regions")
            raw_kind = row.text("kind")
            kind = self.kind_ref(row, "kind", raw_kind) if raw_kind else None
            online = kind in p.online
            date = row.date("date")
            locked = row.yes_no("locked")
            venue = row.ident("venue_id", required=bool(locked) and not online)
            if venue and online:
                row.report("venue_id", "kinds.event_online_venue", kind=kind, venue=shown(venue))
            elif venue:
                self.reference(row, "venue_id", venue, p.venue_rows, "venues")
            pool = row.ident("pool_id", required=bool(locked))
            if pool:
                self.reference(row, "pool_id", pool, p.pool_rows, "staff")
            theme = row.text("theme", required=False)
            if row.ok and seen.get(eid) == row.row:
                assert kind is not None and date is not None
                event = Event(eid, region, kind, date, venue, pool, theme, bool(locked))
                p.events.append((row.row, event))


def _hhmm(t: dt.time) -> str:
    return t.strftime("%H:%M")


def _level(value: str) -> Level:
    assert value in LEVELS
    return value  # type: ignore[return-value]


def _counting(value: str) -> Counting:
    assert value in COUNTINGS
    return value  # type: ignore[return-value]


def _period(value: str) -> PeriodKind:
    return value  # type: ignore[return-value]
