"""Every page as a reader of one language sees it (issue 14): in Chinese no English word but
ids, codes and names; in English no Chinese but names (of regions, venues, scenarios,
policy documents). Through AppTest, on a published plan and stored records: what a page
says — titles, captions, messages, metrics, widget labels and the options they offer,
tabs, and every table's headers as shown (a column's configured label where it has one)
and the words of its cells.

Scope: the pages as they open (the plan page before a solve: its result is
test_pages.py's); cell values are checked in Chinese for the words a value table
translates (kinds, statuses, actions), not for what a user typed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db import Database
from identity import User
from monitor.records import parse_sheet, read_records
from monitor.store import RecordStore
from publish.plans import PlanStore
from scheduler import policy, presets
from scheduler.model import Scenario
from scheduler.plan import PlanResult
from tests.language import chinese_chars, english_words
from tests.ui.conftest import APP, RECORDS_CSV, TINY, plain

PAGES = ("plan", "versions", "edit", "fairs", "ledger", "reconcile", "compliance", "records",
         "accounts")  # fmt: skip

#: ids and names a Chinese page shows as they are: the tiny scenario's name, rule, staff and
#: user ids, sheet and column names a user types into a file, calendar programs, settings keys
_IDS = """
    tiny local root weekly monthly county P-HH settings preset rules kinds webcal Outlook
    Thunderbird zip NAME users add admin role region_id kind date status record_id event_id
    venue employers positions attendees name start end timezone holidays CN Asia Shanghai
    """
IDS = frozenset(_IDS.split())


def _markup(text: str) -> str:
    """What a reader sees of Streamlit markdown: no code spans (commands typed as they are),
    colour directives or icons."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r":material/[a-z_]+:", " ", text)
    return re.sub(r":(?:red|orange|green|gray|grey|blue|violet|rainbow)\[", "[", text)


def _headers(element: object) -> list[str]:
    """A table's headers as shown: a column's configured label, else its name."""
    frame = element.value  # type: ignore[attr-defined]
    config = json.loads(getattr(element.proto, "columns", "") or "{}")  # type: ignore[attr-defined]
    shown = []
    for c in frame.columns:
        conf = config.get(str(c), {})
        if conf.get("hidden"):
            continue
        shown.append(str(conf.get("label") or c))
    return shown


def shown(at: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a page shows that these tests read."""
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success",
                 "warning", "error"):  # fmt: skip
        for e in getattr(at, kind):
            yield kind, _markup(plain(str(e.value)))
    for m in at.metric:
        yield "metric", _markup(f"{m.label} {m.value}")
    for kind in ("button", "download_button", "number_input", "date_input", "toggle",
                 "checkbox", "text_input", "file_uploader"):  # fmt: skip
        for e in at.get(kind):
            yield kind, str(getattr(e, "label", "") or getattr(e.proto, "label", ""))
    for kind in ("radio", "selectbox", "multiselect"):
        for e in getattr(at, kind):
            yield kind, " ".join([e.label, *map(str, e.options)])
    for e in (*at.tabs, *at.expander):
        yield "tab", str(e.label)
    for d in at.dataframe:
        yield "table headers", " | ".join(_headers(d))


def cells(at: AppTest, column: str) -> list[str]:
    """The distinct values of every shown column headed `column`."""
    out: set[str] = set()
    for d in at.dataframe:
        if column in d.value.columns:
            out |= {str(x) for x in d.value[column].dropna()}
    return sorted(out)


@pytest.fixture
def stocked(db: str, tiny_plan: PlanResult, tmp_path: Path) -> Scenario:
    """The tiny plan published and the worked example's records stored (read from a file in
    a server folder, as `fairplan records import` does)."""
    with Database(db) as database:
        plans = PlanStore(database)
        plan_id = plans.save(tiny_plan, TINY, User.open_mode()).plan_id
        plans.publish(plan_id, User.open_mode())
    path = tmp_path / "server" / "uploads" / "records.csv"
    path.parent.mkdir(parents=True)
    path.write_text(RECORDS_CSV, encoding="utf-8")
    scenario = tiny_plan.scenario
    with RecordStore(db) as store:
        store.store(parse_sheet(read_records(path), scenario.regions, kinds=scenario.kinds),
                    source=str(path))  # fmt: skip
    return scenario


def open_page(name: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = lang
    at = at.run().switch_page(f"app_pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def names(scenario: Scenario) -> list[str]:
    """What stays Chinese in English: the names of places, venues, the scenario, policy
    documents and the presets' rules."""
    documents = [d.title for d in policy.documents()]
    cited = [p.policy_document().cited() for p in presets.list()]
    return [
        scenario.name,
        *(r.name for r in scenario.regions.values()),
        *(v.name for v in scenario.venues.values()),
        *documents,
        *cited,
        *(label for label in _rule_citations(scenario)),
    ]


def _rule_citations(scenario: Scenario) -> list[str]:
    from ui.views.plan import rule_labels

    return [re.sub(r"^[^(（]*[(（]|[)）]$", "", x) for x in rule_labels(scenario).values()]


@pytest.mark.parametrize("name", PAGES)
def test_a_chinese_page_shows_no_english_but_ids(stocked: Scenario, name: str) -> None:
    at = open_page(name, "zh")
    found = {
        (where, text): words for where, text in shown(at) if (words := english_words(text, IDS))
    }
    assert not found, found


@pytest.mark.parametrize("name", PAGES)
def test_an_english_page_shows_no_chinese_but_names(stocked: Scenario, name: str) -> None:
    at = open_page(name, "en")
    allowed = names(stocked)
    found = {
        (where, text): chars for where, text in shown(at) if (chars := chinese_chars(text, allowed))
    }
    assert not found, found


def test_the_objective_weights_are_labelled_in_words(stocked: Scenario) -> None:
    at = open_page("plan", "zh")
    labels = {n.label for n in at.number_input if n.key and n.key.startswith("w_")}
    assert "改期或取消一场（每场）" in labels and len(labels) == 10
    assert not any("weight_" in label for label in labels)


def test_the_audit_trail_says_when_in_local_time_what_in_words_and_no_server_path(
    stocked: Scenario,
) -> None:
    at = open_page("records", "zh")
    assert cells(at, "操作") == ["新增"]
    assert cells(at, "来源文件") == ["records.csv"]
    (when,) = {w for w in cells(at, "时间")}  # one import, one minute
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when), when
    at = open_page("versions", "zh")
    details = cells(at, "详情")
    assert any(re.fullmatch(r"场景 #1 · \d+ 场", d) for d in details), details
    assert not any("{" in d or "null" in d for d in details), details


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_plan_page_after_a_solve_speaks_one_language(
    tiny_default: Path, tiny: Scenario, lang: str
) -> None:
    """The result of a solve (metrics, tabs, tables, downloads) in the page's language only:
    the pages as they open are scanned above; this is what a planner reads after 开始规划."""
    import time

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = lang
    at = at.run()
    at.number_input(key="time_limit").set_value(5.0)
    at.button(key="start").click().run()
    deadline = time.monotonic() + 120
    while at.session_state["job"] is not None:
        assert time.monotonic() < deadline, "the solve did not finish"
        time.sleep(0.3)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric, "the result is shown"
    if lang == "zh":
        found = {(w, t): x for w, t in shown(at) if (x := english_words(t, IDS))}
    else:
        allowed = names(tiny)
        found = {(w, t): x for w, t in shown(at) if (x := chinese_chars(t, allowed))}
    assert not found, found
