"""`fairplan presets list` and `fairplan presets show NAME [--csv DIR [--force]]`.

A preset is one policy text's fair rules, kinds and reporting rhythm (scheduler.presets,
docs/presets.md). `show` prints its kinds and rules as tab-separated rows a planner can
paste into a workbook's kinds and rules sheets, each rule citing its document's title and
clause, followed by the clauses' wording, the reporting rhythm and what the rules leave
out; `--csv DIR` writes `rules.csv` and `kinds.csv` (UTF-8 with BOM) into a scenario
folder instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import texts
from scheduler import policy, presets, rhythm
from scheduler.errors import InputError, Problem
from scheduler.sheetwriter import write_csv
from texts import tr

# the policies are Chinese provinces': "today" is China's
TIMEZONE = ZoneInfo("Asia/Shanghai")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "presets",
        help=tr("presets_help"),
        description=tr("about.presets"),
    )
    sub = p.add_subparsers(dest="presets_command", required=True, metavar=tr("metavar.command"))
    listing = sub.add_parser(
        "list", help=tr("presets_list_help"), description=tr("presets_list_help")
    )
    listing.set_defaults(func=run_list)
    show = sub.add_parser("show", help=tr("presets_show_help"), description=tr("presets_show_help"))
    show.add_argument("name", metavar=tr("metavar.preset"), help=tr("presets_name_help"))
    show.add_argument("--csv", metavar=tr("metavar.dir"), type=Path, help=tr("presets_csv_help"))
    show.add_argument("--force", action="store_true", help=tr("presets_force_help"))
    show.set_defaults(func=run_show)


def run_list(args: argparse.Namespace) -> int:
    lang = texts.current()
    header = [
        tr(f"presets_col_{c}")
        for c in ("name", "title", "document", "horizon", "rules", "reporting")
    ]
    rows = []
    for p in presets.list():
        doc = p.policy_document()
        rows.append(
            [
                p.name,
                p.title(lang),
                " ".join(x for x in (doc.number, doc.doc_number) if x),
                f"{p.start.isoformat()}..{p.end.isoformat()}",
                str(len(p.rules)),
                tr("presets_sep").join(rhythm.describe(r.rhythm) for r in p.reporting)
                or tr("presets_none"),
            ]
        )
    print(_tsv([header, *rows]), end="")
    return 0


def run_show(args: argparse.Namespace) -> int:
    preset = presets.get(args.name)
    rules = presets.rules_rows(preset, cite="title")
    kinds = presets.kinds_rows(preset)
    if args.csv is not None:
        _write_sheets(
            args.csv,
            {"kinds": (presets.KIND_COLUMNS, kinds), "rules": (presets.RULE_COLUMNS, rules)},
            force=args.force,
        )
        return 0
    print(describe(preset, today=dt.datetime.now(TIMEZONE).date()), end="")
    return 0


def describe(preset: presets.Preset, today: dt.date) -> str:
    """Everything `show` prints: a pure function of the preset and today's date."""
    lang = texts.current()
    doc = preset.policy_document()
    sep = tr("presets_sep")
    details = sep.join(x for x in (doc.number, doc.issuer, doc.doc_number, doc.date) if x)
    if not doc.title_printed:
        details += sep + tr("presets_show_title_made")
    out = [
        tr("presets_show_head", name=preset.name, title=preset.title(lang)),
        preset.description(lang),
        tr("presets_show_document", title=doc.cited(), details=details),
        tr(
            "presets_show_horizon",
            start=preset.start.isoformat(),
            end=preset.end.isoformat(),
            source=_short(preset.horizon_source, doc),
        ),
        "",
        tr("presets_show_kinds"),
        _tsv(_table(presets.KIND_COLUMNS, presets.kinds_rows(preset))),
        tr("presets_show_rules"),
        _tsv(_table(presets.RULE_COLUMNS, presets.rules_rows(preset, cite="title"))),
        tr("presets_show_clauses"),
    ]
    cited: dict[str, policy.Citation] = {}
    for r in preset.rules:
        for c in policy.resolve(r.source):
            cited.setdefault(c.display(), c)
    for shown, c in cited.items():
        assert c.provision is not None  # every preset source resolves (checked at loading)
        p = c.provision
        # the heading is the clause's own (Chinese) words: English gives the summary alone
        clause = shown if lang == "en" else f"{shown} {p.heading}"
        out.append(tr("presets_clause", clause=clause, summary=p.summary(lang)))
        out.append("  " + tr("presets_show_quote", quote=c.provision.quote))
    if preset.tags:
        out += ["", tr("presets_show_tags")]
        out += [
            tr("presets_item", head=t.name, text=t.en if lang == "en" else t.zh)
            for t in preset.tags
        ]
    out += ["", tr("presets_show_reporting")]
    if not preset.reporting:
        out.append("- " + tr("presets_none"))
    for rep in preset.reporting:
        every = rhythm.dues(rep.rhythm, preset.start, dt.date.max)  # bounded by the rhythm's end
        out.append(
            "- "
            + tr(
                "presets_show_reporting_line",
                name=rep.name(lang),
                who=tr(f"presets_level_{rep.who}"),
                to=rep.to(lang),
                rhythm=rhythm.describe(rep.rhythm),
                source=_short(rep.source, doc),
                first=_when(every[0].due),
                last=_when(every[-1].due),
                count=len(every),
            )
        )
        upcoming = rhythm.next_due(rep.rhythm, today)
        if upcoming is not None and today >= preset.start:
            lo, hi = upcoming.covers
            out.append(
                "  "
                + tr(
                    "presets_show_next",
                    due=_when(upcoming.due),
                    lo=lo.isoformat(),
                    hi=hi.isoformat(),
                )
            )
    out += ["", tr("presets_show_notes")]
    out += [tr("presets_item", head=_short(n.source, doc), text=n.text(lang)) for n in preset.notes]
    out += ["", tr("presets_show_paste")]
    return "\n".join(out) + "\n"


def _short(source: str, own: policy.Document) -> str:
    """A source as shown below the tables: the preset's own document by clause alone."""
    return tr("presets_sep").join(
        c.clause if c.document is own and c.clause else c.display() for c in policy.resolve(source)
    )


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _table(columns: Sequence[str], rows: list[dict[str, str]]) -> list[list[str]]:
    return [list(columns), *([row[c] for c in columns] for row in rows)]


def _tsv(table: list[list[str]]) -> str:
    # a tab or line break inside a cell would split it when pasted: none is expected in
    # the bundled data, and none may get through
    return "".join("\t".join(" ".join(cell.split()) for cell in row) + "\n" for row in table)


def _write_sheets(
    folder: Path,
    sheets: dict[str, tuple[Sequence[str], list[dict[str, str]]]],
    force: bool,
) -> None:
    """Write one `<sheet>.csv` per sheet into `folder` through the spreadsheet-safe writer
    (atomic, UTF-8 with BOM); refuse, before writing anything, to replace an existing file
    unless `force`."""
    targets = {name: folder / f"{name}.csv" for name in sheets}
    if not force:
        taken = [p for p in targets.values() if p.exists()]
        if taken:
            raise InputError([Problem(str(p), tr("presets_csv_exists", path=p)) for p in taken])
    folder.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in sheets.items():
        write_csv(targets[name], columns, rows)
        print(tr("presets_csv_wrote", path=targets[name]))
