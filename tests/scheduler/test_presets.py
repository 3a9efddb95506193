"""The policy presets (scheduler.presets) and their reporting rhythms (scheduler.rhythm)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import texts
from scheduler import policy, presets
from scheduler.errors import InputError
from scheduler.rhythm import Due, Rhythm, describe, dues, next_due

NAMES = ["im-2024", "jilin-2022", "hubei-2023", "im-2022-2025", "shandong-2024"]
# CONTRACT §6 identifiers, written out here independently of the code
ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def test_every_preset_loads_in_the_order_of_the_collection() -> None:
    assert [p.name for p in presets.list()] == NAMES
    assert presets.names() == NAMES
    for p in presets.list():
        assert presets.get(p.name) is p
        assert p.rules and p.kinds and p.title("zh") and p.title("en") and p.description("en")
        assert p.policy_document().code == p.document


def test_get_ignores_case_and_blanks() -> None:
    assert presets.get("  IM-2024 ").name == "im-2024"


def test_a_typo_is_a_clear_input_error_naming_the_valid_names() -> None:
    with pytest.raises(InputError) as err, texts.use("en"):
        presets.get("im-2025")
    (problem,) = err.value.problems
    assert "im-2025" in problem.message
    for name in NAMES:
        assert name in problem.message
    assert err.value.exit_code == 2


@pytest.mark.parametrize("name", NAMES)
def test_every_source_resolves_to_a_catalogued_clause_of_its_document(name: str) -> None:
    p = presets.get(name)
    sources = [r.source for r in p.rules] + [r.source for r in p.reporting]
    sources += [n.source for n in p.notes] + [t.source for t in p.tags] + [p.horizon_source]
    for source in sources:
        cs = policy.resolve(source)
        assert cs, source
        for c in cs:
            assert c.resolved, source
            assert c.document is not None and c.document.code == p.document, source
    # every rule cites a clause that sets a number (not a reference-only clause)
    for r in p.rules:
        assert all(c.provision and c.provision.quantitative for c in policy.resolve(r.source))


@pytest.mark.parametrize("name", NAMES)
def test_rules_rows_have_exactly_the_contract_columns_and_valid_values(name: str) -> None:
    p = presets.get(name)
    kinds = {k["kind"] for k in presets.kinds_rows(p)}
    tags = {t.name for t in p.tags}
    rows = presets.rules_rows(p)
    assert rows
    for row in rows:
        assert list(row) == list(presets.RULE_COLUMNS)
        assert set(row) == {
            # CONTRACT §2
            *("rule_id", "scope", "kind", "period", "min_count", "start", "end", "source"),
            # CONTRACT §6
            *("name", "counts"),
        }
        assert all(isinstance(v, str) for v in row.values())
        assert ID.match(row["rule_id"]) and row["rule_id"] not in (".", "..")
        assert row["name"].strip()
        scope = row["scope"]
        assert scope in ("province", "city", "county") or (
            scope.startswith("tag:") and scope[4:] in tags
        ), scope
        assert row["kind"] == "any" or set(row["kind"].split(";")) <= kinds, row["kind"]
        assert row["period"] in ("week", "month", "quarter", "window")
        assert int(row["min_count"]) >= 1
        assert row["counts"] in ("own", "subtree")
        for key in ("start", "end"):
            if row[key]:
                assert p.start <= dt.date.fromisoformat(row[key]) <= p.end
    assert len({r["rule_id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("name", NAMES)
def test_kinds_rows_have_exactly_the_contract_columns_and_valid_values(name: str) -> None:
    rows = presets.kinds_rows(presets.get(name))
    days = re.compile(
        r"^(workdays|weekends|any|(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(;(Mon|Tue|Wed|Thu|Fri|Sat|Sun))*)$"
    )
    for row in rows:
        assert list(row) == list(presets.KIND_COLUMNS)
        assert set(row) == {
            *("kind", "staff", "min_capacity", "start_time", "end_time", "days"),  # §2
            *("label", "online", "prefer"),  # §6
        }
        assert ID.match(row["kind"]) and row["kind"] != "any"
        assert row["label"].strip() and row["online"] in ("yes", "no")
        assert int(row["staff"]) >= 1 and int(row["min_capacity"]) >= 0
        assert row["start_time"] < row["end_time"]
        assert days.match(row["days"]) and (row["prefer"] == "" or days.match(row["prefer"]))
        if row["online"] == "yes":
            assert row["min_capacity"] == "0"  # an online fair needs no hall
    assert len({r["kind"] for r in rows}) == len(rows)


def test_title_citations_read_back_to_the_same_clauses() -> None:
    for p in presets.list():
        for coded, titled in zip(
            presets.rules_rows(p), presets.rules_rows(p, cite="title"), strict=True
        ):
            assert titled["source"].startswith("《")
            a, b = policy.resolve(coded["source"]), policy.resolve(titled["source"])
            assert [c.provision for c in a] == [c.provision for c in b]


def _rules(name: str) -> dict[str, dict[str, str]]:
    return {r["rule_id"]: r for r in presets.rules_rows(presets.get(name))}


def test_the_quantities_of_the_texts() -> None:
    """The numbers each clause states, as the issue lists them."""
    im = _rules("im-2024")
    assert (
        im["city-weekly-specialized"]["period"],
        im["city-weekly-specialized"]["min_count"],
    ) == ("week", "1")
    assert (
        im["city-monthly-comprehensive"]["period"],
        im["city-monthly-comprehensive"]["kind"],
    ) == (
        "month",
        "comprehensive",
    )
    four = _rules("im-2022-2025")
    total = four["key-groups-200"]
    assert (total["scope"], total["period"], total["min_count"], total["counts"]) == (
        "province",
        "window",
        "200",
        "subtree",
    )
    assert (total["start"], total["end"]) == ("2022-01-01", "2025-12-31")
    assert (four["city-weekly"]["scope"], four["city-weekly"]["period"]) == ("city", "week")
    assert (four["county-monthly"]["scope"], four["county-monthly"]["period"]) == (
        "county",
        "month",
    )
    sd = _rules("shandong-2024")
    assert (sd["campus-50"]["kind"], sd["campus-50"]["min_count"], sd["campus-50"]["counts"]) == (
        "campus",
        "50",
        "subtree",
    )
    assert (sd["double-selection-8"]["kind"], sd["double-selection-8"]["min_count"]) == (
        "double_selection",
        "8",
    )
    online = {k["kind"]: k for k in presets.kinds_rows(presets.get("shandong-2024"))}
    assert online[sd["online-alongside"]["kind"]]["online"] == "yes"
    hb = _rules("hubei-2023")
    assert hb["graduate-city-weekly-specialized"]["scope"] == "tag:毕业生集中"
    assert hb["jobless-youth-touring"]["scope"] == "tag:失业青年集中"
    assert hb["jobless-youth-touring"]["kind"] == "touring"
    jl = _rules("jilin-2022")
    assert {r["kind"] for r in jl.values()} >= {"specialized", "comprehensive", "online"}


def test_horizons_of_the_texts() -> None:
    spans = {p.name: (p.start.isoformat(), p.end.isoformat()) for p in presets.list()}
    assert spans["im-2024"] == ("2024-07-01", "2024-12-31")  # 二 行动时间 2024年7月—12月
    assert spans["jilin-2022"] == ("2022-07-01", "2022-12-31")  # 三 2022年7-12月
    assert spans["im-2022-2025"] == ("2022-01-01", "2025-12-31")


def test_every_preset_notes_what_it_leaves_out() -> None:
    for p in presets.list():
        assert p.notes, p.name
        for n in p.notes:
            assert n.zh.strip() and n.en.strip()


# --------------------------------------------------------------------------- rhythms


def _rhythm(name: str, report: str) -> Rhythm:
    return next(r.rhythm for r in presets.get(name).reporting if r.id == report)


def test_jilin_progress_table_every_thursday_before_close_of_business() -> None:
    r = _rhythm("jilin-2022", "weekly-progress-table")
    # the first table is due on 7 July (a Thursday), as 保障措施(四) says
    assert next_due(r, dt.date(2022, 7, 1)) == Due(
        dt.datetime(2022, 7, 7, 17, 0), (dt.date(2022, 7, 1), dt.date(2022, 7, 7))
    )
    # a Friday → the next Thursday, 17:00, covering Friday to Thursday
    assert next_due(r, dt.date(2022, 9, 2)) == Due(
        dt.datetime(2022, 9, 8, 17, 0), (dt.date(2022, 9, 2), dt.date(2022, 9, 8))
    )
    # on the Thursday itself: still due that afternoon; after 17:00, next week's
    assert next_due(r, dt.datetime(2022, 9, 8, 16, 59)).due == dt.datetime(2022, 9, 8, 17, 0)
    assert next_due(r, dt.datetime(2022, 9, 8, 17, 1)).due == dt.datetime(2022, 9, 15, 17, 0)
    # the action ends in December: the last Thursday inside it is the last table
    assert next_due(r, dt.date(2022, 12, 29)).due == dt.datetime(2022, 12, 29, 17, 0)
    assert next_due(r, dt.date(2022, 12, 30)) is None
    assert len(dues(r, dt.date(2022, 7, 1), dt.date(2023, 12, 31))) == 26


def test_hubei_monthly_by_the_30th_and_february_by_its_last_day() -> None:
    r = _rhythm("hubei-2023", "monthly-progress")
    # the rhythm starts with the notice (17 April 2023)
    assert next_due(r, dt.date(2023, 4, 17)) == Due(
        dt.datetime(2023, 4, 30, 23, 59), (dt.date(2023, 4, 17), dt.date(2023, 4, 30))
    )
    # the 31st → the 30th of next month, covering from the 31st
    assert next_due(r, dt.date(2023, 5, 31)) == Due(
        dt.datetime(2023, 6, 30, 23, 59), (dt.date(2023, 5, 31), dt.date(2023, 6, 30))
    )
    # February has no 30th: "by the 30th" means by its last day, not in March
    february = Rhythm("month", day=30)
    assert next_due(february, dt.date(2023, 2, 28)) == Due(
        dt.datetime(2023, 2, 28, 23, 59), (dt.date(2023, 1, 31), dt.date(2023, 2, 28))
    )
    assert next_due(february, dt.date(2024, 2, 28)).due == dt.datetime(2024, 2, 29, 23, 59)
    assert next_due(february, dt.date(2023, 3, 1)) == Due(
        dt.datetime(2023, 3, 30, 23, 59), (dt.date(2023, 3, 1), dt.date(2023, 3, 30))
    )
    assert next_due(r, dt.date(2024, 1, 1)) is None


def test_inner_mongolia_quarterly_within_five_days_and_the_year_by_5_january() -> None:
    q = _rhythm("im-2022-2025", "quarterly-table")
    assert next_due(q, dt.date(2022, 1, 1)) == Due(
        dt.datetime(2022, 4, 5, 23, 59), (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    )
    assert next_due(q, dt.date(2022, 4, 5)).due == dt.datetime(2022, 4, 5, 23, 59)
    assert next_due(q, dt.date(2022, 4, 6)) == Due(
        dt.datetime(2022, 7, 5, 23, 59), (dt.date(2022, 4, 1), dt.date(2022, 6, 30))
    )
    # the last quarter of 2025 is reported after the horizon, in January 2026
    assert next_due(q, dt.date(2025, 12, 31)) == Due(
        dt.datetime(2026, 1, 5, 23, 59), (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    )
    assert next_due(q, dt.date(2026, 1, 6)) is None
    assert len(dues(q, dt.date(2022, 1, 1), dt.date(2026, 12, 31))) == 16
    y = _rhythm("im-2022-2025", "annual-summary")
    assert next_due(y, dt.date(2023, 1, 6)) == Due(
        dt.datetime(2024, 1, 5, 23, 59), (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    )


def test_inner_mongolia_2024_year_end_report() -> None:
    r = _rhythm("im-2024", "year-end-report")
    # 六(三): after the action, by the end of the year; the action covers July–December
    assert next_due(r, dt.date(2024, 7, 1)) == Due(
        dt.datetime(2024, 12, 31, 23, 59), (dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    )
    assert next_due(r, dt.date(2025, 1, 1)) is None


def test_shandong_sets_no_rhythm() -> None:
    assert presets.get("shandong-2024").reporting == ()


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"every": "fortnight", "days_after": 1}, "not a period"),
        ({"every": "week"}, "no deadline"),
        ({"every": "week", "weekday": 3, "days_after": 1}, "two deadlines"),
        ({"every": "month", "weekday": 3}, "a weekday goes with weeks"),
        ({"every": "week", "weekday": 7}, "no eighth weekday"),
        ({"every": "month", "day": 32}, "no 32nd"),
        ({"every": "quarter", "days_after": -1}, "before the period ends"),
        (
            {
                "every": "year",
                "days_after": 0,
                "start": dt.date(2024, 2, 1),
                "end": dt.date(2024, 1, 1),
            },
            "ends before it starts",
        ),
    ],
)
def test_a_rhythm_that_makes_no_sense_is_refused(kwargs: dict, why: str) -> None:
    with pytest.raises(ValueError):
        Rhythm(**kwargs)


def test_rhythms_in_words() -> None:
    with texts.use("zh"):
        assert describe(_rhythm("jilin-2022", "weekly-progress-table")) == "每周四 17:00 前"
    with texts.use("en"):
        assert describe(_rhythm("jilin-2022", "weekly-progress-table")) == "every Thursday by 17:00"
        assert "5 days after each quarter" in describe(_rhythm("im-2022-2025", "quarterly-table"))


# --------------------------------------------------------------------------- bad files


def _raw(name: str) -> dict:
    import tomllib
    from importlib.resources import files

    return tomllib.loads(
        files("scheduler").joinpath(f"data/presets/{name}.toml").read_text("utf-8")
    )


@pytest.mark.parametrize(
    ("table", "key", "value", "column"),
    [
        ("rules", "rule_id", "weekly fair", "rule_id"),  # a space: not a §6 identifier
        ("rules", "kind", "campus", "kind"),  # a kind the preset does not define
        ("rules", "kind", "specialized;nope", "kind"),  # one kind of a list undefined
        ("rules", "scope", "tag:nowhere", "scope"),  # a tag the preset does not document
        ("rules", "period", "fortnight", "period"),
        ("rules", "min_count", 0, "min_count"),
        ("rules", "counts", "all", "counts"),
        ("rules", "source", "市政府会议纪要", "source"),  # must cite a catalogued clause
        ("rules", "start", dt.date(2020, 1, 1), "start"),  # outside the horizon
        ("kinds", "online", "yes", "online"),  # TOML booleans, not text
        ("kinds", "days", "Mon;Funday", "days"),
        ("kinds", "end_time", "08:00", "end_time"),  # before start_time
        ("kinds", "staff", 0, "staff"),
        ("reporting", "weekday", "Thursday", "every"),  # Mon..Sun only
    ],
)
def test_a_broken_preset_file_is_reported_with_its_place(
    table: str, key: str, value: object, column: str
) -> None:
    raw = _raw("jilin-2022")
    raw[table][1 if table != "reporting" else 0][key] = value
    problems: list = []
    assert presets._Reader("jilin-2022.toml", "jilin-2022", problems).preset(raw) is None
    assert problems, (table, key, value)
    p = problems[0]
    assert (p.file, p.sheet, p.column) == ("jilin-2022.toml", table, column)
    assert p.row == (3 if table != "reporting" else 2)  # entry n is sheet row n + 1


def test_a_preset_file_must_be_named_after_its_preset() -> None:
    problems: list = []
    assert presets._Reader("x.toml", "x", problems).preset(_raw("im-2024")) is None
    assert problems and problems[0].column == "name"


def test_two_rules_with_one_id_are_refused() -> None:
    raw = _raw("im-2024")
    raw["rules"][1]["rule_id"] = raw["rules"][0]["rule_id"]
    problems: list = []
    assert presets._Reader("im-2024.toml", "im-2024", problems).preset(raw) is None
    assert [(p.sheet, p.row, p.column) for p in problems] == [("rules", 3, "rule_id")]
