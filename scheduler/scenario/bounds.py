"""How much input fairplan reads: bounds with clear messages (issue 11), set by environment.

A million-row garbage CSV used to take half a minute and 4 GB and print four million
lines; a small, highly compressed workbook unpacked without end; a 100-year horizon ran
far past its time limit. Every file that fairplan reads (scenarios, records, previous
schedules) is held to these bounds before and while it is parsed, and a file beyond one
is refused (exit 2) with a message naming the bound and the variable that raises it.

The defaults are far above any real province or national input (a national scenario has
~3,200 regions; four years of a national records store ~120,000 rows) and are documented
in docs/scenario.md; each can be changed with the environment variable beside it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from scheduler.errors import InputError, Problem
from texts import tr

__all__ = ["Limits", "limits"]


def _env(name: str, default: int, minimum: int = 1) -> int:
    return field(default=default, metadata={"env": name, "minimum": minimum})  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Limits:
    #: data rows in one sheet or CSV file
    max_rows: int = _env("FAIRPLAN_MAX_ROWS", 200_000)
    #: columns of a sheet (a value further right is refused, not silently dropped)
    max_columns: int = _env("FAIRPLAN_MAX_COLUMNS", 1_000)
    #: characters in one cell (Excel's own limit: nothing longer can come from Excel)
    max_cell_chars: int = _env("FAIRPLAN_MAX_CELL_CHARS", 32_767)
    #: bytes of one file as stored (a CSV, or an .xlsx before unpacking)
    max_file_bytes: int = _env("FAIRPLAN_MAX_FILE_BYTES", 100 * 1024 * 1024)
    #: bytes of an .xlsx once unpacked (all its parts together)
    max_xlsx_bytes: int = _env("FAIRPLAN_MAX_XLSX_BYTES", 256 * 1024 * 1024)
    #: how many times larger than stored a part of an .xlsx may unpack (a zip bomb's tell);
    #: parts under 1 MB unpacked are not held to it
    max_xlsx_ratio: int = _env("FAIRPLAN_MAX_XLSX_RATIO", 200)
    #: days in the planning horizon and in a rule's window (6 years; 4-year campaigns fit)
    max_horizon_days: int = _env("FAIRPLAN_MAX_HORIZON_DAYS", 2192)
    #: messages of one kind (same file, sheet, column and problem) before "… and N more"
    max_messages: int = _env("FAIRPLAN_MAX_MESSAGES", 20)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The limits in force: each default, or its environment variable when set."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        problems: list[Problem] = []
        for f in fields(cls):
            name, minimum = f.metadata["env"], f.metadata["minimum"]
            raw = env.get(name, "").strip()
            if not raw:
                continue
            if raw.isascii() and raw.isdigit() and int(raw) >= minimum:
                values[f.name] = int(raw)
            else:
                problems.append(Problem(name, tr("scenario.bad_limit", value=raw, minimum=minimum)))
        if problems:
            raise InputError(problems)
        return cls(**values)

    @staticmethod
    def variable(name: str) -> str:
        """The environment variable of the limit called `name` (e.g. `max_rows`)."""
        return str(next(f.metadata["env"] for f in fields(Limits) if f.name == name))


def limits() -> Limits:
    """The limits in force now (read from the environment at each load)."""
    return Limits.from_env()
