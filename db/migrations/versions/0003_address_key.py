"""one address, one form: tickets.address_key

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

"12号301室", "12 / 301" and "12栋301" are one address (console.domain.address).
Each ticket gets the matching key of its address ("12-301"), so the search,
the New Call form's same-address check and the shift log agree. The index
leads with the key: a search names a key without a community, the New Call
form names both.

Existing rows get their key here, in batches (a million-ticket desk does not
hold every row in memory), computed by the same domain function the
program uses from then on; their building, room and free text are left as
they were typed (the shift log and the detail pane print them through the
same rules, so an old "12号 / 301 / 12号301室" is printed once).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.domain.address import address_key

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address_key', sa.String(length=64), server_default='', nullable=False))
    _backfill(op.get_bind())
    op.create_index('ix_tickets_address', 'tickets', ['address_key', 'community_id'], unique=False)


def _backfill(conn) -> None:
    read = sa.text(
        "SELECT t.id, t.building, t.room, t.address, c.name FROM tickets t "
        "LEFT JOIN communities c ON c.id = t.community_id WHERE t.id > :last ORDER BY t.id LIMIT :n")
    write = sa.text("UPDATE tickets SET address_key = :k WHERE id = :i")
    last = 0
    while True:
        rows = conn.execute(read, {"last": last, "n": BATCH}).all()
        if not rows:
            return
        keys = [{"k": k, "i": tid} for tid, b, r, a, c in rows
                if (k := address_key(b or "", r or "", a or "", c or ""))]
        if keys:
            conn.execute(write, keys)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index('ix_tickets_address', table_name='tickets')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('address_key')
