"""`fairplan demo` / `fairplan plan` end to end, as a user runs them (CONTRACT §1, §3)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.checker import check
from scheduler.samples import sample_path
from scheduler.scenario import load_scenario
from scheduler.schedule import COLUMNS, read_schedule
from ui.cli import main

TINY = Path(__file__).parent / "data" / "tiny"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out), "--time-limit", "15", "--quiet"]) == 0
    return out


def test_demo_plans_the_sample_with_every_rule_met_and_verified(demo: Path) -> None:
    report = json.loads((demo / "report.json").read_text(encoding="utf-8"))
    assert report["rules_met"] is True and report["shortfalls"] == []
    assert report["status"] in ("optimal", "feasible")
    # the honest gap (CONTRACT §6): quality only, without what every plan pays
    assert 0 <= report["bound"] <= report["objective"]
    assert report["gap"] == pytest.approx(
        (report["objective"] - report["bound"]) / report["objective"], abs=1e-6
    )
    assert sum(report["terms"].values()) - report["constant"] == pytest.approx(report["objective"])
    assert report["priorities"] == ["shortfall", "fairs", "quality"]
    # the plan of record comes from CP-SAT (the sample's greedy start is far from it);
    # the bound, when above 0, was proven by HiGHS
    assert report["plan_by"] == ["cpsat"] and report["bound_by"] in ([], ["highs"])
    assert report["missing_fairs"] == 0 and report["counts_proven"] is True
    assert report["fairs_min"] == report["events"]
    raw = (demo / "schedule.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    header = next(csv.reader([raw[3:].decode().splitlines()[0]]))
    assert header[: len(COLUMNS)] == list(COLUMNS)
    fairs = read_schedule(demo / "schedule.csv")
    # the independent checker agrees, from the written file alone
    result = check(load_scenario(sample_path()), fairs)
    assert result.ok and not result.short
    # 12 cities × (27 in-scope weeks + 6 months) + 103 counties × 6 months
    assert report["events"] == len(fairs) == 12 * 26 + 12 * 6 + 103 * 6
    assert (demo / "schedule.xlsx").stat().st_size > 10_000
    feeds = sorted(p.stem for p in (demo / "feeds").glob("*.ics"))
    assert "150000" in feeds and len(feeds) == 116
    top = (demo / "feeds" / "150000.ics").read_bytes()
    assert top.count(b"BEGIN:VEVENT") == len(fairs)


def test_plan_exits_2_with_one_clear_message_per_problem_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(TINY, bad)
    venues = (bad / "venues.csv").read_text(encoding="utf-8").replace("HH-2,150100", "HH-2,999999")
    (bad / "venues.csv").write_text(venues.replace(",3000,", ",lots,"), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "ui.cli", "plan", str(bad), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert any(
        "venues" in ln and "第 3 行" in ln and "region_id" in ln and "999999" in ln for ln in lines
    ), lines
    assert any("venues" in ln and "第 2 行" in ln and "capacity" in ln for ln in lines), lines
    assert not out.exists()


def test_plan_exits_3_when_a_rule_cannot_be_met(tmp_path: Path) -> None:
    bad = tmp_path / "tight"
    shutil.copytree(TINY, bad)
    text = (bad / "venues.csv").read_text(encoding="utf-8")
    (bad / "venues.csv").write_text(text.replace(",3000,", ",1000,"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["plan", str(bad), "--out", str(out), "--time-limit", "10", "--quiet"]) == 3
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["rules_met"] is False
    [short] = report["shortfalls"]
    assert short["rule_id"] == "monthly" and short["required"] == 1 and short["planned"] == 0
    assert "1500" in short["reason"]


def test_replan_with_previous_keeps_event_ids(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["plan", str(TINY), "--out", str(a), "--time-limit", "10", "--quiet"]) == 0
    assert (
        main(["plan", str(TINY), "--out", str(b), "--previous", str(a / "schedule.csv"), "--quiet"])
        == 0
    )
    assert (a / "schedule.csv").read_bytes() == (b / "schedule.csv").read_bytes()
    report = json.loads((b / "report.json").read_text(encoding="utf-8"))
    assert report["changes"] == {
        "kept": 6,
        "moved": 0,
        "added": 0,
        "cancelled": 0,
        "date_changed": 0,
        "venue_changed": 0,
        "pool_changed": 0,
    }


def test_progress_is_shown_on_stderr_during_the_solve(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "plan",
            str(TINY),
            "--out",
            str(tmp_path / "o"),
            "--time-limit",
            "5",
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        env={**os.environ, "FAIRPLAN_LANG": "en"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "gap" in proc.stderr and "objective" in proc.stderr
    assert "every rule is met" in proc.stdout


def test_ctrl_c_stops_the_search_and_writes_the_best_plan_so_far(tmp_path: Path) -> None:
    import signal
    import time

    out = tmp_path / "o"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "demo", "--out", str(out), "--time-limit", "120"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[1],
        env={**os.environ, "FAIRPLAN_LANG": "en"},
    )
    # wait until the search is under way (a progress line with an objective), then interrupt
    assert proc.stderr is not None
    for line in proc.stderr:
        if "objective" in line:
            break
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert time.monotonic() - t0 < 30  # nowhere near the 120 s limit
    assert "search stopped" in stderr and "Traceback" not in stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["rules_met"] is True and report["wall_time_s"] < 100
    assert check(load_scenario(sample_path()), read_schedule(out / "schedule.csv")).ok


def test_the_summary_is_in_chinese_by_default_and_names_what_each_term_cost(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ui.cli", "plan", str(TINY), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        env={k: v for k, v in os.environ.items() if k not in ("FAIRPLAN_LANG", "LANG", "LC_ALL")},
    )
    assert proc.returncode == 0, proc.stderr
    assert "全部规则已满足" in proc.stdout and "质量目标" in proc.stdout
    assert "方案来自 " in proc.stdout and "下界由 " in proc.stdout  # whose plan, whose bound
    assert "下界" in proc.stderr and "差距" in proc.stderr  # the progress line
    report = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert "人员负荷不均" in proc.stdout or not report["terms"]["balance"]
