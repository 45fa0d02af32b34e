"""The quarterly analysis (季度分析) as an A4 PDF, for reading on paper.

The workbook is for working with the numbers; this is what a leader reads at
a meeting: the KPIs beside the previous quarter with ▲/▼ change marks, the
tickets by category, by month and by hour × weekday, the units with overdue
tickets and the repeat callers (masked unless a supervisor asked otherwise).

Built from a `QuarterKpis` (and the previous quarter's, for the changes)
plus plain facts in `QuarterlyPdfInfo`; never a session. Printed in black
and white: bars are grey with black outlines and carry their value as a
label, the hour grid is shaded grey and also prints the number, so nothing
depends on colour. Every label uses the embedded CJK font (`fonts`); names
from the desk's data (categories, units, communities) go through
`pdf_text.clean`/`markup`, so a stray ``<`` or a missing glyph cannot break
the page. House style as the shift log: A4, the desk's name in the header,
"第 x 页 共 y 页" in the footer.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import BinaryIO
from zoneinfo import ZoneInfo

from ..domain.kpi import EMPTY_MESSAGE_ZH, NO_CATEGORY, WEEKDAYS_ZH, QuarterKpis
from ..domain.kpi_summary import SummaryLine, quarter_label, summary_lines
from ..domain.phone import mask_phone
from ..domain.timeutil import previous_quarter
from . import ExportCancelled
from .fonts import PdfFont, get_font
from .pdf_page import BODY_W, MM, build_a4
from .pdf_text import clean, markup

DASH = "—"
TOP_CATEGORIES = 10
TOP_UNITS = 10
TOP_REPEATS = 20
LABEL_CHARS = 12  # a category name on a chart axis; longer names end in …
BAR_GREY = 0.55
PREV_GREY = 0.85
HEADER_GREY = 0.86


@dataclass(frozen=True)
class QuarterlyPdfInfo:
    """What the PDF says about itself: whose desk, which quarter, who printed it."""

    desk_name: str
    year: int
    quarter: int
    tz: tzinfo | str = "Asia/Shanghai"
    as_of: datetime | None = None      # data as of (aware)
    generated_by: str = ""
    mask: bool = True

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def previous_label(self) -> str:
        return quarter_label(*previous_quarter(self.year, self.quarter))

    @property
    def zone(self) -> tzinfo:
        return ZoneInfo(self.tz) if isinstance(self.tz, str) else self.tz


def quarterly_pdf_title(info: QuarterlyPdfInfo) -> str:
    return f"{info.desk_name}　季度分析报告"


# ------------------------------------------------------------------ figures as text

def arrows(font: PdfFont) -> tuple[str, str]:
    """▲/▼ when the font has them, else ↑/↓, else the words 升/降."""
    for up, down in (("▲", "▼"), ("↑", "↓")):
        if font.has_glyph(ord(up)) and font.has_glyph(ord(down)):
            return up, down
    return "升", "降"


def value_text(kind: str, v) -> str:
    if v is None:
        return DASH
    if kind == "rate":
        return f"{v * 100:.1f}%"
    if kind == "minutes":
        return f"{v:,.1f}"
    if kind == "score":
        return f"{v:.2f}"
    return f"{int(v):,}"


def change_text(line: SummaryLine, font: PdfFont) -> str:
    """▲ 3.5 个百分点 for rates, ▼ 12.0% for everything else, 持平 for no change."""
    return change_words(line.kind, line.change, font)


def change_words(kind: str, c: float | None, font: PdfFont) -> str:
    """A change as printed (kpi_summary.change's units: percentage points for a rate, else a fraction)."""
    if c is None:
        return DASH
    up, down = arrows(font)
    if kind == "rate":
        if abs(c) < 0.05:
            return "持平"
        return f"{up if c > 0 else down} {abs(c):.1f} 个百分点"
    if abs(c) < 0.0005:
        return "持平"
    return f"{up if c > 0 else down} {abs(c) * 100:.1f}%"


def _short(text: str, n: int = LABEL_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _local(dt: datetime, tz: tzinfo) -> datetime:
    return dt.astimezone(tz)


def monthly_totals(k: QuarterKpis) -> list[int]:
    """Tickets received in each month of the quarter (summed over categories)."""
    totals = [0] * len(k.months)
    for per_month in k.category_by_month.values():
        for i, n in enumerate(per_month):
            totals[i] += n
    return totals


# ------------------------------------------------------------------ the document

def _styles(font: PdfFont):
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=font.name, fontSize=9, leading=13, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=16,
                                   alignment=TA_CENTER, spaceAfter=8),
        "h": ParagraphStyle("h", parent=base, fontSize=11.5, leading=17, spaceBefore=10, spaceAfter=4),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "change": ParagraphStyle("change", parent=base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "empty": ParagraphStyle("empty", parent=base, fontSize=14, leading=22, alignment=TA_CENTER,
                                spaceBefore=30),
    }


def _table(rows, widths, font: PdfFont, *, numeric_from: int = 1, shade=None):
    """A small ruled table: grey header row, numbers right-aligned."""
    from reportlab.platypus import Table, TableStyle

    t = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), font.name, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), (HEADER_GREY,) * 3),
        ("GRID", (0, 0), (-1, -1), 0.4, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if shade:
        style.extend(shade)
    t.setStyle(TableStyle(style))
    return t


def _kpi_table(k: QuarterKpis, prev: QuarterKpis | None, info: QuarterlyPdfInfo, font: PdfFont, st):
    from reportlab.platypus import Paragraph

    def change_cell(line: SummaryLine):
        # the font's ▲/▼ are small at table size: printed larger so the direction reads on paper
        text = change_text(line, font)
        for a in arrows(font):
            text = text.replace(a, f'<font size="10.5">{a}</font>')
        return Paragraph(text, st["change"])

    rows = [["指标", info.label, info.previous_label if prev is not None else "上季度", "变化"]]
    for line in summary_lines(k, prev):
        rows.append([line.name, value_text(line.kind, line.value),
                     value_text(line.kind, line.previous) if prev is not None else DASH,
                     change_cell(line)])
    return _table(rows, [62 * MM, 36 * MM, 36 * MM, 40 * MM], font)


def _axis_fonts(chart, font: PdfFont, size: float = 7.5) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = font.name
        axis.labels.fontSize = size
    chart.barLabels.fontName = font.name
    chart.barLabels.fontSize = size - 0.5


def _category_chart(k: QuarterKpis, font: PdfFont):
    """Horizontal bars, the largest category on top, the count at each bar's end."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing

    top = list(k.by_category[:TOP_CATEGORIES])
    names = [clean(_short(g.key), font) for g in reversed(top)]  # the chart draws bottom-up
    values = [g.received for g in reversed(top)]
    bar_h = 13
    h = bar_h * len(top) + 30
    d = Drawing(BODY_W, h)
    c = HorizontalBarChart()
    c.x, c.y = 70 * MM, 18
    c.width, c.height = BODY_W - 70 * MM - 16 * MM, bar_h * len(top)
    c.data = [values]
    c.categoryAxis.categoryNames = names
    c.categoryAxis.labels.boxAnchor = "e"
    c.categoryAxis.labels.dx = -4
    c.valueAxis.valueMin = 0
    c.valueAxis.forceZero = True
    c.valueAxis.labelTextFormat = "%d"
    if max(values, default=0) < 5:
        c.valueAxis.valueMax, c.valueAxis.valueStep = 5, 1
    c.bars[0].fillColor = _grey(BAR_GREY)
    c.bars[0].strokeColor = _grey(0)
    c.bars[0].strokeWidth = 0.4
    c.barLabelFormat = "%d"
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    _axis_fonts(c, font)
    d.add(c)
    return d


def _month_chart(k: QuarterKpis, font: PdfFont):
    """Tickets by month: one grey bar a month with its count above it."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing

    totals = monthly_totals(k)
    d = Drawing(BODY_W, 36 * MM)
    c = VerticalBarChart()
    c.x, c.y = 20 * MM, 8 * MM
    c.width, c.height = BODY_W - 40 * MM, 24 * MM
    c.data = [totals]
    c.categoryAxis.categoryNames = [f"{y}年{m}月" for y, m in k.months]
    c.categoryAxis.labels.boxAnchor = "n"
    c.categoryAxis.labels.dy = -3
    c.valueAxis.valueMin = 0
    c.valueAxis.forceZero = True
    c.valueAxis.labelTextFormat = "%d"
    if max(totals, default=0) < 5:
        c.valueAxis.valueMax, c.valueAxis.valueStep = 5, 1
    c.barWidth = 10
    c.groupSpacing = 30
    c.bars[0].fillColor = _grey(BAR_GREY)
    c.bars[0].strokeColor = _grey(0)
    c.bars[0].strokeWidth = 0.4
    c.barLabelFormat = "%d"
    c.barLabels.boxAnchor = "s"
    c.barLabels.dy = 2
    _axis_fonts(c, font, 8)
    d.add(c)
    return d


def _grey(level: float):
    from reportlab.lib.colors import Color

    return Color(level, level, level)


def _hour_grid(k: QuarterKpis, font: PdfFont):
    """24 hours × 7 weekdays, each cell shaded by its share of the busiest cell
    and printing its number, so it reads on a black-and-white copy."""
    grid = k.hour_weekday
    peak = max((n for row in grid for n in row), default=0)
    rows = [["时段", *WEEKDAYS_ZH, "合计"]]
    shade = []
    for h in range(24):
        row = list(grid[h])
        rows.append([f"{h:02d}:00-{h + 1:02d}:00", *(str(n) if n else "" for n in row), str(sum(row))])
        for d, n in enumerate(row):
            if n and peak:
                level = 1.0 - 0.6 * (n / peak)  # white … 40 % grey; black text stays legible
                shade.append(("BACKGROUND", (d + 1, h + 1), (d + 1, h + 1), (level,) * 3))
    totals = [sum(grid[h][d] for h in range(24)) for d in range(7)]
    rows.append(["合计", *(str(n) for n in totals), str(sum(totals))])
    shade.append(("BACKGROUND", (0, 25), (-1, 25), (HEADER_GREY,) * 3))
    t = _table(rows, [30 * MM] + [18 * MM] * 7 + [22 * MM], font, shade=shade)
    t.setStyle([("FONT", (0, 0), (-1, -1), font.name, 7.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)])
    return t


def _units_table(k: QuarterKpis, font: PdfFont, st):
    from reportlab.platypus import Paragraph

    units = sorted(k.by_unit, key=lambda g: (-g.overdue, -g.dispatched, g.key))[:TOP_UNITS]
    rows = [["承办单位", "派单量", "办结量", "超期", "按时办结率", "满意率"]]
    for g in units:
        rows.append([Paragraph(markup(g.key, font), st["cell"]), f"{g.dispatched:,}", f"{g.done:,}",
                     f"{g.overdue:,}", value_text("rate", g.on_time_rate),
                     value_text("rate", g.satisfaction_rate)])
    return _table(rows, [70 * MM, 20 * MM, 20 * MM, 20 * MM, 26 * MM, 26 * MM], font), len(k.by_unit)


def _repeats_table(k: QuarterKpis, info: QuarterlyPdfInfo, font: PdfFont, st):
    from reportlab.platypus import Paragraph

    mask = mask_phone if info.mask else (lambda p: p)
    tz = info.zone
    rows = [["来电号码", "本季度来电", "7天内最多", "最近来电", "社区", "最近问题分类"]]
    for r in k.repeat_callers[:TOP_REPEATS]:
        rows.append([clean(mask(r.phone), font), str(r.tickets), str(r.most_in_window),
                     f"{_local(r.last_at, tz):%m-%d %H:%M}",
                     Paragraph(markup(r.community or DASH, font), st["cell"]),
                     Paragraph(markup(r.category or NO_CATEGORY, font), st["cell"])])
    t = _table(rows, [30 * MM, 20 * MM, 20 * MM, 24 * MM, 38 * MM, 50 * MM], font)
    t.setStyle([("ALIGN", (3, 1), (3, -1), "CENTER")])
    return t


def _period_text(k: QuarterKpis, info: QuarterlyPdfInfo) -> str:
    tz = info.zone
    last = _local(k.end - timedelta(microseconds=1), tz)
    return f"{info.label}（{_local(k.start, tz):%Y-%m-%d} 至 {last:%Y-%m-%d}）"


def _story(k: QuarterKpis, prev: QuarterKpis | None, info: QuarterlyPdfInfo, font: PdfFont,
           check: Callable[[], None]) -> list:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    st = _styles(font)
    tz = info.zone

    def P(text: str, style: str = "base"):
        return Paragraph(markup(text, font), st[style])

    as_of = info.as_of or k.as_of
    story: list = [
        Spacer(1, 4 * MM),
        P(quarterly_pdf_title(info), "title"),
        P(_period_text(k, info), "subtitle"),
    ]
    notes = [
        f"统计范围：{info.label}受理的工单（{k.tz} 时间），不含已作废工单（本季度作废 {k.void} 张）。",
        "变化：比率为与上季度相差的百分点，其余为增减百分比；无可比数据时显示“—”。",
        f"数据截至：{_local(as_of, tz):%Y-%m-%d %H:%M}"
        + (f"；导出人：{info.generated_by}" if info.generated_by else "") + "。",
        "电话号码已打码。" if info.mask else "电话号码未打码（含完整号码，注意保密；已记入操作日志）。",
    ]
    story.extend(P(n, "small") for n in notes)
    if k.is_empty:
        story.append(P(EMPTY_MESSAGE_ZH, "empty"))
        if k.missed_calls:
            story.append(P(f"本季度未接来电 {k.missed_calls} 个，已回拨 {k.missed_called_back} 个。",
                           "subtitle"))
        return story

    story.append(P("一、主要指标", "h"))
    story.append(_kpi_table(k, prev, info, font, st))
    check()

    story.append(KeepTogether([P("二、各月受理量", "h"), _month_chart(k, font)]))
    n_cat = len(k.by_category)
    title = f"三、工单分类（前 {TOP_CATEGORIES} 类，共 {n_cat} 类）" if n_cat > TOP_CATEGORIES \
        else f"三、工单分类（共 {n_cat} 类）"
    story.append(KeepTogether([P(title, "h"), _category_chart(k, font)]))
    check()

    # shorter than a page: kept whole, never split between two sheets of paper
    story.append(KeepTogether([P("四、来电时段分布（受理量，按时段 × 星期；颜色越深越多）", "h"),
                               _hour_grid(k, font)]))
    check()

    units, n_units = _units_table(k, font, st)
    story.append(P("五、承办单位超期情况（按超期数排序）", "h"))
    if n_units:
        story.append(units)
        if n_units > TOP_UNITS:
            story.append(P(f"另有 {n_units - TOP_UNITS} 个承办单位未列出，详见季度分析表。", "small"))
    else:
        story.append(P("本季度没有派单。", "small"))

    heading = P("六、重复来电（同一号码 7 天内来电 2 次及以上）", "h")
    if k.repeat_callers:  # at most TOP_REPEATS rows: shorter than a page, kept with its heading
        story.append(KeepTogether([heading, _repeats_table(k, info, font, st)]))
        more = len(k.repeat_callers) - TOP_REPEATS
        if more > 0:
            story.append(P(f"另有 {more} 个号码未列出，详见季度分析表。", "small"))
    else:
        story.extend([heading, P("本季度没有重复来电。", "small")])
    story.append(Spacer(1, 2))
    check()
    return story


def _page_marks(info: QuarterlyPdfInfo, font: PdfFont) -> dict[str, str]:
    """What the header and footer of every page say (`pdf_page.numbered_canvas`)."""
    return dict(left_head=clean(quarterly_pdf_title(info).replace("　", " "), font),
                right_head=info.label,
                left_foot=f"数据截至 {_local(info.as_of, info.zone):%Y-%m-%d %H:%M}" if info.as_of else "",
                right_foot="电话号码已打码" if info.mask else "含完整电话号码 注意保密")


def build_quarterly_pdf(kpis: QuarterKpis, info: QuarterlyPdfInfo, out: BinaryIO | str, *,
                        previous: QuarterKpis | None = None, font: PdfFont | None = None,
                        cancelled: Callable[[], bool] | None = None) -> int:
    """Write the quarterly analysis PDF to `out` (a binary file or a path);
    returns the page count. `previous` (the quarter before) fills the
    comparison column. `cancelled()` is asked between sections and pages;
    when it says yes, ExportCancelled is raised (the caller's atomic file
    then leaves nothing behind)."""
    font = font or get_font()
    if info.desk_name != clean(info.desk_name, font):
        info = replace(info, desk_name=clean(info.desk_name, font))

    def check():
        if cancelled is not None and cancelled():
            raise ExportCancelled()

    check()
    return build_a4(out, lambda: _story(kpis, previous, info, font, check), font, check,
                    title=f"{info.desk_name} 季度分析 {info.label}", author=info.desk_name, subject="季度分析",
                    **_page_marks(info, font))
