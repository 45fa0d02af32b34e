"""Units carry their search texts (units.search_text, units.search_digits): the phonebook searches in SQL

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.domain.unit_search import unit_search_digits, unit_search_text

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMNs with a constant default: on SQLite the table is not rebuilt (no batch mode)
    op.add_column('units', sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    op.add_column('units', sa.Column('search_digits', sa.Text(), server_default='', nullable=False))
    # the texts are built by the same function the console uses for every later write
    conn = op.get_bind()
    people: dict[int, list[tuple[str, str]]] = {}
    phones: dict[int, list[str]] = {}
    for uid, person, role, cell in conn.execute(
            sa.text("SELECT unit_id, person, role, phones FROM contacts ORDER BY id")):
        people.setdefault(uid, []).append((person or '', role or ''))
        phones.setdefault(uid, []).append(cell or '')
    rows = [{'uid': uid, 'text': unit_search_text(name, initials or '', skills or '', notes or '', people.get(uid, ())),
             'digits': unit_search_digits(phones.get(uid, ()))}
            for uid, name, initials, skills, notes in conn.execute(
                sa.text("SELECT id, name, initials, skills, notes FROM units"))]
    if rows:
        conn.execute(sa.text("UPDATE units SET search_text = :text, search_digits = :digits WHERE id = :uid"), rows)


def downgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('search_digits')
        batch_op.drop_column('search_text')
