"""Property (issue 11): no mutation of a real scenario or records file breaks fairplan.

Hypothesis mutates the worked example (as a CSV folder and as a workbook) and a real
records file — cells replaced by hostile or broken values of every type, encodings,
truncation, NUL bytes, merged cells, formulas, deleted sheets and columns, sizes — and
runs `plan` and `records import` as a user would (`ui.cli.main`). Every run must end in
one of two ways:

- exit 0 or 3, with a plan the independent checker accepts, read back from the files
  written; or
- exit 2, every message naming a file of the input (and a sheet, row and column where it
  is about a cell), nothing written, nothing stored;

and never a traceback, never a file outside `--out`. Examples are few and derandomized,
so CI stays fast and repeatable.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import texts
from scheduler import sheetwriter
from scheduler.checker import check
from scheduler.scenario import load_scenario
from scheduler.schedule import read_schedule
from scheduler.template import write_scenario_xlsx
from ui.cli import main

TINY = Path(__file__).parent / "data" / "tiny"
RECORDS = (
    "record_id,region_id,kind,date,status,event_id,venue,employers,positions,attendees\n"
    "HH-0705,150100,specialized,2024-07-05,held,,呼和浩特市就业服务中心,32,410,650\n"
    "HH-0710,150100,specialized,2024-07-10,cancelled,,,,,\n"
    ",150121,专场,2024-07-16,已举办,,土默特左旗就业服务站,12,150,300\n"
    'HH-0725,150100,综合,2024/7/25,已举办,,呼和浩特市人力资源市场,120,"3,200",4100\n'
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: cells of free text (file -> row, column): names, the scenario's name, a rule's source
FREE_TEXT = {
    "settings.csv": (1, 1),
    "regions.csv": (2, 1),
    "venues.csv": (1, 2),
    "staff.csv": (1, 1),
    "rules.csv": (1, 7),
}
#: values a hurried clerk or an attacker puts in a cell
HOSTILE_TEXT = [
    "", " ", "=1+2", "=HYPERLINK(\"http://x\")", "-1+2", "@SUM(A1)", "+86 139", "'=x",
    "150100\u200b", "\ufeff150100", "150\u00a0100", "１５０１００", "1_0", "١٢", "1e3", "-1",
    "0", "99999999999999999999999", "3.5", "2024-02-30", "0001-01-01", "9999-12-31",
    "2024-07-01..9999-12-31", "2024.07.05", "2024/7/5", "9:00", "25:00", "../../x", "/tmp/x",
    "a/b", "CON", "..", "x" * 70, "名称\n第二行", "a\rb", "\x1b[2J", "a\x00b", "是", "否",
    "maybe", "any", "专场", "综合", "week", "window", "city", "tag:边境", "*", "市" * 3000,
    "held", "已取消", "planned",
]  # fmt: skip
HOSTILE_VALUES = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(),
)


def _written(root: Path, inputs: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not p.is_relative_to(inputs)]


def run(argv: list[str]) -> tuple[int, list[str]]:
    err = io.StringIO()
    with (
        contextlib.redirect_stderr(err),
        contextlib.redirect_stdout(io.StringIO()),
        texts.use("en"),
    ):
        code = main(argv)
    text = err.getvalue()
    assert "Traceback" not in text, text
    return code, [line for line in text.splitlines() if line.startswith("fairplan:")]


PLACE = re.compile(r"fairplan: (?P<file>[^,]+?)(, sheet [^,]+)?(, row \d+)?(, column [^:]+)?: \S")


def assert_refused_well(lines: list[str], inputs: Path) -> None:
    """Exit 2 says why: each line names a file of the input, then sheet, row, column as known."""
    assert lines
    for line in lines:
        m = PLACE.match(line)
        assert m and Path(m["file"]).is_relative_to(inputs), line


# --------------------------------------------------------------------------- scenario mutations


def csv_mutation() -> st.SearchStrategy[tuple[str, Callable[[Path], None]]]:
    """(description, edit of the scenario folder); the description names the example."""
    files = sorted(p.name for p in TINY.glob("*.csv"))

    @st.composite
    def one(draw: st.DrawFn) -> tuple[str, Callable[[Path], None]]:
        name = draw(st.sampled_from(files))
        kind = draw(
            st.sampled_from(
                ["cell", "cell", "cell", "column", "row", "encoding", "truncate", "nul", "size"]
            )
        )
        rows = (TINY / name).read_text("utf-8").splitlines()
        r = draw(st.integers(min_value=0, max_value=len(rows) - 1))
        c = draw(st.integers(min_value=0, max_value=len(rows[0].split(",")) - 1))
        value = draw(st.sampled_from(HOSTILE_TEXT))
        cut = draw(st.floats(min_value=0.0, max_value=1.0))
        encoding = draw(st.sampled_from(["gb18030", "utf-16", "latin-1", "utf-8-sig"]))

        def edit(folder: Path) -> None:
            import csv

            path = folder / name
            # an earlier edit may have changed the encoding: its bytes read as they come
            text = path.read_bytes().decode("utf-8", errors="replace")
            table = list(csv.reader(io.StringIO(text.replace("\x00", ""))))
            if kind in ("cell", "text"):
                while len(table[r]) <= c:
                    table[r].append("")
                table[r][c] = value
            elif kind == "column":
                for row in table:
                    if c < len(row):
                        del row[c]
            elif kind == "row":
                table.insert(r, list(table[r]))  # a duplicated row
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(table)
            text = buf.getvalue()
            if kind == "size":
                text += "".join(f"x{i},{value},{i}\n" for i in range(3000))
            data = text.encode(encoding if kind == "encoding" else "utf-8", errors="replace")
            if kind == "truncate":
                data = data[: int(len(data) * cut)]
            if kind == "nul":
                data = data[: len(data) // 2] + b"\x00" + data[len(data) // 2 :]
            path.write_bytes(data)

        return f"{name}:{kind}:{r}:{c}:{value!r}", edit

    return one()


def xlsx_mutation() -> st.SearchStrategy[tuple[str, Callable[[openpyxl.Workbook], None]]]:
    @st.composite
    def one(draw: st.DrawFn) -> tuple[str, Callable[[openpyxl.Workbook], None]]:
        kind = draw(
            st.sampled_from(["cell", "cell", "formula", "merge", "delete_sheet", "rename_sheet"])
        )
        sheet = draw(st.sampled_from(["settings", "regions", "rules", "kinds", "venues", "staff"]))
        row = draw(st.integers(min_value=1, max_value=5))
        col = draw(st.integers(min_value=1, max_value=8))
        value = draw(HOSTILE_VALUES)
        span = draw(st.tuples(st.integers(0, 3), st.integers(0, 2)))

        def edit(wb: openpyxl.Workbook) -> None:
            ws = wb[sheet]
            if kind == "cell":  # control characters in the OOXML escape, as Excel writes them
                sheetwriter.set_cell(ws, row, col, value)
            elif kind == "formula":
                ws.cell(row=row, column=col).value = "=1+1"  # saved without a value
            elif kind == "merge":
                ws.merge_cells(
                    start_row=row, start_column=col, end_row=row + span[0], end_column=col + span[1]
                )
            elif kind == "delete_sheet":
                del wb[sheet]
            else:
                ws.title = f"{sheet}_old"

        return f"{sheet}:{kind}:{row}:{col}:{value!r}", edit

    return one()


def plan_and_judge(inputs: Path, scenario: Path, root: Path) -> None:
    out = root / "out"
    code, lines = run(
        ["plan", str(scenario), "--out", str(out), "--quiet", "--time-limit", "3", "--workers", "1"]
    )
    assert code in (0, 2, 3), (code, lines)
    event(f"plan exit {code}")
    if code == 2:
        assert_refused_well(lines, inputs)
        assert not out.exists() and not _written(root, inputs)
        return
    assert all(p.is_relative_to(out) for p in _written(root, inputs))
    result = check(load_scenario(scenario), read_schedule(out / "schedule.csv"))
    assert result.ok, result
    assert (code == 0) == (not result.short)


@given(csv_mutation(), st.one_of(st.none(), csv_mutation()))
@SETTINGS
def test_mutated_csv_scenarios_plan_or_are_refused_cleanly(
    first: tuple[str, Callable[[Path], None]],
    second: tuple[str, Callable[[Path], None]] | None,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs = root / "in"
        scenario = inputs / "scenario"
        shutil.copytree(TINY, scenario)
        edits = [first] if second is None else [first, second]
        for _, edit in edits:
            edit(scenario)
        plan_and_judge(inputs, scenario, root)


@given(st.lists(xlsx_mutation(), min_size=1, max_size=3))
@SETTINGS
def test_mutated_workbooks_plan_or_are_refused_cleanly(
    mutations: list[tuple[str, Callable[[openpyxl.Workbook], None]]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs = root / "in"
        inputs.mkdir()
        book = inputs / "scenario.xlsx"
        write_scenario_xlsx(TINY, book)
        wb = openpyxl.load_workbook(book)
        for _, edit in mutations:
            # an edit may find its sheet deleted by an earlier one
            with contextlib.suppress(KeyError, ValueError):
                edit(wb)
        wb.save(book)
        plan_and_judge(inputs, book, root)


# --------------------------------------------------------------------------- records


@given(
    st.sampled_from(["csv", "xlsx"]),
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 9), HOSTILE_VALUES), min_size=1, max_size=3
    ),
    st.sampled_from(["utf-8", "gb18030", "latin-1"]),
)
@SETTINGS
def test_mutated_records_import_completely_or_not_at_all(
    suffix: str, cells: list[tuple[int, int, object]], encoding: str
) -> None:
    import csv

    from monitor.store import RecordStore

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs = root / "in"
        inputs.mkdir()
        table = list(csv.reader(io.StringIO(RECORDS)))
        path = inputs / f"records.{suffix}"
        if suffix == "xlsx":
            wb = openpyxl.Workbook()
            ws = wb.active
            assert ws is not None
            for row in table:
                ws.append(row)
            for r, c, value in cells:
                sheetwriter.set_cell(ws, r + 1, c + 1, value)  # typed: numbers, dates, …
            wb.save(path)
        else:
            for r, c, value in cells:
                table[r][c] = str(value)
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(table)
            path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
        db = root / "records.db"
        code, lines = run(["records", "import", str(path), "--db", str(db)])
        assert code in (0, 2), (code, lines)
        event(f"import exit {code}")
        with RecordStore(str(db)) as store:
            stored = store.count()
        if code == 2:
            assert_refused_well(lines, inputs)
            assert stored == 0
        else:
            assert stored == len(table) - 1
            again, _ = run(["records", "import", str(path), "--db", str(db)])
            with RecordStore(str(db)) as store:
                assert again == 0 and store.count() == stored  # idempotent
