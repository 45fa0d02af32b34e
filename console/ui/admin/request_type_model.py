"""诉求类型 rows: name, code, whether built in, tickets using it, status."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...services.request_types import RequestTypeInfo
from .rows_model import RowsModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("RequestTypeModel", text)


class RequestTypeModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([_tr("诉求类型"), _tr("代码"), _tr("来源"), _tr("工单数"), _tr("状态")], self._cells_of, parent)

    @staticmethod
    def _cells_of(r: RequestTypeInfo) -> tuple[str, ...]:
        return (r.name, r.code, _tr("预置") if r.builtin else _tr("本台添加"), str(r.tickets),
                _tr("在用") if r.active else _tr("已停用"))
