"""`fairplan ui [--port P]` (CONTRACT §1): start the Streamlit app.

Runs `streamlit run <installed ui/app.py>` in a child process: headless (no
browser opened) when there is no display, and never phoning home (usage
statistics off), since many bureaus run it on closed networks. `--scenario`
makes a scenario file every session's default (so shared links open on it),
`--db` chooses the records store as for `fairplan check`, `--feeds-url` is the
address of `fairplan serve-feeds` that the subscription links point at. Stopped by
SIGTERM (or Ctrl-C, or a closed terminal), it stops its Streamlit child first; on Linux
the child also dies with it if it is killed outright. `fairplan serve` runs the app and
the published plan's feeds together.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

from texts import tr
from ui.commands._signin import add_db_arg


def app_path() -> Path:
    """The service script inside the installed package: `ui/service.py`, the app
    (`ui/app.py`) as an `st.App` with its sign-in routes (and, on one port, the feeds)."""
    return Path(str(files("ui") / "service.py"))


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def streamlit_command(
    port: int = 8501,
    host: str = "127.0.0.1",
    headless: bool | None = None,
    script: Path | None = None,
) -> list[str]:
    headless = (not has_display()) if headless is None else headless
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script or app_path()),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
        "--server.runOnSave",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "viewer",  # no "Deploy" button: bureaus run this on their own network
    ]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "ui",
        help=tr("help.ui"),
        description=tr("about.ui"),
    )
    p.add_argument(
        "--port", type=int, default=8501, metavar=tr("metavar.port"), help=tr("opt.ui.port")
    )
    p.add_argument(
        "--host", default="127.0.0.1", metavar=tr("metavar.host"), help=tr("opt.ui.host")
    )
    p.add_argument(
        "--scenario", type=Path, metavar=tr("metavar.scenario"), help=tr("opt.ui.scenario")
    )
    add_db_arg(p)
    p.add_argument("--feeds-url", metavar=tr("metavar.url"), help=tr("opt.ui.feeds_url"))
    p.add_argument("--headless", action="store_true", help=tr("opt.ui.headless"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scheduler.errors import InputError, Problem

    if not 0 < args.port < 65536:
        raise InputError([Problem("--port", tr("bad_port"))])
    env = dict(os.environ)
    if args.scenario is not None:
        from scheduler.scenario import load_scenario

        load_scenario(args.scenario)  # a broken default: exit 2 with its problems, before serving
        env["FAIRPLAN_SCENARIO"] = str(args.scenario.resolve())
    if args.db:
        env["FAIRPLAN_DB"] = args.db
    if args.feeds_url:
        env["FAIRPLAN_FEEDS_URL"] = args.feeds_url
    cmd = streamlit_command(args.port, args.host, True if args.headless else None)
    print(tr("app_address", url=f"http://{args.host}:{args.port}"), file=sys.stderr)
    with child_process(cmd, env) as child, stop_signals() as stopped:
        code = child.wait()
    return 0 if stopped else code


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Stopped(Exception):
    """A stop signal arrived (see `stop_signals`)."""


@contextlib.contextmanager
def stop_signals() -> Iterator[list[int]]:
    """Within the block, SIGTERM, SIGINT and SIGHUP raise `Stopped` in the main thread
    (so the `finally` of `child_process` runs); yields the signals received."""
    received: list[int] = []

    def handler(signum: int, frame: object) -> None:
        received.append(signum)
        raise Stopped(signum)

    old = {s: signal.signal(s, handler) for s in STOP_SIGNALS}
    try:
        yield received
    except Stopped:
        pass
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def _die_with_parent() -> None:  # runs in the child, before exec (Linux)
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def child_process(cmd: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A child process that is stopped (SIGTERM, then SIGKILL after 10 s) when the block
    ends, however it ends; on Linux it also gets SIGTERM if this process dies."""
    child = subprocess.Popen(
        cmd, env=env, preexec_fn=_die_with_parent if sys.platform == "linux" else None
    )
    try:
        yield child
    finally:
        stop(child)


def stop(child: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait(timeout=timeout)
