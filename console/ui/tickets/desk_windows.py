"""The main window's companions: phonebook, missed calls, registers, shift dialogs, settings.

Kept out of main_window.py so the main window stays about tickets: it owns
one `DeskWindows` and points its menu actions here. Each companion window is
made on first use and kept (raised again later); every write made in one of
them goes through `MainWindow.apply_changes`, and every change the main
window hears about (ours, another window's, another seat's) refreshes the
companions that show it.

The companions (these, the 管理 editors, the maintenance actions) see the main
window only through `DeskHost`: the few things they may use. MainWindow
provides them; anything else in it is its own business and may change.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...services import shifts as shift_service
from ...services.context import Changes
from ...services.shifts import latest_shift

if TYPE_CHECKING:  # pragma: no cover
    from PySide6.QtCore import QSettings, SignalInstance
    from PySide6.QtGui import QAction

    from ...services.context import Actor, Desk
    from ..common.status_bar import DeskStatusBar
    from ..common.workers import TaskRunner

log = logging.getLogger(__name__)


class DeskHost(Protocol):
    """What the main window offers the windows and dialogs it opens (MainWindow is one).

    It is also the QWidget they are parented to and centred over."""

    desk: Desk
    actor: Actor
    runner: TaskRunner
    settings: QSettings
    status: DeskStatusBar
    act_log_out: QAction  # Ctrl+L, added to a companion's dialogs so it works there too
    changed: SignalInstance  # Changes: after any write, ours or another seat's
    admin_dialogs: dict[str, Any]  # the 管理 editors open now, by name (console.ui.admin)

    @property
    def new_call_dialog(self) -> Any:
        """The New Call form being filled now, or None."""

    def new_call(self, phone: str = "", draft: dict | None = None) -> None:
        """Open (or raise) the New Call form."""

    def apply_changes(self, changes: Changes) -> None:
        """A write was made: refresh the list, the detail and every companion that shows it."""

    def refresh_status(self) -> None:
        """Re-read the status bar (shift, due counts)."""

    def write_failed(self, e: BaseException) -> None:
        """A write failed: one line for the desk, or the crash handler for a bug."""


class DeskWindows(QObject):
    def __init__(self, main: DeskHost):
        super().__init__(main)
        self.main = main
        self.phonebook = None
        self.missed_calls = None
        self.registers = None
        self.dialog: QDialog | None = None  # the last dialog opened from here (tests look at it)
        main.changed.connect(self._on_changed)

    def may_close(self) -> bool:
        """Before the desk closes: a handover note edited and not saved is saved, dropped or kept open.

        Save / Discard / Cancel, as any editor asks; False keeps the desk open (Cancel, or
        the save failed and the dialog says why)."""
        from ..shifts.shift_dialogs import CloseShiftDialog, HandoverNoteDialog

        dlg = self.dialog
        if not isinstance(dlg, (HandoverNoteDialog, CloseShiftDialog)) or not shiboken6.isValid(dlg) \
                or not dlg.isVisible() or not dlg.note.modified():
            return True
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("交班记录还没有保存"),
                          self.tr("交班记录改过了，还没有保存。关闭值班台之前保存吗？"),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.main)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return dlg.save_note()
        if answer == QMessageBox.StandardButton.Discard:
            dlg.discard()
            return True
        return False

    def forget_companions(self) -> None:
        """Log out: the phonebook, missed calls and registers act for who opened them; closed here,
        they are made again, for the next person, on first use."""
        for name in ("phonebook", "missed_calls", "registers"):
            w = getattr(self, name)
            if w is not None and shiboken6.isValid(w):
                w.close()
                w.deleteLater()
            setattr(self, name, None)
        dlg = self.dialog
        if dlg is not None and shiboken6.isValid(dlg) and dlg.isVisible():
            dlg.reject()

    # -- companions ------------------------------------------------------------
    def _show(self, w: QWidget) -> QWidget:
        w.show()
        w.raise_()
        w.activateWindow()
        return w

    def open_phonebook(self):
        if self.phonebook is None:
            from ..phonebook.phonebook_window import PhonebookWindow

            self.phonebook = PhonebookWindow(self.main.desk, self.main.actor, self.main.runner, self.main)
            self.phonebook.changed.connect(self.main.apply_changes)
        else:
            self.phonebook.focus_search()
        return self._show(self.phonebook)

    def open_missed_calls(self):
        if self.missed_calls is None:
            from ..missed_calls.missed_calls_window import MissedCallsWindow

            phone = getattr(self.main, "phone", None)  # the seat's telephone link (console.ui.calls)
            self.missed_calls = MissedCallsWindow(self.main.desk, self.main.actor, self.main,
                                                  new_call_opener=self._new_call_for_missed,
                                                  dialer=phone.dial_back if phone is not None else None)
            self.missed_calls.changed.connect(self.main.apply_changes)
        else:
            self.missed_calls.reload()
        return self._show(self.missed_calls)

    def open_registers(self):
        if self.registers is None:
            from ..registers.registers_window import RegistersWindow

            self.registers = RegistersWindow(self.main.desk, self.main.actor, self.main.runner, self.main)
            self.registers.changed.connect(self.main.apply_changes)
        return self._show(self.registers)

    def _new_call_for_missed(self, phone: str):
        """The main window's own New Call form, so the saved ticket is selected in its list."""
        open_form = self.main.new_call_dialog
        if open_form is not None:
            self.main.status.showMessage(self.tr("请先保存或放弃正在填写的新来电。"), 8000)
            open_form.raise_()
            open_form.activateWindow()
            return None
        self.main.new_call(phone=phone)
        return self.main.new_call_dialog

    def _on_changed(self, changes: Changes) -> None:
        for w in (self.phonebook, self.missed_calls, self.registers):
            if w is not None and w.isVisible():
                try:
                    w.refresh(changes)
                except Exception:  # noqa: BLE001 - a companion's refresh must not break the main window
                    log.warning("refreshing %s failed", type(w).__name__, exc_info=True)

    # -- missed calls -------------------------------------------------------------
    def log_missed_call(self):
        """F3: the number and Enter; the time is now."""
        from ..missed_calls.missed_call_dialog import MissedCallDialog

        dlg = MissedCallDialog(self.main.desk, self.main.actor, self.main)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.saved.connect(self._missed_logged)
        self.dialog = dlg
        dlg.open()
        return dlg

    def _missed_logged(self, changes: Changes) -> None:
        self.main.apply_changes(changes)
        self.main.status.showMessage(self.tr("已登记未接来电，请及时回拨。"), 8000)

    # -- shifts ---------------------------------------------------------------------
    def _open_shift_id(self) -> int | None:
        return shift_service.open_shift_id(self.main.desk)

    def edit_handover_note(self):
        sid = self._open_shift_id()
        if sid is None:
            self.main.refresh_status()
            return None
        from ..shifts.shift_dialogs import HandoverNoteDialog

        dlg = HandoverNoteDialog(self.main.desk, self.main.actor, sid, self.main)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.addAction(self.main.act_log_out)  # Ctrl+L here too: log out asks about the note first
        dlg.saved.connect(self.main.apply_changes)
        self.dialog = dlg
        dlg.open()
        return dlg

    def close_shift(self):
        sid = self._open_shift_id()
        if sid is None:
            self.main.refresh_status()
            return None
        from ..shifts.shift_dialogs import CloseShiftDialog

        dlg = CloseShiftDialog(self.main.desk, self.main.actor, sid, self.main)
        dlg.addAction(self.main.act_log_out)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.closed.connect(self.main.apply_changes)
        dlg.log_written.connect(self.closed_shift_log.handle)
        dlg.ticket_activated.connect(self.show_ticket)
        self.dialog = dlg
        dlg.open()
        return dlg

    @property
    def closed_shift_log(self):
        """What follows 交班: the log's path said, printed on the desk's printer (ui.shifts.closed_log)."""
        if getattr(self, "_closed_shift_log", None) is None:
            from ..shifts.closed_log import ClosedShiftLog

            self._closed_shift_log = ClosedShiftLog(self.main)
        return self._closed_shift_log

    def show_ticket(self, ticket_id: int) -> None:
        """Select a ticket in the main list, clearing filters that hide it."""
        m = self.main
        if m.select_ticket(ticket_id):
            return
        m.filter_bar.search_edit.clear()
        m.filter_bar.status_combo.setCurrentIndex(0)
        self.set_shift_filter(False)
        m._set_filter(search_ids=None, statuses=None)
        if not m.select_ticket(ticket_id):
            m._set_filter(search_ids=[ticket_id])
            m.select_ticket(ticket_id)

    def set_shift_filter(self, on: bool) -> None:
        """The shift's own tickets one key away (the open shift, else the last one closed)."""
        m = self.main
        act = getattr(m, "act_shift_tickets", None)
        sh = None
        if on:
            sh = latest_shift(m.desk)
            if sh is None:
                m.status.showMessage(self.tr("还没有任何班次。"), 6000)
        if act is not None and act.isChecked() != (sh is not None):
            act.blockSignals(True)
            act.setChecked(sh is not None)
            act.blockSignals(False)
        want = sh.id if sh is not None else None
        if m.model.shift_id != want:
            m._set_filter(shift_id=want)
        if sh is not None:
            from ..shifts.shift_dialogs import shift_title

            m.filter_bar.set_info(self.tr("只显示本班工单：{shift}").format(shift=shift_title(m.desk, sh)))
        elif on is False:
            m.filter_bar.set_info("")

    # -- exports and the old-ticket import (console.ui.exports.export_dialogs, ticket_import_dialog) ------
    def _open_dialog(self, dlg: QDialog) -> QDialog:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dlg
        dlg.open()
        return dlg

    def _open_export(self, dialog_class: type[QDialog]) -> QDialog:
        """An export dialog (console.ui.exports) for this window's desk, user and worker."""
        m = self.main
        return self._open_dialog(dialog_class(m.desk, m.actor, m.runner, m))

    def export_shift_log(self):
        from ..exports.export_dialogs import ShiftLogExportDialog
        return self._open_export(ShiftLogExportDialog)

    def export_quarterly(self):
        from ..exports.export_dialogs import QuarterlyExportDialog
        return self._open_export(QuarterlyExportDialog)

    def export_bulletin(self):
        from ..exports.bulletin_dialog import BulletinExportDialog
        return self._open_export(BulletinExportDialog)

    def export_open311(self):
        from ..exports.export_dialogs import Open311ExportDialog
        return self._open_export(Open311ExportDialog)

    def import_tickets(self):
        from ..exports.ticket_import_dialog import TicketImportDialog

        m = self.main
        dlg = TicketImportDialog(m.desk, m.actor, m.runner, m)
        dlg.changed.connect(m.apply_changes)
        dlg.imported_open.connect(m.imported_open_told)
        return self._open_dialog(dlg)

    # -- settings ----------------------------------------------------------------------
    def open_settings(self):
        from ..admin.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.main.settings, self.main)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda d=dlg: self._settings_saved(d.language_changed))
        self.dialog = dlg
        dlg.open()
        return dlg

    def _settings_saved(self, language_changed: bool) -> None:
        if language_changed:
            self.main.status.showMessage(self.tr("设置已保存；界面语言在重新启动后生效。"), 10000)
        else:
            self.main.status.showMessage(self.tr("设置已保存。"), 5000)

    def open_setup_assistant(self):
        """设置 → 设置向导…: an administrator redoes the desk-owned steps (name, street, grids, shift hours)."""
        from ..setup import SetupAssistant

        m = self.main
        dlg = SetupAssistant(m.desk, m.actor, runner=m.runner, parent=m)
        dlg.accepted.connect(lambda d=dlg: m.apply_changes(d.changes))
        return self._open_dialog(dlg)
