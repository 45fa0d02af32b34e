"""Logs a support desk can use, and crash handling that never shows a traceback.

- `setup_logging`: named loggers into a rotating file under the data folder
  (console.log_setup, shared with the command line).
- `install_qt_message_handler`: Qt's own warnings go into the same log.
- `CrashHandler` (sys.excepthook, threading.excepthook): the traceback goes
  to the log; the operator sees a short message with the log's path, once
  per distinct error, so a fault in a timer does not bury the desk in
  dialogs. The saved tickets are safe (every write is a transaction), and
  the message says so.
- faulthandler writes hard crashes (segfaults) to crash.log beside the log.
"""
from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QtMsgType, Signal, qInstallMessageHandler

from ... import log_setup, paths

LOG_FILE = "hotline.log"
crash_log = logging.getLogger("console.crash")
qt_log = logging.getLogger("qt")


def log_path() -> Path:
    """The log file the operator is told about."""
    return log_setup.log_path() or paths.logs_dir() / LOG_FILE


def setup_logging(level: int = logging.INFO) -> Path:
    """The program's rotating log and faulthandler's crash file (console.log_setup; idempotent,
    so the CLI having set them up already adds nothing)."""
    log_setup.setup_logging(level)
    log_setup.enable_crash_log()
    return log_path()


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(mode, context, message) -> None:
    where = f" ({context.file}:{context.line})" if context is not None and context.file else ""
    qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s%s", message, where)


def install_qt_message_handler() -> None:
    qInstallMessageHandler(_qt_message)



def error_key(etype, value, tb) -> tuple:
    """Two errors are "the same" when type and innermost frame match."""
    frames = traceback.extract_tb(tb) if tb is not None else []
    last = frames[-1] if frames else None
    return (getattr(etype, "__qualname__", str(etype)),
            (last.filename, last.lineno) if last else None)


def short_message(path: Path) -> str:
    text = QCoreApplication.translate(
        "CrashHandler", "程序遇到了一个意外错误，详细情况已记入日志文件：\n{path}\n\n"
        "已保存的工单不受影响，可以继续工作。如果这个问题反复出现，请把这个日志文件交给维护人员。")
    return text.format(path=str(path))


class CrashHandler(QObject):
    """Log every uncaught exception; show a short message once per distinct error."""

    _show_requested = Signal(str)

    def __init__(self, show: Callable[[str], None] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._show = show or self._message_box
        self._seen: set[tuple] = set()
        self._showing = False
        self.count = 0
        self._show_requested.connect(self._show_now)

    def __call__(self, etype, value, tb) -> None:
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, value, tb)
            return
        self.count += 1
        crash_log.error("uncaught exception", exc_info=(etype, value, tb))
        key = error_key(etype, value, tb)
        if key in self._seen:
            return
        self._seen.add(key)
        # From a worker thread the dialog is queued to the GUI thread.
        self._show_requested.emit(str(log_path()))

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self(args.exc_type, args.exc_value, args.exc_traceback)

    def _show_now(self, path: str) -> None:
        if self._showing:  # a second error while the first message is open: logged only
            return
        self._showing = True
        try:
            self._show(short_message(Path(path)))
        finally:
            self._showing = False

    @staticmethod
    def _message_box(text: str) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return
        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("CrashHandler", "程序错误"),
                          text, QMessageBox.StandardButton.Ok, QApplication.activeWindow())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()


def install_excepthook(show: Callable[[str], None] | None = None) -> CrashHandler:
    handler = CrashHandler(show)
    sys.excepthook = handler
    threading.excepthook = handler.thread_hook
    return handler
