"""The fairplan service as one ASGI app (`st.App`): the Streamlit app of `ui/app.py` with
the service's own routes beside it. `fairplan ui` and `fairplan serve` run it (`streamlit
run ui/service.py` finds `app` below); so does uvicorn (`uvicorn ui.service:app`).

- Signing in and out (`ui.signin`): ``POST /session/login`` and ``/session/logout`` set
  and delete the HttpOnly session cookie every run of the app reads, so a reload keeps
  the user signed in (issue 10).
- On one port (`fairplan serve` with the feeds' port equal to the app's, CONTRACT §6),
  the published plan's feeds at `/feeds/<region_id>.ics`, their index at `/feeds/`
  (`/feeds` without the slash is an app page's address space), `/private/…`, `/qr/…`
  and `/healthz` — exactly the handlers of `calendars.server`.
- The dataframe toolbar's CSV download is off (`client.disableDataExport`): it is written
  by the browser, past the spreadsheet-safe writer (a cell `=HYPERLINK(…)` would become a
  live formula, CWE-1236); the pages offer their own exports through `scheduler.sheetwriter`.

Its settings come from the environment `fairplan serve` passes (`ui.settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from calendars.server import SHARED_PATHS, create_app
from db import Database
from publish.feeds import PublishedFeeds
from ui import signin
from ui.settings import Settings


def feed_routes(settings: Settings) -> list[Any]:
    feeds = create_app(
        PublishedFeeds(Database(settings.db), domain=settings.domain),
        public_url=settings.feeds_url,
        tokens_file=settings.tokens,
        private_only=settings.private_only,
    )
    return [r for r in feeds.routes if getattr(r, "path", None) in SHARED_PATHS]


def routes() -> list[Any]:
    settings = Settings.load()
    one_port = settings.port == settings.feeds_port
    return [*signin.routes(), *(feed_routes(settings) if one_port else [])]


st.set_option("client.disableDataExport", True)
app = st.App(str(Path(__file__).with_name("app.py")), routes=routes())
