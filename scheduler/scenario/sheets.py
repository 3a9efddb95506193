"""A sheet bound to its spec (`SheetSpec`), and typed reading of one row's cells.

`bind` renames a `RawSheet`'s columns to the canonical names of its spec (English names,
Chinese aliases, headers such as `活动编号 event_id` as fairplan's own workbooks write
them), reporting doubled and missing columns. `Row` reads one row's cells as ids, values,
numbers, dates, times and lists, reporting each bad cell once — with the column named as
the user wrote it — and clearing `ok`, so a row with a bad cell makes no object and
causes no second, derived problem. Scenarios, records and previous schedules all read
their cells through `Row`: one reading, one wording of every problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.errors import InputError, Problem
from scheduler.scenario.bounds import Limits
from scheduler.scenario.cells import RawSheet, read_sheets
from scheduler.scenario.format import MAX_COUNT, YES_NO_VALUES, SheetSpec
from scheduler.scenario.ids import check_id, invisible, shown
from scheduler.scenario.parsers import (
    MAX_YEAR,
    MIN_YEAR,
    norm_header,
    parse_date,
    parse_dates,
    parse_int,
    parse_time,
    split_list,
)
from scheduler.scenario.problems import Problems
from texts import tr

__all__ = ["Row", "Sheet", "bind", "expected", "missing_columns", "read_table"]


@dataclass
class Sheet:
    """A sheet's rows as {canonical column: text}, plus where it came from."""

    file: str
    name: str
    columns: list[str]  # canonical names of the columns present, in file order
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)  # canonical -> as written
    spoiled: dict[int, set[str]] = field(default_factory=dict)  # row -> refused columns
    header_row: int = 1
    #: problems found while reading the file (cells refused, …), reported with the rest
    notes: list[Problem] = field(default_factory=list)

    def renamed(self, file: str) -> Sheet:
        """The sheet as read from `file` (an upload saved under a temporary name), its
        reading problems too."""
        notes = [
            dataclasses.replace(p, file=file) if p.file == self.file else p for p in self.notes
        ]
        return dataclasses.replace(self, file=file, notes=notes)

    def written(self, column: str) -> str:
        """The column's name as the user wrote it (messages use it)."""
        return self.header.get(column, column)

    def problem(self, message: str, row: int | None = None, column: str = "") -> Problem:
        return Problem(self.file, message, sheet=self.name, row=row, column=self.written(column))


def expected(key: str) -> str:
    """The words that finish "expected …" for a column's `expect`, in the user's language."""
    return tr(key if "." in key else f"scenario.expect_{key}")


def _aliases(spec: SheetSpec) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for col in spec.columns:
        aliases[col.name] = col.name
        for zh in col.zh:
            aliases.setdefault(norm_header(zh), col.name)
    return aliases


def _canonical(written: str, aliases: Mapping[str, str]) -> str:
    """A header cell's canonical name: itself, an alias, or the alias inside a bilingual
    header such as `活动编号 event_id` (fairplan's workbooks write those)."""
    key = norm_header(written)
    if key in aliases:
        return aliases[key]
    for part in (written.split()[-1:] + written.split()[:1]) if " " in written.strip() else ():
        if norm_header(part) in aliases:
            return aliases[norm_header(part)]
    return key


def bind(spec: SheetSpec, raw: RawSheet, problems: Problems, report_missing: bool = True) -> Sheet:
    """The sheet with its columns renamed to `spec`'s canonical names."""
    aliases = _aliases(spec)
    header: dict[str, str] = {}
    index: dict[int, str] = {}
    for j, written in enumerate(raw.header):
        if not written:
            continue
        canon = _canonical(written, aliases)
        if canon in header:
            problems.add("duplicate_column", raw.file, raw.name, raw.header_row, written,
                         name=shown(written))  # fmt: skip
            continue
        header[canon] = written
        index[j] = canon
    rows = [
        (n, {canon: cells[j] if j < len(cells) else "" for j, canon in index.items()})
        for n, cells in raw.rows
    ]
    spoiled = {n: {index[j] for j in js if j in index} for n, js in raw.spoiled.items()}
    sheet = Sheet(raw.file, raw.name, list(header), rows, header, spoiled, raw.header_row)
    if report_missing:
        missing_columns(sheet, spec, problems)
    return sheet


def missing_columns(sheet: Sheet, spec: SheetSpec, problems: Problems) -> bool:
    """Report each required column the sheet lacks; True if any is missing."""
    missing = [c for c in spec.columns if c.required and c.name not in sheet.columns]
    for col in missing:
        problems.add("missing_column", sheet.file, sheet.name, sheet.header_row, col.name,
                     name=col.name, zh=" / ".join(col.zh))  # fmt: skip
    return bool(missing)


class Row:
    """One row's cells, read by type; each bad cell is reported once and clears `ok`."""

    def __init__(
        self, problems: Problems, sheet: Sheet, spec: SheetSpec, row: int, cells: dict[str, str]
    ) -> None:
        self.problems, self.sheet, self.spec, self.row, self.cells = (
            problems,
            sheet,
            spec,
            row,
            cells,
        )
        self.spoiled = sheet.spoiled.get(row, set())
        self.ok = not self.spoiled  # a cell refused while reading was reported then

    def report(self, column: str, check: str, /, **values: object) -> None:
        s = self.sheet
        self.problems.add(check, s.file, s.name, self.row, s.written(column), **values)
        self.ok = False

    def expect(self, column: str) -> str:
        return expected(self.spec.column(column).expect)

    def text(self, column: str, required: bool = True) -> str:
        """The cell's text; a required blank cell is reported (once per column, if absent)."""
        value = self.cells.get(column, "")
        if not value and required and column not in self.spoiled:
            if column in self.sheet.header:
                self.report(column, "blank", expect=self.expect(column))
            else:
                self.ok = False  # the missing column is reported once, not on every row
        return value

    def _bad_value(self, column: str, raw: str) -> None:
        """`raw` is not one of the column's values; say so, pointing at hidden characters."""
        hidden = next((c for c in raw if invisible(c)), None)
        if hidden is not None:
            self.report(column, "bad_value_invisible", value=shown(raw), char=f"U+{ord(hidden):04X}",
                        expect=self.expect(column))  # fmt: skip
        else:
            self.report(column, "bad_value", value=shown(raw), expect=self.expect(column))

    def ident(self, column: str, required: bool = True) -> str:
        """An id (CONTRACT §6); an invalid one is reported and read as blank."""
        value = self.text(column, required)
        if value and not self.valid_id(column, value):
            return ""
        return value

    def valid_id(self, column: str, value: str) -> bool:
        bad = check_id(value)
        if bad is not None:
            self.report(column, bad[0], **bad[1])
            return False
        return True

    def idents(self, column: str, required: bool = False) -> list[str]:
        """A list of ids (`;`-separated); invalid ones are reported and left out."""
        return [v for v in split_list(self.text(column, required)) if self.valid_id(column, v)]

    def choice(
        self, column: str, values: Mapping[str, str], allowed: Collection[str]
    ) -> str | None:
        raw = self.text(column)
        if not raw:
            return None
        value = values.get(raw.lower())
        if value is None or value not in allowed:
            self._bad_value(column, raw)
            return None
        return value

    def yes_no(self, column: str, default: bool = False) -> bool | None:
        raw = self.text(column, required=False)
        if not raw:
            return default
        value = YES_NO_VALUES.get(raw.lower())
        if value is None:
            self._bad_value(column, raw)
        return value

    def integer(self, column: str, required: bool = True) -> int | None:
        """A whole number from 0 to the column's maximum (ASCII digits: `1_0` is not 10)."""
        raw = self.text(column, required)
        if not raw:
            return None
        value = parse_int(raw)
        top = self.spec.column(column).maximum or MAX_COUNT
        if value is None:
            self.report(column, "bad_int", value=shown(raw), expect=self.expect(column))
        elif value < 0:
            self.report(column, "negative", value=shown(raw), expect=self.expect(column))
        elif value > top:
            self.report(column, "too_large", value=shown(raw), maximum=f"{top:,}")
        else:
            return value
        return None

    def date(self, column: str, required: bool = True) -> dt.date | None:
        """A date in the years fairplan plans (MIN_YEAR..MAX_YEAR)."""
        raw = self.text(column, required)
        if not raw:
            return None
        value = parse_date(raw)
        if value is None:
            self.report(column, "bad_date", value=shown(raw))
        elif not MIN_YEAR <= value.year <= MAX_YEAR:
            self.report(column, "year_out_of_range", value=shown(raw), lo=MIN_YEAR, hi=MAX_YEAR)
            return None
        return value

    def dates(
        self, column: str, within: tuple[dt.date, dt.date] | None = None
    ) -> frozenset[dt.date]:
        """A list of dates and ranges; only the days `within` are kept (see `parse_dates`)."""
        days, bad = parse_dates(self.text(column, required=False), within)
        for check, item in bad:
            self.report(column, check, value=shown(item))
        return days

    def time(self, column: str) -> dt.time | None:
        raw = self.text(column)
        if not raw:
            return None
        value = parse_time(raw)
        if value is None:
            self.report(column, "bad_time", value=shown(raw))
        return value

    def items(self, column: str, required: bool = False) -> list[str]:
        return split_list(self.text(column, required))


def read_table(
    path: Path, spec: SheetSpec, limits: Limits, every_sheet: bool = False
) -> list[Sheet]:
    """The table(s) of a `.csv` file or an `.xlsx` workbook, bound to `spec`.

    A `.csv` is one table; of a workbook, the first sheet — or, with `every_sheet`, every
    sheet whose header has the spec's first column (a schedule workbook has an overview
    sheet, then one sheet of fairs per city). Raises `InputError` when there is no table
    to read; problems found in cells ride along in the first table's `notes`, so the
    caller reports them together with its own.
    """
    file = str(path)
    problems = Problems(limits.max_messages)
    if not path.is_file():
        problems.add("not_found", file)
    elif path.suffix.lower() not in (".csv", ".xlsx"):
        problems.add("not_table", file)
    raws = read_sheets(path, problems, limits) if not problems else []
    tables: list[Sheet] = []
    if raws and every_sheet:
        key = spec.columns[0].name
        chosen = [r for r in raws if key in bind(spec, r, Problems(0), False).columns] or raws[:1]
        tables = [bind(spec, raw, problems, False) for raw in chosen]
    elif raws:
        tables = [bind(spec, raws[0], problems, False)]
    if not tables:
        if not problems:
            problems.add("no_sheet", file)
        raise InputError(problems.ordered())
    tables[0].notes = problems.ordered()
    return tables
