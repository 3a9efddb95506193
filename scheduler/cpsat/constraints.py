"""The hard rules of CONTRACT §2, one function per family, each adding rows to the model.

Every function reads index arrays (`Cells`, `Variables`) and appends one block of rows
(or an excess block for requirements that may fall short) to the `LinearModel`. The
rules themselves are restated independently in `scheduler.checker`, which shares none
of this.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from scheduler.cpsat.cells import Cells
from scheduler.cpsat.linear import INF, Ints, LinearModel, Rows, RowsBuilder, segment_sums
from scheduler.cpsat.variables import Variables
from scheduler.model import Event, Scenario
from scheduler.rules import Requirement


def venue_once_a_day(lin: LinearModel, cells: Cells, v: Variables) -> None:
    """A venue hosts at most one fair a day (CONTRACT §2 venues)."""
    has_venue = np.flatnonzero(cells.slot_venue >= 0)
    day = cells.day[cells.slot_cell[has_venue]]
    key = cells.slot_venue[has_venue] * (int(day.max(initial=0)) + 1) + day
    uniq, counts = np.unique(key, return_counts=True)
    shared = np.isin(key, uniq[counts > 1])
    rows, _ = Rows.from_groups(
        "venue_once_a_day",
        key[shared],
        v.y[has_venue[shared]],
        np.ones(int(shared.sum()), np.int64),
        -INF,
        1,
        at_most_one=True,
    )
    lin.rows.append(rows)


def staff_shares(lin: LinearModel, cells: Cells, v: Variables) -> None:
    """The pools' shares of a staffing group add up to the fairs held in it."""
    st = v.staffing
    multi = np.flatnonzero(np.diff(st.share_ptr) > 1)
    if not len(multi):
        return
    slot_group = st.cell_group[cells.slot_cell]
    in_multi = np.isin(slot_group, multi)
    shares = np.flatnonzero(st.share_var >= 0)
    keys = np.concatenate([st.share_group[shares], slot_group[in_multi]])
    var = np.concatenate([st.share_var[shares], v.y[np.flatnonzero(in_multi)]])
    coef = np.concatenate([np.ones(len(shares), np.int64), -np.ones(int(in_multi.sum()), np.int64)])
    rows, _ = Rows.from_groups("staff_shares", keys, var, coef, 0, 0)
    lin.rows.append(rows)


def pool_headcount(
    lin: LinearModel, cells: Cells, v: Variables, scenario: Scenario, staff: Ints
) -> None:
    """Each fair is staffed by one serving pool; on every day a pool's fairs need at most
    its headcount (CONTRACT §2 staff). Rows that cannot bind are left out."""
    pool, day, var, people = v.load_entries(cells, staff)
    n_days = int(day.max(initial=0)) + 1
    key = pool * n_days + day
    _, ub = lin.bounds()
    rows, keys = Rows.from_groups("pool_headcount", key, var, people, -INF, 0)
    head = np.array([scenario.pools[p].headcount for p in cells.names.pools], dtype=np.int64)
    rows.hi = head[keys // n_days]
    most = segment_sums(rows.coef * ub[rows.var], rows.ptr)
    binding = rows.take(np.flatnonzero(most > rows.hi))
    lin.rows.append(binding)
    lin.rows.append(rounding_cuts("pool_headcount_cuts", binding, binding.hi))


def rounding_cuts(name: str, expr: Rows, rhs: Ints, aux: Ints | None = None) -> Rows:
    """Mixed-integer rounding inequalities for `expr − aux ≤ rhs` (no `aux`: `expr ≤ rhs`),
    where every variable of `expr` is a whole number ≥ 0 and every coefficient > 0.

    A pool's load comes in whole fairs (4 people, 10 people, …), so a week whose even
    share is 14 people is over by 0 or by 2 or more, never by 1 — but the LP relaxation
    puts 3.5 fairs of 4 in it and pays nothing. For each divisor `d` among a row's
    coefficients, with `r = d·⌈rhs/d⌉ − rhs > 0`, the MIR inequality
    `Σ (r·⌊a/d⌋ + max(0, a mod d − rhs mod d))·x − aux ≤ r·⌊rhs/d⌋` holds at every
    integer point and cuts off such fractional loads (for fairs of 4 against 14:
    `aux ≥ 2·fairs − 6`). On a pool's daily headcount (12 people, fairs of 10 and 4) it
    says `8·big + 2·small ≤ 8`: not both on one day, not even half of the small one.
    """
    b = RowsBuilder(name)
    for i in range(len(rhs)):
        var, coef = expr.row(i)
        s = int(rhs[i])
        for d in sorted(set(coef.tolist())):
            r = -s % d
            if d <= 1 or r == 0:
                continue
            c = r * (coef // d) + np.maximum(0, coef % d - s % d)
            if not c.any():
                continue
            if aux is None:
                b.add(var, c, -INF, r * (s // d))
            else:
                b.add(np.append(var, aux[i]), np.append(c, -1), -INF, r * (s // d))
    return b.build()


def counted_slots(cells: Cells, r: Requirement) -> Ints:
    """The slots whose fairs count toward a requirement (`Requirement.counts`, as arrays):
    its regions' (the rule's region, or its whole subtree) slots of its kinds and days."""
    names = cells.names
    lo, hi = names.offset(r.lo), names.offset(r.hi)
    kinds = [names.kind_index[k] for k in r.kinds_among(names.kinds)]
    parts = []
    for region in sorted(r.regions):
        g = names.region_index.get(region)
        if g is None:
            continue
        for k in kinds:
            a, b = cells.slot_range(g, k, lo, hi)
            if b > a:
                parts.append(np.arange(a, b, dtype=np.int64))
    return np.concatenate(parts) if parts else np.empty(0, np.int64)


def requirements(
    lin: LinearModel, cells: Cells, v: Variables, reqs: list[Requirement], soft: bool
) -> Ints:
    """Each in-scope period of each rule holds ≥ `min_count` fairs (000 五(五), 003 三(十)).

    With `soft`, a slack per requirement counts the fairs it lacks (an excess
    `max(0, required − fairs)`), so an impossible scenario still gets its best plan and
    a precise list of shortfalls; returns the slack variables (one per requirement).
    Otherwise the rows are hard; returns an empty array.
    """
    b = RowsBuilder("requirements")
    for r in reqs:
        slots = counted_slots(cells, r)
        if soft:
            b.add(v.y[slots], -1, -INF, INF)
        else:
            b.add(v.y[slots], 1, r.required, INF)
    rows = b.build()
    if not soft:
        lin.rows.append(rows)
        return np.empty(0, np.int64)
    need = np.array([r.required for r in reqs], dtype=np.int64)
    return lin.add_excess("requirements", rows, -need)


def theme_minimums(
    lin: LinearModel, cells: Cells, v: Variables, mins: dict[str, int]
) -> tuple[list[str], Ints]:
    """A region's theme minimums need that many specialized fairs over the horizon (themes
    sheet); a slack counts the fairs missing. Returns the regions and their slacks."""
    names = cells.names
    if "specialized" not in names.kinds:
        return [], np.empty(0, np.int64)
    k = names.kind_index["specialized"]
    b = RowsBuilder("theme_minimums")
    regions, need = [], []
    for g, n in sorted(mins.items()):
        gi = names.region_index.get(g)
        if gi is None or (gi, k) not in cells.groups:
            continue
        a, z = cells.groups[(gi, k)]
        b.add(v.y[cells.cell_slots[a] : cells.cell_slots[z]], -1, -INF, INF)
        regions.append(g)
        need.append(n)
    return regions, lin.add_excess("theme_minimums", b.build(), -np.array(need, np.int64))


def locked_fairs(
    lin: LinearModel, cells: Cells, v: Variables, fixed: list[Event], slot_of: SlotIndex
) -> None:
    """Locked fairs are kept exactly: their day and venue, and their pool's share."""
    st = v.staffing
    pool_index = cells.names.pool_index
    need: dict[tuple[int, int], int] = defaultdict(int)
    b = RowsBuilder("locked_fairs")
    for e in fixed:
        s = slot_of.find(e.region_id, e.kind, e.date, e.venue_id)
        if s < 0:
            raise ValueError(f"locked fair {e.event_id} has no legal place in the model")
        lin.set_bounds(v.y[[s]], 1, 1)
        need[(int(st.cell_group[cells.slot_cell[s]]), pool_index.get(e.pool_id, -1))] += 1
    for (grp, p), n in sorted(need.items()):
        a, z = st.share_ptr[grp], st.share_ptr[grp + 1]
        pools = list(st.share_pool[a:z])
        if p not in pools:
            raise ValueError(f"locked fairs of pool {cells.names.pools[p]} have no legal staffing")
        var = st.share_var[a + pools.index(p)]
        if var >= 0:
            b.add(np.array([var]), 1, n, INF)
    if b.lo:
        lin.rows.append(b.build())


_DAYS = 1 << 16  # day offsets a key can hold (179 years)


class SlotIndex:
    """Find the slot of a fair given by ids (locked, previous and warm-start fairs)."""

    def __init__(self, cells: Cells) -> None:
        self.cells = cells
        names = cells.names
        self.regions, self.venues = names.region_index, names.venue_index
        self.kinds = {k: i for i, k in enumerate(names.kinds)}
        slot_cell = cells.slot_cell
        self.keys = self._key(
            cells.region[slot_cell], cells.kind[slot_cell], cells.day[slot_cell], cells.slot_venue
        )
        self.order = np.argsort(self.keys, kind="stable")
        self.sorted = self.keys[self.order]

    def _key(self, g: Ints, k: Ints, d: Ints, vv: Ints) -> Ints:
        n = self.cells.names
        return ((g * len(n.kinds) + k) * _DAYS + d) * (len(n.venues) + 1) + (vv + 1)

    def find(self, region: str, kind: str, date: object, venue: str) -> int:
        """The slot, or -1 when the fair has no place in the model."""
        g, k = self.regions.get(region), self.kinds.get(kind)
        vv = self.venues.get(venue, -2) if venue else -1
        if g is None or k is None or vv == -2:
            return -1
        d = self.cells.names.offset(date)  # type: ignore[arg-type]
        if not 0 <= d < _DAYS:
            return -1
        key = self._key(np.array([g]), np.array([k]), np.array([d]), np.array([vv]))[0]
        i = int(np.searchsorted(self.sorted, key))
        return int(self.order[i]) if i < len(self.sorted) and self.sorted[i] == key else -1
