"""管理 → 节假日日历: the holidays and 调休 days working-time deadlines and duty hours follow.

A year at a time (Alt+Y picks it); Ins adds a day, Del removes one, Ctrl+I
imports a year's arrangement from a small sheet (日期, 类型 放假/上班, 名称).
The line at the top says whether the next 60 days are covered
(console.services.work_calendar), the same sentence the status bar shows.
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.work_calendar import HOLIDAY, WORKDAY
from ...services import work_calendar as C
from ...services.context import Actor, Desk
from ...sheets.calendar import parse_day
from ..shell.i18n import is_english
from .base import EditorBase
from .calendar_model import CalendarModel, kind_text


class CalendarDialog(EditorBase):
    def __init__(self, desk: Desk, actor: Actor, parent=None):
        super().__init__(desk, actor, parent)
        self.setObjectName("adminCalendarDialog")
        self.setWindowTitle(self.tr("节假日日历"))
        # answered by a person by default (a file dialog); tests put a path here
        self.pick_file = self._pick_file
        self.status = QLabel()
        self.status.setObjectName("calendarStatus")
        self.status.setWordWrap(True)
        self.year = QComboBox()
        self.year.setObjectName("calendarYear")
        self.year.currentIndexChanged.connect(lambda _i: self.reload())
        self.model = CalendarModel(self)
        self.view = self.table(self.model, "calendarTable")
        buttons = QHBoxLayout()
        self.command("actionCalendarAdd", self.tr("添加(&A)…"), "Ins", self.add, buttons)
        self.command("actionCalendarRemove", self.tr("删除(&D)"), "Del", self.remove, buttons)
        self.command("actionCalendarImport", self.tr("导入(&I)…"), "Ctrl+I", self.import_sheet, buttons)
        top = QFormLayout()
        top.addRow(self.tr("年份(&Y)："), self.year)
        top.labelForField(self.year).setBuddy(self.year)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.status)
        lay.addLayout(top)
        lay.addWidget(self.view)
        self.finish_layout(body, buttons)
        self.resize(560, 480)
        self._fill_years(self.desk.local(self.desk.now()).year)
        self.view.setFocus()

    def _fill_years(self, wanted: int) -> None:
        known = [y for y, _src in C.calendar_years(self.desk)]
        today = self.desk.local(self.desk.now()).year
        years = sorted(set(known) | {today, today + 1})
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            label = str(y) if y in known else self.tr("{y}（未登记）").format(y=y)
            self.year.addItem(label, y)
        self.year.setCurrentIndex(max(self.year.findData(wanted), 0))
        self.year.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        year = self.year.currentData()
        if year is None:
            return
        self.model.set_rows(C.calendar_days(self.desk, year))
        for col, width in enumerate((110, 60, 110)):
            self.view.setColumnWidth(col, width)
        warning = C.calendar_warning(self.desk)
        if warning is None:
            self.status.setText(self.tr("未来 60 天的节假日安排都已登记。"))
        else:
            self.status.setText(warning.en if is_english() else warning.zh)

    def add(self) -> None:
        year = self.year.currentData() or self.desk.local(self.desk.now()).year
        text = self.prompt_text(self.tr("添加节假日安排"), self.tr("日期（如 {y}-10-01）：").format(y=year),
                                f"{year}-")
        if text is None:
            return
        day = parse_day(text)
        if day is None:
            self.show_error(self.tr("日期“{t}”无法识别：请写成 {y}-10-01。").format(t=text, y=year))
            return
        kind = self.prompt_choice(self.tr("添加节假日安排"), self.tr("{d} 这一天：").format(d=f"{day:%Y-%m-%d}"),
                                  [(kind_text(HOLIDAY), HOLIDAY), (kind_text(WORKDAY), WORKDAY)])
        if kind is None:
            return
        name = self.prompt_text(self.tr("添加节假日安排"), self.tr("名称（如 国庆节，可不填）："))
        if name is None:
            return
        if self.run(C.set_day, day, kind, name):
            self._fill_years(day.year)
            self.select(self.view, lambda d: d.day == day)

    def remove(self) -> None:
        row = self.current_row(self.view)
        if not self.need(row, self.tr("日期")):
            return
        if self.confirm(self.tr("删除节假日安排"), self.tr("删除 {d}（{k}）？这一天将按平常的星期计算。").format(
                d=f"{row.day:%Y-%m-%d}", k=kind_text(row.kind))):
            self.run(C.remove_day, row.day)

    def import_sheet(self) -> None:
        path = self.pick_file()
        if not path:
            return
        done = self.run(C.import_calendar_file, path)
        if done:
            self._fill_years(done.years[0])
            self.status.setText(done.message("en" if is_english() else "zh_CN"))

    def _pick_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入节假日安排"), "",
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        return path
