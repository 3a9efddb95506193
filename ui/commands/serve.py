"""`fairplan serve [--host H] [--port P] [--feeds-port Q] [--db URL]` — the whole service
(CONTRACT §6): the app on P and the published plan's feeds on Q (Q may be P: then Streamlit serves both, `ui/service.py`).

One process runs the feed server (the store's published plan, `publish.feeds`; private
feeds with `--tokens`) and supervises the Streamlit app as its child. Every setting
comes from one settings object (`ui.settings`: flags, then environment variables, then
`--config FILE`); a bad value stops it before anything listens. The links and QR codes
the app and the feed index show use the public URL setting (`--public-url`), never the
address a request came in on; without it, this machine's network address — and it says
so when that reaches this computer only.

SIGTERM (or Ctrl-C) stops the feed server and the app child; a child that dies stops
the service (exit 1). For production (PostgreSQL, nginx in front for TLS), see
docs/deploy.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from texts import tr
from ui.commands._signin import add_db_arg

if TYPE_CHECKING:
    from db import Database
    from ui.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help=tr("help.serve"),
        description=tr("about.serve"),
    )
    p.add_argument("--host", metavar=tr("metavar.host"), help=tr("help_host"))
    p.add_argument("--port", metavar=tr("metavar.port"), help=tr("help_app_port"))
    p.add_argument("--feeds-port", metavar=tr("metavar.port"), help=tr("help_feeds_port"))
    p.add_argument("--public-url", metavar=tr("metavar.url"), help=tr("help_public_url"))
    p.add_argument("--tokens", metavar=tr("metavar.file"), help=tr("help_tokens"))
    p.add_argument("--private-only", action="store_true", default=None, help=tr("help_private"))
    p.add_argument("--scenario", metavar=tr("metavar.scenario"), help=tr("help_default_scenario"))
    p.add_argument("--config", type=Path, metavar=tr("metavar.file"), help=tr("help_config"))
    add_db_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from calendars.server import create_app
    from db import Database
    from publish.feeds import PublishedFeeds
    from scheduler.errors import InputError, Problem
    from ui.commands.app import child_process, stop_signals, streamlit_command
    from ui.settings import Settings

    settings = Settings.load(
        config=args.config,
        db=args.db,
        host=args.host,
        port=args.port,
        feeds_port=args.feeds_port,
        public_url=args.public_url,
        tokens=args.tokens,
        private_only=args.private_only,
        scenario=args.scenario,
    )
    if settings.tokens is not None and not settings.tokens.is_file():
        raise InputError([Problem(str(settings.tokens), tr("tokens_missing"))])
    if settings.private_only and settings.tokens is None:
        raise InputError([Problem("--private-only", tr("private_needs_tokens"))])
    if settings.scenario is not None:
        from scheduler.scenario import load_scenario

        load_scenario(settings.scenario)  # a broken default: exit 2, before serving
    database = Database(settings.db)  # migrated (and a bad URL refused) before listening
    env = {**os.environ, **settings.child_env()}
    if settings.db is None:
        env["FAIRPLAN_DB"] = database.url  # the app and the feeds share one store
    if settings.port == settings.feeds_port:
        return _one_port(settings, database, env)
    feeds = create_app(
        PublishedFeeds(database, domain=settings.domain),
        public_url=settings.feeds_url,
        tokens_file=settings.tokens,
        private_only=settings.private_only,
    )
    server = uvicorn.Server(
        uvicorn.Config(
            feeds,
            host=settings.host,
            port=settings.feeds_port,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
    )
    app_url = f"http://{settings.host}:{settings.port}"
    print(tr("serve_app", url=app_url, db=database.masked_url), file=sys.stderr)
    print(tr("serving_feeds", what=tr("published_plan"), url=settings.feeds_url), file=sys.stderr)
    if settings.loopback_only():
        print(tr("loopback_warning", url=settings.feeds_url), file=sys.stderr)
    cmd = streamlit_command(settings.port, settings.host, headless=True)
    app_died: list[int] = []
    with child_process(cmd, env) as child, stop_signals() as stopped:

        def watch() -> None:  # the app ended on its own: stop the feeds too
            code = child.wait()
            if not server.should_exit:
                app_died.append(code)
                server.should_exit = True

        threading.Thread(target=watch, name="fairplan-app-watch", daemon=True).start()
        # uvicorn takes SIGTERM/SIGINT while it runs, shuts down, then raises the signal
        # again: `stop_signals` catches it, and leaving `child_process` stops the app
        server.run()
    database.close()
    if app_died and not stopped:
        print(tr("app_died", code=app_died[0]), file=sys.stderr)
        return 1
    return 0


def _one_port(settings: Settings, database: Database, env: dict[str, str]) -> int:
    """The app and the feeds on one port: Streamlit serves `ui/service.py` (`st.App`)."""
    from ui.commands.app import child_process, stop_signals, streamlit_command

    database.close()
    print(tr("serve_app", url=f"http://{settings.host}:{settings.port}", db=database.masked_url),
          file=sys.stderr)  # fmt: skip
    print(tr("serving_feeds", what=tr("published_plan"), url=settings.feeds_url + "/feeds"),
          file=sys.stderr)  # fmt: skip
    if settings.loopback_only():
        print(tr("loopback_warning", url=settings.feeds_url), file=sys.stderr)
    cmd = streamlit_command(settings.port, settings.host, headless=True)
    with child_process(cmd, env) as child, stop_signals() as stopped:
        code = child.wait()
    if stopped:
        return 0
    print(tr("app_died", code=code), file=sys.stderr)
    return 1
