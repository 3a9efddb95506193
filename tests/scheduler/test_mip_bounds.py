"""The MIP peer's dual bound, heard while HiGHS runs (issue 12: the progress line showed
bound 0 until the branch and cut of a part returned)."""

from __future__ import annotations

import math

import pytest

from benchmarks import generate
from scheduler.cpsat import mip
from scheduler.cpsat.levels import QUALITY
from scheduler.plan import make_plan
from tests.scheduler.factory import pinned_part

# rows of HiGHS's branch-and-bound log, as its message callback passes them
ROWS = {
    " J       0       0         0   0.00%   -inf            44587              Large"
    "        0      0      0         0     2.0s": None,
    "         0       0         0   0.00%   500             44587             98.88%"
    "        0      0      4      7432     2.8s": 500.0,
    " L       0       0         0   0.00%   530.9914196     592               10.31%"
    "     3375    514    720     11773    20.0s": 530.9914196,
    "  Dual bound        531": None,  # the report after the search: not a progress row
    "Src  Proc. InQueue |  Leaves   Expl. | BestBound       BestSol              Gap |": None,
    "12774 rows, 40311 cols, 133437 nonzeros  1s": None,
}


@pytest.mark.parametrize("line", list(ROWS))
def test_bound_of_reads_the_best_bound_column_of_progress_rows_only(line: str) -> None:
    assert mip.bound_of(line) == ROWS[line]


@pytest.mark.parametrize("forked", [False, True], ids=["in-process", "forked"])
def test_bounds_heard_rise_and_never_pass_the_final_bound(forked: bool) -> None:
    _, model = pinned_part()
    heard: list[float] = []
    stopped = (lambda: False) if forked else None
    run = mip.solve(model.lin, QUALITY, 60, stopped=stopped, on_bound=heard.append)
    assert run.status == "optimal" and run.objective is not None
    assert heard, "no bound heard while HiGHS ran"
    assert heard == sorted(heard) and len(set(heard)) == len(heard)
    assert math.ceil(max(heard) - 1e-6) <= run.bound <= run.objective + 1e-6


def test_the_progress_line_shows_highs_bound_before_its_part_is_solved() -> None:
    s = generate.province(7, cities=3, counties=12)
    events: list[dict[str, object]] = []
    r = make_plan(s, time_limit=30, workers=2, engine="highs", progress=events.append)
    assert r.stats.status == "optimal"
    final = r.stats.bound
    bounds = [float(e["bound"]) for e in events]  # type: ignore[arg-type]
    # a bound above 0 and below the proven one: heard from HiGHS's log during its search
    assert any(0 < b < final for b in bounds), bounds
    assert bounds == sorted(bounds)
