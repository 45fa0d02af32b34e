"""导入电话簿: a spreadsheet checked first, shown row by row, then written in one go.

The street office's sheet has typos; an import that half-succeeds leaves a
phonebook nobody can trust at 3 a.m. So the file is read and checked on the
worker pool first (console.services.imports.units.parse_units_file, nothing
written), the bad rows are listed by row number and reason, and the 导入
button stays disabled while there is any. The operator may instead choose
"只导入正确的行" (import good rows only). The import itself is staged with
no lock held and then written in one short transaction (import_units_file),
on the worker pool: the window never freezes, its bar shows the staging, and
Cancel drops a check or stops an import until its write begins.
"""
from __future__ import annotations

import inspect
import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ...domain.errors import UserError
from ...services.context import Actor, Changes, Desk
from ...services.imports.units import ImportPlan, ImportReport, import_units_file, parse_units_file
from ..common.workers import JobState, TaskRunner
from ..shell.i18n import current_lang
from ..shell.theme import set_role
from .import_error_model import ErrorGroupModel

log = logging.getLogger(__name__)

KEY = "unit-import"


class UnitImportDialog(QDialog):
    """Pick a file → check (worker) → preview → import (worker). `imported` carries Changes."""

    imported = Signal(object)
    # what a subclass for another kind of sheet replaces (console.ui.exports.ticket_import_dialog)
    KEY = KEY
    parse_file = staticmethod(parse_units_file)  # (desk, path) -> plan with .errors and .ok
    import_file = staticmethod(import_units_file)  # (desk, actor, path, good_rows_only=) -> report

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent=None, *, path: str | None = None):
        super().__init__(parent)
        self.desk, self.actor, self.runner = desk, actor, runner
        self.plan: ImportPlan | None = None
        self.report: ImportReport | None = None
        self._busy = False
        self._importing = False
        # an import that stages first (import_units_file) can be cancelled until its one short write begins
        self._cancel = threading.Event()
        self._writing = False
        self.setObjectName("unitImportDialog")
        self.setWindowTitle(self.tr("导入电话簿"))

        self.path_edit = QLineEdit(path or "")
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("Excel 文件（.xlsx）"))
        self.path_edit.returnPressed.connect(self.check)
        browse = QPushButton(self.tr("选择文件(&O)…"))
        browse.setObjectName("browseButton")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        self.check_button = QPushButton(self.tr("检查(&K)"))
        self.check_button.setObjectName("checkButton")
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check)

        self.summary = QLabel(self.tr("先检查文件：有问题的行会按行号列出，检查时不会写入任何数据。"))
        self.summary.setObjectName("importSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 0)  # busy: reading a sheet has no useful percentage
        self.progress.setTextVisible(False)
        self.progress.hide()

        self.errors = ErrorGroupModel(self)
        self.error_view = QTableView()
        self.error_view.setObjectName("importErrors")
        self.error_view.setModel(self.errors)
        self.error_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.error_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.error_view.setWordWrap(False)
        self.error_view.verticalHeader().hide()
        self.error_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.error_view.verticalHeader().setDefaultSectionSize(self.error_view.fontMetrics().height() + 8)
        head = self.error_view.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.resizeSection(1, self.error_view.fontMetrics().horizontalAdvance("0000–0000、0000") + 24)
        head.resizeSection(2, self.error_view.fontMetrics().horizontalAdvance("00000") + 24)

        self.add_missing_box = QCheckBox(self.tr("新建文件中提到而本台没有的社区、单位和分类(&M)"))
        self.add_missing_box.setObjectName("addMissing")
        self.add_missing_box.setToolTip(self.tr("勾选后重新检查：先列出将新建的名称，导入时与数据在同一事务中一并写入。"))
        self.add_missing_box.toggled.connect(lambda _on: self.check())

        self.import_button = QPushButton(self.tr("导入(&I)"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(lambda: self.start_import(False))
        self.good_button = QPushButton(self.tr("只导入正确的行(&G)"))
        self.good_button.setObjectName("importGoodButton")
        self.good_button.setAutoDefault(False)
        self.good_button.clicked.connect(lambda: self.start_import(True))
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)

        file_row = QHBoxLayout()
        lab = QLabel(self.tr("文件(&F)："))
        lab.setBuddy(self.path_edit)
        file_row.addWidget(lab)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        file_row.addWidget(self.check_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.good_button)
        buttons.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addLayout(file_row)
        lay.addWidget(self.summary)
        lay.addWidget(self.progress)
        lay.addWidget(self.add_missing_box)
        lay.addWidget(self.error_view, 1)
        lay.addLayout(buttons)
        self.resize(760, 460)
        self._update_buttons()
        if path:
            self.check()
        else:
            self.path_edit.setFocus()

    # -- state -------------------------------------------------------------------
    def _update_buttons(self) -> None:
        p = self.plan
        done = self.report is not None and self.report.imported
        rows = p is not None and self._has_rows(p)
        self.import_button.setEnabled(not self._busy and not done and rows and p.ok)
        self.good_button.setEnabled(not self._busy and not done and rows and not p.ok)
        self.good_button.setVisible(p is not None and not p.ok)
        self.import_button.setDefault(self.import_button.isEnabled())
        self.check_button.setEnabled(not self._busy)
        self.add_missing_box.setEnabled(not self._importing and not done)
        self.cancel_button.setEnabled(not self._importing or (self._cancellable() and not self._writing))
        self.cancel_button.setText(self.tr("关闭") if done else self.tr("取消"))

    def _set_busy(self, busy: bool, text: str = "", *, importing: bool = False) -> None:
        self._busy = busy
        self._importing = busy and importing
        self.progress.setVisible(busy)
        if text:
            self.summary.setText(text)
        self._update_buttons()

    def _say(self, text: str, role: str = "") -> None:
        self.summary.setText(text)
        set_role(self.summary, role)

    # -- hooks for another kind of sheet ----------------------------------------------
    def _has_rows(self, plan) -> bool:
        """Whether the checked file has anything to write."""
        return bool(plan.units)

    def _browse_title(self) -> str:
        return self.tr("选择电话簿文件")

    def _describe(self, plan) -> tuple[str, str]:
        """The summary under the file name after a check, and its role ("ok"/"error")."""
        created, updated = len(plan.to_create), len(plan.to_update)
        if plan.ok:
            return (self.tr("共 {rows} 行，没有错误：将新建 {c} 个单位，更新 {u} 个。按“导入”写入电话簿。")
                    .format(rows=plan.rows_total, c=created, u=updated), "ok")
        return (self.tr("共 {rows} 行，其中 {bad} 行有问题（第 {list}{more} 行，见下表），尚未写入任何数据。"
                        "请改正文件后重新检查，或只导入正确的 {ok} 行（新建 {c} 个单位，更新 {u} 个）。")
                .format(rows=plan.rows_total, bad=len(plan.errors), list=self._bad_row_list(), more="",
                        ok=plan.rows_ok, c=created, u=updated), "error")

    def _missing_lines(self, plan) -> list[str]:
        """What --add-missing will create (listed before anything is written), or the hint to ask for it."""
        missing = getattr(plan, "missing", None)
        if missing:
            return [missing.summary(current_lang())]
        if self.errors.has_missing_names():
            return [self.tr("文件中提到的部分名称本台还没有：勾选“新建文件中提到而本台没有的社区、单位和分类”可一并新建。")]
        return []

    def _bad_row_list(self, limit: int = 12) -> str:
        """"3、4、9…": the first bad row numbers, for the summary."""
        numbers = sorted(set(self.errors.row_numbers()))
        return "、".join(str(n) for n in numbers[:limit]) + ("…" if len(numbers) > limit else "")

    # -- checking --------------------------------------------------------------------
    def browse(self) -> None:
        start = self.path_edit.text() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self._browse_title(), start,
                                              self.tr("Excel 文件 (*.xlsx)"))
        if path:
            self.path_edit.setText(path)
            self.check()

    def check(self) -> None:
        path = self.path_edit.text().strip()
        if not path or self._importing:
            return
        if self._busy:  # e.g. the add-missing box toggled during a check: that answer no longer fits
            self.runner.invalidate(self.KEY)
        self.plan, self.report = None, None
        self.errors.set_errors([])
        self.progress.setRange(0, 0)  # busy: reading a sheet has no useful percentage
        self._set_busy(True, self.tr("正在检查文件…"))
        self.runner.submit(self.parse_file, self.desk, path, add_missing=self.add_missing_box.isChecked(),
                           key=self.KEY, on_result=self._checked, on_error=self._failed)

    def _checked(self, plan: ImportPlan) -> None:
        self.plan = plan
        self._set_busy(False)
        self.errors.set_errors(plan.errors)
        text, role = self._describe(plan)
        self._say("\n".join([text, *self._missing_lines(plan)]), role)
        if not plan.ok:
            self.error_view.setFocus()
        self._update_buttons()

    def _failed(self, e: BaseException) -> None:
        self._set_busy(False)
        if isinstance(e, UserError):
            self._say(e.message(current_lang()), "error")
        else:
            self._say(self.tr("无法读取这个文件，详细情况已记入日志。"), "error")
            log.error("unit import failed", exc_info=(type(e), e, e.__traceback__))
        self._update_buttons()

    # -- importing ---------------------------------------------------------------------
    def start_import(self, good_rows_only: bool) -> None:
        p = self.plan
        if self._busy or p is None or not self._has_rows(p) or (p.errors and not good_rows_only):
            return
        self._cancel, self._writing = threading.Event(), False
        self._set_busy(True, self.tr("正在导入…"), importing=True)
        self.progress.setRange(0, 0)
        args = (self.desk, self.actor, self.path_edit.text().strip())
        kwargs = {"good_rows_only": good_rows_only, "add_missing": self.add_missing_box.isChecked()}
        if not self._cancellable():
            self.runner.submit(self.import_file, *args, **kwargs, key=self.KEY, on_result=self._imported,
                               on_error=self._failed)
            return
        cancel, run_import = self._cancel, self.import_file

        def run(*a, state: JobState, **kw):
            # on the worker thread: only the flag and the state, no widget
            def progress(done: int, total: int, phase: str = "") -> None:  # console.util.progress
                state.progress(done * 100 // total if total > 0 else 0, phase)
            return run_import(*a, cancelled=lambda: cancel.is_set() or state.cancelled, progress=progress, **kw)

        self.runner.submit(run, *args, **kwargs, key=self.KEY, pass_state=True, on_result=self._imported,
                           on_error=self._failed, on_progress=self._progressed)

    def _cancellable(self) -> bool:
        """Whether this sheet's importer stages and hears Cancel (the phonebook and the old-ticket register do)."""
        return "cancelled" in inspect.signature(self.import_file).parameters

    def _progressed(self, percent: int, phase: str) -> None:
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 100)
        self.progress.setValue(max(0, min(100, percent)))
        if phase == "write" and not self._writing:  # the one short transaction: it commits or not, no Cancel
            self._writing = True
            self._say(self._writing_text())
            self._update_buttons()

    def _writing_text(self) -> str:
        """Said while the import's one short final transaction runs (Cancel is no longer heard)."""
        return self.tr("正在写入电话簿…")

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self._set_busy(False)
        self.errors.set_errors(report.errors)
        self._say(self._report_text(report), "ok" if report.imported else "error")
        self._update_buttons()
        if report.imported:
            self.imported.emit(report.changes if isinstance(report.changes, Changes) else Changes(units=True))
            self.cancel_button.setFocus()

    def _report_text(self, report) -> str:
        """The summary after an import: the report's first line (its problems are in the table)."""
        return report.message(current_lang()).split("\n", 1)[0]

    def cancel(self) -> None:
        """Cancel a running check (its answer is dropped) or an import still staging (it stops and writes
        nothing), or close."""
        if self._importing:
            if self._cancellable() and not self._writing:
                self._cancel.set()
                self._say(self.tr("正在取消…"))
            return
        if self._busy:
            self.runner.invalidate(self.KEY)
            self._set_busy(False, self.tr("已取消检查。没有写入任何数据。"))
            return
        self.reject()

    def reject(self) -> None:
        if self._importing:
            return  # Esc during the write: wait for its answer
        if self._busy:
            self.runner.invalidate(self.KEY)
        super().reject()
