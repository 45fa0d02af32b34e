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

from ..domain.bulletin import Bulletin
from . import ExportCancelled
from .bulletin_xlsx import BulletinInfo, period_heads, score_words
from .fonts import PdfFont, get_font
from .pdf_page import BODY_W, MM, PAGE_OF_EN, PAGE_OF_ZH, build_a4
from .pdf_text import clean
from .quarterly_pdf import _styles, _table, arrows, change_words, value_text

TOP_CATEGORIES = 10
TOP_UNITS = 25
MATRIX_ROWS, MATRIX_COLS = 10, 8


def bulletin_title(b: Bulletin, info: BulletinInfo) -> str:
    return f"{info.title_prefix}　{info.kind(b.period)}"


def _change(kind: str, c: float | None, font: PdfFont, info: BulletinInfo) -> str:
    """A change as printed, in the bulletin's language (quarterly_pdf.change_words in Chinese)."""
    if not info.english:
        return change_words(kind, c, font)
    if c is None:
        return "—"
    up, down = arrows(font)
    if kind == "rate":
        return "no change" if abs(c) < 0.05 else f"{up if c > 0 else down} {abs(c):.1f} pp"
    return "no change" if abs(c) < 0.0005 else f"{up if c > 0 else down} {abs(c) * 100:.1f}%"


def _summary(b: Bulletin, font: PdfFont, info: BulletinInfo):
    heads = period_heads(info)
    rows = [[info.t("指标", "Figure"), info.period(b.period), info.period(b.previous.period), heads[2],
             info.period(b.year_ago.period), heads[4]]]
    for line in b.lines():
        rows.append([info.t(line.name, line.name_en), value_text(line.kind, line.value),
                     value_text(line.kind, line.previous), _change(line.kind, line.change_previous, font, info),
                     value_text(line.kind, line.year_ago), _change(line.kind, line.change_year_ago, font, info)])
    first = 50 * MM if info.english else 44 * MM
    return _table(rows, [first, 24 * MM, 24 * MM, 26 * MM, 24 * MM, 26 * MM] if info.english else
                  [first, 25 * MM, 25 * MM, 27 * MM, 25 * MM, 27 * MM], font)


def _categories(b: Bulletin, font: PdfFont, info: BulletinInfo):
    rows = [[info.t("问题分类", "Category"), *period_heads(info)]]
    for r in b.top_categories(TOP_CATEGORIES):
        rows.append([clean(r.name, font), f"{r.received:,}", f"{r.previous:,}",
                     _change("count", r.change_previous, font, info), f"{r.year_ago:,}",
                     _change("count", r.change_year_ago, font, info)])
    return _table(rows, [44 * MM, 22 * MM, 22 * MM, 28 * MM, 22 * MM, 28 * MM], font)


def _channels(b: Bulletin, font: PdfFont, info: BulletinInfo):
    t = info.t
    rows = [[t("受理渠道", "Channel"), t("受理量", "Received"), t("直接答复", "Answered"), t("派单", "Dispatched"),
             t("办结率", "Completion"), t("满意率", "Satisfaction")]]
    for g in b.current.kpis.by_channel:
        rows.append([clean(info.channel(g.key), font), f"{g.received:,}", f"{g.answered:,}",
                     f"{g.dispatched:,}", value_text("rate", g.completion_rate),
                     value_text("rate", g.satisfaction_rate)])
    return _table(rows, [44 * MM, 24 * MM, 24 * MM, 24 * MM, 26 * MM, 26 * MM], font)


def _league(b: Bulletin, font: PdfFont, st, info: BulletinInfo):
    from reportlab.platypus import Paragraph

    t = info.t
    ranked, small = b.league()
    out = []
    rows = [[t("排名", "Rank"), t("承办单位", "Unit"), t("派单", "Sent"), t("按时办结率", "On time"),
             t("满意率", "Satisfied"), t("办结率", "Completed"), t("被改派率", "Taken away"), t("得分", "Score")]]
    for r in ranked[:TOP_UNITS]:
        rows.append([str(r.rank), clean(r.unit, font), f"{r.sent:,}", value_text("rate", r.on_time_rate),
                     value_text("rate", r.satisfaction_rate), value_text("rate", r.completion_rate),
                     value_text("rate", r.redispatch_rate), "—" if r.score is None else f"{r.score:.1f}"])
    if len(rows) > 1:
        out.append(_table(rows, [12 * MM, 52 * MM, 16 * MM, 22 * MM, 20 * MM, 20 * MM, 20 * MM, 18 * MM], font,
                          numeric_from=2))
    else:
        out.append(Paragraph(t(f"本期没有派单不少于 {b.min_sample} 件的单位，不排名。",
                               f"No unit was sent {b.min_sample} tickets or more this period: no ranking."),
                             st["base"]))
    more = len(ranked) - TOP_UNITS
    out.append(Paragraph(t(
        f"得分 = {score_words(info)}（满分 100）。派单不少于 {b.min_sample} 件的单位排名；"
        f"不足 {b.min_sample} 件的 {len(small)} 个单位样本太少，不排名（见工作簿）。"
        + (f"另有 {more} 个单位见工作簿。" if more > 0 else ""),
        f"Score = {score_words(info)} (out of 100). Units sent at least {b.min_sample} tickets are ranked; "
        f"{len(small)} units sent fewer are too few to rank (see the workbook)."
        + (f" {more} more units are in the workbook." if more > 0 else "")), st["small"]))
    return out


def _matrix(b: Bulletin, font: PdfFont, info: BulletinInfo):
    cats, comms, counts = b.matrix(MATRIX_ROWS, MATRIX_COLS)
    if not cats:
        return None
    rows = [[info.t("分类 \\ 社区", "Category \\ community"), *(clean(c, font)[:6] for c in comms)]]
    for cat, row in zip(cats, counts, strict=True):
        rows.append([clean(cat, font)[:10], *(str(n) if n else "" for n in row)])
    first = 34 * MM
    rest = (BODY_W - first) / max(len(comms), 1)
    return _table(rows, [first, *([rest] * len(comms))], font)


def build_bulletin_pdf(b: Bulletin, info: BulletinInfo, out: BinaryIO | str, *,
                       cancelled: Callable[[], bool] | None = None) -> int:
    """Write the bulletin to `out` in `info.lang`; returns the page count. `cancelled()` is checked after
    every page."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    font = get_font()
    st = _styles(font)
    t = info.t
    title = bulletin_title(b, info)
    as_of = info.as_of_text()
    label = info.period(b.period)

    def story() -> list:
        parts: list = [Paragraph(clean(title, font), st["title"]),
                       Paragraph(t(f"{b.period.label}　环比：{b.previous.period.label}　同比：{b.year_ago.period.label}",
                                   f"{b.period.label_en} · compared with {b.previous.period.label_en} and "
                                   f"{b.year_ago.period.label_en}"), st["subtitle"]),
                       _summary(b, font, info), Spacer(1, 4),
                       Paragraph(clean(t(f"{as_of}　制表：{info.generated_by or '—'}。"
                                         "比率的变化以百分点表示，数量的变化以增减百分比表示；口径见工作簿“说明”。",
                                         f"{as_of} · prepared by {info.generated_by or '—'}. A rate's change is "
                                         "in percentage points (pp), a count's in per cent; the workbook's "
                                         "Notes sheet defines each figure."), font), st["small"])]
        parts += [Paragraph(t("问题分类（一级）", "First-level categories"), st["h"]), _categories(b, font, info)]
        parts += [Paragraph(t("受理渠道", "Channels"), st["h"]), _channels(b, font, info)]
        parts += [Paragraph(t("承办单位排名", "Handling units ranked"), st["h"]), *_league(b, font, st, info)]
        matrix = _matrix(b, font, info)
        if matrix is not None:
            parts.append(KeepTogether([Paragraph(t("热点：问题分类 × 社区（本期受理量）",  # no lone row overleaf
                                                  "Hot spots: category × community (received this period)"),
                                                st["h"]), matrix]))
        return parts

    def check() -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()

    return build_a4(out, story, font, check, title=title, author=info.generated_by, subject=label,
                    left_head=clean(title, font), right_head=label, left_foot=as_of,
                    right_foot="hotline-console", page_of=PAGE_OF_EN if info.english else PAGE_OF_ZH)
