"""新来电登记: take a call from the first ring to the saved ticket without the mouse.

Tab order follows the conversation: phone (leaving it shows who is calling),
name, community (``jhsc`` + Enter), building, room, address, category
(``td`` + Enter), request type and urgency (one key each), what happened.
Then F5 answers on the spot from the service handbook or F6 dispatches to a
unit that picks up now (arrows, Enter); Ctrl+Enter saves. Esc asks before
throwing typed words away, and every few seconds the form is written to a
draft file so a crash or a killed process loses nothing.

Rules live below: the dialog gathers the fields and calls
``services.tickets.log_call``; its UserErrors are shown inline.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...services import drafts
from ...services.caller_lookup import lookup_caller
from ...services.context import Actor, Desk
from ...services.dispatch_options import dispatch_options
from ...services.registers import handbook_for
from ...services.tickets import Dispatch, Logged, NewCall, log_call
from ...store.db_errors import DatabaseUnavailable, classify
from ..common.errors import one_line
from ..common.workers import TaskRunner
from ..shell.i18n import current_lang
from . import draft as form_draft  # the draft's shape (the `draft` argument is one draft)
from .append_call import AppendCall
from .call_form import ERROR_STYLE, CallForm, category_entries, community_entries, request_type_items
from .new_call_caller import CallerPanel
from .new_call_choice import AnswerPanel, DispatchPanel, plain_label
from .new_call_picker import ChoicePicker

log = logging.getLogger(__name__)

MODE_LOG, MODE_ANSWER, MODE_DISPATCH = "log", "answer", "dispatch"
# Ctrl+Enter waits this long for the write lock on the GUI thread before the save moves to a worker.
QUICK_WAIT_MS = 250
# A failed save whose draft could not be written either (disk full): the form must stay open.
NO_DRAFT = UserError("草稿也未能保存（磁盘可能已满）：请不要关闭此窗口，稍后再按 Ctrl+Enter。",
                     "The draft could not be saved either (the disk may be full): keep this form open "
                     "and press Ctrl+Enter again later.")
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def user_message(err: UserError) -> str:
    return err.message(current_lang())


class NewCallDialog(QDialog):
    """The New Call form. ``saved`` carries the services.tickets.Logged result
    (``.id``, ``.number`` and ``.changes``, a services.context.Changes)."""

    saved = Signal(object)
    AUTOSAVE_MS = 3000

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None, *,
                 phone: str = "", draft: dict[str, Any] | None = None, runner: TaskRunner | None = None,
                 prefill: dict[str, Any] | None = None, prefill_from: str = ""):
        """`runner`: where a save waits when the database is busy; the parent window's by default,
        so closing the window waits for it (console.ui.common.workers.TaskRunner.shutdown)."""
        super().__init__(parent)
        self.desk = desk
        self.actor = actor
        if runner is None:
            runner = getattr(parent, "runner", None)
        self._runner: TaskRunner = runner if isinstance(runner, TaskRunner) else TaskRunner(self)
        self._saving = False
        self.draft_key = drafts.draft_key(desk.db, actor.username)
        self.received_at: datetime = desk.now()
        self.mode = MODE_LOG
        self.logged: Logged | None = None
        self._dirty = False
        self._restoring = False
        self._looked_up: tuple | None = None

        self.setWindowTitle(self.tr("新来电登记"))
        self.setObjectName("newCallDialog")
        self._build()
        self._wire()
        if draft:
            self.restore(draft)
        elif prefill:
            self.fill_from_call(prefill, prefill_from)
        elif phone:  # from caller ID: show who is calling before the first word
            self.phone.setText(phone)
            self.check_phone()
            self._dirty = True
        self.phone.setFocus()
        self.phone.selectAll()
        self._autosave = QTimer(self)
        self._autosave.setInterval(self.AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(10, 8, 10, 8)
        root.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(12)
        root.addLayout(top, 3)

        self.form = CallForm(self)
        top.addWidget(self.form, 3)
        f = self.form  # its fields are the dialog's: the save, the draft and the tests read them here
        self.phone, self.caller_name, self.phone_error = f.phone, f.caller_name, f.phone_error
        self.community, self.building, self.room, self.address = f.community, f.building, f.room, f.address
        self.category, self.request_type, self.urgency = f.category, f.request_type, f.urgency
        self.confidential, self.description = f.confidential, f.description

        self.caller = CallerPanel(self.desk)
        self.caller.setMinimumWidth(380)
        top.addWidget(self.caller, 2)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        root.addWidget(line)

        modes = QHBoxLayout()
        self.log_button = QPushButton(self.tr("只登记(&L)  F4"))
        self.answer_button = QPushButton(self.tr("直接答复(&A)  F5"))
        self.dispatch_button = QPushButton(self.tr("派单(&D)  F6"))
        for b in (self.log_button, self.answer_button, self.dispatch_button):
            b.setCheckable(True)
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # reached by F4–F6 / Alt; Tab stays on fields
            modes.addWidget(b)
        self.log_button.setChecked(True)
        self.mode_hint = plain_label("", style="color: #555;")
        modes.addWidget(self.mode_hint, 1)
        root.addLayout(modes)

        self.stack = QStackedWidget()
        self.log_page = plain_label(self.tr("只登记来电，稍后再派单或答复。按 F5 直接答复，F6 派单。"),
                                    style="color: #555;")
        self.log_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.answer_panel = AnswerPanel()
        self.dispatch_panel = DispatchPanel(lang=current_lang())
        self.stack.addWidget(self.log_page)
        self.stack.addWidget(self.answer_panel)
        self.stack.addWidget(self.dispatch_panel)
        root.addWidget(self.stack, 2)

        bottom = QHBoxLayout()
        self.error = plain_label("", style=ERROR_STYLE)
        self.error.setObjectName("formError")
        bottom.addWidget(self.error, 1)
        self.status = plain_label("", style="color: #777;", wrap=False)
        bottom.addWidget(self.status)
        self.append_call = AppendCall(self)  # 追加到原工单: a repeat call kept on the caller's open ticket
        bottom.addWidget(self.append_call.button)
        self.save_button = QPushButton(self.tr("保存  Ctrl+Enter"))
        self.cancel_button = QPushButton(self.tr("取消  Esc"))
        for b in (self.save_button, self.cancel_button):
            b.setAutoDefault(True)  # Enter on the focused button presses it; elsewhere Enter never saves
            bottom.addWidget(b)
        root.addLayout(bottom)

        self.resize(1220, 680)
        self.setMinimumSize(960, 600)

        order = [self.phone, self.caller_name, self.community, self.building, self.room, self.address,
                 self.category, self.request_type, self.urgency, self.description,
                 self.answer_panel.search, self.answer_panel.list, self.answer_panel.answer,
                 self.dispatch_panel.table, self.save_button, self.cancel_button]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _wire(self) -> None:
        self.community_picker = ChoicePicker(self.community, [])
        self.category_picker = ChoicePicker(self.category, [])
        self._choices_loaded = self._load_choices()
        self.community_picker.chosen.connect(self._place_changed)
        self.category_picker.chosen.connect(self._place_changed)
        self.form.phone_checked.connect(self._refresh_caller)

        for w in (self.phone, self.caller_name, self.community, self.building, self.room, self.address,
                  self.category, self.answer_panel.search):
            w.textChanged.connect(self._changed)
        for w in (self.description, self.answer_panel.answer):
            w.textChanged.connect(self._changed)
        self.request_type.currentIndexChanged.connect(self._changed)
        self.urgency.currentIndexChanged.connect(self._changed)
        self.confidential.toggled.connect(self._changed)
        self.dispatch_panel.changed.connect(self._dispatch_picked)
        self.answer_panel.search_changed.connect(lambda _t: self._load_handbook())
        for w in (self.building, self.room, self.address):
            w.editingFinished.connect(self._refresh_caller)

        self.log_button.clicked.connect(lambda: self.set_mode(MODE_LOG))
        self.answer_button.clicked.connect(lambda: self.set_mode(MODE_ANSWER))
        self.dispatch_button.clicked.connect(lambda: self.set_mode(MODE_DISPATCH))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        for seq, slot in (("F4", lambda: self.set_mode(MODE_LOG)),
                          ("F5", lambda: self.set_mode(MODE_ANSWER)),
                          ("F6", lambda: self.set_mode(MODE_DISPATCH)),
                          ("Ctrl+Return", self.save), ("Ctrl+Enter", self.save)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)

    def _load_choices(self) -> bool:
        """Fill the community and category lists; False (and one line why) when the database
        cannot be read: the call can still be typed, the draft keeps it, and Ctrl+Enter tries again."""
        try:
            communities, categories = community_entries(self.desk), category_entries(self.desk)
            request_types = request_type_items(self.desk)
        except Exception as e:  # noqa: BLE001 - a locked, damaged or unreachable database is said, not a crash
            text = one_line(e, self.desk.db.display)
            if text is None:
                raise
            log.warning("New Call cannot read its pick lists: database unavailable (%s)", e)
            self.error.setText(text)
            return False
        self.community_picker.set_entries(communities)
        self.category_picker.set_entries(categories)
        self.request_type.set_items(request_types)
        return True

    # ------------------------------------------------------------ the phone
    def check_phone(self) -> bool:
        """Normalise the phone field; show who is calling, or say why the number is wrong (CallForm)."""
        return self.form.check_phone()

    def _refresh_caller(self) -> None:
        key = (self.form.phone_norm, self.community_picker.current_id, self.building.text(), self.room.text(),
               self.address.text(), self.category_picker.current_id)
        if key == self._looked_up:
            return
        self._looked_up = key
        try:
            info = lookup_caller(self.desk, *key)
        except Exception:  # noqa: BLE001 - a failed lookup must not stop the call being taken
            log.exception("caller lookup failed")
            self.caller.clear()
            return
        self.caller.show_info(info)
        self.append_call.refresh()

    # ------------------------------------------------------ answer / dispatch
    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.log_button.setChecked(mode == MODE_LOG)
        self.answer_button.setChecked(mode == MODE_ANSWER)
        self.dispatch_button.setChecked(mode == MODE_DISPATCH)
        if mode == MODE_ANSWER:
            self.stack.setCurrentWidget(self.answer_panel)
            self._load_handbook()
            self.answer_panel.search.setFocus()
            self.mode_hint.setText(self.tr("直接答复：↑↓ 选手册条目，Enter 采用，可再修改；Ctrl+Enter 保存"))
        elif mode == MODE_DISPATCH:
            self.stack.setCurrentWidget(self.dispatch_panel)
            self._load_dispatch()
            self.dispatch_panel.table.setFocus()
            self.mode_hint.setText(self.tr("派单：↑↓ 选单位，Enter 选定（现在能联系的排在前面）；Ctrl+Enter 保存"))
        else:
            self.stack.setCurrentWidget(self.log_page)
            self.mode_hint.setText("")
        self._changed()

    def _place_changed(self, _id=None) -> None:
        if self._restoring:
            return
        if self.mode == MODE_DISPATCH:
            self._load_dispatch()
        elif self.mode == MODE_ANSWER:
            self._load_handbook()
        self._refresh_caller()
        self._changed()

    def _load_dispatch(self) -> None:
        cat, comm = self.category_picker.current_id, self.community_picker.current_id
        message = "" if cat is not None else self.tr("未选分类：列出所有单位。请先选分类（如 td → 停电）。")
        try:
            rows = dispatch_options(self.desk, cat, comm)
        except UserError as e:
            self.dispatch_panel.set_options([], user_message(e))
            return
        except Exception:  # noqa: BLE001
            log.exception("dispatch options failed")
            self.dispatch_panel.set_options([], self.tr("无法读取承办单位，请重试。"))
            return
        self.dispatch_panel.set_options(rows, message)

    def _dispatch_picked(self) -> None:
        self._changed()
        self.error.setText("")
        self.save_button.setFocus()

    def _load_handbook(self) -> None:
        try:
            entries = handbook_for(self.desk, self.category_picker.current_id, self.answer_panel.search.text())
        except UserError as e:
            entries = []
            self.answer_panel.preview.setText(user_message(e))
        except Exception:  # noqa: BLE001
            log.exception("handbook lookup failed")
            entries = []
        self.answer_panel.set_entries(entries)

    # ------------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Enter never presses a button here (that would save half a call):
        # in a one-line field it moves on like Tab; Ctrl+Enter saves (a shortcut).
        if event.key() in _ENTER and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if isinstance(self.focusWidget(), QLineEdit):
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ save
    def build_call(self) -> NewCall:
        return self.form.new_call(self.received_at, self.community_picker.current_id,
                                  self.category_picker.current_id)

    def show_error(self, message: str, focus: QWidget | None = None) -> None:
        """One line under the form saying why nothing was saved; the cursor where it must be mended."""
        self.error.setText(message)
        if focus is not None:
            focus.setFocus()

    def save(self) -> None:
        """Ctrl+Enter: log the call (and answer or dispatch it) in one transaction."""
        if self.logged is not None or self._saving:
            return
        self.error.setText("")
        if not self._choices_loaded:  # the lists could not be read when the form opened: try again
            self._choices_loaded = self._load_choices()
            if not self._choices_loaded:
                self._save_unavailable(None)
                return
        if not self.check_phone():
            self.phone.setFocus()
            return
        for picker, what_zh in ((self.community_picker, self.tr("社区")), (self.category_picker, self.tr("分类"))):
            if picker.edit.text().strip() and picker.resolve() is None:
                self.show_error(self.tr("{0}“{1}”不在列表中：请输入名称或拼音首字母，从列表中选择。")
                           .format(what_zh, picker.edit.text().strip()), picker.edit)
                return
        answer = dispatch = None
        if self.mode == MODE_ANSWER:
            answer = self.answer_panel.answer.toPlainText()
        elif self.mode == MODE_DISPATCH:
            o = self.dispatch_panel.picked
            if o is None:
                self.show_error(self.tr("请选择承办单位：↑↓ 选择，Enter 选定。"), self.dispatch_panel.table)
                return
            dispatch = Dispatch(o.unit_id, o.contact_id)
        call = self.build_call()
        try:
            # A short wait on this thread: the usual save takes milliseconds. If another program
            # holds the write lock, the save moves to a worker that waits the full busy timeout.
            with self.desk.db.waiting_at_most(QUICK_WAIT_MS):
                logged = log_call(self.desk, self.actor, call, answer=answer, dispatch=dispatch)
        except Exception as e:  # noqa: BLE001 - sorted below; no traceback reaches the desk
            known = classify(e, self.desk.db.display)
            if isinstance(known, DatabaseUnavailable) and known.reason == "busy":
                self._save_in_background(call, answer, dispatch)
            else:
                self._save_failed(e, answer)
            return
        self._save_done(logged)

    def run_append(self, fn, ticket_id: int, call: NewCall) -> None:
        """追加 (console.ui.new_call.append_call) on the worker; done like a save, refused in one line."""
        def failed(e: BaseException) -> None:
            self._save_failed(e, None)
            self.append_call.refresh()

        self._runner.submit(fn, self.desk, self.actor, ticket_id, call, on_result=self._save_done, on_error=failed)

    def _save_done(self, logged: Logged) -> None:
        self.logged = logged
        self._autosave.stop()
        try:
            drafts.discard_draft(self.draft_key)
        except OSError:
            log.warning("could not delete the draft after saving", exc_info=True)
        self.saved.emit(logged)
        self.accept()

    def _save_failed(self, e: BaseException, answer: str | None) -> None:
        """A save that did not happen: one line why; the form and the draft keep every word."""
        if isinstance(e, DatabaseUnavailable):
            self._save_unavailable(e)
            return
        if isinstance(e, UserError):
            focus = None
            if not self.description.toPlainText().strip():
                focus = self.description
            elif answer is not None and not answer.strip():
                focus = self.answer_panel.answer
            self.show_error(user_message(e), focus)
            return
        known = classify(e, self.desk.db.display)  # server gone, file locked …: say which, in one line
        if known is not None:
            log.warning("saving a new call failed: database unavailable (%s)", e)
            self._save_unavailable(known)
            return
        log.error("saving a new call failed", exc_info=e)
        if self.autosave(force=True):
            self.show_error(self.tr("保存失败：数据库暂时无法写入。已输入的内容已保存为草稿，请稍后再按 Ctrl+Enter。"))
        else:
            self.show_error(user_message(NO_DRAFT))

    def _save_in_background(self, call: NewCall, answer: str | None, dispatch: Dispatch | None) -> None:
        """Another program holds the write lock: wait for it on a worker, the window keeps painting.

        The form is locked meanwhile (what is saved is what is shown) and cannot be closed; the
        draft holds the words until the ticket is committed — the worker deletes it right after
        the commit, so a window closed meanwhile cannot bring the call back as a draft."""
        log.info("New Call: the database is busy; saving on a worker")
        self.autosave(force=True)
        self._autosave.stop()
        self._saving = True
        self._lock_form(True)
        self.error.setText(self.tr("数据库正被另一个程序占用：正在等待保存，请稍候…"))
        desk, actor, key = self.desk, self.actor, self.draft_key

        def save_and_forget_draft() -> Logged:
            logged = log_call(desk, actor, call, answer=answer, dispatch=dispatch)
            try:
                drafts.discard_draft(key)
            except OSError:
                log.warning("could not delete the draft after saving", exc_info=True)
            return logged

        def done(logged: Logged) -> None:
            self._saving = False
            self._save_done(logged)

        def failed(e: BaseException) -> None:
            self._saving = False
            self._lock_form(False)
            self._autosave.start()
            self.error.setText("")
            self._save_failed(e, answer)

        self._runner.submit(save_and_forget_draft, on_result=done, on_error=failed)

    def _lock_form(self, locked: bool) -> None:
        self.form.setEnabled(not locked)
        for w in (self.answer_panel, self.dispatch_panel, self.log_button, self.answer_button, self.dispatch_button,
                  self.save_button):
            w.setEnabled(not locked)
        if not locked:
            self.description.setFocus()

    @property
    def saving(self) -> bool:
        """A save is waiting for the database on a worker (the form is locked)."""
        return self._saving

    def _save_unavailable(self, err: UserError | None) -> None:
        """The database cannot be written (server gone, file locked): the form stays open, every
        word stays in it and in the draft file, and one line says why; Ctrl+Enter again later.
        `err` None: the reason is already on the error line (the pick lists could not be read).
        If the draft cannot be written either (disk full), the line says so instead."""
        reason = user_message(err) if err is not None else self.error.text()
        if self.autosave(force=True):
            self.show_error(self.tr("保存失败：{reason} 已输入的内容已保存为草稿，恢复后再按 Ctrl+Enter。")
                       .format(reason=reason))
        else:
            self.show_error(f"{reason} {user_message(NO_DRAFT)}".strip())

    # ------------------------------------------------------------ cancel
    def has_typed(self) -> bool:
        state = self.form_state()
        return form_draft.has_words(state) or state.get("dispatch_unit_id") is not None

    def reject(self) -> None:
        """Esc / Cancel / the close box: ask before throwing typed words away."""
        if self._saving:  # the call is being written: it can be neither dropped nor left half-way
            self.error.setText(self.tr("正在保存，请稍候…"))
            return
        if self.logged is None and self.has_typed():
            answer = QMessageBox.question(
                self, self.tr("放弃这条来电？"),
                self.tr("已输入的内容还没有保存。确定放弃吗？"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._autosave.stop()
        try:
            drafts.discard_draft(self.draft_key)
        except OSError:
            log.warning("could not delete the draft", exc_info=True)
        super().reject()

    def put_aside(self) -> bool:
        """Log out: close the form and keep every typed word as its author's draft.

        The draft is named by the user (services.drafts.draft_key), so the next
        person is never offered it; its author is, at their next log in. False
        while the call is being saved (then the form stays)."""
        if self._saving:
            self.error.setText(self.tr("正在保存，请稍候…"))
            return False
        if self.logged is None:
            self.autosave(force=True)
        self._autosave.stop()
        QDialog.reject(self)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.logged is not None:
            event.accept()
            return
        if self._saving:
            self.error.setText(self.tr("正在保存，请稍候…"))
            event.ignore()
            return
        # The program may be ending (the main window closed, tray Quit, logout) whatever is
        # answered below: the words typed since the last autosave go to the draft first.
        # "Yes, discard" then deletes it; "No" keeps it for the next start.
        self.autosave(force=True)
        self.reject()
        if self.isVisible():
            event.ignore()

    # ------------------------------------------------------------ drafts
    def _changed(self, *_args) -> None:
        if not self._restoring:
            self._dirty = True

    def form_state(self) -> dict[str, Any]:
        """Everything typed, as plain JSON-able values (the draft: new_call.draft)."""
        return form_draft.form_state(self)

    def autosave(self, force: bool = False) -> bool:
        """Write the draft if the form changed since the last write; True when written."""
        if self.logged is not None or not (self._dirty or force):
            return False
        try:
            if self.has_typed():
                drafts.save_draft(self.draft_key, self.form_state())
            else:
                drafts.discard_draft(self.draft_key)
        except (OSError, ValueError):
            log.warning("could not write the draft", exc_info=True)
            self.status.setText(self.tr("草稿未能保存"))
            return False
        self._dirty = False
        self.status.setText(self.tr("草稿已自动保存 {0}").format(self.desk.local_now().strftime("%H:%M:%S")))
        return True

    def restore(self, d: dict[str, Any]) -> None:
        """Fill the form from a draft (form_state's shape); unknown keys are ignored."""
        self._restoring = True
        try:
            form_draft.fill_fields(self, d)
        finally:
            self._restoring = False
        if self.phone.text().strip():
            self.check_phone()
        mode = d.get("mode")
        if mode in (MODE_ANSWER, MODE_DISPATCH):
            self.set_mode(mode)
            if mode == MODE_DISPATCH and d.get("dispatch_unit_id") is not None:
                self.dispatch_panel.set_picked(d.get("dispatch_unit_id"), d.get("dispatch_contact_id"))
        self.phone.setFocus()
        self._dirty = False
        self.status.setText(self.tr("已恢复未保存的草稿"))

    def fill_from_call(self, prefill: dict[str, Any], source: str) -> None:
        """From a ring's caller card: the number, the time the call was answered and, for a known caller,
        the name and address of their last ticket (`source`), marked as taken from history; all editable."""
        self._restoring = True
        try:
            form_draft.fill_fields(self, prefill)
        finally:
            self._restoring = False
        if self.phone.text().strip():
            self.check_phone()
        self._dirty = True
        if source:
            self.form.mark_from_history(source)
            self.status.setText(self.tr("姓名和地址取自上次工单 {number}（黄色），请核对").format(number=source))
        self.phone.setFocus()
