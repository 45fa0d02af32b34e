"""After 交班: say where the shift's log was written, and print it when the desk names a printer.

The close and the PDF are one use case (`services.shift_log.close_shift_and_write_log`): the shift is
closed whatever becomes of the PDF. Here the window tells the operator the file's path in the status
bar, or in a warning why there is none (the close stands), and prints the PDF on the desk's printer
(`DeskSettings.printer`, set in the set-up assistant's shift page) through `common.printing`. A printer
the computer does not have is said once per window, then only in the status bar.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox

from ...services.desk_settings import read_desk_settings
from ...services.shift_log import ClosedShift
from ..common.printing import named_printer, render_pdf
from ..shell.i18n import current_lang

log = logging.getLogger(__name__)


class ClosedShiftLog(QObject):
    def __init__(self, main: QMainWindow):
        super().__init__(main)
        self.main = main
        self._missing_said: set[str] = set()
        self.printed: list[str] = []  # the printers each closed log went to (for the status line and tests)

    def handle(self, outcome: ClosedShift) -> None:
        bar = self.main.statusBar()
        if outcome.pdf is None:
            text = outcome.error.message(current_lang()) if outcome.error else self.tr("交接班日志没有写成。")
            bar.showMessage(text)
            QMessageBox.warning(self.main, self.tr("交接班日志"), text)
            return
        bar.showMessage(self.tr("已交班，交接班日志已保存：{path}").format(path=str(outcome.pdf)))
        desk = getattr(self.main, "desk", None)
        name = read_desk_settings(desk).printer if desk is not None else ""
        if name:
            self.print_on(name, outcome)

    def print_on(self, name: str, outcome: ClosedShift) -> None:
        bar = self.main.statusBar()
        printer = named_printer(name)
        if printer is None:
            text = self.tr("没有找到打印机“{name}”，交接班日志没有打印（文件已保存：{path}）。").format(
                name=name, path=str(outcome.pdf))
            bar.showMessage(text)
            if name not in self._missing_said:
                self._missing_said.add(name)
                QMessageBox.warning(self.main, self.tr("交接班日志"), text)
            return
        try:
            render_pdf(outcome.pdf, printer)
        except Exception as e:  # noqa: BLE001 - a printer that fails is a sentence, the file stands
            log.error("printing the shift log on %r failed", name, exc_info=(type(e), e, e.__traceback__))
            bar.showMessage(self.tr("交接班日志没有打印成（打印机“{name}”），文件已保存：{path}").format(
                name=name, path=str(outcome.pdf)))
            return
        self.printed.append(name)
        bar.showMessage(self.tr("已交班，交接班日志已保存并送到打印机“{name}”：{path}").format(
            name=name, path=str(outcome.pdf)))
