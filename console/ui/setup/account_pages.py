"""d. The first administrator, and f. the optional imports after everything is written.

The administrator types their own password twice; there is no default
password on a real desk. The imports page comes after the commit page: the
import dialogs write under the administrator's name, who exists by then.
"""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from ...domain.errors import UserError, ValidationError
from ...services.accounts import check_first_admin
from .base import SetupPage
from .plan import STEP_ADMIN, AdminPlan


class AdminPage(SetupPage):
    step = STEP_ADMIN

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("第一个管理员"))
        self.setSubTitle(self.tr("这一步不能跳过：设置完成后就用这个账号登录。密码由本人设定，至少 6 个字符；"
                                 "其他账号以后由管理员添加。"))
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.username.setObjectName("setupAdminUser")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("setupAdminName")
        self.password = QLineEdit(self)
        self.password.setObjectName("setupAdminPassword")
        self.again = QLineEdit(self)
        self.again.setObjectName("setupAdminPasswordAgain")
        for w in (self.password, self.again):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名(&U)："), self.username)
        form.addRow(self.tr("姓名(&M)："), self.display_name)
        form.addRow(self.tr("密码(&P)："), self.password)
        form.addRow(self.tr("再输一遍(&A)："), self.again)
        self.body.addLayout(form)
        self.first = self.username
        self.finish_layout()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        try:
            check_first_admin(self.username.text(), self.password.text(), self.display_name.text())
            if self.password.text() != self.again.text():
                raise ValidationError("两次输入的密码不一样。", "The two passwords differ.")
        except UserError as e:
            self.again.clear()
            return self.refuse(e)
        return True

    def plan(self) -> AdminPlan:
        return AdminPlan(self.username.text().strip(), self.password.text(), self.display_name.text())


class ImportsPage(SetupPage):
    """f. Optional: the phonebook sheet and the old register, through the usual import dialogs."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("导入电话簿和历史工单（可选）"))
        self.setSubTitle(self.tr("设置已保存。如果有责任单位电话簿或以前的热线登记表（Excel），现在可以导入；"
                                 "也可以以后在电话簿和“文件”菜单里导入。按“完成”进入值班台。"))
        self.units_button, self.tickets_button = self.button_row((self.tr("导入电话簿(&P)…"), None),
                                                                 (self.tr("导入历史工单(&R)…"), None))
        self.units_button.setObjectName("setupImportUnits")
        self.tickets_button.setObjectName("setupImportTickets")
        self.done = QLabel(self)
        self.done.setWordWrap(True)
        self.body.addWidget(self.done)
        self.first = self.units_button
        self.finish_layout()
