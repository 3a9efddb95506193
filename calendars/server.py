"""The feed HTTP server: a plan's iCalendar feeds for subscriptions (CONTRACT §1, §6; issue 3).

It serves a *feed source*: `FeedStore`, the `feeds/` folder of a plan's output
(`fairplan serve-feeds DIR`), or the published plan of the store (`fairplan serve`,
`publish.feeds.PublishedFeeds`). Calendar clients poll a feed every hour or so; most
polls should cost a cache check and a 304. So:

- `/feeds/<region_id>.ics` answers with `text/calendar; charset=utf-8`, a strong
  ETag over the bytes, Last-Modified, `Cache-Control: no-cache` (clients revalidate
  every time instead of guessing freshness) and CORS `*`; If-None-Match (or, without
  it, If-Modified-Since) gives 304; HEAD works; gzip is negotiated and the compressed
  bytes are cached per version. A new version of a feed always gets a Last-Modified
  later than the one before, even when both were written within one second (issue 11:
  clients sending only If-Modified-Since got 304 for a changed feed).
- Folder feeds are re-read when they change: the cache is keyed by mtime, size and
  inode, and feeds are replaced atomically, so a half-written feed is never served. The
  folder's path is never resolved once and for all: a `feeds` link switched to another
  folder (a deployment swapping releases) is followed at the next request. A missing,
  empty or unreadable feed is a 404 or 503 with a message, never an empty 200.
- Only names like `150100.ics` directly inside `feeds/` are served (no path
  traversal, no dot files, no symlinks out of the folder).
- `/` lists every feed in Chinese with its `webcal://` and `http://` links and a
  QR code (generated here, nothing from a CDN). Links and QR codes use one setting, the
  public base URL (`public_url`), never the request's Host header: the page is built
  once per change of the feeds, in a worker thread, whatever Host a client sends
  (issue 11: it was rebuilt, with up to 50 QR codes, on the event loop for every new
  Host). Without a public URL the page says so and shows relative links.
- Optional private feeds: a tokens file (`--tokens FILE`) with lines
  `<token> <region_id or *> [label]` serves `/private/<token>/<region_id>.ics`;
  deleting a line revokes the token at once (the file is re-read whenever its mtime,
  size, inode or ctime changes — a rewrite keeping size and mtime is seen too). A file
  that is not UTF-8 is read with replacement characters (tokens are ASCII), never a 500.
  With `private_only`, the public `/feeds/` URLs and the index answer 404.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import html
import io
import json
import logging
import os
import re
import socket
import stat
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Protocol

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from calendars.feeds import INDEX_NAME
from scheduler.errors import InputError, Problem

log = logging.getLogger("fairplan.feeds")

CALENDAR_TYPE = "text/calendar; charset=utf-8"
FEED_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}\.ics$")
#: QR codes are drawn into the index page up to this many feeds, then fetched lazily
INLINE_QR_LIMIT = 50
#: below this size gzip saves less than it costs
GZIP_MIN = 1024

COMMON_HEADERS = {
    "access-control-allow-origin": "*",
    "x-content-type-options": "nosniff",
}
FEED_HEADERS = {
    **COMMON_HEADERS,
    "cache-control": "no-cache",
    "access-control-expose-headers": "ETag, Last-Modified, Content-Length",
    "vary": "Accept-Encoding",
}


@dataclass
class Feed:
    """One version of one feed file, as served."""

    body: bytes
    etag: str  # strong, over the identity bytes: "sha256 prefix"
    last_modified: str  # HTTP date of `modified`
    mtime: float  # when this version was written (a file's mtime; a publication's time)
    calname: str
    _gz: bytes | None = field(default=None, repr=False)
    modified: int = 0  # Last-Modified in whole seconds; later than every earlier version's

    @staticmethod
    def of(body: bytes, mtime: float, calname: str) -> Feed:
        digest = hashlib.sha256(body).hexdigest()[:32]
        return Feed(
            body=body,
            etag=f'"{digest}"',
            last_modified=formatdate(int(mtime), usegmt=True),
            mtime=mtime,
            calname=calname,
            modified=int(mtime),
        )

    def after(self, earlier: Feed | None) -> Feed:
        """This version, its Last-Modified moved past `earlier`'s when it would not be."""
        if earlier is None or earlier.etag == self.etag or self.modified > earlier.modified:
            return self
        later = earlier.modified + 1
        self.modified = later
        self.last_modified = formatdate(later, usegmt=True)
        return self

    @property
    def gz_etag(self) -> str:
        return self.etag[:-1] + '-gz"'

    @property
    def has_gzip(self) -> bool:
        return self._gz is not None

    def gzipped(self) -> bytes:
        if self._gz is None:
            self._gz = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gz


class FeedUnavailable(Exception):
    """The feed exists but cannot be served right now (unreadable, empty, not a calendar)."""


class FeedSource(Protocol):
    """Where the server's feeds come from (a folder, or the store's published plan)."""

    def fresh(self, name: str) -> Feed | None:
        """The current version if it is known without I/O worth a thread, else None."""
        ...

    def get(self, name: str) -> Feed | None:
        """The current version of a feed (None: no such feed); may raise FeedUnavailable.
        Runs in a worker thread."""
        ...

    def listing(self) -> list[dict[str, object]]:
        """The feeds for the index page (`calendars.feeds.FeedInfo` fields)."""
        ...

    def signature(self) -> Hashable:
        """Changes whenever the set of feeds or any feed changes."""
        ...


_CALNAME = re.compile(rb"^X-WR-CALNAME:(.*)$", re.MULTILINE)


def calname_of(body: bytes, fallback: str) -> str:
    match = _CALNAME.search(body, 0, 4096)
    return match.group(1).decode("utf-8", "replace").strip() if match else fallback


class FeedStore:
    """Feed files of one folder, cached by (mtime, size, inode) so changes are picked up.

    The folder's path is kept as given (made absolute, never resolved): if it is a link,
    every request follows it to wherever it points now.
    """

    def __init__(self, feeds_dir: Path, max_entries: int = 4096) -> None:
        self.dir = Path(os.path.abspath(feeds_dir))
        self._cache: OrderedDict[str, tuple[tuple[int, int, int], Feed]] = OrderedDict()
        self._last: dict[str, Feed] = {}  # the last version served of each feed
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def path_of(self, name: str) -> Path | None:
        """The file for a requested feed name, or None if the name is not a feed name."""
        if not FEED_NAME.match(name) or name.startswith("."):
            return None
        path = self.dir / name
        if path.parent != self.dir:
            return None
        return path

    def fresh(self, name: str) -> Feed | None:
        """The cached feed if the file has not changed since it was read, else None."""
        cached = self._cache.get(name)
        if cached is None:
            return None
        try:
            st = os.lstat(self.dir / name)
        except OSError:
            return None
        return cached[1] if cached[0] == (st.st_mtime_ns, st.st_size, st.st_ino) else None

    def get(self, name: str) -> Feed | None:
        """The current version of a feed; None if there is no such feed."""
        path = self.path_of(name)
        if path is None:
            return None
        try:
            st = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise FeedUnavailable(f"cannot read {name}: {exc.strerror}") from exc
        if not stat.S_ISREG(st.st_mode):  # symlinks and folders are never served
            return None
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        cached = self._cache.get(name)
        if cached is not None and cached[0] == key:
            return cached[1]
        feed = self._load(path, st)
        with self._lock:
            feed = feed.after(self._last.get(name))
            self._last[name] = feed
            self._cache[name] = (key, feed)
            self._cache.move_to_end(name)
            while len(self._cache) > self.max_entries:
                self._cache.popitem(last=False)
        return feed

    def _load(self, path: Path, st: os.stat_result) -> Feed:
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise FeedUnavailable(f"cannot read {path.name}: {exc.strerror}") from exc
        if not body.startswith(b"BEGIN:VCALENDAR") or not body.rstrip().endswith(b"END:VCALENDAR"):
            raise FeedUnavailable(f"{path.name} is empty or not a complete iCalendar file")
        return Feed.of(body, st.st_mtime, calname_of(body, path.stem))

    def listing(self) -> list[dict[str, object]]:
        """Every feed to list on the index page, from `index.json` when `write_feeds` wrote one."""
        index = self.dir / INDEX_NAME
        try:
            doc = json.loads(index.read_text(encoding="utf-8"))
            entries = [
                e
                for e in doc["feeds"]
                if isinstance(e, dict) and self.path_of(str(e.get("file", ""))) is not None
            ]
            entries = [e for e in entries if (self.dir / str(e["file"])).is_file()]
            if entries:
                return entries
        except (OSError, ValueError, KeyError, TypeError):
            pass
        out: list[dict[str, object]] = []
        for path in sorted(self.dir.glob("*.ics")):
            try:
                feed = self.get(path.name)
            except FeedUnavailable:
                continue
            if feed is not None:
                out.append({"region_id": path.stem, "calname": feed.calname, "file": path.name})
        return out

    def signature(self) -> Hashable:
        """Changes whenever a feed is added, replaced or removed, or index.json changes,
        or the folder's link points elsewhere."""
        out: list[int] = []
        for path in (self.dir, self.dir / INDEX_NAME):
            try:
                st = os.stat(path)
                out += [st.st_ino, st.st_mtime_ns]
            except OSError:
                out += [0, 0]
        return tuple(out)


@dataclass(frozen=True)
class Token:
    token: str
    region_id: str  # or "*"
    label: str = ""


class TokenFile:
    """Secret tokens for private feeds, re-read whenever the file changes (revocation)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._key: tuple[int, ...] | None = None
        self._tokens: list[Token] = []

    def tokens(self) -> list[Token]:
        try:
            st = self.path.stat()
            # ctime changes with every write and cannot be set back: a rotation that keeps
            # size and mtime (touch -r) is seen too; a replaced file has a new inode
            key = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
            if key != self._key:
                raw = self.path.read_bytes()
                self._tokens = parse_tokens(raw.decode("utf-8", errors="replace"))
                self._key = key
                if b"\xef\xbf\xbd" not in raw and "\ufffd" in raw.decode("utf-8", "replace"):
                    log.warning(
                        "%s is not UTF-8: labels read with replacement characters", self.path
                    )
        except OSError:
            self._key, self._tokens = None, []  # a missing file revokes every token
        return self._tokens

    def allows(self, token: str, region_id: str) -> bool:
        ok = False
        for t in self.tokens():  # compare against every entry: no timing hint of a prefix
            if hmac.compare_digest(t.token.encode(), token.encode()) and t.region_id in (
                "*",
                region_id,
            ):
                ok = True
        return ok


def parse_tokens(text: str) -> list[Token]:
    """Lines `<token> <region_id or *> [label]`; blank lines and `#` comments skipped.

    Tokens shorter than 16 characters are ignored: they could be guessed.
    """
    out = []
    for line in text.splitlines():
        parts = line.split("#", 1)[0].split(None, 2)
        if len(parts) >= 2 and len(parts[0]) >= 16:
            out.append(Token(parts[0], parts[1], parts[2].strip() if len(parts) > 2 else ""))
    return out


# -- HTTP --------------------------------------------------------------------------------


def _etag_matches(header: str, feed: Feed) -> bool:
    """If-None-Match uses weak comparison (RFC 9110 §13.1.2); either encoding's tag matches."""
    if header.strip() == "*":
        return True
    ours = {feed.etag, feed.gz_etag}
    for tag in header.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag in ours:
            return True
    return False


def _not_modified_since(header: str, feed: Feed) -> bool:
    try:
        since = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    return feed.modified <= since


def _wants_gzip(request: Request) -> bool:
    accept = request.headers.get("accept-encoding", "")
    for part in accept.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() == "gzip":
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _text(status: int, message: str, extra: dict[str, str] | None = None) -> Response:
    """Every failure says what went wrong: never an empty 200."""
    return Response(
        message + "\n",
        status_code=status,
        media_type="text/plain; charset=utf-8",
        headers={**COMMON_HEADERS, "cache-control": "no-store", **(extra or {})},
    )


def feed_response(request: Request, feed: Feed, filename: str) -> Response:
    headers = {**FEED_HEADERS, "last-modified": feed.last_modified}
    use_gz = len(feed.body) >= GZIP_MIN and _wants_gzip(request)
    headers["etag"] = feed.gz_etag if use_gz else feed.etag
    inm = request.headers.get("if-none-match")
    if inm is not None:
        fresh = _etag_matches(inm, feed)
    else:
        ims = request.headers.get("if-modified-since")
        fresh = ims is not None and _not_modified_since(ims, feed)
    if fresh:
        return Response(status_code=304, headers=headers)
    body = feed.gzipped() if use_gz else feed.body
    if use_gz:
        headers["content-encoding"] = "gzip"
    headers["content-disposition"] = f'inline; filename="{filename}"'
    headers["content-length"] = str(len(body))
    if request.method == "HEAD":
        return Response(b"", headers=headers, media_type=CALENDAR_TYPE)
    return Response(body, headers=headers, media_type=CALENDAR_TYPE)


@dataclass
class _Settings:
    source: FeedSource
    tokens: TokenFile | None
    private_only: bool
    title: str
    public_url: str | None


def qr_svg(url: str) -> bytes:
    """A QR code of `url` as SVG bytes (the index page's, and the app's feeds page)."""
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=6, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return bytes(buf.getvalue())


class _QrCache:
    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self._data: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def svg(self, url: str) -> bytes:
        with self._lock:
            hit = self._data.get(url)
            if hit is not None:
                self._data.move_to_end(url)
                return hit
        data = qr_svg(url)
        with self._lock:
            self._data[url] = data
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return data

    def data_uri(self, url: str) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg(url)).decode("ascii")


_INDENT = {"country": 0, "province": 1, "city": 2, "county": 3}

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222}}
table{{border-collapse:collapse}} td,th{{border-bottom:1px solid #ddd;padding:.4rem .8rem;text-align:left;vertical-align:middle}}
img.qr{{width:96px;height:96px}} code{{font-size:.85em}} .n{{color:#666}}
</style></head><body>
<h1>{title}</h1>
<p>用日历软件订阅本地区的招聘会安排：点击 <b>webcal://</b> 链接（苹果日历、Outlook、Thunderbird），
或把 <b>http://</b> 链接粘贴到“通过网址添加日历”（Google 日历、Outlook 网页版）；手机可扫描二维码。
日历每小时自动刷新，招聘会调整或取消后会自动更新。</p>
<p class="n">共 {count} 个日历。</p>
{note}
<table><thead><tr><th>地区</th><th>场次</th><th>订阅链接</th><th>二维码</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""


def _index_html(cfg: _Settings, qr: _QrCache) -> bytes:
    """The index page for the public base URL (built in a worker thread, cached)."""
    entries = cfg.source.listing()
    base = (cfg.public_url or "").rstrip("/")
    inline = len(entries) <= INLINE_QR_LIMIT
    rows = []
    for e in entries:
        file = str(e["file"])
        http_url = f"{base}/feeds/{file}"
        name = str(e.get("name") or e.get("calname") or e.get("region_id") or file)
        pad = _INDENT.get(str(e.get("level", "")), 0) * 1.2
        count = e.get("events")
        links = f'<a href="{html.escape(http_url)}"><code>{html.escape(http_url)}</code></a>'
        img = ""
        if base:
            webcal = "webcal://" + http_url.split("://", 1)[1]
            links = f'<a href="{html.escape(webcal)}">{html.escape(webcal)}</a><br>' + links
            if inline:
                src = qr.data_uri(webcal)
                img = f'<img class="qr" alt="{html.escape(name)} 订阅二维码" src="{src}">'
            else:
                img = (
                    f'<img class="qr" loading="lazy" alt="{html.escape(name)} 订阅二维码"'
                    f' src="/qr/{html.escape(file)}.svg">'
                )
        rows.append(
            f'<tr><td style="padding-left:{pad:.1f}em">{html.escape(name)}'
            f' <span class="n">{html.escape(str(e.get("region_id", "")))}</span></td>'
            f"<td>{'' if count is None else int(str(count))}</td>"
            f"<td>{links}</td><td>{img}</td></tr>"
        )
    if not rows:
        rows.append(
            '<tr><td colspan="4">还没有日历：请先运行 <code>fairplan plan</code>'
            "（或在应用中发布一个计划）。</td></tr>"
        )
    note = (
        ""
        if base
        else '<p class="n">未设置公开地址（--public-url），订阅链接和二维码无法显示完整地址。</p>'
    )
    page = _PAGE.format(
        title=html.escape(cfg.title), count=len(entries), rows="\n".join(rows), note=note
    )
    return page.encode("utf-8")


#: the paths of the feed server that may share one port with the app (not `/`)
SHARED_PATHS = ("/feeds/", "/feeds/{name}", "/private/{token}/{name}", "/qr/{name}.svg", "/healthz")


def create_app(
    source: FeedSource | Path,
    *,
    public_url: str | None = None,
    tokens_file: Path | None = None,
    private_only: bool = False,
    title: str = "招聘会日历订阅",
) -> Starlette:
    """The feed server for a feed source — a `feeds/` folder (a path) or any `FeedSource`.

    `public_url` (e.g. ``https://fairplan.example.gov.cn``) is what links and QR codes
    show; `running` sets it to the address it listens on when none is given.
    """
    feeds: FeedSource = FeedStore(Path(source)) if isinstance(source, Path | str) else source
    qr = _QrCache()
    cfg = _Settings(
        source=feeds,
        tokens=TokenFile(tokens_file) if tokens_file is not None else None,
        private_only=private_only,
        title=title,
        public_url=public_url,
    )
    index_cache: dict[Hashable, tuple[bytes, bytes, str]] = {}
    index_lock = threading.Lock()

    def build_index(key: Hashable) -> tuple[bytes, bytes, str]:
        with index_lock:  # one build at a time; the others find it built
            hit = index_cache.get(key)
            if hit is None:
                body = _index_html(cfg, qr)
                etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                hit = (body, gzip.compress(body, mtime=0), etag)
                index_cache.clear()
                index_cache[key] = hit
            return hit

    async def serve_feed(request: Request, name: str) -> Response:
        # the usual poll is a cache check; reading or compressing a changed (possibly
        # 30 MB) feed runs in a worker thread so other clients are not held up
        try:
            feed = feeds.fresh(name) or await run_in_threadpool(feeds.get, name)
        except FeedUnavailable as exc:
            return _text(503, f"日历暂时无法提供 / feed unavailable: {exc}", {"retry-after": "60"})
        if feed is None:
            return _text(404, f"没有这个日历 / no such feed: {name}")
        if not feed.has_gzip and len(feed.body) >= GZIP_MIN and _wants_gzip(request):
            await run_in_threadpool(feed.gzipped)
        return feed_response(request, feed, name)

    async def feed(request: Request) -> Response:
        if cfg.private_only:
            return _text(404, "没有这个日历 / no such feed")
        return await serve_feed(request, request.path_params["name"])

    async def private_feed(request: Request) -> Response:
        name = request.path_params["name"]
        token = request.path_params["token"]
        tokens = cfg.tokens
        allowed = tokens is not None and await run_in_threadpool(
            tokens.allows, token, name.removesuffix(".ics")
        )
        if not allowed:
            return _text(404, "没有这个日历 / no such feed")
        response = await serve_feed(request, name)
        response.headers["cache-control"] = "private, no-cache"
        response.headers["referrer-policy"] = "no-referrer"
        return response

    async def index(request: Request) -> Response:
        if cfg.private_only:
            return _text(404, "没有公开的日历 / no public feeds")
        cfg.public_url = cfg.public_url or getattr(request.app.state, "public_url", None)
        key = (await run_in_threadpool(feeds.signature), cfg.public_url)
        hit = index_cache.get(key)
        if hit is None:
            hit = await run_in_threadpool(build_index, key)
        body, gz, etag = hit
        headers = {**COMMON_HEADERS, "cache-control": "no-cache", "vary": "Accept-Encoding"}
        use_gz = _wants_gzip(request)
        headers["etag"] = etag[:-1] + '-gz"' if use_gz else etag
        inm = request.headers.get("if-none-match", "")
        if inm and any(
            t.strip().removeprefix("W/") in (etag, etag[:-1] + '-gz"') for t in inm.split(",")
        ):
            return Response(status_code=304, headers=headers)
        data = gz if use_gz else body
        if use_gz:
            headers["content-encoding"] = "gzip"
        headers["content-length"] = str(len(data))
        if request.method == "HEAD":
            data = b""
        return Response(data, headers=headers, media_type="text/html; charset=utf-8")

    async def qr_code(request: Request) -> Response:
        if cfg.private_only:
            return _text(404, "没有这个日历 / no such feed")
        name = request.path_params["name"]
        base = cfg.public_url or getattr(request.app.state, "public_url", None)
        try:
            known = feeds.fresh(name) or await run_in_threadpool(feeds.get, name)
        except FeedUnavailable:
            known = None
        if known is None or not base:
            return _text(404, f"没有这个日历 / no such feed: {name}")
        url = "webcal://" + f"{base.rstrip('/')}/feeds/{name}".split("://", 1)[1]
        svg = await run_in_threadpool(qr.svg, url)
        return Response(
            svg,
            media_type="image/svg+xml",
            headers={**COMMON_HEADERS, "cache-control": "public, max-age=86400"},
        )

    async def preflight(request: Request) -> Response:
        return Response(
            status_code=204,
            headers={
                **COMMON_HEADERS,
                "access-control-allow-methods": "GET, HEAD, OPTIONS",
                "access-control-allow-headers": "If-None-Match, If-Modified-Since",
                "access-control-max-age": "86400",
            },
        )

    async def health(request: Request) -> Response:
        return _text(200, "ok")

    async def not_found(request: Request, exc: Exception) -> Response:
        return _text(404, "没有这个页面 / not found")

    async def failed(request: Request, exc: Exception) -> Response:
        log.error("feed server error", exc_info=exc)
        return _text(500, "服务器出错 / internal error")

    routes = [
        Route("/", index, methods=["GET", "HEAD"]),
        # the index again where it lives beside the app (`fairplan serve` on one port, or
        # behind nginx): `/feeds` without the slash is the app's own feeds page
        Route("/feeds/", index, methods=["GET", "HEAD"]),
        Route("/healthz", health, methods=["GET", "HEAD"]),
        Route("/feeds/{name}", feed, methods=["GET", "HEAD"]),
        Route("/feeds/{name}", preflight, methods=["OPTIONS"]),
        Route("/private/{token}/{name}", private_feed, methods=["GET", "HEAD"]),
        Route("/private/{token}/{name}", preflight, methods=["OPTIONS"]),
        Route("/qr/{name}.svg", qr_code, methods=["GET", "HEAD"]),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 500: failed})
    app.state.public_url = public_url
    return app


def resolve_feeds_dir(directory: Path) -> Path:
    """DIR is a plan's output folder holding `feeds/`; a `feeds/` folder itself is accepted too."""
    directory = Path(directory)
    if (directory / "feeds").is_dir():
        return directory / "feeds"
    if directory.is_dir() and any(directory.glob("*.ics")):
        return directory
    raise InputError(
        [
            Problem(
                str(directory),
                "no feeds/ folder here: give the output folder of `fairplan plan` or `fairplan demo`",
            )
        ]
    )


def serve(
    source: FeedSource | Path | str,
    host: str = "0.0.0.0",
    port: int = 8000,
    *,
    public_url: str | None = None,
    tokens_file: Path | None = None,
    private_only: bool = False,
    log_level: str = "info",
) -> None:
    """Serve feeds until interrupted (a folder is a plan's output folder or its feeds/)."""
    if isinstance(source, Path | str):
        source = resolve_feeds_dir(Path(source))
    app = create_app(
        source, public_url=public_url, tokens_file=tokens_file, private_only=private_only
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)


@contextmanager
def running(app: Starlette, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run `app` with uvicorn in a background thread on a real socket; yields its base URL.

    Used by the tests and benchmarks; port 0 takes a free port.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    if getattr(app.state, "public_url", None) is None:
        app.state.public_url = f"http://{host}:{bound}"
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("feed server failed to start")
            time.sleep(0.01)
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
