"""The audit trail cannot be emptied: PostgreSQL refuses TRUNCATE of audit_log

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

The append-only triggers of 0001 are per row, and TRUNCATE fires no row
trigger: a statement-level one refuses it (also a TRUNCATE … CASCADE from a
table audit_log refers to). SQLite has no TRUNCATE (its DELETE is refused
row by row already).
"""
from __future__ import annotations

from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
