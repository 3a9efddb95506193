"""Scenarios, plans and the published plan; one record per planned fair; ids of 64 characters.

- ``scenarios``: every uploaded scenario exactly as it came (its bytes and SHA-256).
- ``plans`` and ``plan_fairs``: every stored solve with its schedule rows and report.
- ``publications``: who published which plan when (the newest row is the published plan).
- ``audit``: the general audit trail (plans stored, edited, published).
- ``ux_records_event_id``: a non-blank ``event_id`` is unique among the records (issue 10:
  marking in the app a fair already reported by file added a second record). Existing
  duplicates are resolved first: the most recently imported record of a fair stays, the
  others move to ``records_audit`` as ``deleted`` by ``(migration 0003)``.
- Region and kind columns widen to 64 characters (CONTRACT §6 identifiers).
- ``publications`` and ``audit`` are append-only, like the audit tables of revision 0002.

Revision ID: 0003
Revises: 0002
Create Date: 2024-08-01
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APPEND_ONLY = ("publications", "audit")
#: (table, column, nullable) widened from VARCHAR(16/32) to VARCHAR(64)
WIDEN = (
    ("records", "region_id", False),
    ("records", "kind", False),
    ("records_audit", "region_id", False),
    ("records_audit", "kind", False),
    ("accounts", "region_id", True),
    ("regions", "region_id", False),
    ("regions", "parent_id", True),
    ("feed_tokens", "region_id", False),
)
_OLD_LENGTH = {"kind": 16}


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    _one_record_per_fair()
    _widen_ids()
    op.create_index(
        "ux_records_event_id",
        "records",
        ["event_id"],
        unique=True,
        sqlite_where=sa.text("event_id <> ''"),
        postgresql_where=sa.text("event_id <> ''"),
    )
    op.create_table(
        "scenarios",
        sa.Column("scenario_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        _ts("stored_at"),
        sa.Column("stored_by", sa.String(128), nullable=False),
        sa.UniqueConstraint("sha256", name="uq_scenarios_sha256"),
        sa.UniqueConstraint("name", "version", name="uq_scenarios_name_version"),
    )
    op.create_table(
        "plans",
        sa.Column("plan_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "scenario_id",
            sa.Integer,
            sa.ForeignKey("scenarios.scenario_id", name="fk_plans_scenario"),
            nullable=False,
        ),
        sa.Column(
            "based_on",
            sa.Integer,
            sa.ForeignKey("plans.plan_id", name="fk_plans_based_on"),
            nullable=True,
        ),
        sa.Column("origin", sa.String(16), nullable=False),
        _ts("created_at"),
        sa.Column("created_by", sa.String(128), nullable=False),
        _ts("updated_at"),
        sa.Column("updated_by", sa.String(128), nullable=False),
        sa.Column("edits", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("objective", sa.Float, nullable=True),
        sa.Column("rules_met", sa.Boolean, nullable=False),
        sa.Column("checker_passed", sa.Boolean, nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("report", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_plans_scenario_id", "plans", ["scenario_id"])
    op.create_table(
        "plan_fairs",
        sa.Column(
            "plan_id",
            sa.Integer,
            sa.ForeignKey("plans.plan_id", name="fk_plan_fairs_plan", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("region_id", sa.String(64), nullable=False),
        sa.Column("region_name", sa.Text, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("theme", sa.Text, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("start", sa.Time, nullable=False),
        sa.Column("end", sa.Time, nullable=False),
        sa.Column("venue_id", sa.String(64), nullable=False),
        sa.Column("venue_name", sa.Text, nullable=False),
        sa.Column("pool_id", sa.String(64), nullable=False),
        sa.Column("staff", sa.Integer, nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("rule_ids", sa.Text, nullable=False),
        sa.Column("modified", sa.String(32), nullable=False),
    )
    op.create_index("ix_plan_fairs_plan_region", "plan_fairs", ["plan_id", "region_id"])
    op.create_table(
        "publications",
        sa.Column("publication_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id",
            sa.Integer,
            sa.ForeignKey("plans.plan_id", name="fk_publications_plan"),
            nullable=False,
        ),
        sa.Column("previous_plan_id", sa.Integer, nullable=True),
        _ts("published_at"),
        sa.Column("published_by", sa.String(128), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_publications_plan_id", "publications", ["plan_id"])
    op.create_table(
        "audit",
        sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
        _ts("at"),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("subject", sa.String(128), nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_audit_subject", "audit", ["subject"])
    _append_only(APPEND_ONLY)


def _one_record_per_fair() -> None:
    """Keep the newest record of each event_id; move the others to the audit as deleted."""
    conn = op.get_bind()
    records = sa.table(
        "records",
        *(
            sa.column(c)
            for c in (
                "record_id", "region_id", "kind", "date", "status", "event_id", "venue",
                "employers", "positions", "attendees", "source_file", "imported_at",
                "imported_by",
            )
        ),
    )  # fmt: skip
    audit = sa.table(
        "records_audit",
        *(sa.column(c) for c in (*records.c.keys(), "replaced_at", "replaced_by",
                                 "replaced_from", "action")),
    )  # fmt: skip
    twice = (
        sa.select(records.c.event_id)
        .where(records.c.event_id != "")
        .group_by(records.c.event_id)
        .having(sa.func.count() > 1)
    )
    now = dt.datetime.now(dt.UTC)
    for event_id in conn.execute(twice).scalars().all():
        rows = conn.execute(
            sa.select(records)
            .where(records.c.event_id == event_id)
            .order_by(records.c.imported_at.desc(), records.c.record_id.desc())
        ).mappings()
        _, *older = [dict(r) for r in rows]
        conn.execute(
            sa.insert(audit),
            [
                {
                    **r,
                    "replaced_at": now,
                    "replaced_by": "(migration 0003)",
                    "replaced_from": "one record per planned fair",
                    "action": "deleted",
                }
                for r in older
            ],
        )
        conn.execute(
            sa.delete(records).where(records.c.record_id.in_([r["record_id"] for r in older]))
        )


def _widen_ids() -> None:
    dialect = op.get_bind().dialect.name
    tables: dict[str, list[tuple[str, bool]]] = {}
    for table, column, nullable in WIDEN:
        tables.setdefault(table, []).append((column, nullable))
    for table, columns in tables.items():
        if dialect == "sqlite" and table == "records_audit":
            _drop_sqlite_triggers(table)  # a batch copy would lose them; made again below
        with op.batch_alter_table(table) as batch:
            for column, nullable in columns:
                batch.alter_column(
                    column,
                    type_=sa.String(64),
                    existing_type=sa.String(_OLD_LENGTH.get(column, 32)),
                    existing_nullable=nullable,
                )
        if dialect == "sqlite" and table == "records_audit":
            _append_only((table,))


def _drop_sqlite_triggers(table: str) -> None:
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")


def _append_only(tables: tuple[str, ...]) -> None:
    """The triggers of revision 0002 for more tables (its PostgreSQL function is reused)."""
    dialect = op.get_bind().dialect.name
    for table in tables:
        if dialect == "sqlite":
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: "
                    f"{event} is not allowed'); END"
                )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION fairplan_append_only()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "sqlite":
            _drop_sqlite_triggers(table)
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.drop_table("audit")
    op.drop_table("publications")
    op.drop_table("plan_fairs")
    op.drop_table("plans")
    op.drop_table("scenarios")
    op.drop_index("ux_records_event_id", table_name="records")
    # the wider id columns stay: narrowing could cut stored ids
