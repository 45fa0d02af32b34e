"""Has another seat or process changed the database? Cheap to ask, every second.

SQLite bumps `PRAGMA data_version` on a connection whenever *another*
connection commits; reading it costs microseconds, so the window polls it
every second or two instead of re-running its queries. The watcher keeps
its own connection for that reason (on the same connection the value would
not move).

PostgreSQL seats hear each other through LISTEN/NOTIFY
(console.store.pg_notify): a listener thread counts notifications and
`changed()` compares the count, so polling it stays as cheap as on
SQLite, and a change reaches the other seats well within a second. The
watcher also tells whether the server is reachable (`state`, `message`),
which the status bar shows; it reconnects by itself and then reports one
change, since what happened meanwhile was not heard. With a driver other
than psycopg it falls back to polling the newest audit row id, which every
write bumps.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from sqlalchemy import func, select

from .database import Database
from .models import AuditEntry
from .pg_notify import CONNECTING, OFFLINE, ONLINE, PgListener

FILE_MOVED = "file-moved"  # the message of a SQLite desk whose file was moved: the window words it


class ChangeWatcher:
    """`changed()`: True once after each commit since the last call (any connection's).

    `on_state(state, message)` (PostgreSQL only) is called from the listener
    thread when the server is lost ("offline", with a reason that never
    holds the password) or reached again ("online").
    """

    def __init__(self, db: Database, *, on_state: Callable[[str, str], None] | None = None,
                 wait: float = 5.0):
        self._db = db
        self._con: sqlite3.Connection | None = None
        self._listener: PgListener | None = None
        self._last: object = None
        if db.sqlite_path is not None:
            self._con = sqlite3.connect(f"file:{db.sqlite_path}?mode=ro", uri=True,
                                        check_same_thread=False, timeout=1)
        elif db.engine.dialect.name == "postgresql" and db.engine.dialect.driver == "psycopg":
            self._listener = PgListener(db.engine, on_state=on_state)
            self._listener.start(wait=wait)
        self._last = self._read()

    @property
    def cheap(self) -> bool:
        """`changed()` costs no query on the desk's tables (SQLite's data_version, a LISTEN counter): a
        poller may ask it often and run its own query only on a change."""
        return self._con is not None or self._listener is not None

    def _read(self) -> object:
        if self._con is not None:
            return self._con.execute("PRAGMA data_version").fetchone()[0]
        if self._listener is not None:
            return self._listener.changes
        with self._db.read() as s:
            return s.scalar(select(func.max(AuditEntry.id)))

    def changed(self) -> bool:
        """True once after each change made elsewhere since the last call."""
        try:
            now = self._read()
        except Exception:  # noqa: BLE001 - a busy or vanished file: report "maybe"
            return True
        if now != self._last:
            self._last = now
            return True
        return False

    def wait(self, timeout: float) -> bool:
        """Block until `changed()` is True or `timeout` seconds pass (tests, the CLI).

        On PostgreSQL a commit elsewhere reaches `changed()` a few milliseconds
        later, through the listener thread; a GUI timer never notices, but a
        test that writes and then asks at once must wait like this.
        """
        end = time.monotonic() + timeout
        while True:
            if self._listener is not None:
                self._listener.heard.clear()
            if self.changed():
                return True
            left = end - time.monotonic()
            if left <= 0:
                return False
            if self._listener is not None:
                self._listener.heard.wait(min(left, 0.25))
            else:
                time.sleep(min(left, 0.02))

    def changed_tables(self) -> frozenset[str]:
        """PostgreSQL: the tables written since the last call ("*" = unknown); elsewhere {"*"} or {}."""
        if self._listener is not None:
            self.changed()
            return self._listener.take_tables()
        return frozenset({"*"}) if self.changed() else frozenset()

    @property
    def state(self) -> str:
        """"online", "connecting" or "offline" (a SQLite file: "offline" once it was moved or replaced)."""
        if self._listener is not None:
            return self._listener.state
        return OFFLINE if self._db.file_moved() else ONLINE

    @property
    def message(self) -> str:
        """Why the server is not reachable ("" when online; FILE_MOVED for a SQLite file moved
        away); never shows the password."""
        if self._listener is not None:
            return self._listener.message
        return FILE_MOVED if self._db.file_moved() else ""

    @property
    def online(self) -> bool:
        return self.state == ONLINE

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._listener is not None:
            self._listener.stop()
            self._listener = None


__all__ = ["ChangeWatcher", "CONNECTING", "FILE_MOVED", "OFFLINE", "ONLINE"]
