"""Names are labels, never paths (issue 11, CONTRACT §6): nothing is written outside `--out`
(or `./out/<name>` without it), whatever a scenario's name holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scheduler.scenario.ids import safe_name
from ui.cli import main

TINY = Path(__file__).parent / "data" / "tiny"


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("../../escaped", "_.._escaped"),
        ("/tmp/absolute", "_tmp_absolute"),
        ("..", "scenario"),
        ("内蒙古 2024:上半年", "内蒙古 2024_上半年"),
    ],
    ids=["parent", "absolute", "dots", "chinese"],
)
def test_scenario_name_never_decides_a_path_outside_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, folder: str
) -> None:
    """Regression: without `--out`, a scenario `name` like `../x` or an absolute path decided
    where `schedule.*` and `report.json` were written, overwriting a user's files."""
    scenario = tmp_path / "in" / "scenario"
    shutil.copytree(TINY, scenario)
    settings = scenario / "settings.csv"
    settings.write_text(settings.read_text("utf-8").replace("name,tiny", f"name,{name}"), "utf-8")
    work = tmp_path / "work" / "deep"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    assert main(["plan", str(scenario), "--quiet", "--time-limit", "10"]) == 0
    out = work / "out" / folder
    assert (out / "schedule.csv").is_file() and (out / "report.json").is_file()
    written = [
        p
        for p in tmp_path.rglob("*")
        if p.is_file() and "in" not in p.relative_to(tmp_path).parts[:1]
    ]
    assert written and all(p.is_relative_to(work / "out") for p in written)
    assert safe_name(name, fallback="scenario") == folder
