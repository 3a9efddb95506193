"""Weights of the quality terms; what comes before quality is fixed, not weighed.

The planner optimizes in a strict order (docs/planner.md, "The objective"):

1. **shortfall** — as few missing fairs as possible (a rule period or theme minimum
   short of its count);
2. **fairs** — then as few fairs as possible (CONTRACT §3: no more fairs than the rules
   require; one fair can count toward several rules, so the number is not fixed);
3. **quality** — then the weighted sum of the terms below: re-plan changes and the
   quality of days, venues and staffing.

Levels 1 and 2 are not weights a planner can trade: they are solved first, and level 3
is optimized with them held at their best. The weights below price level 3 only; each
has a documented default and may be overridden in the scenario's `settings` sheet with
the key `weight_<name>` (e.g. `weight_spread,40`). Change weights are far above the
quality weights, so a plan never moves a subscriber's fair to gain quality elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from scheduler.errors import InputError, Problem
from scheduler.model import Scenario

#: earlier names of weights, still read (`weight_change` was the one price of any change)
ALIASES = {"change": "change_date"}


@dataclass(frozen=True)
class Weights:
    # re-plan changes, by what a subscriber sees change: the date costs a bureau most
    # (people re-plan their week), then the venue (same day, another hall), then the pool
    # (invisible to subscribers; the bureau reassigns its people)
    change_date: int = 1_000  # per previous fair moved to another date, or cancelled
    change_venue: int = 200  # per previous fair kept on its date in another venue
    change_pool: int = 30  # per previous fair kept as it was but staffed by another pool
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
        keys = [(f.name, f.name) for f in fields(cls)] + [(a, n) for a, n in ALIASES.items()]
        for key, name in keys:
            raw = scenario.settings.get(f"weight_{key}")
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
                        f"weight_{key} must be a whole number ≥ 0, got {raw!r}",
                        sheet="settings",
                        column="value",
                    )
                )
                continue
            if key == name or name not in changes:  # the current name wins over an alias
                changes[name] = value
        if problems:
            raise InputError(problems)
        return replace(w, **changes)

    def quality(self) -> dict[str, int]:
        """The weight of each quality term, by term name (`spread_days` is a window)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "spread_days"}
