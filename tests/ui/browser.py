"""Helpers of the headless-Chromium tests: a Streamlit server on a free loopback port, a page.

Debian's `chromium`, driven by Playwright for Python through `executable_path` — never a
downloaded browser. Every page checks, when its test ends, that it asked nothing of any
host but the app's own (closed networks). The `browser` fixture is in conftest.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(
    tmp: Path,
    command: Callable[[int], list[str]],
    env: Mapping[str, str | None],
    cwd: Path | None = None,
) -> Iterator[str]:
    """Run `command(port)` (a `streamlit run`) on a free port until its health check answers.

    `env` is set on top of the test's environment (None removes a variable); the server's
    output goes to tmp/streamlit.log, shown if it stops or does not answer within a minute.
    Yields the base URL; the server is stopped afterwards.
    """
    port = free_port()
    full_env = {**os.environ}
    for name, value in env.items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = value
    log = (tmp / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        command(port), env=full_env, stdout=log, stderr=subprocess.STDOUT, cwd=cwd
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp / "streamlit.log").read_text(errors="replace"))
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def open_page(browser: Any, server: str) -> Iterator[Any]:
    """A zh-CN page in a fresh browser context; asserts at the end that no request left `server`."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    outside: list[str] = []
    pg.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:", "blob:")) else outside.append(r.url),
    )
    yield pg
    context.close()
    assert not outside, f"the app reached outside its own server: {outside}"
