"""The objective, one named function per term; each appends a `Term` (and its auxiliaries).

Two levels (`scheduler.cpsat.levels` solves them in order): the *counts* — `shortfall`
(missing fairs) before `fairs` (fairs held) — and then *quality*, the weighted terms
`change`, `day`, `spread`, `balance`, `pool_home`, `venue`. The report lists what each
quality term cost (`report.json` → `terms`), so every term is a separate, named piece: a
planner can see that the plan pays, say, 120 for fairs off their preferred days and 40
for fairs too close together.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from scheduler.cpsat.cells import Cells
from scheduler.cpsat.constraints import SlotIndex, rounding_cuts
from scheduler.cpsat.linear import INF, Ints, LinearModel, Rows, RowsBuilder, Term
from scheduler.cpsat.variables import Variables
from scheduler.derived import Derived
from scheduler.model import Event
from scheduler.placement import home_pool
from scheduler.rules import Requirement
from scheduler.weights import Weights


def shortfall(lin: LinearModel, slacks: Ints) -> None:
    """Missing fairs: requirement and theme-minimum slacks. Its weight exceeds the most
    fairs the component can hold, so the counts objective `shortfall + fairs` ranks plans
    by missing fairs first and fairs held second, exactly."""
    weight = len(lin.term("fairs").var) + 1
    lin.terms.append(Term("shortfall", weight, slacks, np.ones(len(slacks), np.int64)))


def fairs(lin: LinearModel, v: Variables) -> None:
    """Fairs held: a plan holds no more fairs than the rules need (CONTRACT §3)."""
    lin.terms.append(Term("fairs", 1, v.y, np.ones(len(v.y), np.int64)))


def day_preference(lin: LinearModel, cells: Cells, v: Variables, d: Derived, w: Weights) -> None:
    """Fairs off their kind's preferred days (its `prefer`: by default specialized Tue–Thu,
    comprehensive on weekend days, none for other kinds), in regions and kinds whose
    allowed days include a preferred one."""
    names = cells.names
    off = np.zeros(cells.n_cells, dtype=bool)
    shift = names.offset(d.scenario.settings.start)
    for (_, k), (a, b) in cells.groups.items():
        pref = d.preferred_days(names.kinds[k])[cells.day[a:b] - shift]
        if pref.any():
            off[a:b] = ~pref
    slots = np.flatnonzero(off[cells.slot_cell])
    lin.terms.append(Term("day", w.day, v.y[slots], np.ones(len(slots), np.int64)))


def spread(
    lin: LinearModel, cells: Cells, v: Variables, reqs: list[Requirement], w: Weights
) -> None:
    """At most one fair of a kind per region within `spread_days` days, else pay per extra
    fair (for kinds a weekly rule asks of the region; monthly fairs are far apart anyway)."""
    span = w.spread_days
    names = cells.names
    weekly = {
        (names.region_index[r.region_id], names.kind_index[k])
        for r in reqs
        if r.period == "week" and r.region_id in names.region_index
        for k in r.kinds_among(names.kinds)
    }
    b = RowsBuilder("spread")
    if w.spread and span >= 2:
        for key, (a, z) in sorted(cells.groups.items()):
            if key not in weekly:
                continue
            days = cells.day[a:z]
            ends = np.searchsorted(days, days + span - 1, side="right")
            for i in np.flatnonzero(ends - np.arange(len(days)) >= 2):
                c0, c1 = a + i, a + int(ends[i])
                b.add(v.y[cells.cell_slots[c0] : cells.cell_slots[c1]], 1, -INF, INF)
    rows = b.build()
    aux = lin.add_excess("spread", rows, np.ones(len(rows), np.int64))
    lin.terms.append(Term("spread", w.spread, aux, np.ones(len(aux), np.int64)))


def pool_balance(
    lin: LinearModel,
    cells: Cells,
    v: Variables,
    d: Derived,
    reqs: list[Requirement],
    staff: Ints,
    w: Weights,
    days: tuple[int, int] | None = None,
) -> None:
    """Each pool's weekly staff load stays at its even share; pay per person-day above it.

    The even share is the staff its home regions' requirements need, spread over the
    weeks (of the horizon, or of the block `days` the model covers); a pool that is
    nobody's home pool (e.g. a provincial pool) has share 0, so it is used only where it
    is really needed.
    """
    s = d.scenario
    names = cells.names
    pool_index = names.pool_index
    home_need: dict[int, float] = defaultdict(float)
    for r in reqs:
        kinds = r.kinds_among(names.kinds)
        hosts = [
            g
            for g in sorted(r.regions)
            if (gi := names.region_index.get(g)) is not None
            and any((gi, names.kind_index[k]) in cells.groups for k in kinds)
        ]
        # a total over a subtree is shared among the home pools of the regions that can
        # hold its fairs, so that they spread over the region's bureaus
        homes = sorted({h for g in hosts if (h := home_pool(s, g)) is not None})
        for home in homes:
            need = r.required * min(s.kinds[k].staff for k in kinds)
            home_need[pool_index[home]] += need / len(homes)
    span = (s.settings.end - s.settings.start).days + 1 if days is None else days[1] - days[0] + 1
    n_weeks = max(1, math.ceil(span / 7))
    pool, day, var, people = v.load_entries(cells, staff)
    monday = names.day0.weekday()
    week = (day + monday) // 7
    key = pool * (int(week.max(initial=0)) + 1) + week
    expr, keys = Rows.from_groups("pool_balance", key, var, people, -INF, INF)
    pools_of_row = keys // (int(week.max(initial=0)) + 1)
    share = np.array(
        [math.ceil(home_need.get(int(p), 0) / n_weeks) for p in pools_of_row], dtype=np.int64
    )
    if not w.balance:
        expr = expr.take(np.empty(0, np.int64))
        share = share[:0]
    aux = lin.add_excess("pool_balance", expr, share)
    lin.terms.append(Term("balance", w.balance, aux, np.ones(len(aux), np.int64)))
    lin.rows.append(rounding_cuts("pool_balance_cuts", expr, share, aux))


def pool_home(lin: LinearModel, v: Variables, w: Weights) -> None:
    """Fairs staffed by a pool other than their region's own (most specific) pool, where
    the region's own pool could have staffed them."""
    st = v.staffing
    borrowed = (st.share_var >= 0) & (st.share_pool != st.home[st.share_group])
    idx = st.share_var[borrowed]
    lin.terms.append(Term("pool_home", w.pool_home, idx, np.ones(len(idx), np.int64)))


def venue_size(lin: LinearModel, cells: Cells, v: Variables, w: Weights) -> None:
    """Steps up the region's list of venues adequate for the kind (smallest first)."""
    ranked = np.flatnonzero(cells.slot_rank > 0)
    lin.terms.append(Term("venue", w.venue, v.y[ranked], cells.slot_rank[ranked]))


def changes(
    lin: LinearModel,
    cells: Cells,
    v: Variables,
    previous: list[Event],
    slot_of: SlotIndex,
    w: Weights,
) -> None:
    """Re-plan: previous fairs not kept as they were, priced by what changed.

    Per region, kind and day with `P` previous fairs, of which `K` are held in their own
    slot (same venue) and `N` fairs held that day in all: `max(0, P − N)` fairs left the
    day (moved to another date or cancelled: `change_date`), the other `P − K` of those
    not kept stayed on the day in another venue (`change_venue`). A kept fair whose pool
    is not its previous one is a `change_pool` (invisible to subscribers, not to the
    bureau): per staffing group and pool, the kept fairs of that pool beyond its share.
    A previous fair whose day has no place left must change in every plan: it is not
    priced here (it would be a constant).
    """
    names, st = cells.names, v.staffing
    by_day: dict[tuple[int, int, int], list[int]] = defaultdict(list)  # → own slots (-1: gone)
    pool_keep: dict[tuple[int, int], list[int]] = defaultdict(list)  # (group, pool) → slots
    for e in previous:
        g, k = names.region_index.get(e.region_id), names.kind_index.get(e.kind)
        d = names.offset(e.date)
        if g is None or k is None:
            continue
        a, b = cells.cell_range(g, k, d, d)
        if a == b:
            continue  # no place left that day: a date change in every plan
        s = slot_of.find(e.region_id, e.kind, e.date, e.venue_id)
        by_day[(g, k, d)].append(s)
        if s >= 0:
            group = int(st.cell_group[cells.slot_cell[s]])
            pool_keep[(group, names.pool_index.get(e.pool_id, -1))].append(s)
    held, kept, prev = RowsBuilder("change_date"), RowsBuilder("change_venue"), []
    for (g, k, d), own in sorted(by_day.items()):
        a, b = cells.slot_range(g, k, d, d)
        held.add(v.y[np.arange(a, b)], -1, -INF, INF)
        kept.add(v.y[np.array([s for s in own if s >= 0], dtype=np.int64)], -1, -INF, INF)
        prev.append(len(own))
    p = np.array(prev, dtype=np.int64)
    date = lin.add_excess("change_date", held.build(), -p)
    venue_rows = kept.build()
    # P − K − date ≥ 0 … as an excess over the kept fairs and the date changes
    with_date = RowsBuilder("change_venue")
    for i in range(len(venue_rows)):
        var, coef = venue_rows.row(i)
        with_date.add(np.append(var, date[i]), np.append(coef, -1), -INF, INF)
    venue = lin.add_excess("change_venue", with_date.build(), -p)
    pools = RowsBuilder("change_pool")
    for (grp, pool), slots in sorted(pool_keep.items()):
        a, z = st.share_ptr[grp], st.share_ptr[grp + 1]
        members = list(st.share_pool[a:z])
        var, coef = v.y[np.array(slots, dtype=np.int64)], np.ones(len(slots), np.int64)
        if pool in members and st.share_var[a + members.index(pool)] >= 0:
            var, coef = np.append(var, st.share_var[a + members.index(pool)]), np.append(coef, -1)
        elif pool in members:  # the group's one pool staffs every fair of it
            continue
        pools.add(var, coef, -INF, INF)
    pool_rows = pools.build()
    pool_aux = lin.add_excess("change_pool", pool_rows, np.zeros(len(pool_rows), np.int64))
    for name, aux, weight in (
        ("change_date", date, w.change_date),
        ("change_venue", venue, w.change_venue),
        ("change_pool", pool_aux, w.change_pool),
    ):
        lin.terms.append(Term(name, weight, aux, np.ones(len(aux), np.int64)))
