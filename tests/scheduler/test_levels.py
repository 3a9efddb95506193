"""The strict order of the objective and the honest gap (CONTRACT §6, docs/planner.md).

- missing fairs first, then fairs, then quality; each level proven where it can be;
- `objective` and `bound` leave out what every plan pays (`constant`), so the gap is the
  quality level's own;
- the progress covers every part of a decomposed solve from the start;
- the rounding cuts that tighten the model never cut off a plan.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import generate
from benchmarks.greedy_baseline import score
from scheduler.cpsat import Job, build_cells, components
from scheduler.cpsat.constraints import rounding_cuts
from scheduler.cpsat.levels import Counts, packing
from scheduler.cpsat.linear import INF, Rows
from scheduler.greedy import greedy
from scheduler.model import Rule
from scheduler.placement import Placement
from scheduler.plan import make_plan
from tests.scheduler.factory import days, pinned_part, tiny


def _placements(result: object) -> list[Placement]:
    return [
        Placement(f.region_id, f.kind, f.date, f.venue_id, f.pool_id)
        for f in result.planned  # type: ignore[attr-defined]
    ]


def test_a_forced_cost_is_left_out_of_objective_and_bound() -> None:
    """Blackouts leave the week of 8 July only Friday 12 July: its specialized fair is off
    the preferred Tue–Thu in every plan, so that cost is the constant, not the objective."""
    s = tiny()
    black = days("2024-07-08", "2024-07-11") | days("2024-07-13", "2024-07-14")
    s = tiny(settings=dataclasses.replace(s.settings, blackouts=black))
    r = make_plan(s, time_limit=10, workers=2)
    rep = r.report()
    assert r.rules_met and rep["status"] == "optimal"
    assert rep["constants"]["day"] == 10 and rep["terms"]["day"] == 10
    assert rep["objective"] == sum(rep["terms"].values()) - rep["constant"]
    assert rep["bound"] == rep["objective"] and rep["gap"] == 0
    assert rep["fairs_min"] == rep["events"] == 6 and rep["counts_proven"]


def test_the_counts_come_first_and_are_proven_when_a_rule_cannot_be_met() -> None:
    """A second weekly specialized fair on Wednesdays only, one room: each week falls one
    short; the plan holds every fair it can, no more, and says both counts are proven."""
    s = tiny()
    s = tiny(
        rules=(Rule("twice", "city", "specialized", "week", 2, s.settings.start, s.settings.end),),
        kinds={
            **s.kinds,
            "specialized": dataclasses.replace(
                s.kinds["specialized"], days="list", weekdays=frozenset({2})
            ),
        },
        venues={
            **s.venues,
            "HH-1": dataclasses.replace(s.venues["HH-1"], kinds=frozenset({"comprehensive"})),
        },
    )
    r = make_plan(s, time_limit=10, workers=2)
    rep = r.report()
    assert rep["missing_fairs"] == 4 == sum(x.required - x.planned for x in r.shortfalls)
    assert rep["counts_proven"] and rep["fairs_min"] == rep["events"]


def test_overlapping_rules_need_the_counts_solve_and_hold_the_fewest_fairs() -> None:
    """A window rule 'any fair, 4 times in July' beside the weekly one: the weekly fairs count
    toward both, so the rules overlap, no packing argument applies, and the counts level is
    solved: 4 specialized fairs meet both (not 8)."""
    s = tiny()
    window = Rule("window", "city", "any", "window", 4, s.settings.start, s.settings.end)
    s = tiny(rules=(*s.rules, window))
    job = Job.make(s, None)
    cells = build_cells(job.derived, job.fixed)
    [group] = components(cells)
    model = job.model(cells.subset(group), job.fixed, [])
    assert packing(model) is None
    r = make_plan(s, time_limit=10, workers=2)
    assert r.rules_met and r.report()["counts_proven"]
    assert len(r.planned) == 6  # 4 weekly (also the window's 4), 1 monthly, 1 county


def test_score_prices_a_plan_exactly_as_the_planner_reports_it() -> None:
    s = generate.province(7, cities=3, counties=12)
    r = make_plan(s, time_limit=3, workers=2)
    sc = score(s, _placements(r))
    assert sc.objective == r.stats.objective
    assert sc.terms == r.stats.terms and sc.constants == r.stats.constants
    assert sc.shortfall == 0 and sc.fairs == len(r.planned)


def test_progress_covers_every_part_from_the_start() -> None:
    """Two provinces share no staff: two parts. The first progress event already prices both
    parts' first plans (objective = the greedy plan's honest objective, bound 0), and every
    event's gap is its objective against its bound."""
    s = generate.national(3, provinces=2, cities=6, counties=14)
    events: list[dict[str, object]] = []
    r = make_plan(s, time_limit=4, workers=2, progress=events.append)
    assert r.stats.components == 2
    first = events[0]
    assert first["component"] == 0 and first["bound"] == 0
    start = score(s, greedy(s))
    assert first["objective"] == start.objective and first["fairs"] == start.fairs
    for e in events:
        obj, bound = float(e["objective"]), float(e["bound"])  # type: ignore[arg-type]
        assert 0 <= bound <= obj
        assert float(e["gap"]) == (0.0 if obj == bound else (obj - bound) / obj)  # type: ignore[arg-type]
    assert events[-1]["objective"] == r.stats.objective


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 12), min_size=1, max_size=5),
    st.integers(0, 40),
    st.data(),
)
def test_rounding_cuts_hold_at_every_whole_point(
    coefs: list[int], rhs: int, data: st.DataObject
) -> None:
    """The cuts for `aux = max(0, Σ a·x − rhs)` hold wherever x are whole numbers ≥ 0."""
    n = len(coefs)
    expr = Rows(
        "e",
        np.array([0, n]),
        np.arange(n),
        np.array(coefs),
        np.array([-INF]),
        np.array([INF]),
    )
    cuts = rounding_cuts("c", expr, np.array([rhs]), np.array([n]))
    x = np.array(data.draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)) + [0])
    x[n] = max(0, int(np.dot(coefs, x[:n])) - rhs)
    assert (cuts.values(x) <= cuts.hi).all()
    plain = rounding_cuts("c", expr, np.array([rhs]))  # a capacity row Σ a·x ≤ rhs
    if np.dot(coefs, x[:n]) <= rhs:
        assert (plain.values(x) <= plain.hi).all()


def test_counts_of_a_plan() -> None:
    s = tiny()
    job = Job.make(s, None)
    cells = build_cells(job.derived, job.fixed)
    [group] = components(cells)
    model = job.model(cells.subset(group), job.fixed, [])
    ev = model.evaluate(greedy(s))
    assert ev is not None and Counts.of(ev) == Counts(0, 6)
    pk = packing(model)
    assert pk is not None and pk.fewest == 6 and pk.exact(Counts(0, 6))
    assert not pk.exact(Counts(0, 7)) and not pk.exact(Counts(1, 5))


def test_the_default_engine_gives_the_same_plan_twice_and_says_so() -> None:
    s = generate.province(7, cities=3, counties=12)
    a = make_plan(s, time_limit=20, workers=2)
    b = make_plan(s, time_limit=20, workers=2)
    assert a.report()["reproducible"] and b.report()["reproducible"]
    assert [dataclasses.astuple(f) for f in a.fairs] == [dataclasses.astuple(f) for f in b.fairs]
    # the plan of record is CP-SAT's (or the greedy start, when CP-SAT's search finds
    # nothing better around it); HiGHS certifies the bound
    assert set(a.report()["plan_by"]) <= {"cpsat", "greedy"}
    assert a.report()["bound_by"] == ["highs"]


def test_cpsat_alone_proves_its_own_bound_and_the_peer_plans_by_itself() -> None:
    s = generate.province(7, cities=3, counties=12)
    own = make_plan(s, time_limit=10, workers=2, engine="cpsat").report()
    assert own["plan_by"] == ["cpsat"] and set(own["bound_by"]) <= {"cpsat"}
    peer = make_plan(s, time_limit=10, workers=2, engine="highs").report()
    assert set(peer["plan_by"]) <= {"highs", "greedy", "cpsat"} and peer["bound_by"] == ["highs"]


def test_cpsat_takes_a_plan_highs_proved_optimal_as_its_own() -> None:
    from scheduler.cpsat import mip
    from scheduler.cpsat.decomposition import _adopt
    from scheduler.cpsat.levels import QUALITY

    job, model = pinned_part()
    run = mip.solve(model.lin, QUALITY, 60)
    assert run.status == "optimal" and run.x is not None
    assert run.objective is not None
    adopted = _adopt(job, model, run.x, run.objective, run.bound, 10)
    assert adopted is not None and adopted.x is not None and adopted.status == "optimal"
    found = model.lin.evaluate(adopted.x)
    assert found.feasible and found.objective(QUALITY) == run.bound
    # a "proven" optimum below the true one: CP-SAT's plan does not reach it, nothing taken
    assert _adopt(job, model, run.x, run.objective - 1, run.bound - 1, 10) is None
    # a plan that breaks a rule (one fair taken out of a count pinned exactly): refused
    broken = run.x.copy()
    broken[model.v.y[np.flatnonzero(run.x[model.v.y])[0]]] = 0
    assert _adopt(job, model, broken, run.objective, run.bound, 10) is None
    # a plan not proven (bound 0): CP-SAT takes it as its first solution, no worse
    taken = _adopt(job, model, run.x, run.objective, 0, 10)
    assert taken is not None and taken.x is not None
    again = model.lin.evaluate(taken.x)
    assert again.feasible and again.objective(QUALITY) <= run.objective


def test_every_engine_plans_the_worked_example_with_the_same_best_quality() -> None:
    values = set()
    for engine in ("auto", "highs", "scip", "cpsat"):
        r = make_plan(tiny(), time_limit=10, workers=2, engine=engine)
        assert r.rules_met and r.stats.status == "optimal", engine
        values.add(r.stats.objective)
    assert len(values) == 1


def test_the_neighbourhood_search_never_makes_a_plan_worse_or_breaks_a_rule() -> None:
    import time

    from scheduler.cpsat.levels import QUALITY, pin
    from scheduler.cpsat.lns import improve, restrict

    s = generate.province(7, cities=3, counties=12)
    job = Job.make(s, None)
    cells = build_cells(job.derived, job.fixed)
    [group] = components(cells)
    model = job.model(cells.subset(group), job.fixed, [])
    start = model.evaluate(greedy(s, smart=False))
    assert start is not None and start.feasible
    pin(model, Counts.of(start), packing(model))
    everything = restrict(model.lin, np.ones(model.lin.n_vars, dtype=bool), start.x)
    assert everything.lin.n_vars == model.lin.n_vars
    x, exact = improve(model, s, start.x, QUALITY, time.monotonic() + 30)
    after = model.lin.evaluate(x)
    assert after.feasible and exact
    assert after.objective(QUALITY) < model.lin.evaluate(start.x).objective(QUALITY)
