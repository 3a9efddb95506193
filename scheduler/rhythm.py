"""Reporting rhythms: when the next progress report is due and what it covers.

The policy texts set three shapes of deadline (docs/presets.md):

- **on a day of each period** — `every = week` with a `weekday` ("每周四下班前", Jilin
  保障措施(四)) or `every = month` with a `day` ("每月30日前", Hubei 三(二)). A report due on
  such a day covers the days since the previous due day, up to and including its own, so
  that consecutive reports cover every day exactly once. A month shorter than `day` is due
  on its last day: "by the 30th" in February means by 28 (or 29) February, the last day
  February has — the report is monthly, so February's cannot be due in March.
- **some days after each period** — `days_after` with any `every` ("每季度后5日前", Inner
  Mongolia 四(四): 5 April for the first quarter; "年底前", 000 六(三): `days_after = 0`,
  on 31 December). Such a report covers the natural period (week Monday–Sunday, month,
  quarter, calendar year) that has just ended.

`start`/`end` bound the rhythm to the action's time (usually the preset's horizon): a
period covered is cut to them, a period outside them is not reported, and an on-day report
is due only on days inside them. `time` is the time of day by which the report is due;
"by the 30th" without a time means by the end of the day (23:59).

Everything here is pure: dates in, dates out, no clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from texts import tr

EVERY = ("week", "month", "quarter", "year")
END_OF_DAY = dt.time(23, 59)


@dataclass(frozen=True)
class Rhythm:
    """When a report is due; exactly one of `weekday`, `day` and `days_after` is set."""

    every: str  # week | month | quarter | year
    weekday: int | None = None  # every=week: due this weekday (0 = Monday)
    day: int | None = None  # every=month: due this day of the month (1–31)
    days_after: int | None = None  # due this many days after each period ends
    time: dt.time = END_OF_DAY
    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.every not in EVERY:
            raise ValueError(f"every must be one of {', '.join(EVERY)}, not {self.every!r}")
        given = [k for k in ("weekday", "day", "days_after") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of weekday, day and days_after")
        if self.weekday is not None and (self.every != "week" or not 0 <= self.weekday <= 6):
            raise ValueError("weekday (0–6) goes with every = week")
        if self.day is not None and (self.every != "month" or not 1 <= self.day <= 31):
            raise ValueError("day (1–31) goes with every = month")
        if self.days_after is not None and not 0 <= self.days_after <= 366:
            raise ValueError("days_after must be 0–366")
        if self.start and self.end and self.end < self.start:
            raise ValueError("the rhythm ends before it starts")


class Due(NamedTuple):
    """A report's deadline and the days it covers (both ends included)."""

    due: dt.datetime
    covers: tuple[dt.date, dt.date]


def next_due(rhythm: Rhythm, today: dt.date | dt.datetime) -> Due | None:
    """The first report not yet due at `today` (a date means its very start), or None
    when the rhythm has no report left."""
    now = today if isinstance(today, dt.datetime) else dt.datetime.combine(today, dt.time())
    return next((d for d in _dues_from(rhythm, now.date()) if d.due >= now), None)


def dues(rhythm: Rhythm, since: dt.date, until: dt.date) -> list[Due]:
    """Every report due on a day in [since, until], in order."""
    out = []
    for d in _dues_from(rhythm, since):
        if d.due.date() > until:
            break
        if d.due.date() >= since:
            out.append(d)
    return out


def _dues_from(r: Rhythm, since: dt.date) -> Iterator[Due]:
    """Reports in order of due date, from the first due on or after `since`."""
    if r.days_after is None:
        yield from _on_day(r, since)
    else:
        yield from _after(r, since)


def _on_day(r: Rhythm, since: dt.date) -> Iterator[Due]:
    d = _due_day_on_or_after(r, max(since, r.start) if r.start else since)
    while r.end is None or d <= r.end:
        lo = _previous_due_day(r, d) + dt.timedelta(days=1)
        if r.start and lo < r.start:
            lo = r.start
        yield Due(dt.datetime.combine(d, r.time), (lo, d))
        d = _due_day_on_or_after(r, d + dt.timedelta(days=1))


def _due_day_on_or_after(r: Rhythm, d: dt.date) -> dt.date:
    if r.weekday is not None:
        return d + dt.timedelta(days=(r.weekday - d.weekday()) % 7)
    assert r.day is not None
    this = _clamped(d.year, d.month, r.day)
    if this >= d:
        return this
    year, month = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return _clamped(year, month, r.day)


def _previous_due_day(r: Rhythm, d: dt.date) -> dt.date:
    if r.weekday is not None:
        return d - dt.timedelta(days=7)
    assert r.day is not None
    year, month = (d.year - 1, 12) if d.month == 1 else (d.year, d.month - 1)
    return _clamped(year, month, r.day)


def _clamped(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _after(r: Rhythm, since: dt.date) -> Iterator[Due]:
    assert r.days_after is not None
    lag = dt.timedelta(days=r.days_after)
    lo, hi = natural(r.every, since - lag)  # the period whose report is due on or after since
    if r.start and hi < r.start:
        lo, hi = natural(r.every, r.start)
    while r.end is None or lo <= r.end:
        cut = (max(lo, r.start) if r.start else lo, min(hi, r.end) if r.end else hi)
        yield Due(dt.datetime.combine(hi + lag, r.time), cut)
        lo, hi = natural(r.every, hi + dt.timedelta(days=1))


def natural(every: str, d: dt.date) -> tuple[dt.date, dt.date]:
    """The week (Monday–Sunday), month, quarter or calendar year that contains `d`."""
    if every == "week":
        lo = d - dt.timedelta(days=d.weekday())
        return lo, lo + dt.timedelta(days=6)
    if every == "year":
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    first = d.month if every == "month" else 3 * ((d.month - 1) // 3) + 1
    last = first if every == "month" else first + 2
    return dt.date(d.year, first, 1), _clamped(d.year, last, 31)


def describe(r: Rhythm, lang: str | None = None) -> str:
    """The rhythm in words: 每周四 17:00 前, every month by day 30, …"""
    time = r.time.strftime("%H:%M")
    if r.weekday is not None:
        weekday = tr("rhythm_weekdays", lang=lang).split(",")[r.weekday]
        return tr("rhythm_week", lang=lang, weekday=weekday, time=time)
    if r.day is not None:
        return tr("rhythm_month", lang=lang, day=r.day, time=time)
    every = tr(f"rhythm_every_{r.every}", lang=lang)
    if r.days_after == 0:
        return tr("rhythm_at_end", lang=lang, every=every, time=time)
    return tr("rhythm_after", lang=lang, every=every, days=r.days_after, time=time)
