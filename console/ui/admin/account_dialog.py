"""A new account, or a new password for one: the password typed twice, never shown."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ...domain.enums import Role
from ..shell.i18n import current_lang
from .buttons import ok_cancel


class AccountDialog(QDialog):
    """`username` given: only the password (a reset); else user name, name, role and password."""

    def __init__(self, parent=None, *, username: str | None = None):
        super().__init__(parent)
        self.setObjectName("accountDialog")
        self.reset = username is not None
        self.setWindowTitle(self.tr("重设密码 — {user}").format(user=username) if self.reset else self.tr("添加账号"))
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("accountUser")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("accountName")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("accountRole")
        for r in Role:
            self.role_combo.addItem(r.label(current_lang()), r.value)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("accountPassword")
        self.again_edit = QLineEdit()
        self.again_edit.setObjectName("accountPasswordAgain")
        for e in (self.password_edit, self.again_edit):
            e.setEchoMode(QLineEdit.EchoMode.Password)
            e.setMaxLength(256)
        rows = [] if self.reset else [(self.tr("用户名(&U)："), self.user_edit), (self.tr("姓名(&N)："), self.name_edit),
                                      (self.tr("角色(&R)："), self.role_combo)]
        rows += [(self.tr("密码(&P)："), self.password_edit), (self.tr("再输一次(&G)："), self.again_edit)]
        form = QFormLayout()
        for text, w in rows:
            lab = QLabel(text)
            lab.setBuddy(w)
            form.addRow(lab, w)
        self.error = QLabel()
        self.error.setObjectName("accountError")
        self.error.setStyleSheet("color: #b00000;")
        self.error.hide()
        buttons, _ok = ok_cancel(self)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(360)
        (self.password_edit if self.reset else self.user_edit).setFocus()

    def accept(self) -> None:
        if self.password_edit.text() != self.again_edit.text():
            self.error.setText(self.tr("两次输入的密码不一样。"))
            self.error.show()
            self.again_edit.clear()
            self.again_edit.setFocus()
            return
        super().accept()

    def values(self) -> dict:
        return {"username": self.user_edit.text(), "display_name": self.name_edit.text(),
                "role": self.role_combo.currentData(), "password": self.password_edit.text()}
