"""现场照片: photos kept with a ticket, re-encoded without metadata

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

The picture's bytes live in the database so they travel with every backup,
restore and migrate-data like the ticket itself (console.services.photos).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.types import UTCDateTime

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ticket_photos',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('added_at', UTCDateTime(), nullable=False),
        sa.Column('added_by', sa.Integer(), nullable=True),
        sa.Column('media_type', sa.String(length=32), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_photos_ticket_id_tickets')),
        sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_ticket_photos_added_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_photos')),
    )
    with op.batch_alter_table('ticket_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_photos_ticket_id'), ['ticket_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ticket_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_photos_ticket_id'))
    op.drop_table('ticket_photos')
