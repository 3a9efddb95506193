"""`fairplan report weekly|monthly|quarterly SCENARIO --as-of DATE [--records FILE] [--out DIR]
[--db URL] [--user NAME]` and `fairplan report next SCENARIO [--as-of DATE] …`.

Writes the progress report the policies ask for (see `monitor.reports`): per city,
fairs held in the period and cumulatively, employers, positions, attendees,
misses and a red/yellow/green light. Exit 3 when a period was missed by the
as-of date (as `fairplan check` would). Records from the store are read as the
signed-in `--user` (a bureau: its own city only), as for `fairplan check`.

`next` follows the reporting rhythm of the scenario's preset (settings `preset`:
Jilin every Thursday by 17:00, Hubei monthly by the 30th, Inner Mongolia within 5 days
after each quarter): for each report it prints when the next one is due, the days it
covers and what it will contain so far per city, and writes that report's workbook. The
as-of date defaults to today in the scenario's time zone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler import kinds, policy, rhythm
from scheduler.errors import InputError, Problem
from scheduler.model import Scenario
from texts import tr
from ui.commands import check as _check
from ui.commands._signin import add_store_args

if TYPE_CHECKING:
    from monitor.reports import DueReport


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "report",
        help=tr("help.report"),
        description=tr("about.report") + "\n\n" + tr("about.report_next"),
    )
    p.add_argument(
        "cadence",
        choices=("weekly", "monthly", "quarterly", "next"),
        metavar=tr("metavar.cadence"),
        help=tr("opt.report.cadence"),
    )
    _check.add_judge_args(p, as_of=tr("opt.report.as_of"))
    add_store_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.cadence == "next":
        return run_next(args)
    from monitor.reports import build_report, report_path, write_report_xlsx

    if args.as_of is None:
        raise InputError([Problem("--as-of", tr("reports.as_of_required"))])
    scenario = _check.load_scenario(args.scenario)
    evidence = _check.records_for(scenario, args)
    _check.warn_if_empty(scenario, evidence, args.as_of)
    report = build_report(scenario, evidence.records, args.cadence, args.as_of)
    if evidence.scope is not None:  # a bureau: its own cities only
        report.lines = [x for x in report.lines if x.city_id in evidence.scope]
        report.rows = evidence.visible(report.rows)
    out = Path(args.out) if args.out else _check.default_out(scenario)
    out.mkdir(parents=True, exist_ok=True)
    path = write_report_xlsx(scenario, report, report_path(out, report))
    red = [line for line in report.lines if line.light == "red"]
    names = tr("report.list_sep").join(x.city_name for x in red)
    print(
        tr(
            "report.summary",
            name=tr(f"report.cadence.{args.cadence}"),
            start=report.period_start.isoformat(),
            as_of=args.as_of.isoformat(),
            cities=len(report.lines),
            held=sum(x.held for x in report.lines),
            red=len(red),
            which=tr("report.red_which", names=names) if red else "",
        )
    )
    print(tr("wrote", path=path), file=sys.stderr)
    return 3 if report.any_missed else 0


def run_next(args: argparse.Namespace) -> int:
    """The next report of each reporting rhythm: when, what it covers, what it holds."""
    from monitor.reports import next_reports, write_report_xlsx

    scenario = _check.load_scenario(args.scenario)
    if not scenario.settings.preset:
        raise InputError([Problem(args.scenario, tr("reports.no_preset"))])
    as_of = args.as_of or _check.today(scenario)
    evidence = _check.records_for(scenario, args)
    _check.warn_if_empty(scenario, evidence, as_of)
    dues = next_reports(scenario, evidence.records, as_of, evidence.scope)
    if not dues:
        print(tr("reports.none_left", date=as_of.isoformat()))
        return 0
    out = Path(args.out) if args.out else _check.default_out(scenario)
    out.mkdir(parents=True, exist_ok=True)
    missed = False
    for due in dues:
        report = due.report
        missed = missed or report.any_missed
        r = due.reporting
        print(describe_due(due))
        for line in report.lines:
            print(
                tr(
                    "reports.next_line",
                    city=line.city_name,
                    held=line.held,
                    kinds=_kinds_text(scenario, line.by_kind),
                    cancelled=line.cancelled,
                    missed=line.missed,
                    at_risk=line.at_risk,
                    light=tr(f"compliance.light.{line.light}"),
                )
            )
        path = write_report_xlsx(scenario, report, out / due.file_name, title=r.name_zh)
        print(tr("wrote", path=path), file=sys.stderr)
    return 3 if missed else 0


def describe_due(due: DueReport) -> str:
    """`工作进度汇总表（各市报省人力资源和社会保障厅，每周四 17:00 前，依据《…》保障措施(四)）：
    下次 2022-07-07 17:00 截止，涵盖 2022-07-01 至 2022-07-07`"""
    r = due.reporting
    return tr(
        "reports.next_due",
        name=r.name(),
        who=tr(f"reports.who_{r.who}"),
        to=r.to(),
        rhythm=rhythm.describe(r.rhythm),
        due=due.due.strftime("%Y-%m-%d %H:%M"),
        lo=due.covers[0].isoformat(),
        hi=due.covers[1].isoformat(),
        source=policy.display(r.source),
    )


def _kinds_text(scenario: Scenario, by_kind: dict[str, int]) -> str:
    parts = [f"{kinds.label(scenario.kinds, k)} {n}" for k, n in by_kind.items() if n]
    return tr("report.list_sep").join(parts) or tr("reports.no_fairs")
