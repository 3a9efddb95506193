"""The app's views with kinds as data (issue 13): kinds by label, online fairs located
online, rules by name and clause, presets to start from, each city's next report."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from monitor.records import Record
from scheduler import presets
from scheduler.model import KindSpec, Rule, Settings
from scheduler.plan import Shortfall
from scheduler.schedule import ScheduledFair
from tests.scheduler.factory import tiny
from ui.views import plan
from ui.views import presets as preset_views

LIVE = KindSpec("livestream", 2, 0, dt.time(14), dt.time(16), label="直播带岗", online=True)


def test_fairs_show_kind_labels_and_online_fairs_online() -> None:
    s = replace(tiny(), kinds={**tiny().kinds, "livestream": LIVE})
    fair = ScheduledFair("L", "150100", "呼和浩特市", "city", "livestream", "", dt.date(2024, 7, 10),
                         dt.time(14), dt.time(16), "", "", "P-HH", 2)  # fmt: skip
    df = plan.fairs_frame([fair], "zh", s.kinds)
    assert df["类型"].tolist() == ["直播带岗"] and df["场地"].tolist() == ["线上"]
    assert plan.fairs_frame([fair], "en", s.kinds)["Venue"].tolist() == ["online"]
    cal = plan.month_calendar([fair], ["150100"], 2024, 7, "zh", kind_specs=s.kinds)
    assert any("直播带岗 @线上" in str(c) for c in cal.to_numpy().ravel())


def test_rules_are_offered_and_shown_by_name_and_clause() -> None:
    s = tiny(rules=(Rule("weekly", "city", "specialized", "week", 1, dt.date(2024, 7, 3),
                         dt.date(2024, 7, 31), "000 五(五)", "每周专业性招聘会"),))  # fmt: skip
    assert plan.rule_labels(s) == {
        "weekly": "每周专业性招聘会（《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)）"
    }
    short = Shortfall("weekly", "150100", dt.date(2024, 7, 8), dt.date(2024, 7, 14), 1, 0, "无", "none",
                      "每周专业性招聘会", "《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)")  # fmt: skip
    df = plan.shortfalls_frame(s, [short], "zh")
    assert df.iloc[0]["规则编号"] == "weekly"
    assert df.iloc[0][df.columns[0]] == plan.rule_labels(s)["weekly"]
    assert short.to_json()["name"] == "每周专业性招聘会"  # report.json keeps rule_id beside


def test_presets_to_start_a_scenario_from() -> None:
    df = preset_views.presets_frame("zh")
    assert df["名称"].tolist() == presets.names()
    row = df.set_index("名称").loc["jilin-2022"]
    assert "每周四 17:00 前" in row.iloc[4] and row.iloc[2] == "2022-07-01..2022-12-31"
    settings = {
        r["key"]: r["value"] for r in presets.starting_settings(presets.get("hubei-2023"), "鄂")
    }
    assert settings == {"name": "鄂", "start": "2023-04-17", "end": "2023-12-31",
                        "timezone": "Asia/Shanghai", "holidays": "CN", "preset": "hubei-2023"}  # fmt: skip


def test_each_city_sees_its_next_report() -> None:
    start, end = dt.date(2023, 4, 17), dt.date(2023, 12, 31)
    s = tiny(settings=Settings("鄂", start, end, preset="hubei-2023"),
             rules=(Rule("m", "city", "any", "month", 1, start, end),))  # fmt: skip
    recs = [Record("R1", "150100", "specialized", dt.date(2023, 5, 3), "held")]
    df = preset_views.next_reports_frame(s, recs, dt.date(2023, 5, 10), "zh")
    assert df.to_dict("records") == [
        {
            "报告": "工作进展情况和典型经验做法",
            "截止": "2023-05-30 23:59",
            "涵盖": "2023-05-01..2023-05-30",
            "城市": "呼和浩特市",
            "实办": 1,
            "类型": "专场招聘会 1",
            "已取消": 0,
            "未达标": 0,
            "有风险": 0,
            "灯": "绿灯",
        }  # fmt: skip
    ]
