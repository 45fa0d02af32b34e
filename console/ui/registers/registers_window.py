"""登记册: the special-groups register (重点人群) and the service handbook (服务手册).

Both are read during calls (the New Call form shows a matching special-group
member and offers handbook answers) and kept here: list, search, new, edit,
delete. The special-groups register grows with the street, so its search
runs on the worker pool and the model holds at most LIMIT rows, saying so
when there are more. Residents' words (needs, notes, answers) are shown as
plain text only.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...services import categories as category_service
from ...services import registers as R
from ...services.context import Actor, Changes, Desk
from ..common import ask
from ..common.errors import one_line, report_bug
from ..common.list_table import list_table
from ..common.workers import TaskRunner
from ..shell.i18n import current_lang
from ..shell.theme import set_role
from .register_model import (
    HANDBOOK_HEADERS,
    MEMBER_HEADERS,
    RegisterModel,
    _entry_cells,
    _member_cells,
    entry_text,
    member_text,
)

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
LIMIT = 500

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


class SpecialMemberDialog(QDialog):
    """One special-group member: new (`member_id=None`) or edit. Ctrl+S saves."""

    saved = Signal(object)

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
        self.error = _error_label()
        form = QFormLayout()
        for text, field in ((self.tr("姓名(&M)："), self.name), (self.tr("人群类别(&G)："), self.group),
                            (self.tr("电话(&P)："), self.phone), (self.tr("社区(&C)："), self.community),
                            (self.tr("地址(&A)："), self.address), (self.tr("网格员(&W)："), self.grid_worker),
                            (self.tr("需求(&N)："), self.needs), (self.tr("备注(&B)："), self.notes)):
            form.addRow(_form_label(text, field), field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save = QAction(self)
        save.setShortcut(QKeySequence("Ctrl+S"))
        save.triggered.connect(self.accept)
        self.addAction(save)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(520, 460)
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

    def accept(self) -> None:
        failed = self.tr("保存失败：数据库暂时无法写入，请稍后再试。")
        if (changes := _try_save(self._save, self.error, failed, "a special-group member",
                                 self.desk.db.display)) is not None:
            self.saved.emit(changes)
            super().accept()


class HandbookEntryDialog(QDialog):
    """One handbook entry: a question, the standard answer, its category (or general), keywords."""

    saved = Signal(object)

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
        self.error = _error_label()
        form = QFormLayout()
        for text, field in ((self.tr("问题(&Q)："), self.question), (self.tr("分类(&C)："), self.category),
                            (self.tr("关键词(&K)："), self.keywords), (self.tr("答复内容(&A)："), self.answer)):
            form.addRow(_form_label(text, field), field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save = QAction(self)
        save.setShortcut(QKeySequence("Ctrl+S"))
        save.triggered.connect(self.accept)
        self.addAction(save)
        lay = QVBoxLayout(self)
        lay.addLayout(form, 1)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(600, 440)
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

    def accept(self) -> None:
        failed = self.tr("保存失败：数据库暂时无法写入，请稍后再试。")
        if (changes := _try_save(self._save, self.error, failed, "a handbook entry",
                                 self.desk.db.display)) is not None:
            self.saved.emit(changes)
            super().accept()


def find_members(desk: Desk, text: str, group: str | None, community_id: int | None):
    """Worker pool: one more than LIMIT, so the window can tell there are more."""
    return R.search_special_members(desk, text, group, community_id, limit=LIMIT + 1)


def find_entries(desk: Desk, text: str, category_id: int | None):
    return R.handbook_for(desk, category_id, text)


class RegisterTab(QWidget):
    """A register's list, search, detail and buttons; the two tabs differ in their parts only."""

    changed = Signal(object)
    searched = Signal()

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, *, key: str, headers, cells, text_of,
                 filters: list[tuple[str, QComboBox]], find, dialog_cls, delete_fn, placeholder: str,
                 parent=None):
        super().__init__(parent)
        self.desk, self.actor, self.runner = desk, actor, runner
        self._key, self._text_of, self._find = key, text_of, find
        self._dialog_cls, self._delete_fn = dialog_cls, delete_fn
        self._filters = [c for _, c in filters]
        self._dialog: QDialog | None = None

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName(f"{key}Search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(60)
        self.search_edit.setPlaceholderText(placeholder)
        self.model = RegisterModel(headers, cells, self)
        self.table = list_table(self.model, f"{key}Table")
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.installEventFilter(self)
        self.search_edit.installEventFilter(self)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName(f"{key}Detail")
        self.detail.setReadOnly(True)
        self.detail.setTabChangesFocus(True)
        self.count_label = QLabel()
        self.count_label.setObjectName(f"{key}Count")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        lab = QLabel(self.tr("查找(&F)："))
        lab.setBuddy(self.search_edit)
        top.addWidget(lab)
        top.addWidget(self.search_edit, 3)
        for text, combo in filters:
            lab = QLabel(text)
            lab.setBuddy(combo)
            top.addWidget(lab)
            top.addWidget(combo, 1)
            combo.currentIndexChanged.connect(lambda _i: self.search())
        top.addWidget(self.count_label, 2)

        self.act_new = self._action(self.tr("新建(&N)…"), "Ctrl+N", self.new, f"{key}New")
        self.act_edit = self._action(self.tr("编辑(&E)…"), "F2", self.edit, f"{key}Edit")
        self.act_delete = self._action(self.tr("删除(&D)…"), "Ctrl+Delete", self.delete, f"{key}Delete")
        buttons = QHBoxLayout()
        for a in (self.act_new, self.act_edit, self.act_delete):
            b = QPushButton(a.text().replace("…", ""))
            b.setObjectName(f"button_{a.objectName()}")
            b.setToolTip(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(a.trigger)
            a.changed.connect(lambda b=b, a=a: b.setEnabled(a.isEnabled()))
            buttons.addWidget(b)
        buttons.addWidget(self.message, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self.search)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self._update_actions()

    def _action(self, text: str, key: str, slot, name: str) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        a.setShortcut(QKeySequence(key))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(lambda _=False: slot())
        self.addAction(a)
        return a

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress:
            if obj is self.search_edit and event.key() == Qt.Key.Key_Down:
                self.table.setFocus()
                if self.model.rowCount() and not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
            if obj is self.table and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and not event.modifiers():
                self.edit()
                return True
        return super().eventFilter(obj, event)

    # -- list ----------------------------------------------------------------------
    def search(self, keep: int | None = None) -> None:
        self._timer.stop()
        keep = keep if keep is not None else self.selected_id()
        args = [c.currentData() for c in self._filters]
        self.runner.submit(self._find, self.desk, self.search_edit.text().strip(), *args, key=self._key,
                           on_result=lambda rows, k=keep: self._found(rows, k), on_error=self._failed)

    def _found(self, rows: list, keep: int | None) -> None:
        more = len(rows) > LIMIT
        rows = rows[:LIMIT]
        self.model.set_rows(rows)
        if more:
            self.count_label.setText(self.tr("只显示前 {n} 条，请缩小查找范围").format(n=LIMIT))
        else:
            self.count_label.setText(self.tr("{n} 条").format(n=len(rows)))
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()
        self.searched.emit()

    def _failed(self, e: BaseException) -> None:
        if isinstance(e, UserError):
            self.count_label.setText(e.message(current_lang()))
        else:
            self.count_label.setText(self.tr("查找出错，已记入日志"))
            log.error("register search failed", exc_info=(type(e), e, e.__traceback__))
        self.searched.emit()

    def selected(self):
        idx = self.table.currentIndex()
        return self.model.row(idx.row()) if idx.isValid() else None

    def selected_id(self) -> int | None:
        r = self.selected()
        return r.id if r is not None else None

    def _show_selected(self) -> None:
        r = self.selected()
        self.detail.setPlainText(self._text_of(r) if r is not None else "")
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.selected() is not None
        self.act_edit.setEnabled(has)
        self.act_delete.setEnabled(has)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "ok")

    # -- editing ---------------------------------------------------------------------
    def _open(self, row_id: int | None) -> None:
        kw = {"member_id" if self._dialog_cls is SpecialMemberDialog else "entry_id": row_id}
        try:
            dlg = self._dialog_cls(self.desk, self.actor, self, **kw)
        except UserError as e:
            self.say(e.message(current_lang()), error=True)
            self.search()
            return
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.saved.connect(lambda ch, d=dlg: self._saved(ch, d))
        dlg.finished.connect(lambda _r: self.table.setFocus())
        self._dialog = dlg
        dlg.open()

    def _saved(self, changes: Changes, dlg) -> None:
        self.say(self.tr("已保存。"))
        self.search(keep=getattr(dlg, "member_id", None) or getattr(dlg, "entry_id", None))
        self.changed.emit(changes)

    def new(self) -> None:
        self._open(None)

    def edit(self) -> None:
        rid = self.selected_id()
        if rid is not None:
            self._open(rid)

    def delete(self) -> None:
        rid = self.selected_id()
        if rid is None:
            return
        if not ask.confirm(self, self.tr("删除"), self.tr("删除选中的这一条？删除记录会留在操作日志中。")):
            return
        try:
            changes = self._delete_fn(self.desk, self.actor, rid)
        except UserError as e:
            self.say(e.message(current_lang()), error=True)
            return
        except Exception as e:  # noqa: BLE001 - the crash handler logs it
            text = one_line(e, self.desk.db.display)  # locked, read-only, full, damaged: say which
            if text is None:
                report_bug(e)
                return
            log.warning("deleting a register entry failed: database unavailable (%s)", e)
            self.say(text, error=True)
            return
        self.say(self.tr("已删除。"))
        self.search()
        self.changed.emit(changes)


class RegistersWindow(QWidget):
    """Two tabs: 重点人群 (Ctrl+1) and 服务手册 (Ctrl+2). `changed` carries every write's Changes."""

    changed = Signal(object)

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.desk, self.actor = desk, actor
        self.setObjectName("registersWindow")
        self.setWindowTitle(self.tr("登记册"))

        group = QComboBox()
        group.setObjectName("memberGroupFilter")
        self._group_filter = group
        self._fill_groups()
        community = QComboBox()
        community.setObjectName("memberCommunityFilter")
        community.addItem(self.tr("全部社区"), None)
        for c in category_service.community_choices(desk, include_retired=True):
            community.addItem(c.name, c.id)
        self.members = RegisterTab(
            desk, actor, runner, key="members", headers=MEMBER_HEADERS, cells=_member_cells, text_of=member_text,
            filters=[(self.tr("人群(&G)："), group), (self.tr("社区(&Q)："), community)], find=find_members,
            dialog_cls=SpecialMemberDialog, delete_fn=R.delete_special_member,
            placeholder=self.tr("姓名、电话、地址、需求、网格员"))
        category = QComboBox()
        category.setObjectName("entryCategoryFilter")
        category.addItem(self.tr("全部分类"), None)
        for c in category_service.category_choices(desk, include_retired=True):
            category.addItem(c.path, c.id)
        self.handbook = RegisterTab(
            desk, actor, runner, key="handbook", headers=HANDBOOK_HEADERS, cells=_entry_cells, text_of=entry_text,
            filters=[(self.tr("分类(&L)："), category)], find=find_entries, dialog_cls=HandbookEntryDialog,
            delete_fn=R.delete_handbook_entry, placeholder=self.tr("问题、答复、关键词"))
        fm = self.fontMetrics()
        for col, sample in ((0, "欧阳建国建国"), (1, "独居老人老人"), (2, "021-59123456"), (3, "紫气东来苑"),
                            (4, "12号楼 302 室 东门"), (5, "每周上门测血压，行动不便")):
            self.members.table.horizontalHeader().resizeSection(col, fm.horizontalAdvance(sample) + 16)
        for col, sample in ((0, "噪音扰民/装修噪音"), (1, "停电了怎么办？什么时候来电？")):
            self.handbook.table.horizontalHeader().resizeSection(col, fm.horizontalAdvance(sample) + 16)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("registerTabs")
        self.tabs.addTab(self.members, self.tr("重点人群(&1)"))
        self.tabs.addTab(self.handbook, self.tr("服务手册(&2)"))
        for i, key in enumerate(("Ctrl+1", "Ctrl+2")):
            a = QAction(self)
            a.setShortcut(QKeySequence(key))
            a.triggered.connect(lambda _=False, i=i: self.show_tab(i))
            self.addAction(a)
        close = QAction(self)
        close.setShortcut(QKeySequence("Esc"))
        close.triggered.connect(self.close)
        self.addAction(close)
        self.tabs.currentChanged.connect(lambda i: self.show_tab(i))
        for tab in (self.members, self.handbook):
            tab.changed.connect(self.changed)
        self.members.changed.connect(lambda _c: self._fill_groups())
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        self.resize(1100, 600)
        self.members.search()
        self.handbook.search()
        self.members.search_edit.setFocus()

    def _fill_groups(self) -> None:
        combo = self._group_filter
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("全部人群"), None)
        for g in R.groups_in_use(self.desk):
            combo.addItem(g, g)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)

    def show_tab(self, i: int) -> None:
        if self.tabs.currentIndex() != i:
            self.tabs.setCurrentIndex(i)
        tab = self.tabs.widget(i)
        tab.search_edit.setFocus()

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None or changes.registers or changes.settings:
            self._fill_groups()
            self.members.search()
            self.handbook.search()
