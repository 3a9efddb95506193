"""The app's sign-in gate (issue 7): call `require_login()` at the top of `ui/app.py`.

- Local accounts (`fairplan users add`) sign in with a Chinese-first form; a session
  token (its hash in the store, expiring after 8 hours) is kept in `st.session_state`
  and checked on every rerun, so disabling an account ends its session at once.
- Single sign-on: when Streamlit's ``[auth]`` is configured in ``secrets.toml``, a
  button calls `st.login`; the identity's claims map to a role and region through the
  ``[fairplan_sso]`` settings (`identity.sso.sso_identity`, docs/accounts.md).
- Open mode: while the store has no account at all, everyone uses the app as the one
  open-mode user (`User.open_mode`), and the sidebar says so — a fresh install plans,
  publishes and judges without any setup (issue 5). ``FAIRPLAN_AUTH=required`` in the
  environment turns this off: the sign-in page is shown even then, explaining how to
  create the first admin. The first account ends open mode for everyone at once (the
  store itself refuses open-mode writes from then on).
- A change of who is signed in (sign-out, another account, the end of open mode)
  clears this browser session's data (plan, uploads, filters), so the next person
  never sees the previous one's work.

The gate decides who is signed in; what they may see or change is enforced in the
data layer (`monitor.authorized.AuthorizedStore` for records, the `publish` stores
for plans), which the pages use for every read and write.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

import streamlit as st

from identity.accounts import Accounts
from identity.sessions import Sessions
from identity.sso import sso_identity, sso_user
from identity.users import AuthError, PermissionDenied, User
from identity.users import scope_key as _scope_key
from ui.safety import md

DB_ENV = "FAIRPLAN_DB"
AUTH_ENV = "FAIRPLAN_AUTH"
SESSION_KEY = "fairplan_session"
_EXPIRED_KEY = "fairplan_session_expired"
_WHO_KEY = "fairplan_who"
#: session keys that survive a change of user (the sign-in itself and the language)
_KEEP = {SESSION_KEY, _EXPIRED_KEY, _WHO_KEY, "fairplan_sso_error", "lang"}
OPEN_MODE_NOTICE = (
    "单机模式：尚无账户，任何人可使用。创建管理员后需登录 / Open mode: no accounts yet; "
    "once an admin exists (`fairplan users add NAME --role admin`), everyone signs in."
)

__all__ = ["current_user", "logout_button", "require_login", "scope_key", "accounts"]


@st.cache_resource(show_spinner=False, max_entries=4)
def _accounts(url: str | None) -> tuple[Accounts, Sessions]:
    from ui.state import _database

    acc = Accounts(_database(url))  # the pages' database: one engine per database
    return acc, Sessions(acc)


def accounts() -> Accounts:
    """The accounts of the app's store (`FAIRPLAN_DB`, as for the pages)."""
    return _accounts(os.environ.get(DB_ENV) or None)[0]


def sessions() -> Sessions:
    return _accounts(os.environ.get(DB_ENV) or None)[1]


def _sso_settings() -> dict[str, Any] | None:
    """The ``[fairplan_sso]`` settings when Streamlit's ``[auth]`` is configured, else None."""
    try:
        if "auth" not in st.secrets:
            return None
        return dict(st.secrets.get("fairplan_sso", {}))
    except Exception:  # no secrets.toml at all
        return None


def _sso_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:
        return False


def auth_required() -> bool:
    """``FAIRPLAN_AUTH=required``: no open mode, even before the first account exists."""
    return os.environ.get(AUTH_ENV, "").strip().lower() == "required"


def _open_mode_allowed(acc: Accounts) -> bool:
    return not auth_required() and not acc.has_accounts()


def current_user() -> User | None:
    """The signed-in user of this browser session, or None."""
    acc = accounts()
    token = st.session_state.get(SESSION_KEY)
    if token:
        user = sessions().user(token)
        if user is not None:
            return user
        del st.session_state[SESSION_KEY]  # expired, signed out elsewhere, or disabled
        st.session_state[_EXPIRED_KEY] = True
    settings = _sso_settings()
    if settings is not None and _sso_logged_in() and not st.session_state.get("fairplan_sso_error"):
        try:
            ident = sso_identity(st.user.to_dict(), settings)
            user = sso_user(acc, ident.username, ident.role, ident.region_id, ident.display_name)
        except AuthError as exc:
            st.session_state["fairplan_sso_error"] = exc.message
            return None
        st.session_state[SESSION_KEY] = sessions().start(user).token
        return user
    if _open_mode_allowed(acc):
        return User.open_mode(getpass.getuser())
    return None


def require_login() -> User:
    """The signed-in user; otherwise shows the sign-in page and stops the script."""
    user = current_user()
    if user is not None:
        _forget_previous_user(user)
        return user
    _login_page()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _forget_previous_user(user: User) -> None:
    """Drop the session's data when someone else is signed in than on the last run."""
    who = f"{user.name}|{_scope_key(user)}"
    if st.session_state.get(_WHO_KEY) not in (None, who):
        _clear_session_data()
    st.session_state[_WHO_KEY] = who


def _clear_session_data() -> None:
    job = st.session_state.get("job")
    if job is not None and hasattr(job, "stop"):
        job.stop()  # a solve started by the previous user
    for key in list(st.session_state.keys()):
        if key not in _KEEP:
            del st.session_state[key]


def _login_page() -> None:
    acc = accounts()
    settings = _sso_settings()
    st.title("登录 Sign in")
    st.caption("fairplan 招聘会规划与督查 · job-fair planning and compliance")
    if st.session_state.pop(_EXPIRED_KEY, False):
        st.info("登录已过期，请重新登录 / your session has expired: please sign in again")
    sso_error = st.session_state.get("fairplan_sso_error")
    if sso_error:
        st.error(md(sso_error))
        if st.button("退出单位登录 Sign out of SSO"):
            st.session_state.pop("fairplan_sso_error", None)
            st.logout()
    if settings is not None and not sso_error:
        provider = settings.get("provider") or None
        if st.button("单位统一身份认证登录 Sign in with SSO", type="primary"):
            st.login(provider)
    if not acc.has_accounts():
        if settings is None:
            st.warning(
                "还没有任何账户。请先在服务器上创建第一个管理员 / no accounts yet: create the first "
                "admin on the server:\n\n`fairplan users add NAME --role admin`"
            )
        return
    with st.form("fairplan_login"):
        name = st.text_input("用户名 Username", autocomplete="username")
        password = st.text_input("密码 Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("登录 Sign in", type="primary")
    if submitted:
        try:
            session = sessions().login(name.strip(), password)
        except (AuthError, PermissionDenied) as exc:
            st.error(getattr(exc, "message", None) or str(exc.problems[0].message))
            return
        st.session_state[SESSION_KEY] = session.token
        st.session_state.pop(_EXPIRED_KEY, None)
        st.rerun()


def logout_button(user: User | None = None) -> None:
    """Who is signed in and a sign-out button in the sidebar; in open mode, the notice."""
    user = user or current_user()
    if user is None:
        return
    with st.sidebar:
        if user.is_open:
            st.info(OPEN_MODE_NOTICE, icon=":material/lock_open:")
            return
        st.caption(f"已登录 Signed in: {md(user.describe())}")
        if st.button("退出登录 Sign out", key="fairplan_logout"):
            token = st.session_state.pop(SESSION_KEY, None)
            if token:
                sessions().end(token)
            _clear_session_data()
            st.session_state.pop(_WHO_KEY, None)
            if user.source == "oidc" and _sso_logged_in():
                st.logout()
            st.rerun()


def scope_key(user: User | None) -> str:
    """Put this in every cache key of data the user sees: equal for equal scopes."""
    return _scope_key(user)
