"""The app's words in the session's language: the catalogue (`texts/`, the app's own words
in `texts/app.py`) read in the language of this run.

`t(key, **values)` picks the current language, which the sidebar switch keeps in the URL
(`?lang=en`) so a shared link opens in the language it was sent in. Chinese is the
default and what a missing or unknown `lang` falls back to. `use_session_language()`
makes the catalogue's messages of every package (refusals, reasons a fair moved, …)
come in that language during the run. Names of kinds, levels and statuses come from the
packages' own Chinese tables where they exist, so the app and the reports say the same
thing.
"""

from __future__ import annotations

from typing import Final

from monitor.compliance import LIGHT_ZH, STATUS_NAMES_ZH
from scheduler.kinds import label as kind_label
from scheduler.model import ANY_KIND, BUILTIN_KINDS, LEVEL_ZH
from texts import set_lang, tr

LANGS: Final = ("zh", "en")
LANG_NAMES: Final = {"zh": "中文", "en": "English"}
DEFAULT_LANG: Final = "zh"


#: words for values (kinds, levels, statuses, lights) in English; Chinese comes from the packages
_VALUE_EN: Final = {
    "specialized": "specialized",
    "comprehensive": "comprehensive",
    "any": "any",
    "country": "country",
    "province": "province",
    "city": "city",
    "county": "county",
    "met": "met",
    "missed": "missed",
    "at_risk": "at risk",
    "upcoming": "upcoming",
    "red": "red",
    "yellow": "yellow",
    "green": "green",
    "grey": "grey",
    "held": "held",
    "cancelled": "cancelled",
    "planned": "planned",
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "window": "window",
}
_VALUE_ZH: Final = {
    **{k: kind_label({}, k, "zh") for k in (*BUILTIN_KINDS, ANY_KIND)},
    **LEVEL_ZH,
    **STATUS_NAMES_ZH,
    **LIGHT_ZH,
    "held": "已举办",
    "cancelled": "已取消",
    "planned": "计划",
    "week": "周",
    "month": "月",
    "quarter": "季度",
    "window": "整段",
}


def normalize(lang: object) -> str:
    """A supported language code; anything else (missing, typo'd URL) is Chinese."""
    return lang if isinstance(lang, str) and lang in LANGS else DEFAULT_LANG


def text(key: str, lang: str, **values: object) -> str:
    """The catalogue's text of `key` in `lang`, formatted with `values`."""
    return tr(key, lang=normalize(lang), **values)


def value(word: str, lang: str) -> str:
    """A kind, level, status, light or period name in `lang`."""
    table = _VALUE_EN if lang == "en" else _VALUE_ZH
    return table.get(word, word)


def current() -> str:
    """The language of this run: the sidebar switch's value, else `?lang=`, else Chinese."""
    import streamlit as st

    if "lang" in st.session_state:
        return normalize(st.session_state["lang"])
    return normalize(st.query_params.get("lang"))


def use_session_language() -> str:
    """Set this run's language for every message of the catalogue; returns it."""
    lang = current()
    set_lang(lang)
    return lang


def t(key: str, **values: object) -> str:
    return text(key, current(), **values)


def tm(key: str, **values: object) -> str:
    """`t` for Streamlit's markdown elements: the values (names, ids, paths a user typed)
    are shown as literal text, the template's own formatting is kept."""
    from ui.safety import md

    return text(key, current(), **{k: md(v) for k, v in values.items()})


def v(word: str) -> str:
    return value(word, current())
