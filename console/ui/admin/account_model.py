"""Accounts: user name, display name, role, status."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...domain.enums import Role
from ...services.accounts import AccountRow
from ..i18n import current_lang
from .rows_model import RowsModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("AccountModel", text)


def role_label(role: str) -> str:
    try:
        return Role(role).label(current_lang())
    except ValueError:
        return role


class AccountModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([_tr("用户名"), _tr("姓名"), _tr("角色"), _tr("状态")], self._cells_of, parent)

    @staticmethod
    def _cells_of(a: AccountRow) -> tuple[str, ...]:
        return (a.username, a.display_name, role_label(a.role), _tr("在用") if a.active else _tr("已停用"))
