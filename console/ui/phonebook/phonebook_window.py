"""电话簿: find the unit that handles it and who answers now; keep the book right.

The search box takes what a tired operator types: part of a name, pinyin
initials (``jhsc`` finds 嘉宏三村物业), a person, a skill (修伞), digits of
a phone number. Kind, community and category narrow the list the way the
dispatch ranking reads them (console.services.phonebook_reads.search_units, run
on the worker pool, so a slow database never freezes the window). The
model holds the first `SHOWN` units of an answer (matched in SQL; a desk of
hundreds shows them all); past that the count says to type more, since each
unit read costs its contacts and duty hours (bench/bench_phonebook_search.py).

Editing, the spreadsheet import (checked and previewed first) and the export
open from here; every write returns Changes on `changed`.
"""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import UnitKind
from ...domain.errors import UserError
from ...domain.permissions import may
from ...services import categories as category_service
from ...services import phonebook as P
from ...services import phonebook_reads as PR
from ...services.context import Actor, Changes, Desk
from ..common import ask
from ..common.errors import failed_search_text, one_line, report_bug
from ..common.list_table import list_table
from ..common.menu_text import button_text
from ..common.workers import TaskRunner
from ..shell.i18n import current_lang
from ..shell.theme import set_role
from .unit_table_model import (
    COL_CATEGORIES,
    COL_COMMUNITIES,
    COL_KIND,
    COL_NAME,
    COL_NOW,
    COL_PHONES,
    UnitTableModel,
    unit_text,
)

log = logging.getLogger(__name__)

KEY = "phonebook-search"
DEBOUNCE_MS = 200
SHOWN = 500  # units read and listed at most; an empty box at a 50,000-unit desk finds thousands


def search(desk: Desk, text: str, kind: str | None, community_id: int | None,
           category_id: int | None) -> PR.UnitHits:
    """Runs on the worker pool."""
    return PR.find_units(desk, text, kind, community_id, category_id, limit=SHOWN)


class PhonebookWindow(QWidget):
    """A window of its own. `changed` carries the Changes of every write made from here."""

    changed = Signal(object)
    searched = Signal()  # a search answer was shown (tests wait for it)

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.desk, self.actor, self.runner = desk, actor, runner
        self.setObjectName("phonebookWindow")
        self.setWindowTitle(self.tr("电话簿"))
        self._rows_all: list[PR.UnitRow] = []
        self._more = False  # the search found more than the SHOWN listed
        self._dialog: QDialog | None = None

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("phonebookSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(60)
        self.search_edit.setPlaceholderText(self.tr("名称、拼音首字母、联系人、电话、技能"))
        self.kind = QComboBox()
        self.kind.setObjectName("phonebookKind")
        self.kind.addItem(self.tr("全部类别"), None)
        for k in UnitKind:
            self.kind.addItem(k.label(current_lang()), k.value)
        self.community = QComboBox()
        self.community.setObjectName("phonebookCommunity")
        self.category = QComboBox()
        self.category.setObjectName("phonebookCategory")
        self._fill_places()
        self.reachable = QCheckBox(self.tr("只看现在能联系上的(&N)"))
        self.reachable.setObjectName("phonebookReachable")
        self.count_label = QLabel()
        self.count_label.setObjectName("phonebookCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.model = UnitTableModel(self)
        self.table = list_table(self.model, "phonebookTable")
        hh = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        widths = {COL_NAME: "嘉定新城嘉宏三村物业服务中心", COL_KIND: max((k.label(current_lang()) for k in UnitKind), key=len),
                  COL_NOW: max(QCoreApplication.translate("UnitTableModel", "可联系"), QCoreApplication.translate("UnitTableModel", "不在岗"), key=len), COL_COMMUNITIES: "嘉宏三村、白马小区",
                  COL_CATEGORIES: "水电气、物业管理", COL_PHONES: "021-59123456"}
        for col, sample in widths.items():
            hh.resizeSection(col, min(fm.horizontalAdvance(sample) + 16, 150 if col == COL_KIND else 260))
        self.table.doubleClicked.connect(lambda _i: self.edit_unit())
        self.table.installEventFilter(self)

        self.detail = QPlainTextEdit()
        self.detail.setObjectName("unitDetail")
        self.detail.setReadOnly(True)  # plain text: a unit's notes are never markup
        self.detail.setTabChangesFocus(True)

        self.act_new = self._action(self.tr("新建单位(&N)…"), "Ctrl+N", self.new_unit, "actionNewUnit")
        self.act_edit = self._action(self.tr("编辑(&E)…"), "F2", self.edit_unit, "actionEditUnit")
        self.act_active = self._action(self.tr("停用/启用(&A)"), "Ctrl+Shift+A", self.toggle_active,
                                       "actionToggleUnit")
        self.act_delete = self._action(self.tr("删除(&D)…"), "Ctrl+Delete", self.delete_unit, "actionDeleteUnit")
        self.act_categories = self._action(self.tr("问题分类(&C)…"), None, self.edit_categories,
                                           "actionCategories")
        self.act_import = self._action(self.tr("导入(&I)…"), "Ctrl+I", self.import_units, "actionImportUnits")
        self.act_export = self._action(self.tr("导出(&X)…"), "Ctrl+E", self.export_units, "actionExportUnits")
        self.act_refresh = self._action(self.tr("刷新(&R)"), "F5", self.refresh, "actionRefreshPhonebook")
        self.act_find = self._action(self.tr("查找"), "Ctrl+F", self.focus_search, "actionFindUnit")
        self.addAction(self._action(self.tr("关闭"), "Esc", self.close, "actionClosePhonebook"))

        filters = QHBoxLayout()
        find = QLabel(self.tr("查找(&F)："))
        find.setBuddy(self.search_edit)
        filters.addWidget(find)
        filters.addWidget(self.search_edit, 2)
        for text, combo in ((self.tr("类别(&K)："), self.kind), (self.tr("社区(&Q)："), self.community),
                            (self.tr("分类(&L)："), self.category)):
            lab = QLabel(text)
            lab.setBuddy(combo)
            filters.addWidget(lab)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            filters.addWidget(combo, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.reachable)
        row2.addWidget(self.count_label, 1)
        buttons = QHBoxLayout()
        for a in (self.act_new, self.act_edit, self.act_active, self.act_delete, self.act_categories,
                  self.act_import, self.act_export):
            b = QPushButton(button_text(a.text()))
            b.setObjectName("button_" + a.objectName())
            if not a.shortcut().isEmpty():
                b.setToolTip(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(a.trigger)
            a.changed.connect(lambda b=b, a=a: b.setEnabled(a.isEnabled()))
            buttons.addWidget(b)
            if a is self.act_categories:  # the category editor is a supervisor's (管理 → 问题分类)
                b.setVisible(may(actor.role, "manage_lists"))
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("phonebookMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addLayout(row2)
        lay.addWidget(split, 1)
        lay.addWidget(self.message)
        lay.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self.search)
        self.search_edit.installEventFilter(self)
        for combo in (self.kind, self.community, self.category):
            combo.currentIndexChanged.connect(lambda _i: self.search())
        self.reachable.toggled.connect(lambda _on: self._show(self._rows_all))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        self.resize(1180, 640)
        split.setSizes([830, 330])
        self._update_actions()
        self.search()
        self.search_edit.setFocus()

    def _action(self, text: str, key: str | None, slot, name: str) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        if key:
            a.setShortcut(QKeySequence(key))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(lambda _=False: slot())
        self.addAction(a)
        return a

    def _fill_places(self) -> None:
        keep_c, keep_k = self.community.currentData(), self.category.currentData()
        for combo in (self.community, self.category):
            combo.blockSignals(True)
            combo.clear()
        self.community.addItem(self.tr("全部社区"), None)
        for c in category_service.community_choices(self.desk, include_retired=True):
            self.community.addItem(c.name, c.id)
        self.category.addItem(self.tr("全部分类"), None)
        for c in category_service.category_choices(self.desk, include_retired=True):
            self.category.addItem(c.path, c.id)
        for combo, keep in ((self.community, keep_c), (self.category, keep_k)):
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if obj is self.search_edit and key == Qt.Key.Key_Down:
                self.table.setFocus()
                if self.model.rowCount() and not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
            if obj is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.edit_unit()
                return True
        return super().eventFilter(obj, event)

    # -- searching -------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def search(self) -> None:
        self._timer.stop()
        self.count_label.setText(self.tr("正在查找…"))
        self.runner.submit(search, self.desk, self.search_edit.text().strip(), self.kind.currentData(),
                           self.community.currentData(), self.category.currentData(), key=KEY,
                           on_result=self._found, on_error=self._search_failed)

    def _found(self, hits: PR.UnitHits) -> None:
        self._rows_all, self._more = hits.rows, hits.more
        self._show(hits.rows)
        self.searched.emit()

    def _search_failed(self, e: BaseException) -> None:
        self.count_label.setText(failed_search_text(e, self.desk.db.display))
        self.searched.emit()

    def _show(self, rows: list[PR.UnitRow], keep: int | None = None) -> None:
        keep = keep if keep is not None else self.selected_id()
        if self.reachable.isChecked():
            rows = [r for r in rows if r.active and r.reachable_now]
        self.model.set_rows(rows)
        now = self.desk.local_now().strftime("%H:%M")
        reach = sum(1 for r in rows if r.active and r.reachable_now)
        text = self.tr("{n} 个单位，现在（{time}）能联系上 {r} 个").format(n=len(rows), time=now, r=reach)
        if self._more:
            text = self.tr("显示前 {n} 个单位，还有更多，请输入更多字词；其中现在（{time}）能联系上 {r} 个").format(
                n=len(self._rows_all), time=now, r=reach)
        self.count_label.setText(text)
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()

    def selected(self) -> PR.UnitRow | None:
        idx = self.table.currentIndex()
        return self.model.unit(idx.row()) if idx.isValid() else None

    def selected_id(self) -> int | None:
        u = self.selected()
        return u.id if u else None

    def select_unit(self, unit_id: int) -> bool:
        row = self.model.row_of(unit_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _show_selected(self) -> None:
        u = self.selected()
        self.detail.setPlainText(unit_text(u) if u else "")
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.selected() is not None
        for a in (self.act_edit, self.act_active, self.act_delete):
            a.setEnabled(has)

    def refresh(self, changes: Changes | None = None) -> None:
        """Re-read after a write (here, in another window or at another seat)."""
        if changes is not None and not (changes.units or changes.settings):
            return
        if changes is None or changes.settings:
            self._fill_places()
        self.search()

    def _wrote(self, changes: Changes, text: str = "", keep: int | None = None) -> None:
        if text:
            self.say(text)
        self.changed.emit(changes)
        if keep is not None:
            self.runner.submit(search, self.desk, self.search_edit.text().strip(), self.kind.currentData(),
                               self.community.currentData(), self.category.currentData(), key=KEY,
                               on_result=lambda rows, k=keep: self._found_keep(rows, k),
                               on_error=self._search_failed)
        else:
            self.refresh(changes)

    def _found_keep(self, hits: PR.UnitHits, keep: int) -> None:
        self._rows_all, self._more = hits.rows, hits.more
        self._show(hits.rows, keep)
        self.searched.emit()

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "ok")

    # -- editing ----------------------------------------------------------------------------
    def _open_editor(self, unit_id: int | None) -> None:
        from .unit_edit_dialog import UnitEditDialog

        try:
            dlg = UnitEditDialog(self.desk, self.actor, self, unit_id=unit_id)
        except UserError as e:  # deleted at another seat meanwhile
            self.say(e.message(current_lang()), error=True)
            self.refresh()
            return
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.saved.connect(lambda ch, d=dlg: self._wrote(ch, self.tr("已保存：{name}").format(name=d.name.text().strip()),
                                                       keep=d.unit_id))
        dlg.finished.connect(lambda _r: self.table.setFocus())
        self._dialog = dlg
        dlg.open()

    def new_unit(self) -> None:
        self._open_editor(None)

    def edit_unit(self) -> None:
        u = self.selected()
        if u is not None:
            self._open_editor(u.id)

    def toggle_active(self) -> None:
        u = self.selected()
        if u is None:
            return
        self._write(P.set_unit_active, u.id, not u.active,
                    done=(self.tr("已启用：{name}") if not u.active else self.tr("已停用：{name}")).format(name=u.name),
                    keep=u.id)

    def delete_unit(self) -> None:
        u = self.selected()
        if u is None:
            return
        if not ask.confirm(self, self.tr("删除单位"),
                           self.tr("删除“{name}”？\n已派过工单的单位不能删除，只能停用。").format(name=u.name)):
            return
        self._write(P.delete_unit, u.id, done=self.tr("已删除：{name}").format(name=u.name))

    def _write(self, fn, *args, done: str = "", keep: int | None = None) -> None:
        try:
            changes = fn(self.desk, self.actor, *args)
        except UserError as e:
            self.say(e.message(current_lang()), error=True)
            return
        except Exception as e:  # noqa: BLE001 - the crash handler logs it; the desk sees a sentence
            text = one_line(e, self.desk.db.display)  # locked, read-only, full, damaged: say which
            if text is None:
                report_bug(e)
                return
            log.warning("phonebook write failed: database unavailable (%s)", e)
            self.say(text, error=True)
            return
        self._wrote(changes if isinstance(changes, Changes) else Changes(units=True), done, keep)

    def edit_categories(self) -> None:
        """The one category editor (管理 → 问题分类), for supervisors and admins."""
        from ..admin.categories_dialog import CategoriesEditorDialog

        if not may(self.actor.role, "manage_lists"):
            return
        dlg = CategoriesEditorDialog(self.desk, self.actor, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.changed.connect(self._wrote)
        self._dialog = dlg
        dlg.open()

    # -- spreadsheets ---------------------------------------------------------------------------
    def import_units(self, path: str | None = None) -> None:
        from .unit_import_dialog import UnitImportDialog

        dlg = UnitImportDialog(self.desk, self.actor, self.runner, self, path=path)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.imported.connect(lambda ch: self._wrote(ch, self.tr("电话簿已导入。")))
        self._dialog = dlg
        dlg.open()

    def export_units(self, path: str | None = None) -> None:
        if path is None:
            default = _exports_dir() / f"电话簿-{datetime.now():%Y%m%d}.xlsx"
            path, _ = QFileDialog.getSaveFileName(self, self.tr("导出电话簿"), str(default),
                                                  self.tr("Excel 文件 (*.xlsx)"))
            if not path:
                return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        from ...services.imports.phonebook_export import export_phonebook_xlsx

        def work(desk, target):
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            return export_phonebook_xlsx(desk, target)

        self.say(self.tr("正在导出…"))
        self.act_export.setEnabled(False)
        self.runner.submit(work, self.desk, path, on_result=lambda n, p=path: self._exported(p, n),
                           on_error=self._export_failed)

    def _exported(self, path: str, rows: int) -> None:
        self.act_export.setEnabled(True)
        self.say(self.tr("已导出 {n} 行到 {path}").format(n=rows, path=path))

    def _export_failed(self, e: BaseException) -> None:
        self.act_export.setEnabled(True)
        if isinstance(e, (UserError, OSError)):
            text = e.message(current_lang()) if isinstance(e, UserError) else str(e)
            self.say(self.tr("导出失败：{why}").format(why=text), error=True)
        else:
            self.say(self.tr("导出失败，详细情况已记入日志。"), error=True)
            log.error("phonebook export failed", exc_info=(type(e), e, e.__traceback__))


def _exports_dir() -> Path:
    """Where reports go (services.shift_log decides); the home folder if that is unavailable."""
    try:
        from ...services.shift_log import default_exports_dir

        return default_exports_dir()
    except Exception:  # noqa: BLE001 - only a suggestion for the save dialog
        return Path.home()
