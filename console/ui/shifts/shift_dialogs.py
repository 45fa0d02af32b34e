"""班次: the handover note while the shift runs, and the handover itself.

At 08:00 the night operator hands the desk over. What the next shift must
know is not in anyone's memory but in the database: tickets still open
(the oldest resolution deadline first) and call-backs still to make
(check-backs, satisfaction calls, missed calls), with what is overdue
counted — read by console.store.queries.shift_handover. The note is the
operator's own words on top. Closing the shift is one service call.
"""
from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import DeadlineKind, ShiftKind, Status
from ...domain.phone import mask_phone
from ...services import shift_log as shift_log_service
from ...services import shifts as shift_service
from ...services.context import Actor, Changes, Desk
from ...services.shifts import Handover, ShiftBrief, shift_brief, shift_handover
from ..common.errors import one_line
from ..common.list_table import list_table
from ..shell.i18n import current_lang, is_english
from ..shell.theme import set_role
from .handover_rows_model import ID_ROLE, HandoverRowsModel

log = logging.getLogger(__name__)

MAX_NOTE = 20_000


def _label(enum, code: str | None) -> str:
    try:
        return enum(code).label(current_lang())
    except ValueError:
        return code or ""


class _NoteEdit(QPlainTextEdit):
    """Plain text; Tab leaves; Ctrl+Enter confirms the dialog; knows whether it was edited since loaded."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._loaded = ""

    def load(self, text: str) -> None:
        self._loaded = text
        self.setPlainText(text)

    def modified(self) -> bool:
        return self.toPlainText() != self._loaded

    def loaded(self) -> str:
        """The note as it was read (the save says which copy it was written over)."""
        return self._loaded

    def keyPressEvent(self, e):  # noqa: N802
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            dlg = self.window()
            if isinstance(dlg, QDialog):
                dlg.accept()
                return
        super().keyPressEvent(e)


def shift_title(desk: Desk, sh: ShiftBrief | None) -> str:
    if sh is None:
        return ""
    start = desk.local(sh.started_at).strftime("%m-%d %H:%M")
    kind = _label(ShiftKind, sh.kind)
    if not sh.opened_by:
        return f"{kind} {start}"
    return f"{kind} {start} ({sh.opened_by})" if is_english() else f"{kind} {start}（{sh.opened_by}）"


class _KeepsTheNote:
    """Esc, Cancel or the window's close button never throw away an edited handover note unasked,
    and the main window closing asks first too (DeskWindows.may_close)."""

    note: _NoteEdit

    def reject(self) -> None:
        if self.note.modified():
            answer = QMessageBox.question(  # translate(): a mixin's self.tr would look under the subclass's name
                self, QCoreApplication.translate("HandoverNote", "交班记录"),
                QCoreApplication.translate("HandoverNote", "交班记录改过了，还没有保存。放弃这些修改吗？"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        QDialog.reject(self)

    def discard(self) -> None:
        """Close without saving and without asking (the operator already answered elsewhere)."""
        QDialog.reject(self)

    def save_note(self) -> bool:
        """Save the note as it stands; False (and the dialog stays, saying why) if it could not be."""
        raise NotImplementedError


class HandoverNoteDialog(_KeepsTheNote, QDialog):
    """交班记录: the words for the next shift, written while the shift runs. Ctrl+Enter saves."""

    saved = Signal(object)

    def __init__(self, desk: Desk, actor: Actor, shift_id: int, parent=None):
        super().__init__(parent)
        self.desk, self.actor, self.shift_id = desk, actor, shift_id
        self.setObjectName("handoverNoteDialog")
        self.setWindowTitle(self.tr("交班记录"))
        sh = shift_brief(desk, shift_id)
        head = QLabel(self.tr("班次：{shift}").format(shift=shift_title(desk, sh)))
        head.setTextFormat(Qt.TextFormat.PlainText)
        self.note = _NoteEdit()
        self.note.setObjectName("handoverNote")
        self.note.load(sh.handover_note if sh else "")
        self.note.setPlaceholderText(self.tr("交给下一班的事项：哪些事在等谁回电、哪里要再看一眼……"))
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.hide()
        hint = QLabel(self.tr("Ctrl+Enter 保存"))
        set_role(hint, "hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.note, 1)
        lay.addWidget(self.error)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        self.resize(560, 360)
        self.note.setFocus()
        self.note.moveCursor(QTextCursor.MoveOperation.End)

    def accept(self) -> None:
        try:
            changes = shift_service.set_handover_note(self.desk, self.actor, self.shift_id, self.note.toPlainText(),
                                                        expected=self.note.loaded())
        except Exception as e:  # noqa: BLE001 - a refusal or a locked / read-only database: one line, note kept
            text = one_line(e, self.desk.db.display)
            if text is None:
                raise
            self.error.setText(text)
            self.error.show()
            return
        self.saved.emit(changes)
        super().accept()

    def save_note(self) -> bool:
        self.accept()
        return not self.isVisible()


class CloseShiftDialog(_KeepsTheNote, QDialog):
    """交班: what is handed over (open tickets, call-backs due), the note, then close the shift.

    Enter on an open ticket emits `ticket_activated(id)` (the main window shows it).
    `closed` carries the Changes once the shift is closed; `log_written` then carries the
    `services.shift_log.ClosedShift` (its log's PDF in the reports folder, or why there is none).
    """

    closed = Signal(object)
    log_written = Signal(object)
    ticket_activated = Signal(int)

    def __init__(self, desk: Desk, actor: Actor, shift_id: int, parent=None):
        super().__init__(parent)
        self.desk, self.actor, self.shift_id = desk, actor, shift_id
        self.setObjectName("closeShiftDialog")
        self.setWindowTitle(self.tr("交班"))
        now = desk.now()
        self._year = desk.local(now).year
        self.handover: Handover = shift_handover(desk, shift_id, now)
        h = self.handover

        head = QLabel(self.tr("班次：{shift}，本班登记工单 {n} 张。交班后，下面的事项由下一班接手。")
                      .format(shift=shift_title(desk, h.shift), n=h.shift_tickets))
        head.setObjectName("handoverHead")
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)

        self.tickets_label = QLabel(self.tr("未办结工单 {n} 张").format(n=h.open_tickets_total)
                                    + (self.tr("（只列出前 {k} 张）").format(k=len(h.open_tickets))
                                       if h.open_tickets_total > len(h.open_tickets) else ""))
        self.tickets_label.setObjectName("openTicketsLabel")
        self.tickets_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tickets = HandoverRowsModel([self.tr("编号"), self.tr("受理时间"), self.tr("状态"), self.tr("办结时限"),
                                  self.tr("承办单位"), self.tr("社区 / 分类")], self)
        rows = []
        for t in h.open_tickets:
            overdue = t.resolution_due_at is not None and t.resolution_due_at < now
            place = " / ".join(x for x in (t.community, t.category) if x)
            rows.append((t.id, (t.number, self._local(t.received_at), _label(Status, t.status),
                                self._local(t.resolution_due_at), t.unit or "", place), overdue))
        self.tickets.set_rows(rows)
        self.tickets_view = list_table(self.tickets, "openTicketsTable")
        self.tickets_view.doubleClicked.connect(lambda _i: self._activate())
        self.tickets_view.installEventFilter(self)

        overdue_text = self.tr("，其中超时 {m} 个").format(m=h.overdue_follow_ups) if h.overdue_follow_ups else ""
        self.follow_label = QLabel(self.tr("待回访 / 待回拨 {n} 个").format(n=h.follow_ups_total) + overdue_text)
        self.follow_label.setObjectName("followUpsLabel")
        self.follow_label.setTextFormat(Qt.TextFormat.PlainText)
        if h.overdue_follow_ups:
            set_role(self.follow_label, "warn")
        self.follow = HandoverRowsModel([self.tr("事项"), self.tr("时限"), self.tr("工单"), self.tr("电话"),
                                 self.tr("承办单位")], self)
        self.follow.set_rows([
            (f.ticket_id, (_label(DeadlineKind, f.kind), self._local(f.due_at), f.ticket_number or "",
                           mask_phone(f.phone) if f.phone else "", f.unit or ""), f.due_at < now)
            for f in h.follow_ups])
        self.follow_view = list_table(self.follow, "followUpsTable")
        self.follow_view.doubleClicked.connect(lambda _i: self._activate(self.follow_view))

        fm = self.fontMetrics()
        when = "2026-11-22 22:00"
        status_w = max(fm.horizontalAdvance(_label(Status, st.value)) for st in Status)
        kind_w = max(fm.horizontalAdvance(_label(DeadlineKind, k.value)) for k in DeadlineKind)
        for view, widths in ((self.tickets_view, (fm.horizontalAdvance("20261122-0007"), fm.horizontalAdvance(when),
                                                  status_w, fm.horizontalAdvance(when),
                                                  fm.horizontalAdvance("嘉宏三村物业服务中心"))),
                             (self.follow_view, (kind_w, fm.horizontalAdvance(when),
                                                 fm.horizontalAdvance("20261122-0007"),
                                                 fm.horizontalAdvance("021-****5678")))):
            for col, width in enumerate(widths):
                view.horizontalHeader().resizeSection(col, width + 18)

        self.note = _NoteEdit()
        self.note.setObjectName("handoverNote")
        self.note.load(h.shift.handover_note if h.shift else "")
        self.note.setPlaceholderText(self.tr("交班记录：交给下一班的事项（可不填）"))
        note_label = QLabel(self.tr("交班记录(&N)："))
        note_label.setBuddy(self.note)
        self.error = QLabel()
        self.error.setObjectName("closeShiftError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.hide()

        self.buttons = QDialogButtonBox()
        self.close_button = QPushButton(self.tr("交班(&C)"))
        self.close_button.setObjectName("closeShiftButton")
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        save_note = QPushButton(self.tr("只保存记录(&S)"))
        save_note.setObjectName("saveNoteButton")
        save_note.setAutoDefault(False)
        save_note.clicked.connect(self.save_note_only)
        self.buttons.addButton(save_note, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Ctrl+Enter 交班 · 在工单上按 Enter 查看"))
        set_role(hint, "hint")

        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.tickets_label)
        tl.addWidget(self.tickets_view)
        mid = QWidget()
        ml = QVBoxLayout(mid)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.addWidget(self.follow_label)
        ml.addWidget(self.follow_view)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(note_label)
        bl.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Vertical)
        for w in (top, mid, bottom):
            split.addWidget(w)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(split, 1)
        lay.addWidget(self.error)
        lay.addWidget(hint)
        lay.addWidget(self.buttons)
        confirm = QAction(self)
        confirm.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        confirm.triggered.connect(self.accept)
        self.addAction(confirm)
        self.resize(860, 640)
        split.setSizes([260, 180, 140])
        self.note.setFocus()

    def _local(self, dt: datetime | None) -> str:
        """Month and day; the year too when it is not this year's (a ticket left open since spring)."""
        if dt is None:
            return ""
        local = self.desk.local(dt)
        return local.strftime("%m-%d %H:%M" if local.year == self._year else "%Y-%m-%d %H:%M")

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if obj is self.tickets_view and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._activate()
            return True
        return super().eventFilter(obj, event)

    def _activate(self, view: QTableView | None = None) -> None:
        view = view or self.tickets_view
        idx = view.currentIndex()
        tid = idx.data(ID_ROLE) if idx.isValid() else None
        if tid is not None:
            self.ticket_activated.emit(int(tid))

    def _fail(self, e: BaseException) -> None:
        text = one_line(e, self.desk.db.display)  # a UserError, or a locked / read-only / lost database
        if text is not None:
            self.error.setText(text)
        else:
            log.error("closing the shift failed", exc_info=(type(e), e, e.__traceback__))
            self.error.setText(self.tr("交班失败：数据库暂时无法写入，请稍后再试。"))
        self.error.show()

    def save_note_only(self) -> None:
        try:
            changes = shift_service.set_handover_note(self.desk, self.actor, self.shift_id, self.note.toPlainText(),
                                                        expected=self.note.loaded())
        except Exception as e:  # noqa: BLE001 - shown as a sentence
            self._fail(e)
            return
        self.closed.emit(changes)  # the shift stays open; the views refresh all the same
        self.discard()

    def save_note(self) -> bool:
        self.save_note_only()  # the note only: closing the shift is the operator's own decision
        return not self.isVisible()

    def accept(self) -> None:
        text = self.note.toPlainText()
        if len(text) > MAX_NOTE:
            self.error.setText(self.tr("交班记录太长（最多 {n} 字）。").format(n=MAX_NOTE))
            self.error.show()
            return
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the log's PDF is written too (a second)
        try:
            outcome = shift_log_service.close_shift_and_write_log(self.desk, self.actor, self.shift_id, text,
                                                                  expected=self.note.loaded())
        except Exception as e:  # noqa: BLE001 - shown as a sentence
            self._fail(e)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        changes = outcome.changes
        self.closed.emit(changes if isinstance(changes, Changes) else Changes(shifts=True))
        super().accept()
        self.log_written.emit(outcome)
