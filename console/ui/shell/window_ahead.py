"""Building the operator's window, hidden, while the password is typed.

Building the main window (its list's first page, docks, menus, status bar)
takes 60–130 ms on the GUI thread. After Enter that is a wait; during the
seconds the operator spends typing a password it is free. So, once the
database layer is loaded (console.ui.shell.startup_preload) and the login dialog
shows a user name that belongs to an active account, the window is built for
that account and kept hidden. After Enter it is used only if the password check
returned exactly that account (same id, name and role); any other answer, a
cancelled login or a wrong name throws it away unseen and the window is built
the ordinary way. A hidden window shows nothing and starts no alerts: those
begin after its first paint (MainWindow.finish_start).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from ...services.context import Actor, Desk
    from ..tickets.main_window import MainWindow
    from .startup_preload import StartupPreload

log = logging.getLogger(__name__)

POLL_MS = 50


class WindowAhead(QObject):
    def __init__(self, preload: StartupPreload, user_name: Callable[[], str],
                 build: Callable[[Desk, Actor], MainWindow], parent: QObject | None = None):
        """`user_name()`: the name in the login dialog now; `build(desk, actor)`: a hidden MainWindow."""
        super().__init__(parent)
        self._preload = preload
        self._user_name = user_name
        self._build = build
        self.window: MainWindow | None = None
        self.actor: Actor | None = None
        self._tried: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._timer.start()

    def _poll(self) -> None:
        """Until a window is built: once the database layer is there, try each new user name."""
        if not self._preload.done():
            return
        name = self._user_name()
        if name == self._tried:
            return
        self._tried = name
        try:
            desk = self._preload.wait().desk  # done: returns at once (or raises the thread's error)
            from ...services.accounts import expected_actor

            actor = expected_actor(desk, name)
            if actor is None:
                return
            self._timer.stop()
            self.window, self.actor = self._build(desk, actor), actor
            log.info("window built ahead for %s while the password is typed", actor.username)
        except Exception:  # noqa: BLE001 - only a head start; the window is built after Enter instead
            log.warning("building the window ahead failed", exc_info=True)
            self.discard()

    def take(self, actor: Actor) -> MainWindow | None:
        """The window built ahead if it belongs to `actor` (the checked login); else None."""
        self._timer.stop()
        if self.window is not None and self.actor == actor:
            window, self.window, self.actor = self.window, None, None
            return window
        self.discard()
        return None

    def discard(self) -> None:
        """Throw away a window nobody will see (wrong account, login cancelled)."""
        self._timer.stop()
        window, self.window, self.actor = self.window, None, None
        if window is not None:
            window.discard()

    @property
    def tried_name(self) -> str | None:
        """The last user name looked up (tests wait on it instead of on the clock)."""
        return self._tried
