"""Property-based tests on random small scenarios (hypothesis).

- every plan passes the independent checker (make_plan raises otherwise, and we re-check);
- the shortfalls reported are exactly the requirement periods the plan leaves short;
- every reported shortfall is real: when the plan is proven optimal, no single legal fair
  could be added that counts toward it (a missing fair costs far more than any fair).

The scenarios use kinds as data (CONTRACT §6): besides the built-in kinds, a custom onsite
kind and an online kind (staff, no venue), venues allowing any subset of the onsite kinds
(or every kind), rules over a list of kinds, and totals over a subtree. What counts
toward a period is restated here from the contract, not taken from `scheduler.rules`.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.checker import check
from scheduler.model import (
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
PREFER_CHOICES: list[str | None] = [None, "none", "weekends", "workdays", "list"]
ONLINE = "livestream"
CUSTOM = "campus"


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

    def weekdays(mode: str | None) -> frozenset[int]:
        if mode != "list":
            return frozenset()
        return frozenset(draw(st.sets(st.integers(0, 6), min_size=1, max_size=3)))

    names = ["specialized", "comprehensive"]
    names += [k for k in (CUSTOM, ONLINE) if draw(st.booleans())]
    kinds = {}
    for k in names:
        mode = draw(st.sampled_from(DAYS_CHOICES))
        prefer = draw(st.sampled_from(PREFER_CHOICES)) if k in (CUSTOM, ONLINE) else None
        kinds[k] = KindSpec(
            k,
            draw(st.integers(1, 6)),
            draw(st.sampled_from([100, 500])),
            dt.time(9),
            dt.time(12),
            mode,
            weekdays(mode),
            label={CUSTOM: "校园招聘会", ONLINE: "直播带岗"}.get(k, ""),
            online=k == ONLINE,
            prefer=prefer,
            prefer_weekdays=weekdays(prefer),
        )
    onsite = [k for k in names if not kinds[k].online]
    venues = {}
    for rid in regions:
        for i in range(draw(st.integers(0, 2))):
            allowed = draw(st.sets(st.sampled_from(onsite), max_size=len(onsite)))
            venues[f"{rid}-V{i}"] = Venue(
                f"{rid}-V{i}",
                rid,
                f"场地{rid}{i}",
                draw(st.sampled_from([200, 800])),
                frozenset(allowed),  # empty: every kind
                some_days(),
            )
    pools = {}
    for i in range(draw(st.integers(1, 2))):
        serves = tuple(
            sorted(draw(st.sets(st.sampled_from(sorted(regions)), min_size=1, max_size=2)))
        )
        pools[f"S{i}"] = StaffPool(f"S{i}", f"组{i}", serves, draw(st.integers(2, 9)), some_days())
    some = draw(st.sampled_from(names))
    listed = ";".join(sorted(draw(st.sets(st.sampled_from(names), min_size=1, max_size=2))))
    candidates = [
        Rule("weekly", "city", "specialized", "week", 1, start, end),
        Rule("monthly", "city", "comprehensive", "month", 1, start, end),
        Rule("county", "county", "any", "month", 1, start, end),
        Rule("window", "city", "any", "window", draw(st.integers(1, 3)), start, end),
        # a total over the whole province (its cities' and counties' fairs count)
        Rule("total", "P", some, "window", draw(st.integers(1, 3)), start, end, counts="subtree"),
        # a kind list, counted over each city and its counties
        Rule(
            "listed",
            "city",
            listed,
            "week",
            1,
            start,
            end,
            counts=draw(st.sampled_from(["own", "subtree"])),
        ),
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


def _counted(s: Scenario, rule: Rule, region: str) -> set[str]:
    """The regions whose fairs count toward `rule` in `region`, from CONTRACT §2/§6."""
    out = {region}
    if rule.counts == "subtree":
        grew = True
        while grew:
            more = {g for g, r in s.regions.items() if r.parent_id in out} - out
            out |= more
            grew = bool(more)
    return out


def _accepts(rule: Rule, kind: str) -> bool:
    return rule.kind == "any" or kind in rule.kind.split(";")


def _addable(
    s: Scenario,
    fairs: list[ScheduledFair],
    regions: set[str],
    rule: Rule,
    lo: dt.date,
    hi: dt.date,
) -> ScheduledFair | None:
    """A fair that could be added toward the period without breaking a hard rule, if any."""
    for d in date_range(max(lo, s.settings.start), min(hi, s.settings.end)):
        for region in sorted(regions):
            for k, spec in s.kinds.items():
                if not _accepts(rule, k):
                    continue
                places = [("", "")] if spec.online else [
                    (v.venue_id, v.name) for v in s.venues_of(region)
                ]  # fmt: skip
                for venue_id, venue_name in places:
                    for p in s.pools_serving(region):
                        extra = ScheduledFair(
                            "X", region, "", "", k, "", d, spec.start_time, spec.end_time,
                            venue_id, venue_name, p.pool_id, spec.staff,
                        )  # fmt: skip
                        if not check(s, [*fairs, extra]).violations:
                            return extra
    return None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_plan_passes_the_checker_and_every_shortfall_is_real(s: Scenario) -> None:
    r = make_plan(s, time_limit=20, workers=2)
    again = check(s, r.fairs)
    assert again.violations == [] and again.surplus == []
    for f in r.planned:  # an online fair has no venue; every other one has
        assert (f.venue_id == "") == s.kinds[f.kind].online
    rules = {x.rule_id: x for x in s.rules}
    reqs = requirements(s)
    short = set()
    for q in reqs:
        rule = rules[q.rule_id]
        counted = _counted(s, rule, q.region_id)
        held = sum(
            1
            for f in r.planned
            if f.region_id in counted and _accepts(rule, f.kind) and q.lo <= f.date <= q.hi
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
            rule = rules[q.rule_id]
            counted = _counted(s, rule, q.region_id)
            assert _addable(s, r.fairs, counted, rule, q.lo, q.hi) is None, x
            assert x.reason and x.reason_en
