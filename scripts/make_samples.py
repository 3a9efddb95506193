"""Generate the bundled Shandong 2024 and Hubei 2023 sample scenarios (docs/sample.md).

Writes `scheduler/data/samples/shandong-2024/` and `scheduler/data/samples/hubei-2023/`:
one CSV per sheet (CONTRACT §2 + §6, UTF-8 with BOM, `\\r\\n`) and a README.md saying
what is real and what is invented.

    python scripts/make_samples.py --divisions DIR [--check FILE] [--out-dir scheduler/data/samples]

Where the real parts come from:

- regions and their administrative division codes and names, and the streets and towns
  the Hubei touring fairs visit: the public dataset modood/Administrative-divisions-of-China
  (github.com/modood/Administrative-divisions-of-China), commit `DIVISIONS_COMMIT`, files
  dist/provinces.csv, dist/cities.csv, dist/areas.csv, dist/streets.csv — the National
  Bureau of Statistics' 2023 statistical division codes (统计用区划代码, as of 2023-06-30).
  `--divisions` is a checkout of it (with dist/) or its git directory (read at that commit).
  The statistical-only zones (codes xxxx7x: development zones, 龙感湖管理区) are not
  administrative divisions and are left out; Hubei's four county-level divisions under
  the province (仙桃、潜江、天门、神农架林区, grouped by the dataset as 4290 省直辖县级行政区划)
  become city-level regions directly under the province, as the Hubei notice addresses
  them ("各市、州、直管市、神农架林区").
- `--check` cross-checks the counties against a second, independent list:
  xiangyuecn/AreaCity-JsSpider-StatsGov, commit `CHECK_COMMIT`,
  src/采集到的数据/ok_data_level3.csv (merged from the Ministry of Civil Affairs' 2023 list
  and others); every code and name must agree, or the script stops.
- kinds and rules: the presets `shandong-2024` and `hubei-2023` (scheduler/presets.py).
- universities: real universities of each Shandong city (general knowledge, not from the
  dataset); the halls, capacities and closures at them are invented.

Everything else (venues, addresses below city level, capacities, closures, staff pools,
headcounts, tags, the Hubei online fairs) is invented but plausible, and each README says
so. Deterministic: no randomness; re-running rewrites byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from make_sample import write_csvs  # noqa: E402  (the one CSV writer of the samples)

from scheduler import presets  # noqa: E402

DIVISIONS_REPO = "modood/Administrative-divisions-of-China"
DIVISIONS_COMMIT = "57a0aa9cef47169a2eb74cf057b0245052a34e8c"
CHECK_REPO = "xiangyuecn/AreaCity-JsSpider-StatsGov"
CHECK_COMMIT = "1ec058087376da33e086b2fe1691ea17b0e365bb"
CHECK_FILE = "src/采集到的数据/ok_data_level3.csv"
DIRECT = "90"  # the dataset's city code xx90: county-level divisions under the province


# --------------------------------------------------------------------------- the dataset


@dataclass
class Province:
    code: str  # 6 digits, e.g. 370000
    name: str
    cities: list[tuple[str, str]] = field(default_factory=list)  # city-level, incl. direct
    counties: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # by city
    streets: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # by region
    direct: set[str] = field(default_factory=set)  # county-level divisions under the province


def _read_csv(root: Path, relpath: str, commit: str) -> list[dict[str, str]]:
    """A dataset's CSV file from a checkout, or from a git directory at the pinned commit."""
    on_disk = root / relpath
    if on_disk.is_file():
        text = on_disk.read_text("utf-8-sig")
    else:  # a git directory, e.g. a mirror
        text = subprocess.run(
            ["git", f"--git-dir={root}", "show", f"{commit}:{relpath}"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _read(root: Path, name: str) -> list[dict[str, str]]:
    return _read_csv(root, f"dist/{name}", DIVISIONS_COMMIT)


def _statistical_only(code: str) -> bool:
    """NBS codes xxxx7x are development zones and 管理区, not administrative divisions."""
    return code[4] == "7"


def load_province(root: Path, prefix: str) -> Province:
    name = next(r["name"] for r in _read(root, "provinces.csv") if r["code"] == prefix)
    p = Province(prefix + "0000", name)
    for r in _read(root, "cities.csv"):
        if r["provinceCode"] == prefix and r["code"][2:] != DIRECT:
            p.cities.append((r["code"] + "00", r["name"]))
            p.counties[r["code"] + "00"] = []
    for r in _read(root, "areas.csv"):
        if r["provinceCode"] != prefix or _statistical_only(r["code"]):
            continue
        if r["cityCode"][2:] == DIRECT:
            p.cities.append((r["code"], r["name"]))
            p.direct.add(r["code"])
        else:
            p.counties[r["cityCode"] + "00"].append((r["code"], r["name"]))
    for r in _read(root, "streets.csv"):
        if r["provinceCode"] == prefix:
            p.streets.setdefault(r["areaCode"], []).append((r["code"], r["name"]))
    return p


def cross_check(p: Province, root: Path) -> str:
    """Compare every city- and county-level code and name with the second list."""
    theirs: dict[str, str] = {}
    for r in _read_csv(root, CHECK_FILE, CHECK_COMMIT):
        code = r["id"]
        if code.startswith(p.code[:2]) and len(code) in (4, 6):
            theirs[code.ljust(6, "0")] = r["ext_name"]
    ours = dict(p.cities)
    for rows in p.counties.values():
        ours.update(rows)
    if ours != theirs:
        only_ours = sorted(set(ours.items()) - set(theirs.items()))
        only_theirs = sorted(set(theirs.items()) - set(ours.items()))
        raise SystemExit(f"{p.name}: the lists differ: {only_ours} vs {only_theirs}")
    return (
        f"all {len(ours)} city- and county-level codes and names agree with {CHECK_REPO}"
        f" ({CHECK_FILE}, commit {CHECK_COMMIT})"
    )


# --------------------------------------------------------------------------- Shandong

# per city: (short prefix for ids, [(university, abbreviation, type, [(hall, capacity)])]).
# The universities are real; the halls and capacities are invented.
SHANDONG_UNIVERSITIES: dict[str, list[tuple[str, str, str, list[tuple[str, int]]]]] = {
    "370100": [
        (
            "山东大学",
            "SDU",
            "综合",
            [("中心校区体育馆", 4000), ("学生就业创业指导中心招聘大厅", 800)],
        ),
        ("山东师范大学", "SDNU", "师范", [("长清湖校区体育馆", 3000)]),
        ("济南大学", "UJN", "综合", [("西校区体育馆", 2500), ("大学生活动中心", 700)]),
        ("山东财经大学", "SDUFE", "财经", [("舜耕校区学生活动中心", 900)]),
        ("齐鲁工业大学", "QLU", "理工", [("长清校区体育馆", 2800)]),
        ("山东建筑大学", "SDJZU", "理工", [("学生活动中心", 800)]),
    ],
    "370200": [
        ("中国海洋大学", "OUC", "综合", [("崂山校区体育馆", 3500), ("就业指导中心招聘厅", 600)]),
        ("青岛大学", "QDU", "综合", [("浮山校区体育馆", 3000)]),
        ("山东科技大学", "SDUST", "理工", [("黄岛校区体育馆", 3000)]),
        ("中国石油大学（华东）", "UPC", "理工", [("唐岛湾校区体育馆", 2800)]),
        ("青岛科技大学", "QUST", "理工", [("崂山校区学生活动中心", 900)]),
        ("青岛农业大学", "QAU", "农林", [("城阳校区体育馆", 2200)]),
    ],
    "370300": [
        ("山东理工大学", "SDUT", "理工", [("西校区体育馆", 3000), ("大学生就业指导中心", 600)]),
        ("淄博职业学院", "ZBVC", "职业", [("体育馆", 2000)]),
    ],
    "370400": [("枣庄学院", "UZZ", "综合", [("体育馆", 2200), ("大学生活动中心", 600)])],
    "370500": [
        ("山东石油化工学院", "SDIPCT", "理工", [("体育馆", 2000)]),
        ("东营职业学院", "DYVC", "职业", [("学生活动中心", 700)]),
    ],
    "370600": [
        ("烟台大学", "YTU", "综合", [("体育馆", 3200), ("就业指导中心招聘厅", 600)]),
        ("鲁东大学", "LDU", "师范", [("体育馆", 2600)]),
        ("山东工商学院", "SDTBU", "财经", [("学生活动中心", 900)]),
    ],
    "370700": [
        ("潍坊学院", "WFU", "综合", [("体育馆", 2600), ("大学生活动中心", 700)]),
        ("潍坊职业学院", "WFVC", "职业", [("体育馆", 2000)]),
    ],
    "370800": [
        ("曲阜师范大学", "QFNU", "师范", [("曲阜校区体育馆", 3000)]),
        ("济宁学院", "JNXY", "综合", [("学生活动中心", 700)]),
        ("济宁医学院", "JNMC", "医学", [("体育馆", 2200)]),
    ],
    "370900": [
        ("山东农业大学", "SDAU", "农林", [("南校区体育馆", 3000), ("就业指导中心招聘厅", 600)]),
        ("泰山学院", "TSU", "综合", [("体育馆", 2000)]),
    ],
    "371000": [
        ("山东大学（威海）", "SDUWH", "综合", [("体育馆", 2800)]),
        ("哈尔滨工业大学（威海）", "HITWH", "理工", [("体育馆", 2600), ("学生活动中心", 700)]),
    ],
    "371100": [
        ("曲阜师范大学（日照校区）", "QFNURZ", "师范", [("体育馆", 2400)]),
        ("日照职业技术学院", "RZPT", "职业", [("学生活动中心", 800)]),
    ],
    "371300": [("临沂大学", "LYU", "综合", [("体育馆", 3200), ("大学生活动中心", 900)])],
    "371400": [("德州学院", "DZU", "综合", [("体育馆", 2400), ("大学生活动中心", 600)])],
    "371500": [("聊城大学", "LCU", "综合", [("西校区体育馆", 3000), ("就业指导中心招聘厅", 600)])],
    "371600": [
        ("滨州学院", "BZU", "综合", [("体育馆", 2400)]),
        ("滨州职业学院", "BZVC", "职业", [("学生活动中心", 800)]),
    ],
    "371700": [("菏泽学院", "HZU", "综合", [("体育馆", 2400), ("大学生活动中心", 600)])],
}

# teaching breaks of the 2023–24 academic year, when campus halls host no fairs (invented
# but typical of Shandong universities): winter and summer holidays
UNIVERSITY_BREAKS = "2024-01-13..2024-02-25;2024-07-06..2024-08-31"


def shandong(p: Province) -> dict[str, list[list[object]]]:
    preset = presets.get("shandong-2024")
    regions = _regions(p, tags={})
    venues: list[list[object]] = [
        ["venue_id", "region_id", "name", "capacity", "kinds", "unavailable", "address"]
    ]
    city_names = dict(p.cities)
    for city, unis in SHANDONG_UNIVERSITIES.items():
        for uni, abbr, _type, halls in unis:
            for i, (hall, capacity) in enumerate(halls, 1):
                kinds = "campus;double_selection" if capacity >= 2000 else "campus"
                closed = UNIVERSITY_BREAKS
                if abbr == "SDU" and i == 1:  # a sports meeting, on purpose
                    closed = "2023-10-16..2023-10-20;" + closed
                venues.append(
                    [
                        f"V{city}-{abbr}-{i}",
                        city,
                        f"{uni}{hall}",
                        capacity,
                        kinds,
                        closed,
                        f"{p.name}{city_names[city]}，{uni}",
                    ]
                )
    staff: list[list[object]] = [["pool_id", "name", "serves", "headcount", "unavailable"]]
    staff.append(
        [f"P-{p.code}", "山东省公共就业和人才服务中心", p.code, 24, "2024-03-11..2024-03-12"]
    )
    for i, (city, name) in enumerate(p.cities):
        headcount = 12 + (int(city[2:4]) * 3) % 9  # 12–20, arithmetic on the code
        absent = "2023-11-08" if i % 5 == 2 else ""
        staff.append([f"P-{city}", f"{name}公共就业和人才服务中心", city, headcount, absent])
    return {
        "settings": _settings(preset, "山东省2024届高校毕业生“就选山东”“职等你来”招聘活动（样例）"),
        "regions": regions,
        "rules": _rows(presets.RULE_COLUMNS, presets.rules_rows(preset)),
        "kinds": _rows(presets.KIND_COLUMNS, presets.kinds_rows(preset)),
        "venues": venues,
        "staff": staff,
    }


# --------------------------------------------------------------------------- Hubei

# Which regions carry the hubei-2023 preset's tags (invented, illustrative): the cities
# with the most universities, and some cities and counties for the touring fairs.
HUBEI_GRADUATES = ("420100", "420200", "420300", "420500", "420600", "421000")
HUBEI_JOBLESS_YOUTH = (
    "420900",  # 孝感市
    "421100",  # 黄冈市
    "422800",  # 恩施土家族苗族自治州
    "429004",  # 仙桃市
    "420222",  # 阳新县
    "420304",  # 郧阳区
    "420984",  # 汉川市
    "421083",  # 洪湖市
    "421088",  # 监利市
    "421126",  # 蕲春县
    "421181",  # 麻城市
    "422802",  # 利川市
)
# a city's own touring fairs go to the streets and towns of its seat
HUBEI_SEAT = {"420900": "420902", "421100": "421102", "422800": "422801", "429004": "429004"}
# the province's online fairs of the national 百日千万 campaign, already fixed (invented dates)
HUBEI_ONLINE = ("2023-05-16", "2023-06-13", "2023-07-11", "2023-08-15")


def hubei(p: Province) -> dict[str, list[list[object]]]:
    preset = presets.get("hubei-2023")
    tags: dict[str, list[str]] = {}
    for code in HUBEI_GRADUATES:
        tags.setdefault(code, []).append("毕业生集中")
    for code in HUBEI_JOBLESS_YOUTH:
        tags.setdefault(code, []).append("失业青年集中")
    regions = _regions(p, tags)
    names = dict(p.cities)
    for rows in p.counties.values():
        names.update(rows)
    venues: list[list[object]] = [
        ["venue_id", "region_id", "name", "capacity", "kinds", "unavailable", "address"]
    ]
    for city, name in p.cities:
        n = 1
        big = 1200 + (int(city[2:4]) * 7) % 10 * 200  # 1200–3000
        closed = "2023-08-07..2023-08-20" if city == "420100" else ""
        venues.append(
            [f"V{city}-{n}", city, f"{name}人力资源市场", big, "", closed, f"{p.name}{name}"]
        )
        if city in HUBEI_GRADUATES:
            for hall, capacity in (
                ("公共就业服务中心招聘大厅", 500),
                ("高校毕业生就业服务中心", 300),
            ):
                n += 1
                venues.append(
                    [
                        f"V{city}-{n}",
                        city,
                        f"{name}{hall}",
                        capacity,
                        "specialized",
                        "",
                        f"{p.name}{name}",
                    ]
                )
    for code in HUBEI_JOBLESS_YOUTH:
        seat = HUBEI_SEAT.get(code, code)
        for i, (street_code, street) in enumerate(_touring_stops(p.streets[seat]), 1):
            city_of = _city_of(p, code)
            where = p.name + ("" if city_of == code else names[city_of]) + names[code]
            if seat != code:
                where += names[seat]
            venues.append(
                [
                    f"V{code}-T{i}",
                    code,
                    f"{names[seat]}{street}党群服务中心",
                    100 + int(street_code[-3:]) % 7 * 20,  # 100–220
                    "touring",
                    "",
                    where + street,
                ]
            )
    staff: list[list[object]] = [["pool_id", "name", "serves", "headcount", "unavailable"]]
    staff.append([f"P-{p.code}", "湖北省就业服务中心", p.code, 12, "2023-10-09"])
    for city, name in p.cities:
        headcount = 16 if city in HUBEI_GRADUATES else (6 if city in p.direct else 8)
        absent = "2023-09-12..2023-09-13" if city == "420500" else ""
        staff.append([f"P-{city}", f"{name}公共就业服务中心", city, headcount, absent])
    events: list[list[object]] = [
        ["event_id", "region_id", "kind", "date", "venue_id", "pool_id", "theme", "locked"]
    ]
    for i, date in enumerate(HUBEI_ONLINE, 1):
        events.append(
            [
                f"E-ONLINE-{i}",
                p.code,
                "online",
                date,
                "",
                f"P-{p.code}",
                "百日千万招聘专项行动（线上）",
                "yes",
            ]
        )
    return {
        "settings": _settings(preset, "湖北省2023年“职引未来”系列招聘行动（样例）"),
        "regions": regions,
        "rules": _rows(presets.RULE_COLUMNS, presets.rules_rows(preset)),
        "kinds": _rows(presets.KIND_COLUMNS, presets.kinds_rows(preset)),
        "venues": venues,
        "staff": staff,
        "events": events,
    }


def _touring_stops(streets: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Two 街道 and two towns (镇/乡), the first by code, where there are such."""
    subdistricts = [s for s in streets if s[1].endswith("街道")][:2]
    towns = [s for s in streets if s[1].endswith(("镇", "乡"))][: 4 - len(subdistricts)]
    return subdistricts + towns


def _city_of(p: Province, code: str) -> str:
    if code in dict(p.cities):
        return code
    return next(c for c, rows in p.counties.items() if code in dict(rows))


# --------------------------------------------------------------------------- shared


def _settings(preset: presets.Preset, name: str) -> list[list[object]]:
    return [
        ["key", "value"],
        ["name", name],
        ["start", preset.start.isoformat()],
        ["end", preset.end.isoformat()],
        ["timezone", "Asia/Shanghai"],
        ["holidays", "CN"],
        ["preset", preset.name],
    ]


def _regions(p: Province, tags: dict[str, list[str]]) -> list[list[object]]:
    rows: list[list[object]] = [["region_id", "name", "level", "parent_id", "tags"]]
    rows.append([p.code, p.name, "province", "", ";".join(tags.get(p.code, []))])
    for code, name in p.cities:
        rows.append([code, name, "city", p.code, ";".join(tags.get(code, []))])
    for city, _ in p.cities:
        for code, name in p.counties.get(city, []):
            rows.append([code, name, "county", city, ";".join(tags.get(code, []))])
    return rows


def _rows(columns: tuple[str, ...], rows: list[dict[str, str]]) -> list[list[object]]:
    return [list(columns), *([r[c] for c in columns] for r in rows)]


def readme(
    title: str,
    preset: str,
    p: Province,
    sheets: dict[str, list[list[object]]],
    check: str,
    invented: str,
) -> str:
    counties = sum(len(v) for v in p.counties.values())
    direct = (
        f" (including the {len(p.direct)} county-level divisions under the province:"
        f" {'、'.join(n for c, n in p.cities if c in p.direct)})"
        if p.direct
        else ""
    )
    counts = "\n".join(f"| {name}.csv | {len(rows) - 1} |" for name, rows in sheets.items())
    return f"""# {title}

Generated by `scripts/make_samples.py`; do not edit by hand. See docs/sample.md.

| file | rows |
|---|---|
{counts}

## Real

- Regions: {p.name} ({p.code}), its {len(p.cities)} city-level divisions{direct} and the
  {counties} county-level divisions under them, with their administrative division codes
  and names, from {DIVISIONS_REPO} (commit {DIVISIONS_COMMIT}, dist/cities.csv and
  dist/areas.csv: the National Bureau of Statistics' 2023 division codes). Statistical-only
  zones (codes xxxx7x) are left out.
- Cross-check: {check}.
- Kinds and rules: the preset `{preset}` (`fairplan presets show {preset}`), which cites
  the policy clauses; `rules.csv` and `kinds.csv` repeat its rows so that the folder is
  complete in itself, and `settings.csv` names it (`preset,{preset}`).
- Holidays: `holidays = CN`, the official breaks and make-up workdays from the `holidays`
  library.

## Invented (plausible, for demonstration only)

{invented}

This sample uses kinds beyond specialized/comprehensive, online fairs and totals over the
province (CONTRACT §6), and names its preset in settings: `fairplan plan` plans it.
"""


SHANDONG_INVENTED = """- Venues: the universities are real universities of each city; the halls named at them,
  their capacities, the kinds they allow, the teaching breaks when they are closed
  (2024-01-13..2024-02-25, 2024-07-06..2024-08-31) and the sports meeting at 山东大学
  (2023-10-16..20) are invented. Addresses name only the city and the university.
- Staff pools: names, headcounts (12–20 per city, 24 for the province) and absences.
- Settings: the sample's name."""

HUBEI_INVENTED = """- Tags: which cities are 毕业生集中 (武汉、黄石、十堰、宜昌、襄阳、荆州: the cities with the most
  universities) and which cities and counties are 失业青年集中 (孝感、黄冈、恩施州、仙桃 and eight
  counties) is illustrative, not an official list.
- Venues: every city-level region's 人力资源市场 and, in the 毕业生集中 cities, two more
  halls; in each 失业青年集中 region, up to four 党群服务中心 for touring fairs, at real
  streets and towns (街道、镇、乡, from the same dataset's dist/streets.csv; a city's own
  touring fairs go to the streets of its seat). Names of the halls, capacities and
  closures are invented.
- Staff pools: names, headcounts and absences.
- Events: four online fairs of the province (百日千万招聘专项行动, online part) on invented
  dates, locked.
- Settings: the sample's name."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--divisions", type=Path, required=True, help=f"{DIVISIONS_REPO}: checkout or git dir"
    )
    parser.add_argument("--check", type=Path, help=f"{CHECK_REPO}: checkout or git dir")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "scheduler" / "data" / "samples")
    args = parser.parse_args(argv)
    for name, prefix, build, title, invented in (
        ("shandong-2024", "37", shandong, "Sample: Shandong 2024 (山东省)", SHANDONG_INVENTED),
        ("hubei-2023", "42", hubei, "Sample: Hubei 2023 (湖北省)", HUBEI_INVENTED),
    ):
        p = load_province(args.divisions, prefix)
        check = cross_check(p, args.check) if args.check else "not run"
        sheets = build(p)
        folder = args.out_dir / name
        write_csvs(sheets, folder)
        (folder / "README.md").write_text(readme(title, name, p, sheets, check, invented), "utf-8")
        counts = ", ".join(f"{k} {len(v) - 1}" for k, v in sheets.items())
        print(f"wrote {folder}: {counts}; {check}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
