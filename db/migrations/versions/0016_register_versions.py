"""Special-group members and handbook entries carry a version: a stale save is refused

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('special_groups', 'handbook_entries'):
        op.add_column(table, sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    for table in ('special_groups', 'handbook_entries'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
