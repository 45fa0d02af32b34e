"""Who is at the desk: every change in the audit trail names the logged-in user."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
)

from ..domain.errors import UserError
from ..services import accounts
from ..services.context import Actor, Desk
from .i18n import current_lang

# TODO: remove once console.services.demo_desk defines DEMO_ACCOUNTS (see README).
_FALLBACK_DEMO_ACCOUNTS = (
    ("zhang", "operator"),
    ("wang", "operator"),
    ("li", "supervisor"),
    ("admin", "admin"),
)
_FALLBACK_DEMO_PASSWORD = "hotline"


def demo_accounts() -> tuple[list[tuple[str, str]], str]:
    """(user name, role) pairs of the demo desk and their password."""
    try:
        from ..services import demo_desk  # type: ignore[attr-defined]
    except ImportError:
        return list(_FALLBACK_DEMO_ACCOUNTS), _FALLBACK_DEMO_PASSWORD
    accounts_ = getattr(demo_desk, "DEMO_ACCOUNTS", None)
    password = getattr(demo_desk, "DEMO_PASSWORD", _FALLBACK_DEMO_PASSWORD)
    if not accounts_:
        return list(_FALLBACK_DEMO_ACCOUNTS), password
    out = []
    for a in accounts_:  # tuples (name, role, …) or objects with .username/.role
        if isinstance(a, (tuple, list)):
            out.append((str(a[0]), str(a[1]) if len(a) > 1 else ""))
        elif isinstance(a, dict):
            out.append((str(a.get("username", "")), str(a.get("role", ""))))
        else:
            out.append((str(getattr(a, "username", a)), str(getattr(a, "role", ""))))
    return out, password


class LoginDialog(QDialog):
    """User name and password; a wrong password keeps the dialog open with a message."""

    def __init__(self, desk: Desk, parent=None, *, demo: bool = False, desk_name: str = ""):
        super().__init__(parent)
        self._desk = desk
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
            names, password = demo_accounts()
            lines = [self.tr("演示账号（密码均为 {password}）：").format(password=password)]
            from ..domain.enums import Role
            for name, role in names:
                try:
                    role_text = Role(role).label(current_lang())
                except ValueError:
                    role_text = role
                lines.append(f"  {name} — {role_text}")
            self.demo_label = QLabel("\n".join(lines))
            self.demo_label.setObjectName("demoAccounts")
            self.demo_label.setTextFormat(Qt.TextFormat.PlainText)
            self.demo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lay.addWidget(self.demo_label)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(360)
        self.user_edit.setFocus()

    def _try_login(self) -> None:
        user = self.user_edit.text().strip()
        if not user:
            self._fail(self.tr("请输入用户名。"), self.user_edit)
            return
        try:
            self.actor = accounts.authenticate(self._desk, user, self.password_edit.text())
        except UserError as e:
            self._fail(e.message(current_lang()), self.password_edit)
            return
        self.accept()

    def _fail(self, message: str, focus: QLineEdit) -> None:
        self.actor = None
        self.error_label.setText(message)
        self.error_label.show()
        if focus is self.password_edit:
            self.password_edit.clear()
        focus.setFocus()
