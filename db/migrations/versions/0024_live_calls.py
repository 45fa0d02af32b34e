"""Calls ringing now, shared by the desk's seats (live_calls): every seat shows the ring, the seat that
answers takes it by compare-and-set, the others see who did

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.types import UTCDateTime

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'live_calls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('call_id', sa.String(128), nullable=False),
        sa.Column('caller', sa.String(32), nullable=False),
        sa.Column('line', sa.String(128), nullable=False),
        sa.Column('source', sa.String(16), nullable=False),
        sa.Column('rang_at', UTCDateTime(), nullable=False),
        sa.Column('answered_at', UTCDateTime(), nullable=True),
        sa.Column('ended_at', UTCDateTime(), nullable=True),
        sa.Column('cause', sa.String(24), nullable=True),
        sa.Column('taken_by', sa.String(80), nullable=True),
        sa.Column('taken_by_user', sa.Integer(), nullable=True),
        sa.Column('taken_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['taken_by_user'], ['users.id'], name=op.f('fk_live_calls_taken_by_user_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_live_calls')),
    )
    op.create_index('uq_live_calls_call_id', 'live_calls', ['call_id'], unique=True)
    op.create_index(op.f('ix_live_calls_rang_at'), 'live_calls', ['rang_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_live_calls_rang_at'), table_name='live_calls')
    op.drop_index('uq_live_calls_call_id', table_name='live_calls')
    op.drop_table('live_calls')
