"""Migration 0004: open tickets written before it (logged only, reopened, imported) get the
resolution deadline the program now opens for them, timed by the desk's own rules."""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from console.store.database import Database
from console.store.migrate import current_revision, upgrade

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _stamp(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def test_open_tickets_without_a_promise_get_one_and_nothing_else_moves(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = Database(path)
    upgrade(db, "0003")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO categories(id, name, parent_id, initials, active, code, sort_order) "
                "VALUES (1, '水电气', NULL, 'sdq', 1, '', 0), (2, '漏水', 1, 'ls', 1, '', 0)")
    con.execute("INSERT INTO deadline_rules(kind, category_id, urgency, minutes) VALUES ('resolution', 1, NULL, 120)")
    required = {name: 0 if "INT" in kind.upper() else "" for _, name, kind, notnull, _, pk in
                con.execute("PRAGMA table_info(tickets)") if notnull and not pk}
    #  id, status, category, import_key, updated (h), events [(action, to_status, h)], open deadlines
    tickets = [
        (1, "logged", None, None, 0, [("log", "logged", 0)], []),
        (2, "reopened", 2, None, 9, [("log", "logged", 0), ("dispatch", "dispatched", 1),
                                     ("resolve", "resolved", 5), ("unsatisfied", "reopened", 8),
                                     ("note", "reopened", 9)], []),
        (3, "dispatched", None, None, 1, [("log", "logged", 0), ("dispatch", "dispatched", 1)],
         [("check_back", 1), ("resolution", 1)]),
        (4, "dispatched", None, "sheet:1", 30, [("log", "logged", 0), ("dispatch", "dispatched", 1)], []),
        (5, "closed", None, None, 3, [("log", "logged", 0), ("answer", "answered", 0)], []),
    ]
    for tid, status, cat, key, upd, events, open_rows in tickets:
        row = {**required, "id": tid, "number": f"20260101-{tid:04d}", "received_at": _stamp(T0),
               "updated_at": _stamp(T0 + timedelta(hours=upd)), "request_type": "help", "status": status,
               "channel": "phone", "urgency": "normal", "category_id": cat, "import_key": key,
               "description": "停电"}
        con.execute(f"INSERT INTO tickets({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()))
        for action, to, h in events:
            con.execute("INSERT INTO ticket_events(ticket_id, at, action, to_status, detail) VALUES (?, ?, ?, ?, '')",
                        (tid, _stamp(T0 + timedelta(hours=h)), action, to))
        for kind, h in open_rows:
            con.execute("INSERT INTO deadlines(ticket_id, kind, start_at, due_at, snooze_reason) "
                        "VALUES (?, ?, ?, ?, '')", (tid, kind, _stamp(T0 + timedelta(hours=h)),
                                                    _stamp(T0 + timedelta(hours=h + 24))))
    con.commit()
    con.close()

    upgrade(db, "0004")
    assert current_revision(db) == "0004"
    con = sqlite3.connect(path)
    got = con.execute("SELECT ticket_id, kind, start_at, due_at FROM deadlines WHERE done_at IS NULL "
                      "ORDER BY ticket_id, kind").fetchall()
    h = lambda n: _stamp(T0 + timedelta(hours=n))  # noqa: E731
    assert got == [
        (1, "resolution", h(0), h(24)),   # logged only: owed from its logging, the default day
        (2, "resolution", h(8), h(10)),   # reopened at 08:00 (the note after it is no step); the parent's 2 h
        (3, "check_back", h(1), h(25)), (3, "resolution", h(1), h(25)),  # had its promise: untouched
        (4, "resolution", h(30), h(54)),  # imported open: from the import, not from the sheet's past
    ]
    con.close()
    db.dispose()
