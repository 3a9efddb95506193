"""The CP-SAT model layer: cells, variables, constraints, objective, decomposition, search.

Public API (what `scheduler.plan`, the benchmarks and later streams build on):

- `solve(scenario, ...)` → `Solution`: plan a scenario, part by part;
- `score(scenario, placements, previous=None)` → `Score`: price any plan with the
  planner's objective, without a solver;
- `build_cells(derived, fixed, only)`, `components(cells)`: where fairs could be held,
  and which regions share staff;
- `build_model(derived, cells, req_ids, fixed, previous, weights)` → `ComponentModel`:
  one component's model as index arrays (`LinearModel`), which `to_cp_model` writes into
  CP-SAT and `scheduler.cpsat.mip` into a MIP solver.

Modules: `cells` (cells and slots as arrays), `variables` (fairs and staffing shares),
`constraints` (one function per hard-rule family), `objective` (one function per term),
`linear` (the model as data, and pricing a plan with it), `model` (the wiring), `proto`
(writing CP-SAT), `search` (running CP-SAT), `decomposition` (components, local re-plans,
budgets, progress), `score`.
"""

from scheduler.cpsat.cells import Cells, Names, build_cells, components
from scheduler.cpsat.decomposition import Job, Progress, Solution, SolveStats, solve
from scheduler.cpsat.linear import Evaluation, LinearModel, Rows, Term
from scheduler.cpsat.model import ComponentModel, build_model
from scheduler.cpsat.proto import to_cp_model
from scheduler.cpsat.score import Score, score

__all__ = [
    "Cells",
    "ComponentModel",
    "Evaluation",
    "Job",
    "LinearModel",
    "Names",
    "Progress",
    "Rows",
    "Score",
    "Solution",
    "SolveStats",
    "Term",
    "build_cells",
    "build_model",
    "components",
    "score",
    "solve",
    "to_cp_model",
]
