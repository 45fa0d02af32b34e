"""Accounts: user name, display name, role, status."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...domain.enums import Role
from ...services.accounts import AccountRow
from ..shell.i18n import current_lang
from .rows_model import RowsModel, status_text


def role_label(role: str) -> str:
    try:
        return Role(role).label(current_lang())
    except ValueError:
        return role


class AccountModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([QCoreApplication.translate("AccountModel", "用户名"),
                          QCoreApplication.translate("AccountModel", "姓名"),
                          QCoreApplication.translate("AccountModel", "角色"),
                          QCoreApplication.translate("AccountModel", "状态")], self._cells_of, parent)

    @staticmethod
    def _cells_of(a: AccountRow) -> tuple[str, ...]:
        return (a.username, a.display_name, role_label(a.role), status_text(a.active))
