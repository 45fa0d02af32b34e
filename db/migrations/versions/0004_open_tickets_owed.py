"""every open ticket is owed an outcome: a resolution deadline for those without one

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Until now logging a call without dispatching it, a 不满意 satisfaction call
and 重新办理 opened no deadline, and an imported register's open rows got
none: such tickets left the due queue and were never reminded again. The
program now opens a resolution deadline for each of those steps
(console.domain.deadline_effects); this gives the tickets already in that
state the deadline they would have had: timed by the desk's own rules from
when the ticket entered its state (its last step; for an imported ticket,
the import), so the ones long past due show as overdue at once — which they
are. No schema change; nothing else is touched.
"""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from console.domain.deadline_effects import RES
from console.domain.deadline_policy import DeadlinePolicy, DeadlineRule
from console.domain.lifecycle import OPEN_STATUS_CODES
from console.store.types import UTCDateTime

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BATCH = 5000

_deadlines = sa.table("deadlines", sa.column("ticket_id", sa.Integer), sa.column("kind", sa.String),
                      sa.column("start_at", UTCDateTime()), sa.column("due_at", UTCDateTime()),
                      sa.column("snooze_reason", sa.Text))


def upgrade() -> None:
    conn = op.get_bind()
    policy = DeadlinePolicy(DeadlineRule(kind=k, minutes=m, category_id=c, urgency=u) for k, m, c, u in conn.execute(
        sa.text("SELECT kind, minutes, category_id, urgency FROM deadline_rules")))
    parents = dict(conn.execute(sa.text("SELECT id, parent_id FROM categories")).all())
    statuses = sorted(OPEN_STATUS_CODES)
    read = sa.text(
        "SELECT t.id, t.category_id, t.urgency, t.import_key, t.updated_at, t.received_at, "
        "(SELECT max(e.at) FROM ticket_events e WHERE e.ticket_id = t.id AND e.action <> 'note') "
        "FROM tickets t WHERE t.id > :last AND t.status IN :statuses AND NOT EXISTS ("
        "SELECT 1 FROM deadlines d WHERE d.ticket_id = t.id AND d.kind = :res AND d.done_at IS NULL) "
        "ORDER BY t.id LIMIT :n").bindparams(sa.bindparam("statuses", expanding=True))
    last = 0
    while True:
        rows = conn.execute(read, {"last": last, "n": BATCH, "statuses": statuses, "res": RES}).all()
        if not rows:
            return
        new = []
        for tid, category, urgency, import_key, updated, received, last_step in rows:
            start = _utc(updated if import_key else (last_step or received))
            due = policy.due_at(RES, start, category, urgency, parents.get(category))
            new.append({"ticket_id": tid, "kind": RES, "start_at": start, "due_at": due, "snooze_reason": ""})
        conn.execute(_deadlines.insert(), new)
        last = rows[-1][0]


def _utc(value: datetime | str) -> datetime:
    """A stored time as read by plain SQL (SQLite gives text) → aware UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def downgrade() -> None:
    """Nothing to undo: the deadlines added are ordinary rows (older programs ignore nothing they need)."""
