"""Satisfaction scales (issue 19): the scale a rating was given on, a call that ended without one, a review

tickets.satisfaction_scale (3 or 5; every rating stored before is on the seeds' three levels),
tickets.callback_outcome (declined 拒评 / unreachable 回访不成功), tickets.review_stage (the review of an
unfavourable rating: console.domain.satisfaction).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMNs: on SQLite no batch mode, which would rebuild `tickets` and drop its FTS triggers
    op.add_column('tickets', sa.Column('satisfaction_scale', sa.Integer(), nullable=True))
    op.add_column('tickets', sa.Column('callback_outcome', sa.String(16), nullable=True))
    op.add_column('tickets', sa.Column('review_stage', sa.String(16), nullable=True))
    op.execute("UPDATE tickets SET satisfaction_scale = 3 WHERE satisfaction IS NOT NULL")


def downgrade() -> None:
    # raw DROP COLUMN (SQLite 3.35+, PostgreSQL): no table rebuild, the FTS triggers stay
    for column in ('review_stage', 'callback_outcome', 'satisfaction_scale'):
        op.execute(f"ALTER TABLE tickets DROP COLUMN {column}")
