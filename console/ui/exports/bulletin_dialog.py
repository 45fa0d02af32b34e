"""导出月报/季报: the bulletin of a month or a quarter (workbook and PDF) from the window.

The same dialog as the other exports (console.ui.exports.export_dialogs: folder, progress, Cancel, the
result and 打开文件夹), with a month or a quarter to choose — the last complete one by default. A bulletin
holds counts and rates only, so there is nothing to unmask: the box is not shown. The work is the command
line's (`export bulletin`): services.bulletins.export_bulletin, on the window's worker.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QRadioButton, QSpinBox

from ...services.context import Actor, Desk
from ..common.workers import TaskRunner
from ..shell.i18n import current_lang
from .export_dialogs import ExportDialog, _field, last_complete_month, last_complete_quarter


class BulletinExportDialog(ExportDialog):
    """A month (月报) or a quarter (季报), the folder; writes the workbook and the PDF (ExportDialog names both)."""

    KEY = "export-bulletin"

    def __init__(self, desk: Desk, actor: Actor, runner: TaskRunner, parent=None):
        super().__init__(desk, actor, runner, parent)
        self.setObjectName("bulletinExportDialog")
        self.setWindowTitle(self.tr("导出月报/季报"))
        today = desk.local(desk.now()).date()
        first_day, _last_day = last_complete_month(today)  # a bulletin is made once its month is over
        (my, month), (qy, quarter) = (first_day.year, first_day.month), last_complete_quarter(today)
        self.monthly = _field(QRadioButton(self.tr("月报(&M)")))
        self.monthly.setObjectName("monthlyRadio")
        self.quarterly = _field(QRadioButton(self.tr("季报(&Q)")))
        self.quarterly.setObjectName("quarterlyRadio")
        self.monthly.setChecked(True)
        self.year_spin = _field(QSpinBox())
        self.year_spin.setObjectName("yearSpin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(my)
        self.period_combo = _field(QComboBox())
        self.period_combo.setObjectName("periodCombo")
        self._last = {True: (my, month), False: (qy, quarter)}
        self.monthly.toggled.connect(self._fill_periods)
        kind = QHBoxLayout()
        kind.addWidget(self.monthly)
        kind.addWidget(self.quarterly)
        kind.addStretch(1)
        self.form.addRow(self.tr("报表："), kind)
        row = QHBoxLayout()
        row.addWidget(self.year_spin)
        row.addWidget(self.period_combo)
        row.addStretch(1)
        lab = QLabel(self.tr("期间(&Y)："))
        lab.setBuddy(self.year_spin)
        self.form.addRow(lab, row)
        self.form.addRow(self.tr("保存到(&F)："), self._folder_row)
        note = QLabel(self.tr("与上期（环比）和去年同期（同比）对比；只含统计数字，不含个人信息。"))
        note.setWordWrap(True)
        self.form.addRow("", note)
        self.unmasked_box.hide()
        self._fill_periods()
        self.resize(520, self.sizeHint().height())
        self.year_spin.setFocus()

    def _fill_periods(self) -> None:
        monthly = self.monthly.isChecked()
        year, current = self._last[monthly]
        self.period_combo.clear()
        for n in range(1, 13 if monthly else 5):
            self.period_combo.addItem(self.tr("{n} 月").format(n=n) if monthly else self.tr("第 {n} 季度").format(n=n), n)
        self.year_spin.setValue(year)
        self.period_combo.setCurrentIndex(current - 1)

    def job(self):
        from ...domain.bulletin import Period

        n = int(self.period_combo.currentData())
        year = self.year_spin.value()
        period = Period(year, n) if self.monthly.isChecked() else Period(year, quarter=n)
        return export_bulletin_files, (self.desk, self.actor, period, self.folder), {"lang": current_lang()}



def export_bulletin_files(desk, actor, period, folder, *, cancelled, progress, lang: str = "zh_CN") -> list[Path]:
    """On the worker: both files, [workbook, pdf] (the dialog names every file written), in the window's
    language."""
    from ...services.bulletins import export_bulletin  # openpyxl/reportlab load here

    files = export_bulletin(desk, actor, period, folder, cancelled=cancelled, progress=progress, lang=lang)
    return [files.workbook, files.pdf]
