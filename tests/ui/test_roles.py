"""The three roles (and the admin) in the app: what each sees and may change on every page
— through AppTest, with accounts made in a temporary store by `identity.Accounts` and a
session token put into `session_state` (one test signs in through the form). The browser,
with the sign-in cookie, is tests/ui/test_browser.py.

The scenario is the worked example plus a second city, 包头市 150200, with its own venue
and staff pool, so a bureau of 呼和浩特市 has a neighbour it must not see or write.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from db import Database
from identity import Accounts, Sessions, User
from monitor.authorized import AuthorizedStore
from monitor.compliance import judge
from monitor.reconcile import reconcile
from monitor.records import Record
from monitor.store import RecordStore
from publish.plans import PlanStore
from scheduler.model import Scenario
from scheduler.plan import PlanResult, make_plan
from scheduler.scenario import load_scenario
from tests.ui.conftest import APP, TINY, plain, stored
from ui import nav
from ui.auth import SESSION_KEY
from ui.views import records as record_views

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


def user(acc: Accounts, name: str) -> User:
    found = Sessions(acc).user(Sessions(acc).start(User(name, "planner")).token)
    assert found is not None
    return found


@pytest.fixture
def published(accounts: Accounts, plan: PlanResult, two_cities: Path, db: str) -> int:
    """The two cities' plan, stored and published by the planner."""
    planner = user(accounts, "plan01")
    with Database(db) as database:
        plans = PlanStore(database)
        plan_id = plans.save(plan, two_cities, planner).plan_id
        plans.publish(plan_id, planner)
    return plan_id


def app_as(
    acc: Accounts | None, name: str | None, page: str | None = None, **query: str
) -> AppTest:
    """The app, signed in as `name` (None: nobody), on `page` (None: the role's home page)."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, val in query.items():
        at.query_params[k] = val
    if acc is not None and name is not None:
        at.session_state[SESSION_KEY] = Sessions(acc).start(user(acc, name)).token
    at.run()
    if page is not None:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements: object) -> list[str]:
    """What the user reads (markdown escapes of `ui.safety.md` undone)."""
    return [plain(e.value) for e in elements]  # type: ignore[attr-defined]


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    for d in at.dataframe:
        if set(columns) <= set(d.value.columns):
            return d.value
    raise AssertionError(f"no table with {columns}")


# --- open mode and the gate -------------------------------------------------------------


def test_no_accounts_opens_in_open_mode_with_the_notice(db: str) -> None:
    at = app_as(None, None)
    assert at.title[0].value == "制定计划"  # straight in: a fresh install needs no sign-in
    assert any(s.startswith("单机模式：尚无账户") for s in texts(at.sidebar.info))
    assert not at.button(key="start").disabled  # open mode plans


def test_auth_required_shows_the_sign_in_page_even_without_accounts(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIRPLAN_AUTH", "required")
    at = app_as(None, None)
    assert texts(at.title) == ["登录"]
    assert "fairplan users add NAME --role admin" in at.warning[0].value
    assert not any(s.startswith("单机模式") for s in texts(at.sidebar.info))


def test_with_accounts_an_anonymous_session_sees_only_the_sign_in_form(
    accounts: Accounts,
) -> None:
    for page in (None, "versions", "fairs", "ledger", "compliance", "records", "accounts"):
        at = app_as(accounts, None, page)
        assert texts(at.title) == ["登录"], page
        assert [i.label for i in at.text_input] == ["用户名", "密码"]
        assert not at.dataframe and not at.metric and not at.get("file_uploader")


def test_sign_in_through_the_form_then_out(accounts: Accounts, plan: PlanResult) -> None:
    at = app_as(accounts, None)
    at.text_input[0].input("hohhot")
    at.text_input[1].input("wrong password 1")
    at.button[0].click().run()  # the form's submit button
    assert at.error[0].value.startswith("用户名或密码错误")
    at.text_input[0].input("hohhot")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.title[0].value == "招聘会与订阅"  # a bureau lands on its region's fairs
    assert any("hohhot" in c.value for c in at.sidebar.caption)
    at.session_state["plan"] = plan
    at.button(key="fairplan_logout").click().run()
    assert texts(at.title) == ["登录"]
    assert "plan" not in at.session_state  # the next person does not inherit the session


# --- navigation per role ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "pages", "home"),
    [
        ("planner", {"plan", "versions", "edit", "fairs", "reconcile", "compliance", "records"},
         "plan"),
        ("bureau", {"fairs", "ledger", "compliance", "records"}, "fairs"),
        ("inspector", {"versions", "fairs", "reconcile", "compliance", "records"}, "reconcile"),
        ("admin", {"versions", "fairs", "reconcile", "compliance", "records", "accounts"},
         "accounts"),
    ],
)  # fmt: skip
def test_each_role_sees_its_own_pages(role: str, pages: set[str], home: str) -> None:
    someone = User("x", role, "150100" if role == "bureau" else None)  # type: ignore[arg-type]
    assert {p.name for p in nav.allowed(someone)} == pages
    assert nav.home(someone).name == home


@pytest.mark.parametrize(
    ("name", "page"), [("hohhot", "versions"), ("hohhot", "plan"), ("dc01", "ledger"),
                       ("plan01", "accounts"), ("dc01", "edit")],
)  # fmt: skip
def test_a_page_opened_without_the_right_says_why(accounts: Accounts, name: str, page: str) -> None:
    at = app_as(accounts, name, page)
    (warning,) = texts(at.warning)
    assert warning.startswith("此页不对你的角色") and "需要“" in warning
    assert not at.dataframe and not at.get("file_uploader") and not at.metric
    assert [b.key for b in at.button if b.key] in ([], ["fairplan_logout"])


# --- 招聘会与订阅 a bureau's published fairs ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "feeds"),
    [
        ("hohhot", ["150100", "150121"]),  # the city and its county, not the province's feed
        ("baotou", ["150200"]),
        ("dc01", ["150000", "150100", "150121", "150200"]),  # the link's province feed
    ],
)
def test_published_fairs_and_feeds_of_the_users_regions_only(
    accounts: Accounts, published: int, plan: PlanResult, name: str, feeds: list[str]
) -> None:
    at = app_as(accounts, name, "fairs", region="150000")  # a shared link to the province
    region = at.selectbox(key="feed_region")
    assert [label.split()[-1] for label in region.options] == feeds
    assert region.value == feeds[0]  # the province's link opens a bureau's own feed instead
    assert not at.get("file_uploader")  # no upload: the fairs come from the store
    regions = set(table(at, "地区编号", "场地")["地区编号"])  # the plan's fairs table
    assert regions <= set(feeds) and regions
    assert len(table(at, "日历订阅链接", "网址")) == len(feeds)  # every region's links


# --- 台账 the ledger -----------------------------------------------------------------------

MIXED = (
    "record_id,region_id,kind,date,status\n"
    "H1,150100,specialized,2024-07-04,held\n"
    "B1,150200,specialized,2024-07-04,held\n"
    "B2,150200,specialized,2024-07-11,held\n"
)


def test_scope_is_validated_before_save_and_summarised_regression(accounts: Accounts) -> None:
    """Regression (issue 10): a bureau's upload with rows outside its region was shown as
    "N 条记录全部通过校验" with a save button, then refused on save with one red box per
    row. Now: one summary, a table of the refused rows, no save button, nothing stored."""
    at = app_as(accounts, "hohhot", "ledger")
    at.file_uploader(key="records_file").set_value(
        ("7月.csv", MIXED.encode("utf-8"), "text/csv")
    ).run()
    assert not at.exception
    assert not [s for s in texts(at.success) if "通过校验" in s]
    errors = texts(at.error)
    assert errors[0].startswith("整个文件被拒绝，没有保存任何记录（2 / 3 行不在 150100")
    assert len(at.error) == 2  # the summary and the table's headline, not one box per row
    refused = table(at, "文件", "行", "问题")
    assert refused["行"].tolist() == [3, 4] and set(refused["文件"]) == {"7月.csv"}
    assert not [b for b in at.button if b.key == "store_upload"]
    assert stored(os.environ["FAIRPLAN_DB"]) == 0

    own = "\n".join(MIXED.splitlines()[:2]) + "\n"
    at.file_uploader(key="records_file").set_value(
        ("7月.csv", own.encode("utf-8"), "text/csv")
    ).run()
    assert "1 条记录全部通过校验。" in texts(at.success)
    at.button(key="store_upload").click().run()
    assert at.success[-1].value == "已保存：新增 1 条，更新 0 条，未变 0 条。"
    assert stored(os.environ["FAIRPLAN_DB"]) == 1


def test_the_ledger_lists_the_bureaus_published_fairs_only(
    accounts: Accounts, published: int, plan: PlanResult
) -> None:
    at = app_as(accounts, "baotou", "ledger")
    (ledger,) = at.data_editor
    mine = [f for f in plan.planned if f.region_id == "150200"]
    assert sorted(ledger.value.index) == sorted(f.event_id for f in mine)
    assert at.selectbox(key="ledger_region").options == ["全部", "包头市 150200"]


def test_marking_a_fair_reported_by_file_does_not_double_count_regression(
    accounts: Accounts, published: int, plan: PlanResult, scenario: Scenario, db: str
) -> None:
    """Regression (issue 10): marking in the app a fair already reported by file created a
    second record of it, and the weekly report counted it twice. The ledger shows the
    file's record on its fair — matched by event_id, or by region, kind and date when the
    file had none — and saving the mark updates that record."""
    hohhot = user(accounts, "hohhot")
    # two specialized fairs: the weekly count below reads them (any two fairs of the plan
    # were taken before, and another optimal plan put a comprehensive fair among them)
    first, second = [
        f for f in plan.planned if f.region_id == "150100" and f.kind == "specialized"
    ][:2]
    with RecordStore(db) as store:
        AuthorizedStore(store, hohhot).store_records(
            [
                Record(
                    "F1",
                    first.region_id,
                    first.kind,
                    first.date,
                    "held",
                    event_id=first.event_id,
                    employers=30,
                ),
                Record("F2", second.region_id, second.kind, second.date, "held", employers=20),
            ],  # fmt: skip
            source="7月.csv",
        )
    at = app_as(accounts, "hohhot", "ledger")
    at.toggle(key="ledger_only_due").set_value(False).run()
    (shown,) = at.data_editor
    frame = shown.value
    assert frame.loc[first.event_id, "record_id"] == "F1"
    assert frame.loc[second.event_id, "record_id"] == "F2"  # matched without an event_id
    assert frame.loc[second.event_id, "employers"] == 20

    # the bureau corrects both counts in the ledger and saves (what the page does)
    with RecordStore(db) as store:
        records = AuthorizedStore(store, hohhot).records()
        fairs = [f for f in plan.planned if f.region_id in ("150100", "150121")]
        rows = reconcile(fairs, records)
        by_id = {r.record_id: r for r in records}
        matched = {r.event_id: by_id[r.record_id] for r in rows if r.record_id in by_id}
        original = record_views.ledger_frame(fairs, matched, dt.date(2030, 1, 1), "zh")
        edited = original.copy()
        edited.loc[first.event_id, "employers"] = 31
        edited.loc[second.event_id, "employers"] = 21
        marks, problems = record_views.ledger_marks(
            edited, original, {f.event_id: f for f in fairs}, matched, "zh"
        )
        assert problems == [] and len(marks) == 2
        summary = AuthorizedStore(store, hohhot).mark(marks)
        assert (summary.inserted, summary.replaced) == (0, 2)
        after = AuthorizedStore(store, hohhot).records()
    assert sorted(r.record_id for r in after) == ["F1", "F2"]  # still one record per fair
    assert {r.record_id: r.employers for r in after} == {"F1": 31, "F2": 21}
    assert next(r for r in after if r.record_id == "F2").event_id == second.event_id
    weekly = [r for r in judge(scenario, after, dt.date(2030, 1, 1)) if r.region_id == "150100"
              and r.kind == "specialized"]  # fmt: skip
    assert sum(r.held for r in weekly) == 2  # two fairs held, counted once each


def test_ledger_rows_without_a_status_are_refused_with_their_fair(plan: PlanResult) -> None:
    fairs = plan.planned[:2]
    original = record_views.ledger_frame(fairs, {}, dt.date(2030, 1, 1), "zh")
    edited = original.copy()
    edited.loc[fairs[0].event_id, "attendees"] = 100  # a number but no status
    edited.loc[fairs[1].event_id, "status"] = "已取消"
    marks, problems = record_views.ledger_marks(
        edited, original, {f.event_id: f for f in fairs}, {}, "zh"
    )
    assert [m.status for m in marks] == ["cancelled"]
    assert len(problems) == 1 and "没有选择状态" in problems[0].message
    assert str(fairs[0].date) in problems[0].message


# --- 达标情况 Compliance, 计划与实际 Plan vs actual ----------------------------------------------


def test_bureau_compliance_shows_only_its_regions(accounts: Accounts) -> None:
    hohhot = user(accounts, "hohhot")
    with RecordStore(os.environ["FAIRPLAN_DB"]) as store:
        writer = AuthorizedStore(store, hohhot)
        writer.store_records([Record("H1", "150100", "specialized", dt.date(2024, 7, 4), "held")])
    # a shared link naming the other city falls back to all of the bureau's own
    at = app_as(accounts, "hohhot", "compliance", as_of="2024-08-15", city="150200")
    assert at.selectbox(key="f_city").options == ["全部", "呼和浩特市"]
    assert at.selectbox(key="f_city").value == ""
    assert set(table(at, "地区编号", "灯")["地区编号"]) == {"150100", "150121"}
    assert "呼和浩特市" in at.info[0].value  # the scope is said

    inspector = app_as(accounts, "dc01", "compliance", as_of="2024-08-15")
    assert set(table(inspector, "地区编号", "灯")["地区编号"]) == {"150100", "150121", "150200"}
    # the same page, same store version, another scope: not served from the bureau's cache
    baotou = app_as(accounts, "baotou", "compliance", as_of="2024-08-15")
    assert set(table(baotou, "地区编号", "灯")["地区编号"]) == {"150200"}
    assert baotou.selectbox(key="f_city").options == ["全部", "包头市"]


def test_the_inspector_sees_plan_vs_actual_of_every_region(
    accounts: Accounts, published: int, plan: PlanResult
) -> None:
    hohhot = user(accounts, "hohhot")
    held = [f for f in plan.planned if f.region_id == "150100"][:2]
    with RecordStore(os.environ["FAIRPLAN_DB"]) as store:
        AuthorizedStore(store, hohhot).store_records(
            [
                Record(f"E-{f.event_id}", f.region_id, f.kind, f.date, "held", event_id=f.event_id)
                for f in held
            ]  # fmt: skip
        )
    at = app_as(accounts, "dc01")  # an inspector lands on plan vs actual
    assert at.title[0].value == "计划与实际"
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["计划且已举办"] == 2
    assert metrics["计划但未上报"] == len(plan.planned) - 2  # every other fair is past
    assert set(table(at, "地区编号", "计划且已举办")["地区编号"]) == {"150100", "150121", "150200"}


def test_only_admins_are_told_where_the_database_is(accounts: Accounts, db: str) -> None:
    """Regression (issue 11): the app showed the database URL to every user."""
    for name, shown in (("hohhot", False), ("dc01", False), ("plan01", False), ("admin", True)):
        at = app_as(accounts, name, "records")
        captions = " ".join(texts(at.caption))
        assert (db in captions) is shown, (name, captions)


@pytest.mark.parametrize("name", ["dc01", "plan01", "admin", "hohhot"])
def test_records_page_is_read_only_with_the_audit_trail(accounts: Accounts, name: str) -> None:
    hohhot = user(accounts, "hohhot")
    with RecordStore(os.environ["FAIRPLAN_DB"]) as store:
        AuthorizedStore(store, hohhot).store_records(
            [Record("H1", "150100", "specialized", dt.date(2024, 7, 4), "held")], source="7月.csv"
        )
    at = app_as(accounts, name, "records")
    assert not at.get("file_uploader")
    trail = table(at, "操作人", "操作", "记录编号", "来源文件")
    assert trail[["操作人", "操作", "记录编号", "来源文件"]].values.tolist() == [
        ["hohhot", "新增", "H1", "7月.csv"]
    ]
    assert stored(os.environ["FAIRPLAN_DB"]) == 1


def test_only_planners_plan(accounts: Accounts) -> None:
    assert not app_as(accounts, "plan01").button(key="start").disabled
    for name in ("hohhot", "dc01", "admin"):
        at = app_as(accounts, name, "plan")
        assert not [b for b in at.button if b.key == "start"], name


# --- 账户 Accounts --------------------------------------------------------------------------


def test_the_admin_adds_and_disables_an_account(accounts: Accounts) -> None:
    at = app_as(accounts, "admin")
    assert at.title[0].value == "账户"
    assert set(table(at, "用户名", "角色")["用户名"]) == {
        "admin",
        "hohhot",
        "baotou",
        "dc01",
        "plan01",
    }
    at.text_input(key="new_name").input("ordos")
    at.selectbox(key="new_role").set_value("bureau")
    at.selectbox(key="new_region").set_value("150200")
    at.text_input(key="new_password").input("ordos password 1")
    next(b for b in at.button if b.label == "新增账户").click().run()
    assert not at.exception
    assert "已新增账户 ordos。" in texts(at.success)
    admin = user(accounts, "admin")
    assert {a.username: a.region_id for a in accounts.accounts(admin)}["ordos"] == "150200"
    at.selectbox(key="change_name").set_value("ordos").run()
    at.button(key="toggle_disabled").click().run()
    assert next(a for a in accounts.accounts(admin) if a.username == "ordos").disabled
