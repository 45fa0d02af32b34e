"""Database.write_connection on SQLite: the connection kept between writes still waits as long as the thread
says (the busy timeout set again only when it differs), and a disposed pool is not written through."""
from __future__ import annotations

from console.store import database
from console.store.database import Database


def _busy(conn) -> int:
    return conn.exec_driver_sql("PRAGMA busy_timeout").scalar()


def test_each_write_waits_as_long_as_its_thread_says(db_path, monkeypatch):
    db = Database(db_path)
    try:
        with db.write_connection() as conn:
            assert _busy(conn) == database.BUSY_TIMEOUT_MS
        with db.waiting_at_most(1234), db.write_connection() as conn:
            assert _busy(conn) == 1234
        with db.write_connection() as conn:  # the same kept connection, its wait put back
            assert _busy(conn) == database.BUSY_TIMEOUT_MS
        monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 4321)
        with db.write_connection() as conn:
            assert _busy(conn) == 4321
    finally:
        db.dispose()


def test_a_disposed_pool_gives_the_next_write_a_new_connection(db_path):
    db = Database(db_path)
    try:
        with db.write_connection() as conn:
            first = conn.connection.dbapi_connection
        with db.write_connection() as conn:
            assert conn.connection.dbapi_connection is first  # kept between writes
        db.engine.dispose()
        with db.write_connection() as conn:
            assert conn.connection.dbapi_connection is not first
    finally:
        db.dispose()
