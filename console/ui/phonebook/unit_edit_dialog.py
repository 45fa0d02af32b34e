"""编辑单位: a unit's name and kind, where it works, what it handles, who answers and when.

The dialog only gathers fields; console.services.phonebook checks them
(phone numbers, duty hours that must parse, a unique name) and says what is
wrong in a sentence, shown here in the dialog; nothing is saved until every
check passes. Communities left unticked mean the whole street, as in the
dispatch ranking. Volunteers and craftsmen are units of kind 志愿者 / 工匠
with their skills written out, so the phonebook search finds "修伞".

Also here: the small categories dialog (new category, sub-category, rename).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import UnitKind
from ...domain.errors import UserError
from ...services import categories as category_service
from ...services import phonebook as P
from ...services.context import Actor, Changes, Desk
from ..common.errors import one_line
from ..shell.i18n import current_lang, is_english
from ..shell.theme import set_role

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
C_PERSON, C_ROLE, C_PHONES, C_DUTY = range(4)


def _label(text: str, buddy: QWidget) -> QLabel:
    lab = QLabel(text)
    lab.setBuddy(buddy)
    return lab


def checked_ids(lst: QListWidget) -> list[int]:
    return [lst.item(i).data(ID_ROLE) for i in range(lst.count())
            if lst.item(i).checkState() == Qt.CheckState.Checked]


class UnitEditDialog(QDialog):
    """New unit (`unit_id=None`) or edit one. `saved` carries Changes; `unit_id` is set after a create.

    Keys: Ctrl+S saves (Enter in a one-line field too), Ctrl+N adds a contact,
    Ctrl+Delete removes the contact under the cursor, F2 edits a contact's cell.
    """

    saved = Signal(object)

    def __init__(self, desk: Desk, actor: Actor, parent=None, *, unit_id: int | None = None):
        super().__init__(parent)
        self.desk, self.actor, self.unit_id = desk, actor, unit_id
        self._version: int | None = None  # the loaded unit's version (fill); None for a new unit
        self.setObjectName("unitEditDialog")
        self.setWindowTitle(self.tr("新建单位") if unit_id is None else self.tr("编辑单位"))
        lang = current_lang()

        self.name = QLineEdit()
        self.name.setObjectName("unitName")
        self.name.setMaxLength(P.MAX_NAME)
        self.kind = QComboBox()
        self.kind.setObjectName("unitKind")
        for k in UnitKind:
            self.kind.addItem(k.label(lang), k.value)
        self.active = QCheckBox(self.tr("在用（可派单）"))
        self.active.setObjectName("unitActive")
        self.active.setChecked(True)
        self.skills = QLineEdit()
        self.skills.setObjectName("unitSkills")
        self.skills.setPlaceholderText(self.tr("志愿者、工匠写明技能，如：修伞、磨刀、配钥匙"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("unitNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 3 + 12)

        self.communities = QListWidget()
        self.communities.setObjectName("unitCommunities")
        for c in category_service.community_choices(desk, include_retired=True):
            grid = (f" ({c.grid})" if is_english() else f"（{c.grid}）") if c.grid else ""
            item = QListWidgetItem(c.name + grid)
            item.setData(ID_ROLE, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.communities.addItem(item)
        self.categories = QListWidget()
        self.categories.setObjectName("unitCategories")
        for c in category_service.category_choices(desk, include_retired=True):
            item = QListWidgetItem(("    " + c.name) if c.parent_id is not None else c.name)
            item.setToolTip(c.path)
            item.setData(ID_ROLE, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.categories.addItem(item)

        self.contacts = QTableWidget(0, 4)
        self.contacts.setObjectName("unitContacts")
        self.contacts.setHorizontalHeaderLabels(
            [self.tr("联系人"), self.tr("职务"), self.tr("电话"), self.tr("值班时间")])
        self.contacts.verticalHeader().hide()
        self.contacts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.contacts.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                      | QAbstractItemView.EditTrigger.DoubleClicked
                                      | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.contacts.setTabKeyNavigation(False)
        hh = self.contacts.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        fm = self.fontMetrics()
        for col, sample in ((C_PERSON, "物业经理 周海燕"), (C_ROLE, "值班电工"), (C_PHONES, "021-59123456")):
            hh.resizeSection(col, fm.horizontalAdvance(sample) + 16)
        add = QPushButton(self.tr("添加联系人 Ctrl+N"))
        add.setObjectName("addContact")
        add.clicked.connect(self.add_contact)
        remove = QPushButton(self.tr("删除联系人 Ctrl+Del"))
        remove.setObjectName("removeContact")
        remove.clicked.connect(self.remove_contact)
        for b in (add, remove):
            b.setAutoDefault(False)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add_contact)
        QShortcut(QKeySequence("Ctrl+Delete"), self, activated=self.remove_contact)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.accept)
        duty_hint = QLabel(self.tr("值班时间写法：24小时、08:30-17:30、工作日 08:30-17:30、"
                                   "周末 09:00-12:00、20:00-08:00；空白表示不确定。"))
        duty_hint.setObjectName("dutyHint")  # in English too it quotes the Chinese words the parser reads
        duty_hint.setTextFormat(Qt.TextFormat.PlainText)
        duty_hint.setWordWrap(True)
        set_role(duty_hint, "hint")
        cover_hint = QLabel(self.tr("都不勾选 = 全街道"))
        cover_hint.setTextFormat(Qt.TextFormat.PlainText)
        set_role(cover_hint, "hint")

        self.error = QLabel()
        self.error.setObjectName("unitError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QGridLayout()
        left.addWidget(_label(self.tr("单位名称(&M)："), self.name), 0, 0)
        left.addWidget(self.name, 0, 1)
        left.addWidget(_label(self.tr("类别(&K)："), self.kind), 1, 0)
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.active)
        row.addStretch(1)
        left.addLayout(row, 1, 1)
        left.addWidget(_label(self.tr("擅长(&J)："), self.skills), 2, 0)
        left.addWidget(self.skills, 2, 1)
        left.addWidget(_label(self.tr("备注(&B)："), self.notes), 3, 0, Qt.AlignmentFlag.AlignTop)
        left.addWidget(self.notes, 3, 1)
        left.addWidget(_label(self.tr("联系人(&L)："), self.contacts), 4, 0, Qt.AlignmentFlag.AlignTop)
        contact_box = QVBoxLayout()
        contact_box.addWidget(self.contacts, 1)
        brow = QHBoxLayout()
        brow.addWidget(add)
        brow.addWidget(remove)
        brow.addStretch(1)
        contact_box.addLayout(brow)
        contact_box.addWidget(duty_hint)
        left.addLayout(contact_box, 4, 1)
        left.setRowStretch(4, 1)

        right = QVBoxLayout()
        right.addWidget(_label(self.tr("负责社区(&C)："), self.communities))
        right.addWidget(self.communities, 2)
        right.addWidget(cover_hint)
        right.addWidget(_label(self.tr("负责分类(&F)："), self.categories))
        right.addWidget(self.categories, 3)

        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addLayout(right, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.resize(980, 620)

        if unit_id is not None:
            self.fill(P.load_unit(desk, unit_id))
        else:
            self.add_contact(focus=False)
        self.name.setFocus()

    # -- fields ------------------------------------------------------------------
    def fill(self, data: P.UnitInput) -> None:
        self._version = data.version  # the save says which copy it was made from (stale: refused)
        self.name.setText(data.name)
        i = self.kind.findData(data.kind)
        self.kind.setCurrentIndex(max(i, 0))
        self.active.setChecked(data.active)
        self.skills.setText(data.skills)
        self.notes.setPlainText(data.notes)
        for lst, ids in ((self.communities, set(data.communities)), (self.categories, set(data.categories))):
            for r in range(lst.count()):
                it = lst.item(r)
                it.setCheckState(Qt.CheckState.Checked if it.data(ID_ROLE) in ids else Qt.CheckState.Unchecked)
        self.contacts.setRowCount(0)
        for c in data.contacts:
            self._append(c)

    def _append(self, c: P.ContactInput) -> int:
        r = self.contacts.rowCount()
        self.contacts.insertRow(r)
        for col, value in ((C_PERSON, c.person), (C_ROLE, c.role), (C_PHONES, c.phones), (C_DUTY, c.duty_hours)):
            item = QTableWidgetItem(value)
            if col == C_PERSON:
                item.setData(ID_ROLE, c.id)
            self.contacts.setItem(r, col, item)
        return r

    def add_contact(self, focus: bool = True) -> None:
        r = self._append(P.ContactInput())
        if focus:
            self.contacts.setFocus()
            self.contacts.setCurrentCell(r, C_PERSON)
            self.contacts.editItem(self.contacts.item(r, C_PERSON))

    def remove_contact(self) -> None:
        r = self.contacts.currentRow()
        if r >= 0:
            self.contacts.removeRow(r)

    def _cell(self, r: int, col: int) -> str:
        item = self.contacts.item(r, col)
        return item.text() if item else ""

    def unit_input(self) -> P.UnitInput:
        contacts = []
        for r in range(self.contacts.rowCount()):
            first = self.contacts.item(r, C_PERSON)
            contacts.append(P.ContactInput(
                person=self._cell(r, C_PERSON), role=self._cell(r, C_ROLE), phones=self._cell(r, C_PHONES),
                duty_hours=self._cell(r, C_DUTY), id=first.data(ID_ROLE) if first else None))
        return P.UnitInput(name=self.name.text(), kind=self.kind.currentData(),
                           communities=checked_ids(self.communities), categories=checked_ids(self.categories),
                           skills=self.skills.text(), notes=self.notes.toPlainText(),
                           active=self.active.isChecked(), contacts=contacts,
                           version=self._version)

    # -- saving ---------------------------------------------------------------------
    def accept(self) -> None:
        editor = QApplication.focusWidget()
        if self.contacts.state() == QAbstractItemView.State.EditingState and editor is not None \
                and self.contacts.isAncestorOf(editor):  # Ctrl+S while typing in a cell: keep what was typed
            self.contacts.commitData(editor)
            self.contacts.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        try:
            data = self.unit_input()
            if self.unit_id is None:
                self.unit_id = P.create_unit(self.desk, self.actor, data)
                changes = Changes(units=True)
            else:
                changes = P.update_unit(self.desk, self.actor, self.unit_id, data)
        except UserError as e:
            self.show_error(e.message(current_lang()))
            return
        except Exception as e:  # noqa: BLE001 - no traceback reaches the desk
            log.exception("saving a unit failed")
            self.show_error(one_line(e, self.desk.db.display)  # locked, read-only, full, damaged: say which
                            or self.tr("保存失败：数据库暂时无法写入，请稍后再试。"))
            return
        self.saved.emit(changes)
        super().accept()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
