"""Generate the bundled sample scenario: Inner Mongolia, July–December 2024.

Writes the CSV folder `scheduler/data/sample/` (one file per sheet, CONTRACT §2)
and the same content as `scheduler/data/sample.xlsx`. Deterministic: no
randomness, fixed workbook timestamps, fixed zip entry dates, so re-running it
rewrites byte-identical files.

    python scripts/make_sample.py [--out-dir scheduler/data]

What is real and what is invented is documented in docs/sample.md:
- real: the regions and their administrative division codes (checked against the
  public dataset modood/Administrative-divisions-of-China, dist/areas.csv and
  dist/cities.csv, National Bureau of Statistics codes; no county-level change in
  Inner Mongolia since 康巴什区 in 2016), the rules and the policy clauses they
  cite, the holidays (from the `holidays` library, CN);
- invented but plausible: venues, addresses, capacities, closures, staff pools,
  headcounts, unavailable days, themes, tags.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for scheduler.template when run as a script

PROVINCE = ("150000", "内蒙古自治区")

# league/city code, name, short venue prefix, seat district (for addresses)
CITIES: list[tuple[str, str, str, str]] = [
    ("150100", "呼和浩特市", "HH", "赛罕区"),
    ("150200", "包头市", "BT", "昆都仑区"),
    ("150300", "乌海市", "WH", "海勃湾区"),
    ("150400", "赤峰市", "CF", "红山区"),
    ("150500", "通辽市", "TL", "科尔沁区"),
    ("150600", "鄂尔多斯市", "ORD", "康巴什区"),
    ("150700", "呼伦贝尔市", "HLBE", "海拉尔区"),
    ("150800", "巴彦淖尔市", "BYNE", "临河区"),
    ("150900", "乌兰察布市", "WLCB", "集宁区"),
    ("152200", "兴安盟", "XAM", "乌兰浩特市"),
    ("152500", "锡林郭勒盟", "XLGL", "锡林浩特市"),
    ("152900", "阿拉善盟", "ALS", "阿拉善左旗"),
]

# Every county-level division (districts, banners, counties, county-level
# cities) as of 2024, from the dataset named above. The statistical-only
# development zones (codes xxxx7x, e.g. 150172) are not administrative
# divisions and are left out: 103 divisions.
COUNTIES: dict[str, list[tuple[str, str]]] = {
    "150100": [
        ("150102", "新城区"),
        ("150103", "回民区"),
        ("150104", "玉泉区"),
        ("150105", "赛罕区"),
        ("150121", "土默特左旗"),
        ("150122", "托克托县"),
        ("150123", "和林格尔县"),
        ("150124", "清水河县"),
        ("150125", "武川县"),
    ],
    "150200": [
        ("150202", "东河区"),
        ("150203", "昆都仑区"),
        ("150204", "青山区"),
        ("150205", "石拐区"),
        ("150206", "白云鄂博矿区"),
        ("150207", "九原区"),
        ("150221", "土默特右旗"),
        ("150222", "固阳县"),
        ("150223", "达尔罕茂明安联合旗"),
    ],
    "150300": [
        ("150302", "海勃湾区"),
        ("150303", "海南区"),
        ("150304", "乌达区"),
    ],
    "150400": [
        ("150402", "红山区"),
        ("150403", "元宝山区"),
        ("150404", "松山区"),
        ("150421", "阿鲁科尔沁旗"),
        ("150422", "巴林左旗"),
        ("150423", "巴林右旗"),
        ("150424", "林西县"),
        ("150425", "克什克腾旗"),
        ("150426", "翁牛特旗"),
        ("150428", "喀喇沁旗"),
        ("150429", "宁城县"),
        ("150430", "敖汉旗"),
    ],
    "150500": [
        ("150502", "科尔沁区"),
        ("150521", "科尔沁左翼中旗"),
        ("150522", "科尔沁左翼后旗"),
        ("150523", "开鲁县"),
        ("150524", "库伦旗"),
        ("150525", "奈曼旗"),
        ("150526", "扎鲁特旗"),
        ("150581", "霍林郭勒市"),
    ],
    "150600": [
        ("150602", "东胜区"),
        ("150603", "康巴什区"),
        ("150621", "达拉特旗"),
        ("150622", "准格尔旗"),
        ("150623", "鄂托克前旗"),
        ("150624", "鄂托克旗"),
        ("150625", "杭锦旗"),
        ("150626", "乌审旗"),
        ("150627", "伊金霍洛旗"),
    ],
    "150700": [
        ("150702", "海拉尔区"),
        ("150703", "扎赉诺尔区"),
        ("150721", "阿荣旗"),
        ("150722", "莫力达瓦达斡尔族自治旗"),
        ("150723", "鄂伦春自治旗"),
        ("150724", "鄂温克族自治旗"),
        ("150725", "陈巴尔虎旗"),
        ("150726", "新巴尔虎左旗"),
        ("150727", "新巴尔虎右旗"),
        ("150781", "满洲里市"),
        ("150782", "牙克石市"),
        ("150783", "扎兰屯市"),
        ("150784", "额尔古纳市"),
        ("150785", "根河市"),
    ],
    "150800": [
        ("150802", "临河区"),
        ("150821", "五原县"),
        ("150822", "磴口县"),
        ("150823", "乌拉特前旗"),
        ("150824", "乌拉特中旗"),
        ("150825", "乌拉特后旗"),
        ("150826", "杭锦后旗"),
    ],
    "150900": [
        ("150902", "集宁区"),
        ("150921", "卓资县"),
        ("150922", "化德县"),
        ("150923", "商都县"),
        ("150924", "兴和县"),
        ("150925", "凉城县"),
        ("150926", "察哈尔右翼前旗"),
        ("150927", "察哈尔右翼中旗"),
        ("150928", "察哈尔右翼后旗"),
        ("150929", "四子王旗"),
        ("150981", "丰镇市"),
    ],
    "152200": [
        ("152201", "乌兰浩特市"),
        ("152202", "阿尔山市"),
        ("152221", "科尔沁右翼前旗"),
        ("152222", "科尔沁右翼中旗"),
        ("152223", "扎赉特旗"),
        ("152224", "突泉县"),
    ],
    "152500": [
        ("152501", "二连浩特市"),
        ("152502", "锡林浩特市"),
        ("152522", "阿巴嘎旗"),
        ("152523", "苏尼特左旗"),
        ("152524", "苏尼特右旗"),
        ("152525", "东乌珠穆沁旗"),
        ("152526", "西乌珠穆沁旗"),
        ("152527", "太仆寺旗"),
        ("152528", "镶黄旗"),
        ("152529", "正镶白旗"),
        ("152530", "正蓝旗"),
        ("152531", "多伦县"),
    ],
    "152900": [
        ("152921", "阿拉善左旗"),
        ("152922", "阿拉善右旗"),
        ("152923", "额济纳旗"),
    ],
}

# Illustrative tags (not an official list): banners on the border with
# Mongolia or Russia, and mainly pastoral banners.
BORDER = {
    "150223", "150725", "150726", "150727", "150781", "150784", "150929", "150824",
    "150825", "152202", "152221", "152501", "152522", "152523", "152524", "152525",
    "152921", "152922", "152923",
}  # fmt: skip
PASTORAL = {
    "150223", "150624", "150625", "150626", "150623", "150724", "150725", "150726",
    "150727", "150824", "150825", "150929", "152522", "152523", "152524", "152525",
    "152526", "152528", "152529", "152921", "152922", "152923",
}  # fmt: skip

SETTINGS: list[tuple[str, str]] = [
    ("name", "内蒙古2024青年就业服务攻坚行动"),
    ("start", "2024-07-01"),
    ("end", "2024-12-31"),
    ("timezone", "Asia/Shanghai"),
    ("holidays", "CN"),
]

RULES: list[tuple[str, str, str, str, int, str, str, str]] = [
    ("city-weekly-specialized", "city", "specialized", "week", 1, "", "", "000 五(五)；003 三(十)"),
    ("city-monthly-comprehensive", "city", "comprehensive", "month", 1, "", "", "000 五(五)"),
    ("county-monthly", "county", "any", "month", 1, "", "", "003 三(十)"),
]

KINDS: list[tuple[str, int, int, str, str, str]] = [
    ("specialized", 4, 200, "09:00", "12:00", "workdays"),
    ("comprehensive", 10, 1000, "09:00", "15:30", "any"),
]

# City venues: (suffix, name, capacity, kinds, unavailable, address tail).
# Every city has at least one hall of >= 1000 seats that allows comprehensive
# fairs. Closures avoid 2024-09-30, the only workday of the week of 30 September
# (National Day break), so that every weekly rule stays satisfiable.
CITY_VENUES: dict[str, list[tuple[str, str, int, str, str, str]]] = {
    "150100": [
        ("1", "呼和浩特市人力资源市场", 3000, "", "", "赛罕区大学东街108号"),
        ("2", "呼和浩特市公共就业服务中心", 600, "specialized", "", "新城区新华大街56号"),
        ("3", "呼和浩特市大学生创业园招聘厅", 400, "specialized", "", "赛罕区昭乌达路212号"),
        (
            "4",
            "呼和浩特国际会展中心",
            5000,
            "comprehensive",
            "2024-09-02..2024-09-08",
            "赛罕区会展中心路1号",
        ),
    ],
    "150200": [
        ("1", "包头市人力资源市场", 2000, "", "2024-08-05..2024-08-16", "昆都仑区钢铁大街66号"),
        ("2", "包头市公共就业服务中心", 500, "specialized", "", "青山区幸福南路18号"),
        ("3", "包头稀土高新区人才服务大厅", 300, "specialized", "", "稀土高新区黄河大街33号"),
    ],
    "150300": [
        ("1", "乌海市人力资源市场", 1200, "", "", "海勃湾区滨河大街9号"),
        ("2", "乌海市公共就业服务中心", 300, "specialized", "", "海勃湾区人民路27号"),
    ],
    "150400": [
        ("1", "赤峰市人力资源市场", 2500, "", "2024-10-14..2024-10-25", "红山区钢铁街20号"),
        ("2", "赤峰市公共就业服务中心", 500, "", "", "松山区临潢大街88号"),
        ("3", "赤峰学院就业指导中心报告厅", 800, "specialized", "", "红山区迎宾路1号"),
    ],
    "150500": [
        ("1", "通辽市人力资源市场", 1500, "", "", "科尔沁区建国路51号"),
        ("2", "通辽市就业服务中心", 400, "specialized", "", "科尔沁区霍林河大街136号"),
        ("3", "内蒙古民族大学招聘大厅", 600, "specialized", "", "科尔沁区霍林河大街西536号"),
    ],
    "150600": [
        (
            "1",
            "鄂尔多斯市人力资源市场",
            2000,
            "",
            "2024-11-11..2024-11-22",
            "康巴什区北区天骄路10号",
        ),
        ("2", "鄂尔多斯国际会展中心", 6000, "comprehensive", "", "康巴什区乌兰木伦湖东岸"),
        ("3", "鄂尔多斯市公共就业服务中心", 500, "specialized", "", "东胜区伊金霍洛西街22号"),
        ("4", "鄂尔多斯应用技术学院招聘厅", 400, "specialized", "", "东胜区罕台镇学府路3号"),
    ],
    "150700": [
        ("1", "呼伦贝尔市人力资源市场", 1500, "", "", "海拉尔区胜利大街31号"),
        ("2", "呼伦贝尔市公共就业服务中心", 400, "specialized", "", "海拉尔区中央街17号"),
        ("3", "呼伦贝尔学院招聘大厅", 500, "specialized", "", "海拉尔区学府路83号"),
    ],
    "150800": [
        ("1", "巴彦淖尔市人力资源市场", 1200, "", "", "临河区新华西街99号"),
        ("2", "巴彦淖尔市就业服务中心", 350, "specialized", "", "临河区五一街12号"),
    ],
    "150900": [
        ("1", "乌兰察布市人力资源市场", 1200, "", "", "集宁区恩和大街47号"),
        ("2", "乌兰察布市公共就业服务中心", 400, "", "", "集宁区察哈尔大街15号"),
        ("3", "集宁师范学院就业指导中心", 300, "specialized", "", "集宁区怀远大街2号"),
    ],
    "152200": [
        ("1", "兴安盟人力资源市场", 1000, "", "", "乌兰浩特市兴安北大路26号"),
        ("2", "兴安盟公共就业服务中心", 300, "specialized", "", "乌兰浩特市罕山街8号"),
    ],
    "152500": [
        ("1", "锡林郭勒盟人力资源市场", 1000, "", "", "锡林浩特市锡林大街62号"),
        ("2", "锡林郭勒盟公共就业服务中心", 300, "specialized", "", "锡林浩特市额尔敦路19号"),
        ("3", "锡林郭勒职业学院招聘厅", 250, "specialized", "", "锡林浩特市南郊学苑路5号"),
    ],
    "152900": [
        ("1", "阿拉善盟人力资源市场", 1000, "", "", "阿拉善左旗巴彦浩特镇土尔扈特路21号"),
        ("2", "阿拉善盟公共就业服务中心", 250, "specialized", "", "阿拉善左旗巴彦浩特镇新华街7号"),
    ],
}

# County venues: every county gets a main hall of 200–600 seats (enough for a
# specialized fair); some get a second, smaller 就业服务站. A few closures:
COUNTY_CLOSED: dict[str, str] = {
    # the hall doubles as the visitor centre in the golden-poplar season
    "152923": "2024-10-01..2024-10-20",
    # winter heating works
    "152202": "2024-12-02..2024-12-13",
    # flood-season repairs
    "150722": "2024-07-15..2024-07-26",
}
STREETS = ("人民路", "新华街", "建设路", "团结路", "迎宾路", "文化路", "解放路", "民族街", "草原路")

# Staff: one pool per league/city and a provincial pool.
POOL_HEADCOUNT: dict[str, int] = {
    "150100": 18, "150200": 16, "150300": 10, "150400": 16, "150500": 14, "150600": 16,
    "150700": 16, "150800": 12, "150900": 14, "152200": 12, "152500": 15, "152900": 10,
}  # fmt: skip
POOL_UNAVAILABLE: dict[str, str] = {
    "150100": "2024-08-28",  # 全市业务培训
    "150700": "2024-11-20..2024-11-21",  # 年度业务考核
    "152500": "2024-07-12",  # 那达慕大会保障
    "150000": "2024-12-16..2024-12-17",  # 全区年度总结
}

# Themes for specialized fairs, from each league/city's main industries.
THEMES: dict[str, list[tuple[str, int | None]]] = {
    "150100": [
        ("乳业", 3),
        ("数字经济", 2),
        ("生物医药", 2),
        ("光伏材料", None),
        ("现代服务业", None),
    ],
    "150200": [("稀土新材料", 3), ("装备制造", 3), ("钢铁冶金", 2), ("晶硅光伏", None)],
    "150300": [("煤焦化工", 2), ("氯碱化工", 2), ("葡萄酒与文旅", None)],
    "150400": [("有色金属", 2), ("农畜产品加工", 2), ("生物医药", None), ("文化旅游", None)],
    "150500": [("玉米生物科技", 2), ("铝业及铝后加工", 2), ("现代农牧业", None), ("蒙医药", None)],
    "150600": [("煤炭", 3), ("现代能源", 3), ("煤化工", 2), ("羊绒纺织", None), ("氢能", None)],
    "150700": [("农牧业", 3), ("文化旅游", 3), ("林业生态", None), ("口岸物流", None)],
    "150800": [("河套农畜产品加工", 3), ("有色冶金", None), ("现代农业", 2)],
    "150900": [("数据中心", 3), ("马铃薯产业", 2), ("新能源", None), ("现代物流", None)],
    "152200": [("绿色农畜产品", 2), ("文化旅游", 2), ("新能源", None)],
    "152500": [("畜牧业与肉类加工", 3), ("风电新能源", 2), ("煤电", None), ("文化旅游", None)],
    "152900": [("盐化工与精细化工", 2), ("沙产业", 2), ("新能源", None), ("文化旅游", None)],
}
STAR_THEMES: list[tuple[str, int | None]] = [("高校毕业生专场", 4)]


def build() -> dict[str, list[list[object]]]:
    """Every sheet as a header row followed by data rows."""
    settings: list[list[object]] = [["key", "value"], *[[k, v] for k, v in SETTINGS]]

    regions: list[list[object]] = [["region_id", "name", "level", "parent_id", "tags"]]
    regions.append([PROVINCE[0], PROVINCE[1], "province", "", ""])
    for code, name, _, _ in CITIES:
        regions.append([code, name, "city", PROVINCE[0], ""])
    for city, _, _, _ in CITIES:
        for code, name in COUNTIES[city]:
            tags = [t for t, s in (("边境", BORDER), ("牧区", PASTORAL)) if code in s]
            regions.append([code, name, "county", city, ";".join(tags)])

    rules: list[list[object]] = [
        ["rule_id", "scope", "kind", "period", "min_count", "start", "end", "source"],
        *[list(r) for r in RULES],
    ]

    kinds: list[list[object]] = [
        ["kind", "staff", "min_capacity", "start_time", "end_time", "days"],
        *[list(k) for k in KINDS],
    ]

    venues: list[list[object]] = [
        ["venue_id", "region_id", "name", "capacity", "kinds", "unavailable", "address"]
    ]
    for city, cname, prefix, _ in CITIES:
        for suffix, name, cap, kinds_, unavailable, tail in CITY_VENUES[city]:
            address = f"内蒙古自治区{cname}{tail}"
            venues.append([f"{prefix}-{suffix}", city, name, cap, kinds_, unavailable, address])
    for city, cname, _, _ in CITIES:
        for i, (code, name) in enumerate(COUNTIES[city]):
            n = int(code)
            street = STREETS[n % len(STREETS)]
            # a district's hall is a 人力资源市场, a banner's or county's a 就业服务中心
            hall = "人力资源市场" if name.endswith("区") else "公共就业服务中心"
            cap = 200 + (n * 7 % 9) * 50  # 200..600
            kinds_ = "specialized" if i % 2 else ""
            address = f"内蒙古自治区{cname}{name}{street}{10 + n % 90}号"
            venues.append(
                [
                    f"V{code}-1",
                    code,
                    f"{name}{hall}",
                    cap,
                    kinds_,
                    COUNTY_CLOSED.get(code, ""),
                    address,
                ]
            )
            if n % 3 == 0:
                small = 150 + (n % 4) * 50  # 150..300
                station = f"{name}就业服务站"
                address2 = (
                    f"内蒙古自治区{cname}{name}{STREETS[(n + 4) % len(STREETS)]}{3 + n % 40}号"
                )
                venues.append([f"V{code}-2", code, station, small, "specialized", "", address2])

    staff: list[list[object]] = [["pool_id", "name", "serves", "headcount", "unavailable"]]
    staff.append(
        ["P-150000", "内蒙古自治区公共就业服务中心", "150000", 20, POOL_UNAVAILABLE["150000"]]
    )
    for city, cname, _, _ in CITIES:
        bureau = f"{cname}公共就业服务中心" if cname.endswith("市") else f"{cname}公共就业服务局"
        staff.append(
            [f"P-{city}", bureau, city, POOL_HEADCOUNT[city], POOL_UNAVAILABLE.get(city, "")]
        )

    themes: list[list[object]] = [["region_id", "theme", "min_count"]]
    for city, _, _, _ in CITIES:
        for theme, count in THEMES[city]:
            themes.append([city, theme, "" if count is None else count])
    for theme, count in STAR_THEMES:
        themes.append(["*", theme, "" if count is None else count])

    return {
        "settings": settings,
        "regions": regions,
        "rules": rules,
        "kinds": kinds,
        "venues": venues,
        "staff": staff,
        "themes": themes,
    }


def write_csvs(sheets: dict[str, list[list[object]]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in sheets.items():
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for row in table:
            writer.writerow(["" if v is None else v for v in row])
        (folder / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))


FIXED_TIME = dt.datetime(2024, 6, 1, 0, 0, 0)


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates so the same content gives the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps `modified` with the time of saving
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + stamp + rb"\2",
                    body,
                )
            dst.writestr(fixed, body)
    return out.getvalue()


def write_xlsx_own(sheets: dict[str, list[list[object]]], path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, table in sheets.items():
        ws = wb.create_sheet(name)
        for row in table:
            # ids and codes stay text so that 150100 is never read back as 150100.0
            ws.append(["" if v is None else v for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for col in ws.columns:
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(40, max(10, width * 2 + 2))
    wb.properties.creator = "fairplan scripts/make_sample.py"
    wb.properties.title = "fairplan sample scenario"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.lastModifiedBy = "fairplan"
    buf = io.BytesIO()
    wb.save(buf)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def write_xlsx(sheets: dict[str, list[list[object]]], folder: Path, path: Path) -> None:
    """Use the project's workbook writer when it exists, else a small openpyxl export."""
    try:
        from scheduler.template import write_scenario_xlsx
    except ImportError:
        write_xlsx_own(sheets, path)
        return
    write_scenario_xlsx(folder, path)
    path.write_bytes(_normalise_zip(path.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "scheduler" / "data")
    args = parser.parse_args(argv)
    sheets = build()
    folder = args.out_dir / "sample"
    write_csvs(sheets, folder)
    write_xlsx(sheets, folder, args.out_dir / "sample.xlsx")
    counts = ", ".join(f"{k} {len(v) - 1}" for k, v in sheets.items())
    print(f"wrote {folder} and {args.out_dir / 'sample.xlsx'}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
