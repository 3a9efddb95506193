"""Objective weights: requirements first, then as few fairs and changes as possible, then quality.

Every weight has a documented default and may be overridden in the scenario's
`settings` sheet with the key `weight_<name>` (e.g. `weight_spread,40`).
The lexicographic intent is kept by the defaults' orders of magnitude: one
missed fair (1,000,000) outweighs any number of extra fairs a region could
need; one extra fair (10,000) outweighs any change; one change (1,000)
outweighs every quality term a single fair can earn.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from scheduler.errors import InputError, Problem
from scheduler.model import Scenario


@dataclass(frozen=True)
class Weights:
    shortfall: int = 1_000_000  # per fair a rule period or theme minimum lacks
    fair: int = 10_000  # per fair held: a plan holds no more fairs than the rules need
    change: int = 1_000  # per previous fair moved or cancelled in a re-plan
    day: int = 10  # per fair off its preferred days (specialized Tue–Thu, comprehensive weekends)
    spread: int = 20  # per extra fair of one kind in one region within `spread_days` days
    balance: int = 1  # per staff person-day a pool works above its even weekly share
    pool_home: int = 15  # per fair staffed by a pool other than the region's own bureau's
    venue: int = 3  # per step above the smallest adequate venue of the region
    theme: int = 5  # rotate themes (second stage); 0 lets a theme repeat back to back
    spread_days: int = 4  # the window of the spread term, in days

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> Weights:
        w = cls()
        problems, changes = [], {}
        for f in fields(cls):
            raw = scenario.settings.get(f"weight_{f.name}")
            if raw is None or raw == "":
                continue
            try:
                value = int(raw)
                if value < 0:
                    raise ValueError
            except ValueError:
                problems.append(
                    Problem(
                        scenario.source or "scenario",
                        f"weight_{f.name} must be a whole number ≥ 0, got {raw!r}",
                        sheet="settings",
                        column="value",
                    )
                )
                continue
            changes[f.name] = value
        if problems:
            raise InputError(problems)
        return replace(w, **changes)
