"""Records of held fairs, the audit of replaced versions, and the log of imports.

Revision ID: 0001
Revises:
Create Date: 2024-07-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("region_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(128), nullable=False, server_default=""),
        sa.Column("venue", sa.Text, nullable=False, server_default=""),
        sa.Column("employers", sa.Integer, nullable=True),
        sa.Column("positions", sa.Integer, nullable=True),
        sa.Column("attendees", sa.Integer, nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("record_id", sa.String(128), primary_key=True),
        *_record_columns(),
        sa.Column("source_file", sa.Text, nullable=False, server_default=""),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(128), nullable=False, server_default=""),
    )
    op.create_index("ix_records_region_date", "records", ["region_id", "date"])
    op.create_table(
        "records_audit",
        sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(128), nullable=False, index=True),
        *_record_columns(),
        sa.Column("source_file", sa.Text, nullable=False, server_default=""),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(128), nullable=False, server_default=""),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by", sa.String(128), nullable=False),
        sa.Column("replaced_from", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "imports",
        sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("inserted", sa.Integer, nullable=False),
        sa.Column("replaced", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("imports")
    op.drop_table("records_audit")
    op.drop_index("ix_records_region_date", table_name="records")
    op.drop_table("records")
