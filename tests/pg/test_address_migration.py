"""Migration 0003 on PostgreSQL: old tickets get their address key in batches, as on SQLite."""
from __future__ import annotations

import sqlalchemy as sa

from console.store.database import Database
from console.store.migrate import current_revision, upgrade


def test_old_tickets_get_their_address_key_on_postgresql(pg_fresh):
    db = Database(pg_fresh())
    upgrade(db, "0002")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO grids(id, name, worker, phone, active) VALUES (1, '一网格', '', '', true)")
        conn.exec_driver_sql("INSERT INTO communities(id, name, initials, grid_id, active) "
                             "VALUES (1, '嘉宏三村', 'jhsc', 1, true)")
        tickets = sa.Table("tickets", sa.MetaData(), autoload_with=conn)
        base = {c.name: (0 if isinstance(c.type, sa.Integer) else "") for c in tickets.columns
                if not c.nullable and not c.primary_key}
        rows = [("12号", "301", "12号301室", 1), ("", "", "嘉宏三村12 / 301", 1), ("", "", "菜场旁", None)]
        conn.execute(tickets.insert(), [
            {**base, "id": i, "number": f"20260101-{i:04d}", "received_at": "2026-01-01T00:00:00+00:00",
             "updated_at": "2026-01-01T00:00:00+00:00", "request_type": "help", "status": "logged",
             "channel": "phone", "urgency": "normal", "community_id": c, "building": b, "room": r, "address": a,
             "description": "停电"} for i, (b, r, a, c) in enumerate(rows, 1)])
    upgrade(db, "0003")
    assert current_revision(db) == "0003"
    with db.engine.connect() as conn:
        assert [r[0] for r in conn.exec_driver_sql("SELECT address_key FROM tickets ORDER BY id")] == [
            "12-301", "12-301", "菜场旁"]
    db.dispose()
