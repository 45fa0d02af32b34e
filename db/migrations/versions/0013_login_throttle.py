"""Login throttling: wrong passwords in a row per typed name

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

console.domain.login_throttle: after five wrong passwords a name is locked
for a delay that doubles (30 s … 15 min); a right password resets it.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.types import UTCDateTime

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'login_throttle',
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_failure_at', UTCDateTime(), nullable=True),
        sa.Column('locked_until', UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('username', name=op.f('pk_login_throttle')),
    )


def downgrade() -> None:
    op.drop_table('login_throttle')
