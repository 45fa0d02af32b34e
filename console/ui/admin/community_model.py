"""The street editor's community list: name, grid, tickets naming it, in use or retired."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...services.street import CommunityRow
from .rows_model import RowsModel, status_text


class CommunityModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([QCoreApplication.translate("CommunityModel", "社区"),
                          QCoreApplication.translate("CommunityModel", "网格"),
                          QCoreApplication.translate("CommunityModel", "工单数"),
                          QCoreApplication.translate("CommunityModel", "状态")], self._cells_of, parent)

    @staticmethod
    def _cells_of(c: CommunityRow) -> tuple[str, ...]:
        return (c.name, c.grid, str(c.tickets), status_text(c.active))
