"""Migration 0003: tickets written before it get their address key, by the program's own rules."""
from __future__ import annotations

import sqlite3

from console.store.database import Database
from console.store.migrate import current_revision, upgrade


def test_old_tickets_get_their_address_key(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = Database(path)
    upgrade(db, "0002")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO grids(id, name, worker, phone, active) VALUES (1, '一网格', '', '', 1)")
    con.execute("INSERT INTO communities(id, name, initials, grid_id, active) VALUES (1, '嘉宏三村', 'jhsc', 1, 1)")
    rows = [("12号", "301", "12号301室", 1), ("", "", "嘉宏三村12 / 301", 1), ("", "", "菜场旁", None),
            ("", "", "", None)]
    required = {name: 0 if "INT" in kind.upper() else "" for _, name, kind, notnull, _, pk in
                con.execute("PRAGMA table_info(tickets)") if notnull and not pk}
    for i, (b, r, a, c) in enumerate(rows, 1):
        row = {**required, "id": i, "number": f"20260101-{i:04d}", "received_at": "2026-01-01 00:00:00.000000",
               "updated_at": "2026-01-01 00:00:00.000000", "request_type": "help", "community_id": c,
               "building": b, "room": r, "address": a, "description": "停电"}
        con.execute(f"INSERT INTO tickets({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    con.commit()
    con.close()
    upgrade(db, "0003")
    assert current_revision(db) == "0003"
    con = sqlite3.connect(path)
    keys = [r[0] for r in con.execute("SELECT address_key FROM tickets ORDER BY id")]
    assert keys == ["12-301", "12-301", "菜场旁", ""]
    plan = " ".join(str(r) for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE address_key = '12-301' AND community_id = 1"))
    assert "ix_tickets_address" in plan
    # the free text still finds the row: the search triggers were not disturbed
    assert con.execute("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH '\"菜场旁\"'").fetchall() == [(3,)]
