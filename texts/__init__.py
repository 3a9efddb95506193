"""One catalogue of the words fairplan's users read: Chinese first, English beside (issue 14).

Every message a user can get — validation, refusal, progress, summary, help, workbook
headers, feed text — is an entry `key → (zh, en)` in one of the domain tables under
`texts/` (`texts/cli.py`, `texts/scenario.py`, …), registered once at import. Code asks
for words with `tr(key, **values)`; machine formats (schedule.csv, report.json, the
contract's column names) never go through here.

The language of a message is, in order: an explicit `lang=` argument; the language set
for the current context with `use(lang)` (the app sets it per session run, the CLI from
`--lang`); the `FAIRPLAN_LANG` environment variable; the system locale (`LC_ALL`,
`LC_MESSAGES`, `LANG`: `en…` gives English); Chinese.

This package imports nothing of fairplan's, so every other package may use it.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import os
import pkgutil
from collections.abc import Iterator, Mapping
from typing import Final

LANGS: Final = ("zh", "en")
DEFAULT_LANG: Final = "zh"
ENV_VAR: Final = "FAIRPLAN_LANG"

_CATALOGUE: dict[str, tuple[str, str]] = {}
_OWNER: dict[str, str] = {}
_LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("fairplan_lang", default=None)


def register(domain: str, entries: Mapping[str, tuple[str, str]]) -> None:
    """Add a domain's entries; a key registered twice is a programming error."""
    for key, pair in entries.items():
        if key in _CATALOGUE and _OWNER[key] != domain:
            raise KeyError(f"text {key!r} is defined by both {_OWNER[key]} and {domain}")
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(f"text {key!r} of {domain} must be a (zh, en) pair")
        _CATALOGUE[key] = pair
        _OWNER[key] = domain


def normalize(lang: object) -> str | None:
    """`zh` or `en` for a code such as `zh_CN.UTF-8`, `en-US` or `EN`; None otherwise."""
    if not isinstance(lang, str) or not lang.strip():
        return None
    code = lang.strip().lower().replace("-", "_")
    if code in ("c", "posix"):
        return None
    head = code.split("_", 1)[0].split(".", 1)[0]
    return head if head in LANGS else None


def current() -> str:
    """The language of this context (see the module docstring for the order)."""
    chosen = _LANG.get()
    if chosen is not None:
        return chosen
    env = normalize(os.environ.get(ENV_VAR))
    if env is not None:
        return env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return normalize(value) or DEFAULT_LANG
    return DEFAULT_LANG


def set_lang(lang: str | None) -> None:
    """Set the language of the current context (None: back to the environment's)."""
    _LANG.set(normalize(lang) if lang is not None else None)


@contextlib.contextmanager
def use(lang: str | None) -> Iterator[None]:
    """Within the block, messages are in `lang` (unless a call names its own)."""
    token = _LANG.set(normalize(lang) if lang is not None else None)
    try:
        yield
    finally:
        _LANG.reset(token)


def tr(key: str, /, lang: str | None = None, **values: object) -> str:
    """The text of `key` in `lang` (default: `current()`), formatted with `values`."""
    pair = _CATALOGUE.get(key)
    if pair is None:
        raise KeyError(f"no text {key!r} in the catalogue")
    text = pair[1] if (normalize(lang) if lang else current()) == "en" else pair[0]
    return text.format(**values) if values else text


def both(key: str, /, **values: object) -> tuple[str, str]:
    """The text of `key` in Chinese and in English (e.g. for a report with both)."""
    return tr(key, lang="zh", **values), tr(key, lang="en", **values)


def both_raw(key: str, /) -> tuple[str, str]:
    """The unformatted (zh, en) pair of `key`."""
    return _CATALOGUE[key]


def all_keys() -> list[str]:
    """Every registered key, for the tests that check the catalogue."""
    return sorted(_CATALOGUE)


def owner(key: str) -> str:
    return _OWNER[key]


def _load_domains() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_load_domains()
