"""The one schema of fairplan's store of record: every table, in one `MetaData` (issue 10).

The Alembic migrations (`db/migrations/versions`) create exactly these tables; a test
upgrades an empty SQLite and an empty PostgreSQL database and compares them with this
`metadata` (Alembic's autogenerate comparison must find nothing). Change a table here
and add a migration in the same commit.

What lives where:

- records of held fairs — ``records`` (one row per record, at most one per planned fair:
  a non-blank ``event_id`` is unique), ``records_audit`` (every replaced or deleted
  version) and ``imports`` (one row per write);
- identity — ``accounts``, ``sessions`` (SHA-256 of each token only), ``regions`` (the
  region tree bureau scopes are computed from), ``feed_tokens`` (SHA-256 only),
  ``account_events``;
- plans — ``scenarios`` (each uploaded workbook exactly as it came, with its SHA-256),
  ``plans`` (every stored solve: its report, the scenario version, the plan it was
  re-planned from, who and when), ``plan_fairs`` (a plan's schedule rows),
  ``publications`` (who published which plan when: the newest row is the published
  plan) and ``audit`` (the general audit trail: plans stored, edited, published).

The audit tables — ``records_audit``, ``imports``, ``account_events``, ``publications``
and ``audit`` — are append-only: database triggers refuse UPDATE and DELETE (and
TRUNCATE on PostgreSQL), see `APPEND_ONLY` and the migrations.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

#: identifiers are 1–64 characters (CONTRACT §6); record and event ids get room to spare
ID = 64
LONG_ID = 128
#: tables whose rows are never changed nor deleted (enforced by triggers)
APPEND_ONLY = ("records_audit", "imports", "account_events", "publications", "audit")


def _ts(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _record_facts() -> list[sa.Column[Any]]:
    return [
        sa.Column("region_id", sa.String(ID), nullable=False),
        sa.Column("kind", sa.String(ID), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(LONG_ID), nullable=False, server_default=""),
        sa.Column("venue", sa.Text, nullable=False, server_default=""),
        sa.Column("employers", sa.Integer),
        sa.Column("positions", sa.Integer),
        sa.Column("attendees", sa.Integer),
    ]


def _provenance() -> list[sa.Column[Any]]:
    return [
        sa.Column("source_file", sa.Text, nullable=False, server_default=""),
        _ts("imported_at"),
        sa.Column("imported_by", sa.String(LONG_ID), nullable=False, server_default=""),
    ]


# --- records -------------------------------------------------------------------------------

records = sa.Table(
    "records",
    metadata,
    sa.Column("record_id", sa.String(LONG_ID), primary_key=True),
    *_record_facts(),
    *_provenance(),
    sa.Index("ix_records_region_date", "region_id", "date"),
    # one record per planned fair: marking a fair already reported by file updates
    # that record instead of adding a second one (issue 10)
    sa.Index(
        "ux_records_event_id",
        "event_id",
        unique=True,
        sqlite_where=sa.text("event_id <> ''"),
        postgresql_where=sa.text("event_id <> ''"),
    ),
)
records_audit = sa.Table(
    "records_audit",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(LONG_ID), nullable=False, index=True),
    *_record_facts(),
    *_provenance(),
    _ts("replaced_at"),
    sa.Column("replaced_by", sa.String(LONG_ID), nullable=False),
    sa.Column("replaced_from", sa.Text, nullable=False, server_default=""),
    # replaced (a newer version superseded it) | deleted
    sa.Column("action", sa.String(16), nullable=False, server_default="replaced"),
)
imports = sa.Table(
    "imports",
    metadata,
    sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
    _ts("at"),
    sa.Column("actor", sa.String(LONG_ID), nullable=False),
    sa.Column("source_file", sa.Text, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("inserted", sa.Integer, nullable=False),
    sa.Column("replaced", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
)

# --- identity ------------------------------------------------------------------------------

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("region_id", sa.String(ID)),
    sa.Column("display_name", sa.Text, nullable=False, server_default=""),
    sa.Column("password_hash", sa.Text),
    sa.Column("source", sa.String(16), nullable=False, server_default="local"),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
    _ts("locked_until", True),
    _ts("created_at"),
    sa.Column("created_by", sa.String(LONG_ID), nullable=False),
    _ts("password_changed_at", True),
    _ts("last_login_at", True),
)
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column(
        "username",
        sa.String(64),
        sa.ForeignKey("accounts.username", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    _ts("created_at"),
    _ts("expires_at"),
)
regions = sa.Table(
    "regions",
    metadata,
    sa.Column("region_id", sa.String(ID), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("level", sa.String(16), nullable=False),
    sa.Column("parent_id", sa.String(ID)),
)
feed_tokens = sa.Table(
    "feed_tokens",
    metadata,
    sa.Column("token_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("hint", sa.String(16), nullable=False),
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("region_id", sa.String(ID), nullable=False),
    sa.Column("label", sa.Text, nullable=False, server_default=""),
    _ts("issued_at"),
    sa.Column("issued_by", sa.String(LONG_ID), nullable=False),
    _ts("revoked_at", True),
    sa.Column("revoked_by", sa.String(LONG_ID)),
)
account_events = sa.Table(
    "account_events",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
    _ts("at"),
    sa.Column("actor", sa.String(LONG_ID), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
)

# --- scenarios and plans ---------------------------------------------------------------

scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("scenario_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # 1, 2, … per name
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("format", sa.String(16), nullable=False),  # xlsx | csv-zip
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    _ts("stored_at"),
    sa.Column("stored_by", sa.String(LONG_ID), nullable=False),
    sa.UniqueConstraint("sha256", name="uq_scenarios_sha256"),
    sa.UniqueConstraint("name", "version", name="uq_scenarios_name_version"),
)
plans = sa.Table(
    "plans",
    metadata,
    sa.Column("plan_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "scenario_id",
        sa.Integer,
        sa.ForeignKey("scenarios.scenario_id", name="fk_plans_scenario"),
        nullable=False,
        index=True,
    ),
    sa.Column(
        "based_on",
        sa.Integer,
        sa.ForeignKey("plans.plan_id", name="fk_plans_based_on"),
        nullable=True,
    ),
    sa.Column("origin", sa.String(16), nullable=False),  # solve | copy
    _ts("created_at"),
    sa.Column("created_by", sa.String(LONG_ID), nullable=False),
    _ts("updated_at"),
    sa.Column("updated_by", sa.String(LONG_ID), nullable=False),
    sa.Column("edits", sa.Integer, nullable=False, server_default="0"),
    sa.Column("status", sa.String(16), nullable=False),  # the solver's status
    sa.Column("objective", sa.Float),
    sa.Column("rules_met", sa.Boolean, nullable=False),
    sa.Column("checker_passed", sa.Boolean, nullable=False),
    sa.Column("events", sa.Integer, nullable=False),
    sa.Column("report", sa.Text, nullable=False),  # report.json, as written
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)
plan_fairs = sa.Table(
    "plan_fairs",
    metadata,
    sa.Column(
        "plan_id",
        sa.Integer,
        sa.ForeignKey("plans.plan_id", name="fk_plan_fairs_plan", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("event_id", sa.String(LONG_ID), primary_key=True),
    sa.Column("region_id", sa.String(ID), nullable=False),
    sa.Column("region_name", sa.Text, nullable=False),
    sa.Column("level", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(ID), nullable=False),
    sa.Column("theme", sa.Text, nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("start", sa.Time, nullable=False),
    sa.Column("end", sa.Time, nullable=False),
    sa.Column("venue_id", sa.String(ID), nullable=False),
    sa.Column("venue_name", sa.Text, nullable=False),
    sa.Column("pool_id", sa.String(ID), nullable=False),
    sa.Column("staff", sa.Integer, nullable=False),
    sa.Column("locked", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("rule_ids", sa.Text, nullable=False),
    sa.Column("modified", sa.String(32), nullable=False),
    sa.Index("ix_plan_fairs_plan_region", "plan_id", "region_id"),
)
publications = sa.Table(
    "publications",
    metadata,
    sa.Column("publication_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "plan_id",
        sa.Integer,
        sa.ForeignKey("plans.plan_id", name="fk_publications_plan"),
        nullable=False,
        index=True,
    ),
    sa.Column("previous_plan_id", sa.Integer, nullable=True),
    _ts("published_at"),
    sa.Column("published_by", sa.String(LONG_ID), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)
audit = sa.Table(
    "audit",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    _ts("at"),
    sa.Column("actor", sa.String(LONG_ID), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),  # e.g. plan.store, plan.publish
    sa.Column("subject", sa.String(LONG_ID), nullable=False),  # e.g. plan:12
    sa.Column("detail", sa.Text, nullable=False, server_default=""),  # JSON
    sa.Index("ix_audit_subject", "subject"),
)
