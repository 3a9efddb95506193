"""Feed server findings of issue 11, each a regression test over a real socket.

- the index page and its QR codes were rebuilt for every new Host header, on the event
  loop: now built once per change of the feeds, off the loop, for the public URL only;
- a symlinked feeds folder was never re-resolved;
- a token rotation keeping the tokens file's size and mtime was missed;
- a tokens file that is not UTF-8 gave 500 on every private feed;
- a feed changed within the same second answered 304 to If-Modified-Since-only clients.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from email.utils import formatdate
from pathlib import Path

import calendars.server as server
from calendars.feeds import write_feeds
from calendars.server import create_app, running
from scheduler.model import Scenario
from scheduler.schedule import ScheduledFair
from tests.calendars.test_server import TOKEN, request


def test_any_host_header_gets_the_same_index_for_the_public_url_built_once(
    plan_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    builds: list[int] = []
    real = server._index_html

    def counted(*args, **kw):  # type: ignore[no-untyped-def]
        builds.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(server, "_index_html", counted)
    app = create_app(plan_dir / "feeds", public_url="https://fairplan.hrss.example")
    with running(app) as url:
        pages = {request(url, "/", headers={"Host": f"attacker-{i}.example"})[2] for i in range(20)}
    assert len(pages) == 1 and len(builds) == 1
    [page] = pages
    assert b"webcal://fairplan.hrss.example/feeds/150100.ics" in page
    assert b"attacker" not in page


def test_a_feed_is_served_while_the_index_is_being_built(plan_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The index is built in a worker thread: a feed poll answers meanwhile."""
    release = threading.Event()
    real = server._index_html

    def slow(*args, **kw):  # type: ignore[no-untyped-def]
        assert release.wait(30)
        return real(*args, **kw)

    monkeypatch.setattr(server, "_index_html", slow)
    with running(create_app(plan_dir / "feeds")) as url:
        index: list[int] = []
        t = threading.Thread(target=lambda: index.append(request(url, "/")[0]))
        t.start()
        time.sleep(0.2)  # the index request is inside the slow build
        status = request(url, "/feeds/150100.ics")[0]
        assert status == 200 and not index  # answered while the index still waits
        release.set()
        t.join(30)
        assert index == [200]


def test_a_switched_feeds_link_is_followed(tmp_path: Path, scenario: Scenario, fairs) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "release-a", tmp_path / "release-b"
    write_feeds(scenario, fairs, a)
    write_feeds(scenario, fairs[:2], b)
    link = tmp_path / "feeds"
    link.symlink_to(a)
    with running(create_app(link)) as url:
        first = request(url, "/feeds/150000.ics")[2]
        tmp = tmp_path / "feeds.new"
        tmp.symlink_to(b)
        os.replace(tmp, link)  # an atomic switch of releases
        second = request(url, "/feeds/150000.ics")[2]
    assert first == (a / "150000.ics").read_bytes()
    assert second == (b / "150000.ics").read_bytes() != first


def test_a_token_rotation_keeping_size_and_mtime_is_seen(plan_dir: Path) -> None:
    tokens = plan_dir / "tokens.txt"
    new = TOKEN[::-1]  # the same length
    tokens.write_text(f"{TOKEN} 150100\n", encoding="utf-8")
    st = tokens.stat()
    app = create_app(plan_dir / "feeds", tokens_file=tokens, private_only=True)
    with running(app) as url:
        assert request(url, f"/private/{TOKEN}/150100.ics")[0] == 200
        with tokens.open("r+", encoding="utf-8") as fh:  # rewritten in place
            fh.write(f"{new} 150100\n")
        os.utime(tokens, ns=(st.st_atime_ns, st.st_mtime_ns))  # mtime put back
        assert tokens.stat().st_size == st.st_size
        assert request(url, f"/private/{TOKEN}/150100.ics")[0] == 404
        assert request(url, f"/private/{new}/150100.ics")[0] == 200


def test_a_tokens_file_that_is_not_utf8_still_serves(plan_dir: Path) -> None:
    tokens = plan_dir / "tokens.txt"
    tokens.write_bytes(f"{TOKEN} 150100 呼和浩特市人社局\n".encode("gb18030"))
    app = create_app(plan_dir / "feeds", tokens_file=tokens)
    with running(app) as url:
        status, _, body = request(url, f"/private/{TOKEN}/150100.ics")
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")


def test_a_feed_changed_within_the_same_second_is_not_304(
    plan_dir: Path, scenario: Scenario, fairs: list[ScheduledFair]
) -> None:
    feed = plan_dir / "feeds" / "150100.ics"
    second = int(time.time()) - 100
    os.utime(feed, (second + 0.1, second + 0.1))
    with running(create_app(plan_dir / "feeds")) as url:
        _, headers, _ = request(url, "/feeds/150100.ics")
        seen = headers["last-modified"]
        assert seen == formatdate(second, usegmt=True)
        moved = [replace(f, sequence=f.sequence + 1) if i == 0 else f for i, f in enumerate(fairs)]
        write_feeds(scenario, moved, plan_dir / "feeds")
        os.utime(feed, (second + 0.6, second + 0.6))  # the same second as before
        status, headers, body = request(
            url, "/feeds/150100.ics", headers={"If-Modified-Since": seen}
        )
        assert status == 200 and body == feed.read_bytes()
        assert headers["last-modified"] != seen
        again = request(
            url, "/feeds/150100.ics", headers={"If-Modified-Since": headers["last-modified"]}
        )
        assert again[0] == 304
