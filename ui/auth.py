"""The app's sign-in gate (issues 7, 10): call `require_login()` at the top of every run.

- Local accounts (`fairplan users add`) sign in with a Chinese-first form. Served as
  `fairplan ui` or `fairplan serve` (`ui/service.py`), the form posts to the service's own
  sign-in route (`ui.signin`), which keeps the session token (identity.sessions: its hash
  in the store, expiring after 8 hours) in an HttpOnly, SameSite=Strict cookie: every run
  reads it (`st.context.cookies`), so reloading the page (F5) keeps the user signed in
  (issue 10), and the token never appears in a URL or in the page's scripts. Without
  those routes (a bare `streamlit run ui/app.py`, AppTest) the form is a Streamlit form
  and the token lives in `st.session_state` of the browser tab. Either way it is checked
  on every run, so disabling an account ends its session at once.
- Single sign-on: when Streamlit's ``[auth]`` is configured in ``secrets.toml``, a
  button calls `st.login`; the identity's claims map to a role and region through the
  ``[fairplan_sso]`` settings (`identity.sso.sso_identity`, docs/accounts.md).
- Open mode: while the store has no account at all, everyone uses the app as the one
  open-mode user (`User.open_mode`), and the sidebar says so — a fresh install plans,
  publishes and judges without any setup (issue 5). ``FAIRPLAN_AUTH=required`` turns
  this off: the sign-in page is shown even then, explaining how to create the first
  admin. The first account ends open mode for everyone at once (the store itself
  refuses open-mode writes from then on).
- A change of who is signed in (sign-out, another account, the end of open mode)
  clears this browser session's data (plan, uploads, filters), so the next person
  never sees the previous one's work.

The gate decides who is signed in; what they may see or change is enforced in the
data layer (`monitor.authorized.AuthorizedStore` for records, the `publish` stores
for plans), which the pages use for every read and write.
"""

from __future__ import annotations

import getpass
import html
import os
from typing import Any

import streamlit as st

from identity.accounts import Accounts
from identity.sessions import Sessions
from identity.sso import sso_identity, sso_user
from identity.users import AuthError, PermissionDenied, User
from identity.users import scope_key as _scope_key
from ui import signin
from ui.i18n import t, tm
from ui.safety import md

AUTH_ENV = "FAIRPLAN_AUTH"
SESSION_KEY = "fairplan_session"
_EXPIRED_KEY = "fairplan_session_expired"
_WHO_KEY = "fairplan_who"
#: session keys that survive a change of user (the sign-in itself and the language)
_KEEP = {SESSION_KEY, _EXPIRED_KEY, _WHO_KEY, "fairplan_sso_error", "lang"}

__all__ = ["accounts", "current_user", "logout_button", "require_login", "scope_key", "sessions"]


def accounts() -> Accounts:
    """The accounts of the app's store (`FAIRPLAN_DB`, as for the pages)."""
    return signin.accounts()


def sessions() -> Sessions:
    return signin.sessions()


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


def _cookie_token() -> str | None:
    if not signin.mounted():
        return None
    try:
        return st.context.cookies.get(signin.COOKIE) or None
    except Exception:  # no browser behind this run (a test harness)
        return None


def current_user() -> User | None:
    """The signed-in user of this browser session, or None."""
    acc = accounts()
    cookie = _cookie_token()
    if cookie:
        user = sessions().user(cookie)
        if user is not None:
            return user
        st.session_state[_EXPIRED_KEY] = True  # the cookie outlived its session
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


def require_login(page: str | None = None) -> User:
    """The signed-in user; otherwise shows the sign-in page and stops the script.

    `page`: the URL path of the app's page asked for (`""`: the app's address itself, where
    a role lands on its own first page), to which signing in returns with the URL's query
    (a shared link's filters survive signing in); None outside the app's navigation."""
    user = current_user()
    if user is not None:
        _forget_previous_user(user)
        return user
    _login_page(page)
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


def _next_url(page: str | None) -> str:
    from urllib.parse import urlencode

    query = {k: st.query_params.get(k, "") for k in st.query_params}
    return "/" + (page or "").strip("/") + (f"?{urlencode(query)}" if query else "")


def _login_page(page: str | None) -> None:
    acc = accounts()
    settings = _sso_settings()
    st.title(t("signin_title"))
    st.caption(t("signin_caption"))
    if st.session_state.pop(_EXPIRED_KEY, False):
        st.info(t("signin_expired"))
    flash = signin.take_flash(_flash_id())
    if flash:
        st.error(md(flash))
    sso_error = st.session_state.get("fairplan_sso_error")
    if sso_error:
        st.error(md(sso_error))
        if st.button(t("signin_sso_out")):
            st.session_state.pop("fairplan_sso_error", None)
            st.logout()
    if settings is not None and not sso_error:
        provider = settings.get("provider") or None
        if st.button(t("signin_sso"), type="primary"):
            st.login(provider)
    if not acc.has_accounts():
        if settings is None:
            st.warning(t("signin_no_accounts", command="fairplan users add NAME --role admin"))
        return
    if signin.mounted():
        st.html(_login_form(_next_url(page)))
        return
    with st.form("fairplan_login"):
        name = st.text_input(t("signin_username"), autocomplete="username")
        password = st.text_input(
            t("signin_password"), type="password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("signin_button"), type="primary")
    if submitted:
        try:
            session = sessions().login(name.strip(), password)
        except (AuthError, PermissionDenied) as exc:
            st.error(md(getattr(exc, "message", None) or exc.problems[0].message))
            return
        st.session_state[SESSION_KEY] = session.token
        st.session_state.pop(_EXPIRED_KEY, None)
        if page == "":  # the app's address itself: the role's own first page
            from ui import nav

            st.switch_page(nav.home(session.user).path)
        st.rerun()


def _flash_id() -> str | None:
    try:
        return st.context.cookies.get(signin.FLASH_COOKIE) or None
    except Exception:
        return None


_FORM_STYLE = """
<style>
.fp-signin { display: flex; flex-direction: column; gap: .75rem; max-width: 22rem; }
.fp-signin label { display: flex; flex-direction: column; gap: .3rem; font-size: .875rem; }
.fp-signin input { font: inherit; padding: .5rem .75rem; border-radius: .5rem;
  border: 1px solid rgba(49, 51, 63, .2); background: #f0f2f6; }
.fp-signin input:focus { outline: 2px solid #ff4b4b; }
.fp-button { font: inherit; padding: .45rem .9rem; border-radius: .5rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, .2); background: #fff; color: rgb(49, 51, 63); }
.fp-signin .fp-button { align-self: flex-start; background: #ff4b4b; color: #fff;
  border-color: #ff4b4b; }
</style>
"""


def _login_form(next_url: str) -> str:
    """The sign-in form, posting to the service's own route (no script, no token in a URL)."""
    e = html.escape
    return (
        _FORM_STYLE
        + f'<form class="fp-signin" method="post" action="{e(signin.LOGIN_PATH)}">'
        + f'<input type="hidden" name="next" value="{e(next_url)}">'
        + f'<label>{e(t("signin_username"))}<input name="username" autocomplete="username" '
        + "required autofocus></label>"
        + f'<label>{e(t("signin_password"))}<input name="password" type="password" '
        + 'autocomplete="current-password" required></label>'
        + f'<button class="fp-button" type="submit">{e(t("signin_button"))}</button></form>'
    )


def _logout_form() -> str:
    e = html.escape
    return (
        _FORM_STYLE
        + f'<form method="post" action="{e(signin.LOGOUT_PATH)}">'
        + f'<button class="fp-button" type="submit">{e(t("signout_button"))}</button></form>'
    )


def logout_button(user: User | None = None) -> None:
    """Who is signed in and a sign-out button in the sidebar; in open mode, the notice."""
    user = user or current_user()
    if user is None:
        return
    with st.sidebar:
        if user.is_open:
            st.info(t("open_mode_notice", command="fairplan users add NAME --role admin"),
                    icon=":material/lock_open:")  # fmt: skip
            return
        st.caption(tm("signed_in_as", who=user.describe()))
        if signin.mounted() and _cookie_token():
            st.html(_logout_form())
            return
        if st.button(t("signout_button"), key="fairplan_logout"):
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
