"""The bulletin (月报 / 季报) as an A4 PDF: what a street office sends its leadership.

Page one: every figure of the period beside the period before (环比) and the same period a year earlier
(同比). Then the busiest categories and their change, the channels, the unit league table (ranked units,
and how many were too small to rank) and the category × community hot spots. Built from a `Bulletin`
(plain figures, no personal data) in the house's A4 style (console.reports.pdf_page), the quarterly
analysis's tables and change marks (console.reports.quarterly_pdf); names from the desk's data go through
`pdf_text.clean`, so a stray ``<`` cannot break the page. Black and white: nothing depends on colour.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from ..domain.bulletin import SCORE_WEIGHTS, Bulletin
from ..domain.enums import Channel
from ..domain.timeutil import zone
from . import ExportCancelled
from .bulletin_xlsx import BulletinInfo
from .fonts import PdfFont, get_font
from .pdf_page import BODY_W, MM, build_a4
from .pdf_text import clean
from .quarterly_pdf import _styles, _table, change_words, value_text

TOP_CATEGORIES = 10
TOP_UNITS = 25
MATRIX_ROWS, MATRIX_COLS = 10, 8
_CHANNEL = {c.value: c.zh for c in Channel}


def bulletin_title(b: Bulletin, info: BulletinInfo) -> str:
    return f"{info.title_prefix}　热线{b.period.kind_zh}"


def _summary(b: Bulletin, font: PdfFont):
    rows = [["指标", b.period.label, b.previous.period.label, "环比", b.year_ago.period.label, "同比"]]
    for line in b.lines():
        rows.append([line.name, value_text(line.kind, line.value), value_text(line.kind, line.previous),
                     change_words(line.kind, line.change_previous, font), value_text(line.kind, line.year_ago),
                     change_words(line.kind, line.change_year_ago, font)])
    return _table(rows, [44 * MM, 25 * MM, 25 * MM, 27 * MM, 25 * MM, 27 * MM], font)


def _categories(b: Bulletin, font: PdfFont):
    rows = [["问题分类", "本期", "上期", "环比", "去年同期", "同比"]]
    for r in b.top_categories(TOP_CATEGORIES):
        rows.append([clean(r.name, font), f"{r.received:,}", f"{r.previous:,}",
                     change_words("count", r.change_previous, font), f"{r.year_ago:,}",
                     change_words("count", r.change_year_ago, font)])
    return _table(rows, [44 * MM, 22 * MM, 22 * MM, 28 * MM, 22 * MM, 28 * MM], font)


def _channels(b: Bulletin, font: PdfFont):
    rows = [["受理渠道", "受理量", "直接答复", "派单", "办结率", "满意率"]]
    for g in b.current.kpis.by_channel:
        rows.append([_CHANNEL.get(g.key, clean(g.key, font)), f"{g.received:,}", f"{g.answered:,}",
                     f"{g.dispatched:,}", value_text("rate", g.completion_rate),
                     value_text("rate", g.satisfaction_rate)])
    return _table(rows, [44 * MM, 24 * MM, 24 * MM, 24 * MM, 26 * MM, 26 * MM], font)


def _league(b: Bulletin, font: PdfFont, st):
    from reportlab.platypus import Paragraph

    ranked, small = b.league()
    out = []
    rows = [["排名", "承办单位", "派单", "按时办结率", "满意率", "办结率", "被改派率", "得分"]]
    for r in ranked[:TOP_UNITS]:
        rows.append([str(r.rank), clean(r.unit, font), f"{r.sent:,}", value_text("rate", r.on_time_rate),
                     value_text("rate", r.satisfaction_rate), value_text("rate", r.completion_rate),
                     value_text("rate", r.redispatch_rate), "—" if r.score is None else f"{r.score:.1f}"])
    if len(rows) > 1:
        out.append(_table(rows, [12 * MM, 52 * MM, 16 * MM, 22 * MM, 20 * MM, 20 * MM, 20 * MM, 18 * MM], font,
                          numeric_from=2))
    else:
        out.append(Paragraph(f"本期没有派单不少于 {b.min_sample} 件的单位，不排名。", st["base"]))
    weights = "，".join(f"{_WEIGHT[n]} {int(w * 100)}%" for n, w in SCORE_WEIGHTS)
    more = f"另有 {len(ranked) - TOP_UNITS} 个单位见工作簿。" if len(ranked) > TOP_UNITS else ""
    out.append(Paragraph(f"得分 = {weights}（满分 100）。派单不少于 {b.min_sample} 件的单位排名；"
                         f"不足 {b.min_sample} 件的 {len(small)} 个单位样本太少，不排名（见工作簿）。{more}",
                         st["small"]))
    return out


_WEIGHT = {"on_time_rate": "按时办结率", "satisfaction_rate": "满意率", "completion_rate": "办结率",
           "kept_rate": "未被改派"}


def _matrix(b: Bulletin, font: PdfFont):
    cats, comms, counts = b.matrix(MATRIX_ROWS, MATRIX_COLS)
    if not cats:
        return None
    rows = [["分类 \\ 社区", *(clean(c, font)[:6] for c in comms)]]
    for cat, row in zip(cats, counts, strict=True):
        rows.append([clean(cat, font)[:10], *(str(n) if n else "" for n in row)])
    first = 34 * MM
    rest = (BODY_W - first) / max(len(comms), 1)
    return _table(rows, [first, *([rest] * len(comms))], font)


def build_bulletin_pdf(b: Bulletin, info: BulletinInfo, out: BinaryIO | str, *,
                       cancelled: Callable[[], bool] | None = None) -> int:
    """Write the bulletin to `out`; returns the page count. `cancelled()` is checked after every page."""
    from reportlab.platypus import Paragraph, Spacer

    font = get_font()
    st = _styles(font)
    title = bulletin_title(b, info)
    as_of = f"数据截至 {info.as_of.astimezone(zone(info.tz)):%Y-%m-%d %H:%M}" if info.as_of else ""

    def story() -> list:
        parts: list = [Paragraph(clean(title, font), st["title"]),
                       Paragraph(f"{b.period.label}　环比：{b.previous.period.label}　同比：{b.year_ago.period.label}",
                                 st["subtitle"]),
                       _summary(b, font), Spacer(1, 4),
                       Paragraph(f"{as_of}　制表：{clean(info.generated_by or '—', font)}。"
                                 "比率的变化以百分点表示，数量的变化以增减百分比表示；口径见工作簿“说明”。", st["small"])]
        parts += [Paragraph("问题分类（一级）", st["h"]), _categories(b, font)]
        parts += [Paragraph("受理渠道", st["h"]), _channels(b, font)]
        parts += [Paragraph("承办单位排名", st["h"]), *_league(b, font, st)]
        matrix = _matrix(b, font)
        if matrix is not None:
            parts += [Paragraph("热点：问题分类 × 社区（本期受理量）", st["h"]), matrix]
        return parts

    def check() -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()

    return build_a4(out, story, font, check, title=title, author=info.generated_by, subject=b.period.label,
                    left_head=clean(title, font), right_head=b.period.label, left_foot=as_of,
                    right_foot="hotline-console")
