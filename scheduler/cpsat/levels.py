"""The strict order of the objective: fewest missing fairs, then fewest fairs, then quality.

Each component is solved in two levels:

1. **counts** — minimize `W·shortfall + fairs`, with `W` above the most fairs the
   component can hold, so plans are ranked by missing fairs first and fairs second.
   Usually no solve is needed: when the requirements count disjoint sets of slots (every
   fair counts toward one requirement at most) and imply the theme minimums, no plan
   meeting every rule holds fewer than `Packing.fewest` fairs, and a first plan with no
   shortfall and exactly that many fairs is proven best (`proven`).
2. **quality** — the counts are pinned at their best (`pin`), and the weighted quality
   terms are minimized.

What every plan at the pinned counts pays anyway — a week whose every usable day is off
the preferred weekdays, two fairs forced into one 4-day window by a holiday — is the
*constant* of a term (`constants`). It is left out of the objective and its bound, so the
gap says how far the plan's quality may be from the best possible (CONTRACT §6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scheduler.cpsat.linear import INF, Evaluation, Ints, Rows, RowsBuilder
from scheduler.cpsat.model import ComponentModel

COUNTS = ["shortfall", "fairs"]
QUALITY = [
    "change_date",
    "change_venue",
    "change_pool",
    "day",
    "spread",
    "balance",
    "pool_home",
    "venue",
]


@dataclass(frozen=True)
class Counts:
    missing: int  # fairs the requirements and theme minimums lack
    fairs: int  # fairs held

    @classmethod
    def of(cls, ev: Evaluation) -> Counts:
        return cls(ev.amounts["shortfall"], ev.amounts["fairs"])

    def value(self, weight: int) -> int:
        """The counts objective `weight·missing + fairs`."""
        return weight * self.missing + self.fairs


@dataclass(frozen=True)
class Packing:
    """The requirements of a component, when each slot counts toward one of them at most."""

    sets: list[Ints]  # per requirement (in `ComponentModel.req_ids` order): its slots
    need: Ints  # per requirement: the fairs it holds in a plan with the fewest fairs
    locked_outside: int  # locked fairs that count toward no requirement
    themes_implied: bool  # the theme minimums need no fair beyond the requirements'

    @property
    def fewest(self) -> int:
        """The fewest fairs any plan meeting every requirement holds."""
        return int(self.need.sum()) + self.locked_outside

    def exact(self, c: Counts) -> bool:
        """Does a plan with these counts hold exactly `need` fairs in every requirement?"""
        return self.themes_implied and c.missing == 0 and c.fairs == self.fewest


def packing(model: ComponentModel) -> Packing | None:
    """The component's requirements as disjoint slot sets, or None when some overlap."""
    lin, n_slots = model.lin, model.cells.n_slots
    reqs = next(ex for ex in lin.excess if ex.name == "requirements")
    sets = [reqs.expr.row(i)[0] for i in range(len(reqs.rhs))]
    every = np.concatenate(sets) if sets else np.empty(0, np.int64)
    if len(every) and np.bincount(every, minlength=n_slots).max() > 1:
        return None
    lb, _ = lin.bounds()
    locked = lb[:n_slots] > 0
    required = -reqs.rhs
    in_set = np.zeros(n_slots, dtype=bool)
    in_set[every] = True
    need = np.array(
        [max(int(r), int(locked[s].sum())) for r, s in zip(required, sets, strict=True)],
        dtype=np.int64,
    )
    implied = True
    if len(model.theme_slack):
        themes = next(ex for ex in lin.excess if ex.name == "theme_minimums")
        for i in range(len(themes.rhs)):
            mark = np.zeros(n_slots, dtype=bool)
            mark[themes.expr.row(i)[0]] = True
            inside = sum(
                int(n) for n, s in zip(need, sets, strict=True) if len(s) and mark[s].all()
            )
            implied = implied and inside >= -int(themes.rhs[i])
    return Packing(sets, need, int((locked & ~in_set).sum()), implied)


def proven(p: Packing | None, c: Counts) -> bool:
    """Are these counts the best possible, by the packing argument alone?"""
    return p is not None and p.exact(c)


@dataclass(frozen=True)
class Pin:
    """What holding the counts changes in a model: variables fixed at 0, rows added."""

    zero: Ints
    rows: Rows


def pin(model: ComponentModel, c: Counts, p: Packing | None) -> Pin:
    """Hold the counts at `c` for the quality level (applied to the `LinearModel`; the
    returned `Pin` says what to apply to a solver's copy of it).

    No shortfall: every slack is fixed at 0 and the fairs are at most `c.fairs` — and,
    when the plan holds exactly `need` fairs in each requirement, each requirement holds
    exactly that many and no fair lies outside them (a much tighter relaxation).
    Otherwise `W·shortfall + fairs` may not exceed its value at `c`.
    """
    lin = model.lin
    slacks = np.concatenate([model.slack, model.theme_slack])
    zero = np.empty(0, np.int64)
    b = RowsBuilder("counts")
    if c.missing == 0:
        zero = slacks
        b.add(model.v.y, 1, -INF, c.fairs)
        if p is not None and p.exact(c):
            for slots, n in zip(p.sets, p.need.tolist(), strict=True):
                b.add(model.v.y[slots], 1, -INF, n)
            lb, _ = lin.bounds()
            outside = np.ones(model.cells.n_slots, dtype=bool)
            for slots in p.sets:
                outside[slots] = False
            zero = np.concatenate([zero, model.v.y[outside & (lb[: len(outside)] == 0)]])
    else:
        w = lin.term("shortfall").weight
        var = np.concatenate([slacks, model.v.y])
        coef = np.concatenate([np.full(len(slacks), w), np.ones(len(model.v.y), np.int64)])
        b.add(var, coef, -INF, c.value(w))
    rows = b.build()
    lin.rows.append(rows)
    lin.set_bounds(zero, 0, 0)
    return Pin(zero, rows)


def constants(model: ComponentModel, p: Packing) -> dict[str, int]:
    """Per quality term, what every plan holding exactly `need` fairs in each requirement pays.

    A linear term pays, in each requirement, at least the `need` cheapest of its slots
    (locked slots included as they are); an excess term pays, in each of its rows, at
    least what the fairs forced into that row exceed its threshold by — a requirement
    with `k` slots outside the row forces `need − k` of its fairs into it.
    """
    lin, n_slots = model.lin, model.cells.n_slots
    lb, _ = lin.bounds()
    locked = lb[:n_slots] > 0
    req_of = np.full(n_slots, -1, dtype=np.int64)
    for i, s in enumerate(p.sets):
        req_of[s] = i
    size = np.array([len(s) for s in p.sets], dtype=np.int64)
    aux_lb = np.zeros(lin.n_vars, dtype=np.int64)
    for ex in lin.excess:
        if ex.name in ("requirements", "theme_minimums"):
            continue
        aux_lb[ex.aux] = _forced_excess(ex.expr, ex.rhs, req_of, p.need, size, locked, n_slots)
    out = {}
    for t in lin.terms:
        if t.name not in QUALITY:
            continue
        coef = np.zeros(lin.n_vars, dtype=np.int64)
        np.add.at(coef, t.var, t.coef)
        y, rest = coef[:n_slots], coef[n_slots:]
        if (rest < 0).any():
            out[t.name] = 0  # a negative coefficient beyond the fairs: no safe constant
            continue
        amount = t.offset + int((rest * aux_lb[n_slots:]).sum())
        amount += int(y[locked & (req_of < 0)].sum())
        if y.any():
            for s, n in zip(p.sets, p.need.tolist(), strict=True):
                fixed = s[locked[s]]
                free = np.sort(y[s[~locked[s]]])
                amount += int(y[fixed].sum()) + int(free[: max(0, n - len(fixed))].sum())
        out[t.name] = t.weight * amount
    return out


def _forced_excess(
    expr: Rows,
    rhs: Ints,
    req_of: Ints,
    need: Ints,
    size: Ints,
    locked: npt.NDArray[np.bool_],
    n_slots: int,
) -> Ints:
    """Per row, the least `max(0, expr − rhs)` of any plan at the exact counts."""
    n_rows = len(rhs)
    row = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(expr.ptr))
    fair = expr.var < n_slots
    if (expr.coef < 0).any():  # only rows whose every coefficient is ≥ 0 have a safe bound
        bad = np.zeros(n_rows, dtype=bool)
        bad[row[expr.coef < 0]] = True
    else:
        bad = np.zeros(n_rows, dtype=bool)
    sel = fair & (expr.coef > 0)
    r, v, c = row[sel], expr.var[sel], expr.coef[sel]
    forced = np.zeros(n_rows, dtype=np.int64)
    # locked fairs outside every requirement are in their rows for sure
    lone = locked[v] & (req_of[v] < 0)
    np.add.at(forced, r[lone], c[lone])
    q = req_of[v]
    ok = q >= 0
    if ok.any():
        key = r[ok] * (len(need) + 1) + q[ok]
        uniq, inv, n_in = np.unique(key, return_inverse=True, return_counts=True)
        min_coef = np.full(len(uniq), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(min_coef, inv, c[ok])
        n_locked = np.zeros(len(uniq), dtype=np.int64)
        np.add.at(n_locked, inv, locked[v[ok]].astype(np.int64))
        rr, qq = uniq // (len(need) + 1), uniq % (len(need) + 1)
        count = np.maximum(n_locked, need[qq] - (size[qq] - n_in))
        np.add.at(forced, rr, np.maximum(count, 0) * min_coef)
    out = np.maximum(forced - rhs, 0)
    out[bad] = 0
    return out
