"""Fixtures of the publish tests: the worked example and one plan of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.model import Scenario
from scheduler.plan import PlanResult, make_plan
from scheduler.scenario import load_scenario

TINY = Path(__file__).parents[1] / "data" / "tiny"


@pytest.fixture(scope="session")
def tiny() -> Scenario:
    return load_scenario(TINY)


@pytest.fixture(scope="session")
def tiny_plan(tiny: Scenario) -> PlanResult:
    return make_plan(tiny, time_limit=5, workers=1)
