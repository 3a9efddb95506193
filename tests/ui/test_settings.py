"""The one settings object (`ui.settings`): flags over environment over file, and a bad
value stops everything with the name of what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.errors import InputError
from ui.settings import Settings


def test_flags_beat_the_environment_which_beats_the_file(tmp_path: Path) -> None:
    config = tmp_path / "fairplan.toml"
    config.write_text(
        '[fairplan]\nport = 9001\nfeeds_port = 9002\npublic_url = "https://file.example"\n'
        'auth = "required"\nprivate_only = true\n',
        encoding="utf-8",
    )
    env = {"FAIRPLAN_CONFIG": str(config), "FAIRPLAN_FEEDS_PORT": "9102"}
    s = Settings.load(env=env, port="9201")
    assert (s.port, s.feeds_port, s.auth, s.private_only) == (9201, 9102, "required", True)
    assert s.feeds_url == "https://file.example" and not s.loopback_only()
    assert s.child_env()["FAIRPLAN_PUBLIC_URL"] == "https://file.example"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"FAIRPLAN_PORT": "eighty"}, "FAIRPLAN_PORT"),
        ({"FAIRPLAN_FEEDS_PORT": "70000"}, "FAIRPLAN_FEEDS_PORT"),
        ({"FAIRPLAN_PUBLIC_URL": "fairplan.example"}, "FAIRPLAN_PUBLIC_URL"),
        ({"FAIRPLAN_AUTH": "sometimes"}, "FAIRPLAN_AUTH"),
        ({"FAIRPLAN_PRIVATE_ONLY": "perhaps"}, "FAIRPLAN_PRIVATE_ONLY"),
    ],
)
def test_a_bad_value_names_its_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(InputError) as err:
        Settings.load(env=env)
    assert err.value.problems[0].file == named


def test_an_unknown_key_in_the_file_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "fairplan.toml"
    config.write_text("[fairplan]\npublic_ulr = 'https://x.example'\n", encoding="utf-8")
    with pytest.raises(InputError, match="public_ulr"):
        Settings.load(env={}, config=config)
    config.write_text("[fairplan\n", encoding="utf-8")
    with pytest.raises(InputError, match="TOML"):
        Settings.load(env={}, config=config)


def test_the_public_url_is_never_silently_loopback() -> None:
    s = Settings.load(env={}, host="127.0.0.1")
    assert s.feeds_url.startswith("http://127.0.0.1:") and s.loopback_only()
    anywhere = Settings.load(env={})
    assert anywhere.feeds_url.endswith(":8000")
    if "127.0.0.1" in anywhere.feeds_url:  # a machine with no network address at all
        assert anywhere.loopback_only()
    legacy = Settings.load(env={"FAIRPLAN_FEEDS_URL": "http://feeds.example:8000/"})
    assert legacy.feeds_url == "http://feeds.example:8000"
