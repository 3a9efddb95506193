"""What a reader of one language would stumble on in text shown to them (issue 14).

`english_words(text, allowed)` finds the ASCII words a Chinese reader would meet in
`text`: every run of Latin letters, except those inside something a user types or a
program reads as it is — an option (`--time-limit`), a file or path (`schedule.csv`,
`docs/deploy.md`), an address (`http://…`), an environment variable (`$FAIRPLAN_DB`),
a placeholder (`<region_id>`) — and words in `allowed` (ids, codes, units, names of
programs and formats). `chinese_chars(text, allowed)` finds the Chinese an English reader
would meet, outside the names in `allowed` (regions and venues are named in Chinese).
The app's page tests may use these too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: words that are codes, units, formats or names of programs in either language
_CODES = """
    fairplan CP-SAT CSV JSON XLSX xlsx csv ics iCalendar UTF BOM URL UID UIDs HTTP HTTPS
    SQLite PostgreSQL TOML TLS nginx Streamlit Excel QR SSO YYYY MM DD Ctrl ID IDs OS
    Python MIP HiGHS Alembic http https localhost Ctrl-C
"""
CODES = frozenset(_CODES.split())

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# things typed or read as they are: options, paths and files, addresses, env vars,
# placeholders, ids with digits (150100, im-2024), and the choices a {a,b} list offers
_VERBATIM = re.compile(
    r"""
      (?<![\w-])--?[A-Za-z][\w-]*(=\S*)?        # an option, --lang=en
    | \w+://\S+                                 # an address
    | \$\{?[A-Z_][A-Z0-9_]*\}?                  # an environment variable
    | <[^<>\s]+>                                # a placeholder
    | \{[\w,.-]+\}                              # a list of choices
    | [\w.-]*[\w-]/[\w./<>*-]*                  # a path
    | \b[a-z][\w-]*\.(?:local|cn|com|org|gov)\b   # a domain
    | \.?[\w-]+\.(?:csv|xlsx|json|ics|md|toml|txt|py|db|sqlite|html|log)\b  # a file
    | \b[\w-]*\d[\w-]*\b                        # an id or number with digits
    """,
    re.VERBOSE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z_'-]*[A-Za-z]|[A-Za-z]")


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The ASCII words of `text` a Chinese reader would meet (see the module docstring)."""
    ok = set(CODES) | set(allowed)
    words = _WORD.findall(_VERBATIM.sub(" ", text))
    return [
        w
        for w in words
        if not (len(w) == 1 and w.isupper())
        and not (w in ok or all(p in ok for p in re.split(r"[-_']", w) if p))
    ]


def chinese_chars(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Chinese of `text` outside `allowed` names, paths and quoted values (what the user
    typed, quoted back), as the runs of it that are left."""
    for name in sorted(set(allowed), key=len, reverse=True):
        if name:
            text = text.replace(name, " ")
    text = re.sub(r"\S*/\S*|'[^'\n]*'|“[^”\n]*”", " ", text)
    return re.findall(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+", text)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))
