"""文件 → 导出: the shift log (PDF), the quarterly analysis (Excel) and the open data (Open311 JSON).

The exports can take a while (a quarter of a city is hundreds of
thousands of rows), so they run on the worker pool, never on the GUI
thread — the quarterly one in a process of its own, which the worker
waits on (services.export_process); the dialog shows a progress bar and a Cancel button that asks the
export to stop. The services guarantee that a cancelled or failed export
leaves no file behind, so Cancel here only has to ask and then wait for
the answer. Phone numbers are masked unless a supervisor unticks that;
operators see the box disabled (and the service refuses them anyway).
"""
from __future__ import annotations

import logging
import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.open311 import period_days
from ...domain.permissions import may
from ...domain.timeutil import shift_of
from ...services.context import Actor, Desk
from ...services.desk_settings import desk_shift_hours
from ...services.shift_log import default_exports_dir, export_shift_log
from ...services.shifts import latest_shift
from ..common.workers import JobState, TaskRunner
from ..shell.i18n import current_lang
from ..shell.theme import set_role

log = logging.getLogger(__name__)


def last_complete_quarter(today: date) -> tuple[int, int]:
    """The quarter before the one `today` is in: what a quarterly report is usually about."""
    q = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if q == 1 else (today.year, q - 1)


class ExportDialog(QDialog):
    """What both exports share: a folder, the mask box, progress, Cancel, the result.

    A subclass adds its own fields to `self.form` and implements `job()`,
    which returns the function to run on the worker (called with
    `cancelled` and `progress` callables, safe to call from that thread).
    """

    KEY = "export"

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent=None):
        super().__init__(parent)
        self.desk, self.actor, self.runner = desk, actor, runner
        self.result_path: Path | None = None  # the first file written (the folder opened is its folder)
        self.result_paths: list[Path] = []  # every file written, named in the message
        self._busy = False
        self._cancel = threading.Event()

        self.form = QFormLayout()
        self.folder_edit = QLineEdit(str(default_exports_dir()))
        self.folder_edit.setObjectName("exportFolder")
        browse = QPushButton(self.tr("选择(&B)…"))
        browse.setObjectName("browseFolder")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self._folder_row = folder_row

        self.unmasked_box = QCheckBox(self.tr("不打码（仅值班领导）"))
        self.unmasked_box.setObjectName("unmaskedBox")
        self.unmasked_box.setEnabled(may(actor.role, "export_unmasked"))
        if not self.unmasked_box.isEnabled():
            self.unmasked_box.setToolTip(self.tr("只有值班领导或管理员可以导出完整的电话号码。"))

        self.message = QLabel("")
        self.message.setObjectName("exportMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.hide()

        self.export_button = QPushButton(self.tr("导出(&E)"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.open_button = QPushButton(self.tr("打开文件夹(&O)"))
        self.open_button.setObjectName("openFolderButton")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.hide()
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.message)
        lay.addWidget(self.progress)
        lay.addStretch(1)
        lay.addLayout(buttons)

    def _add_common_rows(self) -> None:
        """Folder and mask rows, after the subclass's own fields."""
        folder_label = QLabel(self.tr("保存到(&F)："))
        folder_label.setBuddy(self.folder_edit)  # the label's Alt+F (a plain row title would show "&F")
        self.form.addRow(folder_label, self._folder_row)
        self.form.addRow("", self.unmasked_box)
        self.resize(520, self.sizeHint().height())

    # -- for subclasses ---------------------------------------------------------------
    def job(self):
        """(fn, args, kwargs) for the worker; `fn` gets `cancelled=` and `progress=` too."""
        raise NotImplementedError

    @property
    def mask(self) -> bool:
        return not (self.unmasked_box.isEnabled() and self.unmasked_box.isChecked())

    @property
    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip() or str(default_exports_dir())).expanduser()

    # -- running -----------------------------------------------------------------------
    def browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("选择保存的文件夹"), str(self.folder))
        if path:
            self.folder_edit.setText(path)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.export_button.setEnabled(not busy)
        for w in self.findChildren(QWidget):
            if w.property("exportField"):
                w.setEnabled(not busy)
        self.cancel_button.setText(self.tr("取消") if busy or self.result_path is None else self.tr("关闭"))

    def _say(self, text: str, role: str = "") -> None:
        self.message.setText(text)
        set_role(self.message, role)

    def working_text(self) -> str:
        """What the dialog says while its job runs."""
        return self.tr("正在导出…")

    def start(self) -> None:
        if self._busy:
            return
        try:
            fn, args, kwargs = self.job()
        except UserError as e:
            self._say(e.message(current_lang()), "error")
            return
        self.result_path = None
        self.result_paths = []
        self.open_button.hide()
        self._cancel = threading.Event()
        cancel = self._cancel
        self.progress.setRange(0, 0)  # busy until the export reports a percentage
        self._say(self.working_text())
        self._set_busy(True)

        def run(*a, state: JobState, **kw):
            # on the worker thread: touch no widget, only the flag and the state
            def progress(done: int, total: int, phase: str = "") -> None:  # console.util.progress
                state.progress(done * 100 // total if total > 0 else 0)
            return fn(*a, cancelled=lambda: cancel.is_set() or state.cancelled, progress=progress, **kw)

        self.runner.submit(run, *args, key=self.KEY, pass_state=True, on_result=self._done,
                           on_error=self._failed, on_progress=self._progressed, **kwargs)

    def _progressed(self, percent: int, _text: str) -> None:
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 100)
        self.progress.setValue(max(0, min(100, percent)))

    def _done(self, written: Path | list[Path]) -> None:
        """`written`: the file, or every file, the export wrote (the quarterly: workbook and PDF)."""
        self.result_paths = [Path(p) for p in (written if isinstance(written, (list, tuple)) else [written])]
        self.result_path = self.result_paths[0]
        self._set_busy(False)
        folder = self.result_path.parent
        if len(self.result_paths) == 1:
            self._say(self.tr("已导出到：\n{path}").format(path=str(self.result_path)), "ok")
        else:
            names = "\n".join(p.name if p.parent == folder else str(p) for p in self.result_paths)
            self._say(self.tr("已导出 {n} 个文件到 {folder}：\n{names}").format(
                n=len(self.result_paths), folder=str(folder), names=names), "ok")
        self.open_button.show()
        self.open_button.setFocus()

    def _failed(self, e: BaseException) -> None:
        from ...reports import ExportCancelled

        self._set_busy(False)
        if isinstance(e, ExportCancelled):
            self._say(self.tr("已取消导出，没有生成文件。"))
        elif isinstance(e, UserError):
            self._say(e.message(current_lang()).split("\n", 1)[0], "error")
        else:
            self._say(self.tr("导出失败，详细情况已记入日志。"), "error")
            log.error("export failed", exc_info=(type(e), e, e.__traceback__))

    def open_folder(self) -> None:
        if self.result_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_path.parent)))

    def cancel(self) -> None:
        """While exporting: ask the export to stop (its answer says when it has). Else close."""
        if self._busy:
            self._cancel.set()
            self._say(self.tr("正在取消…"))
            return
        self.reject()

    def reject(self) -> None:
        if self._busy:  # Esc or the window's close button: stop the export, drop its answer
            self._cancel.set()
            self.runner.invalidate(self.KEY)
            self._set_busy(False)
        super().reject()


def _field(w: QWidget) -> QWidget:
    w.setProperty("exportField", True)  # disabled while the export runs
    return w


class ShiftLogExportDialog(ExportDialog):
    """导出交接班日志: the open (or last) shift, or a date and day/night, as a PDF."""

    KEY = "export-shift-log"

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent=None):
        super().__init__(desk, actor, runner, parent)
        self.setObjectName("shiftLogExportDialog")
        self.setWindowTitle(self.tr("导出交接班日志"))
        self.shift = latest_shift(desk)
        from ..shifts.shift_dialogs import shift_title

        if self.shift is None:
            label = self.tr("本班次（还没有任何班次）")
        elif self.shift.ended_at is None:
            label = self.tr("本班次：{shift}").format(shift=shift_title(desk, self.shift))
        else:
            label = self.tr("上一班次：{shift}").format(shift=shift_title(desk, self.shift))
        self.shift_radio = _field(QRadioButton(label))
        self.shift_radio.setObjectName("shiftRadio")
        self.shift_radio.setEnabled(self.shift is not None)
        self.date_radio = _field(QRadioButton(self.tr("按日期(&D)：")))
        self.date_radio.setObjectName("dateRadio")
        group = QButtonGroup(self)
        group.addButton(self.shift_radio)
        group.addButton(self.date_radio)

        day, night = shift_of(desk.now(), desk.tz, **desk_shift_hours(desk).as_kwargs())
        self.date_edit = _field(QDateEdit(QDate(day.year, day.month, day.day)))
        self.date_edit.setObjectName("shiftDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.kind_combo = _field(QComboBox())
        self.kind_combo.setObjectName("shiftKind")
        self.kind_combo.addItem(self.tr("白班"), False)
        self.kind_combo.addItem(self.tr("夜班"), True)
        self.kind_combo.setCurrentIndex(1 if night else 0)
        row = QHBoxLayout()
        row.addWidget(self.date_radio)
        row.addWidget(self.date_edit)
        row.addWidget(self.kind_combo)
        row.addStretch(1)
        self.date_radio.toggled.connect(self._sync_fields)
        self.form.addRow(self.tr("班次："), self.shift_radio)
        self.form.addRow("", row)
        self.full_backlog_box = _field(QCheckBox(self.tr("列出全部以前积压的工单(&L)")))
        self.full_backlog_box.setObjectName("fullBacklogBox")
        self.full_backlog_box.setToolTip(self.tr("不勾选时，以前积压的未办结工单按承办单位和已受理时长汇总成一张表。"))
        self.form.addRow("", self.full_backlog_box)
        (self.shift_radio if self.shift is not None else self.date_radio).setChecked(True)
        self._sync_fields()
        self._add_common_rows()

    def _sync_fields(self) -> None:
        on = self.date_radio.isChecked() and not self._busy
        self.date_edit.setEnabled(on)
        self.kind_combo.setEnabled(on)

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        if hasattr(self, "shift_radio"):
            self.shift_radio.setEnabled(not busy and self.shift is not None)
            self._sync_fields()

    def job(self):
        kw: dict = {"out": self.folder, "mask": self.mask, "full_backlog": self.full_backlog_box.isChecked()}
        if self.shift_radio.isChecked() and self.shift is not None:
            kw["shift_id"] = self.shift.id
        else:
            kw["day"] = self.date_edit.date().toPython()
            kw["night"] = bool(self.kind_combo.currentData())

        def run(desk, actor, *, cancelled, progress, **kw):
            return export_shift_log(desk, actor, cancelled=cancelled, **kw)  # pages: no useful percentage
        return run, (self.desk, self.actor), kw


class ShiftLogPrintDialog(ShiftLogExportDialog):
    """文件 → 打印交接班日志 (Ctrl+P): the same choice of shift and mask as the export, no folder; the log is
    written on the worker into a temporary file and handed over as bytes (`pdf_ready`) for the preview."""

    KEY = "print-shift-log"
    pdf_ready = Signal(bytes)

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent=None):
        super().__init__(desk, actor, runner, parent)
        self.setObjectName("shiftLogPrintDialog")
        self.setWindowTitle(self.tr("打印交接班日志"))
        self.export_button.setText(self.tr("打印预览(&P)…"))

    def _add_common_rows(self) -> None:
        super()._add_common_rows()
        self.form.setRowVisible(self._folder_row, False)  # nothing is kept: no folder to choose
        self.resize(520, self.sizeHint().height())

    def job(self):
        _export, args, kw = super().job()
        del kw["out"]
        return shift_log_bytes, args, kw

    def working_text(self) -> str:
        return self.tr("正在准备打印预览…")

    def _done(self, pdf: bytes) -> None:  # type: ignore[override]
        self._set_busy(False)
        self.accept()
        self.pdf_ready.emit(pdf)


def shift_log_bytes(desk, actor, *, cancelled, progress, **kw) -> bytes:
    """The shift log as PDF bytes: written (and audited) as the export writes it, into a folder removed after."""
    with tempfile.TemporaryDirectory(prefix="hotline-print-") as folder:
        return export_shift_log(desk, actor, out=Path(folder), cancelled=cancelled, **kw).read_bytes()


class QuarterlyExportDialog(ExportDialog):
    """导出季度分析: a quarter (default: the last complete one) as an Excel workbook."""

    KEY = "export-quarterly"

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent=None):
        super().__init__(desk, actor, runner, parent)
        self.setObjectName("quarterlyExportDialog")
        self.setWindowTitle(self.tr("导出季度分析"))
        year, quarter = last_complete_quarter(desk.local(desk.now()).date())
        self.year_spin = _field(QSpinBox())
        self.year_spin.setObjectName("yearSpin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year)
        self.quarter_combo = _field(QComboBox())
        self.quarter_combo.setObjectName("quarterCombo")
        for q in range(1, 5):
            self.quarter_combo.addItem(self.tr("第 {q} 季度").format(q=q), q)
        self.quarter_combo.setCurrentIndex(quarter - 1)
        row = QHBoxLayout()
        row.addWidget(self.year_spin)
        row.addWidget(self.quarter_combo)
        row.addStretch(1)
        lab = QLabel(self.tr("年份与季度(&Y)："))
        lab.setBuddy(self.year_spin)
        self.form.addRow(lab, row)
        self._add_common_rows()
        self.year_spin.setFocus()

    def job(self):
        return export_quarterly_both, (self.desk, self.actor, self.year_spin.value(),
                                       int(self.quarter_combo.currentData()), self.folder), {"mask": self.mask}


def export_quarterly_both(desk, actor, year: int, quarter: int, folder, *, mask: bool, cancelled,
                          progress) -> list[Path]:
    """The workbook, then the PDF of the same figures beside it; returns both paths, the workbook's first.

    In a process of its own (services.export_process): the workbook's writer holds the GIL for long
    stretches, and this window must keep answering meanwhile. On a SQLite desk at the schema head the child
    writes them without SQLAlchemy (services.quarterly_lite: the same files and audit rows)."""
    from ...services.export_process import run_in_process
    from ...services.exports import export_quarterly_files  # the writers load in the child
    from ...services.quarterly_lite import export_quarterly_files_lite

    paths = run_in_process(export_quarterly_files, desk, actor, year, quarter, folder, mask=mask,
                           cancelled=cancelled, progress=progress, lean=export_quarterly_files_lite)
    return [Path(p) for p in paths]


def last_complete_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before `today`'s: what an open-data file is usually about."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


class Open311ExportDialog(ExportDialog):
    """导出开放数据: a period's requests as Open311 GeoReport v2 JSON (console.services.open311)."""

    KEY = "export-open311"

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent=None):
        super().__init__(desk, actor, runner, parent)
        self.setObjectName("open311ExportDialog")
        self.setWindowTitle(self.tr("导出开放数据（Open311）"))
        first, last = last_complete_month(desk.local(desk.now()).date())
        self.from_edit = self._date_edit("fromDate", first)
        self.to_edit = self._date_edit("toDate", last)
        row = QHBoxLayout()
        row.addWidget(self.from_edit)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.to_edit)
        row.addStretch(1)
        lab = QLabel(self.tr("受理日期(&D)："))
        lab.setBuddy(self.from_edit)
        self.form.addRow(lab, row)
        note = QLabel(self.tr("每张工单写成一条 GeoReport v2 服务请求（JSON）。已并单和已作废的工单不写入；"
                              "来电人姓名和电话不写入；打码时地址只写到楼号，内容中的电话、身份证号和室号隐去。"))
        note.setObjectName("open311Note")
        note.setWordWrap(True)
        set_role(note, "hint")
        self.form.addRow("", note)
        self._add_common_rows()
        self.unmasked_box.setText(self.tr("不打码：完整地址和号码（仅值班领导）"))
        self.resize(600, self.sizeHint().height())
        self.from_edit.setFocus()

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        w = _field(QDateEdit(QDate(day.year, day.month, day.day)))
        w.setObjectName(name)
        w.setCalendarPopup(True)
        w.setDisplayFormat("yyyy-MM-dd")
        return w

    def job(self):
        first, last = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        period_days(first, last)  # a reversed or too long period: said at once, nothing started
        return export_open311_file, (self.desk, self.actor, first, last, self.folder), {"mask": self.mask}

    def _say(self, text: str, role: str = "") -> None:
        super()._say(text, role)
        if self.height() < self.sizeHint().height():  # two lines of result under the wrapped note: grow
            self.resize(self.width(), self.sizeHint().height())

    def _done(self, result) -> None:
        super()._done(result.path)
        self._say(self.tr("已导出 {n} 条服务请求到：\n{path}").format(n=result.requests, path=str(result.path)),
                  "ok")


def export_open311_file(desk, actor, first: date, last: date, folder, *, mask: bool, cancelled, progress):
    from ...services.open311 import export_open311

    return export_open311(desk, actor, first, last, folder, mask=mask, make_folder=True, cancelled=cancelled,
                          progress=progress)
