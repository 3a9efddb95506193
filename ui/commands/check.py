"""`fairplan check SCENARIO [--records FILE] [--as-of DATE] [--out DIR] [--db URL]` (CONTRACT §4).

Judges recorded fairs against the scenario's rules, writes `compliance.csv` and
`compliance.xlsx`, prints the misses per city in Chinese; exit 3 when a period
was missed. Without `--records` the records come from the records store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.records import Record
    from scheduler.model import Scenario

EXIT_OK, EXIT_UNMET = 0, 3


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def load_scenario(path: str) -> Scenario:
    """The scenario loader, imported when needed (tests may replace this function)."""
    from scheduler.loader import load_scenario as load

    return load(Path(path))


def today(scenario: Scenario) -> dt.date:
    """Today in the scenario's timezone (the contract's default as-of date)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(scenario.settings.timezone)).date()


def load_records_for(scenario: Scenario, records: str | None, db: str | None) -> list[Record]:
    """Records from a file (validated against the scenario's regions) or from the store."""
    from monitor.records import load_records
    from monitor.store import RecordStore

    if records:
        return load_records(records, scenario.regions)
    with RecordStore(db) as store:
        # the store is shared by every scenario: keep the records of this one's regions
        return store.records(scenario.regions)


def default_out(scenario: Scenario) -> Path:
    return Path("out") / scenario.name


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check",
        help="judge recorded fairs against the scenario's rules",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("scenario", help="scenario .xlsx or folder of CSVs")
    p.add_argument("--records", help="records .csv or .xlsx (default: the records store)")
    p.add_argument("--as-of", type=iso_date, help="judge as of this date (default: today)")
    p.add_argument("--out", help="output folder (default: ./out/<scenario name>)")
    p.add_argument(
        "--db", help="records store: a SQLite path or database URL (default: $FAIRPLAN_DB)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.compliance import judge, misses_text, write_outputs

    scenario = load_scenario(args.scenario)
    records = load_records_for(scenario, args.records, args.db)
    as_of = args.as_of or today(scenario)
    rows = judge(scenario, records, as_of)
    out = Path(args.out) if args.out else default_out(scenario)
    paths = write_outputs(scenario, rows, as_of, out)
    print(misses_text(scenario, rows, as_of))
    counts = {
        s: sum(1 for r in rows if r.status == s) for s in ("met", "missed", "at_risk", "upcoming")
    }
    print(
        f"共 {len(rows)} 个周期：达标 {counts['met']}，未达标 {counts['missed']}，"
        f"有风险 {counts['at_risk']}，未到期 {counts['upcoming']}。",
    )
    for path in paths:
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_UNMET if counts["missed"] else EXIT_OK
