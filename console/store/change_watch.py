"""Has another process changed the database? A cheap poll.

SQLite bumps `PRAGMA data_version` on a connection whenever *another*
connection commits; reading it costs microseconds, so the window polls it
every second or two instead of re-running its queries. The watcher keeps
its own connection for that reason (on the same connection the value would
not move). PostgreSQL seats use LISTEN/NOTIFY instead (issue 7); until then
they poll the newest audit row id, which every write bumps.
"""
from __future__ import annotations

import sqlite3

from sqlalchemy import func, select

from .database import Database
from .models import AuditEntry


class ChangeWatcher:
    def __init__(self, db: Database):
        self._db = db
        self._con: sqlite3.Connection | None = None
        self._last: object = None
        if db.sqlite_path is not None:
            self._con = sqlite3.connect(f"file:{db.sqlite_path}?mode=ro", uri=True,
                                        check_same_thread=False, timeout=1)
        self._last = self._read()

    def _read(self) -> object:
        if self._con is not None:
            return self._con.execute("PRAGMA data_version").fetchone()[0]
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

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
