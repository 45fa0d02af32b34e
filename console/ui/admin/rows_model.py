"""The editors' lists: a few hundred rows at most, read whole, each row a service's dataclass."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's dataclass


def status_text(active: bool) -> str:
    """The status column of every editor's list."""
    if active:
        return QCoreApplication.translate("RowsModel", "在用")
    return QCoreApplication.translate("RowsModel", "已停用")


class RowsModel(QAbstractTableModel):
    """Fixed headers; `cells(row)` gives the texts; rows whose `active` is False are grey."""

    def __init__(self, headers: Sequence[str], cells: Callable[[Any], Sequence[str]], parent=None):
        super().__init__(parent)
        self._headers = list(headers)
        self._cells = cells
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, pred: Callable[[Any], bool]) -> int:
        return next((i for i, r in enumerate(self.rows) if pred(r)), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells(row)[index.column()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and not getattr(row, "active", True):
            return QBrush(QColor("#888888"))
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
