"""`fairplan report weekly|monthly|quarterly SCENARIO --as-of DATE [--records FILE] [--out DIR]
[--db URL] [--user NAME]`.

Writes the progress report the policies ask for (see `monitor.reports`): per city,
fairs held in the period and cumulatively, employers, positions, attendees,
misses and a red/yellow/green light. Exit 3 when a period was missed by the
as-of date (as `fairplan check` would). Records from the store are read as the
signed-in `--user` (a bureau: its own city only), as for `fairplan check`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from texts import tr
from ui.commands import check as _check
from ui.commands._signin import add_store_args


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "report",
        help="write a weekly, monthly or quarterly progress report (.xlsx)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("cadence", choices=("weekly", "monthly", "quarterly"))
    p.add_argument("scenario", help="scenario .xlsx or folder of CSVs")
    p.add_argument("--as-of", type=_check.iso_date, required=True, help="report as of this date")
    p.add_argument("--records", help="records .csv or .xlsx (default: the records store)")
    p.add_argument("--out", help="output folder (default: ./out/<scenario name>)")
    add_store_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.reports import CADENCE_ZH, build_report, report_path, write_report_xlsx

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
    print(
        f"{CADENCE_ZH[args.cadence]} {report.period_start.isoformat()} 至 {args.as_of.isoformat()}："
        f"{len(report.lines)} 个城市，本期举办 {sum(x.held for x in report.lines)} 场，"
        f"红灯 {len(red)} 个"
        + ("（" + "、".join(x.city_name for x in red) + "）" if red else "")
        + "。"
    )
    print(tr("wrote", path=path), file=sys.stderr)
    return 3 if report.any_missed else 0
