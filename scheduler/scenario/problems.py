"""Collecting the problems found while reading a file: every one counted, a few per kind shown.

A problem's *kind* is where and what: the same file, sheet and column, and the same check
(catalogue key). A garbage file breaks the same check on every row; the first
`Limits.max_messages` of each kind are kept, with their full place and message, and the
rest become one "… and N more of this kind (rows a–b)" problem right after them. So a
million bad rows cost a million counter increments, not a million formatted messages.

Messages are catalogue entries (`texts/scenario.py`, `texts/records.py`) formatted in the
user's language only when kept. Values a user typed are quoted through `ids.shown`, which
makes invisible and control characters visible (they could move a terminal's cursor).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scheduler.errors import Problem
from texts import tr

__all__ = ["Problems"]

Kind = tuple[str, str, str, str]  # file, sheet, column, check


@dataclass
class _Over:
    count: int = 0
    first: int | None = None
    last: int | None = None


class Problems:
    """A capped, ordered collection of `Problem`s."""

    def __init__(self, max_per_kind: int) -> None:
        self.max_per_kind = max_per_kind
        self.kept: list[tuple[Kind, Problem]] = []
        self._seen: dict[Kind, int] = {}
        self._over: dict[Kind, _Over] = {}

    def __bool__(self) -> bool:
        return bool(self.kept)

    def __len__(self) -> int:
        return len(self.kept) + sum(o.count for o in self._over.values())

    def add(
        self,
        check: str,
        file: str,
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        /,
        **values: object,
    ) -> None:
        """Count a problem; keep it (`tr(check, **values)`, formatted now) while its kind
        has room. The place is positional, so a message may use `{sheet}`, `{row}`…"""
        key = check if "." in check else f"scenario.{check}"
        self._add((file, sheet, column, check), row, lambda: tr(key, None, **values))

    def extend(self, problems: Iterable[Problem], check: str = "other") -> None:
        """Problems made elsewhere (e.g. by `InputError`), counted like the rest."""
        for p in problems:
            self._add((p.file, p.sheet, p.column, check), p.row, lambda p=p: p.message)  # type: ignore[misc]

    def _add(self, kind: Kind, row: int | None, message: Callable[[], str]) -> None:
        n = self._seen.get(kind, 0)
        self._seen[kind] = n + 1
        if n < self.max_per_kind:
            file, sheet, column, _ = kind
            self.kept.append((kind, Problem(file, message(), sheet, row, column)))
            return
        over = self._over.setdefault(kind, _Over())
        over.count += 1
        if row is not None:
            over.first = row if over.first is None else min(over.first, row)
            over.last = row if over.last is None else max(over.last, row)

    def ordered(self, rank: Callable[[Problem], tuple[int, int]] | None = None) -> list[Problem]:
        """The kept problems (sorted by `rank`, stable), each kind's "… and N more" after
        its last kept problem."""
        items = list(self.kept)
        if rank is not None:
            items.sort(key=lambda kp: rank(kp[1]))
        last: dict[Kind, int] = {kind: i for i, (kind, _) in enumerate(items)}
        more: dict[int, list[Problem]] = {}
        for kind, over in self._over.items():
            file, sheet, column, _ = kind
            if over.first is None or over.last is None:
                text = tr("scenario.more_of_kind", count=f"{over.count:,}")
            else:
                text = tr(
                    "scenario.more_of_kind_rows",
                    count=f"{over.count:,}",
                    first=f"{over.first:,}",
                    last=f"{over.last:,}",
                )
            more.setdefault(last[kind], []).append(Problem(file, text, sheet, None, column))
        out: list[Problem] = []
        for i, (_, p) in enumerate(items):
            out.append(p)
            out.extend(more.get(i, ()))
        return out
