"""Reading sheets from `.xlsx` workbooks, `.csv` files and folders of CSVs.

One reader for scenarios and records alike: column names are matched
case-insensitively against English names and their Chinese aliases, CSVs may be
UTF-8 (with or without BOM) or GB18030, and every cell comes back as a stripped
string together with the row number the user sees in a spreadsheet (header = 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.errors import InputError, Problem
from scheduler.sheetwriter import unescape_ooxml, unquote

ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class Sheet:
    """A sheet's rows as {canonical column: text}, plus where it came from."""

    file: str
    name: str
    columns: list[str]  # canonical names of the columns present, in file order
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    def problem(self, message: str, row: int | None = None, column: str = "") -> Problem:
        return Problem(self.file, message, sheet=self.name, row=row, column=column)


def canonical(name: str, aliases: Mapping[str, str]) -> str:
    """Map a header cell to its canonical English name (lower case)."""
    key = str(name).strip().lower()
    return aliases.get(key, aliases.get(str(name).strip(), key))


def decode_csv(data: bytes, file: str) -> str:
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError([Problem(file, "cannot decode the file: save it as UTF-8 or GB18030")])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return unescape_ooxml(value).strip()
    return str(value).strip()


def _make_sheet(file: str, name: str, table: list[list[str]], aliases: Mapping[str, str]) -> Sheet:
    # the first non-blank row is the header; row numbers stay those the user sees
    top = next((i for i, r in enumerate(table) if any(c.strip() for c in r)), len(table))
    header = [canonical(h, aliases) for h in (table[top] if top < len(table) else [])]
    sheet = Sheet(file, name, [h for h in header if h])
    for i, raw in enumerate(table[top + 1 :], start=top + 2):
        if not any(c.strip() for c in raw):
            continue  # blank lines are not rows
        # a cell fairplan wrote as '=x (so that no spreadsheet runs it) reads as =x again
        cells = {
            h: (unquote(raw[j].strip()) if j < len(raw) else "") for j, h in enumerate(header) if h
        }
        sheet.rows.append((i, cells))
    return sheet


def read_csv(path: Path, aliases: Mapping[str, str], name: str | None = None) -> Sheet:
    text = decode_csv(path.read_bytes(), str(path))
    table = [list(r) for r in csv.reader(io.StringIO(text))]
    return _make_sheet(str(path), name or path.stem, table, aliases)


def read_xlsx(path: Path, aliases: Mapping[str, str]) -> dict[str, Sheet]:
    """Every sheet of a workbook, keyed by lower-case sheet name."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError([Problem(str(path), f"cannot open the workbook: {exc}")]) from None
    sheets: dict[str, Sheet] = {}
    try:
        for ws in wb.worksheets:
            table = [[_cell_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
            sheets[ws.title.strip().lower()] = _make_sheet(str(path), ws.title, table, aliases)
    finally:
        wb.close()
    return sheets


def read_table(path: Path, aliases: Mapping[str, str]) -> Sheet:
    """One table from a `.csv` file or the first sheet of an `.xlsx` (records files)."""
    if path.suffix.lower() == ".xlsx":
        sheets = read_xlsx(path, aliases)
        if not sheets:
            raise InputError([Problem(str(path), "the workbook has no sheet")])
        return next(iter(sheets.values()))
    if path.suffix.lower() == ".csv":
        return read_csv(path, aliases)
    raise InputError([Problem(str(path), "expected a .csv or .xlsx file")])
