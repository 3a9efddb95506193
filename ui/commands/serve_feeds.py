"""`fairplan serve-feeds DIR [--host H] [--port P] [--public-url URL]` (CONTRACT §1).

Serves `DIR/feeds/<region_id>.ics` at `/feeds/<region_id>.ics` for calendar
subscriptions, with an index page in Chinese at `/` (links and QR codes).
It listens on every interface by default (`--host 0.0.0.0`), so bureaus on other
computers can subscribe; the links and QR codes show `--public-url` (or
`$FAIRPLAN_PUBLIC_URL`), else this machine's network address — and it says so when
that address reaches this computer only. `--tokens FILE` adds private feeds at
`/private/<token>/<region_id>.ics` (lines `<token> <region_id or *> [label]`; delete a
line to revoke it), and `--private-only` hides the public ones. To serve the store's
published plan with the app, use `fairplan serve`. See docs/feeds.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from texts import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve-feeds",
        help=tr("help.serve-feeds"),
        description=tr("about.serve-feeds"),
    )
    p.add_argument("dir", metavar=tr("metavar.dir"), help=tr("opt.feeds.dir"))
    p.add_argument("--host", metavar=tr("metavar.host"), help=tr("help_host"))
    p.add_argument(
        "--port", type=int, default=8000, metavar=tr("metavar.port"), help=tr("opt.feeds.port")
    )
    p.add_argument("--public-url", metavar=tr("metavar.url"), help=tr("help_public_url"))
    p.add_argument("--tokens", metavar=tr("metavar.file"), help=tr("help_tokens"))
    p.add_argument("--private-only", action="store_true", help=tr("help_private"))
    p.add_argument("--config", type=Path, metavar=tr("metavar.file"), help=tr("help_config"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from calendars.server import resolve_feeds_dir, serve
    from scheduler.errors import InputError, Problem
    from ui.settings import Settings

    feeds = resolve_feeds_dir(Path(args.dir))  # bad DIR: exit 2 before listening
    if not 0 <= args.port <= 65535:
        raise InputError([Problem("--port", tr("setting_expect_port"))])
    settings = Settings.load(
        config=args.config,
        host=args.host,
        public_url=args.public_url,
        tokens=args.tokens,
        feeds_port=args.port or None,
    )
    tokens = settings.tokens
    if tokens is not None and not tokens.is_file():
        raise InputError([Problem(str(tokens), tr("tokens_missing"))])
    private_only = args.private_only or settings.private_only
    if private_only and tokens is None:
        raise InputError([Problem("--private-only", tr("private_needs_tokens"))])
    url = settings.feeds_url
    print(tr("serving_feeds", what=feeds, url=url), file=sys.stderr)
    print(tr("listening", host=settings.host, port=args.port), file=sys.stderr)
    if settings.loopback_only():
        print(tr("loopback_warning", url=url), file=sys.stderr)
    serve(
        feeds,
        settings.host,
        args.port,
        public_url=url,
        tokens_file=tokens,
        private_only=private_only,
    )
    return 0
