"""诉求类型 rows: name, code, whether built in, tickets using it, status."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...services.request_types import RequestTypeInfo
from .rows_model import RowsModel, status_text


class RequestTypeModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([QCoreApplication.translate("RequestTypeModel", "诉求类型"),
                          QCoreApplication.translate("RequestTypeModel", "代码"),
                          QCoreApplication.translate("RequestTypeModel", "来源"),
                          QCoreApplication.translate("RequestTypeModel", "工单数"),
                          QCoreApplication.translate("RequestTypeModel", "状态")], self._cells_of, parent)

    @staticmethod
    def _cells_of(r: RequestTypeInfo) -> tuple[str, ...]:
        origin = QCoreApplication.translate("RequestTypeModel", "预置") if r.builtin else \
            QCoreApplication.translate("RequestTypeModel", "本台添加")
        return (r.name, r.code, origin, str(r.tickets), status_text(r.active))
