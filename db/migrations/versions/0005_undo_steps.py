"""a step can be taken back: its event keeps the state from before it

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

console.domain.undo: the person who took a step may undo it within minutes,
a supervisor later with a reason. Each step's event now keeps what the
ticket and its deadlines were before it (`before_state`, JSON text written
by the services), and says when and by whom it was undone. Columns added
in place (no table copy): a desk with millions of events upgrades in
moments; steps recorded earlier have no saved state and cannot be undone.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.types import UTCDateTime

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('ticket_events', sa.Column('before_state', sa.Text(), nullable=True))
    op.add_column('ticket_events', sa.Column('undone_at', UTCDateTime(), nullable=True))
    op.add_column('ticket_events', sa.Column('undone_by', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_column('undone_by')
        batch_op.drop_column('undone_at')
        batch_op.drop_column('before_state')
