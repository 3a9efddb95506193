"""Signing in and out as HTTP routes of the service itself (issue 10: F5 kept nobody signed in).

`routes()` are two Starlette routes that `ui/service.py` mounts beside the app in the one
`st.App`:

- ``POST /session/login`` (``username``, ``password``, ``next``) checks the password
  (`identity.sessions.Sessions.login`: lockout and throttling included), opens a session
  and answers with a redirect to ``next`` (a path of this service only) that sets the
  session token in the cookie `COOKIE` — HttpOnly (no script can read it), SameSite=
  Strict, Secure when the browser came over https (directly, or through nginx's
  ``X-Forwarded-Proto``), expiring with the session. A refused sign-in redirects back
  with a short-lived message id in `FLASH_COOKIE` (the message stays on the server).
- ``POST /session/logout`` ends the cookie's session in the store and deletes the cookie.

Both refuse a request whose ``Origin`` (else ``Referer``) is not this service itself:
another site cannot sign a browser in to its own account (login CSRF) or out.
The app reads the cookie on every run (`ui.auth.current_user`, `st.context.cookies`).
"""

from __future__ import annotations

import functools
import logging
import secrets
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from identity.accounts import Accounts
from identity.sessions import SESSION_TTL, Sessions
from identity.users import AuthError, PermissionDenied
from texts import tr

log = logging.getLogger("fairplan.auth")

COOKIE = "fairplan_session"
FLASH_COOKIE = "fairplan_signin_message"
LOGIN_PATH = "/session/login"
LOGOUT_PATH = "/session/logout"
FLASH_SECONDS = 120
_MAX_FIELD = 1024  # a user name or password longer than this is no sign-in

_mounted = False
_flash: dict[str, tuple[float, str]] = {}
_flash_lock = threading.Lock()


def mounted() -> bool:
    """Whether this process serves the sign-in routes (set by `routes()`)."""
    return _mounted


@functools.lru_cache(maxsize=4)
def _accounts(url: str) -> tuple[Accounts, Sessions]:
    from ui.state import database_at

    acc = Accounts(database_at(url))  # the pages' database: one engine per database
    return acc, Sessions(acc)


def _url() -> str:
    import os

    return os.environ.get("FAIRPLAN_DB") or ""


def accounts() -> Accounts:
    """The accounts of the service's store (`FAIRPLAN_DB`)."""
    return _accounts(_url())[0]


def sessions() -> Sessions:
    return _accounts(_url())[1]


# --- the message of a refused sign-in ------------------------------------------------


def _remember(message: str) -> str:
    key = secrets.token_urlsafe(16)
    now = time.monotonic()
    with _flash_lock:
        for k in [k for k, (at, _) in _flash.items() if now - at > FLASH_SECONDS]:
            del _flash[k]
        _flash[key] = (now, message)
    return key


def take_flash(key: str | None) -> str | None:
    """The message a refused sign-in left under `key` (once), None if none or too old."""
    if not key:
        return None
    with _flash_lock:
        found = _flash.pop(key, None)
    if found is None or time.monotonic() - found[0] > FLASH_SECONDS:
        return None
    return found[1]


# --- the routes ----------------------------------------------------------------------


def _same_origin(request: Any) -> bool:
    """The form was posted by a page of this service (Origin, else Referer, names its host)."""
    claimed = request.headers.get("origin") or request.headers.get("referer") or ""
    if not claimed or claimed == "null":
        return False
    # host names only: nginx in front passes `Host $host`, without the port it listens on
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or ""
    ours = urlsplit("//" + host.split(",")[0].strip()).hostname
    return ours is not None and urlsplit(claimed).hostname == ours


def _https(request: Any) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def safe_next(target: object) -> str:
    """A path of this service to return to (anything else, e.g. another site: `/`)."""
    text = target if isinstance(target, str) else ""
    parts = urlsplit(text)
    if (
        not text.startswith("/")
        or text.startswith("//")
        or "\\" in text
        or parts.scheme
        or parts.netloc
        or any(ord(c) < 32 for c in text)
    ):
        return "/"
    return text


def _set(response: Any, request: Any, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path="/", httponly=True, samesite="strict",
        secure=_https(request),
    )  # fmt: skip


def _refused(request: Any) -> Any:
    from starlette.responses import PlainTextResponse

    log.warning("sign-in route: refused a request from another origin")
    return PlainTextResponse(tr("signin_other_origin"), status_code=403)


async def login(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    if not _same_origin(request):
        return _refused(request)
    form = await request.form()
    name = str(form.get("username") or "").strip()[:_MAX_FIELD]
    password = str(form.get("password") or "")[:_MAX_FIELD]
    back = safe_next(form.get("next"))
    response = RedirectResponse(back, status_code=303)
    try:
        session = await run_in_threadpool(sessions().login, name, password)
    except (AuthError, PermissionDenied) as exc:
        message = getattr(exc, "message", None) or exc.problems[0].message
        _set(response, request, FLASH_COOKIE, _remember(message), FLASH_SECONDS)
        return response
    ttl = int(SESSION_TTL.total_seconds())
    _set(response, request, COOKIE, session.token, ttl)
    response.delete_cookie(FLASH_COOKIE, path="/")
    return response


async def logout(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    if not _same_origin(request):
        return _refused(request)
    token = request.cookies.get(COOKIE)
    if token:
        await run_in_threadpool(sessions().end, token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


def routes() -> list[Any]:
    """The sign-in routes, for the service's `st.App` (marks this process as serving them)."""
    from starlette.routing import Route

    global _mounted
    _mounted = True
    return [
        Route(LOGIN_PATH, login, methods=["POST"]),
        Route(LOGOUT_PATH, logout, methods=["POST"]),
    ]
