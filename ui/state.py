"""What the pages share within a session and across sessions (issues 5, 10).

- The store: one `db.Database` per database URL for the whole server (`FAIRPLAN_DB`, as
  for `fairplan serve`): records as the signed-in user may use them (`authorized`), plans
  (`plans`, `editor`), the published plan (`published`, cached per plan and user scope:
  a published plan never changes) and any stored plan (`stored_plan`, cached per version).
- The scenario of record: the published plan's scenario; before the first publish, the
  server's default — `FAIRPLAN_SCENARIO` (`fairplan serve --scenario`) or the bundled
  sample. Compliance, plan vs actual and the ledger judge against it and say which it is;
  a planner's upload on the plan page changes the planner's own session only.
- The planner's session: the scenario chosen on the plan page (`choice`), the last solve
  (`plan`) and the draft it was stored as (`plan_info`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import streamlit as st

from ui.i18n import t

if TYPE_CHECKING:
    from db import Database
    from identity.users import User
    from monitor.authorized import AuthorizedStore
    from monitor.compliance import ComplianceRow
    from monitor.store import RecordStore
    from publish.edits import Editor
    from publish.plans import PlanInfo, PlanStore, StoredPlan
    from scheduler.model import Scenario
    from scheduler.plan import PlanResult

SCENARIO_ENV = "FAIRPLAN_SCENARIO"
DB_ENV = "FAIRPLAN_DB"


# --- the store -----------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def database_at(url: str) -> Database:
    """One `Database` (engine, migrated once) per URL for the whole server; "" is the default."""
    from db import Database

    return Database(url or None)


def database() -> Database:
    """The server's store (`FAIRPLAN_DB`)."""
    return database_at(os.environ.get(DB_ENV) or "")


def store() -> RecordStore:
    """The server's records store, unchecked: pages use `authorized(user)` instead."""
    from monitor.store import RecordStore

    return RecordStore(database())


def authorized(user: User) -> AuthorizedStore:
    """The records store as `user` may use it: every read filtered, every write checked."""
    from monitor.authorized import AuthorizedStore

    return AuthorizedStore(store(), user)


def plans() -> PlanStore:
    from publish.plans import PlanStore

    return PlanStore(database())


def editor() -> Editor:
    from publish.edits import Editor

    return Editor(plans())


@st.cache_resource(show_spinner=False, max_entries=16)
def _plan_at(
    url: str, plan_id: int, version: tuple[Any, ...], scope: str, _user: User
) -> StoredPlan:
    """A stored plan as a user of `scope` sees it; `version` changes with every hand edit
    and every publish (its state is part of its `info`)."""
    return plans().get(plan_id, _user)


def stored_plan(plan_id: int, user: User) -> StoredPlan:
    """A stored plan with its scenario and fairs as `user` may see it (checked every time)."""
    from identity.users import scope_key

    info = plans().info(plan_id, user)  # re-checks the account and its right to this plan
    version = (info.updated_at, info.edits, info.published, info.ever_published)
    return _plan_at(database().url, plan_id, version, scope_key(user), user)


def published(user: User) -> StoredPlan | None:
    """The published plan as `user` may see it (a bureau: its regions' fairs), None before
    the first publish."""
    plan_id = plans().published_id()
    return None if plan_id is None else stored_plan(plan_id, user)


def store_label(user: User) -> str:
    """Where the records are, as this user may be told: the database's URL for admins
    (without its password), only "the server's store" for everyone else (issue 11)."""
    from identity.users import Action

    if user.is_open or user.can(Action.MANAGE_ACCOUNTS):
        return database().masked_url
    return t("server_store")


def feeds_url() -> str:
    """The public base URL of the feeds (`ui.settings`: one setting, never loopback by
    accident), as `fairplan serve` passes it to the app."""
    from ui.settings import Settings

    return Settings.load().feeds_url


def feeds_domain() -> str:
    """The domain of the feeds' UIDs, as the served feeds have them."""
    from ui.settings import Settings

    return Settings.load().domain


# --- scenarios -----------------------------------------------------------------------


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


def default_scenario() -> Scenario:
    """The server's default scenario (raises InputError if that file is broken)."""
    return _load_default(str(default_scenario_path()[0]))


def file_scenario(path: Path) -> Scenario:
    """A scenario read from a file of the server (a bundled sample), cached like the
    default (raises InputError if that file is broken)."""
    return _load_default(str(path))


@dataclass(frozen=True)
class RecordScenario:
    """The scenario records and compliance are judged against, and where it comes from."""

    scenario: Scenario
    plan: StoredPlan | None  # the published plan it belongs to, None: the server's default

    def caption(self) -> str:
        if self.plan is not None:
            info = self.plan.info
            return t("judged_published", name=info.scenario_name, version=info.scenario_version,
                     plan=info.plan_id)  # fmt: skip
        kind = default_scenario_path()[1]
        return t(
            "judged_default" if kind == "default" else "judged_sample", name=self.scenario.name
        )


def record_scenario(user: User) -> RecordScenario:
    """The published plan's scenario, else the server's default (InputError if broken)."""
    plan = published(user)
    if plan is not None:
        return RecordScenario(plan.scenario, plan)
    return RecordScenario(default_scenario(), None)


@dataclass(frozen=True)
class ScenarioChoice:
    """The scenario the planner chose on the plan page, and what `PlanStore.save` takes
    for it: the file (sample, default) or the id of its stored version (stored, upload)."""

    scenario: Scenario
    source: str  # sample | default | stored
    ref: Path | int
    version: int | None = None  # the stored version's number


def choice() -> ScenarioChoice | None:
    return st.session_state.get("scenario_choice_value")  # type: ignore[no-any-return]


def set_choice(value: ScenarioChoice | None) -> None:
    """Choose the planner's scenario (None: none); drops a plan of another scenario."""
    st.session_state["scenario_choice_value"] = value
    current = plan()
    if current is not None and (value is None or current.scenario is not value.scenario):
        st.session_state["plan"] = None
        st.session_state["plan_info"] = None


def plan() -> PlanResult | None:
    """The session's last solve."""
    return st.session_state.get("plan")  # type: ignore[no-any-return]


def plan_info() -> PlanInfo | None:
    """The stored draft the session's last solve became."""
    return st.session_state.get("plan_info")  # type: ignore[no-any-return]


def timezone() -> str:
    """The clock times are shown in: the server's default scenario's timezone."""
    try:
        return default_scenario().settings.timezone
    except Exception:  # a broken default scenario is reported where it is used
        return "Asia/Shanghai"


def today(s: Scenario) -> dt.date:
    """Today in the scenario's timezone (the contract's default as-of date)."""
    return dt.datetime.now(ZoneInfo(s.settings.timezone)).date()


# --- compliance ----------------------------------------------------------------------


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
    return _judged(s, key, raw.url, raw.signature(), as_of, scope_key(user), records)


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
