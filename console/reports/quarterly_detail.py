"""明细, the quarterly workbook's sheet of every ticket: the one sheet that is big.

A quarter of a city is hundreds of thousands of rows of 28 columns, so this writer calls XlsxWriter's
cell writers directly (no style lookups, no per-cell objects) and keeps the rules in a few lines:
every text from the database is cleaned (`safe_cells.cell_text`) and written as a string, with the
quote prefix when it looks like a formula; the labels of known codes are ours; phone numbers and the
numbers inside residents' words are masked unless the supervisor asked otherwise; times are shown in
the desk's zone (Excel has no time zones).
"""
from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from ..domain.enums import Channel, RequestType, Solved, Status, Urgency
from ..domain.kpi import is_on_time, is_overdue
from ..domain.masking import CONFIDENTIAL, mask_text
from ..domain.phone import mask_phone
from ..domain.report_rows import ReportTicket
from ..domain.satisfaction import label as sat_label
from .safe_cells import EXCEL_CELL_LIMIT, NEEDS_CLEANING, clean_text, is_formula_like
from .xlsx_book import Book, Sheet, Styled

if TYPE_CHECKING:
    from .quarterly_xlsx import QuarterlyInfo

DETAIL_COLUMNS: tuple[tuple[str, float], ...] = (
    ("工单号", 15), ("受理时间", 17), ("渠道", 6), ("来电人", 10), ("来电号码", 15),
    ("社区", 12), ("网格", 10), ("楼号", 8), ("室号", 7), ("地址", 20), ("诉求类型", 8),
    ("问题分类", 16), ("紧急程度", 8), ("来电内容", 50), ("状态", 8), ("承办单位", 16),
    ("首次派单时间", 17), ("办结时间", 17), ("办结时限", 17), ("按时办结", 9), ("办理结果", 40),
    ("回访时间", 17), ("满意度", 9), ("服务态度", 8), ("办事能力", 8), ("重新办理次数", 8),
    ("受理人", 10), ("分类代码", 12), ("解决情况", 9),
)

STATUS_ZH = {s.value: s.zh for s in Status}
CHANNEL_ZH = {c.value: c.zh for c in Channel}
RTYPE_ZH = {r.value: r.zh for r in RequestType}
URGENCY_ZH = {u.value: u.zh for u in Urgency}
SOLVED_ZH = {v.value: v.zh for v in Solved}
_HALF_LIMIT = EXCEL_CELL_LIMIT // 2
EXCEL_UNIX_EPOCH = 25569.0  # 1970-01-01 as an Excel day number (1900 date system)


class DetailWriter:
    """Appends one row per ticket to 明细 (header, widths, frozen header row, filter, print set-up)."""

    def __init__(self, book: Book, sheet: Sheet, info: QuarterlyInfo) -> None:
        self.sheet, self.ws, self.info = sheet, sheet.ws, info
        self.tz: tzinfo = info.tz
        self.rows = 0
        self._mask = lru_cache(maxsize=4096)(mask_phone) if info.mask else (lambda p: p)  # the frequent callers
        self._said = mask_text if info.mask else (lambda t: t)  # numbers inside the words (domain.masking)
        self._dirty = NEEDS_CLEANING.search
        # XlsxWriter's undecorated cell writers (its public ones only add A1-notation parsing, a fifth of
        # the time per cell here); the public ones if a version lacks them
        self._string = getattr(self.ws, "_write_string", self.ws.write_string)
        self._number = getattr(self.ws, "_write_number", self.ws.write_number)
        self._quoted = book.format(None, True)
        self._date = book.format("date")
        self._offsets: dict[int, float | None] = {}  # UTC day → the zone's offset (s) all that day
        sheet.widths(w for _, w in DETAIL_COLUMNS)
        self.ws.freeze_panes(1, 0)
        sheet.print_setup(title_rows=(0, 0))
        sheet.append(Styled(n, "header") for n, _ in DETAIL_COLUMNS)

    def _text(self, r: int, c: int, v: str | None) -> None:
        """Desk data as text: cleaned, never a formula (the quote prefix when it looks like one)."""
        if not v:
            return
        if len(v) > _HALF_LIMIT or self._dirty(v):
            v = clean_text(v)
            if not v:
                return
        if is_formula_like(v):
            self._string(r, c, v, self._quoted)
        else:
            self._string(r, c, v)

    def _when(self, r: int, c: int, dt: datetime | None) -> None:
        """A time as Excel's day number of the desk's wall clock, in the date format (what write_datetime
        stores, without its per-cell conversion): the zone's offset is looked up once per UTC day."""
        if dt is None:
            return
        ts = dt.timestamp()
        off = self._offsets.get(int(ts // 86400))
        if off is None:
            off = self._offset(dt, int(ts // 86400))
        self._number(r, c, (ts + off) / 86400.0 + EXCEL_UNIX_EPOCH, self._date)

    def _offset(self, dt: datetime, day: int) -> float:
        """The zone's offset at `dt`, and its offset over the UTC day `day` remembered when it holds all day
        (the same at the day's first and last second: zones change at most once a day). A day with a change
        (a summer-time switch) is remembered as None and looked up per value. One entry per day, not per
        quarter hour: 150 entries a quarter instead of 14,000 (≈ 1.5 MB)."""
        if day not in self._offsets:
            first = datetime.fromtimestamp(day * 86400, self.tz).utcoffset()
            last = datetime.fromtimestamp(day * 86400 + 86399, self.tz).utcoffset()
            self._offsets[day] = first.total_seconds() if first == last and first is not None else None
        off = self._offsets[day]
        if off is None:
            return dt.astimezone(self.tz).utcoffset().total_seconds()  # type: ignore[union-attr]
        return off
    def add(self, t: ReportTicket) -> None:
        r = self.rows + 1
        string, number, text, when, said = self._string, self._number, self._text, self._when, self._said
        if t.status in ("resolved", "closed"):
            timely: str | None = "是" if is_on_time(t) else "否"
        elif is_overdue(t, self.info.as_of):
            timely = "超期"
        else:
            timely = None
        # Every text from the database goes through text(); the fixed labels of known codes are ours
        # (an unknown code is treated as text too).
        text(r, 0, t.number)
        when(r, 1, t.received_at)
        label = CHANNEL_ZH.get(t.channel)
        string(r, 2, label) if label else text(r, 2, t.channel)
        text(r, 3, said(t.caller_name) if t.caller_name else None)
        if t.confidential:
            string(r, 4, CONFIDENTIAL)
            string(r, 9, CONFIDENTIAL)
        else:
            text(r, 4, self._mask(t.caller_phone) if t.caller_phone else None)
            text(r, 9, said(t.address) if t.address else None)
        text(r, 5, t.community)
        text(r, 6, t.grid)
        text(r, 7, t.building)
        text(r, 8, t.room)
        text(r, 10, self.info.request_type_label(t.request_type) or t.request_type)
        text(r, 11, t.category)
        label = URGENCY_ZH.get(t.urgency)
        string(r, 12, label) if label else text(r, 12, t.urgency)
        text(r, 13, said(t.description) if t.description else None)
        label = STATUS_ZH.get(t.status)
        string(r, 14, label) if label else text(r, 14, t.status)
        text(r, 15, t.unit)
        when(r, 16, t.dispatched_at)
        when(r, 17, t.resolved_at)
        when(r, 18, t.resolution_due_at)
        if timely:
            string(r, 19, timely)
        text(r, 20, said(t.result) if t.result else None)
        when(r, 21, t.callback_at)
        text(r, 22, sat_label(t.satisfaction or t.callback_outcome, t.satisfaction_scale) or None)
        if t.attitude is not None:
            number(r, 23, t.attitude)
        if t.ability is not None:
            number(r, 24, t.ability)
        if t.reopen_count:
            number(r, 25, t.reopen_count)
        text(r, 26, t.operator)
        text(r, 27, t.category_code)
        if t.solved:  # 已解决 / 部分解决 / 未解决 as the resident said (解决率)
            label = SOLVED_ZH.get(t.solved)
            string(r, 28, label) if label else text(r, 28, t.solved)
        self.rows += 1

    def finish(self) -> None:
        self.ws.autofilter(0, 0, self.rows, len(DETAIL_COLUMNS) - 1)
