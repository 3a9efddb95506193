"""One component's model: the variables, constraints and objective terms, wired together.

`build_model` is the small piece that calls each variable, constraint and objective
function in turn; `ComponentModel` keeps what is needed to read a plan off a solution
(slots → placements, shares → pools) and to turn a plan back into a point of the
model (`point`: warm starts, scores).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from scheduler.cpsat import constraints, objective
from scheduler.cpsat.cells import Cells
from scheduler.cpsat.constraints import SlotIndex
from scheduler.cpsat.linear import Evaluation, Ints, LinearModel
from scheduler.cpsat.variables import Variables, fair_variables, staffing_variables
from scheduler.derived import Derived
from scheduler.model import Event
from scheduler.placement import Placement
from scheduler.rules import Requirement
from scheduler.weights import Weights


@dataclass
class ComponentModel:
    cells: Cells
    lin: LinearModel
    v: Variables
    req_ids: list[int]  # global indices of the component's requirements
    slack: Ints  # per requirement of `req_ids`: its slack variable
    theme_regions: list[str]
    theme_slack: Ints
    slot_of: SlotIndex
    locked: dict[tuple[str, str, int, str], list[str]]  # slot key → pools of its locked fairs
    previous: dict[tuple[str, str, int, str], list[str]] = field(default_factory=dict)
    """slot key → pools of the previous fairs held there (a re-plan keeps them if it can)"""

    def point(self, placements: list[Placement]) -> Ints | None:
        """The model's variables for a plan (auxiliaries left at 0, see `evaluate`);
        None when a fair has no slot or its pool cannot staff its group."""
        x = np.zeros(self.lin.n_vars, dtype=np.int64)
        st = self.v.staffing
        pool_index = self.cells.names.pool_index
        for p in placements:
            s = self.slot_of.find(p.region_id, p.kind, p.day, p.venue_id)
            if s < 0:
                return None
            x[self.v.y[s]] += 1
            grp = int(st.cell_group[self.cells.slot_cell[s]])
            a, z = st.share_ptr[grp], st.share_ptr[grp + 1]
            pools = list(st.share_pool[a:z])
            pi = pool_index.get(p.pool_id, -1)
            if pi not in pools:
                return None
            var = st.share_var[a + pools.index(pi)]
            if var >= 0:
                x[var] += 1
        return x

    def evaluate(self, placements: list[Placement]) -> Evaluation | None:
        x = self.point(placements)
        return None if x is None else self.lin.evaluate(x)

    def placements(self, x: Ints) -> list[Placement]:
        """Read the fairs off a solution; pools are dealt out within each staffing group,
        locked fairs keeping their own pool."""
        names, cells, st = self.cells.names, self.cells, self.v.staffing
        chosen = np.flatnonzero(x[self.v.y] > 0)
        slot_cell = cells.slot_cell
        by_group: dict[int, list[int]] = defaultdict(list)
        for chosen_slot in chosen.tolist():
            by_group[int(st.cell_group[slot_cell[chosen_slot]])].append(chosen_slot)
        out = []
        for grp, slots in by_group.items():
            a, z = st.share_ptr[grp], st.share_ptr[grp + 1]
            pools: list[str] = []
            for i in range(a, z):
                n = len(slots) if st.share_var[i] < 0 else int(x[st.share_var[i]])
                pools += [names.pools[int(st.share_pool[i])]] * n
            free = []
            for s in slots:
                c = slot_cell[s]
                region, kind = names.regions[int(cells.region[c])], names.kinds[int(cells.kind[c])]
                v = int(cells.slot_venue[s])
                day, venue = names.day(int(cells.day[c])), names.venues[v] if v >= 0 else ""
                free.append(Placement(region, kind, day, venue, ""))
            # locked fairs keep their pool, then previous fairs theirs where the shares allow
            for own_pools in (self.locked, self.previous):
                rest = []
                for p in free:
                    key = (p.region_id, p.kind, self.cells.names.offset(p.day), p.venue_id)
                    own = next((q for q in own_pools.get(key, []) if q in pools), None)
                    if own is None:
                        rest.append(p)
                    else:
                        pools.remove(own)
                        out.append(Placement(p.region_id, p.kind, p.day, p.venue_id, own))
                free = rest
            for p, pool in zip(free, pools, strict=True):
                out.append(Placement(p.region_id, p.kind, p.day, p.venue_id, pool))
        return out


def build_model(
    derived: Derived,
    cells: Cells,
    req_ids: list[int],
    fixed: list[Event],
    previous: list[Event],
    weights: Weights,
    days: tuple[int, int] | None = None,
) -> ComponentModel:
    """The model of one component (or one block of its days, `days`, see
    `scheduler.cpsat.blocks`): its cells, requirements, locked and previous fairs."""
    s = derived.scenario
    reqs: list[Requirement] = [derived.reqs[i] for i in req_ids]
    staff = np.array([s.kinds[k].staff for k in cells.names.kinds], dtype=np.int64)
    lin = LinearModel()
    y = fair_variables(lin, cells)
    v = Variables(y, staffing_variables(lin, cells, s))
    slot_of = SlotIndex(cells)

    constraints.venue_once_a_day(lin, cells, v)
    constraints.staff_shares(lin, cells, v)
    constraints.pool_headcount(lin, cells, v, s, staff)
    constraints.locked_fairs(lin, cells, v, fixed, slot_of)
    slack = constraints.requirements(lin, cells, v, reqs, soft=True)
    regions = set(cells.names.regions[g] for g in cells.regions_present())
    mins = {g: n for g, n in derived.theme_mins.items() if g in regions}
    theme_regions, theme_slack = constraints.theme_minimums(lin, cells, v, mins)

    objective.fairs(lin, v)
    objective.shortfall(lin, np.concatenate([slack, theme_slack]))
    objective.day_preference(lin, cells, v, derived, weights)
    objective.spread(lin, cells, v, reqs, weights)
    objective.pool_balance(lin, cells, v, derived, reqs, staff, weights, days)
    objective.pool_home(lin, v, weights)
    objective.venue_size(lin, cells, v, weights)
    objective.changes(lin, cells, v, previous, slot_of, weights)

    locked: dict[tuple[str, str, int, str], list[str]] = defaultdict(list)
    for e in fixed:
        locked[(e.region_id, e.kind, cells.names.offset(e.date), e.venue_id)].append(e.pool_id)
    before: dict[tuple[str, str, int, str], list[str]] = defaultdict(list)
    for e in previous:
        before[(e.region_id, e.kind, cells.names.offset(e.date), e.venue_id)].append(e.pool_id)
    return ComponentModel(
        cells,
        lin,
        v,
        req_ids,
        slack,
        theme_regions,
        theme_slack,
        slot_of,
        dict(locked),
        dict(before),
    )
