"""The handover's short lists (tickets still open, follow-ups due) as a table model: fixed
headers, rows of strings, the ticket id per row (ID_ROLE) and overdue rows coloured.

The lists are capped by the query, so the model holds them whole."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ..common.plain_text import tooltip
from ..shell.theme import brush

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class HandoverRowsModel(QAbstractTableModel):
    """A short, capped list (the handover's): fixed headers, rows of strings, an id per row."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self._headers = headers
        self._rows: list[tuple[int | None, tuple[str, ...], bool]] = []

    def set_rows(self, rows: list[tuple[int | None, tuple[str, ...], bool]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rid, cells, overdue = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(cells[index.column()])
        if role == ID_ROLE:
            return rid
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return brush("overdue")
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
