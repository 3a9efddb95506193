"""The sign-in gate (`ui.auth`) in a real headless Chromium without the service's sign-in
routes (a bare `streamlit run` of a script): sign in, a refused action, sign out.

A tiny Streamlit script in tmp_path calls the gate the way `ui/app.py` does, then offers
two buttons that write through `AuthorizedStore`: one for the bureau's own city, one for
包头市. Debian's `chromium`, driven by Playwright through `executable_path`. The service
itself, with the sign-in cookie, is tests/ui/test_browser.py.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.browser import open_page, require_chromium, streamlit_server
from tests.ui.conftest import ROOT

pytestmark = pytest.mark.browser

PASSWORD = "hohhot password 1"

SCRIPT = """
import datetime as dt

import streamlit as st

from identity import PermissionDenied
from monitor.authorized import AuthorizedStore
from monitor.records import Record
from ui.auth import logout_button, require_login, scope_key
from ui.state import store as records_store

user = require_login()
logout_button(user)
st.header(f"欢迎 {user.name}")
st.write(f"scope: {scope_key(user)}")
store = AuthorizedStore(records_store(), user)
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


def accounts_store(tmp: Path, regions: Iterable[Any], inspector: str | None = None) -> Path:
    """tmp/records.db with an admin, `regions`, 呼和浩特市's bureau "hohhot" (and an inspector)."""
    from db import Database
    from identity import Accounts

    db = tmp / "records.db"
    with Database(str(db)) as database:
        acc = Accounts(database)
        admin = acc.add("admin", "admin", "admin password 1")
        acc.load_regions(regions, actor=admin)
        acc.add("hohhot", "bureau", PASSWORD, region_id="150100", actor=admin)
        if inspector is not None:
            acc.add(inspector, "inspector", PASSWORD, actor=admin)
    return db


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    require_chromium()
    from scheduler.model import Region

    tmp = tmp_path_factory.mktemp("auth-app")
    regions = [
        Region("150000", "内蒙古自治区", "province", None),
        Region("150100", "呼和浩特市", "city", "150000"),
        Region("150200", "包头市", "city", "150000"),
    ]
    db = accounts_store(tmp, regions)
    script = tmp / "gate.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {"FAIRPLAN_DB": str(db), "PYTHONPATH": str(ROOT), "FAIRPLAN_AUTH": None}

    def command(port: int) -> list[str]:
        return [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--browser.gatherUsageStats", "false"]  # fmt: skip

    with streamlit_server(tmp, command, env, cwd=tmp) as base:
        yield base, db


@pytest.fixture
def page(browser: Any, app: tuple[str, Path]) -> Iterator[Any]:
    with open_page(browser, app[0]) as pg:
        yield pg


def sign_in(pg: Any, name: str, password: str) -> None:
    pg.get_by_label("用户名").fill(name)
    pg.get_by_label("密码").fill(password)
    pg.get_by_role("button", name="登录").click()


def test_sign_in_refused_action_and_sign_out(page: Any, app: tuple[str, Path]) -> None:
    from playwright.sync_api import expect

    from monitor.store import RecordStore

    base, db = app
    page.goto(base)
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    expect(page.get_by_text("欢迎")).to_have_count(0)  # nothing behind the gate is shown

    sign_in(page, "hohhot", "not the password")
    expect(page.get_by_text(re.compile("^用户名或密码错误"))).to_be_visible()

    sign_in(page, "hohhot", PASSWORD)
    expect(page.get_by_role("heading", name="欢迎 hohhot")).to_be_visible()
    expect(page.get_by_text("scope: bureau:150100")).to_be_visible()
    expect(page.get_by_text(re.compile("^已登录：hohhot"))).to_be_visible()

    page.get_by_role("button", name="上报包头市记录 Report Baotou").click()
    expect(page.get_by_text(re.compile("没有保存任何记录"))).to_be_visible()
    expect(page.get_by_text("150200")).not_to_have_count(0)
    with RecordStore(str(db)) as store:
        assert store.count() == 0  # refused: the store is unchanged

    page.get_by_role("button", name="上报本市记录 Report own").click()
    expect(page.get_by_text("已保存 stored")).to_be_visible()
    with RecordStore(str(db)) as store:
        assert [r.region_id for r in store.records()] == ["150100"]

    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    expect(page.get_by_text("欢迎")).to_have_count(0)
    page.reload()  # a new browser session starts signed out too
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
