"""Fixtures for the monitor tests: small scenarios built in code (the real databases,
`db_url` on SQLite and PostgreSQL, come from tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

from monitor.records import Record
from scheduler.model import Region, Rule, Scenario, Settings

D = dt.date
CITY, COUNTY, PROVINCE = "150100", "150121", "150000"
START, END = D(2024, 7, 3), D(2024, 7, 31)  # the worked example's horizon


def regions() -> dict[str, Region]:
    """The worked example's regions (CONTRACT §5): one province, one city, one county."""
    return {
        PROVINCE: Region(PROVINCE, "内蒙古自治区", "province", None),
        CITY: Region(CITY, "呼和浩特市", "city", PROVINCE),
        COUNTY: Region(COUNTY, "土默特左旗", "county", CITY),
    }


def rule(
    rule_id: str,
    scope: str,
    kind: str,
    period: str,
    start: dt.date,
    end: dt.date,
    min_count: int = 1,
) -> Rule:
    return Rule(rule_id, scope, kind, period, min_count, start, end, "test")  # type: ignore[arg-type]


def scenario(*rules: Rule, start: dt.date = START, end: dt.date = END) -> Scenario:
    """A scenario with the worked example's regions and the given rules."""
    if not rules:
        rules = tiny_rules(start, end)
    return Scenario(Settings("tiny", start, end), regions(), tuple(rules), {}, {}, {})


def tiny_rules(start: dt.date = START, end: dt.date = END) -> tuple[Rule, ...]:
    """The worked example's rules: weekly specialized and monthly comprehensive per city, monthly per county."""
    return (
        rule("weekly", "city", "specialized", "week", start, end),
        rule("monthly", "city", "comprehensive", "month", start, end),
        rule("county", "county", "any", "month", start, end),
    )


_n = iter(range(1, 10**9))


def rec(
    region_id: str,
    kind: str,
    date: dt.date,
    status: str = "held",
    record_id: str | None = None,
    **kw: object,
) -> Record:
    return Record(record_id or f"T{next(_n)}", region_id, kind, date, status, **kw)  # type: ignore[arg-type]
