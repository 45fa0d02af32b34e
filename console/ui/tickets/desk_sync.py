"""Keeping the main window in step with the database it shows: DeskSync.

Three clocks and one listener, owned together so starting, pausing (before a
restore) and closing stop or start all of them at once:

- the change watcher (console.store.change_watch), polled every two seconds:
  did any seat write? (and, on PostgreSQL, is the server there?) — a yes resyncs;
- the resync every minute: tickets other seats changed since the last look,
  read from the audit trail, so nothing is missed even without a watcher;
- the status bar every 30 seconds (due counts, the shift).

A timer's read while the server is away never raises a crash report: the status
bar already says the database is gone, and the next tick or the server's return
reads again (`quietly`).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from ...services.ticket_list import changed_since
from ..common.errors import one_line

if TYPE_CHECKING:  # pragma: no cover
    from .main_window import MainWindow

log = logging.getLogger(__name__)

STATUS_INTERVAL_MS = 30_000  # due counts and the shift
RESYNC_INTERVAL_MS = 60_000  # other seats' changes to the loaded rows
RESYNC_OVERLAP = timedelta(minutes=5)  # clocks of different seats may disagree a little
WATCH_INTERVAL_MS = 2_000  # ask the database whether anyone wrote (microseconds on SQLite)


class DeskSync(QObject):
    """The window's connection to the database: watcher, resync, status clock, online state."""

    # (state, message) from the watcher's listener THREAD; the signal queues it to the GUI thread
    state_reported = Signal(str, str)

    def __init__(self, window: MainWindow, watcher: Any = None):
        """`watcher`: a ChangeWatcher-like object (state, message, changed(), close()) to use
        instead of making one (tests); closed by `stop()`."""
        super().__init__(window)
        self.window = window
        self.desk = window.desk
        self.last_sync: datetime | None = None
        self.state = "online"
        self.status_timer = self._timer(STATUS_INTERVAL_MS, lambda: self.quietly(window.refresh_status))
        self.resync_timer = self._timer(RESYNC_INTERVAL_MS, lambda: self.quietly(self.resync))
        self.watch_timer = self._timer(WATCH_INTERVAL_MS, self.poll_changes)
        self.state_reported.connect(self.set_state)
        self.window.status.always_show_connection = not self.desk.db.is_sqlite
        self.watcher = watcher if watcher is not None else self.make_watcher()

    def _timer(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        t = QTimer(self)
        t.setInterval(interval_ms)
        t.timeout.connect(slot)
        return t

    # -- running --------------------------------------------------------------------------
    def start(self) -> None:
        """Start the clocks, and show the watcher's state now."""
        self.status_timer.start()
        self.resync_timer.start()
        if self.watcher is not None:
            self.set_state(self.watcher.state, self.watcher.message)
            self.watch_timer.start()

    def resume(self) -> None:
        """After a refused restore: the database is as it was; watch it again as at start."""
        self.watcher = self.make_watcher()
        self.status_timer.start()
        self.resync_timer.start()
        if self.watcher is not None:
            self.watch_timer.start()

    def stop(self) -> None:
        """Closing, or pausing before a restore replaces the database: no more reads from here."""
        for t in (self.status_timer, self.resync_timer, self.watch_timer):
            t.stop()
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None

    def make_watcher(self) -> Any:
        """console.store.change_watch: tells cheaply whether any seat wrote; None if unavailable."""
        try:
            from ...store.change_watch import ChangeWatcher
            return ChangeWatcher(self.desk.db, wait=0.5, on_state=self.report_state)
        except Exception:  # noqa: BLE001 - without it the minute-by-minute resync still runs
            log.warning("no change watcher; other seats' changes show within a minute", exc_info=True)
            return None

    # -- the server's state ---------------------------------------------------------------------
    def report_state(self, state: str, message: str) -> None:
        """Called in the listener thread: only emit, never touch a widget here."""
        try:
            self.state_reported.emit(state, message)
        except RuntimeError:  # the window is already gone
            pass

    def set_state(self, state: str, message: str = "") -> bool:
        """The server's state reached the GUI thread: show it; True when it just came back.

        Coming back resyncs at once: what other seats wrote meanwhile was not
        heard. The resync reads from the last successful one, so nothing
        written during the outage is skipped.
        """
        was = self.state
        self.state = state
        self.window.status.set_connection(state, message)
        if state == "online" and was != "online":
            log.info("database reachable again (was %s); resyncing", was)
            self.quietly(self.resync)
            return True
        if state == "offline" and was != "offline":
            log.warning("database %s: %s", state, message)
        return False

    @property
    def online(self) -> bool:
        return self.state == "online"

    def quietly(self, fn: Callable[[], Any]) -> None:
        """A timer's read while the server is away must not raise a crash report.

        The status bar already says the database is gone; the next timer or
        the return of the server reads again.
        """
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            if one_line(e, self.desk.db.display) is None:
                raise
            log.warning("periodic read failed: the database is unavailable (%s)", e)

    # -- other seats' writes ------------------------------------------------------------------
    def poll_changes(self) -> None:
        """Every two seconds: if anything was written (here or at another seat), resync."""
        if self.watcher is None:
            return
        try:
            changed = self.watcher.changed()
            state, message = self.watcher.state, self.watcher.message
        except Exception:  # noqa: BLE001
            log.warning("change watcher failed", exc_info=True)
            return
        came_back = self.set_state(state, message)
        if changed and state == "online" and not came_back:
            self.quietly(self.resync)

    def mark_synced(self) -> None:
        """Everything is read as of now (start, F5): the next resync looks back from here."""
        self.last_sync = self.desk.now()

    def resync(self) -> None:
        """Show what other seats changed: tickets written since the last look (from the audit trail).

        It looks back a few minutes further than needed, so a seat whose clock
        runs a little behind is not missed; re-reading a few rows twice costs nothing.
        """
        now = self.desk.now()
        since = (self.last_sync or now) - RESYNC_OVERLAP
        changed = changed_since(self.desk, since)
        self.last_sync = now
        w = self.window
        w.model.refresh(changed)  # also picks up new tickets at the top
        sel = w.selected_ticket_id()
        if sel is not None and sel in changed:
            w.load_detail(sel)
        w.refresh_status()
