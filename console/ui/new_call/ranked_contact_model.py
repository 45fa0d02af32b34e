"""The dispatch choice as a table model: the contacts ranked for a ticket (unit, contact and
role, phones, reachable now and why), the reachable ones first (console.domain.ranking)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.ranking import RankedContact


class RankedContactModel(QAbstractTableModel):
    """Ranked contacts as rows: unit, contact and role, phones, reachable now."""

    def __init__(self, parent=None, lang: str = "zh_CN"):
        super().__init__(parent)
        self._rows: list[RankedContact] = []
        self.lang = lang
        self._headers = [self.tr("承办单位"), self.tr("联系人"), self.tr("电话"), self.tr("现在能否联系")]

    def set_rows(self, rows: list[RankedContact]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RankedContact]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        o = r.option
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return o.unit_name
            if col == 1:
                return f"{o.person}（{o.role}）" if o.role else o.person
            if col == 2:
                return o.phones
            return ("✓ " if r.reachable else "✗ ") + (r.reason_en if self.lang.startswith("en") else r.reason_zh)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not r.reachable:
                return QBrush(QColor("#888888"))
            if index.column() == 3:
                return QBrush(QColor("#1b7f2a"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return None  # tooltips would render resident-entered text as rich text
        return None
