"""未接来电: the calls not yet called back (the longest waiting first), and the register.

Every missed call is called back (it feeds 回拨率). From the list the
operator calls the number; if the resident has something to report, Enter
opens the New Call form with the phone filled in, and saving it records the
call-back with the new ticket. "已回拨" records a call-back that needed no
ticket. The register grows for years, so the table is a keyset-paged model
(console.store.queries.missed_calls_page), never a widget per row.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...services.context import Actor, Changes, Desk
from ...services.missed_calls import MissedCallRow, call_back, open_missed_count
from ..common.errors import one_line, report_bug
from ..common.list_table import list_table
from ..common.menu_text import button_text
from ..shell.i18n import current_lang
from ..shell.theme import set_role
from ..tickets.lifecycle_dialogs import TextPromptDialog
from .missed_call_dialog import MissedCallDialog
from .missed_call_table_model import (
    COL_AT,
    COL_BACK,
    COL_DUE,
    COL_PHONE,
    COL_TICKET,
    MissedCallTableModel,
    minutes_text,
)

log = logging.getLogger(__name__)

REFRESH_MS = 60_000  # the "waiting" column moves with the clock
def is_open(r: MissedCallRow | None) -> bool:
    """Still to call back: neither called back nor waived."""
    return r is not None and r.called_back_at is None and not r.waived


def link_call_back(desk: Desk, actor: Actor, missed_id: int, saved) -> Changes:
    """After the New Call form saved a ticket for a missed call: the call-back, linked to it."""
    ticket_id = getattr(saved, "id", None)
    return call_back(desk, actor, missed_id, ticket_id=ticket_id)


class MissedCallsWindow(QWidget):
    """A window of its own (not modal): Enter on a row = call back → New Call with the phone.

    `changed` carries every write's Changes (the main window refreshes);
    `new_call_opener(phone)` opens the New Call form and returns it (the
    main window's own form by default wiring; a plain NewCallDialog otherwise).
    """

    changed = Signal(object)

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 new_call_opener: Callable[[str], QDialog | None] | None = None,
                 dialer: Callable[[int, str], bool] | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.desk, self.actor = desk, actor
        self.new_call_opener = new_call_opener or self._open_new_call
        self.dialer = dialer  # (missed call id, phone) → dialled through the seat's SIP link?
        self.setObjectName("missedCallsWindow")
        self.setWindowTitle(self.tr("未接来电"))
        self._dialog: QDialog | None = None

        self.model = MissedCallTableModel(desk, self)
        self.table = list_table(self.model, "missedTable")
        hh = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        for col, sample in ((COL_AT, "2026-11-22 22:00  "), (COL_PHONE, "021-59123456 转 801"),
                            (COL_DUE, QCoreApplication.translate("MissedCallTableModel", "已超时 {t}").format(t=minutes_text(23 * 60 + 59)) + "  "),
                            (COL_BACK, "2026-11-22 22:00 张晓燕  "), (COL_TICKET, "20261122-0007  ")):
            hh.resizeSection(col, fm.horizontalAdvance(sample) + 12)
        self.table.doubleClicked.connect(lambda _i: self.call_back_as_new_call())

        self.filter = QComboBox()
        self.filter.setObjectName("missedFilter")
        self.filter.addItem(self.tr("未回拨"), True)
        self.filter.addItem(self.tr("全部（最新在前）"), False)
        self.filter.currentIndexChanged.connect(lambda _i: self.set_open_only(self.filter.currentData()))
        filter_label = QLabel(self.tr("显示(&S)："))
        filter_label.setBuddy(self.filter)
        self.count_label = QLabel()
        self.count_label.setObjectName("missedCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel()
        self.message.setObjectName("missedMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        self.act_log = self._action(self.tr("登记未接来电(&N)…"), "F3", self.log_missed_call, "actionLogMissed")
        self.act_new_call = self._action(self.tr("回拨并登记来电(&C)…"), "F2", self.call_back_as_new_call,
                                         "actionCallBackNewCall")  # and Enter on the table (eventFilter)
        self.act_done = self._action(self.tr("已回拨，无需登记(&D)…"), "Ctrl+K", self.call_back_only,
                                     "actionCallBackOnly")
        self.act_dial = self._action(self.tr("拨号回拨(&L)"), "Ctrl+D", self.dial_back, "actionDialBack")
        self.act_refresh = self._action(self.tr("刷新(&R)"), "F5", self.reload, "actionRefreshMissed")
        close = self._action(self.tr("关闭"), "Esc", self.close, "actionCloseMissed")
        self.addAction(close)

        buttons = QHBoxLayout()
        for a in (self.act_log, self.act_new_call, self.act_done, self.act_dial, self.act_refresh):
            key = "Enter" if a is self.act_new_call else a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            b = QPushButton(button_text(a.text()) + f"  {key}")
            b.setObjectName("button_" + a.objectName())
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys work from the table; Tab stays short
            b.clicked.connect(a.trigger)
            buttons.addWidget(b)
        buttons.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        top.addWidget(self.count_label, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        lay.addLayout(buttons)
        self.addActions([self.act_log, self.act_new_call, self.act_done, self.act_refresh])
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.reload)
        self._timer.start()
        self.resize(900, 480)
        self._after_load()
        self.table.setFocus()

    def _action(self, text: str, key: str, slot, name: str) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        a.setShortcut(QKeySequence(key))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(lambda _=False: slot())
        return a

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        """Enter on a row calls back (an item view would otherwise swallow it)."""
        if obj is self.table and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.call_back_as_new_call()
            return True
        return super().eventFilter(obj, event)

    # -- the list -------------------------------------------------------------
    def set_open_only(self, open_only: bool) -> None:
        if self.filter.currentData() != open_only:
            self.filter.setCurrentIndex(self.filter.findData(open_only))
            return  # the combo's signal comes back here
        self.model.set_open_only(open_only)
        self._after_load()

    def reload(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.selected_id()
        row = self.table.currentIndex().row()
        self.model.reload()
        self._after_load(keep, row)

    def _after_load(self, keep: int | None = None, row: int = 0) -> None:
        n = open_missed_count(self.desk)
        self.count_label.setText(self.tr("未回拨 {n} 个").format(n=n))
        target = self.model.row_of(keep) if keep is not None else -1
        if target < 0 and self.model.rowCount():
            target = min(max(row, 0), self.model.rowCount() - 1)
        if target >= 0:
            self.table.selectRow(target)
        self._update_actions()

    def selected_row(self) -> MissedCallRow | None:
        idx = self.table.currentIndex()
        return self.model.row(idx.row()) if idx.isValid() else None

    def selected_id(self) -> int | None:
        r = self.selected_row()
        return r.id if r else None

    def select_missed(self, missed_id: int) -> bool:
        row = self.model.row_of(missed_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _update_actions(self) -> None:
        r = self.selected_row()
        open_ = is_open(r)
        self.act_new_call.setEnabled(open_)
        self.act_done.setEnabled(open_)

    # -- commands ---------------------------------------------------------------
    def log_missed_call(self) -> None:
        dlg = MissedCallDialog(self.desk, self.actor, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.saved.connect(lambda ch, d=dlg: self._logged(d.missed_call_id, ch))
        self._dialog = dlg
        dlg.open()

    def _logged(self, missed_id: int | None, changes: Changes) -> None:
        self.reload(keep=missed_id)
        self.changed.emit(changes)

    def call_back_as_new_call(self) -> None:
        """Enter: the resident is on the line: the New Call form with the number filled in."""
        r = self.selected_row()
        if not is_open(r):
            return
        dlg = self.new_call_opener(r.phone)
        if dlg is None:
            return
        dlg.saved.connect(lambda saved, mid=r.id: self._ticket_saved(mid, saved))

    def _open_new_call(self, phone: str) -> QDialog | None:
        from ..new_call.new_call_dialog import NewCallDialog

        dlg = NewCallDialog(self.desk, self.actor, self, phone=phone)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.saved.connect(lambda saved: self.changed.emit(getattr(saved, "changes", Changes())))
        dlg.open()
        self._dialog = dlg
        return dlg

    def _ticket_saved(self, missed_id: int, saved) -> None:
        number = getattr(saved, "number", "")
        try:
            changes = link_call_back(self.desk, self.actor, missed_id, saved)
        except Exception as e:  # noqa: BLE001 - e.g. another seat recorded the call-back meanwhile, or a locked file
            why = one_line(e, self.desk.db.display)
            if why is None:
                raise
            self.show_message(self.tr("工单 {number} 已保存；回拨未记录：{why}").format(
                number=number, why=why), error=True)
            self.reload()
            return
        self.show_message(self.tr("已回拨，并登记为工单 {number}。").format(number=number))
        self.reload()
        self.changed.emit(changes)

    def dial_back(self) -> None:
        """Ctrl+D: dial the selected number through the seat's SIP link (baresip); the outcome is
        recorded when baresip tells it. Without a link this says so: record the call-back by hand."""
        r = self.selected_row()
        if not is_open(r):
            return
        if self.dialer is None or not self.dialer(r.id, r.phone):
            self.show_message(self.tr("本席位没有已连接的 SIP 电话链路：请用电话回拨后按 Ctrl+K 记录。"), error=True)
            return
        self.show_message(self.tr("正在回拨 {phone}…结果会自动记录。").format(phone=r.phone))

    def call_back_only(self) -> None:
        """Called back, nothing to log (the resident had already been helped, wrong number …)."""
        r = self.selected_row()
        if not is_open(r):
            return
        dlg = TextPromptDialog(self.tr("已回拨"), self.tr("回拨结果（可不填）："), self, required=False)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            changes = call_back(self.desk, self.actor, r.id, dlg.text())
        except UserError as e:
            self.show_message(e.message(current_lang()), error=True)
            self.reload()
            return
        except Exception as e:  # noqa: BLE001 - the crash handler logs it; the desk sees a sentence
            text = one_line(e, self.desk.db.display)  # locked, read-only, full, damaged: say which
            if text is None:
                report_bug(e)
                return
            log.warning("recording a call-back failed: database unavailable (%s)", e)
            self.show_message(text, error=True)
            return
        self.show_message(self.tr("已记录回拨：{phone}").format(phone=r.phone))
        self.reload()
        self.changed.emit(changes)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "ok")

    def refresh(self, changes: Changes | None = None) -> None:
        """Another window (or seat) wrote: re-read when it concerns missed calls."""
        if changes is None or changes.missed_calls:
            self.reload()

    def closeEvent(self, e) -> None:  # noqa: N802
        self._timer.stop()
        super().closeEvent(e)
