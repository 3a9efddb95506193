"""A `LinearModel` written into a CP-SAT model, straight from its index arrays.

Variables, rows and the objective go into the model's proto with `extend` on plain
lists: no Python expression objects are built, so a province's model is written in a
fraction of a second.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.cpsat.linear import INF, Ints, LinearModel, Rows


def _bound(x: int) -> int:
    if x <= -INF:
        return cp_model.INT_MIN
    if x >= INF:
        return cp_model.INT_MAX
    return x


def to_cp_model(lin: LinearModel, terms: list[str] | None = None) -> cp_model.CpModel:
    """The CP-SAT model of `lin`, minimizing the named terms (all when None)."""
    m = cp_model.CpModel()
    proto = m.proto
    lb, ub = lin.bounds()
    add_var = proto.variables.add
    for lo, hi in zip(lb.tolist(), ub.tolist(), strict=True):
        add_var().domain.extend((lo, hi))
    for rows in lin.rows:
        add_rows(m, rows)
    for ex in lin.excess:
        add_rows(m, ex.as_rows())
    set_objective(m, lin, terms)
    return m


def add_rows(m: cp_model.CpModel, rows: Rows) -> None:
    """Append a block of rows to the model (at-most-one blocks as such)."""
    add = m.proto.constraints.add
    ptr, var, coef = rows.ptr.tolist(), rows.var.tolist(), rows.coef.tolist()
    if rows.at_most_one:
        for i in range(len(rows)):
            add().at_most_one.literals.extend(var[ptr[i] : ptr[i + 1]])
        return
    lo, hi = rows.lo.tolist(), rows.hi.tolist()
    for i in range(len(rows)):
        a, b = ptr[i], ptr[i + 1]
        lin = add().linear
        lin.vars.extend(var[a:b])
        lin.coeffs.extend(coef[a:b])
        lin.domain.extend((_bound(lo[i]), _bound(hi[i])))


def set_objective(m: cp_model.CpModel, lin: LinearModel, terms: list[str] | None) -> None:
    """Minimize the named terms of `lin` (replacing any objective the model had)."""
    proto = m.proto
    proto.clear_objective()
    var, coef, offset = lin.objective_arrays(terms)
    proto.objective.vars.extend(var.tolist())
    proto.objective.coeffs.extend(coef.tolist())
    proto.objective.offset = float(offset)


def objective_floor(m: cp_model.CpModel, lin: LinearModel, terms: list[str], floor: int) -> None:
    """The objective over `terms` is at least `floor` (a bound proven elsewhere, as a cut)."""
    var, coef, offset = lin.objective_arrays(terms)
    row = m.proto.constraints.add().linear
    row.vars.extend(var.tolist())
    row.coeffs.extend(coef.tolist())
    row.domain.extend((floor - int(offset), cp_model.INT_MAX))


def set_bounds(m: cp_model.CpModel, idx: Ints, lo: int, hi: int) -> None:
    variables = m.proto.variables
    for i in idx.tolist():
        d = variables[i].domain
        d[0], d[1] = lo, hi


def hint(m: cp_model.CpModel, x: Ints) -> None:
    """A complete solution as the search's starting point."""
    proto = m.proto
    proto.clear_solution_hint()
    proto.solution_hint.vars.extend(range(len(x)))
    proto.solution_hint.values.extend(x.tolist())
