"""`fairplan check SCENARIO [--records FILE] [--as-of DATE] [--out DIR] [--db URL] [--user NAME]`
(CONTRACT §4, §6).

Judges recorded fairs against the scenario's rules, writes `compliance.csv` and
`compliance.xlsx`, prints the misses per city in Chinese; exit 3 when a period
was missed. Without `--records` the records come from the store, read as the
signed-in `--user` (a bureau: its own regions; a store without accounts needs no
sign-in); when the store has a published plan, `reconcile.csv` says for each of its
fairs whether it was held, cancelled or not reported, and lists the held fairs the
plan does not have.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from texts import tr
from ui.commands._args import iso_date
from ui.commands._signin import add_store_args, signed_in

if TYPE_CHECKING:
    from identity.users import User
    from monitor.compliance import ComplianceRow
    from monitor.records import Record
    from publish.plans import StoredPlan
    from scheduler.model import Scenario

EXIT_OK, EXIT_UNMET = 0, 3
#: lines of misses printed before the rest is left to compliance.csv
PRINT_LIMIT = 40


def load_scenario(path: str) -> Scenario:
    """The scenario loader, imported when needed (tests may replace this function)."""
    from scheduler.scenario import load_scenario as load

    return load(Path(path))


def today(scenario: Scenario) -> dt.date:
    """Today in the scenario's timezone (the contract's default as-of date)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(scenario.settings.timezone)).date()


@dataclass
class Evidence:
    """The records judged, where they came from, and who read them (None: a file)."""

    records: list[Record]
    source: str
    user: User | None = None
    scope: frozenset[str] | None = None
    plan: StoredPlan | None = None  # the store's published plan, as the user may see it

    def visible(self, rows: Sequence[ComplianceRow]) -> list[ComplianceRow]:
        """The rows the reader may see (a bureau: its own regions)."""
        return list(rows) if self.scope is None else [r for r in rows if r.region_id in self.scope]


def records_for(scenario: Scenario, args: argparse.Namespace, with_plan: bool = False) -> Evidence:
    """Records from a file (validated against the scenario's regions) or from the store,
    as the signed-in user may read them (and, `with_plan`, the published plan)."""
    from monitor.records import load_records

    if args.records:
        return Evidence(
            load_records(args.records, scenario.regions, kinds=scenario.kinds), args.records
        )
    from monitor.authorized import AuthorizedStore
    from monitor.store import RecordStore
    from publish.plans import PlanStore

    with RecordStore(args.db) as store:
        reader = AuthorizedStore(store, signed_in(store.db, args))
        scope = reader.scope()
        # the store is shared by every scenario: keep the records of this one's regions
        records = [r for r in reader.records() if r.region_id in scenario.regions]
        plan = PlanStore(store.db).published(reader.user) if with_plan else None
        return Evidence(records, store.db.masked_url, reader.user, scope, plan)


def default_out(scenario: Scenario) -> Path:
    return Path("out") / scenario.name


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check",
        help=tr("help.check"),
        description=tr("about.check"),
    )
    add_judge_args(p, as_of=tr("opt.as_of_check"))
    add_store_args(p)
    p.set_defaults(func=run)


def add_judge_args(p: argparse.ArgumentParser, as_of: str, required: bool = False) -> None:
    """The scenario, records, as-of date and output folder of `check` and `report`."""
    p.add_argument("scenario", metavar=tr("metavar.scenario"), help=tr("opt.scenario"))
    p.add_argument("--records", metavar=tr("metavar.file"), help=tr("opt.records"))
    p.add_argument(
        "--as-of", type=iso_date, required=required, metavar=tr("metavar.date"), help=as_of
    )
    p.add_argument("--out", metavar=tr("metavar.dir"), help=tr("opt.out_scenario"))


def warn_if_empty(scenario: Scenario, evidence: Evidence, as_of: dt.date) -> None:
    """Say so when nothing was read: every period would read as missed (issue 11)."""
    if evidence.records:
        return
    print(tr("check_no_records", source=evidence.source), file=sys.stderr)
    if as_of > scenario.settings.end:
        print(
            tr("check_after_horizon", as_of=as_of.isoformat(), end=scenario.settings.end),
            file=sys.stderr,
        )


def capped(text: str, limit: int = PRINT_LIMIT) -> str:
    lines = text.splitlines()
    if len(lines) <= limit + 1:
        return text
    return "\n".join([*lines[:limit], tr("check_more_lines", n=len(lines) - limit)])


def reconcile_against(
    scenario: Scenario, evidence: Evidence, as_of: dt.date, out: Path
) -> list[Path]:
    """`reconcile.csv` when the store has a published plan of this scenario (CONTRACT §6)."""
    from monitor.reconcile import reconcile, summarise, write_reconcile_csv

    plan = evidence.plan
    if plan is None:
        return []
    if plan.scenario.name != scenario.name:
        print(tr("reconcile_other_scenario", id=plan.plan_id, name=plan.scenario.name),
              file=sys.stderr)  # fmt: skip
        return []
    names = {rid: r.name for rid, r in scenario.regions.items()}
    rows = reconcile(plan.fairs, evidence.records, names)
    totals = dict.fromkeys(("held", "cancelled", "not_reported", "upcoming", "unplanned"), 0)
    for line in summarise(rows, as_of, "all"):
        for k in totals:
            totals[k] += line.counts[k]
    print(
        tr(
            "reconcile_counts",
            id=plan.plan_id,
            held=totals["held"],
            cancelled=totals["cancelled"],
            not_reported=totals["not_reported"],
            upcoming=totals["upcoming"],
            unplanned=totals["unplanned"],
        )
    )
    return [write_reconcile_csv(rows, out / "reconcile.csv")]


def run(args: argparse.Namespace) -> int:
    from monitor.compliance import judge, misses_text, write_outputs

    scenario = load_scenario(args.scenario)
    evidence = records_for(scenario, args, with_plan=True)
    as_of = args.as_of or today(scenario)
    rows = evidence.visible(judge(scenario, evidence.records, as_of))
    out = Path(args.out) if args.out else default_out(scenario)
    warn_if_empty(scenario, evidence, as_of)
    paths = write_outputs(scenario, rows, as_of, out)
    print(capped(misses_text(scenario, rows, as_of)))
    counts = {
        s: sum(1 for r in rows if r.status == s) for s in ("met", "missed", "at_risk", "upcoming")
    }
    print(
        tr(
            "check_counts",
            total=len(rows),
            met=counts["met"],
            missed=counts["missed"],
            at_risk=counts["at_risk"],
            upcoming=counts["upcoming"],
        )
    )
    paths += reconcile_against(scenario, evidence, as_of, out)
    for path in paths:
        print(tr("wrote", path=path), file=sys.stderr)
    return EXIT_UNMET if counts["missed"] else EXIT_OK
