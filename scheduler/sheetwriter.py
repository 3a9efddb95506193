"""Every CSV and XLSX file fairplan writes goes through here: user text stays text (CWE-1236).

A region name, a venue, a theme or a record's note typed by one user ends up in a file
another user opens in Excel or WPS. A cell that starts with `=` is a live formula there
(`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`), so whatever a user typed must reach a
spreadsheet only as text:

- **CSV** (OWASP's rule): a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
  carriage return gets a leading `'`. A cell that is a plain number (`-5`, `+3.5`) is
  left alone: every spreadsheet reads it as the number it is, not as a formula.
- **XLSX**: text is written as a string cell (data type `s`, marked `quotePrefix` when it
  looks like a formula), never as a formula, an error value or rich text; characters
  XML cannot hold are written in OOXML's own `_xHHHH_` escape (and a literal `_xHHHH_`
  is escaped as `_x005F_xHHHH_`), as Excel does. Numbers, dates and times stay numbers,
  dates and times.

Readers undo exactly this (`unquote`, `unescape_ooxml`; `scheduler.scenario.cells` calls
them for every cell it reads), and the writer also quotes a value that itself starts with
quotes before a trigger (`'=x` is written `''=x`): so export → import gives back every
string unchanged, and re-importing an exported records file changes nothing.

Files are written atomically: to a temporary name beside the target, then moved into place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import Cell

__all__ = [
    "TRIGGERS",
    "CsvWriter",
    "append",
    "csv_bytes",
    "csv_cell",
    "csv_text",
    "escape_ooxml",
    "quote",
    "save",
    "set_cell",
    "sheet_title",
    "unescape_ooxml",
    "unquote",
    "workbook_bytes",
    "write_csv",
    "xlsx_cell",
]

#: first characters that make a spreadsheet evaluate a cell (OWASP, CSV injection)
TRIGGERS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: characters XML 1.0 cannot hold (openpyxl refuses them), written as `_xHHHH_`
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_OOXML_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_OOXML_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

Value = str | int | float | bool | dt.date | dt.datetime | dt.time | None
Row = Sequence[Any] | Mapping[str, Any]


# --------------------------------------------------------------------------- text rules


def _looks_like_formula(text: str) -> bool:
    body = text.lstrip("'")
    return bool(body) and body[0] in TRIGGERS


def quote(text: str) -> str:
    """The CSV form of a text cell: `'` before anything a spreadsheet would evaluate."""
    if not _looks_like_formula(text):
        return text
    if text[0] != "'" and _NUMBER.fullmatch(text):
        return text  # -5 is a number, not a formula
    return "'" + text


def unquote(text: str) -> str:
    """The inverse of `quote` (and of the XLSX writer's quoting): what the user wrote."""
    if text[:1] == "'" and _looks_like_formula(text):
        return text[1:]
    return text


def escape_ooxml(text: str) -> str:
    """OOXML's escape for text XML cannot hold; a literal `_xHHHH_` is escaped too."""
    if "_x" in text:
        text = _OOXML_ESCAPE.sub("_x005F_", text)
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m[0]):04X}_", text)


def unescape_ooxml(text: str) -> str:
    """The text of an XLSX string cell as Excel shows it (`_x000D_` → CR, …)."""
    if "_x" not in text:
        return text
    return _OOXML_UNESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


# --------------------------------------------------------------------------- CSV


def csv_cell(value: Any) -> str:
    """One CSV cell: numbers, dates and booleans as themselves, text quoted by `quote`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return quote(str(value))


def _cells(row: Row, columns: Sequence[str]) -> list[str]:
    if isinstance(row, Mapping):
        return [csv_cell(row.get(c)) for c in columns]
    return [csv_cell(v) for v in row]


class CsvWriter:
    """Rows to an open text file (e.g. stdout), header first, every cell through `csv_cell`."""

    def __init__(self, fh: IO[str], columns: Sequence[str], lineterminator: str = "\r\n") -> None:
        self.columns = list(columns)
        self._w = csv.writer(fh, lineterminator=lineterminator)
        self._w.writerow([quote(c) for c in self.columns])

    def writerow(self, row: Row) -> None:
        self._w.writerow(_cells(row, self.columns))

    def writerows(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(columns: Sequence[str], rows: Iterable[Row], lineterminator: str = "\r\n") -> str:
    buf = io.StringIO()
    CsvWriter(buf, columns, lineterminator).writerows(rows)
    return buf.getvalue()


def csv_bytes(columns: Sequence[str], rows: Iterable[Row]) -> bytes:
    """UTF-8 with BOM (so that Excel shows Chinese names), CRLF line ends."""
    return csv_text(columns, rows).encode("utf-8-sig")


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> Path:
    """Write a CSV for Excel atomically: UTF-8 with BOM, header row, CRLF."""
    _write_atomic(Path(path), csv_bytes(columns, rows))
    return Path(path)


# --------------------------------------------------------------------------- XLSX


def _put(cell: Cell, value: Any) -> Cell:
    """Give `cell` the value as data: text as a string cell, never a formula or error value."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = escape_ooxml(value)
    if text[:1] == "'" and _looks_like_formula(text):
        text = "'" + text  # so that `unquote` on reading gives the value back
    cell.value = text[:32767]  # Excel's limit per cell; loading refuses longer cells
    cell.data_type = "s"  # whatever it starts with: not "f" (formula) nor "e" (error)
    if _looks_like_formula(text):
        cell.quotePrefix = True  # Excel keeps it text even when someone edits the cell
    return cell


def xlsx_cell(ws: Any, value: Any) -> Cell:
    """A cell for `ws` (normal or write-only) holding `value` as data."""
    from openpyxl.cell import Cell

    return _put(Cell(ws, row=1, column=1), value)  # placed by `append`


def append(ws: Any, values: Iterable[Any]) -> None:
    """`ws.append(values)`, every value through `xlsx_cell`."""
    ws.append([xlsx_cell(ws, v) for v in values])


def set_cell(ws: Any, row: int, column: int, value: Any) -> Cell:
    """`ws.cell(row, column, value)` of a normal worksheet, the value through `xlsx_cell`."""
    return _put(ws.cell(row=row, column=column), value)


def display_width(value: Any) -> int:
    """Columns a value takes in a spreadsheet: a Chinese character counts two (dates ten)."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    return max(
        (sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
         for line in text.splitlines()),
        default=0,
    )  # fmt: skip


def table(
    ws: Any,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    widths: Sequence[int] | None = None,
    most: int = 60,
) -> int:
    """A table people read: a bold title row saying what was selected (when given), a bold
    header row frozen in place and filterable, rows below, and columns as wide as their
    content (Chinese characters count double; at most `most`) unless `widths` says.
    Returns the header's row number (the first data row is the next one)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    empty = ws.max_row == 1 and ws.cell(row=1, column=1).value is None
    head = 1 if empty else ws.max_row + 2  # below what the sheet holds, after a blank row
    if title:
        set_cell(ws, head, 1, title).font = Font(bold=True, size=12)
        head += 1
    seen = [display_width(h) for h in header]
    for column, h in enumerate(header, start=1):
        set_cell(ws, head, column, h).font = bold
    n = head
    for row in rows:
        n += 1
        for column, value in enumerate(row, start=1):
            set_cell(ws, n, column, value)
            if column <= len(seen):
                seen[column - 1] = max(seen[column - 1], display_width(value))
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    if header:
        ws.auto_filter.ref = f"A{head}:{get_column_letter(len(header))}{max(n, head)}"
    for i, w in enumerate(widths or [min(most, max(6, x + 2)) for x in seen], start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    return head


_TITLE_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_title(name: str, used: set[str], limit: int = 31) -> str:
    """A unique, valid sheet title from user text (Excel: ≤ 31 characters, no []:*?/\\)."""
    base = _TITLE_BAD.sub("", name).strip().strip("'")[: limit - 3] or "sheet"
    title, n = base, 2
    while title.lower() in {u.lower() for u in used}:
        title, n = f"{base[: limit - 6]}-{n}", n + 1
    used.add(title)
    return title


def save(wb: Workbook, path: Path) -> Path:
    """Save atomically (see `workbook_bytes`)."""
    _write_atomic(Path(path), workbook_bytes(wb))
    return Path(path)


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx file of `wb` (e.g. for a download); any text cell a writer set directly,
    bypassing `append`/`set_cell`, is forced to a string cell first."""
    for ws in wb.worksheets:
        # the cells a normal worksheet holds (write-only sheets hold none: they stream)
        for cell in getattr(ws, "_cells", {}).values():
            if cell.data_type in ("f", "e") and isinstance(cell.value, str):
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
