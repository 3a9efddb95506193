"""Cutting a long horizon into blocks of time that the model solves one after another.

A four-year plan (003: 2022–2025, 209 weeks in 115 regions linked by one provincial staff
pool) is one component of some 260,000 slots: one CP-SAT model of it needs gigabytes and
makes no progress in minutes. But the rules themselves are short: a week, a month. Where
no rule's period runs across a day, the plan before that day and the plan after it share
nothing but quality terms of a few days, so the component is solved as *blocks* of time,
one model at a time.

A block boundary (the first day of a block) is a **Monday** — weekly staff loads (the
`balance` term) stay whole — on which **no requirement of the component's regions runs
across**: no week, month, quarter or window that starts before it and ends on or after
it. A component with theme minimums (themes sheet: counted over the whole horizon) or a
total over a window that the other rules do not imply is not cut there. With weekly and
monthly rules the boundaries are the Mondays that begin a month (1 August 2022, 1 May
2023, 1 January, 1 April and 1 July 2024, …): a half-year horizon such as July–December
2024 has none, and is one block as before.

The objective of a plan is the sum of its blocks' (and components') objectives: the
`spread` term counts pairs of fairs within a block, and a pool's even weekly share
(`balance`) is the block's requirements spread over the block's weeks. Planning, scoring
(`scheduler.cpsat.score`) and the gap all use the same blocks, so the figures mean the
same whichever of them reports them.
"""

from __future__ import annotations

import numpy as np

from scheduler.cpsat.cells import Cells
from scheduler.derived import Derived

__all__ = ["Block", "blocks"]

Block = tuple[int, int] | None  # day offsets [first, last] of a block; None: every day


def blocks(derived: Derived, cells: Cells, group: list[int]) -> list[Block]:
    """The blocks of time of one component (`group`: region indices), in order."""
    names = cells.names
    regions = {names.regions[g] for g in group}
    if any(g in derived.theme_mins for g in regions):
        return [None]
    n_days = (derived.scenario.settings.end - names.day0).days + 1
    if n_days < 2:
        return [None]
    # forbid[c] > 0: some requirement starts before day c and ends on or after it
    forbid = np.zeros(n_days + 1, dtype=np.int64)
    for i, r in enumerate(derived.reqs):
        if not derived.modelled(i) or r.regions.isdisjoint(regions):
            continue
        lo, hi = max(names.offset(r.lo), 0), min(names.offset(r.hi), n_days - 1)
        if lo < hi:
            forbid[lo + 1] += 1
            forbid[hi + 1] -= 1
    across = np.cumsum(forbid)[:n_days]
    monday = (np.arange(n_days) + names.day0.weekday()) % 7 == 0
    cuts = [int(c) for c in np.flatnonzero(monday & (across == 0)) if c > 0]
    if not cuts:
        return [None]
    edges = [0, *cuts, n_days]
    return [(a, b - 1) for a, b in zip(edges, edges[1:], strict=False)]
