"""Small scenarios built in code, for tests that need no files (hypothesis, rule-binding cases)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from scheduler import presets
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


# --------------------------------------------------------------------------- preset folders


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


#: a small province per preset: (top region, its name, cities with one county each)
PROVINCES = {
    "im-2024": ("150000", "内蒙古自治区", [("150100", "呼和浩特市"), ("150200", "包头市")]),
    "jilin-2022": ("220000", "吉林省", [("220100", "长春市"), ("220200", "吉林市")]),
    "hubei-2023": ("420000", "湖北省", [("420100", "武汉市"), ("420200", "黄石市")]),
    "im-2022-2025": ("150000", "内蒙古自治区", [("150100", "呼和浩特市"), ("150200", "包头市")]),
    "shandong-2024": ("370000", "山东省", [("370100", "济南市"), ("370200", "青岛市")]),
}


def preset_folder(tmp_path: Path, name: str, **settings: str) -> Path:
    """A scenario folder naming `name` in its settings, with no rules or kinds sheet: every
    region (the province too) has a big hall and a small room for every onsite kind, and
    carries every tag the preset's rules are scoped to; a pool per city and the province."""
    preset = presets.get(name)
    top, top_name, cities = PROVINCES[name]
    tags = ";".join(t.name for t in preset.tags)
    folder = tmp_path / name
    folder.mkdir()
    write_csv(
        folder / "settings.csv",
        [{"key": "name", "value": f"{name} 测试"}, {"key": "preset", "value": name}]
        + [{"key": k, "value": v} for k, v in settings.items()],
    )
    regions = [
        {"region_id": top, "name": top_name, "level": "province", "parent_id": "", "tags": ""}
    ]
    for cid, cname in cities:
        county = cid[:4] + "02"
        regions.append(
            {"region_id": cid, "name": cname, "level": "city", "parent_id": top, "tags": tags}
        )
        regions.append(
            {
                "region_id": county,
                "name": f"{cname}某区",
                "level": "county",
                "parent_id": cid,
                "tags": tags,
            }
        )
    write_csv(folder / "regions.csv", regions)
    venues = []
    for r in regions:
        rid = r["region_id"]
        venues.append({"venue_id": f"V{rid}-1", "region_id": rid, "name": f"{r['name']}人力资源市场",
                       "capacity": "5000", "kinds": ""})  # fmt: skip
        venues.append({"venue_id": f"V{rid}-2", "region_id": rid, "name": f"{r['name']}招聘厅",
                       "capacity": "600", "kinds": ""})  # fmt: skip
    write_csv(folder / "venues.csv", venues)
    pools = [
        {"pool_id": f"P-{top}", "name": f"{top_name}就业服务中心", "serves": top, "headcount": "40"}
    ]
    pools += [
        {"pool_id": f"P-{cid}", "name": f"{cname}就业服务中心", "serves": cid, "headcount": "30"}
        for cid, cname in cities
    ]
    write_csv(folder / "staff.csv", pools)
    return folder


__all__ = ["D", "Event", "Theme", "days", "preset_folder", "tiny", "write_csv"]


def pinned_part() -> tuple[Any, Any]:
    """A 3-city province's one part, its counts pinned at the greedy plan's (the quality
    level as the solvers get it): the job and the component model."""
    from benchmarks import generate
    from scheduler.cpsat.cells import build_cells, components
    from scheduler.cpsat.decomposition import Job
    from scheduler.cpsat.levels import Counts, packing, pin
    from scheduler.greedy import greedy

    s = generate.province(7, cities=3, counties=12)
    job = Job.make(s, None)
    cells = build_cells(job.derived, job.fixed)
    [group] = components(cells)
    model = job.model(cells.subset(group), job.fixed, [])
    start = model.evaluate(greedy(s))
    assert start is not None and start.feasible
    pin(model, Counts.of(start), packing(model))
    return job, model
