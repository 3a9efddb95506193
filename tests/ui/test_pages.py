"""Each page's logic through Streamlit's AppTest: the whole app script, page by page."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monitor.compliance import judge
from monitor.records import Record
from monitor.store import RecordStore
from scheduler.model import Scenario
from scheduler.plan import PlanResult
from tests.ui.conftest import APP, RECORDS_CSV, stored
from ui import views


def app(**query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, val in query.items():
        at.query_params[k] = val
    return at.run()


def page(at: AppTest, name: str) -> AppTest:
    return at.switch_page(f"app_pages/{name}.py").run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    # the app's error boundary (ui.safety.guard_page) turns a page's exception into a message
    crashed = [
        e.value
        for e in at.error
        if "E-" in e.value and ("程序错误" in e.value or "went wrong" in e.value)
    ]
    assert not crashed, crashed
    return at


def wait_for_plan(at: AppTest, timeout: float = 120) -> AppTest:
    deadline = time.monotonic() + timeout
    while at.session_state["job"] is not None:
        assert time.monotonic() < deadline, "the solve did not finish"
        time.sleep(0.3)
        at.run()
        ok(at)
    return at


# --- shell and language ---------------------------------------------------------


def test_opens_in_chinese_on_the_plan_page(db: str) -> None:
    at = ok(app())
    assert at.title[0].value == "制定计划"
    assert at.success[0].value.startswith("已载入「内蒙古2024青年就业服务攻坚行动」")


def test_language_from_the_url_and_the_switch(db: str) -> None:
    at = ok(app(lang="en"))
    assert at.title[0].value == "Plan fairs"
    at.segmented_control(key="lang").set_value("zh").run()
    assert ok(at).title[0].value == "制定计划"
    assert "lang" not in at.query_params  # Chinese is the default: a clean URL
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Plan fairs"
    assert at.query_params["lang"] == "en"
    assert ok(page(at, "compliance")).title[0].value == "Compliance"


# --- 规划 Plan --------------------------------------------------------------------


def test_plans_in_a_separate_process_and_shows_the_plan(tiny_default: Path) -> None:
    at = ok(app())
    at.number_input(key="time_limit").set_value(5.0)
    at.button(key="start").click().run()
    job = at.session_state["job"]
    assert job is not None and job.pid != os.getpid()
    ok(wait_for_plan(at))
    assert at.header[0].value == "计划结果"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["场次"] == "6" and metrics["规则"] == "全部满足"  # CONTRACT §5
    assert at.session_state["plan_events"], "the solver's progress reached the page"
    labels = [b.label for b in at.get("download_button")]
    assert {
        "下载计划（Excel）",
        "下载计划（CSV）",
        "下载日历文件（zip）",
        "下载报告（JSON）",
    } <= set(labels)
    assert at.success[-1].value == "所有规则均已满足。"  # the shortfalls tab

    # re-plan against the plan just made: nothing needs to change
    at.checkbox(key="replan").check().run()
    at.button(key="start").click().run()
    ok(wait_for_plan(at))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["保留"] == "6" and metrics["调整"] == "0" and metrics["取消"] == "0"


def test_stop_keeps_the_best_plan_so_far(db: str) -> None:
    at = ok(app())
    at.number_input(key="time_limit").set_value(300.0)
    at.button(key="start").click().run()
    deadline = time.monotonic() + 60
    while not at.session_state["job"].events:  # the greedy start is reported first
        assert time.monotonic() < deadline
        time.sleep(0.3)
        at.run()
    assert [b.label for b in at.button if b.key == "stop"] == ["停止（保留当前最好的计划）"]
    at.button(key="stop").click().run()
    ok(wait_for_plan(at, timeout=60))
    plan = at.session_state["plan"]
    assert plan.stats.wall_time_s < 120 and plan.planned


def test_broken_upload_lists_problems_by_sheet_row_column(db: str, tiny: Scenario) -> None:
    at = ok(app())
    at.radio(key="scenario_choice").set_value("upload").run()
    assert at.info[0].value == "请上传场景文件。"
    files = []
    for name in ("settings", "regions", "rules", "kinds", "venues", "staff"):
        data = (Path(tiny.source) / f"{name}.csv").read_bytes()
        if name == "regions":
            data = data.replace(b",county,", b",village,")
        files.append((f"{name}.csv", data, "text/csv"))
    at.file_uploader(key="scenario_files").set_value(files).run()
    ok(at)
    assert at.error[0].value.startswith("场景有")
    problems = at.dataframe[0].value
    row = problems[problems["列"] == "level"].iloc[0]
    assert (row["文件"], row["工作表"], row["行"]) == ("regions.csv", "regions", 4)
    assert at.session_state["scenario"] is None


def test_uploaded_template_workbook_loads(db: str, tmp_path: Path) -> None:
    from scheduler.template import write_template

    write_template(tmp_path / "t.xlsx", "zh")
    at = ok(app())
    at.radio(key="scenario_choice").set_value("upload").run()
    at.file_uploader(key="scenario_files").set_value(
        ("模板.xlsx", (tmp_path / "t.xlsx").read_bytes(), "application/octet-stream")
    ).run()
    ok(at)
    assert at.success[0].value.startswith("已载入")
    assert at.session_state["scenario"].source == "模板.xlsx"


# --- 订阅 Feeds -------------------------------------------------------------------


def test_feeds_need_a_plan(db: str) -> None:
    at = ok(page(app(), "feeds"))
    assert at.info[0].value == "请先在“规划”页制定计划。"


def test_feeds_links_qr_and_next_fairs(db: str, tiny_plan: PlanResult) -> None:
    at = app(region="150100")
    at.session_state["plan"] = tiny_plan
    ok(page(at, "feeds"))
    at.text_input(key="feed_base").set_value("http://10.0.0.5:8000").run()
    assert at.selectbox(key="feed_region").value == "150100"
    assert at.code[0].value == "http://10.0.0.5:8000/feeds/150100.ics"
    assert "webcal://10.0.0.5:8000/feeds/150100.ics" in at.markdown[1].value
    assert len(at.get("image")) == 1  # the QR code
    at.date_input(key="feed_since").set_value(dt.date(2024, 7, 3)).run()
    assert len(at.dataframe[0].value) == 6  # the city's feed holds its county's fair too


# --- 合规 Compliance --------------------------------------------------------------


def store_records(db: str, *records: Record) -> None:
    with RecordStore(db) as store:
        store.store(list(records), source="test")


def test_compliance_filters_come_from_the_url(tiny_default: Path, tiny: Scenario) -> None:
    at = ok(page(app(as_of="2024-07-20", level="city", rule="weekly"), "compliance"))
    assert at.date_input(key="f_as_of").value == dt.date(2024, 7, 20)
    assert at.selectbox(key="f_level").value == "city"
    assert at.selectbox(key="f_rule").value == "weekly"
    metrics = {m.label.split("] ")[-1]: int(m.value) for m in at.metric}
    # no records: the two weeks before the as-of date missed, this one at risk, one upcoming
    assert metrics == {"未达标": 2, "有风险": 1, "达标": 0, "未到期": 1}
    assert "cell" not in at.query_params


def test_compliance_changes_write_the_url(tiny_default: Path) -> None:
    at = ok(page(app(as_of="2024-07-20"), "compliance"))
    at.selectbox(key="f_level").set_value("county").run()
    at.selectbox(key="f_city").set_value("150100").run()
    assert at.query_params["level"] == "county" and at.query_params["city"] == "150100"
    at.selectbox(key="f_level").set_value("").run()
    assert "level" not in at.query_params


def test_compliance_cell_shows_its_evidence(tiny_default: Path, tiny: Scenario) -> None:
    held = Record("R1", "150100", "specialized", dt.date(2024, 7, 4), "held", venue="HH-2")
    gone = Record("R2", "150100", "specialized", dt.date(2024, 7, 5), "cancelled")
    store_records(os.environ["FAIRPLAN_DB"], held, gone)
    at = ok(page(app(as_of="2024-07-20", rule="weekly", cell="150100@2024-07-01"), "compliance"))
    periods, evidence = at.dataframe[0].value, at.dataframe[1].value
    assert periods["状态"].tolist() == ["达标"]
    assert evidence["record_id"].tolist() == ["R1", "R2"]
    ranking = at.dataframe[2].value
    assert ranking["region_id"].tolist() == ["150100"]


def test_compliance_matches_the_monitor_and_sees_new_records(
    tiny_default: Path, tiny: Scenario
) -> None:
    at = ok(page(app(as_of="2024-08-15"), "compliance"))
    expected = views.status_counts(judge(tiny, [], dt.date(2024, 8, 15)))
    metrics = {m.label.split("] ")[-1]: int(m.value) for m in at.metric}
    assert metrics["未达标"] == expected["missed"] == 6
    store_records(
        os.environ["FAIRPLAN_DB"],
        Record("R9", "150121", "specialized", dt.date(2024, 7, 10), "held"),
    )
    at.run()  # the store changed: judged again
    metrics = {m.label.split("] ")[-1]: int(m.value) for m in at.metric}
    assert metrics["未达标"] == 5 and metrics["达标"] == 1
    assert [b.label for b in at.get("download_button")] == [
        "导出达标情况（Excel）",
        "导出 compliance.csv",
    ]


# --- 上报 Records -----------------------------------------------------------------


def test_records_upload_valid_then_stored(tiny_default: Path) -> None:
    at = ok(page(app(), "records"))
    at.file_uploader(key="records_file").set_value(
        ("记录.csv", RECORDS_CSV.encode("utf-8-sig"), "text/csv")
    ).run()
    ok(at)
    assert at.success[0].value == "4 条记录全部通过校验。"
    assert at.dataframe[0].value["校验"].tolist() == ["通过"] * 4
    assert stored(os.environ["FAIRPLAN_DB"]) == 0  # nothing before the button
    at.button(key="store_upload").click().run()
    assert at.success[-1].value == "已保存：新增 4 条，更新 0 条，未变 0 条。"
    assert stored(os.environ["FAIRPLAN_DB"]) == 4


def test_records_with_a_bad_row_store_nothing(tiny_default: Path) -> None:
    bad = RECORDS_CSV + "R5,999999,specialized,2024-07-32,held,,x,,\n"
    at = ok(page(app(), "records"))
    at.file_uploader(key="records_file").set_value(
        ("r.xlsx", _xlsx(bad), "application/octet-stream")
    ).run()
    ok(at)
    assert at.error[0].value.startswith("3 处问题，未保存任何记录")
    verdicts = at.dataframe[0].value["校验"].tolist()
    assert verdicts[:4] == ["通过"] * 4
    assert "region_id:" in verdicts[4] and "date:" in verdicts[4] and "employers:" in verdicts[4]
    assert not [b for b in at.button if b.key == "store_upload"]
    assert stored(os.environ["FAIRPLAN_DB"]) == 0


def test_records_page_offers_the_sessions_plan_for_marking(
    tiny_default: Path, tiny_plan: PlanResult
) -> None:
    at = app()
    at.session_state["plan"] = tiny_plan
    ok(page(at, "records"))
    assert at.radio(key="mark_src").value == "session"
    assert at.selectbox(key="mark_city").value == "150100"
    at.button(key="store_marks").click().run()
    assert "还没有标记任何一场。" in [i.value for i in at.main.info]
    assert stored(os.environ["FAIRPLAN_DB"]) == 0


def _xlsx(csv_text: str) -> bytes:
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in csv.reader(io.StringIO(csv_text)):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["plan", "feeds", "compliance", "records"])
def test_every_page_renders_in_both_languages(db: str, name: str, tiny_plan: PlanResult) -> None:
    for lang in ("zh", "en"):
        at = app(lang=lang)
        at.session_state["plan"] = tiny_plan
        ok(page(at, name))
        assert at.title, name
