"""The audit trail's hash chain: every row follows from the one before; a row changed or removed with the
triggers lifted (as whoever holds the file could) is found by `check`, at that row; the migration chains the
rows written before it."""
from __future__ import annotations

import sqlite3

from sqlalchemy import select

from console.domain.audit_chain import ChainRow, first_break, row_hash
from console.services import tickets as T
from console.store.health import audit_chain_problems, check_database
from console.store.models import AuditEntry


def _rows(desk):
    with desk.db.read() as s:
        return [ChainRow(r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.old, r.new, r.prev_hash,
                         r.row_hash) for r in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_every_row_follows_from_the_one_before(desk, street, operator, clock):
    t = T.log_call(desk, operator, T.NewCall(description="停电"), dispatch=T.Dispatch(street.units["城东供电所"]))
    clock.advance(minutes=5)
    T.resolve(desk, operator, t.id, "已修复")  # one transaction, two audit rows
    rows = _rows(desk)
    assert len(rows) >= 3 and first_break(rows) is None
    assert all(b.prev_hash == a.row_hash for a, b in zip(rows, rows[1:], strict=False))
    assert check_database(desk.db) == []


def test_a_changed_or_removed_row_is_found_at_its_place(desk, operator, clock):
    for i in range(4):
        T.log_call(desk, operator, T.NewCall(description=f"第{i}通"))
        clock.advance(minutes=1)
    rows = _rows(desk)
    con = sqlite3.connect(desk.db.sqlite_path)
    with con:
        con.execute("DROP TRIGGER audit_log_no_update")
        con.execute("DROP TRIGGER audit_log_no_delete")
        con.execute("UPDATE audit_log SET new = '{}' WHERE id = ?", (rows[2].id,))
    with desk.db.engine.connect() as c:
        [p] = audit_chain_problems(c)
    assert f"row {rows[2].id}" in p.en
    with con:
        con.execute("UPDATE audit_log SET new = ? WHERE id = ?", (rows[2].new, rows[2].id))  # put back
        con.execute("DELETE FROM audit_log WHERE id = ?", (rows[1].id,))
    con.close()
    with desk.db.engine.connect() as c:
        [p] = audit_chain_problems(c)
    assert f"row {rows[2].id}" in p.en  # the row after the gap no longer follows


def test_the_hash_covers_every_field():
    from datetime import UTC, datetime

    at = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
    base = row_hash("", at, 1, "log_call", "ticket", 7, "", '{"a": 1}')
    assert len({base, row_hash("x", at, 1, "log_call", "ticket", 7, "", '{"a": 1}'),
                row_hash("", at, 2, "log_call", "ticket", 7, "", '{"a": 1}'),
                row_hash("", at, 1, "log_call", "ticket", 8, "", '{"a": 1}'),
                row_hash("", at, 1, "log_call", "ticket", 7, "", '{"a": 2}')}) == 5


def test_the_migration_chains_the_rows_written_before_it(tmp_path):
    from console.store.database import Database
    from console.store.migrate import upgrade

    path = tmp_path / "old.sqlite3"
    db = Database(path)
    upgrade(db, "0016")
    con = sqlite3.connect(path)
    with con:
        for i in range(5):
            con.execute("INSERT INTO audit_log(at, user_id, action, entity, entity_id, old, new) "
                        "VALUES (?, NULL, 'x', 'ticket', ?, '', ?)", (f"2026-01-0{i + 1} 00:00:00.000000", i, f"{{{i}}}"))
    con.close()
    upgrade(db, "head")
    with db.engine.connect() as c:
        assert audit_chain_problems(c) == []
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute("UPDATE audit_log SET new = 'z' WHERE id = 1")
        raise AssertionError("the append-only trigger is back after the migration")
    except sqlite3.DatabaseError as e:
        assert "append-only" in str(e)
    finally:
        con.close()
    db.dispose()
