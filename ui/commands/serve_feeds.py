"""`fairplan serve-feeds DIR [--host H] [--port P]` (CONTRACT §1).

Serves `DIR/feeds/<region_id>.ics` at `/feeds/<region_id>.ics` for calendar
subscriptions, with an index page in Chinese at `/` (links and QR codes).
`--tokens FILE` adds private feeds at `/private/<token>/<region_id>.ics`
(lines `<token> <region_id or *> [label]`; delete a line to revoke it), and
`--private-only` hides the public ones. See docs/feeds.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve-feeds",
        help="serve a plan's iCalendar feeds over HTTP for subscriptions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", help="a plan's output folder (holding feeds/)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--tokens", help="tokens file for private feeds")
    p.add_argument(
        "--private-only", action="store_true", help="serve only the private (token) feeds"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from calendars.server import resolve_feeds_dir, serve
    from scheduler.errors import InputError, Problem

    feeds = resolve_feeds_dir(Path(args.dir))  # bad DIR: exit 2 before listening
    tokens = Path(args.tokens) if args.tokens else None
    if tokens is not None and not tokens.is_file():
        raise InputError([Problem(str(tokens), "tokens file not found")])
    if args.private_only and tokens is None:
        raise InputError([Problem("--private-only", "needs --tokens FILE")])
    if not 0 <= args.port <= 65535:
        raise InputError([Problem("--port", f"{args.port} is not a port number (0–65535)")])
    print(f"serving {feeds} at http://{args.host}:{args.port}/", file=sys.stderr)
    serve(args.dir, args.host, args.port, tokens_file=tokens, private_only=args.private_only)
    return 0
