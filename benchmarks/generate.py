"""Benchmark scenarios, deterministic by seed (issue 6): the sample, a province, the country.

Shapes follow the policy a real bureau plans against: a specialized fair every
week and a comprehensive fair every month in every city (000 五(五)), a fair
every month in every county (003 三(十)); July–December 2024 (26 weeks) with the
CN statutory holidays. Ids look like administrative division codes; names,
venues and staff are invented.

Tight spots that real calendars have, and that the generator builds in:

- **National Day.** In 2024 (per `WorkCalendar`) 1–7 October is the break, 29
  September (Sun) and 12 October (Sat) are make-up workdays, and the week of 30
  September has a single workday, Monday 30 September. So every city's weekly
  specialized fair (workdays only) must fall on that one Monday. In a few cities
  ("National Day cities") the specialized rooms are also booked for the
  ordinary workdays next to the break (23–27 September and 8–11 October), so
  the only workdays those weeks leave them are the make-up days 29 September
  and 12 October.
- **City bureaus away on 30 September.** A few city pools are unavailable on
  30 September, so those cities must borrow the provincial pool, which is
  sized to cover exactly them and a little more: first-pool-that-fits greedy
  spends it on other cities first.
- **Venues closed for weeks.** Some big halls close for 2–3 weeks and some
  county venues for 1–2 weeks (renovation, exams), never so long that a rule
  becomes impossible.
- **A provincial staff pool shared by all cities** (and their counties), so a
  province is one component of the model.

Every scenario is feasible: each rule can be met (a city always keeps a venue
of each kind open on at least one allowed day per period, and its own pool or
the provincial one has people for it).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from scheduler.model import (
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

START, END = dt.date(2024, 7, 1), dt.date(2024, 12, 31)

#: ordinary workdays around the 2024 National Day break: booked in "National Day cities"
BEFORE_BREAK = frozenset(date_range(dt.date(2024, 9, 23), dt.date(2024, 9, 27)))
AFTER_BREAK = frozenset(date_range(dt.date(2024, 10, 8), dt.date(2024, 10, 11)))
MAKEUP_DAYS = (dt.date(2024, 9, 29), dt.date(2024, 10, 12))
LONE_MONDAY = dt.date(2024, 9, 30)  # the only workday of the week of 30 September

#: real two-digit province prefixes (mainland China), in code order
PROVINCE_CODES = (
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
    42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
)  # fmt: skip

KINDS = {
    "specialized": KindSpec("specialized", 4, 200, dt.time(9, 0), dt.time(12, 0), "workdays"),
    "comprehensive": KindSpec("comprehensive", 10, 1000, dt.time(9, 0), dt.time(15, 30), "any"),
}
THEMES = ("数字经济", "先进制造", "现代服务业", "乡村振兴", "高校毕业生", "退役军人")
_SYLLABLES = "安平东西南北新兴华阳宁泰和丰临清河山源城川江湖林石宝昌隆庆云德永长"


def rules(start: dt.date = START, end: dt.date = END) -> tuple[Rule, ...]:
    return (
        Rule("city-weekly-specialized", "city", "specialized", "week", 1, start, end, "000 五(五)"),
        Rule("city-monthly-comprehensive", "city", "comprehensive", "month", 1, start, end, "000 五(五)"),
        Rule("county-monthly", "county", "any", "month", 1, start, end, "003 三(十)"),
    )  # fmt: skip


@dataclass
class _Parts:
    regions: dict[str, Region] = field(default_factory=dict)
    venues: dict[str, Venue] = field(default_factory=dict)
    pools: dict[str, StaffPool] = field(default_factory=dict)
    tight: dict[str, list[str]] = field(default_factory=dict)  # spot → region or venue ids


def _name(rnd: random.Random, suffix: str) -> str:
    return "".join(rnd.choice(_SYLLABLES) for _ in range(2)) + suffix


def _weeks_closed(rnd: random.Random, weeks: int) -> frozenset[dt.date]:
    """`weeks` consecutive whole weeks in the horizon, away from the National Day fortnight."""
    while True:
        monday = START + dt.timedelta(weeks=rnd.randrange(0, 26 - weeks))
        days = frozenset(date_range(monday, monday + dt.timedelta(days=7 * weeks - 1)))
        if not days & (BEFORE_BREAK | AFTER_BREAK | {LONE_MONDAY, *MAKEUP_DAYS}):
            return days


def _split(rnd: random.Random, total: int, parts: int, lo: int, hi: int) -> list[int]:
    """`parts` integers in [lo, hi] summing to `total` (clamped), seeded."""
    out = [lo] * parts
    left = max(0, total - lo * parts)
    while left > 0 and any(x < hi for x in out):
        i = rnd.randrange(parts)
        if out[i] < hi:
            out[i] += 1
            left -= 1
    return out


def _province(
    rnd: random.Random, parts: _Parts, code: int, parent: str | None, cities: int, counties: int
) -> None:
    pid = f"{code:02d}0000"
    parts.regions[pid] = Region(pid, _name(rnd, "省"), "province", parent)
    city_ids = [f"{code:02d}{c + 1:02d}00" for c in range(cities)]
    per_city = _split(rnd, counties, cities, 3, 16)
    # cities whose bureau is away on 30 September, and "National Day cities"
    away = set(rnd.sample(city_ids, k=max(1, cities // 6)))
    makeup = set(rnd.sample(city_ids, k=max(1, cities // 8)))
    parts.tight.setdefault("pool_away_sep30", []).extend(sorted(away))
    parts.tight.setdefault("makeup_only_weeks", []).extend(sorted(makeup))
    # provincial pool shared by all cities: enough for the away cities on 30 Sep plus a margin
    spec = KINDS["specialized"].staff
    parts.pools[f"P-{pid}"] = StaffPool(
        f"P-{pid}", f"{parts.regions[pid].name}公共就业服务中心", (pid,), spec * (len(away) + 2)
    )
    parts.tight.setdefault("shared_pools", []).append(f"P-{pid}")
    for cid, n_counties in zip(city_ids, per_city, strict=True):
        name = _name(rnd, "市")
        parts.regions[cid] = Region(cid, name, "city", pid)
        # own bureau: a comprehensive fair (10) and two specialized fairs (4) on a busy day
        parts.pools[f"P-{cid}"] = StaffPool(
            f"P-{cid}",
            f"{name}公共就业服务中心",
            (cid,),
            rnd.choice((12, 14, 16, 18)),
            frozenset({LONE_MONDAY}) if cid in away else frozenset(),
        )
        hall_closed = _weeks_closed(rnd, rnd.choice((2, 3))) if rnd.random() < 0.3 else frozenset()
        parts.venues[f"{cid}-H"] = Venue(
            f"{cid}-H", cid, f"{name}人力资源市场", rnd.choice((2000, 3000, 5000)),
            unavailable=hall_closed,
        )  # fmt: skip
        if hall_closed:
            parts.tight.setdefault("venues_closed_weeks", []).append(f"{cid}-H")
        booked = (BEFORE_BREAK | AFTER_BREAK) if cid in makeup else frozenset()
        for r in range(rnd.choice((1, 2))):
            vid = f"{cid}-S{r + 1}"
            parts.venues[vid] = Venue(
                vid, cid, f"{name}就业服务中心{r + 1}号厅", rnd.choice((300, 400, 600, 800)),
                frozenset({"specialized"}), booked,
            )  # fmt: skip
        if booked:
            # the big hall (both kinds) is booked on those days too: only make-up days are left
            h = parts.venues[f"{cid}-H"]
            parts.venues[f"{cid}-H"] = Venue(
                h.venue_id, cid, h.name, h.capacity, h.kinds, h.unavailable | booked
            )
        for k in range(n_counties):
            kid = f"{cid[:4]}{k + 1:02d}"
            kname = _name(rnd, rnd.choice("县县县区旗"))
            parts.regions[kid] = Region(kid, kname, "county", cid)
            closed = _weeks_closed(rnd, rnd.choice((1, 2))) if rnd.random() < 0.15 else frozenset()
            big = rnd.random() < 0.25
            parts.venues[f"{kid}-1"] = Venue(
                f"{kid}-1", kid, f"{kname}就业服务站", rnd.choice((1200, 1500)) if big else rnd.choice((200, 300, 500)),
                frozenset({"specialized", "comprehensive"}) if big else frozenset({"specialized"}),
                closed,
            )  # fmt: skip
            if closed:
                parts.tight.setdefault("venues_closed_weeks", []).append(f"{kid}-1")


def _scenario(name: str, parts: _Parts, seed: int) -> Scenario:
    extra = (("bench_seed", str(seed)),)
    return Scenario(
        settings=Settings(name, START, END, extra=extra),
        regions=parts.regions,
        rules=rules(),
        kinds=dict(KINDS),
        venues=parts.venues,
        pools=parts.pools,
        themes=tuple(Theme("*", t) for t in THEMES),
        source=f"benchmarks.generate:{name}",
    )


def tight_spots(scenario: Scenario) -> dict[str, list[str]]:
    """Which regions, venues and pools carry each tight spot (recomputed from the scenario)."""
    out: dict[str, list[str]] = {
        "pool_away_sep30": sorted(
            p.serves[0] for p in scenario.pools.values() if LONE_MONDAY in p.unavailable
        ),
        "makeup_only_weeks": sorted(
            v.region_id
            for v in scenario.venues.values()
            if v.kinds == frozenset({"specialized"}) and v.unavailable >= BEFORE_BREAK
        ),
        "venues_closed_weeks": sorted(
            v.venue_id
            for v in scenario.venues.values()
            if len(v.unavailable - BEFORE_BREAK - AFTER_BREAK) >= 7
        ),
        "shared_pools": sorted(
            p.pool_id
            for p in scenario.pools.values()
            if scenario.regions[p.serves[0]].level in ("province", "country")
        ),
    }
    out["makeup_only_weeks"] = sorted(set(out["makeup_only_weeks"]))
    return out


def province(seed: int = 1, cities: int = 16, counties: int = 140) -> Scenario:
    """One province: `cities` cities, about `counties` counties, one shared provincial pool."""
    rnd = random.Random(f"province:{seed}:{cities}:{counties}")
    parts = _Parts()
    code = rnd.choice(PROVINCE_CODES)
    _province(rnd, parts, code, None, cities, counties)
    return _scenario(f"bench-province-{seed}", parts, seed)


def national(
    seed: int = 1, provinces: int = 31, cities: int = 330, counties: int = 2850
) -> Scenario:
    """The country: 31 provinces, ~330 cities, ~2,850 county-level divisions, 26 weeks."""
    rnd = random.Random(f"national:{seed}:{provinces}:{cities}:{counties}")
    parts = _Parts()
    parts.regions["000000"] = Region("000000", "全国", "country", None)
    city_split = _split(rnd, cities, provinces, 3, 21)
    # counties in proportion to cities, remainder spread by the seed
    total_c = sum(city_split)
    county_split = [max(3 * c, counties * c // total_c) for c in city_split]
    for i in rnd.sample(range(provinces), k=max(0, counties - sum(county_split))):
        county_split[i] += 1
    for code, n_cities, n_counties in zip(
        PROVINCE_CODES[:provinces], city_split, county_split, strict=True
    ):
        _province(rnd, parts, code, "000000", n_cities, n_counties)
    return _scenario(f"bench-national-{seed}", parts, seed)


def sample() -> Scenario:
    """The bundled Inner Mongolia sample (scheduler/data/sample)."""
    from scheduler.samples import sample_path
    from scheduler.scenario import load_scenario

    return load_scenario(sample_path())


#: the bundled policy scenarios (issue 13), planned as a planner would load them
POLICY_SCALES = ("im-2022-2025", "shandong-2024")
SCALES = ("sample", "province", "national", *POLICY_SCALES)


def im_2022_2025() -> Scenario:
    """Inner Mongolia 2022–2025 (003, issue 13's target): the bundled sample's 12 leagues
    and cities, 103 banners and counties, venues and staff, with the preset `im-2022-2025`
    — a fair every week in every city and every month in every county for 209 weeks, and
    the 200 special events over the region — loaded through settings `preset`, the real
    way. The preset has no comprehensive fairs, so the two halls that allow only those
    are left out (the loader would refuse a kind the scenario does not have)."""
    import csv
    import tempfile
    from pathlib import Path

    from scheduler.samples import sample_path
    from scheduler.scenario import load_scenario

    source = sample_path()
    with tempfile.TemporaryDirectory(prefix="fairplan-im-2022-2025-") as tmp:
        folder = Path(tmp)
        for name in ("regions", "staff"):
            (folder / f"{name}.csv").write_bytes((source / f"{name}.csv").read_bytes())
        with (source / "venues.csv").open(encoding="utf-8-sig", newline="") as f:
            venues = [v for v in csv.DictReader(f) if v["kinds"] != "comprehensive"]
        with (folder / "venues.csv").open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(venues[0]))
            w.writeheader()
            w.writerows(venues)
        (folder / "settings.csv").write_text(
            "key,value\nname,内蒙古促进重点群体就业行动（2022—2025年）\npreset,im-2022-2025\n",
            encoding="utf-8",
        )
        return load_scenario(folder)


def policy_sample(name: str) -> Scenario:
    """A bundled sample scenario by name (`scheduler.samples`), e.g. `shandong-2024`."""
    from scheduler.samples import sample_path
    from scheduler.scenario import load_scenario

    return load_scenario(sample_path(name=name))


def by_scale(scale: str, seed: int = 1) -> Scenario:
    if scale == "sample":
        return sample()
    if scale == "province":
        return province(seed)
    if scale == "national":
        # the size of the national scenario of issue 12 (about 3,200 counties and cities)
        return national(seed, cities=341, counties=3128)
    if scale == "im-2022-2025":
        return im_2022_2025()
    if scale in POLICY_SCALES:
        return policy_sample(scale)
    raise ValueError(f"unknown scale {scale!r}: {' | '.join(SCALES)}")
