"""The catalogue of user-facing words (`texts`): language choice and the tables' shape."""

from __future__ import annotations

import pytest

import texts
from scheduler.errors import InputError, Problem, Refused


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        ("zh_CN.UTF-8", "zh"),  # a Chinese system locale
        ("en_US.UTF-8", "en"),
        ("EN", "en"),
        ("zh-Hans", "zh"),
        ("C", None),  # no language at all: the default applies
        ("fr_FR", None),  # unsupported: the default applies
        ("", None),
    ],
)
def test_normalize(code: str, lang: str | None) -> None:
    assert texts.normalize(code) == lang


def test_chinese_by_default_then_env_then_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FAIRPLAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert texts.current() == "zh"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert texts.current() == "en"
    monkeypatch.setenv("FAIRPLAN_LANG", "zh")  # the explicit setting beats the locale
    assert texts.current() == "zh"
    with texts.use("en"):  # and the context (the app's switch, --lang) beats both
        assert texts.current() == "en"
    assert texts.current() == "zh"


def test_every_entry_is_a_nonempty_pair_with_the_same_placeholders() -> None:
    import string

    fields = string.Formatter()
    for key in texts.all_keys():
        zh, en = texts.both_raw(key)
        assert zh.strip() and en.strip(), key
        names = [{f for _, f, _, _ in fields.parse(s) if f} for s in (zh, en)]
        assert names[0] == names[1], f"{key}: {names}"


def test_a_problem_names_its_place_in_the_users_language() -> None:
    p = Problem("场景.xlsx", "x", sheet="venues", row=3, column="capacity")
    with texts.use("zh"):
        assert str(p) == "场景.xlsx，工作表 venues，第 3 行，列 capacity: x"
    with texts.use("en"):
        assert str(p) == "场景.xlsx, sheet venues, row 3, column capacity: x"


def test_exit_codes_of_the_error_root() -> None:
    assert InputError([]).exit_code == 2
    assert Refused([]).exit_code == 4
    assert isinstance(InputError([]), ValueError)  # callers that catch ValueError still do


def test_an_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        texts.tr("no such key at all")
