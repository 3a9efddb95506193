"""Loading a scenario (CONTRACT §2, §6) — and the shared reading of every input file.

A tour, one module per concern, dependencies pointing down the list:

- `format`: the sheets, columns, settings and value words, declared once;
- `ids`: the one identifier check (`check_id`) and the one way text becomes a file name
  (`safe_name`);
- `parsers`: dates, times, whole numbers, lists — one reading of each;
- `bounds`: how much input is read (`Limits`, from `FAIRPLAN_MAX_*` variables);
- `problems`: collecting problems, capped per kind;
- `cells`: `.csv` and `.xlsx` files into text cells, within bounds (encodings, merged
  cells, formulas without a saved value, zip bombs);
- `sheets`: a sheet bound to its spec, and `Row`, the typed reading of one row's cells;
- `kindwords`: how a cell names a kind of fair (id, built-in Chinese name, label);
- `presetsheets`: a preset's rules and kinds as sheets, under the scenario's own;
- `passes`: the first pass, sheet by sheet, into model objects;
- `crosschecks`: the second pass, facts across sheets;
- `load`: `load_scenario`, the entry point.

Records (`monitor.records`) and previous schedules (`scheduler.schedule.read_schedule`)
are read with the same `cells`, `sheets` and `parsers`.
"""

from scheduler.scenario.bounds import Limits
from scheduler.scenario.format import (
    ANY_VALUES,
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
    Column,
    SettingKey,
    SheetSpec,
)
from scheduler.scenario.ids import check_id, safe_name
from scheduler.scenario.kindwords import kind_words, read_kind, words_of
from scheduler.scenario.load import load_scenario
from scheduler.scenario.parsers import parse_date, parse_dates, parse_int, parse_time, split_list
from scheduler.scenario.problems import Problems
from scheduler.scenario.sheets import Row, Sheet, bind, read_table

__all__ = [
    "ANY_VALUES",
    "COUNTS_VALUES",
    "DAYS_VALUES",
    "HOLIDAYS_VALUES",
    "KIND_VALUES",
    "LEVEL_VALUES",
    "NO_PREFERENCE_VALUES",
    "PERIOD_VALUES",
    "SETTING_KEYS",
    "SHEETS",
    "WEEKDAY_VALUES",
    "YES_NO_VALUES",
    "Column",
    "Limits",
    "Problems",
    "Row",
    "SettingKey",
    "Sheet",
    "SheetSpec",
    "bind",
    "check_id",
    "kind_words",
    "load_scenario",
    "parse_date",
    "parse_dates",
    "parse_int",
    "parse_time",
    "read_kind",
    "read_table",
    "safe_name",
    "split_list",
    "words_of",
]
