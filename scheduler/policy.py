"""The policy documents behind fairplan's rules, and what a rule's `source` cell cites.

A rules sheet's `source` is free text (CONTRACT §2), but it usually names a document and
a clause: `000 五(五)；003 三(十)` (the number of the project's policy collection),
`im-2024 五(五)` (the document's short code), or `《…》五(五)` (its title). The catalogue
(`scheduler/data/policy/documents.toml`) holds, for each of the five documents, its title
as printed, issuer, document number, date and the clauses that set numbers, deadlines or
rhythms, each with its own wording and a summary in Chinese and English; so whatever
shows a rule can show《2024年高校毕业生等青年就业服务攻坚行动方案》五(五) and what that
clause asks, instead of `000 五(五)`. The repository carries this text itself: it never
refers to the policy files it was taken from.

`resolve(source)` splits a cell into citations; a piece that names no catalogued document
stays as typed (free text is a valid source).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from scheduler.errors import InputError, Problem
from texts import tr

CATALOGUE_FILE = "scheduler/data/policy/documents.toml"

# a cell lists citations separated by semicolons (full-width or not) or line breaks
_SPLIT = re.compile(r"[;；\n]")
# full-width and half-width spellings of the same label: 五（五） = 五(五)
_FOLD = str.maketrans({"（": "(", "）": ")", "　": " ", "〈": "《", "〉": "》"})
_FILE_NAME = re.compile(r"^(?P<number>\d{3})_[0-9a-f]{16}(?:\.txt)?$")
_TITLED = re.compile(r"^《(?P<title>[^》]+)》\s*(?P<clause>.*)$")
_HEAD = re.compile(r"^(?P<doc>[0-9A-Za-z][0-9A-Za-z_.-]*)(?:\s+|(?=[^\x00-\x7f])|$)(?P<clause>.*)$")


@dataclass(frozen=True)
class Clause:
    """One clause of a document: its label as printed (五(五)) and what it says."""

    label: str
    heading: str
    quote: str  # the clause's own words; …… marks an omission
    zh: str  # one-sentence summary
    en: str
    quantitative: bool = True  # False: kept for reference, sets no number

    def summary(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Document:
    """A policy document as the catalogue records it."""

    code: str  # im-2024
    number: str  # 000: the number of the project's policy collection
    title: str  # without 《》
    title_en: str
    title_printed: bool  # False: the text prints no title; see notes
    issuer: str
    doc_number: str  # e.g. 吉人社发〔2022〕21号; "" when none is printed
    date: str  # YYYY-MM-DD, YYYY-MM, or "" when none is printed
    year: int
    region: str
    period: tuple[dt.date, dt.date]  # the time the document's actions cover
    notes_zh: str
    notes_en: str
    clauses: tuple[Clause, ...]

    def clause(self, label: str) -> Clause | None:
        key = _fold(label)
        return next((c for c in self.clauses if _fold(c.label) == key), None)

    def cited(self) -> str:
        """《title》, as a citation shows it."""
        return f"《{self.title}》"


@dataclass(frozen=True)
class Citation:
    """One citation of a `source` cell.

    `title` and `clause` are empty for free text; `clause` may be set while `provision` is
    None when the document is known but the clause is not in the catalogue (it sets no
    number), e.g. `000 五(九)`.
    """

    text: str  # the piece as typed
    title: str = ""
    clause: str = ""
    document: Document | None = None
    provision: Clause | None = None

    @property
    def resolved(self) -> bool:
        """True when the citation names a catalogued clause."""
        return self.provision is not None

    def display(self) -> str:
        """《title》clause for a known document, otherwise the text as typed."""
        if self.document is None:
            return self.text
        return f"《{self.title}》{self.clause}"


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_FOLD))


def documents() -> tuple[Document, ...]:
    """Every catalogued document, in the order of the collection (000, 001, …)."""
    return _catalogue()


def document(code_or_number: str) -> Document | None:
    """The document with this code (`im-2024`) or number (`000`), if any."""
    key = code_or_number.strip().lower()
    filed = _FILE_NAME.match(key)  # the collection's file name, e.g. 000_2867e4f99e971304.txt
    if filed:
        key = filed["number"]
    return next((d for d in _catalogue() if key in (d.code, d.number)), None)


def resolve(source: str) -> list[Citation]:
    """The citations of a rules `source` cell, in order; blank pieces are dropped.

    `000 五(五)；003 三(十)` → two citations; `im-2024 五(五)` and
    `《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)` → the same one; `im-2024` alone →
    the document without a clause; anything else → a free-text citation, kept as typed.
    """
    return [_one(piece.strip()) for piece in _SPLIT.split(source or "") if piece.strip()]


def display(source: str, lang: str | None = None) -> str:
    """A `source` cell as people read it: each citation displayed, joined by `；` (`; ` in
    English; documents keep their Chinese titles, which is how they are found)."""
    return tr("policy.sep", lang).join(c.display() for c in resolve(source))


def rule_title(rule_id: str, name: str = "", source: str = "", lang: str | None = None) -> str:
    """A rule as people read it: its name (or, without one, its id) and where it comes
    from — `每周专业性招聘会（《2024年高校毕业生等青年就业服务攻坚行动方案》五(五)）` rather than
    `city-weekly-specialized` and `000 五(五)` (CONTRACT §6 "Rule names"). Shown wherever a
    rule is: compliance views and workbooks, feeds, shortfalls, reports, the app."""
    cited = display(source, lang)
    head = name or rule_id
    return tr("policy.titled", lang, head=head, cited=cited) if cited else head


def _one(piece: str) -> Citation:
    folded = piece.translate(_FOLD).strip()
    doc: Document | None = None
    label = ""
    titled = _TITLED.match(folded)
    if titled:
        doc = _by_title(titled["title"])
        label = titled["clause"].strip()
    else:
        head = _HEAD.match(folded)
        if head:
            doc = document(head["doc"])
            label = head["clause"].strip()
    if doc is None:
        return Citation(text=piece)
    if not label:
        return Citation(text=piece, title=doc.title, document=doc)
    provision = doc.clause(label)
    shown = provision.label if provision else label
    return Citation(text=piece, title=doc.title, clause=shown, document=doc, provision=provision)


def _by_title(title: str) -> Document | None:
    key = _fold(title)
    return next((d for d in _catalogue() if _fold(d.title) == key), None)


# --------------------------------------------------------------------------- loading


@functools.cache
def _catalogue() -> tuple[Document, ...]:
    raw = tomllib.loads(
        files("scheduler").joinpath("data/policy/documents.toml").read_text("utf-8")
    )
    problems: list[Problem] = []
    docs = tuple(_document(i, d, problems) for i, d in enumerate(raw.get("document", []), 1))
    seen: set[str] = set()
    for d in docs:
        for key in (d.code, d.number):
            if key in seen:
                problems.append(Problem(CATALOGUE_FILE, f"document key {key!r} is used twice"))
            seen.add(key)
    if problems:
        raise InputError(problems)
    return docs


def _document(n: int, d: dict[str, Any], problems: list[Problem]) -> Document:
    where = f"[[document]] #{n}"

    def text(key: str, table: dict[str, Any] = d, at: str = where) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            problems.append(Problem(CATALOGUE_FILE, f"{at}: {key} must be text", column=key))
            return ""
        return value

    for key in ("code", "number", "title", "issuer", "region"):
        if not text(key):
            problems.append(Problem(CATALOGUE_FILE, f"{where}: {key} is required", column=key))
    lo, _, hi = text("period").partition("..")
    try:
        period = (dt.date.fromisoformat(lo), dt.date.fromisoformat(hi))
    except ValueError:
        problems.append(Problem(CATALOGUE_FILE, f"{where}: period must be YYYY-MM-DD..YYYY-MM-DD"))
        period = (dt.date.min, dt.date.min)
    clauses = []
    for i, c in enumerate(d.get("clause", []), 1):
        at = f"{where} clause #{i}"
        if not text("label", c, at) or not text("zh", c, at) or not text("en", c, at):
            problems.append(Problem(CATALOGUE_FILE, f"{at}: label, zh and en are required"))
        clauses.append(
            Clause(
                label=text("label", c, at),
                heading=text("heading", c, at),
                quote=text("quote", c, at),
                zh=text("zh", c, at),
                en=text("en", c, at),
                quantitative=bool(c.get("quantitative", True)),
            )
        )
    labels = [_fold(c.label) for c in clauses]
    if len(set(labels)) != len(labels):
        problems.append(Problem(CATALOGUE_FILE, f"{where}: a clause label is given twice"))
    return Document(
        code=text("code"),
        number=text("number"),
        title=text("title"),
        title_en=text("title_en"),
        title_printed=bool(d.get("title_printed", True)),
        issuer=text("issuer"),
        doc_number=text("doc_number"),
        date=text("date"),
        year=int(d.get("year", 0)),
        region=text("region"),
        period=period,
        notes_zh=text("notes_zh"),
        notes_en=text("notes_en"),
        clauses=tuple(clauses),
    )
