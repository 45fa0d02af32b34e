"""推迟提醒: silence one item's alert for 5, 10 or 30 minutes or until a time, with a reason.

The deadline itself does not move (it stays overdue and red); only the
alert waits. The service (console.services.deadlines.snooze) checks the
time and the reason and writes the audit row a supervisor sees in the
audit view; this dialog collects the input, runs the service on the
worker pool and stays open with the service's message if it refuses.
Keys: 1 / 2 / 3 / 4 (or the arrows) pick the choice, Tab to the reason,
Enter confirms.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)

from ...services import deadlines as deadline_service
from ...services.context import Actor, Changes, Desk
from ...services.deadlines import DueItem
from ..common.errors import one_line, report_bug
from ..common.workers import TaskRunner
from .due_queue_model import kind_label
from .due_queue_panel import set_role

MINUTES = (5, 10, 30)
REASONS = (  # suggestions; the operator may type any reason
    QT_TRANSLATE_NOOP("SnoozeDialog", "居民电话未接通，稍后再打"),
    QT_TRANSLATE_NOOP("SnoozeDialog", "承办单位还在处理，稍后再问"),
    QT_TRANSLATE_NOOP("SnoozeDialog", "居民要求晚些回电"),
    QT_TRANSLATE_NOOP("SnoozeDialog", "正在处理其他来电"),
)


class SnoozeDialog(QDialog):
    snoozed = Signal(object)  # Changes, after the service saved

    def __init__(self, desk: Desk, actor: Actor, item: DueItem, runner: TaskRunner, parent=None):
        super().__init__(parent)
        self.setObjectName("snoozeDialog")
        self.setWindowTitle(self.tr("推迟提醒"))
        self._desk, self._actor, self._item, self._runner = desk, actor, item, runner
        now_local = desk.local_now()
        what = item.ticket_number or self.tr("未接来电")
        due = desk.local(item.due_at).strftime("%m-%d %H:%M")
        info = QLabel(self.tr("{kind}：{what}，{due} 到期。\n推迟的只是提醒，时限不变，超时仍然计入。").format(
            kind=kind_label(item.kind), what=what, due=due))
        info.setWordWrap(True)
        info.setTextFormat(Qt.TextFormat.PlainText)

        self.group = QButtonGroup(self)
        grid = QGridLayout()
        self.choices: list[QRadioButton] = []
        for i, m in enumerate(MINUTES):
            b = QRadioButton(self.tr("&{key} 推迟 {n} 分钟").format(key=i + 1, n=m))
            b.setObjectName(f"snooze{m}")
            self.group.addButton(b, i)
            self.choices.append(b)
            grid.addWidget(b, i, 0, 1, 2)
        self.until_choice = QRadioButton(self.tr("&4 推迟到："))
        self.until_choice.setObjectName("snoozeUntil")
        self.group.addButton(self.until_choice, len(MINUTES))
        self.until_edit = QDateTimeEdit()
        self.until_edit.setObjectName("snoozeUntilEdit")
        self.until_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.until_edit.setTimeZone(QTimeZone(str(desk.tz).encode()))
        start = (now_local + timedelta(hours=1)).replace(second=0, microsecond=0)
        self.until_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(start.timestamp()),
                                                                  QTimeZone(str(desk.tz).encode())))
        self.until_edit.dateTimeChanged.connect(lambda *_: self.until_choice.setChecked(True))
        grid.addWidget(self.until_choice, len(MINUTES), 0)
        grid.addWidget(self.until_edit, len(MINUTES), 1)
        self.choices[0].setChecked(True)

        reason_label = QLabel(self.tr("原因（必填）："))
        self.reason = QComboBox()
        self.reason.setObjectName("snoozeReason")
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.addItems([self.tr(r) for r in REASONS])
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText(self.tr("选择或输入原因"))
        self.reason.lineEdit().setMaxLength(500)
        reason_label.setBuddy(self.reason)

        self.error = QLabel()
        self.error.setObjectName("snoozeError")
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(info)
        lay.addLayout(grid)
        lay.addWidget(reason_label)
        lay.addWidget(self.reason)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.choices[0].setFocus()

    def keyPressEvent(self, e) -> None:  # noqa: N802
        """1-4 pick a choice, unless the operator is typing a reason or a time."""
        typing = self.reason.isAncestorOf(self.focusWidget()) or self.until_edit.isAncestorOf(self.focusWidget()) \
            or self.focusWidget() in (self.reason, self.until_edit)
        key = e.key()
        if not typing and Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
            b = self.group.button(key - Qt.Key.Key_1)
            b.setChecked(True)
            b.setFocus()
            return
        super().keyPressEvent(e)

    # -- input ----------------------------------------------------------------------
    def until(self) -> datetime:
        """The chosen end of the snooze (aware, UTC)."""
        i = self.group.checkedId()
        if 0 <= i < len(MINUTES):
            return self._desk.now() + timedelta(minutes=MINUTES[i])
        secs = self.until_edit.dateTime().toSecsSinceEpoch()
        return datetime.fromtimestamp(secs, UTC)

    def set_until(self, local: datetime) -> None:
        """Pick "until" with this local time (tests, and callers that know the time)."""
        tz = QTimeZone(str(self._desk.tz).encode())
        self.until_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(local.timestamp()), tz))
        self.until_choice.setChecked(True)

    def reason_text(self) -> str:
        return self.reason.currentText().strip()

    # -- saving ----------------------------------------------------------------------
    def submit(self) -> None:
        self.error.hide()
        self.buttons.setEnabled(False)
        self._runner.submit(deadline_service.snooze, self._desk, self._actor, self._item.deadline_id,
                            self.until(), self.reason_text(), on_result=self._saved, on_error=self._failed)

    def _saved(self, changes: Changes) -> None:
        self.buttons.setEnabled(True)
        self.snoozed.emit(changes)
        self.accept()

    def _failed(self, e: BaseException) -> None:
        self.buttons.setEnabled(True)
        text = one_line(e, self._desk.db.display)  # a UserError, or a locked / read-only / lost database
        if text is not None:
            self.error.setText(text)
            self.error.show()
            return
        report_bug(e)
