"""Where a fair could be held: cells and their slots, as index arrays.

A *cell* is (region, kind, day) on a day the kind may be held, inside some period
that asks for that kind of that region (or, for a subtree total, of a region above it;
or the day of a locked or previous fair), with at least one suitable open venue (none
for an online kind) and one serving pool at work. A cell has one *slot* per venue that
could host it that day (smallest venue first); an online kind needs no venue and has a
single slot without one (`slot_venue` = -1). Each slot is one boolean of the model: "a
fair of this kind is held here that day".

Requirements the others imply (`Derived.implied`: subtree totals the own-region rules
already add up to) ask for no cell of their own.

Everything is numbers: regions, kinds, venues and pools are indices into the tuples of
`Cells`, days are offsets from `day0`. Cells are sorted by (region, kind, day), so the
cells of one region and kind are a contiguous range and a requirement's cells are one
`searchsorted` away; slots are sorted by cell (CSR: `cell_slots[c]..cell_slots[c+1]`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from scheduler.derived import Derived
from scheduler.model import Event

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Names:
    """The id behind every index of a scope's arrays (shared by all its components)."""

    day0: dt.date
    regions: tuple[str, ...]
    kinds: tuple[str, ...]
    venues: tuple[str, ...]
    pools: tuple[str, ...]
    poolsets: tuple[tuple[int, ...], ...]  # pool indices, ascending by pool_id

    def day(self, offset: int) -> dt.date:
        return self.day0 + dt.timedelta(days=int(offset))

    def offset(self, d: dt.date) -> int:
        return (d - self.day0).days

    @cached_property
    def region_index(self) -> dict[str, int]:
        return {g: i for i, g in enumerate(self.regions)}

    @cached_property
    def kind_index(self) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.kinds)}

    @cached_property
    def venue_index(self) -> dict[str, int]:
        return {v: i for i, v in enumerate(self.venues)}

    @cached_property
    def pool_index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.pools)}


@dataclass(frozen=True)
class Cells:
    """The cells and slots of one scope or component (see the module docstring)."""

    names: Names
    region: Ints  # per cell
    kind: Ints
    day: Ints
    poolset: Ints
    cell_slots: Ints  # CSR pointer into the slot arrays, len = cells + 1
    slot_venue: Ints  # per slot: venue index, -1 for none
    slot_rank: Ints  # per slot: venue size rank within its region and kind (0 smallest)
    groups: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    """(region, kind) → the range [lo, hi) of its cells."""

    @property
    def n_cells(self) -> int:
        return len(self.region)

    @property
    def n_slots(self) -> int:
        return len(self.slot_venue)

    @property
    def slot_cell(self) -> Ints:
        return np.repeat(np.arange(self.n_cells, dtype=np.int64), np.diff(self.cell_slots))

    def cell_range(self, region: int, kind: int, lo: int, hi: int) -> tuple[int, int]:
        """The cells [a, b) of one region and kind whose day offset lies in [lo, hi]."""
        a, b = self.groups.get((region, kind), (0, 0))
        days = self.day[a:b]
        return a + int(np.searchsorted(days, lo, "left")), a + int(
            np.searchsorted(days, hi, "right")
        )

    def slot_range(self, region: int, kind: int, lo: int, hi: int) -> tuple[int, int]:
        """The slots [a, b) of one region and kind whose day offset lies in [lo, hi]."""
        a, b = self.cell_range(region, kind, lo, hi)
        return int(self.cell_slots[a]), int(self.cell_slots[b])

    def regions_present(self) -> list[int]:
        return sorted({g for g, _ in self.groups})

    def subset(self, regions: Iterable[int], days: tuple[int, int] | None = None) -> Cells:
        """The cells of some regions only (a component), and of the day offsets `days`
        (both ends included; None: every day) — a block of it; slots re-indexed from 0."""
        chosen = set(regions)
        ranges = {}
        for g, k in sorted(self.groups):
            if g not in chosen:
                continue
            a, b = self.groups[(g, k)] if days is None else self.cell_range(g, k, *days)
            if b > a:
                ranges[(g, k)] = (a, b)
        wanted = sorted(ranges)
        cell_parts, slot_parts = [], []
        for g, k in wanted:
            a, b = ranges[(g, k)]
            cell_parts.append(np.arange(a, b, dtype=np.int64))
            slot_parts.append(np.arange(self.cell_slots[a], self.cell_slots[b], dtype=np.int64))
        cells = np.concatenate(cell_parts) if cell_parts else np.empty(0, np.int64)
        slots = np.concatenate(slot_parts) if slot_parts else np.empty(0, np.int64)
        counts = np.diff(self.cell_slots)[cells]
        ptr = np.zeros(len(cells) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        groups, pos = {}, 0
        for g, k in wanted:
            a, b = ranges[(g, k)]
            groups[(g, k)] = (pos, pos + b - a)
            pos += b - a
        return Cells(
            self.names,
            self.region[cells],
            self.kind[cells],
            self.day[cells],
            self.poolset[cells],
            ptr,
            self.slot_venue[slots],
            self.slot_rank[slots],
            groups,
        )


def build_cells(derived: Derived, fixed: list[Event], only: set[str] | None = None) -> Cells:
    """Every cell where a fair could help a requirement of the scope or must be kept.

    `fixed` are fairs whose own day must be a cell even outside every period
    (locked fairs, previous fairs of a re-plan); `only` limits the scope to some
    regions (a local re-plan).
    """
    s = derived.scenario
    start, end = s.settings.start, s.settings.end
    n_days = (end - start).days + 1
    kinds = tuple(s.kinds)
    kind_index = {k: i for i, k in enumerate(kinds)}

    def inside(g: str) -> bool:
        return only is None or g in only

    wanted: dict[tuple[str, str], npt.NDArray[np.bool_]] = {}

    def want(g: str, k: str) -> npt.NDArray[np.bool_]:
        if (g, k) not in wanted:
            wanted[(g, k)] = np.zeros(n_days, dtype=bool)
        return wanted[(g, k)]

    for i, r in enumerate(derived.reqs):
        if i in derived.implied:
            continue
        lo, hi = max((r.lo - start).days, 0), min((r.hi - start).days, n_days - 1)
        if lo > hi:
            continue
        accepted = r.kinds_among(kinds)
        for g in sorted(r.regions):
            if inside(g):
                for k in accepted:
                    want(g, k)[lo : hi + 1] = True
    for g, need in derived.theme_mins.items():
        if need and inside(g) and "specialized" in kind_index:
            want(g, "specialized")[:] = True
    fixed_days: dict[str, set[int]] = defaultdict(set)
    for e in fixed:
        off = (e.date - start).days
        if 0 <= off < n_days and e.kind in kind_index:
            want(e.region_id, e.kind)[off] = True
            fixed_days[e.kind].add(off)  # a locked fair's day was validated by the loader

    cal = derived.calendar
    allowed = {}
    for k, spec in s.kinds.items():
        mask = np.array([cal.allows(spec, start + dt.timedelta(days=i)) for i in range(n_days)])
        mask[list(fixed_days.get(k, ()))] = True
        allowed[k] = mask

    regions = tuple(sorted({g for g, _ in wanted}))
    region_index = {g: i for i, g in enumerate(regions)}
    venue_ids: list[str] = []
    venue_index: dict[str, int] = {}
    pool_ids = tuple(sorted(s.pools))
    pool_index = {p: i for i, p in enumerate(pool_ids)}
    poolsets: dict[tuple[int, ...], int] = {}
    closed_cache: dict[str, npt.NDArray[np.bool_]] = {}

    def closed(key: str, days: frozenset[dt.date]) -> npt.NDArray[np.bool_]:
        if key not in closed_cache:
            mask = np.zeros(n_days, dtype=bool)
            offs = [(d - start).days for d in days if start <= d <= end]
            mask[offs] = True
            closed_cache[key] = mask
        return closed_cache[key]

    cols: dict[str, list[Ints]] = defaultdict(list)
    groups: dict[tuple[int, int], tuple[int, int]] = {}
    n_cells = 0
    for g, k in sorted(wanted, key=lambda gk: (region_index[gk[0]], kind_index[gk[1]])):
        spec = s.kinds[k]
        days = np.flatnonzero(wanted[(g, k)] & allowed[k])
        venues = sorted(s.venues_for(g, k), key=lambda v: (v.capacity, v.venue_id))
        pools = [p for p in s.pools_serving(g) if p.headcount >= spec.staff]
        if not len(days) or not (venues or spec.online) or not pools:
            continue
        if spec.online:  # one slot a day, without a venue
            v_open = np.ones((1, len(days)), dtype=bool)
        else:
            v_open = np.array([~closed("v:" + v.venue_id, v.unavailable)[days] for v in venues])
        p_open = np.array([~closed("p:" + p.pool_id, p.unavailable)[days] for p in pools])
        keep = v_open.any(axis=0) & p_open.any(axis=0)
        if not keep.any():
            continue
        days, v_open, p_open = days[keep], v_open[:, keep], p_open[:, keep]
        for v in venues:
            if v.venue_id not in venue_index:
                venue_index[v.venue_id] = len(venue_ids)
                venue_ids.append(v.venue_id)
        # the pools at work each day, as a poolset id
        code = (p_open.T.astype(np.int64) << np.arange(len(pools), dtype=np.int64)).sum(axis=1)
        ps = np.empty(len(days), dtype=np.int64)
        for c in np.unique(code):
            members = tuple(pool_index[pools[i].pool_id] for i in range(len(pools)) if c >> i & 1)
            ps[code == c] = poolsets.setdefault(members, len(poolsets))
        # venue size rank: the place in the region's list of adequate venues, smallest first
        ranks = np.arange(max(len(venues), 1), dtype=np.int64)
        vidx = np.array([venue_index[v.venue_id] for v in venues] or [-1], dtype=np.int64)
        _, slot_v = np.nonzero(v_open.T)  # per open (day, venue), in day then size order
        cols["region"].append(np.full(len(days), region_index[g], dtype=np.int64))
        cols["kind"].append(np.full(len(days), kind_index[k], dtype=np.int64))
        cols["day"].append(days.astype(np.int64))
        cols["poolset"].append(ps)
        cols["count"].append(v_open.sum(axis=0).astype(np.int64))
        cols["slot_venue"].append(vidx[slot_v])
        cols["slot_rank"].append(ranks[slot_v])
        groups[(region_index[g], kind_index[k])] = (n_cells, n_cells + len(days))
        n_cells += len(days)

    def cat(name: str) -> Ints:
        return np.concatenate(cols[name]) if cols[name] else np.empty(0, dtype=np.int64)

    ptr = np.zeros(n_cells + 1, dtype=np.int64)
    np.cumsum(cat("count"), out=ptr[1:])
    names = Names(
        start,
        regions,
        kinds,
        tuple(venue_ids),
        pool_ids,
        tuple(sorted(poolsets, key=poolsets.__getitem__)),
    )
    return Cells(
        names,
        cat("region"),
        cat("kind"),
        cat("day"),
        cat("poolset"),
        ptr,
        cat("slot_venue"),
        cat("slot_rank"),
        groups,
    )


def components(cells: Cells, links: Iterable[Iterable[str]] = ()) -> list[list[int]]:
    """Groups of regions (indices) that share a staff pool choice, or a requirement that
    counts the fairs of several regions (`links`: each such requirement's regions, e.g. a
    subtree total); else they share nothing.

    Largest first, so the progress of a national solve is dominated early by the
    parts that matter most.
    """
    parent = list(range(len(cells.names.regions)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_of_pool: dict[int, int] = {}
    n_sets = len(cells.names.poolsets) or 1
    pairs = np.unique(cells.region * n_sets + cells.poolset)
    for g, ps in zip((pairs // n_sets).tolist(), (pairs % n_sets).tolist(), strict=True):
        for p in cells.names.poolsets[ps]:
            other = first_of_pool.setdefault(p, g)
            ra, rb = find(g), find(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    index = cells.names.region_index
    for group in links:
        members = [index[g] for g in group if g in index]
        for g in members[1:]:
            ra, rb = find(g), find(members[0])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    present = cells.regions_present()
    out: dict[int, list[int]] = defaultdict(list)
    for g in present:
        out[find(g)].append(g)
    size = np.bincount(cells.region, minlength=len(parent))
    return sorted(out.values(), key=lambda grp: (-int(size[grp].sum()), grp[0]))
