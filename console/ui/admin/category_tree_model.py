"""The category tree for its editor: two levels, name, code and status per row."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from ...services.categories import CategoryChoice
from .rows_model import ROW_ROLE, status_text


class CategoryTreeModel(QStandardItemModel):
    """Rebuilt whole on every reload (a desk has a few dozen categories)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHorizontalHeaderLabels([QCoreApplication.translate("CategoryTreeModel", "问题分类"),
                                        QCoreApplication.translate("CategoryTreeModel", "代码"),
                                        QCoreApplication.translate("CategoryTreeModel", "状态")])
        self.choices: list[CategoryChoice] = []

    def set_choices(self, choices: list[CategoryChoice]) -> None:
        self.choices = list(choices)
        self.removeRows(0, self.rowCount())
        tops: dict[int, QStandardItem] = {}
        for c in choices:
            row = [QStandardItem(c.name), QStandardItem(c.code), QStandardItem(status_text(c.active))]
            for it in row:
                it.setEditable(False)
                it.setData(c, ROW_ROLE)
                if not c.active:
                    it.setForeground(QBrush(QColor("#888888")))
            if c.parent_id is None or c.parent_id not in tops:
                self.appendRow(row)
                tops[c.id] = row[0]
            else:
                tops[c.parent_id].appendRow(row)

    def index_of(self, category_id: int):
        for it in self._items():
            if it.column() == 0 and it.data(ROW_ROLE).id == category_id:
                return it.index()
        return None

    def _items(self):
        for r in range(self.rowCount()):
            top = self.item(r, 0)
            yield top
            for k in range(top.rowCount()):
                yield top.child(k, 0)


