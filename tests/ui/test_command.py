"""`fairplan ui`: the Streamlit command line it runs, and its input checks (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.cli import main
from ui.commands import app as ui_app


def test_runs_the_installed_app_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(ui_app.sys, "platform", "linux")
    cmd = ui_app.streamlit_command(8600)
    assert cmd[1:4] == ["-m", "streamlit", "run"] and Path(cmd[4]).name == "service.py"
    assert Path(cmd[4]).is_file()
    opts = dict(zip(cmd[5::2], cmd[6::2], strict=True))
    assert opts["--server.port"] == "8600"
    assert opts["--server.headless"] == "true"  # no display: no browser to open
    assert opts["--browser.gatherUsageStats"] == "false"  # closed networks: never phone home


def test_opens_a_browser_when_there_is_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_app.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    cmd = ui_app.streamlit_command()
    assert cmd[cmd.index("--server.headless") + 1] == "false"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ui", "--port", "0"], "--port: 应为 1 到 65535 之间的端口号"),  # not a port
        (["ui", "--scenario", "no/such/folder"], "no/such/folder"),  # a default that cannot load
    ],
)
def test_bad_input_exits_2_before_serving(
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[object] = []
    monkeypatch.setattr(ui_app.subprocess, "Popen", lambda *a, **k: started.append(a))
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not started


def test_port_must_be_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ui", "--port", "x"])
    assert exc.value.code == 2 and "参数 --port：'x' 不是整数" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "en", "ui", "--port", "x"])
    assert (
        exc.value.code == 2
        and "argument --port: 'x' is not a whole number" in capsys.readouterr().err
    )
