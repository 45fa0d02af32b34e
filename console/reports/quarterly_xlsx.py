"""The quarterly analysis workbook (季度分析), written in one streaming pass.

Sheets, in order: 汇总 (summary: KPI names in column A, this quarter in B,
the previous quarter in C, the change in D), 分类 (category × month), 社区
(community and grid), 承办单位 (per unit), 时段 (hour × weekday with a
colour scale), 满意度, 重复来电与热点, 明细 (every ticket).

XlsxWriter in constant_memory mode (`xlsx_book`) streams each sheet to a
temporary file: the detail rows go from the database cursor to the file
(`quarterly_detail`) while the KPI builder counts them, so a 250,000-ticket
quarter never sits in memory. The small sheets are filled after the pass,
from the figures (`quarterly_sheets`). The figures are returned, so the PDF
of the same quarter is drawn from them without a second pass.

Residents' text is always text (never a formula, a link or a number; no
forbidden characters; cut at Excel's cell limit); phone numbers are masked
unless the caller asked otherwise (the service checks who may). Times are
shown in the desk's zone: Excel has no time zones.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import BinaryIO

from ..domain.kpi import CallRow, MissedCallRow, QuarterKpis
from ..domain.kpi_builder import KpiBuilder
from ..domain.kpi_summary import quarter_label
from ..domain.report_rows import ReportTicket
from ..util.progress import Progress
from . import ExportCancelled
from . import quarterly_sheets as sheets
from .quarterly_detail import DETAIL_COLUMNS, RTYPE_ZH, DetailWriter
from .xlsx_book import Book, sheet_bytes

__all__ = ["DETAIL_COLUMNS", "SHEETS", "QuarterlyInfo", "write_quarterly_xlsx"]

SHEETS = ("汇总", "分类", "社区", "承办单位", "时段", "满意度", "重复来电与热点", "明细")
CHECK_EVERY = 500   # rows between progress reports / cancel checks
MAX_DETAIL_ROWS = 1_048_575  # an Excel sheet holds 1,048,576 rows, the header is one
DEFLATE_RATIO = 0.12   # compressed / raw size of a detail sheet, measured on 250,000 rows
SAVE_TICK = 4 << 20    # report saving progress every 4 MB written


@dataclass(frozen=True)
class QuarterlyInfo:
    """What the workbook says about itself (title, period, who, masking)."""

    year: int
    quarter: int
    start: datetime
    end: datetime
    tz: tzinfo
    as_of: datetime                 # "now": open deadlines past this are overdue
    generated_by: str = ""
    mask: bool = True
    previous_label: str = ""
    # category path → its code (a city platform's or GB/T 39666), shown beside each category
    category_codes: Mapping[str, str] = field(default_factory=dict)
    # request-type code → the desk's name (a desk-added type has no built-in label)
    request_type_names: Mapping[str, str] = field(default_factory=dict)

    def request_type_label(self, code: str | None) -> str | None:
        return RTYPE_ZH.get(code or "") if code not in self.request_type_names else self.request_type_names[code]

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)


Cancelled = Callable[[], bool]


class _WatchedFile:
    """The output file, reporting how much the zip writer has written so far.

    Saving compresses the detail sheet (≈ 10 s for 250,000 rows); this lets
    the progress bar move and Cancel work during that time too. Once a write
    has failed (or was cancelled) the file goes dead: the abandoned ZipFile's
    own clean-up then writes nowhere instead of into a closed file.
    """

    def __init__(self, f: BinaryIO, on_write: Callable[[int], None]):
        self._f, self.on_write = f, on_write
        self._written = self._next = 0
        self._dead = False
        self._pos = 0  # where the zip writer believes it is; kept up once the file is dead

    # A buffered file writes its buffer out on seek and flush too, so a full disk
    # can fail there first. Once dead (or closed), the abandoned ZipFile's clean-up
    # in __del__ sees a file that accepts everything at plausible positions: it
    # must not print "seek of closed file" or a struct.error onto the terminal.
    def _gone(self) -> bool:
        return self._dead or bool(getattr(self._f, "closed", False))

    def write(self, b) -> int:
        if self._gone():
            self._pos += len(b)
            return len(b)
        try:
            n = self._f.write(b)
            self._pos += len(b)
            self._written += len(b)
            if self._written >= self._next:
                self._next = self._written + SAVE_TICK
                self.on_write(self._written)
        except BaseException:
            self._dead = True
            raise
        return n

    def seek(self, offset: int, whence: int = 0) -> int:
        if self._gone():
            if whence == 0:
                self._pos = offset
            elif whence == 1:
                self._pos += offset
            return self._pos
        try:
            self._pos = self._f.seek(offset, whence)
        except BaseException:
            self._dead = True
            raise
        return self._pos

    def tell(self) -> int:
        if self._gone():
            return self._pos
        try:
            self._pos = self._f.tell()
        except BaseException:
            self._dead = True
            raise
        return self._pos

    def flush(self) -> None:
        if self._gone():
            return
        try:
            self._f.flush()
        except BaseException:
            self._dead = True
            raise

    def __getattr__(self, name):
        return getattr(self._f, name)


def write_quarterly_xlsx(out: BinaryIO, info: QuarterlyInfo, tickets: Iterable[ReportTicket],
                         missed_calls: Iterable[MissedCallRow], previous: QuarterKpis | None = None,
                         *, total: int = 0, progress: Progress | None = None,
                         cancelled: Cancelled | None = None,
                         unit_steps: dict[str, tuple[int, int, int, int]] | None = None,
                         calls: Iterable[CallRow] = ()) -> QuarterKpis:
    """Write the workbook to `out` (a binary file) and return the quarter's figures.

    `tickets`: the quarter's tickets oldest first (void ones included; they
    are counted, not listed), plain rows (domain.report_rows) such as
    `store.report_queries.period_tickets` yields.
    `total`: how many non-void tickets to expect, for `progress(done,
    total)`; the last fifth of the progress is the saving. `cancelled()`
    is asked every few hundred rows; True raises `ExportCancelled`.
    `unit_steps`: presses, re-dispatches, extensions and returns per unit (domain.kpi_builder.unit_step_counts).
    `calls`: the repeat calls (追加) kept on open tickets in the quarter (domain.kpi.CallRow).
    """
    watched = _WatchedFile(out, lambda _written: None)
    book = Book(watched)
    try:
        kpis = _write(book, watched, info, tickets, missed_calls, previous, total, progress, cancelled, unit_steps,
                      calls)
    except BaseException:
        book.discard()
        raise
    return kpis


def _write(book: Book, watched: _WatchedFile, info: QuarterlyInfo, tickets: Iterable[ReportTicket], missed_calls: Iterable[MissedCallRow],
           previous: QuarterKpis | None, total: int, progress: Progress | None, cancelled: Cancelled | None,
           unit_steps: dict[str, tuple[int, int, int, int]] | None, calls: Iterable[CallRow]) -> QuarterKpis:
    sh = {name: book.sheet(name) for name in SHEETS}
    builder = KpiBuilder(info.start, info.end, info.tz, info.as_of)
    detail = DetailWriter(book, sh["明细"], info)
    steps_total = max(total, 1) + max(total // 4, 1)
    if progress:
        progress(0, steps_total)
    n = 0
    limit, every = MAX_DETAIL_ROWS, CHECK_EVERY
    add, write = builder.add, detail.add
    for t in tickets:
        facts = add(t)  # None: received outside the quarter, void or merged — no row either
        if facts is None:
            continue
        if n < limit:
            write(t, facts)
        n += 1
        if n % every == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            if progress:
                steps_total = max(steps_total, n + max(n // 4, 1))
                progress(n, steps_total)
    detail.finish()
    for m in missed_calls:
        builder.add_missed(m)
    for c in calls:
        builder.add_call(c)
    builder.add_unit_steps(unit_steps or {})
    kpis = builder.result()
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    sheets.summary(book, sh["汇总"], info, kpis, previous, n, MAX_DETAIL_ROWS)
    sheets.categories(book, sh["分类"], kpis, info)
    sheets.communities(sh["社区"], kpis)
    sheets.units(sh["承办单位"], kpis)
    sheets.hours(book, sh["时段"], kpis)
    sheets.satisfaction(book, sh["满意度"], kpis)
    sheets.repeats(sh["重复来电与热点"], kpis, info)
    if progress:
        progress(n, steps_total)
    book.set_title(f"热线季度分析 {info.label}")
    share = steps_total - n
    # the zip holds the detail sheet twice over in time: XlsxWriter copies the row file into the sheet's
    # XML, then deflates it; what is written to `out` is the deflated bytes
    expected = max(sheet_bytes(sh["明细"]) * DEFLATE_RATIO, 1.0)

    def saving(written: int) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress:
            progress(n + min(share - 1, int(share * written / expected)), steps_total)

    watched.on_write = saving
    book.close()
    if progress:
        progress(steps_total, steps_total)
    return kpis
