"""Short lists read whole (an editor's few hundred rows, the handover's capped lists) as a table model.

Fixed headers; `cells(row)` gives a row's texts. What a row's tooltip, colour
and ROW_ROLE say is a subclass's (`tip`, `foreground`, `row_value`): the 管理
editors grey retired rows and give the row's dataclass, the handover colours
overdue rows and gives the ticket id.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # what `row_value` says of the row


class RowsModel(QAbstractTableModel):
    """Fixed headers; `cells(row)` gives the texts of a row."""

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

    # -- what a subclass says of a row --------------------------------------------------
    def tip(self, text: str) -> Any:
        return text

    def row_value(self, row: Any) -> Any:
        return row

    def foreground(self, row: Any) -> Any:
        return None

    # -- Qt ---------------------------------------------------------------------------
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
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(row)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tip(self._cells(row)[index.column()])
        if role == ROW_ROLE:
            return self.row_value(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
