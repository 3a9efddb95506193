"""`load_scenario`: read the sheets, run both passes, report every problem or return a Scenario.

Nothing is printed or written here. Problems come sheet by sheet in the contract's order,
then by row, at most `Limits.max_messages` of a kind (see `scheduler.scenario.problems`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scheduler.errors import InputError, Problem
from scheduler.model import Scenario
from scheduler.scenario.bounds import Limits
from scheduler.scenario.cells import RawSheet, read_csv, read_xlsx
from scheduler.scenario.crosschecks import check_locked, check_staffing
from scheduler.scenario.format import SHEETS
from scheduler.scenario.parsers import norm_header
from scheduler.scenario.passes import FirstPass
from scheduler.scenario.presetsheets import PRESET_SHEETS
from scheduler.scenario.problems import Problems
from scheduler.scenario.sheets import Sheet, bind
from texts import tr

__all__ = ["load_scenario"]


def _sheet_key(name: str) -> str | None:
    key = norm_header(name)
    for spec in SHEETS:
        if key == spec.name or key in (norm_header(z) for z in spec.zh):
            return spec.name
    return None


def _read(path: Path, problems: Problems, limits: Limits) -> dict[str, Sheet]:
    """The sheets a scenario consists of, bound to their specs, keyed by canonical name."""
    found: dict[str, list[RawSheet]] = {}
    if path.is_dir():
        for csv_path in sorted(path.iterdir()):
            if csv_path.suffix.lower() != ".csv" or not csv_path.is_file():
                continue
            key = _sheet_key(csv_path.stem)
            if key is None:
                continue
            raw = read_csv(csv_path, problems, limits)
            found.setdefault(key, []).extend([raw] if raw is not None else [])
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        before = len(problems)
        raws = read_xlsx(path, problems, limits)
        if not raws and len(problems) > before:  # the workbook itself could not be read
            raise InputError(problems.ordered())
        for raw in raws:
            key = _sheet_key(raw.name)
            if key is not None:
                found.setdefault(key, []).append(raw)
    elif not path.exists():
        raise InputError([Problem(str(path), tr("scenario.not_found"))])
    else:
        raise InputError([Problem(str(path), tr("scenario.not_scenario"))])

    tables: dict[str, Sheet] = {}
    for spec in SHEETS:
        sheets = found.get(spec.name)
        if sheets is None:
            if spec.required and spec.name not in PRESET_SHEETS:  # (a preset may stand in)
                problems.add(
                    "missing_sheet", str(path), spec.name, sheet=spec.name, zh=" / ".join(spec.zh)
                )
            continue
        if len(sheets) > 1:
            names = ", ".join(s.name for s in sheets)
            problems.add("duplicate_sheet", str(path), spec.name, sheet=spec.name, names=names)
        if sheets:
            tables[spec.name] = bind(spec, sheets[0], problems)
    return tables


def load_scenario(path: str | Path, limits: Limits | None = None) -> Scenario:
    """Read and validate a scenario: an `.xlsx` workbook or a folder of CSV files.

    Raises `InputError` with one `Problem` per issue found (capped per kind); returns a
    `Scenario` whose objects satisfy the invariants `scheduler.model` documents.
    """
    source = Path(path)
    limits = limits or Limits.from_env()
    problems = Problems(limits.max_messages)
    tables = _read(source, problems, limits)
    parsed = FirstPass(tables, problems, limits, str(source)).run()
    scenario = None
    if parsed.settings is not None:
        scenario = Scenario(
            settings=parsed.settings,
            regions=parsed.regions,
            rules=tuple(r for _, r in parsed.rules),
            kinds=parsed.kinds,
            venues=parsed.venues,
            pools=parsed.pools,
            themes=tuple(parsed.themes),
            events=tuple(e for _, e in parsed.events),
            source=str(source),
        )
        check_staffing(scenario, parsed, tables, problems)
        check_locked(scenario, parsed, tables, problems)
    if problems or scenario is None:
        raise InputError(problems.ordered(_rank(tables)))
    return scenario


def _rank(tables: dict[str, Sheet]) -> Callable[[Problem], tuple[int, int]]:
    """Problems sheet by sheet in the contract's order, then by row; stable within a row."""
    order = {spec.name: i for i, spec in enumerate(SHEETS)}
    for key, table in tables.items():
        order[table.name] = order[key]

    def rank(p: Problem) -> tuple[int, int]:
        return (order.get(p.sheet, -1), p.row or 0)

    return rank
