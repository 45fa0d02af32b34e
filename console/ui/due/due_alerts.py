"""The due queue wired into the main window: panel, timer, tray, sound, and what the keys do.

The window builds one `DueAlerts`, docks its panel beside the ticket list
and puts its actions in its menus; everything else about call-backs lives
here, so the window's own module stays about the list and the detail.

- AlertController (one timer, the change watcher, clock jumps) reads the
  queue and says when to ring; the panel shows it; the status bar and the
  tray tooltip show the counts.
- A ring is the sound (unless muted), a tray notification when there is a
  tray, the window flagged (QApplication.alert), a status-bar message; the
  row is red in the panel already.
- Open / record / snooze from the queue go through the services the rest
  of the window uses (TicketActions for ticket steps, missed_calls.call_back,
  deadlines.snooze), so there is one rule for each, wherever it is done.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QMenu

from ... import paths
from ...domain.enums import DeadlineKind
from ...domain.lifecycle import Action
from ...domain.permissions import may
from ...services.context import Changes
from ...services.deadlines import DueItem
from ..common.menu_text import keyed_action
from ..shell.tray import DeskTray, alert_message
from .alert_controller import AlertController, AlertSettings, QueueSnapshot
from .alert_sound import AlertSound
from .due_queue_panel import DueQueuePanel

log = logging.getLogger(__name__)

# Which ticket steps complete (or move) each kind of deadline, in menu order.
RECORD_ACTIONS: dict[str, tuple[Action, ...]] = {
    DeadlineKind.CHECK_BACK.value: (Action.CHECK_BACK_CAME, Action.CHECK_BACK_NOT_YET),
    DeadlineKind.RESOLUTION.value: (Action.RESOLVE, Action.ESCALATE),
    DeadlineKind.SATISFACTION.value: (Action.SATISFIED,),
    DeadlineKind.ARRIVAL.value: (Action.CHECK_BACK_CAME,),
    DeadlineKind.CO_CHECK_BACK.value: (Action.CO_CHECK_BACK,),
}


class DueAlerts(QObject):
    """Everything about the due queue that the main window hosts."""

    def __init__(self, window, *, controller: AlertController | None = None, sound: AlertSound | None = None):
        super().__init__(window)
        self.window = window
        self.desk, self.actor = window.desk, window.actor
        self.settings = AlertSettings.load(window.settings)
        self.controller = controller or AlertController(
            self.desk, self, repeat=timedelta(minutes=self.settings.repeat_minutes), runner=window.runner)
        self.sound = sound or AlertSound()
        self.panel = DueQueuePanel(self.desk, alert_settings=self.settings)
        self.dock = QDockWidget(self.tr("到期提醒"), window)
        self.dock.setObjectName("dueQueueDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.tray = DeskTray(self.desk, lambda: self.controller.items, self._icon(), self)
        self.rings: list[list[DueItem]] = []  # what rang, newest last (tests, the log)
        # How a step is chosen when a deadline kind has several (check-back: came / not yet).
        self.choose_action: Callable[[list[QAction]], QAction | None] = self._menu_choice
        self.snooze_dialog = None
        self.rules_dialog = None
        self.audit_dialog = None

        self.act_focus = self._action(self.tr("到期提醒(&Q)"), self.focus_queue, "F4", "actionDueQueue")
        self.act_snooze = self._action(self.tr("推迟提醒(&Z)…"), self.snooze_selected, None, "actionSnooze")
        self.act_rules = self._action(self.tr("时限规则(&L)…"), self.edit_rules, None, "actionDeadlineRules")
        self.act_audit = self._action(self.tr("操作记录(&U)…"), self.show_audit, None, "actionAuditView")
        self.set_actor(self.actor)

        c = self.controller
        c.queue_changed.connect(self._on_queue)
        c.counts_changed.connect(self._on_counts)
        c.alert.connect(self.ring)
        p = self.panel
        p.open_requested.connect(self.open_item)
        p.record_requested.connect(self.record)
        p.snooze_requested.connect(self.snooze)
        p.acknowledge_requested.connect(self.acknowledge_all)
        p.settings_changed.connect(self._on_settings)
        self.tray.show_window.connect(self.show_window)
        self.tray.open_item.connect(self._open_from_tray)
        self.tray.quit_requested.connect(window.close)

    def _icon(self) -> QIcon:
        icon = self.window.windowIcon()
        if icon.isNull():
            icon = QIcon(str(paths.resources_dir() / "icons" / "hotline.svg"))
        return icon

    def _action(self, text: str, slot, key: str | None, name: str) -> QAction:
        return keyed_action(self.window, text, slot, key, name)

    # -- running ----------------------------------------------------------------------
    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
        self.tray.close()

    def refresh(self) -> None:
        """After a write here: the queue re-read at once (other seats come through the watcher)."""
        if self.controller.active:
            self.controller.refresh()

    def on_changes(self, changes: Changes) -> None:
        if changes.deadlines or changes.tickets or changes.missed_calls or changes.settings:
            self.refresh()

    def _on_queue(self, snapshot: QueueSnapshot) -> None:
        self.panel.set_snapshot(snapshot)
        self.act_snooze.setEnabled(bool(snapshot.items))

    def _on_counts(self, due: int, overdue: int) -> None:
        self.tray.set_counts(due, overdue)
        status = getattr(self.window, "status", None)
        if status is not None and hasattr(status, "set_due_counts"):
            status.set_due_counts(due, overdue)

    def _on_settings(self, settings: AlertSettings) -> None:
        self.settings = settings
        settings.save(self.window.settings)
        if self.controller.tracker.repeat.total_seconds() != settings.repeat_minutes * 60:
            self.controller.set_repeat(settings.repeat_minutes)

    # -- ringing ----------------------------------------------------------------------
    def ring(self, items: list[DueItem]) -> None:
        self.rings.append(list(items))
        self.sound.play(mute=self.settings.mute)
        self.tray.notify(items)
        QApplication.alert(self.window, 0)  # flashes the task bar until the window is activated
        title, text = alert_message(items, self.desk, self.desk.now())
        self.window.statusBar().showMessage(f"{title} — {text.splitlines()[0]}" if len(items) == 1 else title, 15_000)

    def acknowledge_all(self) -> None:
        n = self.controller.acknowledge_all()
        if n:
            self.window.statusBar().showMessage(self.tr("已确认 {n} 项提醒，不再重复响铃。").format(n=n), 5_000)

    # -- acting on an item -----------------------------------------------------------------
    def focus_queue(self) -> None:
        if not self.dock.isVisible():
            self.dock.show()
        self.dock.raise_()
        self.panel.focus_queue()

    def show_window(self) -> None:
        w = self.window
        if w.isMinimized():
            w.showNormal()
        w.show()
        w.raise_()
        w.activateWindow()

    def _open_from_tray(self, item: DueItem) -> None:
        self.show_window()
        self.panel.select_deadline(item.deadline_id)
        self.open_item(item)

    def _show_ticket(self, ticket_id: int) -> None:
        if not self.window.select_ticket(ticket_id):  # not in the list (filtered, or far down)
            self.window.load_detail(ticket_id)

    def open_item(self, item: DueItem) -> None:
        """Enter: the item's ticket in the detail pane (its steps in the menus); a missed call is recorded."""
        self.controller.acknowledge(item.deadline_id)
        if item.ticket_id is None:
            self.record(item)
            return
        self._show_ticket(item.ticket_id)

    def record(self, item: DueItem) -> None:
        """R: record the call this item asks for; the step completes the deadline."""
        self.controller.acknowledge(item.deadline_id)
        if item.ticket_id is None:
            self._record_missed_call(item)
            return
        self._show_ticket(item.ticket_id)
        ta = self.window.ticket_actions
        acts = [ta.actions[a] for a in RECORD_ACTIONS.get(item.kind, ()) if ta.actions[a].isEnabled()]
        if not acts:
            self.window.statusBar().showMessage(
                self.tr("这张工单现在的状态不能在这里记录，请在工单菜单中选择操作。"), 8_000)
            return
        chosen = acts[0] if len(acts) == 1 else self.choose_action(acts)
        if chosen is not None:
            chosen.trigger()

    def _menu_choice(self, acts: list[QAction]) -> QAction | None:
        m = QMenu(self.panel)
        m.addActions(acts)
        m.setActiveAction(acts[0])
        view = self.panel.view
        idx = view.currentIndex()
        pos = view.visualRect(idx).bottomLeft() if idx.isValid() else QPoint(0, 0)
        return m.exec(view.viewport().mapToGlobal(pos))

    def _record_missed_call(self, item: DueItem) -> None:
        from ...domain.phone import mask_phone
        from ...services.missed_calls import call_back
        from ..tickets.lifecycle_dialogs import TextPromptDialog

        phone_link = getattr(self.window, "phone", None)
        if phone_link is not None and phone_link.dial_back(item.missed_call_id, item.phone):
            return  # dialled through the seat's SIP link: the outcome is recorded when it is known
        dlg = TextPromptDialog(self.tr("回拨未接来电"),
                               self.tr("已回拨 {phone}。回拨记录（可不填）：").format(phone=mask_phone(item.phone)),
                               self.window, required=False)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        self.window.runner.submit(call_back, self.desk, self.actor, item.missed_call_id, dlg.text(),
                                  on_result=self.window.apply_changes, on_error=self.window.write_failed)

    def selected_item(self) -> DueItem | None:
        """The queue's current row, else the first queue item of the ticket shown in the detail pane."""
        item = self.panel.current_item()
        if item is not None:
            return item
        detail = getattr(self.window.detail_view, "detail", None)
        if detail is not None:
            return next((i for i in self.controller.items if i.ticket_id == detail.id), None)
        return None

    def snooze_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            self.window.statusBar().showMessage(self.tr("请先在到期提醒中选中一项（F4）。"), 6_000)
            return
        self.snooze(item)

    def snooze(self, item: DueItem) -> None:
        from .snooze_dialog import SnoozeDialog

        dlg = SnoozeDialog(self.desk, self.actor, item, self.window.runner, self.window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.snoozed.connect(self._snoozed)
        dlg.finished.connect(lambda _r: setattr(self, "snooze_dialog", None))
        self.snooze_dialog = dlg
        dlg.open()

    def _snoozed(self, changes: Changes) -> None:
        self.window.apply_changes(changes)
        self.refresh()
        self.panel.focus_queue()

    # -- supervisor ---------------------------------------------------------------------
    def edit_rules(self) -> None:
        from .deadline_rules_dialog import DeadlineRulesDialog

        if not may(self.actor.role, "edit_deadline_rules"):
            return
        dlg = DeadlineRulesDialog(self.desk, self.actor, self.window.runner, self.window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.rules_changed.connect(self.window.apply_changes)
        dlg.finished.connect(lambda _r: setattr(self, "rules_dialog", None))
        self.rules_dialog = dlg
        dlg.open()

    def show_audit(self) -> None:
        from ..admin.audit_view import AuditView

        if not may(self.actor.role, "edit_deadline_rules"):
            return
        dlg = AuditView(self.desk, self.window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda _r: setattr(self, "audit_dialog", None))
        self.audit_dialog = dlg
        dlg.open()

    # -- who is at the desk ---------------------------------------------------------------
    def set_actor(self, actor) -> None:
        """After log in (also a switch of user): the supervisor's entries follow the role; the
        queue and its alerts keep running throughout, so nothing due is missed meanwhile."""
        self.actor = actor
        supervisor = may(actor.role, "edit_deadline_rules")
        for a in (self.act_rules, self.act_audit):
            a.setVisible(supervisor)
            a.setEnabled(supervisor)

    def close_dialogs(self) -> None:
        """Log out: a snooze, the rules or the audit view belong to the person who opened them."""
        for d in (self.snooze_dialog, self.rules_dialog, self.audit_dialog):
            if d is not None:
                d.reject()

