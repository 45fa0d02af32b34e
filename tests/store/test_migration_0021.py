"""Migration 0021: ratings given before it are on the seeds' three levels; the tickets table keeps its triggers."""
from __future__ import annotations

import sqlite3

from console.store.database import Database
from console.store.migrate import upgrade


def test_earlier_ratings_are_three_level_and_the_search_triggers_stay(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = Database(path)
    upgrade(db, "0020")
    con = sqlite3.connect(path)
    triggers = set(con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tickets'"))
    con.execute("INSERT INTO tickets(id, number, received_at, channel, caller_name, caller_phone, building, room, "
                "address, address_key, request_type, urgency, description, status, result, satisfaction, "
                "reopen_count, void_reason, version, updated_at) VALUES "
                "(1, '20260101-0001', '2026-01-01 00:00:00', 'phone', '', '', '', '', '', '', 'help', 'normal', "
                "'楼道停电', 'closed', '已修复', 'fairly', 0, '', 1, '2026-01-01 00:00:00'), "
                "(2, '20260101-0002', '2026-01-01 00:00:00', 'phone', '', '', '', '', '', '', 'help', 'normal', "
                "'漏水', 'resolved', '已修复', NULL, 0, '', 1, '2026-01-01 00:00:00')")
    con.commit()
    con.close()
    upgrade(db, "head")
    con = sqlite3.connect(path)
    assert con.execute("SELECT id, satisfaction, satisfaction_scale, callback_outcome, review_stage FROM tickets "
                       "ORDER BY id").fetchall() == [(1, "fairly", 3, None, None), (2, None, None, None, None)]
    assert set(con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tickets'")) == triggers
    assert triggers  # the full-text search is kept current by them
    con.close()
    db.dispose()
