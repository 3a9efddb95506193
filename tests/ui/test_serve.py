"""`fairplan serve` and `fairplan ui` as real processes (issue 10 items 3 and 5): the app
answers its health check, the published plan's feeds answer on their own port, and
SIGTERM stops everything — no Streamlit child left on its port (regression: `fairplan ui`
stopped with SIGTERM left its child running)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from db import Database
from identity import User
from publish.plans import PlanStore
from scheduler.plan import PlanResult
from tests.ui.browser import free_port
from tests.ui.conftest import ROOT, TINY

pytestmark = pytest.mark.slow


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_for(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(log.read_text(errors="replace"))
        time.sleep(0.2)


@contextmanager
def started(argv: list[str], tmp: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    log = tmp / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", *argv], cwd=ROOT, stdout=out,
            stderr=subprocess.STDOUT, env={**os.environ, **env},
        )  # fmt: skip
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)


def stop_and_check(proc: subprocess.Popen[bytes], ports: list[int], log: Path) -> None:
    children = psutil.Process(proc.pid).children(recursive=True)
    assert children, "the app runs as a child process"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0, log.read_text(errors="replace")
    _, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, f"left running: {[c.pid for c in alive]}"
    for port in ports:
        with pytest.raises(OSError):
            get(f"http://127.0.0.1:{port}/")


def test_serve_runs_the_app_and_the_published_feeds_and_stops_on_sigterm(
    tmp_path: Path, tiny_plan: PlanResult
) -> None:
    db = str(tmp_path / "service.db")
    app_port, feeds_port = free_port(), free_port()
    public = f"http://feeds.hrss.example:{feeds_port}"
    argv = ["serve", "--host", "127.0.0.1", "--port", str(app_port), "--feeds-port",
            str(feeds_port), "--db", db, "--public-url", public]  # fmt: skip
    with started(argv, tmp_path, {"FAIRPLAN_DB": ""}) as proc:
        feeds = f"http://127.0.0.1:{feeds_port}"
        wait_for(f"{feeds}/healthz", proc, tmp_path / "serve.log")
        wait_for(f"http://127.0.0.1:{app_port}/_stcore/health", proc, tmp_path / "serve.log")
        assert get(f"{feeds}/feeds/150100.ics")[0] == 404  # nothing published yet
        with Database(db) as database:
            plans = PlanStore(database)
            plans.publish(plans.save(tiny_plan, TINY, User.open_mode()).plan_id, User.open_mode())
        deadline = time.monotonic() + 10
        while get(f"{feeds}/feeds/150100.ics")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        status, body = get(f"{feeds}/feeds/150100.ics")
        assert status == 200 and body.count(b"BEGIN:VEVENT") == sum(
            1 for f in tiny_plan.fairs if f.region_id in ("150100", "150121")
        )
        status, page = get(f"{feeds}/")
        text = page.decode("utf-8")
        assert (
            status == 200 and f"webcal://feeds.hrss.example:{feeds_port}/feeds/150100.ics" in text
        )
        assert "127.0.0.1" not in text  # the public URL, never the address asked on
        stop_and_check(proc, [app_port, feeds_port], tmp_path / "serve.log")


def test_serve_on_one_port_serves_the_app_and_the_feeds_side_by_side(
    tmp_path: Path, tiny_plan: PlanResult
) -> None:
    db = str(tmp_path / "one.db")
    with Database(db) as database:
        plans = PlanStore(database)
        plans.publish(plans.save(tiny_plan, TINY, User.open_mode()).plan_id, User.open_mode())
    port = free_port()
    argv = ["serve", "--host", "127.0.0.1", "--port", str(port), "--feeds-port", str(port),
            "--db", db, "--public-url", "https://fairplan.hrss.example"]  # fmt: skip
    with started(argv, tmp_path, {}) as proc:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/_stcore/health", proc, tmp_path / "serve.log")
        status, body = get(f"{base}/feeds/150100.ics")
        assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
        status, page = get(f"{base}/feeds/")
        assert status == 200 and b"webcal://fairplan.hrss.example/feeds/150100.ics" in page
        status, app_page = get(f"{base}/feeds")  # the app's own feeds page
        assert status == 200 and b"BEGIN:VCALENDAR" not in app_page and b"<html" in app_page.lower()
        assert get(f"{base}/healthz")[0] == 200
        stop_and_check(proc, [port], tmp_path / "serve.log")


def test_ui_stops_its_streamlit_child_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    argv = ["ui", "--host", "127.0.0.1", "--port", str(port), "--headless",
            "--db", str(tmp_path / "ui.db")]  # fmt: skip
    with started(argv, tmp_path, {}) as proc:
        wait_for(f"http://127.0.0.1:{port}/_stcore/health", proc, tmp_path / "serve.log")
        stop_and_check(proc, [port], tmp_path / "serve.log")


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        # a tokens file that is not there
        (["--tokens", "/nonexistent/tokens.txt"], "tokens"),
        # a public URL must be one
        (["--public-url", "feeds.example"], "--public-url"),
        # a port must be a number
        (["--feeds-port", "eighty"], "--feeds-port"),
    ],
)
def test_serve_refuses_bad_settings_before_listening(
    argv: list[str], problem: str, tmp_path: Path
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ui.cli", "serve", "--db", str(tmp_path / "x.db"), *argv],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2 and problem in proc.stderr and "Traceback" not in proc.stderr
