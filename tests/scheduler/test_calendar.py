"""Holidays come from the `holidays` library; cross-checked against `chinese-calendar`."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.calendar import HolidayCoverageError, WorkCalendar, covered_years
from scheduler.model import Settings, date_range

chinese_calendar = pytest.importorskip("chinese_calendar")


def _cal(year: int) -> WorkCalendar:
    return WorkCalendar.for_settings(Settings("t", dt.date(year, 1, 1), dt.date(year, 12, 31)))


@pytest.mark.parametrize("year", [2022, 2024])
def test_breaks_and_makeup_days_agree_with_chinese_calendar(year: int) -> None:
    cal = _cal(year)
    for d in date_range(dt.date(year, 1, 1), dt.date(year, 12, 31)):
        # chinese_calendar.is_workday: Mon–Fri and make-up days, minus the official breaks
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d
        if cal.is_holiday(d):
            assert not chinese_calendar.is_workday(d), d


def test_a_break_includes_the_weekend_days_inside_it() -> None:
    cal = _cal(2024)
    national_day = set(date_range(dt.date(2024, 10, 1), dt.date(2024, 10, 7)))
    assert national_day <= cal.holidays
    assert not cal.is_holiday(dt.date(2024, 10, 8))
    assert dt.date(2024, 9, 29) in cal.makeup_workdays and cal.is_workday(dt.date(2024, 9, 29))
    assert dt.date(2024, 10, 12) in cal.makeup_workdays and not cal.is_weekend(
        dt.date(2024, 10, 12)
    )
    # Mid-Autumn 2024: Sunday 15 – Tuesday 17 September; Saturday 14 is a make-up workday
    assert {dt.date(2024, 9, d) for d in (15, 16, 17)} <= cal.holidays
    assert not cal.is_holiday(dt.date(2024, 9, 14))


def test_a_horizon_the_holiday_data_does_not_cover_is_refused() -> None:
    year = max(covered_years()) + 1
    with pytest.raises(HolidayCoverageError, match=str(year)):
        _cal(year)
    none = WorkCalendar.for_settings(
        Settings("t", dt.date(year, 1, 1), dt.date(year, 1, 31), holidays="none")
    )
    assert not none.holidays
