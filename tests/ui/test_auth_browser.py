"""The sign-in gate (`ui.auth`) in a real headless Chromium: sign in, a refused action, sign out.

A tiny Streamlit script in tmp_path calls the gate the way `ui/app.py` does, then offers
two buttons that write through `AuthorizedStore`: one for the bureau's own city, one for
包头市. Debian's `chromium`, driven by Playwright through `executable_path`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "hohhot password 1"

SCRIPT = """
import datetime as dt

import streamlit as st

from monitor.auth import AuthorizedStore, PermissionDenied
from monitor.records import Record
from ui.auth import accounts, logout_button, require_login, scope_key

user = require_login()
logout_button(user)
st.header(f"欢迎 {user.name}")
st.write(f"scope: {scope_key(user)}")
store = AuthorizedStore(accounts().store, user)
st.write(f"records: {store.count()}")
for label, region in (("上报本市记录 Report own", "150100"), ("上报包头市记录 Report Baotou", "150200")):
    if st.button(label):
        record = Record(f"W-{region}", region, "specialized", dt.date(2024, 7, 5), "held")
        try:
            store.store_records([record], source="browser")
            st.success("已保存 stored")
        except PermissionDenied as exc:
            st.error(str(exc))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from monitor.accounts import Accounts
    from monitor.store import RecordStore
    from scheduler.model import Region

    tmp = tmp_path_factory.mktemp("auth-app")
    db = tmp / "records.db"
    with RecordStore(str(db)) as store:
        acc = Accounts(store)
        admin = acc.add("admin", "admin", "admin password 1")
        acc.load_regions(
            [
                Region("150000", "内蒙古自治区", "province", None),
                Region("150100", "呼和浩特市", "city", "150000"),
                Region("150200", "包头市", "city", "150000"),
            ],
            actor=admin,
        )
        acc.add("hohhot", "bureau", PASSWORD, region_id="150100", actor=admin)
    script = tmp / "gate.py"
    script.write_text(SCRIPT, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "FAIRPLAN_DB": str(db), "PYTHONPATH": str(ROOT)}
    env.pop("FAIRPLAN_AUTH", None)
    log = (tmp / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp,
    )  # fmt: skip
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
        yield base, db
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def page(app: tuple[str, Path]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        pg = browser.new_page(locale="zh-CN")
        pg.set_default_timeout(30_000)
        yield pg
        browser.close()


def sign_in(pg: Any, name: str, password: str) -> None:
    pg.get_by_label("用户名 Username").fill(name)
    pg.get_by_label("密码 Password").fill(password)
    pg.get_by_role("button", name="登录 Sign in").click()


def test_sign_in_refused_action_and_sign_out(page: Any, app: tuple[str, Path]) -> None:
    from playwright.sync_api import expect

    from monitor.store import RecordStore

    base, db = app
    page.goto(base)
    expect(page.get_by_role("heading", name="登录 Sign in")).to_be_visible()
    expect(page.get_by_text("欢迎")).to_have_count(0)  # nothing behind the gate is shown

    sign_in(page, "hohhot", "not the password")
    expect(page.get_by_text("用户名或密码错误 / wrong username or password")).to_be_visible()

    sign_in(page, "hohhot", PASSWORD)
    expect(page.get_by_role("heading", name="欢迎 hohhot")).to_be_visible()
    expect(page.get_by_text("scope: bureau:150100")).to_be_visible()
    expect(page.get_by_text("已登录 Signed in: hohhot")).to_be_visible()

    page.get_by_role("button", name="上报包头市记录 Report Baotou").click()
    expect(page.get_by_text("nothing was stored")).to_be_visible()
    expect(page.get_by_text("150200")).not_to_have_count(0)
    with RecordStore(str(db)) as store:
        assert store.count() == 0  # refused: the store is unchanged

    page.get_by_role("button", name="上报本市记录 Report own").click()
    expect(page.get_by_text("已保存 stored")).to_be_visible()
    with RecordStore(str(db)) as store:
        assert [r.region_id for r in store.records()] == ["150100"]

    page.get_by_role("button", name="退出登录 Sign out").click()
    expect(page.get_by_role("heading", name="登录 Sign in")).to_be_visible()
    expect(page.get_by_text("欢迎")).to_have_count(0)
    page.reload()  # a new browser session starts signed out too
    expect(page.get_by_role("heading", name="登录 Sign in")).to_be_visible()


# --- the real app with accounts ---------------------------------------------------------

#: 呼和浩特市's record, and one of 包头市's that its bureau must not store
MIXED_RECORDS = (
    "地区编号,类型,日期,状态\n150100,专场,2024-07-02,已举办\n150200,专场,2024-07-03,已举办\n"
)


@pytest.fixture(scope="module")
def real_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`fairplan ui` on the bundled sample, with an admin, 呼和浩特市's bureau and an inspector."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from monitor.accounts import Accounts
    from monitor.store import RecordStore
    from scheduler.loader import load_scenario
    from scheduler.samples import sample_path
    from ui.commands.app import streamlit_command

    tmp = tmp_path_factory.mktemp("real-app")
    db = tmp / "records.db"
    with RecordStore(str(db)) as store:
        acc = Accounts(store)
        admin = acc.add("admin", "admin", "admin password 1")
        acc.load_regions(load_scenario(sample_path("csv")).regions.values(), actor=admin)
        acc.add("hohhot", "bureau", PASSWORD, region_id="150100", actor=admin)
        acc.add("dc01", "inspector", PASSWORD, actor=admin)
    port = free_port()
    env = {**os.environ, "FAIRPLAN_DB": str(db), "PYTHONPATH": str(ROOT)}
    for name in ("FAIRPLAN_AUTH", "FAIRPLAN_SCENARIO"):
        env.pop(name, None)
    log = (tmp / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        streamlit_command(port, headless=True), env=env, stdout=log, stderr=subprocess.STDOUT
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
        yield base, db
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_the_app_refuses_another_citys_records_and_shows_the_inspector_the_trail(
    page: Any, real_app: tuple[str, Path], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    from monitor.store import RecordStore

    base, db = real_app
    page.goto(f"{base}/records")
    expect(page.get_by_role("heading", name="登录 Sign in")).to_be_visible()
    expect(page.get_by_text("单机模式")).to_have_count(0)  # accounts exist: no open mode
    expect(page.get_by_role("heading", name="上报记录")).to_have_count(0)

    sign_in(page, "hohhot", PASSWORD)
    expect(page.get_by_role("heading", name="上报记录")).to_be_visible()
    records = tmp_path / "7月.csv"
    records.write_text(MIXED_RECORDS, encoding="utf-8")
    page.locator("input[type=file]").first.set_input_files(str(records))
    page.get_by_text("2 条记录全部通过校验。").wait_for()
    page.get_by_role("button", name="保存到记录库").click()
    expect(
        page.get_by_text(re.compile(r"7月\.csv, row 3, column region_id: 地区 150200"))
    ).to_be_visible()
    with RecordStore(str(db)) as store:
        assert store.count() == 0  # refused as a whole
    page.get_by_role("button", name="退出登录 Sign out").click()
    expect(page.get_by_role("heading", name="登录 Sign in")).to_be_visible()

    sign_in(page, "dc01", PASSWORD)
    expect(page.get_by_text(re.compile("^你只有查看权限"))).to_be_visible()
    expect(page.get_by_role("heading", name="审计记录")).to_be_visible()
    expect(page.locator("input[type=file]")).to_have_count(0)
