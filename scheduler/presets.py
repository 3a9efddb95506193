"""Presets: each policy text's fair rules, kinds and reporting rhythm, ready to use.

One preset per policy document (`scheduler/data/presets/<name>.toml`, see docs/presets.md):
its horizon, the kinds of fair it needs (as kinds-sheet rows), every quantitative fair
requirement fairplan can plan or judge (as rules-sheet rows, CONTRACT §2 + §6, each citing
its clause), its reporting rhythm(s), the tags its rules are scoped to, and notes on what
the text asks that the rules leave out and why.

    presets.list()                 every preset, in the order of the policy collection
    presets.get("hubei-2023")      one (InputError naming the valid names on a typo)
    presets.rules_rows(preset)     rows in the rules sheet's columns
    presets.kinds_rows(preset)     rows in the kinds sheet's columns
    presets.starting_settings(p)   the settings sheet of a new scenario built on it

The bundled files are checked when first read (ids per CONTRACT §6, scopes, kinds, periods,
dates inside the horizon, every source resolving to a catalogued clause); a broken file is
an InputError naming file, table, entry and key, as bad input would be.
"""

from __future__ import annotations

import builtins
import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from scheduler import policy
from scheduler.errors import InputError, Problem
from scheduler.rhythm import Rhythm
from scheduler.scenario.ids import check_id
from texts import tr

#: The rules sheet's columns (CONTRACT §2, plus §6's `name` and `counts`), in the order shown.
RULE_COLUMNS = (
    "rule_id",
    "name",
    "scope",
    "kind",
    "period",
    "min_count",
    "start",
    "end",
    "counts",
    "source",
)
#: The kinds sheet's columns (CONTRACT §2, plus §6's `label`, `online`, `prefer`).
KIND_COLUMNS = (
    "kind",
    "label",
    "online",
    "prefer",
    "staff",
    "min_capacity",
    "start_time",
    "end_time",
    "days",
)

LEVELS = ("province", "city", "county")
PERIODS = ("week", "month", "quarter", "window")
COUNTS = ("own", "subtree")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_SETS = ("workdays", "weekends", "any")

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def is_id(text: str) -> bool:
    """A CONTRACT §6 identifier, by the scenario loader's one check."""
    return check_id(text) is None


@dataclass(frozen=True)
class KindRow:
    """A kinds-sheet row. staff … days are fairplan's defaults, not the policy's."""

    kind: str
    label: str
    online: bool
    prefer: str
    staff: int
    min_capacity: int
    start_time: str
    end_time: str
    days: str


@dataclass(frozen=True)
class RuleRow:
    """A rules-sheet row; `start`/`end` None means the scenario's horizon."""

    rule_id: str
    name: str
    scope: str
    kind: str
    period: str
    min_count: int
    start: dt.date | None
    end: dt.date | None
    counts: str
    source: str

    def kinds(self) -> tuple[str, ...]:
        """The kinds the rule counts: `("any",)` or the listed kinds."""
        return tuple(k.strip() for k in self.kind.split(";") if k.strip())


@dataclass(frozen=True)
class Reporting:
    """A report the text asks for, and its rhythm (see scheduler.rhythm)."""

    id: str
    name_zh: str
    name_en: str
    who: str  # the level that reports
    to_zh: str
    to_en: str
    source: str
    rhythm: Rhythm

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    def to(self, lang: str = "zh") -> str:
        return self.to_en if lang == "en" else self.to_zh


@dataclass(frozen=True)
class Tag:
    """A region tag the preset's rules are scoped to: which regions a planner marks."""

    name: str
    zh: str
    en: str
    source: str


@dataclass(frozen=True)
class Note:
    """Something the text asks that the rules leave out, and why."""

    source: str
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Preset:
    name: str
    document: str  # the policy catalogue's code
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    start: dt.date
    end: dt.date
    horizon_source: str
    kinds: tuple[KindRow, ...]
    rules: tuple[RuleRow, ...]
    reporting: tuple[Reporting, ...]
    tags: tuple[Tag, ...]
    notes: tuple[Note, ...]

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def description(self, lang: str = "zh") -> str:
        return self.description_en if lang == "en" else self.description_zh

    def policy_document(self) -> policy.Document:
        found = policy.document(self.document)
        assert found is not None  # checked at loading
        return found


def list() -> builtins.list[Preset]:  # shadows the builtin here: use builtins.list
    """Every bundled preset, in the order of the policy collection (000, 001, …)."""
    return builtins.list(_presets().values())


def names() -> builtins.list[str]:
    return builtins.list(_presets())


def get(name: str) -> Preset:
    """The preset called `name` (case and surrounding blanks ignored)."""
    found = _presets().get(name.strip().lower())
    if found is None:
        message = tr("presets_unknown", name=name, names="、".join(_presets()))
        raise InputError([Problem(tr("presets_where"), message)])
    return found


def rules_rows(preset: Preset, cite: str = "code") -> builtins.list[dict[str, str]]:
    """The preset's rules as rules-sheet rows ({column: text}, columns `RULE_COLUMNS`).

    `cite="code"` keeps `source` as written (`im-2024 五(五)`); `cite="title"` writes each
    citation as people read it (`《…》五(五)`), which `policy.resolve` reads back alike.
    """
    rows = []
    for r in preset.rules:
        source = policy.display(r.source) if cite == "title" else r.source
        rows.append(
            {
                "rule_id": r.rule_id,
                "name": r.name,
                "scope": r.scope,
                "kind": r.kind,
                "period": r.period,
                "min_count": str(r.min_count),
                "start": r.start.isoformat() if r.start else "",
                "end": r.end.isoformat() if r.end else "",
                "counts": r.counts,
                "source": source,
            }
        )
    return rows


def kinds_rows(preset: Preset) -> builtins.list[dict[str, str]]:
    """The preset's kinds as kinds-sheet rows ({column: text}, columns `KIND_COLUMNS`)."""
    return [
        {
            "kind": k.kind,
            "label": k.label,
            "online": "yes" if k.online else "no",
            "prefer": k.prefer,
            "staff": str(k.staff),
            "min_capacity": str(k.min_capacity),
            "start_time": k.start_time,
            "end_time": k.end_time,
            "days": k.days,
        }
        for k in preset.kinds
    ]


def starting_settings(preset: Preset, scenario_name: str = "") -> builtins.list[dict[str, str]]:
    """The settings sheet of a new scenario built on the preset (`key`, `value` rows): its
    name, the preset's horizon, China's holidays and the `preset` itself — which stands in
    for the rules and kinds sheets (docs/scenario.md, "Presets"). The planner adds the
    regions (with the preset's `tags` on the regions they describe), venues and staff."""
    return [
        {"key": "name", "value": scenario_name or preset.title_zh},
        {"key": "start", "value": preset.start.isoformat()},
        {"key": "end", "value": preset.end.isoformat()},
        {"key": "timezone", "value": "Asia/Shanghai"},
        {"key": "holidays", "value": "CN"},
        {"key": "preset", "value": preset.name},
    ]


# --------------------------------------------------------------------------- loading


@functools.cache
def _presets() -> dict[str, Preset]:
    folder = files("scheduler").joinpath("data/presets")
    loaded = []
    problems: builtins.list[Problem] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            file = f"scheduler/data/presets/{entry.name}"
            try:
                raw = tomllib.loads(entry.read_text("utf-8"))
            except tomllib.TOMLDecodeError as exc:
                problems.append(Problem(file, str(exc)))
                continue
            preset = _Reader(file, entry.name.removesuffix(".toml"), problems).preset(raw)
            if preset is not None:
                loaded.append(preset)
    if problems:
        raise InputError(problems)
    number = {d.code: d.number for d in policy.documents()}
    loaded.sort(key=lambda p: (number.get(p.document, "~"), p.name))
    return {p.name: p for p in loaded}


class _Reader:
    """Reads one preset file, collecting every problem before giving up."""

    def __init__(self, file: str, stem: str, problems: builtins.list[Problem]) -> None:
        self.file, self.stem, self.problems = file, stem, problems

    def bad(self, sheet: str, n: int | None, key: str, value: object, expect: str) -> None:
        message = tr("presets_bad_value", value=value, expect=expect)
        # entry n of a table is row n + 1 of the sheet `show` prints (the header is row 1)
        self.problems.append(Problem(self.file, message, sheet, None if n is None else n + 1, key))

    def text(
        self,
        raw: dict[str, Any],
        key: str,
        sheet: str = "",
        n: int | None = None,
        blank: bool = False,
    ) -> str:
        value = raw.get(key, "")
        if not isinstance(value, str) or (not blank and not value.strip()):
            self.bad(sheet, n, key, value, tr("presets_expect_text"))
            return ""
        return value.strip()

    def integer(self, raw: dict[str, Any], key: str, sheet: str, n: int, least: int) -> int:
        value = raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            self.bad(sheet, n, key, value, tr("presets_expect_int", least=least))
            return least
        return value

    def date(
        self, raw: dict[str, Any], key: str, sheet: str = "", n: int | None = None
    ) -> dt.date | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.bad(sheet, n, key, value, tr("presets_expect_date"))
            return None
        return value

    def preset(self, raw: dict[str, Any]) -> Preset | None:
        before = len(self.problems)
        name = self.text(raw, "name")
        if name != self.stem:
            self.bad("", None, "name", name, self.stem)
        code = self.text(raw, "document")
        if policy.document(code) is None:
            codes = "、".join(d.code for d in policy.documents())
            self.bad("", None, "document", code, codes)
        start, end = self.date(raw, "start"), self.date(raw, "end")
        if start is None or end is None or end < start:
            self.bad("", None, "start", f"{start}..{end}", tr("presets_expect_horizon"))
            start = end = dt.date.min
        tags = tuple(self.tag(t, n) for n, t in enumerate(raw.get("tags", []), 1))
        kinds = tuple(self.kind(k, n) for n, k in enumerate(raw.get("kinds", []), 1))
        known = {k.kind for k in kinds}
        tag_names = {t.name for t in tags}
        rules = tuple(
            self.rule(r, n, known, tag_names, start, end)
            for n, r in enumerate(raw.get("rules", []), 1)
        )
        reporting = tuple(
            self.reporting(r, n, start, end) for n, r in enumerate(raw.get("reporting", []), 1)
        )
        notes = tuple(
            Note(
                source=self.source(x, "notes", n),
                zh=self.text(x, "zh", "notes", n),
                en=self.text(x, "en", "notes", n),
            )
            for n, x in enumerate(raw.get("notes", []), 1)
        )
        self.unique("kinds", "kind", [k.kind for k in kinds])
        self.unique("rules", "rule_id", [r.rule_id for r in rules])
        self.unique("reporting", "id", [r.id for r in reporting])
        if len(self.problems) > before:
            return None
        return Preset(
            name=name,
            document=code,
            title_zh=self.text(raw, "title_zh"),
            title_en=self.text(raw, "title_en"),
            description_zh=self.text(raw, "description_zh"),
            description_en=self.text(raw, "description_en"),
            start=start,
            end=end,
            horizon_source=self.source(raw, "", None, key="horizon_source"),
            kinds=kinds,
            rules=rules,
            reporting=reporting,
            tags=tags,
            notes=notes,
        )

    def unique(self, sheet: str, key: str, values: builtins.list[str]) -> None:
        seen: set[str] = set()
        for n, v in enumerate(values, 1):
            if v in seen:
                self.bad(sheet, n, key, v, tr("presets_expect_unique"))
            seen.add(v)

    def source(self, raw: dict[str, Any], sheet: str, n: int | None, key: str = "source") -> str:
        text = self.text(raw, key, sheet, n)
        if text and not all(c.resolved for c in policy.resolve(text)):
            self.bad(sheet, n, key, text, tr("presets_expect_source"))
        return text

    def tag(self, raw: dict[str, Any], n: int) -> Tag:
        return Tag(
            name=self.text(raw, "name", "tags", n),
            zh=self.text(raw, "zh", "tags", n),
            en=self.text(raw, "en", "tags", n),
            source=self.source(raw, "tags", n),
        )

    def kind(self, raw: dict[str, Any], n: int) -> KindRow:
        s = "kinds"
        kind = self.text(raw, "kind", s, n)
        if not is_id(kind) or kind == "any":
            self.bad(s, n, "kind", kind, tr("presets_expect_id"))
        online = raw.get("online")
        if not isinstance(online, bool):
            self.bad(s, n, "online", online, "true / false")
        prefer = self.text(raw, "prefer", s, n, blank=True)
        if prefer and not _days_ok(prefer):
            self.bad(s, n, "prefer", prefer, tr("presets_expect_days"))
        days = self.text(raw, "days", s, n)
        if not _days_ok(days):
            self.bad(s, n, "days", days, tr("presets_expect_days"))
        times = [self.text(raw, key, s, n) for key in ("start_time", "end_time")]
        for key, value in zip(("start_time", "end_time"), times, strict=True):
            if not _HHMM.match(value):
                self.bad(s, n, key, value, "HH:MM")
        if all(_HHMM.match(t) for t in times) and times[1] <= times[0]:
            self.bad(s, n, "end_time", times[1], tr("presets_expect_after", start=times[0]))
        return KindRow(
            kind=kind,
            label=self.text(raw, "label", s, n),
            online=bool(online),
            prefer=prefer,
            staff=self.integer(raw, "staff", s, n, 1),
            min_capacity=self.integer(raw, "min_capacity", s, n, 0),
            start_time=times[0],
            end_time=times[1],
            days=days,
        )

    def rule(
        self,
        raw: dict[str, Any],
        n: int,
        kinds: set[str],
        tags: set[str],
        h0: dt.date,
        h1: dt.date,
    ) -> RuleRow:
        s = "rules"
        rule_id = self.text(raw, "rule_id", s, n)
        if not is_id(rule_id):
            self.bad(s, n, "rule_id", rule_id, tr("presets_expect_id"))
        scope = self.text(raw, "scope", s, n)
        tag = scope.removeprefix("tag:") if scope.startswith("tag:") else None
        if tag is not None and tag not in tags:
            self.bad(s, n, "scope", scope, tr("presets_expect_tag", tags="、".join(sorted(tags))))
        elif tag is None and scope not in LEVELS and not is_id(scope):
            self.bad(s, n, "scope", scope, tr("presets_expect_scope"))
        kind = self.text(raw, "kind", s, n)
        listed = [k.strip() for k in kind.split(";")]
        if kind != "any" and not all(k in kinds for k in listed):
            self.bad(s, n, "kind", kind, "any / " + " / ".join(sorted(kinds)))
        period = self.text(raw, "period", s, n)
        if period not in PERIODS:
            self.bad(s, n, "period", period, " / ".join(PERIODS))
        counts = self.text(raw, "counts", s, n)
        if counts not in COUNTS:
            self.bad(s, n, "counts", counts, " / ".join(COUNTS))
        start, end = self.date(raw, "start", s, n), self.date(raw, "end", s, n)
        lo, hi = start or h0, end or h1
        if not h0 <= lo <= hi <= h1:
            self.bad(s, n, "start", f"{lo}..{hi}", tr("presets_expect_window", h0=h0, h1=h1))
        return RuleRow(
            rule_id=rule_id,
            name=self.text(raw, "name", s, n),
            scope=scope,
            kind=kind,
            period=period,
            min_count=self.integer(raw, "min_count", s, n, 1),
            start=start,
            end=end,
            counts=counts,
            source=self.source(raw, s, n),
        )

    def reporting(self, raw: dict[str, Any], n: int, h0: dt.date, h1: dt.date) -> Reporting:
        s = "reporting"
        weekday = raw.get("weekday")
        time = self.text(raw, "time", s, n) if "time" in raw else "23:59"
        if not _HHMM.match(time):
            self.bad(s, n, "time", time, "HH:MM")
            time = "23:59"
        try:
            rhythm = Rhythm(
                every=self.text(raw, "every", s, n),
                weekday=WEEKDAYS.index(weekday) if weekday in WEEKDAYS else weekday,
                day=raw.get("day"),
                days_after=raw.get("days_after"),
                time=dt.time.fromisoformat(time),
                start=self.date(raw, "start", s, n) or h0,
                end=self.date(raw, "end", s, n) or h1,
            )
        except (ValueError, TypeError) as exc:
            self.bad(s, n, "every", raw.get("every"), str(exc))
            rhythm = Rhythm("year", days_after=0)
        who = self.text(raw, "who", s, n)
        if who not in LEVELS:
            self.bad(s, n, "who", who, " / ".join(LEVELS))
        return Reporting(
            id=self.text(raw, "id", s, n),
            name_zh=self.text(raw, "name_zh", s, n),
            name_en=self.text(raw, "name_en", s, n),
            who=who,
            to_zh=self.text(raw, "to_zh", s, n),
            to_en=self.text(raw, "to_en", s, n),
            source=self.source(raw, s, n),
            rhythm=rhythm,
        )


def _days_ok(text: str) -> bool:
    if text in DAY_SETS:
        return True
    items = [t.strip() for t in text.split(";")]
    return bool(items) and all(t in WEEKDAYS for t in items)
