"""The feed server (issue 3 item 3), over a real loopback socket with real HTTP clients."""

from __future__ import annotations

import datetime as dt
import gzip
import http.client
import os
import time
import urllib.error
import urllib.request
from dataclasses import replace
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from calendars.feeds import write_feeds
from calendars.server import FeedStore, create_app, parse_tokens, running
from ui.cli import main as cli_main

TOKEN = "k3J9s-0aPq_ZxW2mN8vR4tY6"


def request(
    base: str, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One raw request (the path is sent exactly as given, no normalisation)."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def test_feed_headers_and_body(base_url: str, plan_dir: Path) -> None:
    status, headers, body = request(base_url, "/feeds/150100.ics")
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert headers["access-control-allow-origin"] == "*"
    assert headers["etag"].startswith('"') and not headers["etag"].startswith("W/")
    assert headers["last-modified"].endswith("GMT")
    assert int(headers["content-length"]) == len(body)
    assert body == (plan_dir / "feeds" / "150100.ics").read_bytes()
    Calendar.from_ical(body)


def test_urllib_client_gets_the_feed(base_url: str, plan_dir: Path) -> None:
    with urllib.request.urlopen(f"{base_url}/feeds/150000.ics", timeout=10) as resp:
        assert resp.status == 200
        assert resp.read() == (plan_dir / "feeds" / "150000.ics").read_bytes()


def test_if_none_match_gives_304(base_url: str) -> None:
    _, headers, _ = request(base_url, "/feeds/150100.ics")
    etag = headers["etag"]
    status, h304, body = request(base_url, "/feeds/150100.ics", headers={"If-None-Match": etag})
    assert (status, body) == (304, b"")
    assert h304["etag"] == etag and h304["cache-control"] == "no-cache"
    for header in (f"W/{etag}", f'"other", {etag}', "*"):
        assert request(base_url, "/feeds/150100.ics", headers={"If-None-Match": header})[0] == 304
    status, _, body = request(base_url, "/feeds/150100.ics", headers={"If-None-Match": '"stale"'})
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")


def test_if_modified_since(base_url: str) -> None:
    _, headers, _ = request(base_url, "/feeds/150100.ics")
    since = {"If-Modified-Since": headers["last-modified"]}
    assert request(base_url, "/feeds/150100.ics", headers=since)[0] == 304
    old = {"If-Modified-Since": formatdate(0, usegmt=True)}
    assert request(base_url, "/feeds/150100.ics", headers=old)[0] == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2)
    both = {**since, "If-None-Match": '"stale"'}
    assert request(base_url, "/feeds/150100.ics", headers=both)[0] == 200


def test_head(base_url: str) -> None:
    _, get_headers, body = request(base_url, "/feeds/150000.ics")
    status, headers, head_body = request(base_url, "/feeds/150000.ics", method="HEAD")
    assert (status, head_body) == (200, b"")
    assert headers["etag"] == get_headers["etag"]
    assert int(headers["content-length"]) == len(body)
    assert headers["content-type"] == "text/calendar; charset=utf-8"


def test_gzip(base_url: str, plan_dir: Path) -> None:
    status, headers, body = request(
        base_url, "/feeds/150000.ics", headers={"Accept-Encoding": "gzip, deflate"}
    )
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "accept-encoding" in headers["vary"].lower()
    assert gzip.decompress(body) == (plan_dir / "feeds" / "150000.ics").read_bytes()
    etag = headers["etag"]
    assert etag.startswith('"')  # still strong, but distinct from the identity encoding's
    assert etag != request(base_url, "/feeds/150000.ics")[1]["etag"]
    status, _, _ = request(
        base_url,
        "/feeds/150000.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": etag},
    )
    assert status == 304
    status, headers, _ = request(
        base_url, "/feeds/150000.ics", headers={"Accept-Encoding": "gzip;q=0"}
    )
    assert "content-encoding" not in headers


def test_cors_preflight(base_url: str) -> None:
    status, headers, _ = request(
        base_url,
        "/feeds/150100.ics",
        method="OPTIONS",
        headers={"Origin": "https://calendar.example", "Access-Control-Request-Method": "GET"},
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert "GET" in headers["access-control-allow-methods"]


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/999999.ics",  # no such region
        "/feeds/150100",  # no extension
        "/feeds/index.json",  # not a feed
        "/feed/",  # "/feeds/" is the index (beside the app, docs/deploy.md)
        "/nothing",
        "/feeds/150100.ics/extra",
    ],
)
def test_unknown_paths_are_404_with_a_message(base_url: str, path: str) -> None:
    status, headers, body = request(base_url, path)
    assert status == 404
    assert body.strip() and headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/..%2f..%2fetc%2fpasswd",
        "/feeds/..%2F..%2F..%2Fetc%2Fpasswd",
        "/feeds/%2e%2e/%2e%2e/etc/passwd",
        "/feeds/../../etc/passwd",
        "/feeds/..%5c..%5cetc%5cpasswd",
        "/feeds/%2e%2e%2fplan%2ffeeds%2f150100.ics",
        "/feeds/..%2fsecret.ics",
        "/feeds/.hidden.ics",
        "/feeds/150100.ics%00.txt",
        "/feeds/%252e%252e%252fsecret.ics",
        "/qr/..%2fsecret.ics.svg",
        "/private/x/..%2f..%2fsecret.ics",
        "//etc/passwd",
    ],
)
def test_no_path_traversal(base_url: str, plan_dir: Path, path: str) -> None:
    (plan_dir / "secret.ics").write_bytes(b"BEGIN:VCALENDAR\r\nX-SECRET:1\r\nEND:VCALENDAR\r\n")
    (plan_dir / "feeds" / ".hidden.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    status, _, body = request(base_url, path)
    assert status in (400, 404)
    assert b"root:" not in body and b"X-SECRET" not in body and b"BEGIN:VCALENDAR" not in body


def test_symlink_out_of_the_folder_is_not_served(base_url: str, plan_dir: Path) -> None:
    (plan_dir / "secret.ics").write_bytes(b"BEGIN:VCALENDAR\r\nX-SECRET:1\r\nEND:VCALENDAR\r\n")
    os.symlink(plan_dir / "secret.ics", plan_dir / "feeds" / "777777.ics")
    status, _, body = request(base_url, "/feeds/777777.ics")
    assert status == 404 and b"X-SECRET" not in body


def test_changed_file_is_picked_up(base_url: str, plan_dir: Path, scenario, fairs) -> None:
    _, headers, before = request(base_url, "/feeds/150121.ics")
    assert (
        request(base_url, "/feeds/150121.ics", headers={"If-None-Match": headers["etag"]})[0] == 304
    )
    moved = [
        replace(f, date=dt.date(2024, 7, 8), sequence=1, modified="2024-07-02T00:00:00Z")
        if f.event_id == "E6"
        else f
        for f in fairs
    ]
    write_feeds(scenario, moved, plan_dir / "feeds")
    status, h2, after = request(
        base_url, "/feeds/150121.ics", headers={"If-None-Match": headers["etag"]}
    )
    assert status == 200 and after != before
    assert h2["etag"] != headers["etag"]
    assert b"SEQUENCE:1\r\n" in after and b"20240708T090000" in after
    # an unchanged feed keeps its ETag
    assert request(base_url, "/feeds/150122.ics")[0] == 200


def test_new_feed_appears_without_restart(base_url: str, plan_dir: Path, scenario, fairs) -> None:
    only_city = [f for f in fairs if f.region_id == "150100"]
    empty = plan_dir.parent / "other"
    write_feeds(scenario, only_city, empty / "feeds")
    with running(create_app(empty / "feeds")) as url:
        assert request(url, "/feeds/150121.ics")[0] == 404
        write_feeds(scenario, fairs, empty / "feeds")
        assert request(url, "/feeds/150121.ics")[0] == 200
        assert "土默特左旗" in request(url, "/")[2].decode()


@pytest.mark.parametrize("content", [b"", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"])
def test_broken_feed_is_never_an_empty_200(base_url: str, plan_dir: Path, content: bytes) -> None:
    (plan_dir / "feeds" / "150122.ics").write_bytes(content)
    status, headers, body = request(base_url, "/feeds/150122.ics")
    assert status == 503
    assert body.strip() and "retry-after" in headers


def test_unreadable_feed_is_503(base_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "150122.ics":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    status, headers, body = request(base_url, "/feeds/150122.ics")
    assert status == 503 and b"Permission denied" in body


def test_unexpected_error_is_a_500_with_a_message(
    base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: FeedStore, name: str) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(FeedStore, "get", boom)
    status, _, body = request(base_url, "/feeds/150100.ics")
    assert status == 500 and body.strip() and b"disk on fire" not in body


def test_index_page(base_url: str) -> None:
    status, headers, body = request(base_url, "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    page = body.decode("utf-8")
    assert '<html lang="zh-CN">' in page and "订阅" in page
    host = urlsplit(base_url).netloc
    for rid, name in (
        ("150000", "内蒙古自治区"),
        ("150100", "呼和浩特市"),
        ("150121", "土默特左旗"),
        ("150122", "托克托县"),
    ):
        assert name in page
        assert f'href="webcal://{host}/feeds/{rid}.ics"' in page
        assert f'href="http://{host}/feeds/{rid}.ics"' in page
    assert page.count("data:image/svg+xml;base64,") == 4  # inline QR codes
    assert "<script" not in page and "cdn" not in page.lower()
    etag = headers["etag"]
    assert request(base_url, "/", headers={"If-None-Match": etag})[0] == 304
    gz = request(base_url, "/", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(gz[2]) == body


def test_index_without_index_json_reads_calendar_names(base_url: str, plan_dir: Path) -> None:
    (plan_dir / "feeds" / "index.json").unlink()
    page = request(base_url, "/")[2].decode()
    assert "呼和浩特市招聘会" in page and "webcal://" in page


def test_qr_code_endpoint(base_url: str) -> None:
    status, headers, body = request(base_url, "/qr/150100.ics.svg")
    assert status == 200 and headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in body
    assert request(base_url, "/qr/999999.ics.svg")[0] == 404


# -- private feeds ---------------------------------------------------------------------------


def test_private_feeds_and_revocation(plan_dir: Path) -> None:
    tokens = plan_dir / "tokens.txt"
    tokens.write_text(f"# bureau tokens\n{TOKEN} 150100 呼和浩特市局\nshort 150100\n")
    app = create_app(plan_dir / "feeds", tokens_file=tokens, private_only=True)
    with running(app) as url:
        status, headers, body = request(url, f"/private/{TOKEN}/150100.ics")
        assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
        assert headers["cache-control"] == "private, no-cache"
        assert request(url, f"/private/{TOKEN}/150121.ics")[0] == 404  # another region
        assert request(url, "/private/wrong-token-wrong-token/150100.ics")[0] == 404
        assert request(url, "/private/short/150100.ics")[0] == 404  # too short to be valid
        assert request(url, "/feeds/150100.ics")[0] == 404  # private only
        assert request(url, "/")[0] == 404
        tokens.write_text("# revoked\n")
        assert request(url, f"/private/{TOKEN}/150100.ics")[0] == 404


def test_parse_tokens() -> None:
    parsed = parse_tokens(f"{TOKEN} * 全部地区  # admin\n\n# comment\n{TOKEN}x 150121\n")
    assert [(t.region_id, t.label) for t in parsed] == [("*", "全部地区"), ("150121", "")]


# -- command line ----------------------------------------------------------------------------


def test_serve_feeds_rejects_a_folder_without_feeds(tmp_path: Path, capsys) -> None:
    assert cli_main(["serve-feeds", str(tmp_path / "nope")]) == 2
    assert "feeds/" in capsys.readouterr().err


def test_serve_feeds_command_serves(plan_dir: Path) -> None:
    """`fairplan serve-feeds DIR --port P` as a real process."""
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve-feeds", str(plan_dir), "--port", str(port)],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                status, headers, _ = request(f"http://127.0.0.1:{port}", "/feeds/150100.ics")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_urllib_404_is_an_http_error(base_url: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{base_url}/feeds/000001.ics", timeout=10)
    assert err.value.code == 404
