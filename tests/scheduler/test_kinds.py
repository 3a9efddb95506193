"""Kinds as data, online fairs, rules over kind lists and subtrees, presets in settings
(CONTRACT §6, issue 13).

- every preset plans a scenario (named by settings `preset`, without rules or kinds
  sheets) that the independent checker accepts, and whose counts meet each clause;
- one binding case per new rule: a subtree total that forces a fair into a county, an
  online fair on a day every venue is closed, a kind-list rule, a preset row replaced by
  the scenario's own sheet;
- the checker rejects what the new hard rules forbid (an online fair with a venue, a fair
  of an unknown kind, an onsite fair without one, a venue that does not allow a kind).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

import texts
from scheduler import presets
from scheduler.checker import check
from scheduler.errors import InputError
from scheduler.model import KindSpec, Region, Rule, Scenario, StaffPool, Venue
from scheduler.plan import make_plan
from scheduler.rules import requirements
from scheduler.scenario import load_scenario
from scheduler.schedule import ScheduledFair
from tests.scheduler import factory
from tests.scheduler.factory import preset_folder, write_csv

D = dt.date


# --------------------------------------------------------------------------- helpers


def held(s: Scenario, fairs: list[ScheduledFair], rule: Rule, region: str, lo: D, hi: D) -> int:
    """What counts toward a rule's period, restated from CONTRACT §2/§6 (not rules.py)."""
    counted = {region}
    if rule.counts == "subtree":
        frontier = [region]
        while frontier:
            cur = frontier.pop()
            kids = [g for g, r in s.regions.items() if r.parent_id == cur]
            counted.update(kids)
            frontier.extend(kids)
    kinds = None if rule.kind == "any" else set(rule.kind.split(";"))
    return sum(
        1
        for f in fairs
        if f.planned
        and f.region_id in counted
        and (kinds is None or f.kind in kinds)
        and lo <= f.date <= hi
    )


# --------------------------------------------------------------------------- presets


@pytest.mark.parametrize("name", [p.name for p in presets.list()])
def test_every_preset_plans_a_scenario_meeting_each_clause(tmp_path: Path, name: str) -> None:
    s = load_scenario(preset_folder(tmp_path, name))
    preset = presets.get(name)
    assert s.settings.preset == name
    assert (s.settings.start, s.settings.end) == (preset.start, preset.end)  # its horizon
    assert {r.rule_id for r in s.rules} == {r.rule_id for r in preset.rules}
    assert list(s.kinds) == [k.kind for k in preset.kinds]
    result = make_plan(s, time_limit=3, workers=2)  # rules met is what counts here
    assert result.check.ok and not check(s, result.fairs).violations
    assert result.rules_met, [x.to_json() for x in result.shortfalls[:3]]
    by_id = {r.rule_id: r for r in s.rules}
    reqs = requirements(s)
    assert {q.rule_id for q in reqs} == set(by_id)  # every clause asks something here
    for q in reqs:
        got = held(s, result.fairs, by_id[q.rule_id], q.region_id, q.lo, q.hi)
        assert got >= q.required, (q.rule_id, q.region_id, q.period_start, got)
    for f in result.planned:
        online = s.kinds[f.kind].online
        assert (f.venue_id == "" and f.venue_name == "") == online, f


def test_a_preset_row_is_replaced_by_the_scenarios_own_row(tmp_path: Path) -> None:
    folder = preset_folder(tmp_path, "im-2024", start="2024-07-01", end="2024-08-31")
    write_csv(
        folder / "rules.csv",
        [
            # same rule_id: replaces the preset's (two a week instead of one)
            {"rule_id": "city-weekly-specialized", "name": "每周两场专业性招聘会", "scope": "city",
             "kind": "specialized", "period": "week", "min_count": "2", "source": "im-2024 五(五)"},
            # a new rule_id: added
            {"rule_id": "county-monthly", "name": "", "scope": "county", "kind": "community",
             "period": "month", "min_count": "1", "source": ""},
        ],
    )  # fmt: skip
    write_csv(
        folder / "kinds.csv",
        [{"kind": "专场", "staff": "5", "min_capacity": "200", "start_time": "13:30",
          "end_time": "16:30", "days": "workdays"}],
    )  # fmt: skip
    s = load_scenario(folder)
    rules = {r.rule_id: r for r in s.rules}
    assert set(rules) == {"city-weekly-specialized", "city-monthly-comprehensive", "county-monthly"}
    assert rules["city-weekly-specialized"].min_count == 2
    assert rules["city-weekly-specialized"].name == "每周两场专业性招聘会"
    assert rules["city-monthly-comprehensive"].source == "im-2024 五(五)"  # the preset's, kept
    spec = s.kinds["specialized"]  # 专场 is specialized: the preset's row is replaced
    assert (spec.staff, spec.start_time, spec.label) == (5, dt.time(13, 30), "")
    assert s.kinds["livestream"].online and s.kinds["community"].label == "社区招聘会"
    result = make_plan(s, time_limit=3, workers=2)
    assert result.rules_met and result.check.ok
    weekly = [q for q in requirements(s) if q.rule_id == "city-weekly-specialized"]
    for q in weekly:
        got = [f for f in result.planned if f.region_id == q.region_id and f.kind == "specialized"
               and q.lo <= f.date <= q.hi]  # fmt: skip
        assert len(got) == 2 and all(f.start == dt.time(13, 30) and f.staff == 5 for f in got)
    assert {f.kind for f in result.planned if s.regions[f.region_id].level == "county"} == {
        "community"
    }


def test_a_problem_in_a_preset_row_names_the_preset(tmp_path: Path) -> None:
    folder = preset_folder(tmp_path, "hubei-2023")
    rows = list(csv.DictReader((folder / "regions.csv").open(encoding="utf-8-sig")))
    for r in rows:
        r["tags"] = ""  # no region carries the preset's tags
    write_csv(folder / "regions.csv", rows)
    with pytest.raises(InputError) as err, texts.use("en"):
        load_scenario(folder)
    found = [(p.file, p.sheet, p.row, p.column) for p in err.value.problems]
    # rows as `fairplan presets show` prints them: the header is row 1
    assert found == [("preset hubei-2023", "rules", n, "scope") for n in (2, 3, 4)]


def test_an_unknown_preset_names_the_presets(tmp_path: Path) -> None:
    folder = preset_folder(tmp_path, "im-2024")
    (folder / "settings.csv").write_text("key,value\nname,x\npreset,im-2023\n", encoding="utf-8")
    with pytest.raises(InputError) as err, texts.use("en"):
        load_scenario(folder)
    [p] = err.value.problems
    assert (p.sheet, p.row, p.column) == ("settings", 3, "value")
    assert "no preset named im-2023" in p.message and "shandong-2024" in p.message


def test_without_a_preset_the_rules_and_kinds_sheets_are_required(tmp_path: Path) -> None:
    folder = preset_folder(tmp_path, "im-2024")
    (folder / "settings.csv").write_text(
        "key,value\nname,x\nstart,2024-07-01\nend,2024-07-31\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as err, texts.use("en"):
        load_scenario(folder)
    assert sorted(p.sheet for p in err.value.problems) == ["kinds", "rules"]


# --------------------------------------------------------------------------- binding cases


def _kinds(*specs: KindSpec) -> dict[str, KindSpec]:
    return {k.kind: k for k in specs}


SPEC = KindSpec("specialized", 3, 200, dt.time(9), dt.time(12), "workdays")
LIVE = KindSpec("livestream", 2, 0, dt.time(14), dt.time(16), "any", label="直播带岗", online=True,
                url="https://zhibo.example.cn/live")  # fmt: skip
CAMPUS = KindSpec("campus", 4, 500, dt.time(9), dt.time(16), "workdays", label="校园招聘会")


def test_a_subtree_total_forces_a_fair_into_a_county() -> None:
    """The city's only hall is closed all month: a total over the city and its county can
    only be met by the county, and counts the county's fair."""
    s = factory.tiny(
        rules=(
            Rule(
                "campus-1",
                "150100",
                "campus",
                "window",
                2,
                D(2024, 7, 3),
                D(2024, 7, 31),
                "shandong-2024 三(五)",
                "校园招聘活动",
                "subtree",
            ),
        ),  # fmt: skip
        kinds=_kinds(CAMPUS),
        venues={
            "HH-1": Venue(
                "HH-1",
                "150100",
                "大学体育馆",
                3000,
                unavailable=factory.days("2024-07-01", "2024-07-31"),
            ),
            "TM-1": Venue("TM-1", "150121", "县职教中心", 800),
        },
    )
    result = make_plan(s, time_limit=10, workers=2)
    assert result.rules_met and result.check.ok
    assert [(f.region_id, f.kind) for f in result.planned] == [("150121", "campus")] * 2
    [q] = requirements(s)
    assert q.regions == {"150100", "150121"} and result.check.counts == [2]
    # own-counting, the same rule cannot be met: nothing in the city itself
    own = replace(s, rules=(replace(s.rules[0], counts="own"),))
    short = make_plan(own, time_limit=10, workers=2)
    assert not short.planned and [x.rule_id for x in short.shortfalls] == ["campus-1"]
    assert "不可用" in short.shortfalls[0].reason  # the city's hall is closed every day


def test_an_online_fair_is_planned_on_a_day_every_venue_is_closed() -> None:
    closed = factory.days("2024-07-01", "2024-07-31")
    s = factory.tiny(
        rules=(Rule("live", "city", "livestream", "week", 1, D(2024, 7, 3), D(2024, 7, 31)),),
        kinds=_kinds(LIVE),
        venues={"HH-1": Venue("HH-1", "150100", "大厅", 3000, unavailable=closed)},
    )
    result = make_plan(s, time_limit=10, workers=2)
    assert result.rules_met and result.check.ok and len(result.planned) == 4
    for f in result.planned:
        assert (f.kind, f.venue_id, f.venue_name, f.pool_id, f.staff) == (
            "livestream",
            "",
            "",
            "P-HH",
            2,
        )


def test_a_kind_list_rule_counts_any_kind_it_lists() -> None:
    """specialized;livestream: the city has no room for specialized fairs, so livestreams
    meet it; a comprehensive fair, not listed, never does."""
    comp = KindSpec("comprehensive", 8, 1500, dt.time(9), dt.time(15), "any")
    s = factory.tiny(
        rules=(
            Rule(
                "weekly", "city", "specialized;livestream", "week", 1, D(2024, 7, 3), D(2024, 7, 31)
            ),
        ),
        kinds=_kinds(SPEC, LIVE, comp),
        venues={"HH-1": Venue("HH-1", "150100", "大厅", 3000, kinds=frozenset({"comprehensive"}))},
    )
    [q, *_] = requirements(s)
    assert q.kinds == {"specialized", "livestream"}
    assert q.counts("150100", "livestream", q.lo) and not q.counts("150100", "comprehensive", q.lo)
    result = make_plan(s, time_limit=10, workers=2)
    assert result.rules_met and {f.kind for f in result.planned} == {"livestream"}
    assert len(result.planned) == 4


# --------------------------------------------------------------------------- the checker


def _fair(**kw: object) -> ScheduledFair:
    base = dict(event_id="E1", region_id="150100", region_name="呼和浩特市", level="city",
                kind="livestream", theme="", date=D(2024, 7, 10), start=dt.time(14),
                end=dt.time(16), venue_id="", venue_name="", pool_id="P-HH", staff=2)  # fmt: skip
    base.update(kw)
    return ScheduledFair(**base)  # type: ignore[arg-type]


ONLINE = factory.tiny(
    rules=(Rule("live", "city", "livestream", "window", 1, D(2024, 7, 3), D(2024, 7, 31)),),
    kinds=_kinds(LIVE, SPEC),
)


@pytest.mark.parametrize(
    ("fair", "words"),
    [
        # an online fair names a venue
        (
            _fair(venue_id="HH-1", venue_name="呼和浩特市人力资源市场"),
            "an online livestream fair has venue HH-1",
        ),
        # a kind the scenario does not have
        (_fair(kind="campus"), "unknown kind"),
        # an onsite fair without a venue
        (_fair(kind="specialized", start=dt.time(9), end=dt.time(12), staff=3), "unknown venue"),
        # a venue that allows specialized fairs only
        (
            _fair(
                event_id="E2",
                kind="specialized",
                venue_id="HH-2",
                start=dt.time(9),
                end=dt.time(12),
                staff=3,
                date=D(2024, 7, 11),
            ),
            None,
        ),  # fmt: skip
    ],
)
def test_the_checker_rejects_what_the_new_rules_forbid(
    fair: ScheduledFair, words: str | None
) -> None:
    good = _fair(event_id="E0", date=D(2024, 7, 9))
    res = check(ONLINE, [good, fair])
    if words is None:  # legal, but no rule needs it: surplus
        assert not res.violations and res.surplus
    else:
        assert any(words in v for v in res.violations), res.violations
    assert not check(ONLINE, [good]).violations and not check(ONLINE, [good]).surplus


def test_the_checker_counts_a_subtree_and_finds_a_county_fair_needed() -> None:
    s = factory.tiny(
        rules=(
            Rule(
                "total",
                "150000",
                "any",
                "window",
                1,
                D(2024, 7, 3),
                D(2024, 7, 31),
                counts="subtree",
            ),
        ),
        kinds=_kinds(SPEC),
    )
    county = _fair(region_id="150121", region_name="土默特左旗", level="county", kind="specialized",
                   venue_id="TM-1", venue_name="土默特左旗就业服务站", start=dt.time(9), end=dt.time(12),
                   staff=3)  # fmt: skip
    res = check(s, [county])
    assert res.ok and res.counts == [1] and not res.short
    two = check(s, [county, replace(county, event_id="E2", date=D(2024, 7, 11))])
    assert len(two.surplus) == 2  # either one alone meets the total
    assert check(s, []).short and check(s, []).counts == [0]


# --------------------------------------------------------------------------- loading kinds


def test_kinds_sheet_reads_label_online_url_and_prefer(tmp_path: Path) -> None:
    folder = preset_folder(tmp_path, "im-2024")
    write_csv(
        folder / "kinds.csv",
        [
            {"kind": "campus", "label": "校园招聘会", "online": "", "url": "", "prefer": "周二;周四",
             "staff": "6", "min_capacity": "500", "start_time": "09:00", "end_time": "16:00", "days": "workdays"},
            {"kind": "livestream", "label": "", "online": "是", "url": "https://live.example.cn/a?b=1",
             "prefer": "none", "staff": "3", "min_capacity": "0", "start_time": "14:00", "end_time": "16:00",
             "days": ""},
        ],
    )  # fmt: skip
    s = load_scenario(folder)
    campus, live = s.kinds["campus"], s.kinds["livestream"]
    assert (campus.label, campus.online, campus.prefer, campus.prefer_weekdays) == (
        "校园招聘会",
        False,
        "list",
        frozenset({1, 3}),
    )
    assert live.online and live.url == "https://live.example.cn/a?b=1" and live.prefer == "none"
    assert live.label == ""  # the whole preset row is replaced, its label too
    spec = s.kinds["specialized"]  # the preset's row, as `presets show` prints it
    assert (spec.prefer, spec.prefer_weekdays) == ("list", frozenset({1, 2, 3}))


@pytest.mark.parametrize(
    ("sheet", "rows", "where", "words"),
    [
        # `any` is not a kind: in a rule it means every kind
        ("kinds", [{"kind": "不限", "staff": "1", "min_capacity": "0", "start_time": "09:00",
                    "end_time": "10:00"}], ("kinds", 2, "kind"), "cannot be a kind"),
        # a link that is not one
        ("kinds", [{"kind": "live", "online": "yes", "url": "javascript:alert(1)", "staff": "1",
                    "min_capacity": "0", "start_time": "09:00", "end_time": "10:00"}],
         ("kinds", 2, "url"), "is not a link"),
        # a venue for an online kind
        ("venues", [{"venue_id": "V1", "region_id": "150100", "name": "厅", "capacity": "100",
                     "kinds": "livestream"}], ("venues", 2, "kinds"), "online kind and uses no venue"),
        # an online fair with a venue
        ("events", [{"event_id": "E1", "region_id": "150100", "kind": "直播带岗", "date": "2024-07-10",
                     "venue_id": "V150100-1", "pool_id": "P-150100", "locked": "yes"}],
         ("events", 2, "venue_id"), "online kind and uses no venue"),
        # `any` inside a list
        ("rules", [{"rule_id": "r", "scope": "city", "kind": "specialized;any", "period": "week",
                    "min_count": "1"}], ("rules", 2, "kind"), "any cannot be listed"),
        # a counts word that is neither own nor subtree
        ("rules", [{"rule_id": "r", "scope": "city", "kind": "specialized", "period": "week",
                    "min_count": "1", "counts": "all"}], ("rules", 2, "counts"), "'all' is not valid"),
    ],
)  # fmt: skip
def test_bad_kinds_name_their_cell(
    tmp_path: Path, sheet: str, rows: list[dict[str, str]], where: tuple[str, int, str], words: str
) -> None:
    folder = preset_folder(tmp_path, "im-2024")
    write_csv(folder / f"{sheet}.csv", rows)
    with pytest.raises(InputError) as err, texts.use("en"):
        load_scenario(folder)
    got = [(p.sheet, p.row, p.column, p.message) for p in err.value.problems]
    assert [g[:3] for g in got if g[:3] == where], got
    assert any(words in g[3] for g in got if g[:3] == where), got


def test_other_sheets_name_a_kind_by_its_label(tmp_path: Path) -> None:
    folder = preset_folder(tmp_path, "im-2024")
    write_csv(
        folder / "rules.csv",
        [{"rule_id": "r", "scope": "city", "kind": "直播带岗;社区招聘会", "period": "month", "min_count": "1"}],
    )  # fmt: skip
    s = load_scenario(folder)
    assert next(r for r in s.rules if r.rule_id == "r").kind == "livestream;community"


def test_region_and_kind_regions_of_requirements() -> None:
    s = factory.tiny(
        regions={
            **factory.tiny().regions,
            "150122": Region("150122", "托克托县", "county", "150100"),
        },
        rules=(
            Rule("t", "city", "any", "window", 1, D(2024, 7, 3), D(2024, 7, 31), counts="subtree"),
        ),
        pools={"P-HH": StaffPool("P-HH", "局", ("150100",), 10)},
    )
    [q] = requirements(s)
    assert q.subtree and q.regions == {"150100", "150121", "150122"}
