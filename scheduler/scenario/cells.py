"""Reading the cells of `.csv` files and `.xlsx` workbooks, within bounds, as text.

One reader for scenarios, records and previous schedules. Each sheet comes back as a
`RawSheet`: its header row as written and every non-blank row as a list of stripped text
cells, numbered as a spreadsheet shows them (header = row 1 when it is the first line).
Nothing here knows what a column means; `scheduler.scenario.sheets` binds the cells to a
sheet's spec.

What is refused here, each with the file, sheet, row and column (`Problems`):

- a file larger than `Limits.max_file_bytes`, a sheet with more than `max_rows` rows, a
  cell longer than `max_cell_chars` characters (also the CSV module's own 128 KB field
  limit and NUL bytes, which used to escape as tracebacks);
- a CSV that is neither UTF-8 (with or without BOM) nor GB18030 (the message says where);
- an `.xlsx` that is not a zip, or whose parts would unpack beyond `max_xlsx_bytes` or
  more than `max_xlsx_ratio` times their stored size (a zip bomb) — checked from the zip's
  directory before openpyxl parses anything; a damaged sheet inside a workbook;
- a formula cell without a saved value (openpyxl would read it as blank: "open and save
  it in Excel, or type the value"), a cell showing an error value such as `#N/A`;
- a control character a spreadsheet cannot hold (U+0000–U+001F but tab and line breaks).

Merged cells take the value of their top-left cell, in every cell of the range — what a
planner sees on screen (a merged `unavailable` over two venues' rows closes both). A cell
fairplan wrote as `'=x` (so that no spreadsheet evaluates it, `scheduler.sheetwriter`)
reads as `=x`; an `.xlsx` string in OOXML's `_xHHHH_` escape is read as Excel shows it.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.scenario.bounds import Limits
from scheduler.scenario.ids import shown
from scheduler.scenario.problems import Problems
from scheduler.sheetwriter import unescape_ooxml, unquote

__all__ = [
    "ENCODINGS",
    "RawSheet",
    "column_letter",
    "decode",
    "read_csv",
    "read_sheets",
    "read_xlsx",
]

ENCODINGS = ("utf-8-sig", "gb18030")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: parts this small are not held to the compression ratio (tiny XML compresses at will)
_RATIO_FLOOR = 1024 * 1024


@dataclass
class RawSheet:
    """A sheet's cells as text, before any column has a meaning."""

    file: str
    name: str
    header: list[str] = field(default_factory=list)  # as written
    header_row: int = 1
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    #: row -> indexes of cells refused while reading (reported once; not blank, not checked)
    spoiled: dict[int, set[int]] = field(default_factory=dict)


def column_letter(index: int) -> str:
    """`A` for the first column (index 0), `AA` for the 27th: how a spreadsheet names it."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class _Sheet:
    """Builds a RawSheet row by row, checking each cell and the row count."""

    def __init__(self, raw: RawSheet, problems: Problems, limits: Limits) -> None:
        self.raw, self.problems, self.limits = raw, problems, limits
        self.seen_header = False
        self.full = False  # more rows than allowed: reported, the sheet is refused

    def where(self, j: int) -> str:
        header = self.raw.header
        return header[j] if self.seen_header and j < len(header) and header[j] else column_letter(j)

    def cell(self, n: int, j: int, text: str) -> str:
        if len(text) > self.limits.max_cell_chars:
            self.spoil(n, j, "cell_too_long", length=f"{len(text):,}",
                       limit=f"{self.limits.max_cell_chars:,}", var=Limits.variable("max_cell_chars"))  # fmt: skip
            return ""
        text = unquote(text.strip())
        m = _CONTROL.search(text)
        if m:
            self.spoil(n, j, "control_char", char=f"U+{ord(m[0]):04X}", value=shown(text))
            return _CONTROL.sub("", text)  # the row is refused; its id still counts as seen
        return text

    def within(self, n: int, cells: list[str]) -> list[str]:
        """The row's first `max_columns` cells; a value further right is reported."""
        limit = self.limits.max_columns
        if len(cells) > limit:
            far = next((j for j in range(limit, len(cells)) if cells[j].strip()), None)
            if far is not None:
                self.problems.add("too_many_columns", self.raw.file, self.raw.name, n,
                                  column_letter(far), cell=f"{column_letter(far)}{n}",
                                  limit=f"{limit:,}", var=Limits.variable("max_columns"))  # fmt: skip
            cells = cells[:limit]
        return cells

    def spoil(self, n: int, j: int, check: str, /, **values: object) -> None:
        raw = self.raw
        self.problems.add(check, raw.file, raw.name, n, self.where(j), **values)
        raw.spoiled.setdefault(n, set()).add(j)

    def row(self, n: int, cells: list[str]) -> bool:
        """Add a row (already checked cells); False once the sheet has too many rows."""
        if not any(cells) and n not in self.raw.spoiled:
            return True  # blank lines are not rows
        if not self.seen_header:
            self.raw.header, self.raw.header_row, self.seen_header = cells, n, True
            return True
        if len(self.raw.rows) >= self.limits.max_rows:
            self.problems.add(
                "too_many_rows", self.raw.file, self.raw.name, n,
                limit=f"{self.limits.max_rows:,}", var=Limits.variable("max_rows"),
            )  # fmt: skip
            self.full = True
            return False
        self.raw.rows.append((n, cells))
        return True


# --------------------------------------------------------------------------- CSV


def decode(data: bytes, file: str, problems: Problems, sheet: str = "") -> str | None:
    """The text of a CSV file: UTF-8 (with or without BOM) or GB18030."""
    first_error: UnicodeDecodeError | None = None
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    at = first_error.start
    line = data.count(b"\n", 0, at) + 1
    problems.add("cannot_decode", file, sheet, line, "", byte=f"{at:,}", line=line)
    return None


def _too_big(path: Path, problems: Problems, limits: Limits) -> bool:
    size = path.stat().st_size
    if size <= limits.max_file_bytes:
        return False
    problems.add("file_too_big", str(path), size=f"{size:,}", limit=f"{limits.max_file_bytes:,}",
                 var=Limits.variable("max_file_bytes"))  # fmt: skip
    return True


def read_csv(
    path: Path, problems: Problems, limits: Limits, name: str | None = None
) -> RawSheet | None:
    """One CSV file as a sheet named after the file (without `.csv`); None if unreadable."""
    if _too_big(path, problems, limits):
        return None
    raw = RawSheet(str(path), name or path.stem)
    text = decode(path.read_bytes(), raw.file, problems, raw.name)
    if text is None:
        return None
    # the csv module's own field limit (128 KB) would stop at a long cell without saying
    # which; cells are bounded here, with their column named (the limit only ever rises)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    sheet = _Sheet(raw, problems, limits)
    reader = csv.reader(io.StringIO(text))
    n = 0
    try:
        for n, record in enumerate(reader, start=1):
            if not sheet.row(
                n, [sheet.cell(n, j, c) for j, c in enumerate(sheet.within(n, record))]
            ):
                return None
    except csv.Error as exc:
        problems.add("csv_broken", raw.file, raw.name, n + 1, line=reader.line_num, detail=str(exc))
        return None
    return raw


# --------------------------------------------------------------------------- XLSX


def _zip_ok(path: Path, problems: Problems, limits: Limits) -> bool:
    """The workbook's zip directory, checked before anything is unpacked."""
    file = str(path)
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        problems.add("xlsx_not_zip", file)
        return False
    total = sum(i.file_size for i in infos)
    if total > limits.max_xlsx_bytes:
        problems.add("xlsx_too_big", file, size=f"{total:,}", limit=f"{limits.max_xlsx_bytes:,}",
                     var=Limits.variable("max_xlsx_bytes"))  # fmt: skip
        return False
    for i in infos:
        if i.file_size > _RATIO_FLOOR and i.file_size > limits.max_xlsx_ratio * max(
            i.compress_size, 1
        ):
            problems.add("xlsx_ratio", file, part=i.filename, ratio=f"{i.file_size // max(i.compress_size, 1):,}",
                         limit=limits.max_xlsx_ratio, var=Limits.variable("max_xlsx_ratio"))  # fmt: skip
            return False
    return True


def _text(value: Any) -> str:
    """A workbook cell's value as the text a CSV of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M" if not value.second else "%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return unescape_ooxml(value)
    return str(value)


def _parser_class() -> type:
    """openpyxl's worksheet parser, also noting formulas without a saved value.

    openpyxl's read-only mode with `data_only` gives such a cell as None — a blank — and
    does not expose merged ranges; parsing the sheet ourselves with its own parser gives
    values, formulas and merged ranges in one streaming pass.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            if formula is not None and element.findtext(VALUE_TAG) in (None, ""):
                cell["formula"] = "=" + (formula.text or "")
            return cell

    return Parser


def read_xlsx(path: Path, problems: Problems, limits: Limits) -> list[RawSheet]:
    """Every worksheet of a workbook, in order; sheets that cannot be read are reported."""
    file = str(path)
    if _too_big(path, problems, limits) or not _zip_ok(path, problems, limits):
        return []
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles, extensions, dates
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            problems.add("xlsx_unreadable", file, detail=shown(f"{type(exc).__name__}: {exc}", 120))
            return []
        parser_class = _parser_class()
        out: list[RawSheet] = []
        try:
            for ws in wb.worksheets:
                raw = RawSheet(file, ws.title)
                try:
                    cells = _read_worksheet(wb, ws, raw, parser_class, problems, limits)
                except Exception as exc:  # a damaged part: bad XML, a CRC error, …
                    problems.add("sheet_unreadable", file, ws.title,
                                 detail=shown(f"{type(exc).__name__}: {exc}", 120))  # fmt: skip
                    continue
                if cells is None:
                    continue
                sheet = _Sheet(raw, problems, limits)
                for n in sorted(cells):
                    row = cells[n]
                    width = max(row) + 1 if row else 0
                    texts = [sheet.cell(n, j, row.get(j, "")) for j in range(width)]
                    if not sheet.row(n, texts):
                        break
                if not sheet.full:
                    out.append(raw)
        finally:
            wb.close()
    return out


def _read_worksheet(
    wb: Any, ws: Any, raw: RawSheet, parser_class: type, problems: Problems, limits: Limits
) -> dict[int, dict[int, str]] | None:
    """Cell texts by row and column index, merged ranges filled; formulas without values
    and error cells reported (their cells spoiled). None if the sheet has too many rows."""
    cells: dict[int, dict[int, str]] = {}
    with ws._get_source() as src:  # the sheet's XML part, as openpyxl's read-only mode opens it
        parser = parser_class(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for n, row in parser.parse():
            texts: dict[int, str] = {}
            for c in row:
                j = c["column"] - 1
                if j >= limits.max_columns:
                    if c["value"] is not None or "formula" in c:
                        problems.add("too_many_columns", raw.file, raw.name, n, column_letter(j),
                                     cell=f"{column_letter(j)}{n}", limit=f"{limits.max_columns:,}",
                                     var=Limits.variable("max_columns"))  # fmt: skip
                    continue
                if "formula" in c:
                    raw.spoiled.setdefault(n, set()).add(j)
                    problems.add("formula_no_value", raw.file, raw.name, n, column_letter(j),
                                 cell=f"{column_letter(j)}{n}", formula=shown(c["formula"], 80))  # fmt: skip
                elif c["data_type"] == "e" and c["value"] is not None:
                    raw.spoiled.setdefault(n, set()).add(j)
                    problems.add("error_value", raw.file, raw.name, n, column_letter(j),
                                 cell=f"{column_letter(j)}{n}", value=shown(str(c["value"])))  # fmt: skip
                elif c["value"] is not None:
                    texts[j] = _text(c["value"])
            if texts or n in raw.spoiled:
                if len(cells) > limits.max_rows:  # the header row and max_rows rows are in
                    problems.add("too_many_rows", raw.file, raw.name, n,
                                 limit=f"{limits.max_rows:,}", var=Limits.variable("max_rows"))  # fmt: skip
                    return None
                cells[n] = texts
        merged = parser.merged_cells
    ranges = [m.coord for m in merged.mergeCell] if merged is not None else []
    if not _merge(cells, ranges, budget=20 * limits.max_rows):
        problems.add("merged_too_large", raw.file, raw.name, count=f"{len(ranges):,}")
        return None
    return cells


def _merge(cells: dict[int, dict[int, str]], ranges: list[str], budget: int) -> bool:
    """Every cell of a merged range takes the value of its top-left cell, in the rows that
    hold anything else (a range drawn over empty rows adds none) and the header's columns.
    False when the ranges would fill more than `budget` cells (the sheet is refused)."""
    from openpyxl.utils import range_boundaries

    order = sorted(cells)
    width = max(cells[order[0]], default=-1) + 1 if order else 0  # the header's columns
    for ref in ranges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if min_col is None or min_row is None or max_col is None or max_row is None:
            continue  # a whole row or column: not a merge Excel writes
        value = cells.get(min_row, {}).get(min_col - 1, "")
        if not value:
            continue
        cols = range(min_col - 1, min(max_col, width))
        for n in order[bisect.bisect_left(order, min_row) : bisect.bisect_right(order, max_row)]:
            budget -= len(cols)
            if budget < 0:
                return False
            row = cells[n]
            for j in cols:
                row.setdefault(j, value)
    return True


# --------------------------------------------------------------------------- either


def read_sheets(path: Path, problems: Problems, limits: Limits) -> list[RawSheet]:
    """The sheets of a `.csv` file (one) or an `.xlsx` workbook; unreadable ones reported."""
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path, problems, limits)
    raw = read_csv(path, problems, limits)
    return [raw] if raw is not None else []
