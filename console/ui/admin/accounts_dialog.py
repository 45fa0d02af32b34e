"""管理 → 账号 (admins): add, reset a password, change role or name, deactivate / reactivate.

The services keep the last active administrator and refuse to deactivate
the account in use; a deactivated person keeps their name on every ticket
and audit row but cannot log in.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout

from ...domain.enums import Role
from ...services import accounts as A
from ...services.context import Actor, Desk
from ..shell.i18n import current_lang
from .account_dialog import AccountDialog
from .account_model import AccountModel
from .base import EditorBase


class AccountsDialog(EditorBase):
    def __init__(self, desk: Desk, actor: Actor, parent=None):
        super().__init__(desk, actor, parent)
        self.setObjectName("adminAccountsDialog")
        self.setWindowTitle(self.tr("账号"))
        self.model = AccountModel(self)
        self.view = self.table(self.model, "accountTable")
        # a test answers the account form here: username (reset) or None (new) → values, or None
        self.account_values: Callable[[str | None], dict | None] = self._account_form
        buttons = QHBoxLayout()
        self.command("actionAccountAdd", self.tr("添加(&A)…"), "Ins", self.add, buttons)
        self.command("actionAccountPassword", self.tr("重设密码(&P)…"), "Ctrl+P", self.reset_password, buttons)
        self.command("actionAccountRole", self.tr("角色(&O)…"), "Ctrl+R", self.change_role, buttons)
        self.command("actionAccountName", self.tr("姓名(&N)…"), "F2", self.rename, buttons)
        self.command("actionAccountActive", self.tr("停用/启用(&T)"), "Del", self.toggle_active, buttons)
        self.finish_layout(self.view, buttons)
        self.resize(720, 420)
        self.reload()
        self.view.setFocus()

    def reload(self) -> None:
        keep = self.current_row(self.view)
        self.model.set_rows(A.list_accounts(self.desk, self.actor))
        self.view.setColumnWidth(0, 140)
        self.view.setColumnWidth(1, 160)
        self.view.setColumnWidth(2, 120)
        self.select(self.view, lambda r: keep is not None and r.id == keep.id)

    def add(self) -> None:
        v = self.account_values(None)
        if v is None:
            return
        uid = self.run(A.add_user, v["username"], v["password"], v["role"], v["display_name"])
        if uid:
            self.select(self.view, lambda r: r.id == uid)

    def reset_password(self) -> None:
        row = self.current_row(self.view)
        if not self.need(row, self.tr("账号")):
            return
        v = self.account_values(row.username)
        if v is not None:
            if self.run(A.reset_password, row.id, v["password"]):
                self.error_label.setText(self.tr("已为 {user} 重设密码。").format(user=row.username))
                self.error_label.setStyleSheet("color: #206020;")
                self.error_label.show()

    def change_role(self) -> None:
        row = self.current_row(self.view)
        if not self.need(row, self.tr("账号")):
            return
        items = [(r.label(current_lang()), r.value) for r in Role]
        role = self.prompt_choice(self.tr("角色"), self.tr("{user} 的角色：").format(user=row.username), items)
        if role is not None:
            self.run(A.set_role, row.id, role, expected=row.role)

    def rename(self) -> None:
        row = self.current_row(self.view)
        if not self.need(row, self.tr("账号")):
            return
        name = self.prompt_text(self.tr("姓名"), self.tr("{user} 的姓名（状态栏和交接班日志显示）：")
                                .format(user=row.username), row.display_name)
        if name is not None:
            self.run(A.set_display_name, row.id, name, expected=row.display_name)

    def toggle_active(self) -> None:
        row = self.current_row(self.view)
        if self.need(row, self.tr("账号")):
            self.run(A.set_active, row.id, not row.active)

    def show_error(self, text: str) -> None:
        self.error_label.setStyleSheet("color: #b00000;")
        super().show_error(text)

    def _account_form(self, username: str | None) -> dict | None:
        dlg = AccountDialog(self, username=username)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None
