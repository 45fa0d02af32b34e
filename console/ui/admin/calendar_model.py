"""节假日日历 rows: date, weekday, kind (放假 / 上班), name."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...domain.duty_hours import WEEKDAY_ZH
from ...domain.work_calendar import HOLIDAY, CalendarDay
from .rows_model import RowsModel


def kind_text(kind: str) -> str:
    if kind == HOLIDAY:
        return QCoreApplication.translate("CalendarModel", "放假")
    return QCoreApplication.translate("CalendarModel", "上班（调休）")


class CalendarModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([QCoreApplication.translate("CalendarModel", "日期"),
                          QCoreApplication.translate("CalendarModel", "星期"),
                          QCoreApplication.translate("CalendarModel", "安排"),
                          QCoreApplication.translate("CalendarModel", "名称")], self._cells_of, parent)

    @staticmethod
    def _cells_of(d: CalendarDay) -> tuple[str, ...]:
        return (f"{d.day:%Y-%m-%d}", "周" + WEEKDAY_ZH[d.day.weekday()], kind_text(d.kind), d.name)
