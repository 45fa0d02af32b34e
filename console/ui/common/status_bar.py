"""The bottom line of the window: where, who, which shift, which database, what is due.

On PostgreSQL it also says whether the server can be reached
("数据库：已连接 / 正在重连… / 连接中断（原因）"), fed by the window from the
change watcher's state; a SQLite file is always there, so that label stays
hidden unless a watcher reports otherwise.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar

from ...domain.enums import Role, ShiftKind
from ...services.desk_status import DeskStatus

# the change watcher's states (console.store.pg_notify; repeated to keep the UI free of store imports)
ONLINE, CONNECTING, OFFLINE = "online", "connecting", "offline"
FILE_MOVED = "file-moved"  # console.store.change_watch: the SQLite file was moved, deleted or replaced
CONNECTION_WIDTH = 300  # px: a long driver message is elided; the tooltip holds all of it


def _label(name: str) -> QLabel:
    lab = QLabel()
    lab.setObjectName(name)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


class DeskStatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("deskStatusBar")
        self.desk_label = _label("statusDesk")
        self.user_label = _label("statusUser")
        self.shift_label = _label("statusShift")
        self.due_label = _label("statusDue")
        self.db_label = _label("statusDatabase")
        self.db_label.setMaximumWidth(260)
        self.connection_label = _label("statusConnection")
        self.connection_label.setMaximumWidth(CONNECTION_WIDTH + 10)
        self.calendar_label = _label("statusCalendar")
        self.calendar_label.setStyleSheet("color: #b06000;")
        self.calendar_label.hide()
        for w in (self.calendar_label, self.desk_label, self.user_label, self.shift_label, self.due_label,
                  self.db_label, self.connection_label):
            self.addPermanentWidget(w)
        self.status: DeskStatus | None = None
        self.paused = 0
        self.online = True
        self.connection_state = ONLINE
        self.connection_message = ""
        self.always_show_connection = False  # the window sets it on PostgreSQL
        self.set_connection(ONLINE)

    def labels(self) -> list[QLabel]:
        return [self.desk_label, self.user_label, self.shift_label, self.due_label, self.db_label,
                self.connection_label]

    def connection_text(self) -> str:
        """The indicator's words for the current state (also read by tests)."""
        if self.connection_state == ONLINE:
            return self.tr("数据库：已连接")
        if self.connection_state == OFFLINE and self.connection_message == FILE_MOVED:
            return self.tr("数据库文件已被移走或替换：请关闭值班台再重新打开")
        if self.connection_state == OFFLINE:
            reason = self.connection_message or self.tr("原因不明")
            return self.tr("数据库：连接中断（{reason}）").format(reason=reason)
        return self.tr("数据库：正在重连…")

    def set_connection(self, state: str, message: str = "") -> None:
        """The watcher's state ("online", "connecting", "offline") and why it is offline.

        Offline keeps the red database label too (set_online), so the
        operator sees it whichever label the window is wide enough for.
        """
        self.connection_state, self.connection_message = state, (message if state != ONLINE else "")
        text = self.connection_text()
        lab = self.connection_label
        lab.setText(lab.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, CONNECTION_WIDTH))
        if state == ONLINE:
            lab.setStyleSheet("")
            lab.setToolTip(text)
        else:
            lab.setStyleSheet("color: #c00000; font-weight: bold;" if state == OFFLINE else "color: #b06000;")
            hint = (self.tr("放回原处后会自动恢复；在此之前不会保存任何更改。") if message == FILE_MOVED
                    else self.tr("程序会自动重连；恢复后会重新读取工单。正在输入的新来电不会丢失。"))
            lab.setToolTip(text + "\n" + hint)
        lab.setVisible(self.always_show_connection or state != ONLINE)
        self.set_online(state == ONLINE, text if message == FILE_MOVED else self.connection_message)

    def show_status(self, st: DeskStatus, lang: str) -> None:
        self.status = st
        self.desk_label.setText(st.desk_name)
        try:
            role = Role(st.role).label(lang)
        except ValueError:
            role = st.role
        self.user_label.setText(self.tr("值班员：{user}（{role}）").format(user=st.user, role=role))
        if st.shift_kind:
            try:
                kind = ShiftKind(st.shift_kind).label(lang)
            except ValueError:
                kind = st.shift_kind
            since = st.shift_started.strftime("%m-%d %H:%M") if st.shift_started else ""
            self.shift_label.setText(self.tr("班次：{kind}，{since} 开班").format(kind=kind, since=since))
            self.shift_label.setStyleSheet("")
        else:
            self.shift_label.setText(self.tr("未开班"))
            self.shift_label.setStyleSheet("color: #b06000;")
        self.paused = st.paused
        self.set_due_counts(st.due, st.overdue)
        self.set_calendar(st.calendar_unknown_from)
        self._show_db()

    def set_calendar(self, unknown_from: date | None) -> None:
        """Warn while the holiday calendar does not cover the next 60 days (console.services.work_calendar)."""
        lab = self.calendar_label
        lab.setVisible(unknown_from is not None)
        if unknown_from is None:
            return
        lab.setText(self.tr("节假日日历缺 {year} 年").format(year=unknown_from.year))
        lab.setToolTip(self.tr("自 {day} 起，按工作日计的时限和“节假日休息”只按周一至周五计算。"
                               "值班领导可在 管理 → 节假日日历 中补充或导入。").format(day=f"{unknown_from:%Y-%m-%d}"))

    def set_due_counts(self, due: int, overdue: int) -> None:
        """Due within the hour and overdue (also from console.ui.due.alert_controller as items fall due)."""
        text = self.tr("待办 {due} · 超时 {overdue}").format(due=due, overdue=overdue)
        if self.paused:
            text += self.tr(" · 挂起 {n}").format(n=self.paused)
        self.due_label.setText(text)
        self.due_label.setStyleSheet("color: #c00000; font-weight: bold;" if overdue else "")

    def set_online(self, online: bool, message: str = "") -> None:
        """A PostgreSQL server can go away; the operator must see it at once."""
        if online == self.online and (online or message == self._offline_message):
            return
        self.online, self._offline_message = online, message
        self._show_db()

    _offline_message = ""

    def _show_db(self) -> None:
        if self.status is None:
            return
        db = self.status.database
        if self.online:
            text = self.tr("数据库：{db}").format(db=db)
            self.db_label.setStyleSheet("")
        else:
            text = self.tr("数据库已断开：{db}").format(db=db)
            self.db_label.setStyleSheet("color: #c00000; font-weight: bold;")
        metrics = self.db_label.fontMetrics()
        self.db_label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, 250))
        tip = text if self.online or not self._offline_message else f"{text}\n{self._offline_message}"
        self.db_label.setToolTip(tip)
