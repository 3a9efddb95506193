"""Accounts, sessions, the region tree, feed tokens; audit tables made append-only (issue 7).

- ``accounts``: local accounts (argon2 hash) and single-sign-on accounts (no hash),
  with the brute-force counter and lock recorded per account.
- ``sessions``: app sessions; only a SHA-256 of each token is stored.
- ``regions``: the region tree a bureau's scope is computed from (loaded from a scenario).
- ``feed_tokens``: private feed tokens an admin issued (SHA-256 only; the token itself
  lives in the feed server's tokens file).
- ``account_events``: who added, disabled or changed which account, when.
- ``records_audit.action``: ``replaced`` (the version was superseded) or ``deleted``.
- Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on ``records_audit``,
  ``imports`` and ``account_events``: the audit is never editable through the database.

Revision ID: 0002
Revises: 0001
Create Date: 2024-07-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY = ("records_audit", "imports", "account_events")


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("region_id", sa.String(32), nullable=True),
        sa.Column("display_name", sa.Text, nullable=False, server_default=""),
        sa.Column("password_hash", sa.Text, nullable=True),
        sa.Column("source", sa.String(16), nullable=False, server_default="local"),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        _timestamp("locked_until", nullable=True),
        _timestamp("created_at"),
        sa.Column("created_by", sa.String(128), nullable=False),
        _timestamp("password_changed_at", nullable=True),
        _timestamp("last_login_at", nullable=True),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "username",
            sa.String(64),
            sa.ForeignKey("accounts.username", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        _timestamp("created_at"),
        _timestamp("expires_at"),
    )
    op.create_table(
        "regions",
        sa.Column("region_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("parent_id", sa.String(32), nullable=True),
    )
    op.create_table(
        "feed_tokens",
        sa.Column("token_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("hint", sa.String(16), nullable=False),
        sa.Column("username", sa.String(64), nullable=False, index=True),
        sa.Column("region_id", sa.String(32), nullable=False),
        sa.Column("label", sa.Text, nullable=False, server_default=""),
        _timestamp("issued_at"),
        sa.Column("issued_by", sa.String(128), nullable=False),
        _timestamp("revoked_at", nullable=True),
        sa.Column("revoked_by", sa.String(128), nullable=True),
    )
    op.create_table(
        "account_events",
        sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
        _timestamp("at"),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
    )
    op.add_column(
        "records_audit",
        sa.Column("action", sa.String(16), nullable=False, server_default="replaced"),
    )
    _append_only_triggers()


def _append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in APPEND_ONLY:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: "
                    f"{event} is not allowed'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION fairplan_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP; "
            "END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION fairplan_append_only()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS fairplan_append_only()")
    with op.batch_alter_table("records_audit") as batch:
        batch.drop_column("action")
    for table in ("account_events", "feed_tokens", "regions", "sessions", "accounts"):
        op.drop_table(table)
