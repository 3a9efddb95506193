"""The decision variables of one component: fairs per slot, and who staffs them.

- `y[s]` (boolean, one per slot): a fair is held in slot `s` (a venue on a day, for a
  region and kind). Slot `s` is variable `s`.
- Staffing: fairs of one kind on one day that the same pools could staff (and whose
  regions share a home pool) are interchangeable for staffing — a *staffing group*. A
  group with one pool needs no variable (its pool staffs them all); a group with several
  gets one integer per pool, how many of the group's fairs that pool staffs. So the pool
  choice costs one variable per pool and group, not one per fair and pool.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.cpsat.cells import Cells
from scheduler.cpsat.linear import Ints, LinearModel
from scheduler.model import Scenario
from scheduler.placement import home_pool


@dataclass(frozen=True)
class Staffing:
    """Staffing groups (CSR over their pools) and each cell's group."""

    cell_group: Ints  # per cell
    kind: Ints  # per group
    day: Ints
    home: Ints  # the home pool of the group's regions (-1: none)
    size: Ints  # slots in the group: the most fairs it can hold
    share_ptr: Ints  # group g's pools are share_pool[share_ptr[g]:share_ptr[g+1]]
    share_pool: Ints
    share_var: Ints  # the variable of (group, pool), -1 where the group has one pool

    @property
    def n_groups(self) -> int:
        return len(self.kind)

    @property
    def share_group(self) -> Ints:
        return np.repeat(np.arange(self.n_groups, dtype=np.int64), np.diff(self.share_ptr))


@dataclass(frozen=True)
class Variables:
    y: Ints
    staffing: Staffing

    def load_entries(self, cells: Cells, staff: Ints) -> tuple[Ints, Ints, Ints, Ints]:
        """Every (pool, day, variable, people) a pool's daily load is the sum of.

        A one-pool group contributes its slots' fairs directly, a several-pool group its
        pools' shares; `staff` is the people a fair of each kind needs.
        """
        st = self.staffing
        slot_group = st.cell_group[cells.slot_cell]
        single = np.diff(st.share_ptr) == 1
        on_single = single[slot_group]
        s_slots = np.flatnonzero(on_single)
        s_groups = slot_group[s_slots]
        pool_a = st.share_pool[st.share_ptr[s_groups]]
        multi = np.flatnonzero(st.share_var >= 0)
        m_groups = st.share_group[multi]
        pool = np.concatenate([pool_a, st.share_pool[multi]])
        day = np.concatenate([st.day[s_groups], st.day[m_groups]])
        var = np.concatenate([self.y[s_slots], st.share_var[multi]])
        people = np.concatenate([staff[st.kind[s_groups]], staff[st.kind[m_groups]]])
        return pool, day, var, people


def fair_variables(lin: LinearModel, cells: Cells) -> Ints:
    """One boolean per slot; variable index = slot index."""
    assert lin.n_vars == 0, "the fairs are the first variables of a model"
    return lin.add_vars(cells.n_slots, 0, 1)


def staffing_variables(lin: LinearModel, cells: Cells, scenario: Scenario) -> Staffing:
    """Staffing groups of (poolset, home pool, kind, day) and a share per pool of each."""
    names = cells.names
    pool_index = names.pool_index
    homes = {}
    for g in cells.regions_present():
        h = home_pool(scenario, names.regions[g])
        homes[g] = pool_index[h] if h is not None else -1
    home_of_cell = np.array([homes[int(g)] for g in cells.region], dtype=np.int64)
    keys = np.stack([cells.poolset, home_of_cell, cells.kind, cells.day])
    uniq, cell_group = np.unique(keys, axis=1, return_inverse=True)
    cell_group = cell_group.reshape(-1).astype(np.int64)
    n_groups = uniq.shape[1]
    size = np.bincount(cell_group, weights=np.diff(cells.cell_slots), minlength=n_groups)
    pools = [names.poolsets[int(ps)] for ps in uniq[0]]
    counts = np.array([len(p) for p in pools], dtype=np.int64)
    ptr = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    share_pool = np.array([p for ps in pools for p in ps], dtype=np.int64)
    share_var = np.full(len(share_pool), -1, dtype=np.int64)
    multi = np.flatnonzero(np.repeat(counts > 1, counts))
    ub = np.repeat(size.astype(np.int64), counts)[multi]
    share_var[multi] = lin.add_vars(len(multi), 0, ub)
    return Staffing(
        cell_group,
        uniq[2].astype(np.int64),
        uniq[3].astype(np.int64),
        uniq[1].astype(np.int64),
        size.astype(np.int64),
        ptr,
        share_pool,
        share_var,
    )
