"""Roles in the app (issue 7 wired into issue 5): open mode, the sign-in gate, and what
each role sees and may change on every page — through AppTest, with accounts made in a
temp store by `identity.Accounts` and a session token put into `session_state`
(one test signs in through the form).

The scenario is the worked example plus a second city, 包头市 150200, with its own venue
and staff pool, so a bureau of 呼和浩特市 has a neighbour it must not see or write.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db import Database
from identity import Accounts, Sessions, User
from monitor.authorized import AuthorizedStore
from monitor.records import Record
from monitor.store import RecordStore
from scheduler.model import Scenario
from scheduler.plan import PlanResult, make_plan
from scheduler.scenario import load_scenario
from tests.ui.conftest import APP, TINY, plain, stored
from ui.auth import OPEN_MODE_NOTICE, SESSION_KEY

PASSWORD = "a long password 1"


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The worked example with 包头市 beside 呼和浩特市."""
    path = tmp_path_factory.mktemp("scenario") / "two-cities"
    shutil.copytree(TINY, path)
    extra = {
        "regions.csv": "150200,包头市,city,150000,\n",
        "venues.csv": "BT-1,150200,包头市人力资源市场,3000,,\n",
        "staff.csv": "P-BT,包头市就业服务局,150200,10,\n",
    }
    for name, line in extra.items():
        with (path / name).open("a", encoding="utf-8") as f:
            f.write(line)
    return path


@pytest.fixture(scope="module")
def scenario(two_cities: Path) -> Scenario:
    return load_scenario(two_cities)


@pytest.fixture(scope="module")
def plan(scenario: Scenario) -> PlanResult:
    return make_plan(scenario, time_limit=10, workers=1)


@pytest.fixture
def accounts(
    db: str, two_cities: Path, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> Accounts:
    """A store with an admin, the two cities' bureaus, an inspector and a planner."""
    monkeypatch.setenv("FAIRPLAN_SCENARIO", str(two_cities))
    acc = Accounts(Database(db))
    admin = acc.add("admin", "admin", PASSWORD)
    acc.load_regions(scenario.regions.values(), actor=admin)
    acc.add("hohhot", "bureau", PASSWORD, region_id="150100", actor=admin)
    acc.add("baotou", "bureau", PASSWORD, region_id="150200", actor=admin)
    acc.add("dc01", "inspector", PASSWORD, actor=admin)
    acc.add("plan01", "planner", PASSWORD, actor=admin)
    return acc


def app_as(
    acc: Accounts | None, name: str | None, page: str | None = None, **query: str
) -> AppTest:
    """The app, signed in as `name` (None: nobody), on `page` (None: the default page)."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, val in query.items():
        at.query_params[k] = val
    if acc is not None and name is not None:
        user = Sessions(acc).user(Sessions(acc).start(User(name, "planner")).token)
        assert user is not None
        at.session_state[SESSION_KEY] = Sessions(acc).start(user).token
    at.run()
    if page is not None:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements: object) -> list[str]:
    """What the user reads (markdown escapes of `ui.safety.md` undone)."""
    return [plain(e.value) for e in elements]  # type: ignore[attr-defined]


# --- open mode and the gate -------------------------------------------------------------


def test_no_accounts_opens_in_open_mode_with_the_notice(db: str) -> None:
    at = app_as(None, None)
    assert at.title[0].value == "制定计划"  # straight in: a fresh install needs no sign-in
    assert OPEN_MODE_NOTICE in texts(at.sidebar.info)
    assert not at.button(key="start").disabled  # open mode plans
    records = app_as(None, None, "records")
    assert "records_file" in [u.key for u in records.get("file_uploader")]


def test_auth_required_shows_the_sign_in_page_even_without_accounts(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIRPLAN_AUTH", "required")
    at = app_as(None, None)
    assert texts(at.title) == ["登录 Sign in"]
    assert "fairplan users add NAME --role admin" in at.warning[0].value
    assert OPEN_MODE_NOTICE not in texts(at.sidebar.info)


def test_with_accounts_an_anonymous_session_sees_only_the_sign_in_form(
    accounts: Accounts,
) -> None:
    for page in (None, "feeds", "compliance", "records"):
        at = app_as(accounts, None, page)
        assert texts(at.title) == ["登录 Sign in"], page
        assert [i.label for i in at.text_input] == ["用户名 Username", "密码 Password"]
        assert not at.dataframe and not at.metric and not at.get("file_uploader")
        assert OPEN_MODE_NOTICE not in texts(at.sidebar.info)


def test_sign_in_through_the_form_then_out(accounts: Accounts, plan: PlanResult) -> None:
    at = app_as(accounts, None)
    at.text_input[0].input("hohhot")
    at.text_input[1].input("wrong password 1")
    at.button[0].click().run()  # the form's submit button
    assert at.error[0].value.startswith("用户名或密码错误")
    at.text_input[0].input("hohhot")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.title[0].value == "制定计划"
    assert any("hohhot" in c.value for c in at.sidebar.caption)
    at.session_state["plan"] = plan
    at.button(key="fairplan_logout").click().run()
    assert texts(at.title) == ["登录 Sign in"]
    assert "plan" not in at.session_state  # the next person does not inherit the session


# --- 订阅 Feeds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "feeds"),
    [
        ("hohhot", ["150100", "150121"]),  # the city and its county, not the province's feed
        ("baotou", ["150200"]),
        ("dc01", ["150000", "150100", "150121", "150200"]),  # the link's province feed
    ],
)
def test_feeds_list_only_the_users_regions(
    accounts: Accounts, plan: PlanResult, name: str, feeds: list[str]
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["region"] = "150000"  # a shared link to the province's feed
    at.session_state["plan"] = plan
    user = Sessions(accounts).user(Sessions(accounts).start(User(name, "planner")).token)
    assert user is not None
    at.session_state[SESSION_KEY] = Sessions(accounts).start(user).token
    at.run()
    at.switch_page("app_pages/feeds.py").run()
    assert not at.exception
    region = at.selectbox(key="feed_region")
    assert [label.split()[-1] for label in region.options] == feeds
    assert region.value == feeds[0]  # the province's link opens a bureau's own feed instead
    assert len(at.dataframe[-1].value) == len(feeds)  # every region's links


def test_a_bureau_without_a_plan_uploads_the_published_schedule(
    accounts: Accounts, plan: PlanResult, tmp_path: Path
) -> None:
    from scheduler.schedule import write_csv

    path = tmp_path / "schedule.csv"
    write_csv(list(plan.fairs), path)
    at = app_as(accounts, "baotou", "feeds")
    assert at.info[0].value == "请先在“规划”页制定计划。"
    at.file_uploader(key="feeds_schedule").set_value(
        ("schedule.csv", path.read_bytes(), "text/csv")
    ).run()
    assert not at.exception
    assert [r.split()[-1] for r in at.selectbox(key="feed_region").options] == ["150200"]


# --- 合规 Compliance --------------------------------------------------------------------


def test_bureau_compliance_shows_only_its_regions(accounts: Accounts) -> None:
    hohhot = Sessions(accounts).user(Sessions(accounts).start(User("hohhot", "planner")).token)
    assert hohhot is not None
    with RecordStore(os.environ["FAIRPLAN_DB"]) as store:
        writer = AuthorizedStore(store, hohhot)
        writer.store_records([Record("H1", "150100", "specialized", dt.date(2024, 7, 4), "held")])
    # a shared link naming the other city falls back to all of the bureau's own
    at = app_as(accounts, "hohhot", "compliance", as_of="2024-08-15", city="150200")
    assert at.selectbox(key="f_city").options == ["全部", "呼和浩特市"]
    assert at.selectbox(key="f_city").value == ""
    assert set(at.dataframe[-1].value["region_id"]) == {"150100", "150121"}
    assert "呼和浩特市" in at.info[0].value  # the scope is said

    inspector = app_as(accounts, "dc01", "compliance", as_of="2024-08-15")
    assert set(inspector.dataframe[-1].value["region_id"]) == {
        "150100",
        "150121",
        "150200",
    }
    # the same page, same store version, another scope: not served from the bureau's cache
    baotou = app_as(accounts, "baotou", "compliance", as_of="2024-08-15")
    assert set(baotou.dataframe[-1].value["region_id"]) == {"150200"}
    assert baotou.selectbox(key="f_city").options == ["全部", "包头市"]


# --- 上报 Records -----------------------------------------------------------------------

MIXED = (
    "record_id,region_id,kind,date,status\n"
    "H1,150100,specialized,2024-07-04,held\n"
    "B1,150200,specialized,2024-07-04,held\n"
)


def test_bureau_is_refused_another_citys_record_and_nothing_is_stored(
    accounts: Accounts,
) -> None:
    at = app_as(accounts, "hohhot", "records")
    at.file_uploader(key="records_file").set_value(
        ("7月.csv", MIXED.encode("utf-8"), "text/csv")
    ).run()
    assert at.success[0].value == "2 条记录全部通过校验。"  # valid records, wrong region
    at.button(key="store_upload").click().run()
    assert not at.exception
    errors = texts(at.error)
    assert any(e.startswith("7月.csv，第 3 行，列 region_id:") and "150200" in e for e in errors)
    assert any("没有保存任何记录" in e for e in errors)
    assert stored(os.environ["FAIRPLAN_DB"]) == 0  # refused as a whole: the store is unchanged

    own = "\n".join(MIXED.splitlines()[:2]) + "\n"
    at.file_uploader(key="records_file").set_value(
        ("7月.csv", own.encode("utf-8"), "text/csv")
    ).run()
    at.button(key="store_upload").click().run()
    assert at.success[-1].value == "已保存：新增 1 条，更新 0 条，未变 0 条。"
    assert stored(os.environ["FAIRPLAN_DB"]) == 1


def test_bureau_marks_only_its_own_fairs(accounts: Accounts, plan: PlanResult) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["plan"] = plan
    user = Sessions(accounts).user(Sessions(accounts).start(User("baotou", "planner")).token)
    assert user is not None
    at.session_state[SESSION_KEY] = Sessions(accounts).start(user).token
    at.run()
    at.switch_page("app_pages/records.py").run()
    assert at.selectbox(key="mark_city").options == ["包头市 150200"]


@pytest.mark.parametrize("name", ["dc01", "plan01", "admin"])
def test_roles_that_may_not_write_records_see_read_only_and_the_audit_trail(
    accounts: Accounts, name: str
) -> None:
    hohhot = Sessions(accounts).user(Sessions(accounts).start(User("hohhot", "planner")).token)
    assert hohhot is not None
    with RecordStore(os.environ["FAIRPLAN_DB"]) as store:
        AuthorizedStore(store, hohhot).store_records(
            [Record("H1", "150100", "specialized", dt.date(2024, 7, 4), "held")], source="7月.csv"
        )
    at = app_as(accounts, name, "records")
    assert at.info[0].value.startswith("你只有查看权限")
    assert not at.get("file_uploader")
    assert [b.key for b in at.button] == ["fairplan_logout"]  # nothing to store or mark
    trail = at.dataframe[0].value
    assert trail[["操作人", "操作", "记录编号", "来源文件"]].values.tolist() == [
        ["hohhot", "inserted", "H1", "7月.csv"]
    ]
    assert stored(os.environ["FAIRPLAN_DB"]) == 1


def test_only_planners_plan(accounts: Accounts) -> None:
    assert not app_as(accounts, "plan01").button(key="start").disabled
    for name in ("hohhot", "dc01"):
        at = app_as(accounts, name)
        assert at.button(key="start").disabled, name
        assert "规划需要规划员账户" in at.info[0].value


def test_only_admins_are_told_where_the_database_is(accounts: Accounts, db: str) -> None:
    """Regression (issue 11): the app showed the database URL to every user."""
    for name, shown in (("hohhot", False), ("dc01", False), ("plan01", False), ("admin", True)):
        at = app_as(accounts, name, "compliance")
        captions = " ".join(texts(at.caption))
        assert (db in captions) is shown, (name, captions)
