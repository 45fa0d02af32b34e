"""Every seat sees the desk's rings: a short poll of `live_calls` on a QTimer.

The link that hears the telephone (this seat's, another seat's, or `calls listen` on a server) writes
each ring into live_calls (console.services.live_calls). Here a QTimer asks, every POLL_MS, whether
the database changed at all — SQLite's ``PRAGMA data_version`` on a read-only connection of its own,
or on PostgreSQL the LISTEN/NOTIFY counter of a listener thread (console.store.change_watch), both
without a query — and only then runs the one primary-key query for new rows and the row of the card
shown. Without either (another PostgreSQL driver) the query itself is the poll. Idle, a tick is a
few microseconds (bench/bench_ring_watch.py).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from ...services import live_calls
from ...services.context import Desk

log = logging.getLogger(__name__)

POLL_MS = 300  # a ring on another seat's link shows here within this (plus the query)


class RingWatch(QObject):
    row_seen = Signal(object)  # a console.store.queries.LiveRow: new, or the watched one again

    def __init__(self, desk: Desk, parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.desk = desk
        self.last_id = 0
        self.watched: tuple[int, ...] = ()  # the row of the card shown, to see it taken or ended
        self.queries = 0  # statements run (tests, the bench)
        self._watcher = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        """From now on: rings older than this are not news."""
        self.stop()
        try:
            from ...store.change_watch import ChangeWatcher

            self.last_id = live_calls.last_id(self.desk)
            self._watcher = ChangeWatcher(self.desk.db, wait=0)
        except Exception:  # noqa: BLE001 - a desk that cannot be read now: the query is the poll
            log.warning("ring watch: no change watcher; polling the query", exc_info=True)
            self._watcher = None
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    def poll(self, force: bool = False) -> None:
        w = self._watcher
        if not force and w is not None and w.cheap:
            try:
                if not w.changed():
                    return
            except Exception:  # noqa: BLE001 - cannot tell: ask
                pass
        try:
            rows = live_calls.rows_since(self.desk, self.last_id, self.watched)
        except Exception as e:  # noqa: BLE001 - the database away: the status bar says so; next tick asks again
            log.debug("ring watch: %s", e)
            return
        self.queries += 1
        for r in rows:
            self.last_id = max(self.last_id, r.id)
            self.row_seen.emit(r)
