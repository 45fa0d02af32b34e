"""The street editor's grid list: name, grid worker, phone, communities covered, status."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...services.street import GridRow
from .rows_model import RowsModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("GridModel", text)


class GridModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([_tr("网格"), _tr("网格员"), _tr("电话"), _tr("负责社区"), _tr("状态")],
                         self._cells_of, parent)

    @staticmethod
    def _cells_of(g: GridRow) -> tuple[str, ...]:
        return (g.name, g.worker, g.phone, "、".join(g.communities), _tr("在用") if g.active else _tr("已停用"))
