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
from ..domain.kpi_builder import DONE, ON_TIME, OVERDUE
from ..domain.masking import CONFIDENTIAL, mask_text
from ..domain.phone import mask_phone
from ..domain.report_rows import ReportTicket
from ..domain.satisfaction import label as sat_label
from .safe_cells import ERROR_CODES, EXCEL_CELL_LIMIT, FORMULA_PREFIXES, NEEDS_CLEANING, clean_text, is_formula_like
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
# the columns written as text, in the order `DetailWriter.add` lists a row's texts
TEXT_COLUMNS = (0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 19, 20, 22, 26, 27, 28)
# a text starting otherwise is no formula and no error code (safe_cells.is_formula_like)
RISKY_FIRST = frozenset(FORMULA_PREFIXES) | {code[0] for code in ERROR_CODES}
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
        self._rtypes: dict[str, str] = {}  # request-type code → its label
        self._sat: dict[tuple[str | None, int | None], str] = {}  # (rating or outcome, scale) → its words
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

    def add(self, t: ReportTicket, facts: int) -> None:
        """One ticket's row. `facts`: the bits `KpiBuilder.add` returned for the ticket (the same as_of): the
        on-time and overdue questions are asked once a ticket, by the figures' pass."""
        r = self.rows + 1
        string, number, said = self._string, self._number, self._said
        status = t.status
        timely = ("是" if facts & ON_TIME else "否") if facts & DONE else "超期" if facts & OVERDUE else None
        if t.confidential:
            phone: str | None = CONFIDENTIAL
            address: str | None = CONFIDENTIAL
        else:
            phone = self._mask(t.caller_phone) if t.caller_phone else None
            address = said(t.address) if t.address else None
        rtype = t.request_type
        sat_key = (t.satisfaction or t.callback_outcome, t.satisfaction_scale)
        sat = self._sat.get(sat_key)
        if sat is None:
            sat = self._sat[sat_key] = sat_label(*sat_key)
        # The row's texts in TEXT_COLUMNS' order. Every text from the database is treated as text (cleaned,
        # never a formula); the fixed labels of known codes are ours and pass the same way unchanged (an
        # unknown code is shown as its text).
        texts = (t.number, CHANNEL_ZH.get(t.channel) or t.channel, said(t.caller_name) if t.caller_name else None,
                 phone, t.community, t.grid, t.building, t.room, address,
                 self._rtypes[rtype] if rtype in self._rtypes else self._rtype_label(rtype), t.category,
                 URGENCY_ZH.get(t.urgency) or t.urgency, said(t.description) if t.description else None,
                 STATUS_ZH.get(status) or status, t.unit, timely, said(t.result) if t.result else None,
                 sat or None, t.operator, t.category_code, (SOLVED_ZH.get(t.solved) or t.solved) if t.solved else None)
        joined = "\n".join(filter(None, texts))  # LF is no character to clean: one check for the whole row
        if len(joined) > _HALF_LIMIT or self._dirty(joined):
            text = self._text  # a text to clean or to cut: each as it is
            for c, v in zip(TEXT_COLUMNS, texts, strict=True):
                text(r, c, v)
        else:
            risky, quoted = RISKY_FIRST, self._quoted
            for c, v in zip(TEXT_COLUMNS, texts, strict=True):
                if v:
                    if v[0] in risky and is_formula_like(v):
                        string(r, c, v, quoted)
                    else:
                        string(r, c, v)
        offsets, date = self._offsets, self._date
        for c, dt in ((1, t.received_at), (16, t.dispatched_at), (17, t.resolved_at), (18, t.resolution_due_at),
                      (21, t.callback_at)):
            # A time as Excel's day number of the desk's wall clock, in the date format (what write_datetime
            # stores, without its per-cell conversion): the zone's offset is looked up once per UTC day.
            if dt is not None:
                ts = dt.timestamp()
                off = offsets.get(int(ts // 86400))
                if off is None:
                    off = self._offset(dt, int(ts // 86400))
                number(r, c, (ts + off) / 86400.0 + EXCEL_UNIX_EPOCH, date)
        if t.attitude is not None:
            number(r, 23, t.attitude)
        if t.ability is not None:
            number(r, 24, t.ability)
        if t.reopen_count:
            number(r, 25, t.reopen_count)
        self.rows += 1

    def _rtype_label(self, code: str) -> str:
        """The request type's label (the desk's name, the built-in one, or the code), remembered."""
        label = self._rtypes[code] = self.info.request_type_label(code) or code
        return label

    def finish(self) -> None:
        self.ws.autofilter(0, 0, self.rows, len(DETAIL_COLUMNS) - 1)
