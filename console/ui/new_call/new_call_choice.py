"""The two ways a call ends on the New Call form: answer it, or dispatch it.

直接答复 (answer on the spot) shows the service handbook for the chosen
category; Enter copies an answer into the answer box, which stays editable.
派单 (dispatch) shows the units that handle the category here, the ones that
pick up *now* first (console.services.dispatch_options ranks them); arrows
move and Enter picks. Both work from the keyboard alone.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.ranking import ContactOption, RankedContact
from .ranked_contact_model import RankedContactModel

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def plain_label(text: str = "", *, style: str = "", wrap: bool = True) -> QLabel:
    lbl = QLabel(text)
    lbl.setTextFormat(Qt.TextFormat.PlainText)
    lbl.setWordWrap(wrap)
    if style:
        lbl.setStyleSheet(style)
    return lbl


# --- dispatch ---------------------------------------------------------------


class DispatchTable(QTableView):
    """A table where Enter picks the current row on every platform."""

    picked = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            idx = self.currentIndex()
            if idx.isValid():
                self.picked.emit(idx.row())
            event.accept()
            return
        super().keyPressEvent(event)


class DispatchPanel(QWidget):
    """Ranked units for the ticket's category and community; one gets picked."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, lang: str = "zh_CN"):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.hint = plain_label("", style="color: #8a4b00;")  # only when something needs saying
        self.hint.hide()
        lay.addWidget(self.hint)
        self.model = RankedContactModel(self, lang)
        self.table = DispatchTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(True)
        self.table.picked.connect(self.pick_row)
        self.table.doubleClicked.connect(lambda idx: self.pick_row(idx.row()))
        lay.addWidget(self.table, 1)
        self.picked_label = plain_label("", style="font-weight: bold; color: #0b5394;")
        lay.addWidget(self.picked_label)
        self._picked: ContactOption | None = None

    def set_options(self, rows: list[RankedContact], message: str = "") -> None:
        """Show new options; keep the picked one if it is still among them."""
        keep = self._picked
        self.model.set_rows(rows)
        self._picked = None
        if keep is not None:
            for i, r in enumerate(rows):
                if (r.option.unit_id, r.option.contact_id) == (keep.unit_id, keep.contact_id):
                    self._picked = r.option
                    self.table.selectRow(i)
                    break
        if self._picked is None and rows:
            self.table.selectRow(0)
        if not rows:
            message = message or self.tr("没有负责该分类和社区的单位，请检查分类或直接答复。")
        self.hint.setText(message)
        self.hint.setVisible(bool(message))
        self._show_picked()

    def pick_row(self, row: int) -> None:
        rows = self.model.rows()
        if 0 <= row < len(rows):
            self._picked = rows[row].option
            self.table.selectRow(row)
            self._show_picked()
            self.changed.emit()

    def set_picked(self, unit_id: int | None, contact_id: int | None) -> None:
        """Pick by ids (restoring a draft); nothing when they are not listed now."""
        for i, r in enumerate(self.model.rows()):
            if (r.option.unit_id, r.option.contact_id) == (unit_id, contact_id):
                self.pick_row(i)
                return

    def clear_pick(self) -> None:
        self._picked = None
        self._show_picked()

    @property
    def picked(self) -> ContactOption | None:
        return self._picked

    def _show_picked(self) -> None:
        o = self._picked
        if o is None:
            self.picked_label.setText(self.tr("尚未选择承办单位。"))
        else:
            who = f"{o.person}（{o.role}）" if o.role else o.person
            self.picked_label.setText(self.tr("派给：") + f"{o.unit_name}　{who}　{o.phones}")


# --- answer on the spot -------------------------------------------------------

def entry_text(entry: Any) -> tuple[str, str]:
    """(question, answer) of a handbook entry, whatever shape the service returns."""
    if isinstance(entry, dict):
        return str(entry.get("question", "")), str(entry.get("answer", ""))
    if hasattr(entry, "question"):
        return str(entry.question or ""), str(getattr(entry, "answer", "") or "")
    q, a = entry[0], entry[1]
    return str(q or ""), str(a or "")


class AnswerPanel(QWidget):
    """Handbook search on the left, the answer being given on the right."""

    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索服务手册（↑↓ 选择，Enter 采用）"))
        self.search.installEventFilter(self)
        left.addWidget(self.search)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.installEventFilter(self)
        self.list.itemActivated.connect(lambda _i: self.use_current())
        self.list.currentRowChanged.connect(self._preview)
        left.addWidget(self.list, 1)
        self.preview = plain_label("", style="color: #555;")  # the highlighted entry's answer
        self.preview.setMaximumHeight(60)
        left.addWidget(self.preview)
        lay.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(plain_label(self.tr("答复内容（可修改）："), style="font-weight: bold;"))
        self.answer = QPlainTextEdit()
        self.answer.setTabChangesFocus(True)
        right.addWidget(self.answer, 1)
        lay.addLayout(right, 1)
        self._entries: list[tuple[str, str]] = []
        self.search.textEdited.connect(self.search_changed)

    def set_entries(self, entries: list) -> None:
        self._entries = [entry_text(e) for e in entries]
        self.list.clear()
        for q, _a in self._entries:
            self.list.addItem(QListWidgetItem(q))  # list items show plain text
        if self._entries:
            self.list.setCurrentRow(0)
        else:
            self.preview.setText(self.tr("服务手册中没有该分类的条目，请直接输入答复。"))

    def _preview(self, row: int) -> None:
        if 0 <= row < len(self._entries):
            self.preview.setText(self._entries[row][1])

    def use_current(self) -> bool:
        """Copy the current entry's answer into the answer box (appended if it has text)."""
        row = self.list.currentRow()
        if not 0 <= row < len(self._entries):
            return False
        text = self._entries[row][1]
        old = self.answer.toPlainText()
        self.answer.setPlainText(text if not old.strip() else old.rstrip() + "\n" + text)
        self.answer.setFocus()
        self.answer.moveCursor(self.answer.textCursor().MoveOperation.End)
        return True

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == event.Type.KeyPress and obj in (self.search, self.list):
            key = event.key()
            if key in _ENTER and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.use_current()
                return True
            if obj is self.search and key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.list.count():
                step = -1 if key == Qt.Key.Key_Up else 1
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, self.list.currentRow() + step)))
                return True
        return super().eventFilter(obj, event)
