"""追加: a repeat call about an open matter, recorded on its ticket instead of a new one

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

New Call offers the caller's open tickets; "追加到原工单" keeps the call here
(time, caller, words, who took it) as a step of that ticket, so 受理量 counts
the matter once, the unit is pressed (催办) and the caller joins the ones to
call back.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.types import UTCDateTime

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ticket_calls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('at', UTCDateTime(), nullable=False),
        sa.Column('caller_phone', sa.String(length=32), nullable=False),
        sa.Column('caller_name', sa.String(length=64), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('operator_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_calls_ticket_id_tickets')),
        sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_ticket_calls_operator_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_calls')),
    )
    with op.batch_alter_table('ticket_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_calls_ticket_id'), ['ticket_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ticket_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_calls_ticket_id'))
    op.drop_table('ticket_calls')
