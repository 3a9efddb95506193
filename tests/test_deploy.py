"""docs/deploy.md's production setup, run: Debian's nginx with TLS in front of a real
`fairplan serve` (the nginx configuration is read from the document itself)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import Database
from identity import User
from publish.plans import PlanStore
from scheduler.plan import make_plan
from scheduler.scenario import load_scenario

ROOT = Path(__file__).parents[1]
TINY = ROOT / "tests" / "data" / "tiny"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
NAME = "fairplan.example.gov.cn"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        NGINX is None, reason="nginx is not installed (apt-get install nginx-light)"
    ),
    pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_blocks() -> list[str]:
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    return re.findall(r"```nginx\n(.*?)```", text, re.S)


def wait(check, what: str, seconds: float = 90) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come up")


def test_nginx_with_tls_in_front_of_fairplan_serve(tmp_path: Path) -> None:
    https, http_port, app, feeds = free_port(), free_port(), free_port(), free_port()
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", f"/CN={NAME}",
         "-addext", f"subjectAltName=DNS:{NAME}"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    site, proxy = nginx_blocks()
    (tmp_path / "proxy.conf").write_text(proxy, encoding="utf-8")
    site = (
        site.replace("/etc/ssl/fairplan/fullchain.pem", str(cert))
        .replace("/etc/ssl/fairplan/privkey.pem", str(key))
        .replace("/etc/nginx/fairplan-proxy.conf", str(tmp_path / "proxy.conf"))
        .replace("listen 443 ", f"listen 127.0.0.1:{https} ")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("127.0.0.1:8000", f"127.0.0.1:{feeds}")
        .replace("127.0.0.1:8501", f"127.0.0.1:{app}")
    )
    temp = "\n".join(
        f"  {k}_temp_path {tmp_path / k};"
        for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\n"
        + "events { worker_connections 64; }\n"
        + f"http {{\n  access_log {tmp_path / 'access.log'};\n{temp}\n{site}\n}}\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "store.db")
    me = User.open_mode()
    with Database(db) as database:
        plans = PlanStore(database)
        plan = make_plan(load_scenario(TINY), time_limit=5, workers=1)
        plans.publish(plans.save(plan, TINY, me).plan_id, me)
    public = f"https://{NAME}:{https}"
    serve = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--host", "127.0.0.1", "--port", str(app),
         "--feeds-port", str(feeds), "--db", db, "--public-url", public],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=(tmp_path / "serve.log").open("wb"),
    )  # fmt: skip
    proxy_proc = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stderr=(tmp_path / "nginx.log").open("wb"),
    )  # type: ignore[list-item]
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False  # the certificate names NAME; we connect to 127.0.0.1

    def get(path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPSConnection("127.0.0.1", https, context=context, timeout=10)
        try:
            conn.request("GET", path, headers={"Host": NAME, **(headers or {})})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    try:
        wait(lambda: get("/feeds/150100.ics")[0] == 200, "the feeds through nginx")
        wait(lambda: get("/_stcore/health")[0] == 200, "the app through nginx")
        status, headers, body = get("/feeds/150100.ics")
        assert headers["content-type"] == "text/calendar; charset=utf-8"
        assert body.startswith(b"BEGIN:VCALENDAR")
        assert get("/feeds/150100.ics", {"If-None-Match": headers["etag"]})[0] == 304
        status, _, page = get("/feeds/")
        assert status == 200
        assert f"webcal://{NAME}:{https}/feeds/150100.ics".encode() in page
        status, _, html = get("/")
        assert status == 200 and b"<html" in html.lower()
        # the app's WebSocket passes through nginx
        raw = socket.create_connection(("127.0.0.1", https), timeout=10)
        tls = context.wrap_socket(raw, server_hostname=NAME)
        tls.sendall(
            f"GET /_stcore/stream HTTP/1.1\r\nHost: {NAME}\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n".encode()
        )
        answer = tls.recv(1024).decode(errors="replace")
        tls.close()
        assert answer.startswith("HTTP/1.1 101"), answer
        # plain HTTP is sent to HTTPS
        conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        conn.request("GET", "/feeds/150100.ics", headers={"Host": NAME})
        r = conn.getresponse()
        assert r.status == 301 and r.getheader("location", "").startswith(f"https://{NAME}")
        conn.close()
    finally:
        proxy_proc.terminate()
        serve.terminate()
        proxy_proc.wait(timeout=30)
        assert serve.wait(timeout=60) == 0, (tmp_path / "serve.log").read_text(errors="replace")
