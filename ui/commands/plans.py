"""`fairplan plans list|show|diff|publish|copy|edit|history` — the stored plans (CONTRACT §6).

    fairplan plans list [--db URL] [--user NAME]
    fairplan plans show ID [--out DIR] [--json]
    fairplan plans diff ID1 ID2 [--csv FILE]
    fairplan plans publish ID [--note TEXT]          (planners)
    fairplan plans copy ID                            (planners: a draft to edit)
    fairplan plans edit ID EVENT_ID [--date D] [--venue V] [--no-lock] [--dry-run]
    fairplan plans history

Plans come into the store from `fairplan plan SCENARIO --db URL --user NAME [--publish]`
(or the app). `list` shows every version, draft or published; `diff` lists the kept,
moved, added and cancelled fairs from the first plan to the second, per region and with
the reason a fair moved; `publish` makes a plan the one `fairplan serve` serves and the
bureaus report against; `edit` moves a fair of a draft by hand (and locks it), after the
independent checker's verdict and the objective's change (`--dry-run`: only those).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from texts import tr
from ui.commands._args import iso_date
from ui.commands._signin import add_store_args, signed_in

if TYPE_CHECKING:
    from db import Database
    from identity.users import User
    from publish.plans import PlanStore
    from scheduler.model import Scenario
    from scheduler.plan import PlanResult
    from scheduler.schedule import ScheduledFair


def add_plan_store_args(p: argparse.ArgumentParser) -> None:
    """`fairplan plan`'s store options."""
    add_store_args(p)
    p.add_argument("--publish", action="store_true", help=tr("help_publish"))
    p.add_argument("--note", default="", metavar=tr("metavar.text"), help=tr("help_note"))


@dataclass
class Recorder:
    """`fairplan plan` keeping its plan in the store (see `ui.commands.plan`)."""

    database: Database
    user: User
    plans: PlanStore
    based_on: int | None = None

    @staticmethod
    def open(args: argparse.Namespace) -> Recorder | None:
        """None unless --db, --user or --publish asks for the store; refuses a non-planner
        before anything is solved."""
        if not (args.db or args.user or args.publish):
            return None
        from db import Database
        from identity.users import Action, require
        from publish.plans import PlanStore

        database = Database(args.db)
        user = signed_in(database, args)
        require(user, Action.PLAN)
        return Recorder(database, user, PlanStore(database))

    def against_published(self, scenario: Scenario) -> tuple[Scenario, list[ScheduledFair] | None]:
        """The scenario and previous fairs to re-plan against the published plan, when it
        is a plan of this scenario (by name); else the scenario as it is."""
        from publish.replan import basis

        published = self.plans.published(self.user)
        if published is None or published.scenario.name != scenario.name:
            return scenario, None
        b = basis(scenario, published.fairs, published.plan_id)
        self.based_on = published.plan_id
        print(tr("replanning_against", id=published.plan_id), file=sys.stderr)
        for fair, why in b.released:
            print(tr("lock_released", event=fair.event_id, why=why), file=sys.stderr)
        return b.scenario, b.previous

    def keep(self, result: PlanResult, scenario_path: Path, publish: bool, note: str) -> None:
        info = self.plans.save(result, scenario_path, self.user, based_on=self.based_on, note=note)
        if publish:
            info = self.plans.publish(info.plan_id, self.user, note=note)
        print(tr("plan_stored", id=info.plan_id, state=tr(f"state_{info.state}")))
        self.database.close()


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "plans",
        help=tr("help.plans"),
        description=tr("about.plans") + "\n\n" + tr("about.signin"),
    )
    sub = p.add_subparsers(dest="plans_command", required=True, metavar=tr("metavar.command"))

    def command(name: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        s = sub.add_parser(
            name, help=tr(f"help.plans.{name}"), description=tr(f"help.plans.{name}")
        )
        s.set_defaults(func=func)
        return s

    def plan_id(s: argparse.ArgumentParser, name: str = "id", key: str = "id") -> None:
        s.add_argument(name, type=int, metavar=tr("metavar.id"), help=tr(f"opt.plans.{key}"))

    ls = command("list", run_list)
    show = command("show", run_show)
    plan_id(show)
    show.add_argument("--out", type=Path, metavar=tr("metavar.dir"), help=tr("opt.plans.show_out"))
    show.add_argument(
        "--domain", default="fairplan.local", metavar=tr("metavar.domain"), help=tr("opt.domain")
    )
    show.add_argument("--json", action="store_true", help=tr("opt.plans.json"))
    diff = command("diff", run_diff)
    plan_id(diff, "first", "first")
    plan_id(diff, "second", "second")
    diff.add_argument("--csv", type=Path, metavar=tr("metavar.file"), help=tr("opt.plans.csv"))
    pub = command("publish", run_publish)
    cp = command("copy", run_copy)
    for s in (pub, cp):
        plan_id(s)
        s.add_argument("--note", default="", metavar=tr("metavar.text"), help=tr("opt.plans.note"))
    ed = command("edit", run_edit)
    plan_id(ed)
    ed.add_argument("event_id", metavar=tr("metavar.event"), help=tr("opt.plans.event"))
    ed.add_argument("--date", type=iso_date, metavar=tr("metavar.date"), help=tr("opt.plans.date"))
    ed.add_argument("--venue", metavar=tr("metavar.venue"), help=tr("opt.plans.venue"))
    ed.add_argument("--no-lock", action="store_true", help=tr("opt.plans.no_lock"))
    ed.add_argument("--dry-run", action="store_true", help=tr("opt.plans.dry_run"))
    hist = command("history", run_history)
    for s in (ls, show, diff, pub, cp, ed, hist):
        add_store_args(s)


def _open(args: argparse.Namespace) -> tuple[Database, User, PlanStore]:
    from db import Database
    from publish.plans import PlanStore

    database = Database(args.db)
    return database, signed_in(database, args), PlanStore(database)


def run_list(args: argparse.Namespace) -> int:
    from publish.plans import PLAN_LIST_COLUMNS
    from scheduler import sheetwriter

    database, user, plans = _open(args)
    with database:
        rows = [i.as_row() for i in plans.versions(user)]
    sheetwriter.CsvWriter(sys.stdout, PLAN_LIST_COLUMNS, lineterminator="\n").writerows(rows)
    if not rows:
        print(tr("no_plans_yet"), file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from publish.outputs import write_plan
    from publish.plans import info_json

    database, user, plans = _open(args)
    with database:
        plan = plans.get(args.id, user)
    info = plan.info
    if args.json:
        print(json.dumps(info_json(info), ensure_ascii=False, indent=2))
    else:
        print(
            tr(
                "stored_plan_summary",
                id=info.plan_id,
                state=tr(f"state_{info.state}"),
                scenario=info.scenario_name,
                version=info.scenario_version,
                events=info.events,
                status=info.status,
                rules=tr("yes") if info.rules_met else tr("no"),
                checker=tr("checker_passed") if info.checker_passed else tr("checker_failed"),
            )
        )
        print(
            tr(
                "stored_plan_made",
                who=info.created_by,
                at=info.created_at.isoformat(timespec="seconds"),
                based=info.based_on if info.based_on is not None else "—",
                edits=info.edits,
            )
        )
    if args.out:
        written = write_plan(plan, args.out, domain=args.domain)
        print(tr("wrote", path=f"{args.out} ({len(written)})"), file=sys.stderr)
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from publish.diff import DIFF_COLUMNS, diff
    from scheduler import sheetwriter

    database, user, plans = _open(args)
    with database:
        first, second = plans.get(args.first, user), plans.get(args.second, user)
    d = diff(first.fairs, second.fairs, second.scenario)
    c = d.counts()
    print(_counted("diff_counts", c, a=args.first, b=args.second))
    for region, counts in d.by_region().items():
        name = second.scenario.regions[region].name if region in second.scenario.regions else ""
        if counts["moved"] or counts["added"] or counts["cancelled"]:
            print(_counted("diff_region", counts, region=f"{name}（{region}）".strip("（）")))
    for ch in d.changes:
        if ch.status == "kept":
            continue
        b, a = ch.before, ch.after
        when = f"{b.date if b else ''} → {a.date if a else ''}".strip(" →")
        where = f"{b.venue_id if b else ''} → {a.venue_id if a else ''}".strip(" →")
        print(
            f"  {tr('change_' + ch.status)} {ch.event_id} {ch.region_name} {when} {where}"
            + (f" — {ch.reason}" if ch.reason else "")
        )
    if args.csv:
        sheetwriter.write_csv(args.csv, DIFF_COLUMNS, (ch.as_row() for ch in d.changes))
        print(tr("wrote", path=args.csv), file=sys.stderr)
    return 0


def _counted(key: str, counts: dict[str, int], **values: object) -> str:
    """A line of the diff with its four counts."""
    return tr(  # `values` never holds `lang`
        key,
        kept=counts["kept"],
        moved=counts["moved"],
        added=counts["added"],
        cancelled=counts["cancelled"],
        **values,  # type: ignore[arg-type]
    )


def run_publish(args: argparse.Namespace) -> int:
    database, user, plans = _open(args)
    with database:
        before = plans.published_id()
        info = plans.publish(args.id, user, note=args.note)
    print(tr("plan_published", id=info.plan_id, was=before if before is not None else "—"))
    return 0


def run_copy(args: argparse.Namespace) -> int:
    database, user, plans = _open(args)
    with database:
        info = plans.draft_from(args.id, user, note=args.note)
    print(tr("plan_copied", id=info.plan_id, source=args.id))
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from publish.edits import Edit, Editor

    edit = Edit(args.event_id, date=args.date, venue_id=args.venue, lock=not args.no_lock)
    database, user, plans = _open(args)
    with database:
        editor = Editor(plans)
        outcome = editor.preview(args.id, edit, user) if args.dry_run else None
        if outcome is None:
            outcome = editor.apply(args.id, edit, user)
    b, a = outcome.before, outcome.after
    print(tr("edit_moved", event=a.event_id, date0=b.date, venue0=b.venue_id, date1=a.date,
             venue1=a.venue_id, seq=a.sequence))  # fmt: skip
    verdict = tr("checker_passed") if outcome.passed else tr("checker_failed")
    print(tr("edit_verdict", verdict=verdict, short=len(outcome.shortfalls)))
    for v in outcome.violations:
        print(f"  - {v}")
    if outcome.delta is not None:
        print(tr("edit_objective", before=outcome.objective_before, after=outcome.objective_after,
                 delta=outcome.delta))  # fmt: skip
    print(tr("edit_saved") if outcome.saved else tr("edit_not_saved"))
    return 0 if outcome.passed else 3


def run_history(args: argparse.Namespace) -> int:
    database, user, plans = _open(args)
    with database:
        for p in plans.history(user):
            print(
                f"{p.published_at.isoformat(timespec='seconds')}  "
                + tr(
                    "history_line", id=p.plan_id, was=p.previous_plan_id or "—", who=p.published_by
                )
                + (f"  {p.note}" if p.note else "")
            )
    return 0
