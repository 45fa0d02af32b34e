"""The street editor's community list: name, grid, tickets naming it, in use or retired."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...services.street import CommunityRow
from .rows_model import RowsModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("CommunityModel", text)


class CommunityModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([_tr("社区"), _tr("网格"), _tr("工单数"), _tr("状态")], self._cells_of, parent)

    @staticmethod
    def _cells_of(c: CommunityRow) -> tuple[str, ...]:
        return (c.name, c.grid, str(c.tickets), _tr("在用") if c.active else _tr("已停用"))
