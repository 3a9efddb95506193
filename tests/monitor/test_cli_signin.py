"""One sign-in for every command that reads the store (issue 10 item 5, issue 11 Low).

Regressions: `fairplan check` and `fairplan report` read every bureau's records without
signing in; Ctrl-D at a password prompt gave a traceback; `fairplan check` with no
records and an as-of date long after the horizon printed every period as "missed" with
no hint that nothing was read.
"""

from __future__ import annotations

import io
import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest

from db import Database
from identity import Accounts
from scheduler.scenario import load_scenario
from tests.monitor.test_cli import RECORDS_ZH, TINY
from ui.cli import main

ROOT = Path(__file__).parents[2]
PASSWORDS = {
    "admin": "admin password 1",
    "hohhot": "hohhot password 1",
    "tumed": "tumed password 1",
}


@pytest.fixture
def store(tmp_path: Path) -> str:
    """The worked example's store: an admin, the city's bureau and the county's, and the
    records of July (GB18030 file, imported by the city)."""
    db = str(tmp_path / "store.db")
    with Database(db) as database:
        acc = Accounts(database)
        admin = acc.add("admin", "admin", PASSWORDS["admin"])
        acc.load_regions(load_scenario(Path(TINY)).regions.values(), actor=admin)
        acc.add("hohhot", "bureau", PASSWORDS["hohhot"], region_id="150100", actor=admin)
        acc.add("tumed", "bureau", PASSWORDS["tumed"], region_id="150121", actor=admin)
    records = tmp_path / "july.csv"
    records.write_bytes(RECORDS_ZH.encode("gb18030"))
    assert as_(["records", "import", str(records), "--db", db], "hohhot") == 0
    return db


def as_(argv: list[str], user: str) -> int:
    old = sys.stdin
    sys.stdin = io.StringIO(PASSWORDS[user] + "\n")
    try:
        return main([*argv, "--user", user, "--password-stdin"])
    finally:
        sys.stdin = old


@pytest.mark.parametrize("command", [["check", TINY], ["report", "weekly", TINY]])
def test_reading_the_store_needs_a_sign_in_once_it_has_accounts(
    store: str, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*command, "--as-of", "2024-07-31", "--db", store, "--out", str(tmp_path / "o")]
    capsys.readouterr()
    assert main(argv) == 4  # a refusal, before anything is read or written
    assert "--user" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_county_bureau_checks_its_own_county_only(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o"
    argv = ["check", TINY, "--as-of", "2024-08-01", "--db", store, "--out", str(out)]
    assert as_(argv, "tumed") == 0  # the county held its fair; the city's misses are not its
    printed = capsys.readouterr().out
    assert "呼和浩特市" not in printed
    rows = (out / "compliance.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2 and ",150121," in rows[1]
    assert as_(argv, "hohhot") == 3  # the city sees its own two missed weeks


def test_check_without_records_says_so_and_does_not_print_a_thousand_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "empty.db")
    out = tmp_path / "o"
    code = main(["check", TINY, "--db", db, "--out", str(out), "--as-of", "2031-01-01"])
    assert code == 3
    captured = capsys.readouterr()
    assert "没有读到任何记录" in captured.err and "2031-01-01" in captured.err
    assert len(captured.out.splitlines()) <= 45
    # all of it is still in the file
    rows = (out / "compliance.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 7 and all(",missed" in r for r in rows[1:])


def test_ctrl_d_at_a_password_prompt_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    """A real terminal (a pty): getpass reads the password from it; Ctrl-D ends input."""
    db = tmp_path / "tty.db"
    pid, fd = pty.fork()
    if pid == 0:  # the child: fairplan on the terminal
        os.chdir(ROOT)
        os.execv(
            sys.executable,
            [sys.executable, "-m", "ui.cli", "users", "add", "admin", "--role", "admin",
             "--db", str(db)],
        )  # fmt: skip
    output = b""
    deadline = time.monotonic() + 60
    sent = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        if not sent and "密码".encode() in output:
            os.write(fd, b"\x04")  # Ctrl-D
            sent = True
    _, status = os.waitpid(pid, 0)
    text = output.decode("utf-8", errors="replace")
    assert sent, text
    assert os.waitstatus_to_exitcode(status) == 4, text
    assert "Traceback" not in text and "没有输入密码" in text
    with Database(str(db)) as database:
        assert not Accounts(database).has_accounts()  # nothing was created


def test_as_and_user_are_one_flag(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    for flag in ("--as", "--user"):
        sys.stdin = io.StringIO(PASSWORDS["admin"] + "\n")
        try:
            assert main(["users", "list", flag, "admin", "--password-stdin", "--db", store]) == 0
        finally:
            sys.stdin = sys.__stdin__
        assert "hohhot,bureau,150100" in capsys.readouterr().out


def test_a_wrong_password_is_a_refusal_not_bad_input(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sys.stdin = io.StringIO("not the password\n")
    try:
        code = main(["records", "export", "--db", store, "--user", "hohhot", "--password-stdin"])
    finally:
        sys.stdin = sys.__stdin__
    assert code == 4
    assert "用户名或密码错误" in capsys.readouterr().err
