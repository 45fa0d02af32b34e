"""The audit trail as a hash chain (console.domain.audit_chain)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

Each audit row gains the previous row's hash and its own; the rows already
there are chained here, in id order. The append-only trigger is lifted for
that one pass (the rows' fields are not changed, only the two new columns
filled) and put back before the migration commits.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

from console.domain.audit_chain import row_hash
from console.store.types import UTCDateTime

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    op.add_column('audit_log', sa.Column('prev_hash', sa.String(length=64), server_default='', nullable=False))
    op.add_column('audit_log', sa.Column('row_hash', sa.String(length=64), server_default='', nullable=False))
    bind = op.get_bind()
    sqlite = bind.dialect.name == 'sqlite'
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    else:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    t = sa.table('audit_log', sa.column('id', sa.Integer()), sa.column('at', UTCDateTime()),
                 sa.column('user_id', sa.Integer()), sa.column('action', sa.String()), sa.column('entity', sa.String()),
                 sa.column('entity_id', sa.Integer()), sa.column('old', sa.Text()), sa.column('new', sa.Text()),
                 sa.column('prev_hash', sa.String()), sa.column('row_hash', sa.String()))
    prev = ""
    after = 0
    while True:
        rows = bind.execute(sa.select(t.c.id, t.c.at, t.c.user_id, t.c.action, t.c.entity, t.c.entity_id,
                                      t.c.old, t.c.new).where(t.c.id > after).order_by(t.c.id).limit(BATCH)).all()
        if not rows:
            break
        updates = []
        for r in rows:
            digest = row_hash(prev, r.at, r.user_id, r.action, r.entity, r.entity_id, r.old or "", r.new or "")
            updates.append({"i": r.id, "p": prev, "h": digest})
            prev = digest
        bind.execute(t.update().where(t.c.id == sa.bindparam("i"))
                     .values(prev_hash=sa.bindparam("p"), row_hash=sa.bindparam("h")), updates)
        after = rows[-1].id
    if sqlite:
        op.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                   "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    else:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
    if bind.dialect.name == 'sqlite':
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
