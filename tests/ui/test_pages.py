"""Each page's logic through Streamlit's AppTest, in open mode (a fresh install: no account),
where one user has every right: the whole app script, page by page, on a real SQLite store.
What each role sees is tests/ui/test_roles.py; the browser, signed in, test_browser.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db import Database
from identity import User
from monitor.compliance import judge
from monitor.records import Record
from monitor.store import RecordStore
from publish.plans import PlanStore
from scheduler.model import Scenario
from scheduler.plan import PlanResult
from tests.ui.conftest import APP, RECORDS_CSV, TINY, plain, stored
from ui.views import compliance as compliance_views

OPEN = User.open_mode()


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


def radio(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    """A radio by its label (sticky widgets change their key once skipped)."""
    return next(r for r in at.radio if r.label == label)


def table(at: AppTest, *columns: str):  # type: ignore[no-untyped-def]
    """The first table shown with these columns (st.dataframe keeps no key AppTest sees)."""
    for d in at.dataframe:
        if set(columns) <= set(d.value.columns):
            return d.value
    raise AssertionError(
        f"no table with {columns}: {[list(d.value.columns) for d in at.dataframe]}"
    )


def texts(elements: object) -> list[str]:
    return [plain(e.value) for e in elements]  # type: ignore[attr-defined]


def publish(db: str, plan: PlanResult, path: Path = TINY) -> int:
    with Database(db) as database:
        plans = PlanStore(database)
        plan_id = plans.save(plan, path, OPEN).plan_id
        plans.publish(plan_id, OPEN)
    return plan_id


def csv_files(folder: Path) -> list[tuple[str, bytes, str]]:
    return [(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.glob("*.csv"))]


@pytest.fixture
def closed_venue(tmp_path: Path) -> Path:
    """The worked example with 呼和浩特市就业服务中心 (HH-2) closed 15–28 July."""
    path = tmp_path / "tiny-closed"
    shutil.copytree(TINY, path)
    venues = path / "venues.csv"
    venues.write_text(
        venues.read_text(encoding="utf-8").replace(
            "HH-2,150100,呼和浩特市就业服务中心,400,specialized,",
            "HH-2,150100,呼和浩特市就业服务中心,400,specialized,2024-07-15..2024-07-28",
        ),
        encoding="utf-8",
    )
    return path


# --- shell and language ---------------------------------------------------------


def test_opens_in_chinese_on_the_plan_page(db: str) -> None:
    at = ok(app())
    assert at.title[0].value == "制定计划"
    assert texts(at.success)[0].startswith("已载入「内蒙古2024青年就业服务攻坚行动」")


def test_the_bundled_samples_and_the_presets_are_offered(db: str) -> None:
    """Kinds as data (issue 13) in the app: the samples with custom and online kinds can be
    planned, and a new scenario can start from a preset (its settings sheet)."""
    from scheduler import presets
    from scheduler.samples import sample_path
    from scheduler.scenario import load_scenario

    at = ok(app())
    assert at.selectbox(key="sample_name").value == "im-2024"
    at.selectbox(key="sample_name").set_value("hubei-2023").run()
    hubei = load_scenario(sample_path("csv", "hubei-2023"))
    assert texts(ok(at).success)[0].startswith(f"已载入「{hubei.name}」")
    assert table(at, "名称")["名称"].tolist() == presets.names()
    at.selectbox(key="preset_pick").set_value("jilin-2022").run()
    settings = table(ok(at), "key", "value")
    assert dict(zip(settings["key"], settings["value"], strict=True)) == {
        r["key"]: r["value"] for r in presets.starting_settings(presets.get("jilin-2022"))
    }
    assert dict(zip(settings["key"], settings["value"], strict=True))["preset"] == "jilin-2022"


def test_compliance_shows_each_citys_next_report_under_the_preset(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scheduler.samples import sample_path
    from scheduler.scenario import load_scenario

    monkeypatch.setenv("FAIRPLAN_SCENARIO", str(TINY))  # no preset: no such table
    at = ok(page(app(as_of="2024-07-20"), "compliance"))
    assert not any("截止" in d.value.columns for d in at.dataframe)
    path = sample_path("csv", "hubei-2023")
    monkeypatch.setenv("FAIRPLAN_SCENARIO", str(path))
    at = ok(page(app(as_of="2023-05-10"), "compliance"))
    reports = table(at, "报告", "截止", "涵盖", "城市")
    hubei = load_scenario(path)
    cities = {r.name for r in hubei.regions.values() if r.level == "city"}
    assert set(reports["城市"]) == cities  # every city's line, nothing held yet
    assert set(reports["实办"]) == {0}
    assert all(due >= "2023-05-10" for due in reports["截止"])


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


def test_a_solve_runs_apart_and_is_stored_as_a_draft(tiny_default: Path) -> None:
    at = ok(app())
    at.number_input(key="time_limit").set_value(5.0)
    assert "将从头制定新计划" in " ".join(texts(at.info))  # nothing published: a fresh plan
    at.button(key="start").click().run()
    job = at.session_state["job"]
    assert job is not None and job.pid != os.getpid()
    ok(wait_for_plan(at))
    assert at.header[0].value == "计划结果"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["场次"] == "6" and metrics["规则"] == "全部满足"  # CONTRACT §5
    assert at.session_state["plan_events"], "the solver's progress reached the page"
    with Database(os.environ["FAIRPLAN_DB"]) as database:
        (info,) = PlanStore(database).versions(OPEN)
    assert (info.state, info.events, info.based_on, info.scenario_name) == (
        "draft",
        6,
        None,
        "tiny",
    )
    assert any(s.startswith(f"已保存为草稿 #{info.plan_id}：") for s in texts(at.success))
    labels = [b.label for b in at.get("download_button")]
    assert {
        "下载计划（Excel）",
        "下载计划（CSV）",
        "下载日历文件（zip）",
        "下载报告（JSON）",
    } <= set(labels)


def test_a_replan_is_against_the_published_plan_and_says_which_fairs_moved_regression(
    db: str, tiny_plan: PlanResult, closed_venue: Path
) -> None:
    """Regression (issue 10): after a re-plan, no view said which fairs moved. The planner
    uploads the scenario with a venue closed for two weeks; the page re-plans against the
    published plan by default, stores the draft based on it and lists the moved fairs with
    what changed and why."""
    published = publish(db, tiny_plan)
    at = ok(app())
    radio(at, "场景来源").set_value("upload").run()
    at.file_uploader(key="scenario_files").set_value(csv_files(closed_venue)).run()
    ok(at)
    assert "第 2 版" in " ".join(texts(at.caption))  # the same name, new bytes: version 2
    assert radio(at, "规划方式").value == "published"
    assert f"将对照计划 #{published}（6 场）重新规划" in " ".join(texts(at.info))
    at.number_input(key="time_limit").set_value(5.0)
    at.button(key="start").click().run()
    ok(wait_for_plan(at))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["调整"] == "2" and metrics["新增"] == "0" and metrics["取消"] == "0"
    changes = table(at, "变化", "原因")
    closed = {f.event_id for f in tiny_plan.planned if f.venue_id == "HH-2"
              and dt.date(2024, 7, 15) <= f.date <= dt.date(2024, 7, 28)}  # fmt: skip
    assert len(closed) == 2 and set(changes["活动编号"]) == closed  # the fairs at the closed venue
    assert all("不可用" in r for r in changes["原因"]), changes["原因"].tolist()
    assert set(changes["序号"]) == {"0→1"}  # subscribers see the update
    with Database(db) as database:
        newest = PlanStore(database).versions(OPEN)[-1]
    assert newest.based_on == published and newest.state == "draft"


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


def test_a_broken_upload_lists_its_problems_and_changes_nothing_else(
    db: str, tiny: Scenario
) -> None:
    at = ok(app())
    radio(at, "场景来源").set_value("upload").run()
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
    problems = table(at, "文件", "工作表", "行", "列")
    row = problems[problems["列"] == "level"].iloc[0]
    assert (row["文件"], row["工作表"], row["行"]) == ("regions.csv", "regions", 4)
    assert not [b for b in at.button if b.key == "start"]  # nothing to plan
    with Database(db) as database:
        assert PlanStore(database).scenarios(OPEN) == []  # nothing stored
    # no other page silently judges another scenario: compliance says what it judges
    compliance = ok(page(at, "compliance"))
    assert "依据：内置示例场景「内蒙古2024青年就业服务攻坚行动」" in " ".join(
        texts(compliance.caption)
    )


def test_an_uploaded_workbook_is_kept_as_a_scenario_version(db: str, tmp_path: Path) -> None:
    from scheduler.template import write_template

    write_template(tmp_path / "t.xlsx", "zh")
    upload = ("模板.xlsx", (tmp_path / "t.xlsx").read_bytes(), "application/octet-stream")
    at = ok(app())
    radio(at, "场景来源").set_value("upload").run()
    at.file_uploader(key="scenario_files").set_value(upload).run()
    ok(at)
    assert texts(at.success)[0].startswith("已载入")
    with Database(db) as database:
        (kept,) = PlanStore(database).scenarios(OPEN)
    assert kept.filename == "模板.xlsx" and kept.version == 1
    assert kept.sha256 == hashlib.sha256(upload[1]).hexdigest()  # kept as uploaded
    # the same bytes again, in a new session: the same version, offered among the stored ones
    again = ok(app())
    radio(again, "场景来源").set_value("upload").run()
    again.file_uploader(key="scenario_files").set_value(upload).run()
    with Database(db) as database:
        assert [s.scenario_id for s in PlanStore(database).scenarios(OPEN)] == [kept.scenario_id]
    assert "已保存的场景版本（1 个）" in ok(app()).radio[0].options


def test_a_previous_schedule_upload_names_the_uploaded_file_regression(
    db: str, tiny_default: Path, tiny_plan: PlanResult
) -> None:
    """Regression (issue 11, Sheet.renamed): the problems of an uploaded previous schedule
    named its temporary copy, not the file the planner uploaded."""
    from scheduler.schedule import to_csv_text

    bad = to_csv_text(list(tiny_plan.fairs)).replace("2024-07-09", "2024-07-99", 1)
    at = ok(app())
    radio(at, "规划方式").set_value("upload").run()
    assert at.button(key="start").disabled  # nothing to re-plan against yet
    at.file_uploader(key="previous_file").set_value(
        ("上周的计划.csv", bad.encode("utf-8-sig"), "text/csv")
    ).run()
    ok(at)
    assert at.error[0].value.startswith("上传的计划有")
    files = set(table(at, "文件", "问题")["文件"])
    assert files == {"上周的计划.csv"}


# --- 版本 Versions ------------------------------------------------------------------


def test_versions_diff_and_publish_with_a_confirmation(
    db: str, tiny_plan: PlanResult, closed_venue: Path
) -> None:
    from publish.replan import basis
    from scheduler.plan import make_plan
    from scheduler.scenario import load_scenario

    first = publish(db, tiny_plan)
    b = basis(load_scenario(closed_venue), list(tiny_plan.fairs), first)
    again = make_plan(b.scenario, time_limit=5, workers=1, previous=b.previous)
    with Database(db) as database:
        second = PlanStore(database).save(again, closed_venue, OPEN, based_on=first).plan_id
    at = ok(page(app(), "versions"))
    versions = table(at, "计划", "状态", "基于")
    assert versions["状态"].tolist() == ["草稿", "已发布"]  # newest first
    assert at.selectbox(key="diff_second").value == second
    assert at.selectbox(key="diff_first").value == first  # what it was based on
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["保留"], metrics["调整"]) == ("4", "2")
    moved = table(at, "变化", "改动")
    assert set(moved["改动"]) == {"场地"} and len(moved) == 2

    # publishing needs the confirmation ticked
    at.selectbox(key="shown_version").set_value(second).run()
    submit = next(b for b in at.button if b.label == f"发布 #{second}")
    submit.click().run()
    assert "请先勾选确认。" in texts(at.warning)
    with Database(db) as database:
        assert PlanStore(database).published_id() == first
    at.checkbox(key=f"publish_sure_{second}").check()
    next(b for b in at.button if b.label == f"发布 #{second}").click().run()
    ok(at)
    with Database(db) as database:
        plans = PlanStore(database)
        assert plans.published_id() == second
        assert [e["action"] for e in plans.trail(OPEN)][-1] == "plan.publish"  # audited
    assert f"已发布计划 #{second}。" in texts(at.success)


# --- 手工调整 Hand edits ------------------------------------------------------------------


def test_a_hand_edit_shows_the_verdict_at_once_and_stays_locked_in_the_next_replan(
    db: str, tiny_plan: PlanResult
) -> None:
    from publish.replan import basis
    from scheduler.plan import make_plan

    first = publish(db, tiny_plan)
    at = ok(page(app(), "edit"))
    assert "没有可调整的草稿" in " ".join(texts(at.info))
    next(b for b in at.button if b.label == f"复制 #{first} 为新草稿").click().run()
    ok(at)
    draft = at.selectbox(key="edit_plan").value
    assert draft != first
    at.selectbox(key="edit_region").set_value("150100").run()
    at.selectbox(key="edit_fair").set_value("150100-S-20240709").run()
    # the comprehensive fair's venue is not for specialized fairs; another day is fine
    at.date_input(key="edit_date_150100-S-20240709").set_value(dt.date(2024, 7, 10)).run()
    ok(at)
    metrics = {m.label: m for m in at.metric}
    assert metrics["独立校验"].value == "通过"
    assert metrics["目标值"].delta is not None  # the objective's change, before saving
    with Database(db) as database:
        assert PlanStore(database).info(draft, OPEN).edits == 0  # a preview writes nothing
    at.button(key="edit_apply").click().run()
    ok(at)
    with Database(db) as database:
        plans = PlanStore(database)
        edited = plans.get(draft, OPEN)
        assert edited.info.edits == 1
        fair = next(f for f in edited.fairs if f.event_id == "150100-S-20240709")
        assert (fair.date, fair.locked, fair.sequence) == (dt.date(2024, 7, 10), True, 1)
        plans.publish(draft, OPEN)
        b = basis(edited.scenario, list(edited.fairs), draft)
    again = make_plan(b.scenario, time_limit=5, workers=1, previous=b.previous)
    kept = next(f for f in again.fairs if f.event_id == "150100-S-20240709")
    assert kept.date == dt.date(2024, 7, 10)  # the re-plan kept it where the planner put it


def test_an_edit_that_breaks_a_rule_cannot_be_saved(db: str, tiny_plan: PlanResult) -> None:
    publish(db, tiny_plan)
    with Database(db) as database:
        plans = PlanStore(database)
        draft = plans.draft_from(plans.published_id() or 0, OPEN).plan_id
    at = ok(page(app(plan=str(draft)), "edit"))
    at.selectbox(key="edit_region").set_value("150100").run()
    # the city's comprehensive fair, held at 呼和浩特市人力资源市场, closed on 20–21 July
    fair = next(f.event_id for f in tiny_plan.planned if f.region_id == "150100"
                and f.kind == "comprehensive")  # fmt: skip
    at.selectbox(key="edit_fair").set_value(fair).run()
    at.date_input(key=f"edit_date_{fair}").set_value(dt.date(2024, 7, 20)).run()
    ok(at)
    assert {m.label: m.value for m in at.metric}["独立校验"] == "未通过"
    assert at.button(key="edit_apply").disabled
    assert table(at, "问题").shape[0] >= 1


# --- 招聘会与订阅 Published fairs --------------------------------------------------------


def test_fairs_need_a_published_plan(db: str) -> None:
    at = ok(page(app(), "fairs"))
    assert at.info[0].value.startswith("尚未发布计划")


def test_published_fairs_with_links_qr_and_next_fairs(
    db: str, tiny_plan: PlanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIRPLAN_PUBLIC_URL", "http://10.0.0.5:8000")
    publish(db, tiny_plan)
    at = ok(page(app(region="150100"), "fairs"))
    assert at.selectbox(key="feed_region").value == "150100"
    assert at.code[0].value == "http://10.0.0.5:8000/feeds/150100.ics"  # the public URL
    assert "webcal://10.0.0.5:8000/feeds/150100.ics" in " ".join(m.value for m in at.markdown)
    assert len(at.get("image")) == 1  # the QR code
    at.date_input(key="feed_since").set_value(dt.date(2024, 7, 3)).run()
    assert len(table(at, "时间", "场地")) == 6  # the city's feed holds its county's


# --- 达标情况 Compliance --------------------------------------------------------------


def store_records(db: str, *records: Record) -> None:
    with RecordStore(db) as store:
        store.store(list(records), source="test")


def test_compliance_filters_come_from_the_url(tiny_default: Path, tiny: Scenario) -> None:
    at = ok(page(app(as_of="2024-07-20", level="city", rule="weekly"), "compliance"))
    assert at.date_input(key="f_as_of").value == dt.date(2024, 7, 20)
    assert at.selectbox(key="f_level").value == "city"
    assert at.selectbox(key="f_rule").value == "weekly"
    # each rule with the policy it comes from
    assert (
        "《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)"
        in at.selectbox(key="f_rule").options[1]
    )
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


def test_compliance_judges_the_published_plans_scenario(db: str, tiny_plan: PlanResult) -> None:
    publish(db, tiny_plan)  # the server's default is the bundled sample; the plan is tiny's
    at = ok(page(app(as_of="2024-07-20"), "compliance"))
    assert "依据：已发布的计划 #1（场景「tiny」第 1 版）" in " ".join(texts(at.caption))
    assert set(table(at, "地区编号", "灯")["地区编号"]) == {"150100", "150121"}


def test_compliance_cell_shows_its_evidence(tiny_default: Path, tiny: Scenario) -> None:
    held = Record("R1", "150100", "specialized", dt.date(2024, 7, 4), "held", venue="HH-2")
    gone = Record("R2", "150100", "specialized", dt.date(2024, 7, 5), "cancelled")
    store_records(os.environ["FAIRPLAN_DB"], held, gone)
    at = ok(page(app(as_of="2024-07-20", rule="weekly", cell="150100@2024-07-01"), "compliance"))
    periods, evidence = at.dataframe[0].value, at.dataframe[1].value
    assert periods["状态"].tolist() == ["达标"]
    assert evidence["记录编号"].tolist() == ["R1", "R2"]
    ranking = at.dataframe[2].value
    assert ranking["地区编号"].tolist() == ["150100"]


def test_compliance_matches_the_monitor_and_sees_new_records(
    tiny_default: Path, tiny: Scenario
) -> None:
    at = ok(page(app(as_of="2024-08-15"), "compliance"))
    expected = compliance_views.status_counts(judge(tiny, [], dt.date(2024, 8, 15)))
    metrics = {m.label.split("] ")[-1]: int(m.value) for m in at.metric}
    assert metrics["未达标"] == expected["missed"] == 6
    store_records(
        os.environ["FAIRPLAN_DB"],
        Record("R9", "150121", "specialized", dt.date(2024, 7, 10), "held"),
    )
    at.run()  # the store changed: judged again
    metrics = {m.label.split("] ")[-1]: int(m.value) for m in at.metric}
    assert metrics["未达标"] == 5 and metrics["达标"] == 1
    downloads = {b.label: b for b in at.get("download_button")}
    assert set(downloads) == {"导出达标情况（Excel）", "导出 compliance.csv"}


# --- 台账 Ledger and 记录 Records ------------------------------------------------------------


def test_a_records_file_valid_then_stored(tiny_default: Path) -> None:
    at = ok(page(app(), "ledger"))
    at.file_uploader(key="records_file").set_value(
        ("记录.csv", RECORDS_CSV.encode("utf-8-sig"), "text/csv")
    ).run()
    ok(at)
    assert at.success[0].value == "4 条记录全部通过校验。"
    assert table(at, "校验")["校验"].tolist() == ["通过"] * 4
    assert stored(os.environ["FAIRPLAN_DB"]) == 0  # nothing before the button
    at.button(key="store_upload").click().run()
    assert at.success[-1].value == "已保存：新增 4 条，更新 0 条，未变 0 条。"
    assert stored(os.environ["FAIRPLAN_DB"]) == 4
    records = ok(page(at, "records"))
    assert len(table(records, "记录编号", "参会企业数")) == 4
    trail = table(records, "操作", "来源文件")
    assert set(trail["操作"]) == {"新增"} and set(trail["来源文件"]) == {"记录.csv"}


def test_a_records_file_with_a_bad_row_stores_nothing(tiny_default: Path) -> None:
    bad = RECORDS_CSV + "R5,999999,specialized,2024-07-32,held,,x,,\n"
    at = ok(page(app(), "ledger"))
    at.file_uploader(key="records_file").set_value(
        ("r.xlsx", _xlsx(bad), "application/octet-stream")
    ).run()
    ok(at)
    assert at.error[0].value.startswith("3 处问题，未保存任何记录")
    verdicts = table(at, "校验")["校验"].tolist()
    assert verdicts[:4] == ["通过"] * 4
    assert "region_id:" in verdicts[4] and "date:" in verdicts[4] and "employers:" in verdicts[4]
    assert not [b for b in at.button if b.key == "store_upload"]
    assert stored(os.environ["FAIRPLAN_DB"]) == 0


def test_the_ledger_marks_published_fairs_in_place(db: str, tiny_plan: PlanResult) -> None:
    publish(db, tiny_plan)
    at = ok(page(app(), "ledger"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["已过期未上报"] == "6"  # today is past the plan's July 2024
    (ledger,) = at.data_editor  # AppTest cannot edit cells: tests/ui/test_browser.py does
    assert len(ledger.value) == 6 and set(ledger.value["due"]) == {"待上报"}
    at.button(key="ledger_save").click().run()
    assert "还没有标记任何一场。" in texts(at.info)
    assert stored(db) == 0


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


# --- 计划与实际 Plan vs actual --------------------------------------------------------------


def test_plan_vs_actual_per_region_and_period_with_the_rows(db: str, tiny_plan: PlanResult) -> None:
    publish(db, tiny_plan)
    fair = next(f for f in tiny_plan.planned if f.event_id == "150100-S-20240709")
    store_records(
        db,
        Record("F1", fair.region_id, fair.kind, fair.date, "held", employers=20),  # by date
        Record("F2", "150100", "specialized", dt.date(2024, 7, 11), "held"),  # not planned
    )
    at = ok(page(app(as_of="2024-07-20"), "reconcile"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["计划且已举办"] == "1" and metrics["举办但未列入计划"] == "1"
    as_of = dt.date(2024, 7, 20)
    past = [f for f in tiny_plan.planned if f.date < as_of]
    assert fair in past and len(past) >= 2
    assert metrics["计划但未上报"] == str(len(past) - 1)  # the past fairs but the one held
    assert metrics["尚未到期"] == str(len(tiny_plan.planned) - len(past))
    downloads = {b.label for b in at.get("download_button")}
    assert downloads == {"导出计划与实际（Excel）", "导出 reconcile.csv"}


@pytest.mark.parametrize(
    "name", ["plan", "versions", "edit", "fairs", "ledger", "reconcile", "compliance", "records",
             "accounts"],
)  # fmt: skip
def test_every_page_renders_in_both_languages(db: str, name: str, tiny_plan: PlanResult) -> None:
    publish(db, tiny_plan)
    for lang in ("zh", "en"):
        at = ok(page(app(lang=lang), name))
        assert at.title, name
