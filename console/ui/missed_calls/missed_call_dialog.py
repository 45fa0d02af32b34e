"""登记未接来电: F3, the number, Enter — the time is now unless the operator changes it.

The phone rang out while the operator was on another line; the number
shown on the handset is all there is. Logging it must cost nothing, or it
is not logged, and a resident who got no answer is never called back. The
service normalises and checks the number and opens the call-back deadline;
a refusal (a number that is not one, a time in the future) shows here, in
the dialog, and nothing is saved.
"""
from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ...domain.errors import UserError
from ...services.context import Actor, Changes, Desk
from ...services.missed_calls import log_missed_call
from ..common.errors import one_line
from ..shell.i18n import current_lang
from ..shell.theme import set_role

log = logging.getLogger(__name__)


def to_qdatetime(local: datetime) -> QDateTime:
    return QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)


def from_qdatetime(q: QDateTime, desk: Desk) -> datetime:
    """A wall-clock time in the desk's zone → an aware datetime."""
    d, t = q.date(), q.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=desk.tz)


class MissedCallDialog(QDialog):
    """`saved` carries the Changes of the write; `missed_call_id` is the new row's id."""

    saved = Signal(object)

    def __init__(self, desk: Desk, actor: Actor, parent=None, *, phone: str = ""):
        super().__init__(parent)
        self.desk, self.actor = desk, actor
        self.missed_call_id: int | None = None
        self.setObjectName("missedCallDialog")
        self.setWindowTitle(self.tr("登记未接来电"))

        self.phone = QLineEdit(phone)
        self.phone.setObjectName("missedPhone")
        self.phone.setMaxLength(40)
        self.phone.setPlaceholderText(self.tr("来电显示的号码"))
        self._opened_at = desk.local_now()
        self.at = QDateTimeEdit(to_qdatetime(self._opened_at))
        self.at.setObjectName("missedAt")
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        self.error = QLabel()
        self.error.setObjectName("missedError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.hide()
        hint = QLabel(self.tr("输入号码后按 Enter 登记；时间默认为现在。"))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        set_role(hint, "hint")

        form = QFormLayout()
        for text, field in ((self.tr("号码(&N)："), self.phone), (self.tr("时间(&T)："), self.at)):
            lab = QLabel(text)
            lab.setBuddy(field)
            form.addRow(lab, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("登记"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        self.setMinimumWidth(360)
        self.phone.setFocus()

    def when(self) -> datetime | None:
        """None (now, to the second) unless the operator changed the time."""
        if self.at.dateTime() == to_qdatetime(self._opened_at):
            return None
        return from_qdatetime(self.at.dateTime(), self.desk)

    def accept(self) -> None:
        try:
            when = self.when()
            self.missed_call_id = log_missed_call(self.desk, self.actor, self.phone.text(), when)
        except UserError as e:
            self._fail(e.message(current_lang()))
            return
        except Exception as e:  # noqa: BLE001 - no traceback reaches the desk
            log.exception("logging a missed call failed")
            self._fail(one_line(e, self.desk.db.display)  # locked, read-only, full, damaged: say which
                       or self.tr("登记失败：数据库暂时无法写入，请稍后再试。"))
            return
        self.saved.emit(Changes(missed_calls=True, deadlines=True))
        super().accept()

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.phone.setFocus()
        self.phone.selectAll()
