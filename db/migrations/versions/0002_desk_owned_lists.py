"""what a desk owns: retire flags, category codes, units made by an import

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

A real desk enters its own communities, grids, categories and request
types, and retires what it no longer uses instead of deleting it (old
tickets keep pointing at it). Categories get an optional code (a city
platform's or GB/T 39666) that exports carry. A unit created because an
imported sheet named it is marked, so the phonebook can say it has no
contacts yet.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_RETIRABLE = ("grids", "communities", "categories", "request_types")


def upgrade() -> None:
    for table in _RETIRABLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=32), server_default='', nullable=False))
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=16), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('origin')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_column('code')
    for table in reversed(_RETIRABLE):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('active')
