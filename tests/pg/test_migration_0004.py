"""Migration 0004 on PostgreSQL: open tickets without a promise get their resolution deadline."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from console.store.database import Database
from console.store.migrate import current_revision, upgrade

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_open_tickets_get_their_resolution_deadline_on_postgresql(pg_fresh):
    db = Database(pg_fresh())
    upgrade(db, "0003")
    with db.engine.begin() as conn:
        tickets = sa.Table("tickets", sa.MetaData(), autoload_with=conn)
        events = sa.Table("ticket_events", sa.MetaData(), autoload_with=conn)
        base = {c.name: (0 if isinstance(c.type, sa.Integer) else "") for c in tickets.columns
                if not c.nullable and not c.primary_key}
        conn.execute(tickets.insert(), [
            {**base, "id": i, "number": f"20260101-{i:04d}", "received_at": T0, "updated_at": T0,
             "request_type": "help", "status": status, "channel": "phone", "urgency": "normal",
             "description": "停电"} for i, status in ((1, "logged"), (2, "closed"))])
        conn.execute(events.insert(), [{"ticket_id": 1, "at": T0 + timedelta(minutes=5), "action": "log",
                                        "to_status": "logged", "detail": ""}])
    upgrade(db, "0004")
    assert current_revision(db) == "0004"
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT ticket_id, kind, start_at, due_at FROM deadlines").all()
    assert [(r[0], r[1], r[3] - r[2]) for r in rows] == [(1, "resolution", timedelta(days=1))]
    db.dispose()
