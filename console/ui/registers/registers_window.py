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
from ..common.errors import failed_search_text, one_line, report_bug
from ..common.list_table import list_table
from ..common.workers import TaskRunner
from ..shell.i18n import current_lang
from ..shell.theme import set_role
from .entry_dialogs import HandbookEntryDialog, SpecialMemberDialog
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
        self.count_label.setText(failed_search_text(e, self.desk.db.display))
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
