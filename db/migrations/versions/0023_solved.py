"""解决率 (issue 19): whether the resident says the matter was solved, asked at the satisfaction call

tickets.solved: solved 已解决 / partly 部分解决 / unsolved 未解决, or NULL when the call did not ask (every
call recorded before this revision; console.domain.bulletin counts only tickets that were asked).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: on SQLite no batch mode, which would rebuild `tickets` and drop its FTS triggers
    op.add_column('tickets', sa.Column('solved', sa.String(16), nullable=True))


def downgrade() -> None:
    # raw DROP COLUMN (SQLite 3.35+, PostgreSQL): no table rebuild, the FTS triggers stay
    op.execute("ALTER TABLE tickets DROP COLUMN solved")
