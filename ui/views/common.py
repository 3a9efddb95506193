"""What every view shares: regions in tree order and with their names, kinds and venues
as people call them, problems as a table, the names of downloaded files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath

import pandas as pd

from scheduler import kinds
from scheduler.errors import Problem
from scheduler.model import KindSpec, Scenario
from scheduler.scenario.ids import safe_name
from scheduler.schedule import ScheduledFair
from texts import tr
from ui.i18n import text


def tree_order(scenario: Scenario, region_ids: Iterable[str]) -> list[str]:
    """Regions depth first from the top (each region right before its children, by id)."""

    def path(rid: str) -> tuple[str, ...]:
        return tuple(reversed(scenario.ancestors(rid))) or (rid,)

    return sorted(set(region_ids), key=path)


def kind_text(kind_specs: Mapping[str, KindSpec] | None, kind: str, lang: str) -> str:
    """A kind as people call it (`scheduler.kinds.label`): its label, a built-in kind's
    name, or its id; pass the scenario's kinds so custom kinds show their labels."""
    return kinds.label(kind_specs or {}, kind, lang)


def venue_text(kind_specs: Mapping[str, KindSpec] | None, f: ScheduledFair, lang: str) -> str:
    """Where a fair is held: its venue, or 线上 (online) for an online fair."""
    spec = (kind_specs or {}).get(f.kind)
    if not f.venue_id and spec is not None and spec.online:
        return tr("kinds.online", lang)
    return f.venue_name or f.venue_id


def region_label(scenario: Scenario, region_id: str) -> str:
    region = scenario.regions.get(region_id)
    return f"{region.name} {region_id}" if region else region_id


def problems_frame(problems: Sequence[Problem], lang: str) -> pd.DataFrame:
    """One line per problem: file (its name only: uploads live in temporary folders), sheet, row, column."""
    return pd.DataFrame(
        {
            text("col_file", lang): [Path(p.file).name for p in problems],
            text("col_sheet", lang): [p.sheet for p in problems],
            text("col_row", lang): [p.row if p.row is not None else "" for p in problems],
            text("col_column", lang): [p.column for p in problems],
            text("col_problem", lang): [p.message for p in problems],
        }
    )


def download_name(*parts: object, ext: str) -> str:
    """A downloaded file's name saying what it holds (`达标情况-呼和浩特市-2024-07-31.xlsx`):
    the parts that are not empty, joined by `-`, made safe as one file name."""
    stem = "-".join(str(p) for p in parts if p not in (None, ""))
    return f"{safe_name(stem, fallback='fairplan')}.{ext}"


def when(at: dt.datetime, tz: str) -> str:
    """A stored time (UTC) as the user's clock shows it: `2024-07-01 09:30`."""
    from zoneinfo import ZoneInfo

    return at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def file_name(source: str) -> str:
    """The name of a file a record came from, without the folder it was read from on the
    server (`/srv/uploads/tmp3x/记录.csv` → `记录.csv`); other sources (`ledger`) as they are."""
    return PureWindowsPath(source).name if "\\" in source else PurePosixPath(source).name
