"""The quarterly analysis workbook (季度分析), written in one streaming pass.

Sheets, in order: 汇总 (summary: KPI names in column A, this quarter in B,
the previous quarter in C, the change in D), 分类 (category × month), 社区
(community and grid), 承办单位 (per unit), 时段 (hour × weekday with a
colour scale), 满意度, 重复来电与热点, 明细 (every ticket).

The whole workbook is write-only (openpyxl streams each sheet to a
temporary file): the detail rows go from the database cursor to the file
while the KPI builder counts them, so a 250,000-ticket quarter never sits
in memory. The small sheets are filled after the pass, from the figures.

Residents' text goes through `safe_cells` (never a formula, no forbidden
characters, cut at Excel's cell limit); phone numbers are masked unless the
caller asked otherwise (the service checks who may). Times are shown in
the desk's zone: Excel has no time zones.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import BinaryIO

from ..domain.enums import Channel, LabelledEnum, RequestType, Satisfaction, Satisfaction5, Status, Urgency
from ..domain.kpi import (
    EMPTY_MESSAGE_ZH,
    NO_CATEGORY,
    WEEKDAYS_ZH,
    CallRow,
    MissedCallRow,
    QuarterKpis,
    is_on_time,
    is_overdue,
)
from ..domain.kpi_builder import KpiBuilder
from ..domain.kpi_summary import quarter_label, summary_lines
from ..domain.lifecycle import NOT_COUNTED_CODES
from ..domain.masking import CONFIDENTIAL, mask_text
from ..domain.phone import mask_phone
from ..domain.report_rows import ReportTicket
from ..domain.satisfaction import is_favourable
from ..domain.satisfaction import label as sat_label
from ..util.progress import Progress
from . import ExportCancelled
from .safe_cells import text_cell, xlsx_value

SHEETS = ("汇总", "分类", "社区", "承办单位", "时段", "满意度", "重复来电与热点", "明细")
DASH = "—"
DATE_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT = "0.0%"
PP_CHANGE = '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
PCT_CHANGE = "+0.0%;-0.0%;0.0%"
MAX_REPEAT_ROWS = 2000
PAPERSIZE_A4 = "9"  # the OOXML paper code (openpyxl Worksheet.PAPERSIZE_A4)
CHECK_EVERY = 500   # rows between progress reports / cancel checks
MAX_DETAIL_ROWS = 1_048_575  # an Excel sheet holds 1,048,576 rows, the header is one

DETAIL_COLUMNS: tuple[tuple[str, float], ...] = (
    ("工单号", 15), ("受理时间", 17), ("渠道", 6), ("来电人", 10), ("来电号码", 15),
    ("社区", 12), ("网格", 10), ("楼号", 8), ("室号", 7), ("地址", 20), ("诉求类型", 8),
    ("问题分类", 16), ("紧急程度", 8), ("来电内容", 50), ("状态", 8), ("承办单位", 16),
    ("首次派单时间", 17), ("办结时间", 17), ("办结时限", 17), ("按时办结", 9), ("办理结果", 40),
    ("回访时间", 17), ("满意度", 9), ("服务态度", 8), ("办事能力", 8), ("重新办理次数", 8),
    ("受理人", 10), ("分类代码", 12),
)

_STATUS = {s.value: s.zh for s in Status}
_CHANNEL = {c.value: c.zh for c in Channel}
_RTYPE = {r.value: r.zh for r in RequestType}
_URGENCY = {u.value: u.zh for u in Urgency}


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
        return _RTYPE.get(code or "") if code not in self.request_type_names else self.request_type_names[code]

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)


Cancelled = Callable[[], bool]


# --- styles ------------------------------------------------------------------

class _Styles:
    """Template cells; the cells written copy their style (font, fill, number format)."""

    def __init__(self, ws) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        def make(**kw):
            c = WriteOnlyCell(ws)
            for k, v in kw.items():
                setattr(c, k, v)
            return c

        grey = PatternFill("solid", fgColor="DDEBF7")
        self.header = make(font=Font(bold=True), fill=grey,
                           alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        self.title = make(font=Font(bold=True, size=13))
        self.bold = make(font=Font(bold=True))
        self.note = make(font=Font(color="595959"))
        self.date = make(number_format=DATE_FORMAT)
        self.percent = make(number_format=PERCENT)
        self.minutes = make(number_format="0.0")
        self.score = make(number_format="0.00")
        self.integer = make(number_format="0")
        self.pp = make(number_format=PP_CHANGE)
        self.pct = make(number_format=PCT_CHANGE)
        self.dash = make(alignment=Alignment(horizontal="center"))


def _cell(ws, st: _Styles, value, template=None):
    """A styled cell; None is shown as "—"; every string is forced text."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return text_cell(ws, DASH, template=st.dash)
    if isinstance(value, str):
        return text_cell(ws, value, template=template)
    c = WriteOnlyCell(ws, value)
    if template is not None:
        c._style = copy(template._style)
    return c


def _header(ws, st: _Styles, names: Iterable[str]) -> list:
    return [text_cell(ws, n, template=st.header) for n in names]


def _widths(ws, widths: Iterable[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _print_setup(ws, *, title_rows: str | None = None) -> None:
    """Landscape A4, as wide as one page and as long as it needs (fitToHeight 0), the header row(s) on every
    page, narrow margins: a quarter's 明细 prints in tens of pages, not hundreds.

    Write-only sheets write their properties (pageSetUpPr.fitToPage among them) before the first row, so
    this is called before anything is appended; the page set-up itself and the print titles (a defined
    name) are written when the sheet and the workbook close."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPERSIZE_A4
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows


def _rate_cell(ws, st, v):
    return _cell(ws, st, v, st.percent)


def _chart_axes(chart) -> None:
    # openpyxl 3.1 marks axes as deleted unless told otherwise; Excel then
    # draws a chart without its scales.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


# --- the detail sheet ----------------------------------------------------------

def _local(dt: datetime | None, tz: tzinfo):
    return None if dt is None else dt.astimezone(tz).replace(tzinfo=None)


class _DetailWriter:
    def __init__(self, ws, st: _Styles, info: QuarterlyInfo):
        self.ws, self.st, self.info = ws, st, info
        self.tz = info.tz
        self.rows = 0
        self._mask = lru_cache(maxsize=100_000)(mask_phone) if info.mask else (lambda p: p)
        self._said = mask_text if info.mask else (lambda t: t)  # numbers inside the words (domain.masking)
        _widths(ws, (w for _, w in DETAIL_COLUMNS))
        ws.freeze_panes = "A2"
        _print_setup(ws, title_rows="1:1")
        ws.append(_header(ws, st, (n for n, _ in DETAIL_COLUMNS)))

    def _date(self, dt: datetime | None):
        # A naive local datetime: openpyxl writes it as a date cell with its
        # own date-time format (yyyy-mm-dd h:mm:ss). A styled cell object per
        # date would cost an exception inside openpyxl's append for each one.
        return None if dt is None else dt.astimezone(self.tz).replace(tzinfo=None)

    def add(self, t) -> None:
        ws, x, d = self.ws, xlsx_value, self._date
        if t.status in ("resolved", "closed"):
            timely = "是" if is_on_time(t) else "否"
        elif is_overdue(t, self.info.as_of):
            timely = "超期"
        else:
            timely = None
        # Every text from the database goes through x(); the fixed labels
        # of known codes are ours (an unknown code is treated as text too).
        ws.append((
            x(ws, t.number), d(t.received_at), _CHANNEL.get(t.channel) or x(ws, t.channel),
            x(ws, self._said(t.caller_name)),
            x(ws, CONFIDENTIAL if t.confidential else self._mask(t.caller_phone) if t.caller_phone else None),
            x(ws, t.community), x(ws, t.grid), x(ws, t.building), x(ws, t.room),
            x(ws, CONFIDENTIAL if t.confidential else self._said(t.address)),
            self.info.request_type_label(t.request_type) or x(ws, t.request_type), x(ws, t.category),
            _URGENCY.get(t.urgency) or x(ws, t.urgency), x(ws, self._said(t.description)),
            _STATUS.get(t.status) or x(ws, t.status), x(ws, t.unit), d(t.dispatched_at),
            d(t.resolved_at), d(t.resolution_due_at),
            timely, x(ws, self._said(t.result)), d(t.callback_at), x(ws, sat_label(t.satisfaction or t.callback_outcome, t.satisfaction_scale) or None),
            t.attitude, t.ability, t.reopen_count or None, x(ws, t.operator), x(ws, t.category_code or None),
        ))
        self.rows += 1

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter

        last = get_column_letter(len(DETAIL_COLUMNS))
        self.ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"


# --- the small sheets ------------------------------------------------------------

def _summary(ws, st: _Styles, info: QuarterlyInfo, k: QuarterKpis, prev: QuarterKpis | None,
             detail_rows: int) -> None:
    from openpyxl.chart import BarChart, Reference, Series

    _widths(ws, (24, 16, 16, 16))
    _print_setup(ws)
    ws.append(_header(ws, st, ("指标", info.label, info.previous_label or "上季度", "变化")))
    lines = summary_lines(k, prev)
    if k.is_empty:
        ws.append([text_cell(ws, EMPTY_MESSAGE_ZH, template=st.bold)])
    else:
        for line in lines:
            fmt = {"rate": st.percent, "minutes": st.minutes, "score": st.score}.get(line.kind, st.integer)
            ch = st.pp if line.change_unit == "pp" else st.pct
            ws.append([text_cell(ws, line.name), _cell(ws, st, line.value, fmt),
                       _cell(ws, st, line.previous, fmt), _cell(ws, st, line.change, ch)])
    notes = [
        ("统计范围", f"{info.label}受理的工单（{_local(info.start, info.tz):%Y-%m-%d} 至 "
                     f"{_local(info.end, info.tz):%Y-%m-%d} 前，{k.tz} 时间），不含已作废工单"),
        ("已作废工单", f"{k.void} 张（不计入各项指标）"),
        ("一事一计", f"同一诉求只计一次受理量：并入其他工单的重复工单 {k.merged} 张不计入受理量，"
                     f"追加到原工单的重复来电 {k.added_calls} 次不另立工单；两者都计入接通率和重复来电"),
        ("明细行数", f"{detail_rows}" if detail_rows <= MAX_DETAIL_ROWS else
         f"{detail_rows}（超过 Excel 单表上限，明细表只列出前 {MAX_DETAIL_ROWS} 张）"),
        ("变化", "比率为与上季度相差的百分点，其余为增减百分比；无可比数据时显示“—”"),
        ("按时办结", "以最近一次派单的办结时限为准；超期含逾期办结和逾期未办结"),
        ("电话号码", "已打码" if info.mask else "未打码（值班领导导出，已记入操作日志）"),
        ("数据截至", f"{_local(info.as_of, info.tz):%Y-%m-%d %H:%M}"),
        ("导出人", info.generated_by or "—"),
    ]
    ws.append([])
    for a, b in notes:
        ws.append([text_cell(ws, a, template=st.note), text_cell(ws, b, template=st.note)])
    if k.is_empty:
        return
    counts = BarChart()
    counts.type = "col"
    counts.title = "受理与办结"
    counts.y_axis.title = "张"
    # rows of the table: the first four lines are counts, the 'rate' lines follow
    rate_rows = [i + 2 for i, line in enumerate(lines) if line.kind == "rate"]
    counts.add_data(Reference(ws, min_col=2, max_col=3, min_row=1, max_row=5), titles_from_data=True)
    counts.set_categories(Reference(ws, min_col=1, min_row=2, max_row=5))
    counts.height, counts.width = 7.5, 15
    _chart_axes(counts)
    ws.add_chart(counts, "F2")
    rates = BarChart()
    rates.type = "col"
    rates.title = "各项比率"
    rates.y_axis.number_format = "0%"
    rates.y_axis.scaling.min = 0
    rates.y_axis.scaling.max = 1
    for col in (2, 3):
        s = Series(Reference(ws, min_col=col, min_row=rate_rows[0], max_row=rate_rows[-1]),
                   title_from_data=False,
                   title=(info.label if col == 2 else (info.previous_label or "上季度")))
        rates.series.append(s)
    rates.set_categories(Reference(ws, min_col=1, min_row=rate_rows[0], max_row=rate_rows[-1]))
    rates.height, rates.width = 7.5, 15
    _chart_axes(rates)
    ws.add_chart(rates, "F18")


def _categories(ws, st: _Styles, k: QuarterKpis, info: QuarterlyInfo) -> None:
    from openpyxl.chart import BarChart, Reference

    months = [f"{y}年{m}月" for y, m in k.months]
    _widths(ws, [18, 10] + [11] * len(months) + [9, 9, 9, 9])
    _print_setup(ws, title_rows="1:1")
    ws.append(_header(ws, st, ["问题分类", "一级分类", *months, "合计", "占比", "办结率", "满意率",
                                  "分类代码"]))
    n = 0
    for g in k.by_category:
        per_month = k.category_by_month.get(g.key, (0,) * len(months))
        ws.append([text_cell(ws, g.key), text_cell(ws, g.parent or DASH), *per_month, g.received,
                   _rate_cell(ws, st, g.received / k.received if k.received else None),
                   _rate_cell(ws, st, g.completion_rate), _rate_cell(ws, st, g.satisfaction_rate),
                   text_cell(ws, info.category_codes.get(g.key) or "")])
        n += 1
    if not n:
        ws.append([text_cell(ws, EMPTY_MESSAGE_ZH)])
    ws.append([])
    ws.append(_header(ws, st, ["诉求类型", "受理量", "占比", "办结率", "满意率"]))
    for g in k.by_request_type:
        ws.append([text_cell(ws, info.request_type_label(g.key) or g.key), g.received,
                   _rate_cell(ws, st, g.received / k.received if k.received else None),
                   _rate_cell(ws, st, g.completion_rate), _rate_cell(ws, st, g.satisfaction_rate)])
    ws.append([])
    ws.append(_header(ws, st, ["来电渠道", "受理量", "占比"]))
    for g in k.by_channel:
        ws.append([text_cell(ws, _CHANNEL.get(g.key, g.key)), g.received,
                   _rate_cell(ws, st, g.received / k.received if k.received else None)])
    if not n:
        return
    top = min(n, 10)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "问题分类（前 10 类，按月）"
    chart.y_axis.title = "张"
    chart.add_data(Reference(ws, min_col=3, max_col=2 + len(months), min_row=1, max_row=1 + top),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + top))
    chart.height, chart.width = 9, 18
    _chart_axes(chart)
    ws.add_chart(chart, f"{_col(len(months) + 8)}2")


def _col(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _communities(ws, st: _Styles, k: QuarterKpis) -> None:
    head = ["受理量", "直接答复", "派单量", "办结量", "办结率", "按时办结率", "满意率", "超期"]
    _widths(ws, [14, 16] + [10] * len(head))
    _print_setup(ws, title_rows="1:1")

    def figures(g):
        return [g.received, g.answered, g.dispatched, g.done, _rate_cell(ws, st, g.completion_rate),
                _rate_cell(ws, st, g.on_time_rate), _rate_cell(ws, st, g.satisfaction_rate), g.overdue]

    ws.append(_header(ws, st, ["网格", "社区", *head]))
    for g in k.by_community:
        ws.append([text_cell(ws, g.parent), text_cell(ws, g.key), *figures(g)])
    if not k.by_community:
        ws.append([text_cell(ws, EMPTY_MESSAGE_ZH)])
    ws.append([])
    ws.append(_header(ws, st, ["网格", "", *head]))
    for g in k.by_grid:
        ws.append([text_cell(ws, g.key), None, *figures(g)])


def _units(ws, st: _Styles, k: QuarterKpis) -> None:
    _widths(ws, [22, 9, 9, 9, 11, 9, 9, 9, 9, 9, 9, 9, 10, 10])
    _print_setup(ws, title_rows="1:1")
    ws.append(_header(ws, st, ["承办单位", "派单量", "办结量", "按时办结", "按时办结率", "超期", "退单", "改派",
                               "督办", "延期", "回访量", "满意率", "服务态度", "办事能力"]))
    for g in k.by_unit:
        ws.append([text_cell(ws, g.key), g.dispatched, g.done, g.on_time,
                   _rate_cell(ws, st, g.on_time_rate), g.overdue, g.returns, g.redispatches, g.presses, g.extensions,
                   g.sat_calls,
                   _rate_cell(ws, st, g.satisfaction_rate), _cell(ws, st, g.attitude_avg, st.score),
                   _cell(ws, st, g.ability_avg, st.score)])
    if not k.by_unit:
        ws.append([text_cell(ws, "本季度没有派单")])


def _hours(ws, st: _Styles, k: QuarterKpis) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import ColorScaleRule

    _widths(ws, [13] + [8] * 8)
    _print_setup(ws)
    ws.append(_header(ws, st, ["时段", *WEEKDAYS_ZH, "合计"]))
    for h in range(24):
        row = list(k.hour_weekday[h])
        ws.append([text_cell(ws, f"{h:02d}:00-{h + 1:02d}:00"), *row, sum(row)])
    totals = [sum(k.hour_weekday[h][d] for h in range(24)) for d in range(7)]
    ws.append([text_cell(ws, "合计", template=st.bold), *totals, sum(totals)])
    ws.conditional_formatting.add("B2:H25", ColorScaleRule(
        start_type="min", start_color="FFFFFF", mid_type="percentile", mid_value=50,
        mid_color="FFE699", end_type="max", end_color="F8696B"))
    if k.is_empty:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = "各时段来电量"
    chart.y_axis.title = "张"
    chart.add_data(Reference(ws, min_col=9, min_row=1, max_row=25), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=25))
    chart.legend = None
    chart.height, chart.width = 8, 20
    _chart_axes(chart)
    ws.add_chart(chart, "K2")


def _satisfaction(ws, st: _Styles, k: QuarterKpis) -> None:
    """Ratings by level of the scale in use (console.domain.satisfaction); both scales and the mapped three-level
    table when the desk switched during the period; calls without a rating and reviews apart; the scores."""
    from openpyxl.chart import PieChart, Reference

    _widths(ws, [22, 10, 10])
    _print_setup(ws)
    tables: list[tuple[str, tuple[LabelledEnum, ...], dict[str, int]]] = []
    if 5 in k.scales:
        tables.append(("满意度（五级，好差评）", tuple(Satisfaction5), k.scale_counts.get(5, {})))
    if 3 in k.scales or not k.scales:
        three_only = k.scale_counts.get(3, {}) if k.mixed_scales else k.satisfaction_counts
        tables.append(("满意度（三级）" if k.mixed_scales else "满意度", tuple(Satisfaction), three_only))
    if k.mixed_scales:
        tables.append(("满意度（合计，五级按对照表折为三级）", tuple(Satisfaction), k.satisfaction_counts))
    first: tuple[int, int] | None = None
    row = 0  # rows written (a write-only sheet does not count them)
    for title, levels, counts in tables:
        ws.append(_header(ws, st, [title, "回访量", "占比"]))
        top = row + 2
        total = sum(counts.values())
        for lv in levels:
            n = counts.get(lv.value, 0)
            ws.append([text_cell(ws, lv.zh), n, _rate_cell(ws, st, n / total if total else None)])
        good = sum(n for c, n in counts.items() if is_favourable(c))
        ws.append([text_cell(ws, "合计", template=st.bold), total,
                   _rate_cell(ws, st, good / total if total else None)])
        row = top + len(levels)  # the 合计 line
        first = first or (top, row - 1)
        ws.append([])
        row += 1
    if k.mixed_scales:
        ws.append([text_cell(ws, "对照表：非常满意、满意 → 满意；基本满意 → 基本满意；不满意、非常不满意 → 不满意"
                                 "（满意率不因折算而变）")])
        ws.append([])
    ws.append(_header(ws, st, ["未评价的回访与差评复核", "件数", ""]))
    for name, n in (("拒评", k.declined), ("回访不成功", k.unreachable), ("差评复核中", k.reviews_open),
                    ("复核不属实", k.reviews_dismissed)):
        ws.append([text_cell(ws, name), n, None])
    ws.append([])
    ws.append(_header(ws, st, ["评分", "服务态度", "办事能力"]))
    for score in range(5, 0, -1):
        ws.append([text_cell(ws, f"{score} 分"), k.attitude_hist[score - 1], k.ability_hist[score - 1]])
    ws.append([text_cell(ws, "平均分", template=st.bold), _cell(ws, st, k.attitude_avg, st.score),
               _cell(ws, st, k.ability_avg, st.score)])
    if not k.sat_calls or first is None:
        return
    pie = PieChart()
    pie.title = "满意度分布"
    pie.add_data(Reference(ws, min_col=2, min_row=first[0] - 1, max_row=first[1]), titles_from_data=True)
    pie.set_categories(Reference(ws, min_col=1, min_row=first[0], max_row=first[1]))
    pie.height, pie.width = 7, 10
    ws.add_chart(pie, "E2")


def _repeats(ws, st: _Styles, k: QuarterKpis, info: QuarterlyInfo) -> None:
    _widths(ws, [16, 12, 12, 17, 17, 14, 18])
    _print_setup(ws, title_rows="2:2")
    mask = mask_phone if info.mask else (lambda p: p)
    ws.append([text_cell(ws, "重复来电（同一号码 7 天内来电 2 次及以上）", template=st.title)])
    ws.append(_header(ws, st, ["来电号码", "本季度来电", "7天内最多", "首次来电", "最近来电", "社区",
                               "最近问题分类"]))
    for r in k.repeat_callers[:MAX_REPEAT_ROWS]:
        ws.append([text_cell(ws, mask(r.phone)), r.tickets, r.most_in_window,
                   _cell(ws, st, _local(r.first_at, info.tz), st.date),
                   _cell(ws, st, _local(r.last_at, info.tz), st.date),
                   text_cell(ws, r.community or DASH), text_cell(ws, r.category or NO_CATEGORY)])
    if not k.repeat_callers:
        ws.append([text_cell(ws, "本季度没有重复来电")])
    elif len(k.repeat_callers) > MAX_REPEAT_ROWS:
        ws.append([text_cell(ws, f"另有 {len(k.repeat_callers) - MAX_REPEAT_ROWS} 个号码未列出",
                             template=st.note)])
    ws.append([])
    ws.append([text_cell(ws, "热点地址（本季度 2 张及以上工单）", template=st.title)])
    ws.append(_header(ws, st, ["社区", "地址", "工单数", "主要问题分类"]))
    for h in k.hot_addresses:
        place = mask_text(h.place) if info.mask else h.place
        ws.append([text_cell(ws, h.community or DASH), text_cell(ws, place), h.tickets,
                   text_cell(ws, h.top_category or NO_CATEGORY)])
    if not k.hot_addresses:
        ws.append([text_cell(ws, "本季度没有热点地址")])


# --- the whole workbook ----------------------------------------------------------

def _discard(wb) -> None:
    """Close and delete the sheets' temporary files after a failed export."""
    for ws in getattr(wb, "_sheets", ()):
        rows = getattr(ws, "_rows", None)
        writer = getattr(ws, "_writer", None)
        for step in ((rows.close if rows is not None else None),
                     (writer.close if writer is not None else None),
                     (writer.cleanup if writer is not None else None)):
            if step is None:
                continue
            try:
                step()
            except Exception:  # noqa: BLE001 - best effort; the real error is re-raised
                pass


DEFLATE_RATIO = 0.11   # compressed / raw size of a detail sheet, measured on 250,000 rows
SAVE_TICK = 4 << 20    # report saving progress every 4 MB written


def _sheet_bytes(ws) -> int:
    writer = getattr(ws, "_writer", None)
    try:
        return os.path.getsize(writer.out) if writer is not None else 0
    except (OSError, TypeError):
        return 0


class _WatchedFile:
    """The output file, reporting how much the zip writer has written so far.

    Saving compresses the detail sheet (≈ 10 s for 250,000 rows); this lets
    the progress bar move and Cancel work during that time too. Once a write
    has failed (or was cancelled) the file goes dead: the abandoned ZipFile's
    own clean-up then writes nowhere instead of into a closed file.
    """

    def __init__(self, f: BinaryIO, on_write: Callable[[int], None]):
        self._f, self._on_write = f, on_write
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
                self._on_write(self._written)
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
    total)`; the last quarter of the progress is the saving. `cancelled()`
    is asked every few hundred rows; True raises `ExportCancelled`.
    `unit_steps`: presses, re-dispatches, extensions and returns per unit (domain.kpi.unit_step_counts).
    `calls`: the repeat calls (追加) kept on open tickets in the quarter (domain.kpi.CallRow).
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    try:
        sheets = {name: wb.create_sheet(name) for name in SHEETS}
        st = _Styles(sheets["明细"])
        builder = KpiBuilder(info.start, info.end, info.tz, info.as_of)
        detail = _DetailWriter(sheets["明细"], st, info)
        steps_total = max(total, 1) + max(total // 4, 1)
        if progress:
            progress(0, steps_total)
        n = 0
        for t in tickets:
            builder.add(t)
            if t.status in NOT_COUNTED_CODES or not (info.start <= t.received_at < info.end):
                continue
            if n < MAX_DETAIL_ROWS:
                detail.add(t)
            n += 1
            if n % CHECK_EVERY == 0:
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
        _summary(sheets["汇总"], st, info, kpis, previous, n)
        _categories(sheets["分类"], st, kpis, info)
        _communities(sheets["社区"], st, kpis)
        _units(sheets["承办单位"], st, kpis)
        _hours(sheets["时段"], st, kpis)
        _satisfaction(sheets["满意度"], st, kpis)
        _repeats(sheets["重复来电与热点"], st, kpis, info)
        if progress:
            progress(n, steps_total)
        wb.properties.title = f"热线季度分析 {info.label}"
        wb.properties.creator = "hotline-console"
        share = steps_total - n
        expected = max(_sheet_bytes(sheets["明细"]) * DEFLATE_RATIO, 1.0)

        def saving(written: int) -> None:
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            if progress:
                progress(n + min(share - 1, int(share * written / expected)), steps_total)

        wb.save(_WatchedFile(out, saving))
    except BaseException:
        _discard(wb)
        raise
    if progress:
        progress(steps_total, steps_total)
    return kpis
