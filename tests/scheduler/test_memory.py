"""The allocator settings the solve relies on to stay under 1 GB (issue 12)."""

from __future__ import annotations

import sys

import pytest

from scheduler.cpsat import memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_glibc_takes_the_arena_limit_and_the_trim_runs() -> None:
    assert memory.limit_arenas(2) is True
    memory.release_memory()  # returns nothing; must not fail after a solve freed memory
