"""Small scenarios built in code, for tests that need no files (hypothesis, rule-binding cases)."""

from __future__ import annotations

import datetime as dt

from scheduler.model import (
    Event,
    KindSpec,
    Region,
    Rule,
    Scenario,
    Settings,
    StaffPool,
    Theme,
    Venue,
    date_range,
)

D = dt.date


def days(a: str, b: str | None = None) -> frozenset[dt.date]:
    return frozenset(date_range(D.fromisoformat(a), D.fromisoformat(b or a)))


def tiny(**overrides: object) -> Scenario:
    """CONTRACT §5's worked example, built directly; keyword arguments replace parts."""
    start, end = D(2024, 7, 3), D(2024, 7, 31)
    parts: dict[str, object] = dict(
        settings=Settings("tiny", start, end),
        regions={
            "150000": Region("150000", "内蒙古自治区", "province", None),
            "150100": Region("150100", "呼和浩特市", "city", "150000"),
            "150121": Region("150121", "土默特左旗", "county", "150100"),
        },
        rules=(
            Rule("weekly", "city", "specialized", "week", 1, start, end, "000 五(五)"),
            Rule("monthly", "city", "comprehensive", "month", 1, start, end, "000 五(五)"),
            Rule("county", "county", "any", "month", 1, start, end, "003 三(十)"),
        ),
        kinds={
            "specialized": KindSpec("specialized", 3, 200, dt.time(9), dt.time(12), "workdays"),
            "comprehensive": KindSpec("comprehensive", 8, 1500, dt.time(9), dt.time(15), "any"),
        },
        venues={
            "HH-1": Venue(
                "HH-1",
                "150100",
                "呼和浩特市人力资源市场",
                3000,
                unavailable=days("2024-07-20", "2024-07-21"),
            ),
            "HH-2": Venue(
                "HH-2", "150100", "呼和浩特市就业服务中心", 400, kinds=frozenset({"specialized"})
            ),
            "TM-1": Venue(
                "TM-1", "150121", "土默特左旗就业服务站", 300, kinds=frozenset({"specialized"})
            ),
        },
        pools={"P-HH": StaffPool("P-HH", "呼和浩特市就业服务局", ("150100",), 10)},
        themes=(),
        events=(),
        source="tiny",
    )
    parts.update(overrides)
    return Scenario(**parts)  # type: ignore[arg-type]


__all__ = ["D", "Event", "Theme", "days", "tiny"]
