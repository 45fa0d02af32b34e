"""A missed call the telephone reported carries its call id (missed_calls.call_id, unique): two seats or a
replayed event record it once

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN (nullable, no default): on SQLite the table is not rebuilt; calls typed with F3
    # keep NULL, which a unique index allows any number of times on SQLite and PostgreSQL alike
    op.add_column('missed_calls', sa.Column('call_id', sa.String(128), nullable=True))
    op.create_index('uq_missed_calls_call_id', 'missed_calls', ['call_id'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_missed_calls_call_id', table_name='missed_calls')
    with op.batch_alter_table('missed_calls', schema=None) as batch_op:
        batch_op.drop_column('call_id')
