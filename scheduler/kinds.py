"""Kinds of fair as data (CONTRACT §6 "More kinds"): what a kind is called and which days
it prefers.

A kind is an identifier of the kinds sheet (`campus`, `double_selection`, `livestream`, …).
Two keep the meaning CONTRACT §2 gives them: `specialized` (专场招聘会; prefers Tuesday to
Thursday) and `comprehensive` (综合招聘会; prefers weekend days). Any other kind prefers no
day unless its `prefer` cell says so, and is called by its `label` (or, without one, by
its id). Everything that shows a kind to a person — feeds, workbooks, explanations, the
app — asks `label` here, so a kind is called the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from scheduler.calendar import WorkCalendar
from scheduler.model import ANY_KIND, KindSpec, kind_set
from texts import tr

__all__ = [
    "DEFAULT_PREFER",
    "label",
    "preference",
    "prefers",
    "rule_kind_label",
]

#: the default `prefer` of the built-in kinds (CONTRACT §6); any other kind prefers no day
DEFAULT_PREFER: dict[str, tuple[str, frozenset[int]]] = {
    "specialized": ("list", frozenset({1, 2, 3})),
    "comprehensive": ("weekends", frozenset()),
}
_NONE = ("none", frozenset[int]())


def preference(spec: KindSpec) -> tuple[str, frozenset[int]]:
    """The kind's preferred days as (`workdays` | `weekends` | `any` | `list` | `none`,
    weekdays): its `prefer` cell, or the kind's default when blank."""
    if spec.prefer is None:
        return DEFAULT_PREFER.get(spec.kind, _NONE)
    return spec.prefer, spec.prefer_weekdays


def prefers(spec: KindSpec, d: dt.date, cal: WorkCalendar) -> bool | None:
    """Is `d` a preferred day of the kind? None when the kind prefers no day (every day
    is as good). Workdays and weekends are the work calendar's (make-up days count)."""
    days, weekdays = preference(spec)
    if days == "list":
        return d.weekday() in weekdays
    if days == "workdays":
        return cal.is_workday(d)
    if days == "weekends":
        return cal.is_weekend(d)
    return None


def label(kinds: Mapping[str, KindSpec], kind: str, lang: str | None = None) -> str:
    """What people call a kind: its `label`, a built-in kind's default label, or its id."""
    spec = kinds.get(kind)
    if spec is not None and spec.label:
        return spec.label
    key = f"kinds.label_{kind}"
    if kind in DEFAULT_PREFER or kind == ANY_KIND:
        return tr(key, lang)
    return kind


def rule_kind_label(kinds: Mapping[str, KindSpec], kind: str, lang: str | None = None) -> str:
    """A rule's kind as people read it: `招聘会` for any, else the labels joined by 或."""
    accepted = kind_set(kind)
    if accepted is None:
        return label(kinds, ANY_KIND, lang)
    return tr("kinds.or", lang).join(label(kinds, k, lang) for k in _ordered(kinds, accepted))


def _ordered(kinds: Mapping[str, KindSpec], accepted: Iterable[str]) -> list[str]:
    """Kinds in the kinds sheet's order, unknown ones after them by id."""
    order = {k: i for i, k in enumerate(kinds)}
    return sorted(accepted, key=lambda k: (order.get(k, len(order)), k))
