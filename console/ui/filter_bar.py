"""Above the ticket list: free-text search (debounced) and a status filter."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from ..domain.enums import Status
from ..domain.lifecycle import DONE_STATUSES, OPEN_STATUSES
from .i18n import current_lang

DEBOUNCE_MS = 300


class FilterBar(QWidget):
    """Emits `search_requested(term)` 300 ms after the last keystroke (at once on Enter)."""

    search_requested = Signal(str)
    statuses_changed = Signal(object)  # frozenset of status codes, or None for all
    leave_requested = Signal()  # Down or Esc (on an empty box): back to the list

    def __init__(self, parent=None, *, debounce_ms: int = DEBOUNCE_MS):
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(100)
        self.search_edit.setPlaceholderText(self.tr("查找来电人、电话、地址、内容（Ctrl+F）"))
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("全部状态"), None)
        self.status_combo.addItem(self.tr("未办结"), frozenset(s.value for s in OPEN_STATUSES))
        self.status_combo.addItem(self.tr("已办结"), frozenset(s.value for s in DONE_STATUSES))
        for s in Status:
            self.status_combo.addItem(s.label(current_lang()), frozenset({s.value}))
        self.status_combo.setMinimumContentsLength(8)
        self.info_label = QLabel()
        self.info_label.setObjectName("searchInfo")
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)

        find_label = QLabel(self.tr("查找(&F)："))
        find_label.setBuddy(self.search_edit)
        status_label = QLabel(self.tr("状态(&Z)："))
        status_label.setBuddy(self.status_combo)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(find_label)
        lay.addWidget(self.search_edit, 3)
        lay.addWidget(status_label)
        lay.addWidget(self.status_combo)
        lay.addWidget(self.info_label, 2)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._fire)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self._fire)
        self.search_edit.installEventFilter(self)
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self.statuses_changed.emit(self.status_combo.currentData()))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        """Keyboard first: Esc clears the box (a second Esc returns to the list), Down goes to the list."""
        if obj is self.search_edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                if self.search_edit.text():
                    self.search_edit.clear()
                    self._fire()
                else:
                    self.leave_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.leave_requested.emit()
                return True
        return super().eventFilter(obj, event)

    def term(self) -> str:
        return self.search_edit.text().strip()

    def _fire(self) -> None:
        self._timer.stop()
        self.search_requested.emit(self.term())

    def statuses(self):
        return self.status_combo.currentData()

    def set_info(self, text: str) -> None:
        self.info_label.setText(text)
