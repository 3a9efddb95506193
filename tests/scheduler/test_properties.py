"""Property-based tests on random small scenarios (hypothesis).

- every plan passes the independent checker (make_plan raises otherwise, and we re-check);
- the shortfalls reported are exactly the requirement periods the plan leaves short;
- every reported shortfall is real: when the plan is proven optimal, no single legal fair
  could be added that counts toward it (a missing fair costs far more than any fair).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.checker import check
from scheduler.model import (
    BUILTIN_KINDS,
    KindSpec,
    Region,
    Rule,
    Scenario,
    Settings,
    StaffPool,
    Venue,
    date_range,
)
from scheduler.plan import make_plan
from scheduler.rules import requirements
from scheduler.schedule import ScheduledFair

DAYS_CHOICES = ["workdays", "weekends", "any", "list"]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    start = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 330)))
    end = start + dt.timedelta(days=draw(st.integers(6, 40)))
    horizon = list(date_range(start, end))
    regions = {"P": Region("P", "省", "province", None)}
    for c in range(draw(st.integers(1, 2))):
        regions[f"C{c}"] = Region(f"C{c}", f"市{c}", "city", "P")
        for k in range(draw(st.integers(0, 2))):
            regions[f"C{c}K{k}"] = Region(f"C{c}K{k}", f"县{c}{k}", "county", f"C{c}")

    def some_days() -> frozenset[dt.date]:
        n = draw(st.integers(0, 3))
        return frozenset(draw(st.sampled_from(horizon)) for _ in range(n))

    kinds = {}
    for k in BUILTIN_KINDS:
        mode = draw(st.sampled_from(DAYS_CHOICES))
        weekdays = (
            frozenset(draw(st.sets(st.integers(0, 6), min_size=1, max_size=3)))
            if mode == "list"
            else frozenset()
        )
        kinds[k] = KindSpec(
            k,
            draw(st.integers(1, 6)),
            draw(st.sampled_from([100, 500])),
            dt.time(9),
            dt.time(12),
            mode,
            weekdays,
        )
    venues = {}
    for rid in regions:
        for i in range(draw(st.integers(0, 2))):
            kk = draw(
                st.sampled_from(
                    [
                        frozenset(BUILTIN_KINDS),
                        frozenset({"specialized"}),
                        frozenset({"comprehensive"}),
                    ]
                )
            )
            venues[f"{rid}-V{i}"] = Venue(
                f"{rid}-V{i}",
                rid,
                f"场地{rid}{i}",
                draw(st.sampled_from([200, 800])),
                kk,
                some_days(),
            )
    pools = {}
    for i in range(draw(st.integers(1, 2))):
        serves = tuple(
            sorted(draw(st.sets(st.sampled_from(sorted(regions)), min_size=1, max_size=2)))
        )
        pools[f"S{i}"] = StaffPool(f"S{i}", f"组{i}", serves, draw(st.integers(2, 9)), some_days())
    candidates = [
        Rule("weekly", "city", "specialized", "week", 1, start, end),
        Rule("monthly", "city", "comprehensive", "month", 1, start, end),
        Rule("county", "county", "any", "month", 1, start, end),
        Rule("window", "city", "any", "window", draw(st.integers(1, 3)), start, end),
    ]
    rules = tuple(r for r in candidates if draw(st.booleans()))
    holidays = draw(st.sampled_from(["CN", "none"]))
    blackouts = some_days()
    return Scenario(
        settings=Settings("random", start, end, holidays=holidays, blackouts=blackouts),
        regions=regions,
        rules=rules,
        kinds=kinds,
        venues=venues,
        pools=pools,
        source="random",
    )


def _addable(
    s: Scenario,
    fairs: list[ScheduledFair],
    region: str,
    kinds: tuple[str, ...],
    lo: dt.date,
    hi: dt.date,
) -> ScheduledFair | None:
    """A fair that could be added toward the period without breaking a hard rule, if any."""
    for d in date_range(max(lo, s.settings.start), min(hi, s.settings.end)):
        for k in kinds:
            spec = s.kinds[k]
            for v in s.venues_of(region):
                for p in s.pools_serving(region):
                    extra = ScheduledFair(
                        "X",
                        region,
                        "",
                        "",
                        k,
                        "",
                        d,
                        spec.start_time,
                        spec.end_time,
                        v.venue_id,
                        "",
                        p.pool_id,
                        spec.staff,
                    )
                    if not check(s, [*fairs, extra]).violations:
                        return extra
    return None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_plan_passes_the_checker_and_every_shortfall_is_real(s: Scenario) -> None:
    r = make_plan(s, time_limit=20, workers=2)
    again = check(s, r.fairs)
    assert again.violations == [] and again.surplus == []
    reqs = requirements(s)
    short = set()
    for q in reqs:
        held = sum(
            1
            for f in r.planned
            if f.region_id == q.region_id
            and (q.kind == "any" or f.kind == q.kind)
            and q.lo <= f.date <= q.hi
        )
        if held < q.required:
            short.add((q.rule_id, q.region_id, q.period_start, held))
    assert {(x.rule_id, x.region_id, x.period_start, x.planned) for x in r.shortfalls} == short
    if r.stats.status == "optimal":
        for x in r.shortfalls:
            q = next(
                q
                for q in reqs
                if (q.rule_id, q.region_id, q.period_start)
                == (x.rule_id, x.region_id, x.period_start)
            )
            kinds = tuple(k for k in BUILTIN_KINDS if q.kind in ("any", k))
            assert _addable(s, r.fairs, q.region_id, kinds, q.lo, q.hi) is None, x
            assert x.reason and x.reason_en
