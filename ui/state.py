"""What the pages share within a session and across sessions (issue 5).

- The scenario: the one chosen on the Plan page, else the server's default —
  `FAIRPLAN_SCENARIO` (set by `fairplan ui --scenario`) or the bundled sample —
  so a link an inspector shares opens on the same scenario.
- The plan: the last result of this session (`st.session_state["plan"]`).
- The store: one `db.Database` per database URL for the whole server (`FAIRPLAN_DB`,
  as for `fairplan check`); its records used by the pages only as `authorized(user)` —
  the records store as the signed-in user may use it (issue 7) — and the compliance
  rows judged from it, cached per user scope (`scope_key`) until the records change.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import streamlit as st

from ui.i18n import t, tm

if TYPE_CHECKING:
    from db import Database
    from identity.users import User
    from monitor.authorized import AuthorizedStore
    from monitor.compliance import ComplianceRow
    from monitor.store import RecordStore
    from scheduler.model import Scenario
    from scheduler.plan import PlanResult

SCENARIO_ENV = "FAIRPLAN_SCENARIO"
FEEDS_URL_ENV = "FAIRPLAN_FEEDS_URL"  # the old name of FAIRPLAN_PUBLIC_URL (ui.settings)
DB_ENV = "FAIRPLAN_DB"


def default_scenario_path() -> tuple[Path, str]:
    """The server's default scenario and how to call it ("sample" or "default")."""
    from scheduler.samples import sample_path

    env = os.environ.get(SCENARIO_ENV)
    if env:
        return Path(env), "default"
    return sample_path("csv"), "sample"


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_default(path: str) -> Scenario:
    from scheduler.scenario import load_scenario

    return load_scenario(Path(path))


def scenario() -> Scenario:
    """This session's scenario (raises InputError if the server's default is broken)."""
    chosen = st.session_state.get("scenario")
    if chosen is not None:
        return chosen  # type: ignore[no-any-return]
    path, _ = default_scenario_path()
    return _load_default(str(path))


def scenario_source() -> str:
    if st.session_state.get("scenario") is not None:
        return str(st.session_state.get("scenario_source", "upload"))
    return default_scenario_path()[1]


def set_scenario(value: Scenario | None, source: str = "upload") -> None:
    """Choose this session's scenario (None: back to the default); drops a plan of another one."""
    st.session_state["scenario"] = value
    st.session_state["scenario_source"] = source
    current = plan()
    if current is not None and current.scenario is not scenario():
        st.session_state["plan"] = None


def feeds_url() -> str:
    """The public base URL of the feeds (`ui.settings`: one setting, never loopback by
    accident), as `fairplan serve` passes it to the app."""
    from ui.settings import Settings

    return Settings.load().feeds_url


def caption() -> None:
    s = scenario()
    source = t(
        {"sample": "source_sample", "default": "source_default"}.get(
            scenario_source(), "source_upload"
        )
    )
    st.caption(tm("scenario_caption", name=s.name, source=source))


def plan() -> PlanResult | None:
    result = st.session_state.get("plan")
    return result  # type: ignore[no-any-return]


def today(s: Scenario) -> dt.date:
    """Today in the scenario's timezone (the contract's default as-of date)."""
    return dt.datetime.now(ZoneInfo(s.settings.timezone)).date()


# --- the records store ---------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _database(url: str | None) -> Database:
    from db import Database

    return Database(url)


def database() -> Database:
    """The server's store (`FAIRPLAN_DB`): one engine per database for every session."""
    return _database(os.environ.get(DB_ENV) or None)


def store() -> RecordStore:
    """The server's records store, unchecked: pages use `authorized(user)` instead."""
    from monitor.store import RecordStore

    return RecordStore(database())


def authorized(user: User) -> AuthorizedStore:
    """The records store as `user` may use it: every read filtered, every write checked."""
    from monitor.authorized import AuthorizedStore

    return AuthorizedStore(store(), user)


def store_signature(s: RecordStore) -> tuple[int, int]:
    """Changes whenever records are written (each write logs an import)."""
    return s.signature()


def store_label(user: User) -> str:
    """Where the records are, as this user may be told: the database's URL for admins
    (without its password), only "the server's store" for everyone else (issue 11)."""
    from identity.users import Action
    from texts import tr
    from ui.i18n import current

    if user.is_open or user.can(Action.MANAGE_ACCOUNTS):
        return database().masked_url
    return tr("server_store", lang=current())


@st.cache_resource(show_spinner=False, max_entries=8)
def _judged(
    _scenario: Scenario,
    scenario_key: str,
    url: str,
    signature: tuple[int, int],
    as_of: dt.date,
    scope: str,
    _records: AuthorizedStore,
) -> list[ComplianceRow]:
    """`scope` (`scope_key` of the user) keys the cache: users who see the same data share it."""
    from monitor.compliance import judge

    regions = _records.scope()
    records: Any = _records.frame() if signature[0] else []
    rows = judge(_scenario, records, as_of)
    return rows if regions is None else [r for r in rows if r.region_id in regions]


def compliance_rows(s: Scenario, as_of: dt.date, user: User) -> list[ComplianceRow]:
    """`judge` over the records `user` may read, limited to the regions they may see;
    cached per scenario, store version, as-of date and user scope."""
    from identity.users import scope_key

    key = f"{s.source}|{s.name}|{id(s)}"
    records = authorized(user)
    records.scope()  # re-checks the account (disabled: PermissionDenied) even on a cache hit
    raw = records.store
    return _judged(s, key, raw.url, store_signature(raw), as_of, scope_key(user), records)


def visible_regions(user: User) -> frozenset[str] | None:
    """The region ids `user` may see (a bureau: its region and descendants); None: all."""
    return authorized(user).scope()


# --- filters in the URL ------------------------------------------------------------


def url_index(key: str, options: Sequence[str]) -> int:
    """The position of `?key=` among `options` (0 when absent or unknown), to seed a widget.

    The URL holds codes (`level=city`, `city=150100`), not the labels shown, so a
    link works in either language; `bind="query-params"` would store the labels.
    """
    q = st.query_params.get(key)
    return options.index(q) if q in options else 0


def url_date(key: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(st.query_params.get(key, ""))
    except ValueError:
        return default


def to_url(key: str, value: object, default: object = "") -> None:
    """Write a widget's value to `?key=` (and drop it when it is the default)."""
    if value is None or value == default or value == "":
        if key in st.query_params:
            del st.query_params[key]
    else:
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if st.query_params.get(key) != text:
            st.query_params[key] = text
