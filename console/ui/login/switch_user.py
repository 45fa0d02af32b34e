"""注销 / 切换用户 (Ctrl+L): the next person logs in over the same window, nothing restarts.

What stays: the window's layout, the ticket list, the due queue and its
alerts (the timers keep running while the login dialog is up, so a call-back
falling due meanwhile still rings and shows). What belongs to the person
leaving is put away first: a handover note being edited asks Save / Discard /
Cancel (the same question as closing the desk); an open New Call form is
closed with every typed word kept as *that person's* draft (drafts are named
by user), offered back to them at their next log in and never to the next
person; companion windows and editors, which act for whoever opened them,
are closed.

Cancel on the login dialog asks whether to quit the program; "No" shows the
login dialog again. The window itself cannot be used meanwhile: the dialog is
modal over it.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

if TYPE_CHECKING:  # pragma: no cover
    from ...services.context import Actor
    from ..tickets.main_window import MainWindow

log = logging.getLogger(__name__)


class SwitchUser(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.dialog = None  # the login dialog while nobody is logged in

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def log_out(self) -> bool:
        """Put away what belongs to the person leaving, then ask who comes; False if it stays."""
        w = self.window
        if self.locked:
            return False
        if not w.windows.may_close():  # an unsaved handover note: Save / Discard / Cancel
            return False
        nc = w.new_call_dialog
        if nc is not None and not nc.put_aside():  # the call is being saved right now
            return False
        from ..admin import close_all

        close_all(w)
        w.windows.forget_companions()
        w.due.close_dialogs()
        w.save_state()
        log.info("%s logged out; the window waits for the next person", w.actor.username)
        w.status.showMessage(self.tr("{user} 已注销").format(user=w.actor.display_name or w.actor.username))
        self._show_login()
        return True

    def _show_login(self) -> None:
        from ...services.accounts import authenticate
        from ...services.desk_settings import desk_name as read_desk_name
        from .login_dialog import LoginDialog

        w = self.window
        desk_name = read_desk_name(w.desk)
        dlg = LoginDialog(lambda user, password: authenticate(w.desk, user, password), w, demo=w.demo,
                          desk_name=desk_name, settings=w.settings)
        dlg.setObjectName("switchUserLogin")
        dlg.setWindowModality(Qt.WindowModality.ApplicationModal)
        dlg.for_next_person()
        dlg.finished.connect(self._finished)
        self.dialog = w.login_dialog = dlg
        dlg.open()

    def _finished(self, result: int) -> None:
        w = self.window
        dlg, self.dialog = self.dialog, None
        w.login_dialog = None
        actor = getattr(dlg, "actor", None) if dlg is not None else None
        if dlg is not None:
            dlg.deleteLater()
        if result and actor is not None:
            self._logged_in(actor)
            return
        if w.ask_quit_from_login():
            log.info("quit from the login dialog after a log out")
            w.close()
            return
        self._show_login()

    def _logged_in(self, actor: Actor) -> None:
        w = self.window
        log.info("logged in after a switch of user: %s (%s)", actor.username, actor.role)
        w.set_actor(actor)
        w.status.showMessage(self.tr("{user} 已登录").format(user=actor.display_name or actor.username), 8000)
        w.activateWindow()
        w.table.setFocus()
        w.offer_draft()  # this person's own call, if they left one half-typed
