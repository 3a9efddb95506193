"""Working days, statutory holidays and allowed days (CONTRACT §2 `settings`, `kinds`).

Holiday data comes from the maintained `holidays` library (China, with its
make-up workdays), never from a hand-typed list. An *official break* is every
day the State Council gives off: the statutory days, the substituted days off,
and the weekend days that the break swallows (e.g. 2024-10-01..07 includes the
weekend of 5–6 October). We derive it as: each holiday, extended over adjacent
weekend days that are not make-up workdays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays as holidays_lib

from scheduler.model import KindSpec, Settings, date_range
from texts import tr


class HolidayCoverageError(ValueError):
    """The horizon lies in a year the holiday library has no official schedule for."""


def covered_years() -> frozenset[int]:
    """Years for which the library holds the State Council's published schedule.

    The generic lunar rules exist for any year, but the breaks and make-up
    workdays are fixed by a notice published each November for the next year;
    only years with that notice are trustworthy.
    """
    from holidays.countries.china import ChinaStaticHolidays

    return frozenset(ChinaStaticHolidays.special_public_holidays)


@cache
def _china(years: tuple[int, ...]) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    cn = holidays_lib.China(years=years)
    official = frozenset(cn)
    makeup = frozenset(d for d in cn.weekend_workdays if d.year in years)
    return official, makeup


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are holidays, make-up workdays, workdays and weekends."""

    holidays: frozenset[dt.date]  # every day of an official break
    makeup_workdays: frozenset[dt.date]
    blackouts: frozenset[dt.date]

    @classmethod
    def for_settings(cls, settings: Settings) -> WorkCalendar:
        if settings.holidays.upper() == "NONE":
            return cls(frozenset(), frozenset(), settings.blackouts)
        # one year either side so that breaks crossing the horizon's ends are whole
        years = tuple(range(settings.start.year - 1, settings.end.year + 2))
        missing = [
            y for y in range(settings.start.year, settings.end.year + 1) if y not in covered_years()
        ]
        if missing:
            raise HolidayCoverageError(
                tr(
                    "calendar.holidays_missing",
                    years=", ".join(str(y) for y in missing),
                    last=max(covered_years()),
                )
            )
        official, makeup = _china(years)
        return cls(_extend_over_weekends(official, makeup), makeup, settings.blackouts)

    def is_holiday(self, d: dt.date) -> bool:
        return d in self.holidays

    def is_workday(self, d: dt.date) -> bool:
        """Monday–Friday plus make-up workdays, minus holidays."""
        if d in self.holidays:
            return False
        return d.weekday() < 5 or d in self.makeup_workdays

    def is_weekend(self, d: dt.date) -> bool:
        """Saturday/Sunday minus make-up workdays and holidays."""
        return d.weekday() >= 5 and d not in self.makeup_workdays and d not in self.holidays

    def allows(self, spec: KindSpec, d: dt.date) -> bool:
        """May a fair of this kind be held on `d` (ignoring venues and staff)?"""
        if d in self.holidays or d in self.blackouts:
            return False
        if spec.days == "workdays":
            return self.is_workday(d)
        if spec.days == "weekends":
            return self.is_weekend(d)
        if spec.days == "list":
            return d.weekday() in spec.weekdays
        return True

    def allowed_days(self, spec: KindSpec, start: dt.date, end: dt.date) -> list[dt.date]:
        return [d for d in date_range(start, end) if self.allows(spec, d)]

    def why_not(self, spec: KindSpec, d: dt.date) -> str:
        """Plain words for why `allows` is false on `d` ('' when it is allowed)."""
        if d in self.holidays:
            return tr("calendar.holiday")
        if d in self.blackouts:
            return tr("calendar.blackout")
        if not self.allows(spec, d):
            return tr("calendar.not_allowed", days=spec.days)
        return ""


def _extend_over_weekends(
    official: frozenset[dt.date], makeup: frozenset[dt.date]
) -> frozenset[dt.date]:
    days = set(official)
    for d in sorted(official):
        for step in (-1, 1):
            cur = d + dt.timedelta(days=step)
            while cur.weekday() >= 5 and cur not in makeup and cur not in days:
                days.add(cur)
                cur += dt.timedelta(days=step)
    return frozenset(days)
