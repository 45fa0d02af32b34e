"""挂起 and 延期: a ticket waiting on the resident, and a unit's request for more time

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

A paused ticket (挂起, waiting on the resident) keeps `tickets.paused_at`;
its running deadlines are closed as "paused" and reopened with the time
they had left when it resumes (console.domain.deadline_effects), so the due
queue, the overdue count and the on-time rate leave the pause out.
`extension_requests` holds a unit's requests for more time (延期) and the
supervisor's decision on each.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.types import UTCDateTime

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('tickets', sa.Column('paused_at', UTCDateTime(), nullable=True))
    op.create_table(
        'extension_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('requested_at', UTCDateTime(), nullable=False),
        sa.Column('requested_by', sa.Integer(), nullable=True),
        sa.Column('working_days', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('decided_at', UTCDateTime(), nullable=True),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.Column('approved', sa.Boolean(), nullable=True),
        sa.Column('decision_note', sa.Text(), nullable=False),
        sa.CheckConstraint('working_days between 1 and 30', name=op.f('ck_extension_requests_days')),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_extension_requests_ticket_id_tickets')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_extension_requests_unit_id_units')),
        sa.ForeignKeyConstraint(['requested_by'], ['users.id'],
                                name=op.f('fk_extension_requests_requested_by_users')),
        sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_extension_requests_decided_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_extension_requests')),
    )
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_requests_ticket_id'), ['ticket_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_requests_ticket_id'))
    op.drop_table('extension_requests')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('paused_at')
