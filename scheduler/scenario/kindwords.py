"""How a sheet names a kind of fair: the one reading of a `kind` cell outside the kinds sheet.

Rules, venues, events, records and previous schedules name kinds by the kinds sheet's id
(`campus`, any case), by a built-in kind's Chinese name (`专场`, `综合招聘会`), or by a kind's
`label` (`校园招聘会`) when no other kind has the same one — what a city bureau would type.
Without a kinds sheet to check against (a records file imported into the store before any
scenario), any identifier is taken as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scheduler.model import KindSpec
from scheduler.scenario.format import KIND_VALUES
from scheduler.scenario.ids import shown
from scheduler.scenario.sheets import Row
from texts import tr

__all__ = ["kind_words", "read_kind", "words_of"]


def kind_words(names: Iterable[str], specs: Iterable[KindSpec] = ()) -> dict[str, str]:
    """Lower-case spelling -> kind: the ids, the built-in kinds' Chinese names, and every
    label that only one kind has. `names` are the kinds (`specs` give their labels)."""
    known = sorted(set(names))
    words: dict[str, str] = {k.lower(): k for k in known}
    for word, kind in KIND_VALUES.items():
        if kind in known:
            words.setdefault(word, kind)
    labels: dict[str, set[str]] = {}
    for spec in specs:
        if spec.label:
            labels.setdefault(spec.label.strip().lower(), set()).add(spec.kind)
    for word, kinds in labels.items():
        if len(kinds) == 1:
            words.setdefault(word, next(iter(kinds)))
    return words


def words_of(kinds: Mapping[str, KindSpec]) -> dict[str, str]:
    return kind_words(kinds, kinds.values())


def read_kind(
    row: Row, column: str, words: Mapping[str, str] | None, raw: str | None = None
) -> str | None:
    """The kind a cell names (`raw`: one item of a list cell), or None, reported: blank
    when required, or a kind the kinds sheet does not have (`words` from `kind_words`;
    None: any identifier, a built-in kind's Chinese name read as that kind)."""
    text = row.text(column) if raw is None else raw
    if not text:
        return None
    key = text.strip().lower()
    if words is None:
        builtin = KIND_VALUES.get(key)
        return builtin or (text if row.valid_id(column, text) else None)
    found = words.get(key)
    if found is not None:
        return found
    known = "、".join(sorted(set(words.values()))) or tr("scenario.none")
    row.report(column, "kinds.unknown_kind", value=shown(text), kinds=known)
    return None
