"""Where an audited step came from: the command line names the operating-system account (audit_log.via)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN with a constant default: no row is rewritten, so the append-only triggers
    # (which refuse UPDATE) are not touched, and on SQLite the table is not rebuilt
    op.add_column('audit_log', sa.Column('via', sa.String(96), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('via')
