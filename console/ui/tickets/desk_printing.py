"""Printing from the main window, each with Qt's print preview (console.ui.common.printing):

- 文件 → 打印交接班日志… (Ctrl+P): a shift chosen as the export chooses it (the open or last shift, or a
  date and day/night), masked unless a supervisor unticks that (exports.export_dialogs.ShiftLogPrintDialog);
- 工单 → 打印派单单… (Ctrl+Shift+D): the selected ticket's 派单单 for its unit (services.dispatch_sheet);
- 工单 → 打印督办通知单…: beside 督办, the selected ticket's 督办通知单 (services.supervision).

Each PDF is written on the worker into a temporary folder (removed at once: nothing stays on the desk's
disk) and its bytes come back; the preview opens on the GUI thread. A refusal (never dispatched, no
right) is one sentence. Phone numbers are masked unless a supervisor asks otherwise.
"""
from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from ...domain.lifecycle import Action
from ...domain.permissions import may
from ...services.dispatch_sheet import write_dispatch_sheet
from ...services.supervision import write_press_notice
from ...services.ticket_list import TicketDetail
from ..common.errors import one_line
from ..common.menu_text import keyed_action
from ..common.printing import preview_pdf

log = logging.getLogger(__name__)

PRINT_SHIFT_LOG_KEY = "Ctrl+P"
PRINT_DISPATCH_KEY = "Ctrl+Shift+D"  # Ctrl+D dispatches; with Shift it prints what went with the dispatch


def sheet_bytes(write: Callable[..., int], desk, actor, ticket_id: int, *, mask: bool) -> bytes:
    """On the worker: a one-ticket sheet (`write_dispatch_sheet`, `write_press_notice`) as PDF bytes."""
    with tempfile.TemporaryDirectory(prefix="hotline-print-") as folder:
        path = Path(folder) / "sheet.pdf"
        write(desk, actor, ticket_id, path, mask=mask)
        return path.read_bytes()


class DeskPrinting(QObject):
    preview_opened = Signal(object)  # the QPrintPreviewDialog, before it is shown (tests look at it)

    def __init__(self, main: QMainWindow):
        super().__init__(main)
        self.main = main
        self.detail: TicketDetail | None = None
        self._busy = False
        self.act_print_shift_log = keyed_action(main, self.tr("打印交接班日志(&P)…"), self.print_shift_log,
                                                PRINT_SHIFT_LOG_KEY, "actionPrintShiftLog")
        self.act_print_dispatch = keyed_action(main, self.tr("打印派单单(&C)…"), self.print_dispatch_sheet,
                                               PRINT_DISPATCH_KEY, "actionPrintDispatchSheet")
        self.act_print_dispatch.setStatusTip(self.tr("打印所选工单的派单单，交承办单位签收"))
        self.act_print_notice = keyed_action(main, self.tr("打印督办通知单…"), self.print_press_notice, None,
                                             "actionPrintPressNotice")
        self.act_print_notice.setStatusTip(self.tr("打印所选工单的督办通知单（督办过的工单，值班领导）"))
        # a supervisor is asked whether the phone numbers print in full; tests answer here
        self.ask_unmasked: Callable[[str], bool] = self._ask_unmasked
        self.set_ticket(None)

    def set_ticket(self, detail: TicketDetail | None) -> None:
        self.detail = detail
        role = self.main.actor.role
        sent = detail is not None and bool(detail.unit) and detail.dispatched_at is not None
        pressed = detail is not None and any(e.action == Action.PRESS.value and not e.undone for e in detail.events)
        self.act_print_dispatch.setEnabled(sent and not self._busy)
        self.act_print_notice.setEnabled(pressed and may(role, "press") and not self._busy)

    # -- the three prints ------------------------------------------------------------------
    def print_shift_log(self):
        from ..exports.export_dialogs import ShiftLogPrintDialog

        m = self.main
        dlg = ShiftLogPrintDialog(m.desk, m.actor, m.runner, m)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.pdf_ready.connect(lambda pdf: self.preview(pdf, self.tr("交接班日志")))
        self.dialog = dlg
        dlg.open()
        return dlg

    def print_dispatch_sheet(self) -> None:
        d = self.detail
        if d is not None and self.act_print_dispatch.isEnabled():
            self._print(write_dispatch_sheet, d, self.tr("派单单 {n}").format(n=d.number))

    def print_press_notice(self) -> None:
        d = self.detail
        if d is not None and self.act_print_notice.isEnabled():
            self._print(write_press_notice, d, self.tr("督办通知单 {n}").format(n=d.number))

    def _print(self, write: Callable[..., int], d: TicketDetail, title: str) -> None:
        m = self.main
        mask = not (may(m.actor.role, "export_unmasked") and self.ask_unmasked(title))
        self._set_busy(True)
        m.statusBar().showMessage(self.tr("正在准备打印：{title}…").format(title=title))
        m.runner.submit(sheet_bytes, write, m.desk, m.actor, d.id, mask=mask,
                        on_result=lambda pdf: (self._set_busy(False), self.preview(pdf, title)),
                        on_error=self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.set_ticket(self.detail)

    def _ask_unmasked(self, title: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("打印"),
                          self.tr("{title}：打印完整的电话号码吗？\n选择“打码”时电话号码只显示前三位和后四位。").format(
                              title=title), parent=self.main)
        full = box.addButton(self.tr("完整号码(&F)"), QMessageBox.ButtonRole.AcceptRole)
        masked = box.addButton(self.tr("打码(&M)"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(masked)
        box.setEscapeButton(masked)
        box.exec()
        return box.clickedButton() is full

    # -- the preview -----------------------------------------------------------------------
    def preview(self, pdf: bytes, title: str) -> None:
        """Qt's print preview of `pdf` over the main window (Print in it chooses the printer)."""
        self.main.statusBar().clearMessage()
        dlg = preview_pdf(self.main, pdf, title)
        dlg.setWindowState(Qt.WindowState.WindowMaximized)
        self.preview_opened.emit(dlg)
        dlg.exec()
        dlg.deleteLater()

    def _failed(self, e: BaseException) -> None:
        self._set_busy(False)
        text = one_line(e, self.main.desk.db.display)
        if text is None:
            log.error("printing failed", exc_info=(type(e), e, e.__traceback__))
            text = self.tr("没有打印成，详细情况已记入日志。")
        self.main.statusBar().showMessage(text)
        QMessageBox.warning(self.main, self.tr("打印"), text)
