"""Value parsers: the one reading of a date, a time, a whole number or a list in a cell.

Shared by scenarios, records (`monitor.records`) and previous schedules
(`scheduler.schedule.read_schedule`), so a date Excel wrote as `2024/7/2` or `2024.07.02`
means the same in all three. Each parser takes the cell's text and returns the value or
None; what to say about a None is the caller's (`scheduler.scenario.sheets.Row`).

Digits are ASCII digits only: Python's `int()` also reads `1_0` as 10 and Arabic-Indic
`١٢` as 12, which no spreadsheet shows as a number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from scheduler.scenario.format import DAYS_VALUES, WEEKDAY_VALUES
from scheduler.scenario.ids import invisible

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "norm_header",
    "parse_date",
    "parse_dates",
    "parse_datetime",
    "parse_days",
    "parse_int",
    "parse_time",
    "split_list",
]

#: dates of fairs, horizons and rules lie in these years; a range in a list of dates
#: (`unavailable`, `blackouts`) may end anywhere, e.g. 9999-12-31 for "closed for good"
MIN_YEAR, MAX_YEAR = 1900, 2199

LIST_SEPARATORS = re.compile(r"[;；、,，\n]")
RANGE_SEPARATOR = re.compile(r"\s*(?:\.\.|~|～|至)\s*")
_DATE = re.compile(
    r"([0-9]{4})(?:([-/.])([0-9]{1,2})\2([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日?)"
    r"(?:[ T]00:00(?::00)?)?"
)
_TIME = re.compile(r"([0-9]{1,2})[:：]([0-9]{2})(?:[:：]([0-9]{2}))?")
_INT = re.compile(r"([+-]?)([0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.0*)?")
_WEEKDAY_RANGE = re.compile(r"\s*(?:\.\.|~|～|至|-|–)\s*")
#: digits beyond which a number is "too large" for every column, without building it
_MAX_DIGITS = 18


def split_list(text: str) -> list[str]:
    """Items of a list cell: separated by `;` (also `；`, `、`, `,`, `，`, new lines)."""
    return [s.strip() for s in LIST_SEPARATORS.split(text) if s.strip()]


def parse_int(text: str) -> int | None:
    """A whole number: `12`, `+12`, `-3`, `1,200`, `12.0` (Excel's float); else None.

    Numbers of more than 18 digits come back as 10**18, larger than every column's
    maximum, so the caller says "too large" without Python building a huge int.
    """
    m = _INT.fullmatch(text.strip())
    if not m:
        return None
    digits = m[2].replace(",", "")
    value = 10**_MAX_DIGITS if len(digits) > _MAX_DIGITS else int(digits)
    return -value if m[1] == "-" else value


def parse_date(text: str) -> dt.date | None:
    """`YYYY-MM-DD`, also `YYYY/M/D`, `YYYY.M.D` and `YYYY年M月D日` (a midnight time, as
    Excel appends to dates, is allowed); None if it is not a calendar date."""
    m = _DATE.fullmatch(text.strip())
    if not m:
        return None
    month, day = (m[3], m[4]) if m[2] else (m[5], m[6])
    try:
        return dt.date(int(m[1]), int(month), int(day))
    except ValueError:
        return None


def parse_time(text: str) -> dt.time | None:
    """`HH:MM` (also `H:MM`, `HH:MM:SS`, a full-width colon); None if not a time of day."""
    m = _TIME.fullmatch(text.strip())
    if not m:
        return None
    h, mi, s = int(m[1]), int(m[2]), int(m[3] or 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return dt.time(h, mi, s)


def parse_datetime(text: str) -> dt.datetime | None:
    """An ISO date-time such as `2024-07-02T16:00:00Z` (what `modified` holds), or a date
    and time as Excel re-saves it (`2024/7/3 0:00`); None otherwise."""
    t = text.strip()
    try:
        return dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        pass
    day, _, clock = t.partition(" ")
    d, time = parse_date(day), parse_time(clock) if clock else dt.time(0)
    return dt.datetime.combine(d, time) if d is not None and time is not None else None


def _days(lo: dt.date, hi: dt.date) -> Iterator[dt.date]:
    d = lo
    while d <= hi:
        yield d
        d += dt.timedelta(days=1)


def parse_dates(
    text: str, within: tuple[dt.date, dt.date] | None = None
) -> tuple[frozenset[dt.date], list[tuple[str, str]]]:
    """A list of dates and ranges, expanded to its days; plus (check, item) per bad item.

    `within`: only the days inside it are kept (a range `2024-07-01..9999-12-31` is
    "closed for good" and costs as many days as the horizon, not 2.9 million).
    """
    days: set[dt.date] = set()
    bad: list[tuple[str, str]] = []
    for item in split_list(text):
        ends = RANGE_SEPARATOR.split(item)
        if len(ends) == 1:
            d = parse_date(item)
            if d is None:
                bad.append(("bad_date", item))
            elif within is None or within[0] <= d <= within[1]:
                days.add(d)
            continue
        lo, hi = (parse_date(e) for e in ends) if len(ends) == 2 else (None, None)
        if lo is None or hi is None:
            bad.append(("bad_date", item))
        elif hi < lo:
            bad.append(("bad_range", item))
        elif within is None:
            days.update(_days(lo, hi))
        else:
            days.update(_days(max(lo, within[0]), min(hi, within[1])))
    return frozenset(days), bad


def parse_days(text: str) -> tuple[str, frozenset[int]] | None:
    """`days` of the kinds sheet: a keyword, or weekdays (`Tue;Wed`, ranges like 周一至周五)."""
    key = text.strip().lower()
    if key in DAYS_VALUES:
        return DAYS_VALUES[key], frozenset()
    weekdays: set[int] = set()
    for item in split_list(key):
        ends = _WEEKDAY_RANGE.split(item)
        if len(ends) > 2 or not all(e in WEEKDAY_VALUES for e in ends):
            return None
        lo, hi = WEEKDAY_VALUES[ends[0]], WEEKDAY_VALUES[ends[-1]]
        if hi < lo:
            return None
        weekdays.update(range(lo, hi + 1))
    return ("list", frozenset(weekdays)) if weekdays else None


def norm_header(text: str) -> str:
    """A header or sheet name as compared: lower case, spaces and hyphens as `_`, without
    invisible characters (a BOM or zero-width space before `region_id` is still region_id)."""
    visible = "".join(c for c in text if not invisible(c) or c.isspace())
    return re.sub(r"[\s\-]+", "_", visible.strip().lower())
