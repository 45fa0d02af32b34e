"""What every 管理 editor shares: commands with keys and buttons, one-line errors, prompts.

A write runs on the GUI thread (the store waits at most two seconds for
another program's lock, then the error line says the database is busy):
these lists are short and a supervisor waits for the answer anyway. The
prompts are attributes so a test can answer them; by default they are
small modal dialogs (name_prompt, choice_prompt).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout

from ...services.context import Actor, Changes, Desk
from ..common import ask
from ..common.errors import one_line
from ..common.list_table import list_table
from .choice_prompt import ChoicePromptDialog
from .name_prompt import NamePromptDialog
from .rows_model import ROW_ROLE


class EditorBase(QDialog):
    changed = Signal(object)  # Changes, after every successful write

    def __init__(self, desk: Desk, actor: Actor, parent=None):
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.error_label = QLabel()
        self.error_label.setObjectName("editorError")
        self.error_label.setStyleSheet("color: #b00000;")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.commands: dict[str, QAction] = {}
        # answered by a person by default; tests put their answers here
        self.prompt_text: Callable[..., str | None] = self._prompt_text
        self.prompt_choice: Callable[[str, str, list[tuple[str, Any]]], Any] = self._prompt_choice
        self.confirm: Callable[[str, str], bool] = lambda title, text: ask.confirm(self, title, text)

    # -- building ----------------------------------------------------------------
    def command(self, name: str, text: str, key: str | None, slot: Callable[[], None],
                row: QHBoxLayout | None = None) -> QAction:
        """A command reachable by its key anywhere in the dialog and by a button (mnemonic in `text`)."""
        act = QAction(text, self)
        act.setObjectName(name)
        if key:
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(lambda _=False: slot())
        self.addAction(act)
        self.commands[name] = act
        if row is not None:
            b = QPushButton(text + (f"  {QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)}"
                                    if key else ""))
            b.setObjectName(name + "Button")
            b.setAutoDefault(False)
            b.clicked.connect(lambda _=False: slot())
            row.addWidget(b)
        return act

    def table(self, model, object_name: str) -> QTableView:
        return list_table(model, object_name)

    def finish_layout(self, body, buttons: QHBoxLayout) -> None:
        lay = QVBoxLayout(self)
        lay.addWidget(body)
        lay.addLayout(buttons)
        lay.addWidget(self.error_label)
        close = QPushButton(self.tr("关闭(&C)"))
        close.setObjectName("closeButton")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(close)

    # -- rows ------------------------------------------------------------------------
    @staticmethod
    def current_row(view: QTableView) -> Any:
        idx = view.selectionModel().currentIndex()
        return idx.data(ROW_ROLE) if idx.isValid() else None

    @staticmethod
    def select(view: QTableView, pred: Callable[[Any], bool]) -> None:
        model = view.model()
        r = model.row_of(pred)
        if r < 0 and model.rowCount():
            r = 0
        if r >= 0:
            view.selectRow(r)
            view.setCurrentIndex(model.index(r, 0))

    def need(self, row: Any, what: str) -> bool:
        if row is None:
            self.show_error(self.tr("请先在列表中选择{what}。").format(what=what))
            return False
        return True

    # -- running ---------------------------------------------------------------------
    def run(self, fn: Callable[..., Any], *args, **kw) -> Any:
        """Call a service for this user; its error in the one-line label, nothing changed. None on error."""
        try:
            result = fn(self.desk, self.actor, *args, **kw)
        except Exception as e:  # noqa: BLE001 - a user's error or a busy database: one line
            text = one_line(e, self.desk.db.display)
            if text is None:
                raise
            self.show_error(text)
            return None
        self.error_label.hide()
        self.changed.emit(result if isinstance(result, Changes) else Changes(settings=True))
        self.reload()
        return True if result is None else result

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def reload(self) -> None:  # pragma: no cover - every editor has its own
        raise NotImplementedError

    # -- default prompts ------------------------------------------------------------
    def _prompt_text(self, title: str, prompt: str, text: str = "", multi: bool = False) -> str | None:
        dlg = NamePromptDialog(title, prompt, self, text=text, multi=multi)
        return dlg.text() if dlg.exec() == QDialog.DialogCode.Accepted else None

    def _prompt_choice(self, title: str, prompt: str, items: list[tuple[str, Any]]) -> Any:
        dlg = ChoicePromptDialog(title, prompt, items, self)
        return dlg.choice() if dlg.exec() == QDialog.DialogCode.Accepted else None
