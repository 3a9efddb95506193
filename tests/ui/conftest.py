"""Shared fixtures of the app tests: a records store per test, the tiny scenario and its plan,
and a headless Chromium per browser-test module (helpers in tests/ui/browser.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.store import RecordStore
from scheduler.model import Scenario
from scheduler.plan import PlanResult, make_plan
from scheduler.scenario import load_scenario
from tests.ui.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny"
APP = ROOT / "ui" / "app.py"

#: records of the worked example (CONTRACT §5): 呼和浩特市 held its first two weekly fairs
RECORDS_CSV = (
    "record_id,region_id,kind,date,status,venue,employers,positions,attendees\n"
    "R1,150100,specialized,2024-07-04,held,HH-2,30,400,900\n"
    "R2,150100,专场,2024-07-09,已举办,HH-2,25,310,700\n"
    "R3,150100,comprehensive,2024-07-13,cancelled,HH-1,,,\n"
    "R4,150121,specialized,2024-07-17,held,TM-1,12,150,260\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite records store for the test, seen by the app through FAIRPLAN_DB."""
    url = str(tmp_path / "records.db")
    monkeypatch.setenv("FAIRPLAN_DB", url)
    monkeypatch.delenv("FAIRPLAN_SCENARIO", raising=False)
    yield url


@pytest.fixture
def tiny_default(db: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the worked example the app's default scenario (as `fairplan ui --scenario` does)."""
    monkeypatch.setenv("FAIRPLAN_SCENARIO", str(TINY))
    return TINY


@pytest.fixture(scope="session")
def tiny() -> Scenario:
    return load_scenario(TINY)


@pytest.fixture(scope="session")
def tiny_plan(tiny: Scenario) -> PlanResult:
    return make_plan(tiny, time_limit=5, workers=1)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, launched by Playwright once per test module."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def stored(db: str) -> int:
    with RecordStore(db) as store:
        return store.count()


def plain(markdown: str) -> str:
    """What a user reads of markdown that went through `ui.safety.md` (escapes undone)."""
    import re

    from ui.safety import WORD_JOINER

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")
