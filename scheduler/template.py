"""Scenario workbooks for people: the blank-ish template and CSV-folder → `.xlsx` (CONTRACT §2).

`write_template` gives a planner a workbook with every sheet and column, filled
with the contract's worked example so it loads as it is, plus a `说明 README`
sheet explaining every column in Chinese and English. Both are generated from
the format tables in `scheduler.scenario.format`, so the template cannot drift from what
the loader accepts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from scheduler import presets, sheetwriter
from scheduler.errors import InputError
from scheduler.scenario import (
    COUNTS_VALUES,
    DAYS_VALUES,
    HOLIDAYS_VALUES,
    KIND_VALUES,
    LEVEL_VALUES,
    NO_PREFERENCE_VALUES,
    PERIOD_VALUES,
    SETTING_KEYS,
    SHEETS,
    WEEKDAY_VALUES,
    YES_NO_VALUES,
    Limits,
    SheetSpec,
)
from scheduler.scenario.cells import read_csv
from scheduler.scenario.problems import Problems

README_TITLE = "说明 README"

#: The contract's worked example (§5) with one theme and one locked fair added,
#: in canonical English values; the Chinese template translates the values.
EXAMPLE: dict[str, list[dict[str, str]]] = {
    "settings": [
        {"key": "name", "value": "tiny"},
        {"key": "start", "value": "2024-07-03"},
        {"key": "end", "value": "2024-07-31"},
        {"key": "timezone", "value": "Asia/Shanghai"},
        {"key": "holidays", "value": "CN"},
        {"key": "blackouts", "value": ""},
    ],
    "regions": [
        {"region_id": "150000", "name": "内蒙古自治区", "level": "province", "parent_id": ""},
        {"region_id": "150100", "name": "呼和浩特市", "level": "city", "parent_id": "150000"},
        {"region_id": "150121", "name": "土默特左旗", "level": "county", "parent_id": "150100"},
    ],
    "rules": [
        {"rule_id": "weekly", "scope": "city", "kind": "specialized", "period": "week",
         "min_count": "1", "source": "000 五(五)"},
        {"rule_id": "monthly", "scope": "city", "kind": "comprehensive", "period": "month",
         "min_count": "1", "source": "000 五(五)"},
        {"rule_id": "county", "scope": "county", "kind": "any", "period": "month",
         "min_count": "1", "source": "003 三(十)"},
    ],
    "kinds": [
        {"kind": "specialized", "staff": "3", "min_capacity": "200", "start_time": "09:00",
         "end_time": "12:00", "days": "workdays"},
        {"kind": "comprehensive", "staff": "8", "min_capacity": "1500", "start_time": "09:00",
         "end_time": "15:00", "days": "any"},
    ],
    "venues": [
        {"venue_id": "HH-1", "region_id": "150100", "name": "呼和浩特市人力资源市场",
         "capacity": "3000", "unavailable": "2024-07-20..2024-07-21"},
        {"venue_id": "HH-2", "region_id": "150100", "name": "呼和浩特市就业服务中心",
         "capacity": "400", "kinds": "specialized"},
        {"venue_id": "TM-1", "region_id": "150121", "name": "土默特左旗就业服务站",
         "capacity": "300", "kinds": "specialized"},
    ],
    "staff": [
        {"pool_id": "P-HH", "name": "呼和浩特市就业服务局", "serves": "150100", "headcount": "10"},
    ],
    "themes": [
        {"region_id": "150100", "theme": "数字经济", "min_count": "1"},
    ],
    "events": [
        {"event_id": "E-1", "region_id": "150100", "kind": "specialized", "date": "2024-07-10",
         "venue_id": "HH-2", "pool_id": "P-HH", "theme": "数字经济", "locked": "yes"},
    ],
}  # fmt: skip

#: Chinese spelling of the example's values, per column.
_ZH_VALUES: dict[str, dict[str, str]] = {
    "kind": {"specialized": "专场", "comprehensive": "综合", "any": "不限"},
    "kinds": {"specialized": "专场", "comprehensive": "综合"},
    "level": {"country": "全国", "province": "省", "city": "市", "county": "县"},
    "scope": {"province": "省", "city": "市", "county": "县"},
    "period": {"week": "周", "month": "月", "quarter": "季度", "window": "窗口"},
    "days": {"workdays": "工作日", "weekends": "周末", "any": "不限"},
    "locked": {"yes": "是", "no": "否"},
}


def _header(spec: SheetSpec, lang: str) -> list[str]:
    return [c.zh[0] if lang == "zh" else c.name for c in spec.columns]


def _example_rows(spec: SheetSpec, lang: str) -> list[list[str]]:
    keys = {k.name: k.zh[0] for k in SETTING_KEYS}
    rows = []
    for example in EXAMPLE[spec.name]:
        row = []
        for col in spec.columns:
            value = example.get(col.name, "")
            if lang == "zh":
                if spec.name == "settings" and col.name == "key":
                    value = keys.get(value, value)
                value = _ZH_VALUES.get(col.name, {}).get(value, value)
            row.append(value)
        rows.append(row)
    return rows


def _aliases(values: dict[str, str] | dict[str, int] | dict[str, bool]) -> str:
    """`canonical = alias / alias` lines for a value table."""
    groups: dict[object, list[str]] = {}
    for alias, canon in values.items():
        groups.setdefault(canon, []).append(alias)
    return "; ".join(" / ".join(a) for a in groups.values())


def readme_rows() -> list[list[str]]:
    """The README sheet: every sheet, column, setting and value alias, in both languages."""
    rows = [["表 sheet", "列 column", "中文列名 Chinese", "必填 required", "默认 default",
             "说明", "description"]]  # fmt: skip
    for spec in SHEETS:
        need = "必需 required" if spec.required else "可选 optional"
        rows.append(
            [f"{spec.name} / {' / '.join(spec.zh)}", "", "", need, "", spec.zh_doc, spec.en_doc]
        )
        for col in spec.columns:
            filled = "是 yes" if col.required and not col.default else "否 no"
            rows.append([spec.name, col.name, " / ".join(col.zh), filled, col.default,
                         col.zh_doc, col.en_doc])  # fmt: skip
        if spec.name == "settings":
            for key in SETTING_KEYS:
                filled = "是 yes" if key.required else "否 no"
                rows.append([spec.name, f"key = {key.name}", " / ".join(key.zh), filled,
                             key.default, key.zh_doc, key.en_doc])  # fmt: skip
    notes = [
        ("取值 values", "kind", _aliases(KIND_VALUES),
         "内置类型的写法；也可自定类型编号（如 campus、livestream），在类型表中写明名称、是否线上",
         "ways to write the built-in kinds; any other id (campus, livestream) is a kind of your "
         "own, with its label and online on the kinds sheet"),
        ("取值 values", "kind", "specialized;livestream",
         "规则的类型可写多个，用 ; 分隔（其中任一类型都计入），any 表示不限",
         "a rule's kind may list several kinds (a fair of any counts); any: every kind"),
        ("取值 values", "counts", _aliases(COUNTS_VALUES),
         "计数范围：本级 / 含下级地区（如全省总数）", "whose fairs count: own / the subtree too"),
        ("取值 values", "prefer", _aliases(NO_PREFERENCE_VALUES),
         "优先日写法同举办日；none 表示不优先", "prefer is written as days; none: no preference"),
        ("取值 values", "online", _aliases(YES_NO_VALUES),
         "线上类型不需要场地，只需要工作人员", "an online kind needs staff but no venue"),
        ("取值 values", "preset", " / ".join(presets.names()),
         "设置 preset 后可不填规则表和类型表：采用预设的；填写的行按编号替换或补充预设的行",
         "with a preset the rules and kinds sheets may be left out; rows given replace the "
         "preset's rows with the same id, or are added"),
        ("取值 values", "level", _aliases(LEVEL_VALUES), "级别的写法", "ways to write a level"),
        ("取值 values", "period", _aliases(PERIOD_VALUES), "周期的写法", "ways to write a period"),
        ("取值 values", "days", _aliases(DAYS_VALUES), "举办日的写法", "ways to write days"),
        ("取值 values", "days", _aliases(WEEKDAY_VALUES),
         "星期的写法，可用 ; 分隔或写范围如 周一至周五", "weekdays: a list, or a range such as Mon-Fri"),
        ("取值 values", "locked", _aliases(YES_NO_VALUES), "是否锁定", "yes / no"),
        ("取值 values", "holidays", _aliases(HOLIDAYS_VALUES), "节假日", "holidays"),
        ("格式 format", "list", "a;b;c", "列表用 ; 分隔（也接受 ；、，和 ,）",
         "lists are separated by ; (also ；, 、, ，, and ,)"),
        ("格式 format", "date", "2024-07-03", "日期写作 YYYY-MM-DD（也接受 2024/7/3、2024年7月3日）",
         "dates are YYYY-MM-DD (2024/7/3 and 2024年7月3日 also work)"),
        ("格式 format", "range", "2024-07-20..2024-07-21", "日期范围写作 开始..结束，含两端（也接受 ~ 和 至）",
         "a range is START..END, both included (~ and 至 also work)"),
        ("格式 format", "time", "09:00", "时间写作 HH:MM", "times are HH:MM"),
        ("格式 format", "csv", "UTF-8 / GB18030", "CSV 文件可为 UTF-8（可带 BOM）或 GB18030 编码",
         "CSV files may be UTF-8 (with or without BOM) or GB18030"),
    ]  # fmt: skip
    for sheet, column, example, zh, en in notes:
        rows.append([sheet, column, example, "", "", zh, en])
    return rows


def _cell(value: str) -> str | int:
    """Whole numbers as numbers (so spreadsheets can sum them); everything else as text."""
    if re.fullmatch(r"-?(0|[1-9]\d{0,14})", value):
        return int(value)
    return value


def _write(path: Path, sheets: Sequence[tuple[str, list[list[str]]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        ws = wb.create_sheet(title[:31])
        for row in rows:
            sheetwriter.append(ws, [_cell(v) for v in row])
        if rows:
            for cell in ws[1]:
                cell.font = Font(bold=True)
            ws.freeze_panes = "A2"
            for i in range(1, max(len(r) for r in rows) + 1):
                width = max(len(str(r[i - 1])) if i <= len(r) else 0 for r in rows)
                ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, 1.6 * width))
        if title == README_TITLE:
            for row_cells in ws.iter_rows(min_row=2):
                for cell in row_cells:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    path.parent.mkdir(parents=True, exist_ok=True)
    sheetwriter.save(wb, path)


def write_template(path: Path, lang: str = "zh") -> None:
    """Write a scenario workbook with every sheet and column, the worked example and a README.

    `lang` "zh" writes Chinese sheet names, headers and values; "en" English ones.
    The workbook loads as it is (`load_scenario`), so a planner edits rather than starts blank.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    sheets = []
    for spec in SHEETS:
        title = spec.zh[0] if lang == "zh" else spec.name
        sheets.append((title, [_header(spec, lang), *_example_rows(spec, lang)]))
    sheets.append((README_TITLE, readme_rows()))
    _write(Path(path), sheets)


def write_scenario_xlsx(folder: Path, path: Path) -> None:
    """Convert a folder of scenario CSVs into one workbook: one sheet per CSV, same headers.

    Sheets come in the contract's order (settings, regions, rules, …), other CSVs after.
    """
    folder = Path(folder)
    order = {spec.name: i for i, spec in enumerate(SHEETS)}
    for i, spec in enumerate(SHEETS):
        order.update({z: i for z in spec.zh})
    files = sorted(
        (p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file()),
        key=lambda p: (order.get(p.stem.lower(), len(order)), p.name),
    )
    limits = Limits.from_env()
    problems = Problems(limits.max_messages)
    sheets = []
    for csv_path in files:
        raw = read_csv(csv_path, problems, limits)
        if raw is not None:
            sheets.append((csv_path.stem, [raw.header, *(cells for _, cells in raw.rows)]))
    if problems:
        raise InputError(problems.ordered())
    _write(Path(path), sheets)
