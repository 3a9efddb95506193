"""Identifiers (CONTRACT §6) and the one way user text becomes a file name.

An id — `region_id`, `venue_id`, `pool_id`, `event_id`, `rule_id`, `record_id` — is 1–64
characters of ASCII letters, digits, `_`, `-` and `.`, and not `.` or `..` alone. Ids are
checked once, when a file is loaded (`check_id`, through `scheduler.scenario.sheets.Row.ident`
for scenarios, records and previous schedules); code past loading may rely on them.

ASCII only, on purpose: a full-width `１５０１００` typed with a Chinese input method, or
`150100` with a zero-width space copied from a web page, look like `150100` but are other
strings; refusing them with a message that points at the character saves a planner an
afternoon. The message names the character, its position and, for a full-width one, the
half-width character to type instead.

`safe_name` is the only function that turns text into a file or folder name: the feeds'
`<region_id>.ics` (ids are already safe; it is the identity on them but for `.x`-style
hidden names and names Windows reserves) and the default output folder derived from a
scenario's `name`, which is a label and may hold anything.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ID_MAX", "check_id", "invisible", "safe_name", "shown"]

ID_MAX = 64
_ID = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
#: characters that print as nothing or as a plain space: Unicode format characters
#: (zero-width space, BOM, direction marks, soft hyphen…) and spaces other than ' '
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc", "Co", "Cn"})


def invisible(ch: str) -> bool:
    """Does this character show as nothing, or as something that is not what it is?"""
    return ch != " " and unicodedata.category(ch) in _INVISIBLE_CATEGORIES


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()


def shown(text: str, limit: int = 60) -> str:
    """User text as a message may quote it: invisible and control characters made
    visible as ⟨U+200B⟩ (they could move a terminal's cursor), long text cut with `…`."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return "".join(f"⟨U+{ord(c):04X}⟩" if invisible(c) else c for c in cut)


def check_id(value: str) -> tuple[str, dict[str, object]] | None:
    """None when `value` is a valid id; otherwise the catalogue key of the message that says
    what is wrong with it and the values the message needs (`value`, `char`, `pos`, …)."""
    if _ID.fullmatch(value) and value not in (".", ".."):
        return None
    if not value:
        return "id_empty", {}
    if value in (".", ".."):
        return "id_dots", {"value": value}
    for pos, ch in enumerate(value, start=1):
        if re.fullmatch(r"[A-Za-z0-9_.\-]", ch):
            continue
        if invisible(ch):
            return "id_invisible", {"value": shown(value), "char": _char_name(ch), "pos": pos}
        if ch == " ":
            return "id_space", {"value": value, "pos": pos}
        half = unicodedata.normalize("NFKC", ch)
        if half != ch and re.fullmatch(r"[A-Za-z0-9_.\-]+", half):
            fixed = unicodedata.normalize("NFKC", value)
            return "id_fullwidth", {"value": value, "char": ch, "pos": pos, "half": fixed}
        return "id_char", {"value": shown(value), "char": ch, "pos": pos}
    return "id_too_long", {"value": shown(value), "length": len(value), "max": ID_MAX}


_UNSAFE = re.compile(r"[\\/:*?\"<>|]")
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def safe_name(text: str, fallback: str = "untitled", limit: int = 100) -> str:
    """A single, portable file-name component for `text`: never a path, never hidden.

    Separators, characters Windows forbids, control and invisible characters become `_`;
    leading dots and spaces and trailing dots and spaces go (`..` and `.x` name no
    folder above or hidden file); names Windows reserves (`CON`, `NUL`, `COM1`…) get a
    trailing `_`; at most `limit` characters; `fallback` when nothing is left. Chinese
    and other letters are kept, so `内蒙古 2024` stays `内蒙古 2024`. An id (see
    `check_id`) that starts with neither a dot nor a reserved name comes back unchanged.
    """
    name = "".join("_" if invisible(c) or _UNSAFE.fullmatch(c) else c for c in text)
    name = name.lstrip(". ").rstrip(". ")[:limit].rstrip(". ")
    if not name:
        return fallback
    stem, dot, rest = name.partition(".")
    if stem.lower() in _WINDOWS_RESERVED:
        name = f"{stem}_{dot}{rest}"
    return name
