"""A preset's rules and kinds as sheets, under a scenario's own (settings `preset`).

A scenario whose settings name a preset (`scheduler.presets`) starts from the preset's
rules and kinds sheets. Its own rules or kinds sheet may still be there: a row with the
same `rule_id` (rules) or `kind` (kinds) *replaces* the preset's row, every other row is
*added*. So a planner can take `im-2024` as it is, change one rule's `min_count`, give the
specialized fairs other hours, or add a rule of their own — without copying the rest.

The preset's rows are read by the same first pass as the scenario's, and a problem in one
(e.g. a rule scoped to a tag no region carries) is reported at the preset's "file"
(`预设 hubei-2023` / `preset hubei-2023`), its sheet and row as `fairplan presets show`
prints them (the header is row 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scheduler.scenario.format import KIND_VALUES
from scheduler.scenario.sheets import Sheet
from texts import tr

if TYPE_CHECKING:  # scheduler.presets imports this package: import it late
    from scheduler.presets import Preset

__all__ = ["PRESET_SHEETS", "PresetSheets", "kind_key"]

#: the sheets a preset provides: a scenario naming a preset may leave them out
PRESET_SHEETS = ("rules", "kinds")
_KEY = {"rules": "rule_id", "kinds": "kind"}


def kind_key(text: str) -> str:
    """The kind a kinds-sheet cell names, for matching rows: a built-in kind's Chinese
    name is that kind (`专场` is `specialized`)."""
    raw = text.strip()
    return KIND_VALUES.get(raw.lower(), raw)


def _key(sheet: str, text: str) -> str:
    return kind_key(text) if sheet == "kinds" else text.strip()


@dataclass
class PresetSheets:
    """The preset's sheets, and which of their rows the scenario's own sheets replace."""

    name: str
    sheets: dict[str, Sheet]

    @classmethod
    def of(cls, preset: Preset, tables: dict[str, Sheet]) -> PresetSheets:
        from scheduler import presets

        where = tr("scenario.preset_file", name=preset.name)
        rows = {
            "rules": (presets.RULE_COLUMNS, presets.rules_rows(preset)),
            "kinds": (presets.KIND_COLUMNS, presets.kinds_rows(preset)),
        }
        sheets = {}
        for name, (columns, cells) in rows.items():
            sheets[name] = Sheet(
                where,
                name,
                list(columns),
                [(n, dict(row)) for n, row in enumerate(cells, start=2)],
                {c: c for c in columns},
            )
        return cls(preset.name, sheets)

    def rows(self, sheet: str, own: Sheet | None) -> Iterator[tuple[Sheet, int, dict[str, str]]]:
        """The preset's rows of `sheet` that `own` (the scenario's sheet) does not replace."""
        preset_sheet = self.sheets.get(sheet)
        if preset_sheet is None:
            return
        key = _KEY[sheet]
        replaced = (
            set()
            if own is None or own is preset_sheet
            else {_key(sheet, cells.get(key, "")) for _, cells in own.rows}
        )
        for n, cells in preset_sheet.rows:
            if _key(sheet, cells.get(key, "")) not in replaced:
                yield preset_sheet, n, cells
