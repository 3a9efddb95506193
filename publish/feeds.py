"""The published plan's feeds, served from the store (`fairplan serve`).

`PublishedFeeds` is a `calendars.server.FeedSource`. It builds every feed of the
published plan in memory once (`calendars.feeds.build_feeds`), keyed by the published
plan's id, and swaps the whole set in one assignment when another plan is published: a
subscriber polling during a publish gets the old feed or the new one, never a mix, and
never a feed of one plan beside the index of another. Building runs in a worker thread
while the old set keeps being served.

The store is asked which plan is published at most once per `poll` seconds (a poll
between two checks is answered from memory, on the event loop); the check itself runs in
a worker thread. A feed whose bytes did not change keeps its ETag and Last-Modified; a
changed one gets the publication's time (and always a later Last-Modified than before).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass, field

from calendars.feeds import DEFAULT_DOMAIN, build_feeds
from calendars.server import Feed, calname_of
from db import Database
from publish.plans import PlanStore


@dataclass(frozen=True)
class _FeedSet:
    plan_id: int | None
    feeds: dict[str, Feed] = field(default_factory=dict)
    listing: list[dict[str, object]] = field(default_factory=list)


class PublishedFeeds:
    """Feeds of the store's published plan (see the module docstring)."""

    def __init__(self, db: Database, domain: str = DEFAULT_DOMAIN, poll: float = 1.0) -> None:
        self.plans = PlanStore(db)
        self.domain = domain
        self.poll = poll
        self._set = _FeedSet(None)
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def _current(self) -> _FeedSet:
        """The set of the plan published now (built if new); called in worker threads."""
        plan_id = self.plans.published_id()
        current = self._set
        if plan_id == current.plan_id:
            self._checked = time.monotonic()
            return current
        with self._lock:  # one build at a time; the others wait for it, then find it
            if self._set.plan_id != plan_id:
                self._set = self._build(plan_id, self._set)
            self._checked = time.monotonic()
            return self._set

    def _build(self, plan_id: int | None, old: _FeedSet) -> _FeedSet:
        if plan_id is None:
            return _FeedSet(None)
        plan = self.plans.get(plan_id, None)
        built = build_feeds(plan.scenario, plan.fairs, self.domain)
        at = self.plans.published_at(plan_id) or time.time()
        feeds: dict[str, Feed] = {}
        for name, body in built.feeds.items():
            previous = old.feeds.get(name)
            feed = Feed.of(body, at, calname_of(body, name.removesuffix(".ics")))
            feeds[name] = (
                previous if previous and previous.etag == feed.etag else feed.after(previous)
            )
        return _FeedSet(plan_id, feeds, [dict(info.__dict__) for info in built.infos])

    # --- FeedSource ----------------------------------------------------------------------

    def fresh(self, name: str) -> Feed | None:
        if time.monotonic() - self._checked > self.poll:
            return None  # time to ask the store again (in a worker thread)
        return self._set.feeds.get(name)

    def get(self, name: str) -> Feed | None:
        return self._current().feeds.get(name)

    def listing(self) -> list[dict[str, object]]:
        return list(self._current().listing)

    def signature(self) -> Hashable:
        return self._current().plan_id
