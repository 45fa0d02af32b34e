"""追加到原工单 (Alt+Z): the caller rings again about an open matter — keep the call on that ticket.

New Call's caller panel already lists the caller's earlier tickets and the
open tickets at the typed address (a neighbour rings about the same leak, within
the desk's repeat-call window); when one of them is still open, this button records what was typed as a repeat call on
it (services.tickets.add_call) instead of a second ticket, so 受理量 counts the
matter once and its unit is pressed. With several open tickets the operator
picks one (the newest first). The form closes as after a save; its draft goes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QPushButton

from ...domain.lifecycle import OPEN_STATUS_CODES
from ...services import tickets as T
from ...services.ticket_list import TicketBrief

if TYPE_CHECKING:
    from .new_call_dialog import NewCallDialog


class AppendCall(QObject):
    """The button and its flow, for one New Call dialog."""

    def __init__(self, dialog: NewCallDialog):
        super().__init__(dialog)
        self.dialog = dialog
        self.button = QPushButton(self.tr("追加到原工单(&Z)"))
        self.button.setObjectName("appendCallButton")
        self.button.setAutoDefault(False)
        self.button.setToolTip(self.tr("来电人为同一件未办结的事再次来电：记在原工单上，不新建工单（催办承办单位）"))
        self.button.clicked.connect(self.append)
        # which open ticket to add to, when there are several: a list dialog by default; tests answer here
        self.pick = self._pick
        self.refresh()

    def open_tickets(self) -> list[TicketBrief]:
        """The caller's open tickets, then the open ones at the typed address (a neighbour's), once each."""
        info = self.dialog.caller.info
        if info is None:
            return []
        found = {t.id: t for t in info.history if t.status in OPEN_STATUS_CODES}
        for t in info.nearby_open:
            found.setdefault(t.id, t)
        return list(found.values())

    def refresh(self) -> None:
        """After the caller panel changed: offered only when the caller has an open ticket."""
        self.button.setEnabled(bool(self.open_tickets()) and not self.dialog.saving)

    def append(self) -> None:
        d = self.dialog
        if d.logged is not None or d.saving:
            return
        open_ = self.open_tickets()
        if not open_:
            return
        if not d.description.toPlainText().strip():
            d.show_error(self.tr("请先填写来电内容，再追加到原工单。"), d.description)
            return
        info = self.dialog.caller.info
        own = info is not None and any(t.id == open_[0].id for t in info.history)
        # the caller's one open ticket: at once; a neighbour's, or one of several: asked
        target = open_[0] if len(open_) == 1 and own else self.pick(open_)
        if target is None:
            return
        call = d.build_call()
        self.button.setEnabled(False)
        d.run_append(T.add_call, target.id, call)

    def _pick(self, tickets: list[TicketBrief]) -> TicketBrief | None:
        labels = ["  ".join(x for x in (t.number, t.caller_name, t.category or "", t.unit or "",
                                        " ".join(t.description.split())[:20]) if x) for t in tickets]
        text, ok = QInputDialog.getItem(self.dialog, self.tr("追加到原工单"), self.tr("追加到哪一张未办结的工单："),
                                        labels, 0, False)
        return tickets[labels.index(text)] if ok and text in labels else None
