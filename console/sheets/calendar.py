"""The holiday sheet (节假日安排): one row per exception to the week, for a year the package lacks.

A desk types the State Council's notice into a small sheet — 日期, 类型
(放假 / 上班), 名称 — and imports it (管理 → 节假日日历 → 导入). Pure rules:
the columns, the words a desk writes for each kind, and a row turned into a
`CalendarDay` or the reasons it cannot be; the service writes.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

from ..domain.errors import ValidationError
from ..domain.work_calendar import HOLIDAY, WORKDAY, CalendarDay
from .sheet_rows import Column, header_of
from .xlsx_safety import Row, cell_text

COLUMNS: tuple[Column, ...] = (
    Column("day", "日期", "date", ("日子", "date")),
    Column("kind", "类型", "kind", ("放假/上班", "安排", "type")),
    Column("name", "名称", "name", ("节日", "节假日", "说明", "holiday")),
)
REQUIRED = ("day", "kind")
_KIND_WORDS = {
    HOLIDAY: ("放假", "休", "休息", "假", "节假日", "holiday", "off"),
    WORKDAY: ("上班", "班", "补班", "调休上班", "调休", "workday", "work"),
}
MAX_NAME = 64


def find_header(path: Path, rows: list[Row]) -> tuple[int, dict[str, int]]:
    return header_of(path, rows, COLUMNS, REQUIRED, lambda m: len(m) >= 2)


def kind_code(text: str) -> str | None:
    t = unicodedata.normalize("NFKC", text or "").strip().lower()
    for code, words in _KIND_WORDS.items():
        if t == code or t in words:
            return code
    return None


def parse_day(value: object) -> date | None:
    """A date cell: a real date, or 2027-10-01 / 2027/10/1 / 2027.10.1 / 2027年10月1日 typed as text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    t = unicodedata.normalize("NFKC", cell_text(value)).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", t)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_row(values: tuple[object, ...], mapping: dict[str, int]) -> tuple[CalendarDay | None, list[ValidationError]]:
    def cell(key: str) -> object:
        i = mapping.get(key)
        return values[i] if i is not None and i < len(values) else None

    errs: list[ValidationError] = []
    day = parse_day(cell("day"))
    if day is None:
        errs.append(ValidationError(f"日期“{cell_text(cell('day'))}”无法识别（写成 2027-10-01）",
                                    f"date '{cell_text(cell('day'))}' not understood (write 2027-10-01)"))
    kind = kind_code(cell_text(cell("kind")))
    if kind is None:
        errs.append(ValidationError(f"类型“{cell_text(cell('kind'))}”应为“放假”或“上班”",
                                    f"kind '{cell_text(cell('kind'))}' should be 放假 (holiday) or 上班 (workday)"))
    name = " ".join(cell_text(cell("name")).split())[:MAX_NAME]
    if errs or day is None or kind is None:
        return None, errs
    return CalendarDay(day, kind, name), []
