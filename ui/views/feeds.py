"""Feeds for the eye: a region's subscription links (public and private), its QR code,
its next fairs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from scheduler.model import Scenario
from scheduler.schedule import ScheduledFair
from ui.i18n import text, value
from ui.views.common import kind_text, tree_order, venue_text


def feed_urls(base: str, region_id: str, token: str | None = None) -> tuple[str, str]:
    """(http, webcal) links of a region's feed served at `base` (the public URL setting):
    the public one, or with `token` the private one (`/private/<token>/…`)."""
    base = base.strip().rstrip("/")
    if "://" not in base:
        base = "http://" + base
    path = f"private/{token}" if token else "feeds"
    http = f"{base}/{path}/{region_id}.ics"
    return http, "webcal://" + http.split("://", 1)[1]


def private_tokens(tokens_file: Path | None, username: str) -> list[str]:
    """The private feed tokens issued to `username` (`fairplan users token`), as the feed
    server reads them from its tokens file; [] when there is none."""
    if tokens_file is None:
        return []
    from calendars.server import TokenFile
    from identity.feed_tokens import TOKEN_TAG

    label = f"{TOKEN_TAG}{username}"
    mine = (t.token for t in TokenFile(tokens_file).tokens() if t.label.split(" ", 1)[0] == label)
    return list(dict.fromkeys(mine))


def qr_svg(url: str) -> str:
    """The feed server's own QR code (the same SVG its index page shows)."""
    from calendars.server import qr_svg as server_qr_svg

    return server_qr_svg(url).decode("utf-8")


def feed_regions(scenario: Scenario, fairs: Sequence[ScheduledFair]) -> list[str]:
    """Regions that have a feed: those with fairs and all their ancestors (CONTRACT §3)."""
    have: set[str] = set()
    for f in fairs:
        have.update(scenario.ancestors(f.region_id) or [f.region_id])
    return tree_order(scenario, have)


def preview_since(scenario: Scenario, today: dt.date) -> dt.date:
    """Today, unless the plan's horizon lies wholly before or after it: then its start."""
    s = scenario.settings
    return today if s.start <= today <= s.end else s.start


def next_fairs(
    scenario: Scenario,
    fairs: Sequence[ScheduledFair],
    region_id: str,
    since: dt.date,
    lang: str,
    n: int = 10,
) -> pd.DataFrame:
    """The next `n` fairs in a region's feed (the region and everything below it)."""
    below = set(scenario.descendants(region_id))
    upcoming = sorted(
        (f for f in fairs if f.region_id in below and f.date >= since),
        key=lambda f: (f.date, f.start, f.region_id),
    )[:n]
    return pd.DataFrame(
        {
            text("date", lang): [f.date for f in upcoming],
            text("time", lang): [f"{f.start:%H:%M}–{f.end:%H:%M}" for f in upcoming],
            text("region", lang): [f.region_name or f.region_id for f in upcoming],
            text("kind", lang): [kind_text(scenario.kinds, f.kind, lang) for f in upcoming],
            text("theme", lang): [f.theme for f in upcoming],
            text("venue", lang): [venue_text(scenario.kinds, f, lang) for f in upcoming],
            text("status", lang): [value(f.status, lang) for f in upcoming],
        }
    )
