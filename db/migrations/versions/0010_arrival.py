"""到场时限: a 特急 ticket's unit on site within 15 minutes of dispatch

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

tickets.arrived_at keeps when someone of the unit came (recorded with the
check-back "已到场"); the desk's rule table gains the arrival rule for 特急
tickets (15 minutes, the seeds' service circle) unless the desk has one.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.store.types import UTCDateTime

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('tickets', sa.Column('arrived_at', UTCDateTime(), nullable=True))
    rules = sa.table('deadline_rules', sa.column('kind'), sa.column('category_id'), sa.column('urgency'),
                     sa.column('minutes'))
    have = op.get_bind().execute(sa.select(sa.func.count()).select_from(rules).where(
        rules.c.kind == 'arrival')).scalar()
    if not have:
        op.bulk_insert(rules, [{"kind": "arrival", "category_id": None, "urgency": "critical", "minutes": 15}])


def downgrade() -> None:
    op.execute("DELETE FROM deadline_rules WHERE kind = 'arrival'")
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('arrived_at')
