"""The street editor's grid list: name, grid worker, phone, communities covered, status."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...services.street import GridRow
from .rows_model import RowsModel, status_text


class GridModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([QCoreApplication.translate("GridModel", "网格"),
                          QCoreApplication.translate("GridModel", "网格员"),
                          QCoreApplication.translate("GridModel", "电话"),
                          QCoreApplication.translate("GridModel", "负责社区"),
                          QCoreApplication.translate("GridModel", "状态")], self._cells_of, parent)

    @staticmethod
    def _cells_of(g: GridRow) -> tuple[str, ...]:
        return (g.name, g.worker, g.phone, "、".join(g.communities), status_text(g.active))
