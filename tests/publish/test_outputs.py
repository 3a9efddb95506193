"""A run's outputs are one set (issue 11 item 2): written into a temporary folder beside
DIR and moved into place together; nothing of a user's outside the files fairplan owns is
ever touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import calendars.feeds
from publish.outputs import OWNED, write_plan
from scheduler.errors import InputError
from scheduler.plan import PlanResult


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` (links as their target text) with its mtime."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            out[str(path.relative_to(root))] = (os.readlink(path).encode(), 0)
        elif path.is_file():
            out[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def test_a_new_folder_appears_with_every_output(tiny_plan: PlanResult, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    written = write_plan(tiny_plan, out)
    assert {p.name for p in written} >= set(OWNED) | {"150100.ics", "150000.ics"}
    assert all(p.is_file() for p in written)
    assert (out / "feeds" / "index.json").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["plan"]  # no temporary folder left


def test_a_failure_while_writing_leaves_dir_as_it_was(
    tiny_plan: PlanResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 11): feeds were replaced before schedule.csv and report.json, so a
    failure left the feeds showing a plan that was never written."""
    out = tmp_path / "plan"
    write_plan(tiny_plan, out)
    (out / "notes.txt").write_text("the bureau's own notes", encoding="utf-8")
    before = tree(out)
    real = calendars.feeds.write_feeds

    def half(*args: object, **kw: object) -> list[Path]:
        real(*args, **kw)  # type: ignore[arg-type]
        raise OSError(28, "No space left on device")  # after the feeds were written

    monkeypatch.setattr(calendars.feeds, "write_feeds", half)
    with pytest.raises(OSError, match="No space"):
        write_plan(tiny_plan, out, domain="changed.example")  # other UIDs: every feed differs
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]


def test_nothing_but_fairplans_own_files_is_touched(tiny_plan: PlanResult, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "plan", tmp_path / "elsewhere"
    elsewhere.mkdir()
    precious = elsewhere / "budget.xlsx"
    precious.write_bytes(b"the bureau's budget")
    out.mkdir()
    (out / "compliance.csv").write_text("from fairplan check", encoding="utf-8")
    (out / "schedule.csv").symlink_to(precious)  # a link where fairplan writes its schedule
    (out / "feeds").mkdir()
    (out / "feeds" / "old-region.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    write_plan(tiny_plan, out)
    assert precious.read_bytes() == b"the bureau's budget"  # the link was replaced, not followed
    assert not (out / "schedule.csv").is_symlink()
    assert (out / "schedule.csv").read_bytes().startswith("\ufeffevent_id".encode())
    assert (out / "compliance.csv").read_text(encoding="utf-8") == "from fairplan check"
    assert (out / "feeds" / "old-region.ics").exists()  # a feed subscribed to never vanishes


def test_unchanged_feeds_keep_their_mtime(tiny_plan: PlanResult, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    write_plan(tiny_plan, out)
    feeds = {p.name: p.stat().st_mtime_ns for p in (out / "feeds").iterdir()}
    os.utime(out / "schedule.csv", ns=(1, 1))
    write_plan(tiny_plan, out)
    assert {p.name: p.stat().st_mtime_ns for p in (out / "feeds").iterdir()} == feeds
    assert (out / "schedule.csv").stat().st_mtime_ns != 1  # the set itself was written


def test_dir_that_is_a_file_is_bad_input(tiny_plan: PlanResult, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.write_text("not a folder", encoding="utf-8")
    with pytest.raises(InputError):
        write_plan(tiny_plan, out)
    assert out.read_text(encoding="utf-8") == "not a folder"
