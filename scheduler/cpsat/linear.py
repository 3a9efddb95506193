"""The model as data: variables, linear rows, excesses and objective terms, in index arrays.

One component's model is a `LinearModel`. Three consumers read the same arrays:

- `scheduler.cpsat.proto` writes them into a CP-SAT model (the planner);
- `scheduler.cpsat.mip` writes them into an OR-Tools MathOpt model (the MIP peer);
- `LinearModel.evaluate` prices a given plan with numpy alone (scores, warm starts,
  the progress of parts not solved yet) — no solver involved.

Rows are blocks in CSR form (`ptr`, `var`, `coef`) with bounds `lo ≤ row ≤ hi`. An
*excess* block defines auxiliary variables `aux[i] = max(0, expr_i − rhs_i)`: written as
`expr_i − aux[i] ≤ rhs_i` with `aux ≥ 0` for a solver (exact at the optimum, since every
auxiliary variable has a positive cost), computed directly by `evaluate`. A *term* is a
named piece of the objective: `weight × (Σ coef·x + offset)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
INF = 2**62  # "no bound" in rows and variable domains


def _ints(a: object) -> Ints:
    return np.asarray(a, dtype=np.int64)


def segment_sums(values: Ints, ptr: Ints) -> Ints:
    """Σ values[ptr[i]:ptr[i+1]] for every i (empty segments give 0)."""
    if not len(values):
        return np.zeros(len(ptr) - 1, dtype=np.int64)
    csum = np.concatenate(([0], np.cumsum(values, dtype=np.int64)))
    return _ints(csum[ptr[1:]] - csum[ptr[:-1]])


@dataclass
class Rows:
    """A block of linear rows `lo ≤ Σ coef·x ≤ hi`, in CSR form."""

    name: str
    ptr: Ints
    var: Ints
    coef: Ints
    lo: Ints
    hi: Ints
    #: every row is "at most one of these booleans" (CP-SAT gets an at_most_one)
    at_most_one: bool = False

    def __len__(self) -> int:
        return len(self.lo)

    def row(self, i: int) -> tuple[Ints, Ints]:
        a, b = self.ptr[i], self.ptr[i + 1]
        return self.var[a:b], self.coef[a:b]

    def take(self, keep: Ints) -> Rows:
        """The rows `keep` of this block, in that order."""
        counts = np.diff(self.ptr)[keep]
        ptr = np.zeros(len(keep) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        idx = np.repeat(self.ptr[keep] - ptr[:-1], counts) + np.arange(int(ptr[-1]))
        return Rows(
            self.name,
            ptr,
            self.var[idx],
            self.coef[idx],
            self.lo[keep],
            self.hi[keep],
            self.at_most_one,
        )

    def values(self, x: Ints) -> Ints:
        """Each row's value at the point `x`."""
        return segment_sums(self.coef * x[self.var], self.ptr)

    @classmethod
    def from_groups(
        cls,
        name: str,
        keys: Ints,
        var: Ints,
        coef: Ints,
        lo: Ints | int,
        hi: Ints | int,
        **kw: bool,
    ) -> tuple[Rows, Ints]:
        """One row per distinct key, summing the entries (var, coef) that carry it.

        Returns the rows and the sorted distinct keys, so callers can give each row
        its bounds by key (`lo`/`hi` may be arrays over the returned keys).
        """
        order = np.argsort(keys, kind="stable")
        k, v, c = keys[order], var[order], coef[order]
        uniq, start = np.unique(k, return_index=True)
        ptr = np.append(start, len(k)).astype(np.int64)
        n = len(uniq)
        lo_a = np.full(n, lo, dtype=np.int64) if np.isscalar(lo) else _ints(lo)
        hi_a = np.full(n, hi, dtype=np.int64) if np.isscalar(hi) else _ints(hi)
        return cls(name, ptr, _ints(v), _ints(c), lo_a, hi_a, **kw), _ints(uniq)


class RowsBuilder:
    """Collects rows one at a time (when they cannot be made by `Rows.from_groups`)."""

    def __init__(self, name: str, at_most_one: bool = False) -> None:
        self.name, self.at_most_one = name, at_most_one
        self.vars: list[Ints] = []
        self.coefs: list[Ints] = []
        self.lo: list[int] = []
        self.hi: list[int] = []

    def add(self, var: Ints, coef: Ints | int, lo: int, hi: int) -> int:
        var = _ints(var)
        self.vars.append(var)
        self.coefs.append(np.full(len(var), coef, np.int64) if np.isscalar(coef) else _ints(coef))
        self.lo.append(int(lo))
        self.hi.append(int(hi))
        return len(self.lo) - 1

    def build(self) -> Rows:
        sizes = [len(v) for v in self.vars]
        ptr = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=ptr[1:])
        var = np.concatenate(self.vars) if self.vars else np.empty(0, np.int64)
        coef = np.concatenate(self.coefs) if self.coefs else np.empty(0, np.int64)
        return Rows(self.name, ptr, var, coef, _ints(self.lo), _ints(self.hi), self.at_most_one)


@dataclass
class Excess:
    """Auxiliary variables `aux[i] = max(0, expr_i − rhs_i)` (expr over other variables)."""

    name: str
    aux: Ints
    expr: Rows  # bounds unused
    rhs: Ints

    def as_rows(self) -> Rows:
        """The rows `expr_i − aux_i ≤ rhs_i` a solver gets (with `aux ≥ 0`)."""
        n = len(self.rhs)
        ptr = self.expr.ptr + np.arange(n + 1, dtype=np.int64)
        var = np.empty(len(self.expr.var) + n, dtype=np.int64)
        coef = np.empty_like(var)
        ends = ptr[1:] - 1
        mask = np.ones(len(var), dtype=bool)
        mask[ends] = False
        var[mask], coef[mask] = self.expr.var, self.expr.coef
        var[ends], coef[ends] = self.aux, -1
        return Rows(self.name, ptr, var, coef, np.full(n, -INF, np.int64), self.rhs)


@dataclass
class Term:
    """One named part of the objective: `weight × (Σ coef·x + offset)`."""

    name: str
    weight: int
    var: Ints
    coef: Ints
    offset: int = 0

    def amount(self, x: Ints) -> int:
        return int((self.coef * x[self.var]).sum()) + self.offset

    def cost(self, x: Ints) -> int:
        return self.weight * self.amount(x)


@dataclass
class Evaluation:
    """A plan priced by the model's arrays alone."""

    x: Ints  # every variable, auxiliaries completed
    broken: dict[str, int]  # hard row block → number of rows the plan breaks
    amounts: dict[str, int]  # term → amount (fairs, person-days, steps, …)
    costs: dict[str, int]  # term → weight × amount

    @property
    def feasible(self) -> bool:
        return not any(self.broken.values())

    def objective(self, names: list[str] | None = None) -> int:
        return sum(v for k, v in self.costs.items() if names is None or k in names)


@dataclass
class LinearModel:
    """Variables (integer bounds), hard rows, excess definitions and objective terms."""

    lb: list[Ints] = field(default_factory=list)
    ub: list[Ints] = field(default_factory=list)
    rows: list[Rows] = field(default_factory=list)
    excess: list[Excess] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    n_vars: int = 0

    def add_vars(self, n: int, lb: Ints | int, ub: Ints | int) -> Ints:
        """`n` new integer variables; returns their indices."""
        idx = np.arange(self.n_vars, self.n_vars + n, dtype=np.int64)
        self.lb.append(np.full(n, lb, np.int64) if np.isscalar(lb) else _ints(lb))
        self.ub.append(np.full(n, ub, np.int64) if np.isscalar(ub) else _ints(ub))
        self.n_vars += n
        return idx

    def bounds(self) -> tuple[Ints, Ints]:
        """All lower and upper bounds (concatenated once, then kept)."""
        if len(self.lb) != 1:
            lb = np.concatenate(self.lb) if self.lb else np.empty(0, np.int64)
            ub = np.concatenate(self.ub) if self.ub else np.empty(0, np.int64)
            self.lb, self.ub = [lb], [ub]
        return self.lb[0], self.ub[0]

    def set_bounds(self, idx: Ints, lb: Ints | int, ub: Ints | int) -> None:
        lo, hi = self.bounds()
        lo[idx] = lb
        hi[idx] = ub

    def add_excess(self, name: str, expr: Rows, rhs: Ints) -> Ints:
        """Auxiliaries for `max(0, expr − rhs)`, with upper bounds from the expression's."""
        lo, hi = self.bounds()
        pos = np.maximum(expr.coef, 0) * hi[expr.var] + np.minimum(expr.coef, 0) * lo[expr.var]
        top = segment_sums(_ints(pos), expr.ptr)
        aux = self.add_vars(len(rhs), 0, np.maximum(top - rhs, 0))
        self.excess.append(Excess(name, aux, expr, _ints(rhs)))
        return aux

    def term(self, name: str) -> Term:
        return next(t for t in self.terms if t.name == name)

    def evaluate(self, primary: Ints) -> Evaluation:
        """Complete the auxiliaries of `primary` (every variable; auxiliaries ignored),
        check the hard rows and price every term."""
        x = _ints(primary).copy()
        for ex in self.excess:
            x[ex.aux] = np.maximum(ex.expr.values(x) - ex.rhs, 0)
        broken: dict[str, int] = {}
        for rows in self.rows:
            v = rows.values(x)
            broken[rows.name] = broken.get(rows.name, 0) + int(
                ((v < rows.lo) | (v > rows.hi)).sum()
            )
        lo, hi = self.bounds()
        broken["bounds"] = int(((x < lo) | (x > hi)).sum())
        amounts = {t.name: t.amount(x) for t in self.terms}
        costs = {t.name: t.weight * amounts[t.name] for t in self.terms}
        return Evaluation(x, broken, amounts, costs)

    def objective_arrays(self, names: list[str] | None = None) -> tuple[Ints, Ints, int]:
        """The objective over some terms as (vars, coefs, offset), coefficients merged."""
        chosen = [t for t in self.terms if names is None or t.name in names]
        if not chosen:
            return np.empty(0, np.int64), np.empty(0, np.int64), 0
        var = np.concatenate([t.var for t in chosen])
        coef = np.concatenate([t.weight * t.coef for t in chosen])
        merged = np.bincount(var, weights=coef, minlength=self.n_vars)
        nz = np.flatnonzero(merged)
        return _ints(nz), _ints(np.rint(merged[nz])), sum(t.weight * t.offset for t in chosen)
