"""Who is at the desk: every change in the audit trail names the logged-in user."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ...demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from ...domain.errors import UserError
from ..shell.i18n import current_lang

if TYPE_CHECKING:  # the dialog paints before the database layer is imported (console.ui.shell.startup_preload)
    from ...services.context import Actor

LAST_USER_KEY = "login/last_user"


class LoginDialog(QDialog):
    """User name and password; a wrong password keeps the dialog open with a message.

    `authenticate(user, password)` returns the Actor or raises UserError. It is
    a callable, not a Desk, because at start-up the database layer is still
    being imported on a thread while the operator types (it waits for it).
    The last user name is remembered, so a returning operator types only the password.
    """

    def __init__(self, authenticate: Callable[[str, str], Actor], parent=None, *, demo: bool = False,
                 desk_name: str = "", settings: QSettings | None = None,
                 on_typed: Callable[[str, str], None] | None = None):
        """`on_typed(user, password)`: told after every edit of either field, so the
        password can be checked ahead (console.ui.login.password_check_ahead)."""
        super().__init__(parent)
        self._authenticate = authenticate
        self._settings = settings if settings is not None else QSettings()
        self.actor: Actor | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("登录 — 社区服务热线值班台"))

        title = QLabel(desk_name or self.tr("社区服务热线值班台"))
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        title.setFont(f)

        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userEdit")
        self.user_edit.setMaxLength(64)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(256)
        if on_typed is not None:
            for w in (self.user_edit, self.password_edit):
                w.textEdited.connect(lambda _t: on_typed(self.user_edit.text(), self.password_edit.text()))

        form = QFormLayout()
        form.addRow(self.tr("用户名(&U)："), self.user_edit)
        form.addRow(self.tr("密码(&P)："), self.password_edit)
        for w in (self.user_edit, self.password_edit):
            form.labelForField(w).setBuddy(w)

        self.error_label = QLabel()
        self.error_label.setObjectName("loginError")
        self.error_label.setStyleSheet("color: #b00000;")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("登录"))
        ok.setDefault(True)
        self.buttons.accepted.connect(self._try_login)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addLayout(form)
        lay.addWidget(self.error_label)
        self.demo_label: QLabel | None = None
        if demo:
            lines = [self.tr("演示账号（密码均为 {password}）：").format(password=DEMO_PASSWORD)]
            from ...domain.enums import Role
            for a in DEMO_ACCOUNTS:
                lines.append(f"  {a.username} — {Role(a.role).label(current_lang())}")
            self.demo_label = QLabel("\n".join(lines))
            self.demo_label.setObjectName("demoAccounts")
            self.demo_label.setTextFormat(Qt.TextFormat.PlainText)
            self.demo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lay.addWidget(self.demo_label)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(360)
        last = self._settings.value(LAST_USER_KEY, "", str) or ""
        if last:
            self.user_edit.setText(last)
            self.password_edit.setFocus()
        else:
            self.user_edit.setFocus()

    def user_name(self) -> str:
        return self.user_edit.text().strip()

    def _try_login(self) -> None:
        user = self.user_edit.text().strip()
        if not user:
            self._fail(self.tr("请输入用户名。"), self.user_edit)
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.actor = self._authenticate(user, self.password_edit.text())
        except UserError as e:
            self._fail(e.message(current_lang()), self.password_edit)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._settings.setValue(LAST_USER_KEY, user)
        self.accept()

    def _fail(self, message: str, focus: QLineEdit) -> None:
        self.actor = None
        self.error_label.setText(message)
        self.error_label.show()
        if focus is self.password_edit:
            self.password_edit.clear()
        focus.setFocus()

    def for_next_person(self) -> None:
        """Log out / switch user: the next person types their own name (the last one is not assumed)."""
        self.setWindowTitle(self.tr("切换用户 — 社区服务热线值班台"))
        self.user_edit.clear()
        self.password_edit.clear()
        self.user_edit.setFocus()
