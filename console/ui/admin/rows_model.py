"""The editors' lists: a few hundred rows at most, read whole, each row a service's dataclass;
retired rows (`active` False) are grey."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor

from ..common.rows_model import ROW_ROLE
from ..common.rows_model import RowsModel as _Rows

__all__ = ["ROW_ROLE", "RowsModel", "status_text"]


def status_text(active: bool) -> str:
    """The status column of every editor's list."""
    if active:
        return QCoreApplication.translate("RowsModel", "在用")
    return QCoreApplication.translate("RowsModel", "已停用")


class RowsModel(_Rows):
    """An editor's list: the row's dataclass in ROW_ROLE; retired rows grey."""

    def foreground(self, row: Any) -> Any:
        return None if getattr(row, "active", True) else QBrush(QColor("#888888"))
