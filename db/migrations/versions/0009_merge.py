"""并单: a duplicate ticket merged into the one that stays

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

tickets.merged_into_id points a merged duplicate (status "merged") to the
ticket that stays; ticket_calls gains the call's channel and, for a caller
that came with a merged ticket, that ticket (source_ticket_id), so the
figures count each call once (console.domain.merging, console.domain.kpi).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _add_reference(table: str, column: str) -> None:
    """A nullable column pointing at tickets. On SQLite inline (ALTER TABLE … REFERENCES): a batch
    copy-and-move of `tickets` would drop its full-text triggers."""
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES tickets (id)')
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(op.f(f'fk_{table}_{column}_tickets'), table, 'tickets', [column], ['id'])


def upgrade() -> None:
    _add_reference('tickets', 'merged_into_id')
    op.add_column('ticket_calls', sa.Column('channel', sa.String(length=16), server_default='phone', nullable=False))
    _add_reference('ticket_calls', 'source_ticket_id')


def downgrade() -> None:
    with op.batch_alter_table('ticket_calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ticket_calls_source_ticket_id_tickets'), type_='foreignkey')
        batch_op.drop_column('source_ticket_id')
        batch_op.drop_column('channel')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tickets_merged_into_id_tickets'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
