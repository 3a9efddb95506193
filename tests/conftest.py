"""Fixtures every test folder shares: real databases.

PostgreSQL: the tests start their own throw-away server (initdb + pg_ctl on a free
loopback port, its unix socket in the same temporary folder) when the server
binaries are installed, and skip with the reason when they are not. PostgreSQL
refuses to run as root, so under root the server runs as the `postgres` OS user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _pg_bindir() -> Path | None:
    candidates = [os.environ.get("FAIRPLAN_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if shutil.which("pg_ctl"):
        candidates.append(str(Path(shutil.which("pg_ctl") or "").parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL server for this test session; yields its admin URL."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    # not pytest's tmp_path: its parent folder is private to the user running pytest,
    # and under root the server runs as another user who must reach its data folder
    root = Path(tempfile.mkdtemp(prefix="fairplan-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            pg = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root)
            pytest.skip("running as root and there is no `postgres` OS user to run the server as")
        os.chown(root, pg.pw_uid, pg.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]

    def server_cmd(*cmd: str) -> list[str]:
        if as_user and not shutil.which("runuser"):
            return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(cmd)]
        return [*as_user, *cmd]

    data, log, port = root / "data", root / "server.log", _free_port()
    initdb, pg_ctl = str(bindir / "initdb"), str(bindir / "pg_ctl")
    try:
        subprocess.run(
            server_cmd(initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        subprocess.run(
            server_cmd(
                pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60",
                "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -F", "start",
            ),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode(errors="replace")
        if log.exists():
            detail += log.read_text(errors="replace")
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {detail}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            server_cmd(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"),
            capture_output=True, timeout=60,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the session's server."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    admin = postgres_server
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on a real SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'records.db'}"
    return str(request.getfixturevalue("postgres_url"))
