"""The entry dialogs of the 登记册: one special-group member (重点人群), one handbook entry (服务手册).

New or edit, Ctrl+S saves; the save goes through console.services.registers with the version the
dialog was opened on (a copy changed meanwhile at another seat is refused, not overwritten), and a
refusal or a failure stays in the dialog's error line (never a traceback).
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...services import categories as category_service
from ...services import registers as R
from ...services.context import Actor, Changes, Desk
from ..common.errors import one_line
from ..shell.i18n import current_lang
from ..shell.theme import set_role

log = logging.getLogger(__name__)


def _error_label() -> QLabel:
    lab = QLabel()
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setWordWrap(True)
    set_role(lab, "error")
    lab.hide()
    return lab


def _form_label(text: str, buddy: QWidget) -> QLabel:
    lab = QLabel(text)
    lab.setBuddy(buddy)
    return lab


def _plain_edit(lines: int, parent: QWidget) -> QPlainTextEdit:
    e = QPlainTextEdit()
    e.setTabChangesFocus(True)
    e.setMinimumHeight(parent.fontMetrics().height() * lines + 12)
    return e


def _try_save(save: Callable[[], Changes], error: QLabel, failed: str, what: str,
              where: str = "") -> Changes | None:
    """Runs a register dialog's save; a refusal or a failure goes to its error line (never a traceback)."""
    try:
        return save()
    except UserError as e:
        error.setText(e.message(current_lang()))
    except Exception as e:  # noqa: BLE001 - no traceback reaches the desk
        log.exception("saving %s failed", what)
        error.setText(one_line(e, where) or failed)  # locked, read-only, full, damaged: say which
    error.show()
    return None


class RegisterEntryDialog(QDialog):
    """What a register's entry dialog shares: Save / Cancel, Ctrl+S, the error line, and a save that says
    why it failed (a refusal or a database that cannot be written) instead of closing.

    A subclass builds its form, then calls `finish(form, width, height)`; it gives `_save` (create or update
    through console.services.registers, returning the Changes) and `what` (for the log)."""

    saved = Signal(object)
    what = "a register entry"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.error = _error_label()

    def finish(self, form: QFormLayout, width: int, height: int, *, form_stretch: int = 0) -> None:
        """Lay out `form`, the error line and the buttons; Ctrl+S saves."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save = QAction(self)
        save.setShortcut(QKeySequence("Ctrl+S"))
        save.triggered.connect(self.accept)
        self.addAction(save)
        lay = QVBoxLayout(self)
        lay.addLayout(form, form_stretch)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(width, height)

    def _save(self) -> Changes:
        raise NotImplementedError

    def accept(self) -> None:
        failed = QCoreApplication.translate("RegisterEntryDialog", "保存失败：数据库暂时无法写入，请稍后再试。")
        if (changes := _try_save(self._save, self.error, failed, self.what, self.desk.db.display)) is not None:
            self.saved.emit(changes)
            super().accept()


class SpecialMemberDialog(RegisterEntryDialog):
    """One special-group member: new (`member_id=None`) or edit. Ctrl+S saves."""

    what = "a special-group member"

    def __init__(self, desk: Desk, actor: Actor, parent=None, *, member_id: int | None = None):
        super().__init__(parent)
        self.desk, self.actor, self.member_id = desk, actor, member_id
        self._version: int | None = None  # the loaded member's version; None for a new one
        self.setObjectName("specialMemberDialog")
        self.setWindowTitle(self.tr("新建重点人群记录") if member_id is None else self.tr("编辑重点人群记录"))
        self.name = QLineEdit()
        self.name.setObjectName("memberName")
        self.name.setMaxLength(64)
        self.group = QComboBox()
        self.group.setObjectName("memberGroup")
        self.group.setEditable(True)
        self.group.addItems(R.group_suggestions(desk))
        self.phone = QLineEdit()
        self.phone.setObjectName("memberPhone")
        self.phone.setMaxLength(40)
        self.community = QComboBox()
        self.community.setObjectName("memberCommunity")
        self.community.addItem(self.tr("（不限）"), None)
        for c in category_service.community_choices(desk, include_retired=True):
            self.community.addItem(c.name, c.id)
        self.address = QLineEdit()
        self.address.setObjectName("memberAddress")
        self.address.setMaxLength(255)
        self.grid_worker = QLineEdit()
        self.grid_worker.setObjectName("memberGridWorker")
        self.grid_worker.setMaxLength(64)
        self.needs = _plain_edit(3, self)
        self.needs.setObjectName("memberNeeds")
        self.notes = _plain_edit(2, self)
        self.notes.setObjectName("memberNotes")
        form = QFormLayout()
        for text, field in ((self.tr("姓名(&M)："), self.name), (self.tr("人群类别(&G)："), self.group),
                            (self.tr("电话(&P)："), self.phone), (self.tr("社区(&C)："), self.community),
                            (self.tr("地址(&A)："), self.address), (self.tr("网格员(&W)："), self.grid_worker),
                            (self.tr("需求(&N)："), self.needs), (self.tr("备注(&B)："), self.notes)):
            form.addRow(_form_label(text, field), field)
        self.finish(form, 520, 460)
        if member_id is not None:
            d = R.load_special_member(desk, member_id)
            self._version = d.version  # the save says which copy it was made from (stale: refused)
            self.name.setText(d.name)
            self.group.setCurrentText(d.group)
            self.phone.setText(d.phone)
            self.community.setCurrentIndex(max(0, self.community.findData(d.community_id)))
            self.address.setText(d.address)
            self.grid_worker.setText(d.grid_worker)
            self.needs.setPlainText(d.needs)
            self.notes.setPlainText(d.notes)
        else:
            self.group.setCurrentText("")
        self.name.setFocus()

    def data(self) -> R.SpecialGroupInput:
        return R.SpecialGroupInput(
            name=self.name.text(), group=self.group.currentText(), phone=self.phone.text(),
            community_id=self.community.currentData(), address=self.address.text(),
            needs=self.needs.toPlainText(), grid_worker=self.grid_worker.text(), notes=self.notes.toPlainText(),
            version=self._version)

    def _save(self) -> Changes:
        if self.member_id is None:
            self.member_id = R.create_special_member(self.desk, self.actor, self.data())
            return Changes(registers=True)
        return R.update_special_member(self.desk, self.actor, self.member_id, self.data())



class HandbookEntryDialog(RegisterEntryDialog):
    """One handbook entry: a question, the standard answer, its category (or general), keywords."""

    what = "a handbook entry"

    def __init__(self, desk: Desk, actor: Actor, parent=None, *, entry_id: int | None = None):
        super().__init__(parent)
        self.desk, self.actor, self.entry_id = desk, actor, entry_id
        self._version: int | None = None  # the loaded entry's version; None for a new one
        self.setObjectName("handbookEntryDialog")
        self.setWindowTitle(self.tr("新建手册条目") if entry_id is None else self.tr("编辑手册条目"))
        self.question = QLineEdit()
        self.question.setObjectName("entryQuestion")
        self.category = QComboBox()
        self.category.setObjectName("entryCategory")
        self.category.addItem(self.tr("通用（不限分类）"), None)
        for c in category_service.category_choices(desk, include_retired=True):
            self.category.addItem(c.path, c.id)
        self.keywords = QLineEdit()
        self.keywords.setObjectName("entryKeywords")
        self.answer = _plain_edit(8, self)
        self.answer.setObjectName("entryAnswer")
        form = QFormLayout()
        for text, field in ((self.tr("问题(&Q)："), self.question), (self.tr("分类(&C)："), self.category),
                            (self.tr("关键词(&K)："), self.keywords), (self.tr("答复内容(&A)："), self.answer)):
            form.addRow(_form_label(text, field), field)
        self.finish(form, 600, 440, form_stretch=1)
        if entry_id is not None:
            d = R.load_handbook_entry(desk, entry_id)
            self._version = d.version
            self.question.setText(d.question)
            self.category.setCurrentIndex(max(0, self.category.findData(d.category_id)))
            self.keywords.setText(d.keywords)
            self.answer.setPlainText(d.answer)
        self.question.setFocus()

    def data(self) -> R.HandbookInput:
        return R.HandbookInput(question=self.question.text(), answer=self.answer.toPlainText(),
                               category_id=self.category.currentData(), keywords=self.keywords.text(),
                               version=self._version)

    def _save(self) -> Changes:
        if self.entry_id is None:
            self.entry_id = R.create_handbook_entry(self.desk, self.actor, self.data())
            return Changes(registers=True)
        return R.update_handbook_entry(self.desk, self.actor, self.entry_id, self.data())
