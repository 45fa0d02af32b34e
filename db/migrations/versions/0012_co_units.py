"""协办: units that help the lead unit (主办), each with its own check-back

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

ticket_co_units lists a ticket's co-handling units; deadlines.co_unit_id
ties a co_check_back deadline to its unit (console.services.co_units).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.types import UTCDateTime

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ticket_co_units',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=True),
        sa.Column('added_at', UTCDateTime(), nullable=False),
        sa.Column('added_by', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('came_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_co_units_ticket_id_tickets')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_ticket_co_units_unit_id_units')),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_ticket_co_units_contact_id_contacts'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_ticket_co_units_added_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_co_units')),
    )
    with op.batch_alter_table('ticket_co_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_co_units_ticket_id'), ['ticket_id'], unique=False)
    if op.get_bind().dialect.name == 'sqlite':  # inline: no copy-and-move of the deadlines table
        op.execute('ALTER TABLE deadlines ADD COLUMN co_unit_id INTEGER REFERENCES ticket_co_units (id)')
    else:
        op.add_column('deadlines', sa.Column('co_unit_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_deadlines_co_unit_id_ticket_co_units'), 'deadlines', 'ticket_co_units',
                              ['co_unit_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_column('co_unit_id')
    with op.batch_alter_table('ticket_co_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_co_units_ticket_id'))
    op.drop_table('ticket_co_units')
