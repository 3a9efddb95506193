"""The whole service in a real headless Chromium, signed in (issue 10): one `fairplan serve`
process per module — the app, its sign-in routes and the published plan's feeds on one
port — with an admin, a planner, 呼和浩特市's bureau and an inspector in its store.

Debian's `chromium`, driven by Playwright for Python through `executable_path` — never a
downloaded browser; every page also checks that it asked nothing of any host but the
service's own (closed networks). A real calendar client (vdirsyncer + khal) follows the
served feed before and after a re-plan is published. Screenshots of each role's main page
go to tests/artifacts/ (git-ignored).

The tests share the server and run in file order: the flow of issue 10's "done when"
first, then what the other tests need of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from db import Database
from identity import Accounts
from monitor.compliance import STATUS_NAMES_ZH as STATUS_ZH
from monitor.compliance import judge
from monitor.store import RecordStore
from publish.plans import PlanStore
from scheduler.samples import sample_path
from scheduler.scenario import load_scenario
from tests.ui.browser import open_page, require_chromium, streamlit_server
from tests.ui.conftest import ROOT
from ui.safety import WORD_JOINER
from ui.views.compliance import status_counts

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "tests" / "artifacts"
PASSWORDS = {
    "admin": "admin password 1",
    "plan01": "planner password 1",
    "hohhot": "hohhot password 1",
    "dc01": "inspector password 1",
}
#: the ledger's column widths (ui/app_pages/ledger.py) up to the columns a bureau fills in
LEDGER_STATUS_X = 70 + 100 + 100 + 100
LEDGER_ROW, LEDGER_HEADER = 35, 35
SOLVE_SECONDS = "6"


class Service:
    def __init__(self, base: str, db: Path, tmp: Path) -> None:
        self.base, self.db, self.tmp = base, db, tmp

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    require_chromium()
    tmp = tmp_path_factory.mktemp("service")
    db = tmp / "fairplan.db"
    with Database(str(db)) as database:
        acc = Accounts(database)
        admin = acc.add("admin", "admin", PASSWORDS["admin"])
        acc.load_regions(load_scenario(sample_path("csv")).regions.values(), actor=admin)
        acc.add("plan01", "planner", PASSWORDS["plan01"], actor=admin)
        acc.add("hohhot", "bureau", PASSWORDS["hohhot"], region_id="150100", actor=admin)
        acc.add("dc01", "inspector", PASSWORDS["dc01"], actor=admin)

    def command(port: int) -> list[str]:
        # the public URL is the service itself: the links a bureau gets must work
        return [sys.executable, "-m", "ui.cli", "serve", "--host", "127.0.0.1", "--port",
                str(port), "--feeds-port", str(port), "--db", str(db), "--public-url",
                f"http://127.0.0.1:{port}"]  # fmt: skip

    env = {"FAIRPLAN_SCENARIO": None, "FAIRPLAN_PUBLIC_URL": None, "FAIRPLAN_FEEDS_URL": None,
           "FAIRPLAN_DB": None, "FAIRPLAN_AUTH": None}  # fmt: skip
    with streamlit_server(tmp, command, env, cwd=ROOT) as base:
        yield Service(base, db, tmp)


@pytest.fixture
def page(browser: Any, service: Service) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open_page(browser, service.base) as pg:
        yield pg


def shot(pg: Any, name: str) -> None:
    idle(pg)
    pg.wait_for_timeout(800)  # let Vega and the tables finish drawing
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def idle(pg: Any) -> None:
    pg.wait_for_selector("[data-testid=stApp]")
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000
    )


def sign_in(pg: Any, service: Service, name: str, path: str = "/") -> None:
    pg.goto(service.base + path)
    pg.get_by_role("heading", name="登录", exact=True).wait_for()
    pg.get_by_label("用户名").fill(name)
    pg.get_by_label("密码").fill(PASSWORDS[name])
    pg.get_by_role("button", name="登录").click()
    pg.get_by_text(re.compile(f"^已登录：{name}")).wait_for()


def sign_out(pg: Any) -> None:
    pg.locator("[data-testid=stSidebar]").get_by_role("button", name="退出登录").click()
    pg.get_by_role("heading", name="登录", exact=True).wait_for()


@contextmanager
def as_user(browser: Any, service: Service, name: str, path: str = "/") -> Iterator[Any]:
    with open_page(browser, service.base) as pg:
        sign_in(pg, service, name, path)
        yield pg


def plan_in_browser(pg: Any) -> None:
    """On the plan page: a short time limit, 开始规划, wait for the stored result."""
    limit = pg.get_by_label("时间上限（秒）")
    limit.fill(SOLVE_SECONDS)
    limit.press("Enter")
    idle(pg)
    pg.get_by_role("button", name="开始规划").click()
    pg.get_by_text(re.compile("正在建模|求解中")).first.wait_for()
    pg.get_by_role("heading", name="计划结果", exact=True).wait_for(timeout=120_000)
    pg.get_by_text(re.compile(r"^已保存为草稿 #\d+")).wait_for()
    idle(pg)


def publish_in_browser(pg: Any, service: Service, plan_id: int) -> None:
    pg.goto(f"{service.base}/versions")
    pg.get_by_role("heading", name="版本", exact=True).wait_for()
    idle(pg)
    shown = pg.get_by_role("combobox", name="版本", exact=True)
    shown.click()
    pg.get_by_role("option", name=re.compile(f"^#{plan_id} ")).click()
    idle(pg)
    pg.get_by_text(f"我确认发布计划 #{plan_id}").click()
    pg.get_by_role("button", name=f"发布 #{plan_id}").click()
    pg.get_by_text(f"已发布计划 #{plan_id}。").wait_for()


def published_feed(service: Service, region: str, after: bytes | None = None) -> bytes:
    """The served feed; with `after`, once it has changed (the feeds poll the store)."""
    for _ in range(100):
        status, body = service.get(f"/feeds/{region}.ics")
        if status == 200 and body != after:
            return body
        time.sleep(0.2)
    raise AssertionError(f"the feed of {region} did not change")


def events(feed: bytes) -> dict[str, dict[str, str]]:
    """Each VEVENT's properties (DTSTAMP left out: the time the feed was written)."""
    out = {}
    for ev in Calendar.from_ical(feed).walk("VEVENT"):
        props = {str(k): _ical(v) for k, v in ev.items() if k != "DTSTAMP"}
        out[str(ev["X-FAIRPLAN-EVENT-ID"])] = props
    return out


def _ical(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(_ical(v) for v in value)
    return value.to_ical().decode() if hasattr(value, "to_ical") else str(value)


def follower(root: Path, url: str) -> Any:
    from tests.calendars.test_subscription import KHAL, VDIRSYNCER, Subscriber

    if VDIRSYNCER is None or KHAL is None:
        pytest.skip("vdirsyncer and khal are not installed")
    return Subscriber(root, url)


def khal_rows(sub: Any) -> list[str]:
    from tests.calendars.test_subscription import KHAL

    out = sub._run(KHAL, "-c", str(sub.khal_conf), "list", "2024-07-01", "2024-12-31",
                   "--format", "{start}|{end}|{status}|{title}|{location}", "--day-format", "")  # fmt: skip
    return sorted(line for line in out.splitlines() if line.strip())


def mark_two_held(pg: Any, counts: Sequence[tuple[int, int, int]]) -> None:
    """In the ledger (a data editor in a form: no rerun between edits), the first fairs:
    employers, positions and attendees, then status 已举办. Each cell is selected, opened
    with Enter, typed into and closed with Enter (typing into a cell not yet open loses
    the first key)."""
    grid = pg.locator("[data-testid=stDataFrame]").first
    grid.wait_for()
    idle(pg)

    def enter(row: int, dx: float, typed: str) -> None:
        # the grid's place is read again before each click: the page above it may still
        # move (a click meant for the first row once hit the header and sorted the grid)
        box = grid.bounding_box()
        assert box is not None
        x = box["x"] + LEDGER_STATUS_X + 45 + dx  # the status column, 90 px wide
        y = box["y"] + LEDGER_HEADER + LEDGER_ROW * row + LEDGER_ROW / 2
        pg.mouse.click(x, y)
        pg.wait_for_timeout(300)
        pg.keyboard.press("Enter")
        pg.wait_for_timeout(300)
        pg.keyboard.type(typed)
        pg.wait_for_timeout(300)
        pg.keyboard.press("Enter")
        pg.wait_for_timeout(300)

    for row, numbers in enumerate(counts):
        for i, number in enumerate(numbers):  # the count columns, 100 px wide each
            enter(row, 45 + 50 + 100 * i, str(number))
        enter(row, 0, "已举办")


def close_venue(tmp: Path, venue: str, start: dt.date, end: dt.date) -> list[str]:
    """The sample's CSV files with `venue` closed from `start` to `end` (what a planner
    uploads after a venue tells the bureau it is closed for two weeks)."""
    folder = tmp / "closed"
    shutil.copytree(sample_path("csv"), folder)
    venues = folder / "venues.csv"
    lines = venues.read_text(encoding="utf-8-sig").splitlines()
    out = []
    for line in lines:
        cells = line.split(",")
        if cells[0] == venue:
            assert cells[5] == "", cells
            cells[5] = f"{start}..{end}"
        out.append(",".join(cells))
    venues.write_text("\n".join(out) + "\n", encoding="utf-8")
    return sorted(str(p) for p in folder.glob("*.csv"))


# --- issue 10, done when ---------------------------------------------------------------------


def test_issue_10_done_when_plan_publish_follow_report_hold_to_account_replan(
    browser: Any, service: Service
) -> None:
    """A planner plans the sample in the browser and publishes it; 呼和浩特市's bureau signs
    in and sees only its region's fairs, with feed links served by the same service, and
    marks two of them held; the inspector sees exactly those two as held and the other past
    fairs as not reported; after the planner closes a venue for two weeks, re-plans and
    publishes, the served feed shows the moved fairs with SEQUENCE raised and nothing else
    changed — and a real subscriber (vdirsyncer + khal) follows it."""
    # the planner plans the bundled sample and publishes it
    with as_user(browser, service, "plan01") as pg:
        pg.get_by_role("heading", name="制定计划", exact=True).wait_for()
        pg.get_by_text("已载入「内蒙古2024青年就业服务攻坚行动」").wait_for()
        pg.get_by_text("将从头制定新计划").wait_for()  # nothing published yet
        plan_in_browser(pg)
        assert pg.get_by_text("全部满足", exact=True).count() == 1
        shot(pg, "planner_plan")
        publish_in_browser(pg, service, 1)
        shot(pg, "planner_versions")
    with Database(str(service.db)) as database:
        plans = PlanStore(database)
        first = plans.get(1, None)
    feed_before = published_feed(service, "150100")
    hohhot_ids = set(load_scenario(sample_path("csv")).descendants("150100"))
    assert {e for e in events(feed_before)} == {
        f.event_id for f in first.fairs if f.region_id in hohhot_ids
    }
    sub = follower(service.tmp / "bureau-calendar", f"{service.base}/feeds/150100.ics")
    sub.sync()
    calendar_before = khal_rows(sub)
    assert len(calendar_before) == len(events(feed_before))

    # the bureau: its region's fairs, links served by this service, two fairs marked held
    with as_user(browser, service, "hohhot") as pg:
        pg.get_by_role("heading", name="招聘会与订阅", exact=True).wait_for()
        sidebar = pg.locator("[data-testid=stSidebarNav]")
        names = [t.split("\n")[-1] for t in sidebar.get_by_role("link").all_inner_texts()]
        assert sorted(names) == sorted(
            ["招聘会与订阅", "台账", "达标情况", "记录与审计"]
        )  # the bureau's own pages, nothing of the planner's
        link = pg.locator("[data-testid=stCode]").first.inner_text().strip()
        assert link == f"{service.base}/feeds/150100.ics"
        with urllib.request.urlopen(link, timeout=10) as r:  # served by the same service
            assert r.read() == feed_before
        pg.locator("[data-testid=stImage] img").first.wait_for()  # the QR code
        pg.get_by_role("tab", name="下载与发布").click()
        with pg.expect_download() as dl:
            pg.get_by_role("button", name="下载计划（CSV）").click()
        rows = Path(dl.value.path()).read_text(encoding="utf-8-sig").splitlines()[1:]
        assert rows and {r.split(",")[1] for r in rows} <= hohhot_ids  # its region only
        shot(pg, "bureau_fairs")
        pg.goto(f"{service.base}/ledger")
        pg.get_by_role("heading", name="台账", exact=True).wait_for()
        mark_two_held(pg, [(31, 120, 450), (27, 96, 380)])
        shot(pg, "bureau_ledger_marked")
        pg.get_by_role("button", name="保存台账").click()
        pg.get_by_text("已保存：新增 2 条，更新 0 条，未变 0 条。").wait_for()
        shot(pg, "bureau_ledger")
    with RecordStore(str(service.db)) as store:
        held = store.records()
    assert len(held) == 2 and {r.status for r in held} == {"held"}
    assert {(r.employers, r.positions, r.attendees) for r in held} == {
        (31, 120, 450),
        (27, 96, 380),
    }
    marked = {r.event_id for r in held}

    # the inspector: exactly those two held, every other (past) fair not reported
    with as_user(browser, service, "dc01") as pg:
        pg.get_by_role("heading", name="计划与实际", exact=True).wait_for()
        pg.get_by_text("计划且已举办").first.wait_for()
        idle(pg)
        metrics = dict(
            m.inner_text().strip().split("\n", 1)[::1][:2]  # label, value
            for m in pg.locator("[data-testid=stMetric]").all()
        )
        metrics = {k.strip(): v.strip() for k, v in metrics.items()}
        planned = sum(1 for f in first.fairs if f.planned)
        assert metrics.get("计划且已举办") == "2", metrics
        assert metrics["计划但未上报"] == str(planned - 2)  # the sample's year is past
        assert metrics["举办但未列入计划"] == "0"
        shot(pg, "inspector_reconcile")
        # beside it, the red/yellow/green view of the same selection counts the two marks
        pg.get_by_role("link", name="同一范围的达标情况（红黄绿）").click()
        pg.get_by_role("heading", name="地区 × 周期", exact=True).wait_for()
        idle(pg)
        lights = {
            label.split()[-1]: int(value)
            for label, value in (m.inner_text().strip().rsplit("\n", 1)
                                 for m in pg.locator("[data-testid=stMetric]").all())
        }  # fmt: skip
        query = urllib.parse.parse_qs(urllib.parse.urlparse(pg.url).query)
        today = dt.datetime.now(ZoneInfo(first.scenario.settings.timezone)).date()
        as_of = dt.date.fromisoformat(query["as_of"][0]) if "as_of" in query else today
        expected = status_counts(judge(first.scenario, held, as_of))
        assert lights == {STATUS_ZH[k]: n for k, n in expected.items()}, lights
        assert expected["met"] > status_counts(judge(first.scenario, [], as_of))["met"]
        shot(pg, "inspector_compliance_after_marks")

    # the planner closes a venue for two weeks, re-plans against the published plan, publishes
    venue = next(f.venue_id for f in first.fairs if f.region_id == "150100" and f.planned
                 and f.event_id not in marked)  # fmt: skip
    at_venue = sorted(f.date for f in first.fairs if f.venue_id == venue and f.planned)
    start = at_venue[len(at_venue) // 2] - dt.timedelta(days=at_venue[len(at_venue) // 2].weekday())
    end = start + dt.timedelta(days=13)
    closed = {f.event_id for f in first.fairs if f.venue_id == venue and f.planned
              and start <= f.date <= end}  # fmt: skip
    assert closed
    files = close_venue(service.tmp, venue, start, end)
    with as_user(browser, service, "plan01") as pg:
        pg.get_by_text("上传工作簿或 CSV 文件").click()
        pg.locator("input[type=file]").first.set_input_files(files)
        pg.get_by_text(re.compile("第 2 版")).wait_for()  # kept in the store as version 2
        idle(pg)
        pg.get_by_text("将对照计划 #1").wait_for()  # the page says which plan the button makes
        plan_in_browser(pg)
        pg.get_by_text("基于 #1").first.wait_for()
        shot(pg, "planner_replan")
        # the result view says which fairs moved, and why: its changes, as downloaded
        with pg.expect_download() as dl:
            pg.get_by_role("button", name="下载变化明细（CSV）").click()
        listed = list(csv.DictReader(io.StringIO(
            Path(dl.value.path()).read_text(encoding="utf-8-sig"))))  # fmt: skip
        publish_in_browser(pg, service, 2)
    with Database(str(service.db)) as database:
        plans = PlanStore(database)
        second = plans.get(2, None)
        assert second.info.based_on == 1
    old = {f.event_id: f for f in first.fairs}
    moved = {f.event_id for f in second.fairs if old.get(f.event_id) != f}
    assert closed <= moved  # every fair at the closed venue moved …
    said = {r["event_id"]: r for r in listed if r["status"] != "kept"}
    assert set(said) == moved  # … the re-plan's view listed exactly the changed fairs …
    assert all("不可用" in said[e]["reason"] for e in closed)  # … with the closure as why
    feed_after = published_feed(service, "150100", after=feed_before)
    before, after = events(feed_before), events(feed_after)
    assert set(after) == set(before)  # nothing added or dropped
    changed = {e for e in after if after[e] != before[e]}
    assert changed == moved & set(after)  # … and the feed changed where the plan did, only
    for e in changed:
        assert int(after[e]["SEQUENCE"]) == int(before[e].get("SEQUENCE", "0")) + 1, e
    sub.sync()
    calendar_after = khal_rows(sub)
    assert len(calendar_after) == len(calendar_before)
    gone = set(calendar_before) - set(calendar_after)
    assert len(gone) == len(changed)  # the subscriber sees the moved fairs, nothing else
    items = sub.items()
    for e in changed:
        assert f"SEQUENCE:{after[e]['SEQUENCE']}" in items[e]


# --- signing in -------------------------------------------------------------------------------


def test_f5_keeps_the_sign_in_regression(page: Any, service: Service) -> None:
    """Regression (issue 10): reloading the page (F5) signed the user out."""
    sign_in(page, service, "dc01", "/compliance?as_of=2024-09-30")
    page.get_by_role("heading", name="达标情况", exact=True).wait_for()
    assert "as_of=2024-09-30" in page.url  # the shared link's page and filters survive
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["fairplan_session"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    assert session["value"] not in page.url
    assert page.evaluate("document.cookie").find("fairplan_session") == -1  # no script sees it
    page.reload()
    page.get_by_role("heading", name="达标情况", exact=True).wait_for()
    page.get_by_text(re.compile("^已登录：dc01")).wait_for()
    sign_out(page)
    page.reload()
    page.get_by_role("heading", name="登录", exact=True).wait_for()  # signed out for good
    assert "fairplan_session" not in {c["name"] for c in page.context.cookies()}


def test_a_wrong_password_is_said_and_signs_nobody_in(page: Any, service: Service) -> None:
    page.goto(service.base)
    page.get_by_label("用户名").fill("hohhot")
    page.get_by_label("密码").fill("not the password")
    page.get_by_role("button", name="登录").click()
    page.get_by_text(re.compile("^用户名或密码错误")).wait_for()
    page.get_by_role("heading", name="登录", exact=True).wait_for()
    assert "fairplan_session" not in {c["name"] for c in page.context.cookies()}


def test_the_sign_in_route_refuses_a_form_from_another_site(service: Service) -> None:
    """Login CSRF: a form on another site must not sign a browser in (or out)."""
    form = urllib.parse.urlencode(
        {"username": "hohhot", "password": PASSWORDS["hohhot"], "next": "/"}
    ).encode()

    def post(path: str, origin: str | None) -> tuple[int, Any]:
        req = urllib.request.Request(service.base + path, data=form, method="POST")
        if origin:
            req.add_header("Origin", origin)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        try:
            with urllib.request.build_opener(NoRedirect).open(req, timeout=10) as r:
                return r.status, r.headers
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers

    for origin in ("http://evil.example", None, "null"):
        status, headers = post("/session/login", origin)
        assert status == 403 and "set-cookie" not in {k.lower() for k in headers}, origin
    assert post("/session/logout", "http://evil.example")[0] == 403
    status, headers = post("/session/login", service.base)
    assert status == 303
    cookie = headers["set-cookie"]
    assert "fairplan_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "fairplan_session" not in headers["location"]  # the token never goes in a URL


def test_a_page_without_the_right_says_why(page: Any, service: Service) -> None:
    sign_in(page, service, "hohhot", "/versions")
    page.get_by_text(re.compile("^此页不对你的角色（地区人社局）开放")).wait_for()
    assert page.locator("[data-testid=stDataFrame]").count() == 0


# --- what the pages show ------------------------------------------------------------------------


def test_the_table_toolbar_offers_no_csv_download_regression(page: Any, service: Service) -> None:
    """Regression (issue 11): the dataframe toolbar's CSV download is written by the browser,
    past the spreadsheet-safe writer, so a cell `=HYPERLINK(…)` became a live formula.
    The toolbar keeps search and full screen, not the download; the page's own exports
    remain."""
    sign_in(page, service, "dc01", "/records")
    page.get_by_role("heading", name="记录与审计", exact=True).wait_for()
    table = page.locator("[data-testid=stDataFrame]").first
    table.wait_for()
    idle(page)
    table.hover()
    page.get_by_role("button", name="Search").first.wait_for()  # the toolbar is there
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    page.get_by_role("button", name="导出记录（CSV）").wait_for()


def test_compliance_heatmap_and_evidence(page: Any, service: Service) -> None:
    sign_in(page, service, "dc01", "/compliance?as_of=2024-09-30&level=city"
                                   "&rule=city-weekly-specialized")  # fmt: skip
    page.get_by_role("heading", name="地区 × 周期", exact=True).wait_for()
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.wait_for()
    idle(page)
    assert page.get_by_text("未达标").count() >= 1
    shot(page, "inspector_compliance")
    # a click on a cell selects it: its evidence shows and the URL carries it for sharing
    canvas = chart.locator("canvas, svg").first
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.45)
    page.wait_for_url(re.compile(r"[?&]cell=15\d{4}(%40|@)2024-"))
    page.get_by_role("heading", name=re.compile("^依据：")).wait_for()


def test_switch_language(page: Any, service: Service) -> None:
    sign_in(page, service, "admin")
    page.get_by_role("heading", name="账户", exact=True).wait_for()
    shot(page, "admin_accounts")
    page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Accounts", exact=True).wait_for()
    page.wait_for_url(re.compile(r"[?&]lang=en"))
    page.get_by_role("link", name="Compliance").click()
    page.get_by_role("heading", name="Compliance", exact=True).first.wait_for()
    page.get_by_role("heading", name="Region × period", exact=True).wait_for()
    shot(page, "english_compliance")


def test_options_survive_a_new_upload_and_the_page_says_which_plan_it_makes_regression(
    page: Any, service: Service
) -> None:
    """Regression (issue 10): after switching the scenario source to an upload, the re-plan
    box showed unchecked while its panel stayed open, and an uploaded previous schedule
    silently gave a fresh plan. The time limit stays as chosen and the page says, for the
    scenario now chosen, which plan the button makes."""
    tiny = sorted(str(p) for p in (ROOT / "tests" / "data" / "tiny").glob("*.csv"))
    sign_in(page, service, "plan01")
    page.get_by_text("已载入「内蒙古2024青年就业服务攻坚行动」").wait_for()
    limit = page.get_by_label("时间上限（秒）")
    limit.fill("7")
    limit.press("Enter")
    idle(page)
    page.get_by_text("将对照计划 #2").wait_for()  # the published plan, same scenario name
    page.get_by_text("上传工作簿或 CSV 文件").click()
    page.get_by_text("请上传场景文件。").wait_for()
    page.locator("input[type=file]").first.set_input_files(tiny)
    page.get_by_text("已载入「tiny」").wait_for()
    idle(page)
    assert page.get_by_label("时间上限（秒）").input_value() == "7.00"
    # tiny is another scenario than the published plan's: a fresh plan, and it says so
    page.get_by_text("将从头制定新计划").wait_for()


def test_names_are_shown_as_typed_not_as_markdown_regression(
    page: Any, service: Service, tmp_path: Path
) -> None:
    """Regression (issue 11): the app rendered names as markdown (a scenario name in
    `**…**` came out bold, a `[link](…)` as a link)."""
    hostile = tmp_path / "hostile"
    shutil.copytree(ROOT / "tests" / "data" / "tiny", hostile)
    settings = (hostile / "settings.csv").read_text(encoding="utf-8")
    name = "**粗体** [点我](http://example.invalid) :red[红]"
    (hostile / "settings.csv").write_text(
        settings.replace("name,tiny", f'name,"{name}"'), encoding="utf-8"
    )
    sign_in(page, service, "plan01")
    page.get_by_text("上传工作簿或 CSV 文件").click()
    page.locator("input[type=file]").first.set_input_files(
        sorted(str(p) for p in hostile.glob("*.csv"))
    )
    loaded = page.locator("[data-testid=stAlertContainer]", has_text="已载入").first
    loaded.wait_for()
    assert f"已载入「{name}」" in loaded.inner_text().replace(WORD_JOINER, "")
    main = page.locator("[data-testid=stMain]")
    assert main.locator("a[href='http://example.invalid']").count() == 0
    assert main.locator("strong", has_text="粗体").count() == 0
