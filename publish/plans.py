"""Plans in the store: every stored solve, its versions, and the one published plan.

- `PlanStore.save` keeps a solve: its schedule rows (``plan_fairs``), its report, the
  scenario version it was planned from (the workbook itself, `publish.scenarios`), the
  plan it was re-planned from (``based_on``), who and when. A stored plan is a *draft*
  until it is published.
- `PlanStore.publish` makes a plan the published plan (planners only; only a plan the
  independent checker passed). The published plan is the newest row of
  ``publications`` — one INSERT, so readers (the feed server, a bureau's ledger) see
  the old plan or the new one, never a mix; every publish is in that append-only table
  and in the general ``audit``. A plan that was ever published is never changed again.
- Drafts can be edited by hand (`publish.edits`); `draft_from` copies any plan (the
  published one, typically) into a new draft to edit.
- Who may read what: planners, inspectors and admins every plan; a bureau the published
  plan only, and of it only its own region and the regions below.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from db import Database, utc
from db.schema import audit, plan_fairs, plans, publications, scenarios
from identity.regions import user_scope
from identity.users import Action, PermissionDenied, User, require, verify
from publish.scenarios import StoredScenario, load_stored, scenario_info, store_scenario
from scheduler.errors import InputError, Problem
from scheduler.model import Scenario
from scheduler.schedule import ScheduledFair
from texts import tr

log = logging.getLogger("fairplan.publish")

Clock = Callable[[], dt.datetime]
FAIR_COLUMNS = tuple(f.name for f in fields(ScheduledFair))


@dataclass(frozen=True)
class PlanInfo:
    """One stored plan, without its fairs."""

    plan_id: int
    scenario_id: int
    scenario_name: str
    scenario_version: int
    based_on: int | None
    origin: str  # solve | copy
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    edits: int
    status: str
    objective: float | None
    rules_met: bool
    checker_passed: bool
    events: int
    note: str
    published: bool = False  # the published plan now
    ever_published: bool = False

    @property
    def state(self) -> str:
        """``published``, ``superseded`` (published once, no longer) or ``draft``."""
        if self.published:
            return "published"
        return "superseded" if self.ever_published else "draft"

    def as_row(self) -> dict[str, str]:
        def ts(v: dt.datetime) -> str:
            return utc(v).isoformat(timespec="seconds")

        return {
            "plan_id": str(self.plan_id),
            "state": self.state,
            "scenario": self.scenario_name,
            "scenario_version": str(self.scenario_version),
            "based_on": "" if self.based_on is None else str(self.based_on),
            "created_at": ts(self.created_at),
            "created_by": self.created_by,
            "edits": str(self.edits),
            "status": self.status,
            "events": str(self.events),
            "objective": "" if self.objective is None else f"{self.objective:g}",
            "rules_met": "yes" if self.rules_met else "no",
            "checker": "passed" if self.checker_passed else "failed",
            "note": self.note,
        }


PLAN_LIST_COLUMNS = (
    "plan_id", "state", "scenario", "scenario_version", "based_on", "created_at",
    "created_by", "edits", "status", "events", "objective", "rules_met", "checker", "note",
)  # fmt: skip


@dataclass
class StoredPlan:
    """A stored plan with its scenario and fairs: what outputs, diffs and feeds need."""

    info: PlanInfo
    scenario: Scenario
    fairs: list[ScheduledFair]
    report_doc: dict[str, Any] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        return self.report_doc

    @property
    def plan_id(self) -> int:
        return self.info.plan_id


@dataclass(frozen=True)
class Publication:
    publication_id: int
    plan_id: int
    previous_plan_id: int | None
    published_at: dt.datetime
    published_by: str
    note: str


def fair_row(plan_id: int, f: ScheduledFair) -> dict[str, Any]:
    return {"plan_id": plan_id, **{c: getattr(f, c) for c in FAIR_COLUMNS}}


def fair_of(row: Any) -> ScheduledFair:
    values = {c: row[c] for c in FAIR_COLUMNS}
    values["locked"] = bool(values["locked"])
    return ScheduledFair(**values)


class PlanStore:
    """Stored scenarios and plans, and the published plan, of one store."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock: Clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def now(self) -> dt.datetime:
        return utc(self.clock())

    # --- who -------------------------------------------------------------------------

    @staticmethod
    def _planner(conn: Connection, user: User) -> User:
        current = verify(conn, user)
        require(current, Action.PLAN)
        return current

    def _reader(
        self, conn: Connection, user: User, plan_id: int
    ) -> tuple[User, frozenset[str] | None]:
        """The user, and the regions they may see of this plan (None: all)."""
        current = verify(conn, user)
        if current.can(Action.READ_PLANS):
            return current, None
        if plan_id != self._published_id(conn):
            raise PermissionDenied(
                [Problem(tr("where_permission"), tr("plan_not_yours", id=plan_id))]
            )
        return current, user_scope(conn, current)

    def _audit(
        self, conn: Connection, who: str, action: str, subject: str, detail: dict[str, Any]
    ) -> None:
        conn.execute(
            sa.insert(audit),
            [
                {
                    "at": self.now(),
                    "actor": who,
                    "action": action,
                    "subject": subject,
                    "detail": json.dumps(detail, ensure_ascii=False, default=str),
                }
            ],
        )

    # --- writing ---------------------------------------------------------------------

    def save(
        self,
        plan: Any,
        scenario_path: Path | int,
        user: User,
        *,
        based_on: int | None = None,
        note: str = "",
        origin: str = "solve",
    ) -> PlanInfo:
        """Store a plan (a `PlanResult`: `.scenario`, `.fairs`, `.report()`) as a draft,
        with the workbook it was planned from (or the id of that workbook's stored
        version, `store_scenario`); planners only."""
        report = plan.report()
        now = self.now()
        with self.db.begin() as conn:
            who = self._planner(conn, user).name
            if based_on is not None:
                self._info(conn, based_on)  # must exist
            if isinstance(scenario_path, int):
                stored = scenario_info(conn, scenario_path)
            else:
                stored = store_scenario(conn, Path(scenario_path), plan.scenario, who, now)
            plan_id = self._insert(
                conn, stored, plan.fairs, report, who, now, based_on, origin, note
            )
            self._audit(
                conn,
                who,
                "plan.store",
                f"plan:{plan_id}",
                {"scenario": stored.scenario_id, "based_on": based_on, "events": report["events"]},
            )
            info = self._info(conn, plan_id)
        log.info("plan %d stored by %s", plan_id, who)
        return info

    def _insert(
        self,
        conn: Connection,
        stored: StoredScenario,
        fairs: Sequence[ScheduledFair],
        report: dict[str, Any],
        who: str,
        now: dt.datetime,
        based_on: int | None,
        origin: str,
        note: str,
    ) -> int:
        checker = report.get("checker", {})
        plan_id = conn.execute(
            sa.insert(plans)
            .values(
                scenario_id=stored.scenario_id,
                based_on=based_on,
                origin=origin,
                created_at=now,
                created_by=who,
                updated_at=now,
                updated_by=who,
                edits=0,
                status=str(report.get("status", "")),
                objective=report.get("objective"),
                rules_met=bool(report.get("rules_met")),
                checker_passed=bool(checker.get("passed", True)),
                events=int(report.get("events", 0)),
                report=json.dumps(report, ensure_ascii=False),
                note=note,
            )
            .returning(plans.c.plan_id)
        ).scalar_one()
        rows = [fair_row(plan_id, f) for f in fairs]
        for i in range(0, len(rows), 5000):
            conn.execute(sa.insert(plan_fairs), rows[i : i + 5000])
        return int(plan_id)

    def publish(self, plan_id: int, user: User, note: str = "") -> PlanInfo:
        """Make `plan_id` the published plan (planners only, audited)."""
        with self.db.begin() as conn:
            who = self._planner(conn, user).name
            info = self._info(conn, plan_id)
            if not info.checker_passed:
                raise InputError([Problem(tr("where_plan", id=plan_id), tr("plan_checker_failed"))])
            previous = self._published_id(conn)
            if previous == plan_id:
                return info
            conn.execute(
                sa.insert(publications),
                [
                    {
                        "plan_id": plan_id,
                        "previous_plan_id": previous,
                        "published_at": self.now(),
                        "published_by": who,
                        "note": note,
                    }
                ],
            )
            self._audit(conn, who, "plan.publish", f"plan:{plan_id}", {"previous": previous})
            info = self._info(conn, plan_id)
        log.info("plan %d published by %s (was %s)", plan_id, who, previous)
        return info

    def draft_from(self, plan_id: int, user: User, note: str = "") -> PlanInfo:
        """A new draft with the fairs and report of `plan_id`, based on it, to edit."""
        with self.db.begin() as conn:
            who = self._planner(conn, user).name
            source = self._info(conn, plan_id)
            stored = scenario_info(conn, source.scenario_id)
            fairs = self._fairs(conn, plan_id)
            report = self._report(conn, plan_id)
            new_id = self._insert(
                conn, stored, fairs, report, who, self.now(), plan_id, "copy", note
            )
            self._audit(conn, who, "plan.copy", f"plan:{new_id}", {"from": plan_id})
            return self._info(conn, new_id)

    def replace_fairs(
        self,
        plan_id: int,
        fairs: Sequence[ScheduledFair],
        report: dict[str, Any],
        user: User,
        change: dict[str, Any],
    ) -> PlanInfo:
        """Write a hand-edited draft's fairs and report (see `publish.edits`)."""
        with self.db.begin() as conn:
            who = self._planner(conn, user).name
            info = self._info(conn, plan_id)
            if info.ever_published:
                raise InputError(
                    [Problem(tr("where_plan", id=plan_id), tr("plan_published_frozen", id=plan_id))]
                )
            conn.execute(sa.delete(plan_fairs).where(plan_fairs.c.plan_id == plan_id))
            conn.execute(sa.insert(plan_fairs), [fair_row(plan_id, f) for f in fairs])
            checker = report.get("checker", {})
            conn.execute(
                sa.update(plans)
                .where(plans.c.plan_id == plan_id)
                .values(
                    updated_at=self.now(),
                    updated_by=who,
                    edits=plans.c.edits + 1,
                    objective=report.get("objective"),
                    rules_met=bool(report.get("rules_met")),
                    checker_passed=bool(checker.get("passed", True)),
                    events=int(report.get("events", 0)),
                    report=json.dumps(report, ensure_ascii=False),
                )
            )
            self._audit(conn, who, "plan.edit", f"plan:{plan_id}", change)
            return self._info(conn, plan_id)

    def store_scenario(self, path: Path, scenario: Scenario, user: User) -> StoredScenario:
        """Keep a scenario's workbook (or CSV folder) as it came: a new version of its
        name, or the version these bytes already are; planners only."""
        with self.db.begin() as conn:
            who = self._planner(conn, user).name
            return store_scenario(conn, Path(path), scenario, who, self.now())

    # --- reading ---------------------------------------------------------------------

    def scenarios(self, user: User) -> list[StoredScenario]:
        """Every stored scenario version, newest first (for those who read every plan)."""
        with self.db.connect() as conn:
            require(verify(conn, user), Action.READ_PLANS)
            cols = [c for c in scenarios.c if c.name != "content"]
            q = sa.select(*cols).order_by(scenarios.c.scenario_id.desc())
            return [StoredScenario.of(r) for r in conn.execute(q)]

    def scenario(self, scenario_id: int, user: User) -> Scenario:
        """A stored scenario version as the loader reads it (for those who read every plan)."""
        with self.db.connect() as conn:
            require(verify(conn, user), Action.READ_PLANS)
            scenario_info(conn, scenario_id)  # must exist
        return load_stored(self.db, scenario_id)

    @staticmethod
    def _published_id(conn: Connection) -> int | None:
        p = publications
        row = conn.execute(
            sa.select(p.c.plan_id).order_by(p.c.publication_id.desc()).limit(1)
        ).first()
        return None if row is None else int(row.plan_id)

    def published_id(self) -> int | None:
        """The id of the published plan (one cheap query), None before the first publish."""
        with self.db.connect() as conn:
            return self._published_id(conn)

    def published_at(self, plan_id: int) -> float | None:
        """When `plan_id` was last published (a POSIX timestamp), None if never."""
        p = publications
        with self.db.connect() as conn:
            at = conn.execute(
                sa.select(p.c.published_at)
                .where(p.c.plan_id == plan_id)
                .order_by(p.c.publication_id.desc())
                .limit(1)
            ).scalar()
        return None if at is None else utc(at).timestamp()

    def _infos(self, conn: Connection, where: Any = None) -> list[PlanInfo]:
        p, s = plans, scenarios
        q = (
            sa.select(*[c for c in p.c if c.name != "report"], s.c.name, s.c.version)
            .join(s, s.c.scenario_id == p.c.scenario_id)
            .order_by(p.c.plan_id)
        )
        if where is not None:
            q = q.where(where)
        current = self._published_id(conn)
        ever = set(conn.execute(sa.select(publications.c.plan_id)).scalars())
        return [
            PlanInfo(
                plan_id=r.plan_id,
                scenario_id=r.scenario_id,
                scenario_name=r.name,
                scenario_version=r.version,
                based_on=r.based_on,
                origin=r.origin,
                created_at=utc(r.created_at),
                created_by=r.created_by,
                updated_at=utc(r.updated_at),
                updated_by=r.updated_by,
                edits=r.edits,
                status=r.status,
                objective=r.objective,
                rules_met=bool(r.rules_met),
                checker_passed=bool(r.checker_passed),
                events=r.events,
                note=r.note,
                published=r.plan_id == current,
                ever_published=r.plan_id in ever,
            )
            for r in conn.execute(q)
        ]

    def _info(self, conn: Connection, plan_id: int) -> PlanInfo:
        found = self._infos(conn, plans.c.plan_id == plan_id)
        if not found:
            raise InputError([Problem(tr("where_plans"), tr("no_plan", id=plan_id))])
        return found[0]

    @staticmethod
    def _fairs(
        conn: Connection, plan_id: int, regions: Iterable[str] | None = None
    ) -> list[ScheduledFair]:
        t = plan_fairs
        q = sa.select(t).where(t.c.plan_id == plan_id)
        if regions is not None:
            q = q.where(t.c.region_id.in_(sorted(set(regions))))
        q = q.order_by(t.c.date, t.c.region_id, t.c.kind, t.c.event_id)
        return [fair_of(r) for r in conn.execute(q).mappings()]

    @staticmethod
    def _report(conn: Connection, plan_id: int) -> dict[str, Any]:
        raw = conn.execute(sa.select(plans.c.report).where(plans.c.plan_id == plan_id)).scalar()
        return dict(json.loads(raw or "{}"))

    def versions(self, user: User) -> list[PlanInfo]:
        """Every stored plan, oldest first (a bureau: the published plan only)."""
        with self.db.connect() as conn:
            current = verify(conn, user)
            infos = self._infos(conn)
            if current.can(Action.READ_PLANS):
                return infos
            return [i for i in infos if i.published]

    def info(self, plan_id: int, user: User) -> PlanInfo:
        with self.db.connect() as conn:
            self._reader(conn, user, plan_id)
            return self._info(conn, plan_id)

    def get(self, plan_id: int, user: User | None) -> StoredPlan:
        """A plan with its scenario and fairs (a bureau: its regions' fairs only).

        `user` None reads as the service itself (the feed server serving the published
        plan's public feeds).
        """
        with self.db.connect() as conn:
            scope = None if user is None else self._reader(conn, user, plan_id)[1]
            info = self._info(conn, plan_id)
            fairs = self._fairs(conn, plan_id, scope)
            report = self._report(conn, plan_id)
        return StoredPlan(info, load_stored(self.db, info.scenario_id), fairs, report)

    def published(self, user: User | None) -> StoredPlan | None:
        """The published plan (see `get` for `user`), None before the first publish."""
        plan_id = self.published_id()
        return None if plan_id is None else self.get(plan_id, user)

    def history(self, user: User) -> list[Publication]:
        """Every publish, oldest first."""
        with self.db.connect() as conn:
            verify(conn, user)
            q = sa.select(publications).order_by(publications.c.publication_id)
            return [
                Publication(
                    r.publication_id,
                    r.plan_id,
                    r.previous_plan_id,
                    utc(r.published_at),
                    r.published_by,
                    r.note,
                )
                for r in conn.execute(q)
            ]

    def trail(self, user: User, plan_id: int | None = None) -> list[dict[str, Any]]:
        """The general audit trail (plans stored, copied, edited, published), oldest first."""
        with self.db.connect() as conn:
            require(verify(conn, user), Action.READ_AUDIT)
            q = sa.select(audit).order_by(audit.c.audit_id)
            if plan_id is not None:
                q = q.where(audit.c.subject == f"plan:{plan_id}")
            return [
                {**dict(r), "at": utc(r.at), "detail": json.loads(r.detail or "{}")}
                for r in conn.execute(q).mappings()
            ]


def info_json(info: PlanInfo) -> dict[str, Any]:
    """The plan's summary as plain values (for `fairplan plans show --json`)."""
    out = {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in asdict(info).items()}
    out["state"] = info.state
    return out
