"""F2 for one main window: at most one New Call form open, raised when asked again, and
the call a crash or a log out left half-typed offered back to the same person.

The main window owns one NewCallLauncher and hears `saved` (select the new ticket,
refresh the list) and `closed` (focus back to the list); everything about opening the
form, and about its draft, is here.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:  # pragma: no cover
    from ..tickets.desk_windows import DeskHost

log = logging.getLogger(__name__)


class NewCallLauncher(QObject):
    saved = Signal(object)  # services.tickets.Logged (id, number, changes) or a bare Changes
    closed = Signal()

    def __init__(self, window: DeskHost) -> None:
        """`window`: the main window (its desk and actor are read at each open: a switch of user
        changes them)."""
        super().__init__(window)  # type: ignore[arg-type]  # DeskHost is the main window, a QWidget
        self.window = window
        self.dialog: Any = None  # the form being filled now

    def _dialog_class(self):
        try:
            from .new_call_dialog import NewCallDialog
        except ImportError:
            log.warning("console.ui.new_call.new_call_dialog is not available", exc_info=True)
            QMessageBox.information(self.window, self.tr("新来电"), self.tr("新来电登记窗口尚未安装。"))
            return None
        return NewCallDialog

    def open(self, phone: str = "", draft: dict | None = None, *, prefill: dict | None = None,
             prefill_from: str = "") -> None:
        """The New Call form, window-modal over the main window; raised if already open. `prefill`: fields
        from a ring (the draft's shape), `prefill_from` the ticket the name and address were taken from."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        cls = self._dialog_class()
        if cls is None:
            return
        kwargs: dict[str, Any] = {"phone": phone}
        if draft is not None:
            kwargs["draft"] = draft
        if prefill is not None:
            kwargs["prefill"], kwargs["prefill_from"] = prefill, prefill_from
        w = self.window
        dlg = cls(w.desk, w.actor, w, **kwargs)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.saved.connect(self.saved.emit)
        dlg.addAction(w.act_log_out)  # Ctrl+L in the form: its words become this user's draft
        dlg.finished.connect(self._finished)
        self.dialog = dlg
        dlg.open()

    def _finished(self, _result: int) -> None:
        self.dialog = None
        self.closed.emit()

    def offer_draft(self, ask: Any) -> None:
        """After a crash or a log out: bring back the call this user was typing, if the form left a draft.

        Drafts are kept per user (console.services.drafts.draft_key): the next
        person at the desk is never offered someone else's call. `ask()` is the
        question (True: restore)."""
        w = self.window
        try:
            from .draft import pending_draft
            draft = pending_draft(w.desk, w.actor)
        except Exception:  # noqa: BLE001 - a broken draft must not stop the desk
            log.warning("cannot read the New Call draft", exc_info=True)
            return
        if not draft:
            return
        if ask():
            self.open(draft=draft)
        else:
            from .draft import discard_pending_draft
            discard_pending_draft(w.desk, w.actor)
