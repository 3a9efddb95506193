"""End to end in a real headless Chromium (issue 5): `streamlit run` as `fairplan ui` starts it.

Debian's `chromium` (installed by the CI script), driven by Playwright for Python
through `executable_path` — never a downloaded browser. Every test also checks
that the page asked nothing of any host but the app's own (closed networks).
Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.browser import open_page, require_chromium, streamlit_server
from tests.ui.conftest import ROOT
from ui.commands.app import streamlit_command
from ui.safety import WORD_JOINER

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"
#: records of the sample's 呼和浩特市 (two held weekly fairs, one cancelled) and a county
SAMPLE_RECORDS = (
    "地区编号,类型,日期,状态,场地,参会企业数,岗位数,参会人数\n"
    "150100,专场,2024-07-02,已举办,呼和浩特市公共就业服务中心,40,600,1200\n"
    "150100,专场,2024-07-09,已举办,呼和浩特市公共就业服务中心,35,520,980\n"
    "150100,综合,2024-07-13,已取消,呼和浩特市人力资源市场,,,\n"
    "150121,专场,2024-07-18,已举办,,12,150,300\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    tmp = tmp_path_factory.mktemp("app")
    env = {
        "FAIRPLAN_DB": str(tmp / "records.db"),
        "FAIRPLAN_SCENARIO": None,  # the bundled sample
        "FAIRPLAN_PUBLIC_URL": "http://feeds.hrss.example:8000",  # what links and QR codes show
        "FAIRPLAN_FEEDS_URL": None,
    }
    with streamlit_server(tmp, lambda port: streamlit_command(port, headless=True), env) as base:
        yield base


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open_page(browser, server) as pg:
        yield pg


def shot(pg: Any, name: str) -> None:
    pg.wait_for_timeout(800)  # let Vega finish drawing
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_ready(pg: Any) -> None:
    pg.wait_for_selector("[data-testid=stApp]")
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000
    )


def test_plan_the_sample_download_and_subscribe(page: Any, server: str) -> None:
    page.goto(server)
    page.get_by_text("已载入「内蒙古2024青年就业服务攻坚行动」").wait_for()
    limit = page.get_by_label("时间上限（秒）")
    limit.fill("6")
    limit.press("Enter")
    wait_ready(page)
    page.get_by_role("button", name="开始规划").click()
    page.get_by_text(re.compile("正在建模|求解中")).first.wait_for()
    page.get_by_role("button", name="停止（保留当前最好的计划）").wait_for()
    shot(page, "plan_solving")
    page.get_by_role("heading", name="计划结果").wait_for(timeout=120_000)
    assert page.get_by_text("全部满足", exact=True).count() == 1
    shot(page, "plan_result")
    page.get_by_role("tab", name="下载与发布").click()
    page.get_by_role("button", name="下载计划（Excel）").wait_for()
    with page.expect_download() as dl:
        page.get_by_role("button", name="下载计划（CSV）").click()
    path = dl.value.path()
    assert Path(path).read_bytes().startswith(b"\xef\xbb\xbfevent_id,region_id")
    page.get_by_role("tab", name="地区 × 周").click()
    page.locator("[data-testid=stVegaLiteChart]").last.wait_for()
    shot(page, "plan_heatmap")

    # the same session: the feeds page has the plan just made
    page.get_by_role("link", name="日历订阅").click()
    page.get_by_role("heading", name="订阅链接").wait_for()
    assert page.get_by_text("webcal://feeds.hrss.example:8000/feeds/150000.ics").count() >= 1
    page.locator("[data-testid=stImage] img").first.wait_for()
    shot(page, "feeds")


def test_compliance_heatmap_and_evidence(page: Any, server: str) -> None:
    page.goto(f"{server}/compliance?as_of=2024-09-30&level=city&rule=city-weekly-specialized")
    page.get_by_role("heading", name="地区 × 周期").wait_for()
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.wait_for()
    wait_ready(page)
    assert page.get_by_text("未达标").count() >= 1
    shot(page, "compliance_heatmap")
    # a click on a cell selects it: its evidence shows and the URL carries it for sharing
    canvas = chart.locator("canvas, svg").first
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.45)
    page.wait_for_url(re.compile(r"[?&]cell=15\d{4}(%40|@)2024-"))
    page.get_by_role("heading", name=re.compile("^依据：")).wait_for()
    # and a shared link opens on the same cell
    page.goto(
        f"{server}/compliance?as_of=2024-09-30&level=city&rule=city-weekly-specialized"
        "&cell=150100@2024-07-01"
    )
    page.get_by_role("heading", name=re.compile("依据：呼和浩特市 150100")).wait_for()
    shot(page, "compliance_evidence")


def test_upload_records_then_compliance_sees_them(page: Any, server: str, tmp_path: Path) -> None:
    records = tmp_path / "记录.csv"
    records.write_bytes(SAMPLE_RECORDS.encode("gb18030"))  # as Excel saves it on a Chinese PC
    page.goto(f"{server}/records")
    page.get_by_role("heading", name="上报记录").wait_for()
    page.locator("input[type=file]").first.set_input_files(str(records))
    page.get_by_text("4 条记录全部通过校验。").wait_for()
    page.get_by_role("button", name="保存到记录库").click()
    page.get_by_text("已保存：新增 4 条").wait_for()
    shot(page, "records_stored")
    page.get_by_role("link", name="达标情况").click()
    page.get_by_text(re.compile("记录库中有 [1-9]")).wait_for()


def test_bad_records_are_refused_row_by_row(page: Any, server: str, tmp_path: Path) -> None:
    records = tmp_path / "bad.csv"
    records.write_text(SAMPLE_RECORDS + "999999,专场,2024-02-30,已举办,,,,\n", encoding="utf-8")
    page.goto(f"{server}/records")
    page.locator("input[type=file]").first.set_input_files(str(records))
    page.get_by_text(re.compile("处问题，未保存任何记录")).wait_for()
    assert page.get_by_role("button", name="保存到记录库").count() == 0
    shot(page, "records_refused")


def test_switch_language(page: Any, server: str) -> None:
    page.goto(server)
    page.get_by_role("heading", name="制定计划").wait_for()
    # a fresh store: open mode, said in the sidebar (no sign-in on a fresh install)
    page.locator("[data-testid=stSidebar]").get_by_text(
        re.compile("^单机模式：尚无账户")
    ).wait_for()
    page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Plan fairs").wait_for()
    page.wait_for_url(re.compile(r"[?&]lang=en"))
    page.get_by_role("link", name="Compliance").click()
    page.get_by_role("heading", name="Compliance").first.wait_for()
    page.get_by_role("heading", name="Region × period").wait_for()
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for()
    shot(page, "english_compliance")


def test_replan_box_and_options_survive_a_new_upload_regression(page: Any, server: str) -> None:
    """Regression (issue 10): after switching the scenario source to an upload, the re-plan
    box showed unchecked while its panel stayed open, and a previous schedule uploaded there
    silently gave a fresh plan. The box, the time limit and the plan's kind stay as chosen."""
    tiny = sorted(str(p) for p in (ROOT / "tests" / "data" / "tiny").glob("*.csv"))
    page.goto(server)
    page.get_by_text("已载入「内蒙古2024青年就业服务攻坚行动」").wait_for()
    limit = page.get_by_label("时间上限（秒）")
    limit.fill("7")
    limit.press("Enter")
    wait_ready(page)
    page.get_by_text("对照上一版计划重新规划").click()
    page.get_by_text("还没有上一版计划。").wait_for()
    page.get_by_text("上传工作簿或 CSV 文件").click()
    page.get_by_text("请上传场景文件。").wait_for()
    page.locator("input[type=file]").first.set_input_files(tiny)
    page.get_by_text("已载入「tiny」").wait_for()
    wait_ready(page)
    assert page.get_by_role("checkbox", name=re.compile("对照上一版")).is_checked()
    assert page.get_by_label("时间上限（秒）").input_value() == "7.00"
    # and the page says which plan the button makes: no previous plan yet, a fresh one
    page.get_by_text("将从头制定新计划。").wait_for()


def test_names_are_shown_as_typed_not_as_markdown_regression(
    page: Any, server: str, tmp_path: Path
) -> None:
    """Regression (issue 11): the app rendered names as markdown (a scenario name in
    `**…**` came out bold, a `[link](…)` as a link)."""
    import shutil

    hostile = tmp_path / "hostile"
    shutil.copytree(ROOT / "tests" / "data" / "tiny", hostile)
    settings = (hostile / "settings.csv").read_text(encoding="utf-8")
    name = "**粗体** [点我](http://example.invalid) :red[红]"
    (hostile / "settings.csv").write_text(
        settings.replace("name,tiny", f'name,"{name}"'), encoding="utf-8"
    )
    page.goto(server)
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
