"""`fairplan serve` with the app and the feeds on one port: the Streamlit app as an ASGI
app (`st.App`) with the feed server's routes beside it.

`streamlit run ui/service.py` finds `app` below and serves it: the pages of `ui/app.py`,
and the published plan's feeds at `/feeds/<region_id>.ics`, their index at `/feeds/`
(`/feeds` without the slash is the app's feeds page), `/private/…`, `/qr/…` and
`/healthz` — exactly the handlers of `calendars.server`. Its settings come from the
environment `fairplan serve` passes (`ui.settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from calendars.server import SHARED_PATHS, create_app
from db import Database
from publish.feeds import PublishedFeeds
from ui.settings import Settings


def feed_routes() -> list[Any]:
    settings = Settings.load()
    feeds = create_app(
        PublishedFeeds(Database(settings.db), domain=settings.domain),
        public_url=settings.feeds_url,
        tokens_file=settings.tokens,
        private_only=settings.private_only,
    )
    return [r for r in feeds.routes if getattr(r, "path", None) in SHARED_PATHS]


app = st.App(str(Path(__file__).with_name("app.py")), routes=feed_routes())
