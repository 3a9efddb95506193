"""Reading and validating records files (CONTRACT §4): every problem at once, with row and column.

Records are read with the scenario loader's cells, parsers and messages; messages are checked
in English (`texts.use("en")`), the default language (Chinese) where a test says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

import texts
from monitor.records import Record, derived_id, load_records, parse_date
from scheduler.errors import InputError
from scheduler.model import KindSpec
from tests.monitor.conftest import CITY, COUNTY, PROVINCE
from tests.scheduler import factory

REGIONS = {PROVINCE, CITY, COUNTY}
KINDS = factory.tiny().kinds  # specialized and comprehensive
HEADER = "record_id,region_id,kind,date,status,venue,employers,positions,attendees\n"
GOOD = "A1,150100,specialized,2024-07-05,held,HH-2,30,400,800\n"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with texts.use("en"):
        yield


def write(tmp_path: Path, text: str, name: str = "records.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(tmp_path: Path, text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InputError) as err:
        load_records(write(tmp_path, text), REGIONS, kinds=KINDS)
    return [(p.row, p.column, p.message) for p in err.value.problems]


@pytest.mark.parametrize(
    ("line", "row", "column", "words"),
    [
        # a region the scenario does not have
        (
            "A2,150199,specialized,2024-07-05,held,,,,\n",
            3,
            "region_id",
            "'150199' is not a region of the scenario",
        ),
        # the region left blank
        ("A2,,specialized,2024-07-05,held,,,,\n", 3, "region_id", "this cell is empty"),
        # a date that does not exist
        ("A2,150100,specialized,2024-02-30,held,,,,\n", 3, "date", "'2024-02-30' is not a date"),
        # words instead of a date
        ("A2,150100,specialized,next week,held,,,,\n", 3, "date", "'next week' is not a date"),
        # a blank date
        ("A2,150100,specialized,,held,,,,\n", 3, "date", "empty; expected a date"),
        # an unknown kind
        (
            "A2,150100,招聘,2024-07-05,held,,,,\n",
            3,
            "kind",
            "the kinds sheet has no kind 招聘 (it has: comprehensive、specialized)",
        ),
        # a status the contract does not know (planned fairs are not records)
        (
            "A2,150100,specialized,2024-07-05,planned,,,,\n",
            3,
            "status",
            "'planned' is not valid here; expected held or cancelled",
        ),
        # a negative count
        ("A2,150100,specialized,2024-07-05,held,,-3,,\n", 3, "employers", "-3 is below zero"),
        # a count that is not a number
        (
            "A2,150100,specialized,2024-07-05,held,,,many,\n",
            3,
            "positions",
            "'many' is not a whole number",
        ),
        # a fractional count of people
        (
            "A2,150100,specialized,2024-07-05,held,,,,1.5\n",
            3,
            "attendees",
            "'1.5' is not a whole number",
        ),
        # the same record_id twice
        (
            "A1,150100,specialized,2024-07-06,held,,,,\n",
            3,
            "record_id",
            "'A1' is already used on row 2; each record_id must be unique",
        ),
    ],
)
def test_one_bad_row(tmp_path: Path, line: str, row: int, column: str, words: str) -> None:
    found = problems(tmp_path, HEADER + GOOD + line)
    assert len(found) == 1, found
    assert found[0][:2] == (row, column)
    assert words in found[0][2]


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        # no date column at all
        ("record_id,region_id,kind,status\n", ["date"]),
        # neither region nor status
        ("kind,date\n", ["region_id", "status"]),
    ],
)
def test_missing_required_columns(tmp_path: Path, header: str, missing: list[str]) -> None:
    found = problems(tmp_path, header + "x,y,z,w\n")
    assert [(r, c) for r, c, _ in found] == [(1, m) for m in missing]  # the header row
    assert f"the header has no '{missing[0]}' column" in found[0][2]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        HEADER
        + GOOD
        + "A2,999999,party,2024-13-01,maybe,,-1,x,\n"
        + "A1,150100,专场,2024-07-06,已举办,,,,\n"
    )
    found = problems(tmp_path, text)
    assert [(r, c) for r, c, _ in found] == [
        (3, "region_id"),
        (3, "kind"),
        (3, "date"),
        (3, "status"),
        (3, "employers"),
        (3, "positions"),
        (4, "record_id"),
    ]


def test_problem_names_file_row_and_column(tmp_path: Path) -> None:
    with texts.use("zh"):  # the default language
        with pytest.raises(InputError) as err:
            path = write(tmp_path, HEADER + "A2,150100,x,2024-07-05,held,,,,\n")
            load_records(path, REGIONS, kinds=KINDS)
        assert str(err.value.problems[0]).endswith(
            "records.csv，工作表 records，第 2 行，列 kind: 类型表中没有 x 这种类型"
            "（有：comprehensive、specialized）；请在类型表中添加，或改用其中之一"
        )


def test_kinds_are_the_scenarios_ids_names_or_labels(tmp_path: Path) -> None:
    """CONTRACT §6: records name kinds as the kinds sheet does — a built-in kind's Chinese
    name, any kind's id or its label — and without a scenario (a store import) any id."""
    kinds = {
        **KINDS,
        "campus": KindSpec("campus", 6, 500, dt.time(9), dt.time(16), label="校园招聘会"),
    }
    text = (
        HEADER
        + "A1,150100,校园招聘会,2024-07-05,held,,,,\n"
        + "A2,150100,专场,2024-07-05,held,,,,\n"
    )
    got = load_records(write(tmp_path, text), REGIONS, kinds=kinds)
    assert [r.kind for r in got] == ["campus", "specialized"]
    free = HEADER + "A1,150100,livestream,2024-07-05,held,,,,\n"
    assert [r.kind for r in load_records(write(tmp_path, free, "free.csv"))] == ["livestream"]
    with pytest.raises(InputError) as err:  # not even an id: refused with or without a scenario
        load_records(write(tmp_path, HEADER + "A1,150100,直 播,2024-07-05,held,,,,\n", "bad.csv"))
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "kind")]


def test_chinese_headers_and_values_in_gb18030(tmp_path: Path) -> None:
    text = (
        "记录编号,地区编号,类型,日期,状态,活动编号,场地,参会企业数,岗位数,参会人数\n"
        'J-1,150100,专场,2024/7/5,已举办,E1,呼和浩特市就业服务中心,35,"1,200",900\n'
        "J-2,150121,综合招聘会,2024年7月9日,已取消,,,,,\n"
    )
    path = write(tmp_path, text, encoding="gb18030")
    assert load_records(path, REGIONS) == [
        Record(
            "J-1",
            CITY,
            "specialized",
            dt.date(2024, 7, 5),
            "held",
            "E1",
            "呼和浩特市就业服务中心",
            35,
            1200,
            900,
        ),
        Record("J-2", COUNTY, "comprehensive", dt.date(2024, 7, 9), "cancelled"),
    ]


def test_utf8_with_bom_and_english_case_insensitive_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffRegion_ID,KIND,Date,Status\n150100,Specialized,2024-07-05,HELD\n")
    [r] = load_records(path, REGIONS)
    assert (r.region_id, r.kind, r.status) == (CITY, "specialized", "held")


def test_xlsx_first_sheet_with_date_cells(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["地区编号", "类型", "日期", "状态", "参会人数"])
    ws.append([150100, "专场", dt.datetime(2024, 7, 5), "已举办", 120])
    ws.append([150100, "综合", "2024-07-20", "已举办", None])
    wb.save(tmp_path / "r.xlsx")
    recs = load_records(tmp_path / "r.xlsx", REGIONS)
    assert [(r.region_id, r.date, r.attendees) for r in recs] == [
        (CITY, dt.date(2024, 7, 5), 120),
        (CITY, dt.date(2024, 7, 20), None),
    ]


def test_rows_without_record_id_get_a_deterministic_one(tmp_path: Path) -> None:
    text = "region_id,kind,date,status,venue\n" + "150100,专场,2024-07-05,held,HH-2\n" * 2
    a = load_records(write(tmp_path, text), REGIONS)
    b = load_records(write(tmp_path, text.replace("held", "cancelled"), "again.csv"), REGIONS)
    base = derived_id(CITY, "specialized", dt.date(2024, 7, 5), "HH-2")
    assert [r.record_id for r in a] == [base, base + "-2"] == [r.record_id for r in b]
    assert base.startswith("R-") and len(base) == 18


def test_without_regions_any_region_is_accepted(tmp_path: Path) -> None:
    """`fairplan records import` has no scenario: regions are checked at `check` time."""
    [r] = load_records(write(tmp_path, HEADER + "A9,440300,specialized,2024-07-05,held,,,,\n"))
    assert r.region_id == "440300"


def test_blank_lines_are_skipped_and_rows_keep_spreadsheet_numbers(tmp_path: Path) -> None:
    found = problems(
        tmp_path, HEADER + GOOD + "\n,,,,,,,,\n" + "A3,150100,specialized,bad,held,,,,\n"
    )
    assert found[0][:2] == (5, "date")


def test_missing_file_and_wrong_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_records(tmp_path / "nope.csv")
    with pytest.raises(InputError, match=r"expected a \.csv or \.xlsx"):
        load_records(write(tmp_path, "x", "r.txt"))


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-07-05", dt.date(2024, 7, 5)),
        ("2024/7/5", dt.date(2024, 7, 5)),
        ("2024.07.05", dt.date(2024, 7, 5)),
        ("2024年7月5日", dt.date(2024, 7, 5)),
        ("2024-7-32", None),
        ("05/07/2024", None),
        ("", None),
    ],
)
def test_parse_date(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date
