"""What the one-ticket sheets share (督办通知单, 派单单): the unit's signature lines and the A4 frame
with the desk's name, the ticket's number and whether phone numbers are masked."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, BinaryIO

from .fonts import PdfFont
from .pdf_page import MM, build_a4
from .pdf_text import clean, markup


@dataclass(frozen=True)
class SheetStyles:
    """The paragraph styles of a one-ticket sheet; `p(text)` is a paragraph of desk data (cleaned, escaped)."""

    font: PdfFont
    base: Any
    title: Any
    sub: Any
    head: Any
    small: Any
    cell: Any

    def p(self, text: str, style: Any = None):
        from reportlab.platypus import Paragraph

        return Paragraph(markup(text, self.font), style or self.base)


def sheet_styles(font: PdfFont) -> SheetStyles:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=font.name, fontSize=10, leading=15, wordWrap="CJK")
    return SheetStyles(
        font, base, title=ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER),
        sub=ParagraphStyle("sub", parent=base, fontSize=10.5, leading=15, alignment=TA_CENTER, spaceAfter=8),
        head=ParagraphStyle("head", parent=base, fontSize=11, leading=16, spaceBefore=8, spaceAfter=3),
        small=ParagraphStyle("small", parent=base, fontSize=8.5, leading=12),
        cell=ParagraphStyle("cell", parent=base, fontSize=9.5, leading=13))


def reply_to(duty_phone: str) -> str:
    """Where a unit answers: 热线值班台, with its duty phone when the desk set one."""
    return f"热线值班台（值班电话 {duty_phone}）" if duty_phone else "热线值班台"


def local_time(dt: datetime | None, tz: tzinfo) -> str:
    """`2026-11-22 22:00` in the desk's time; "" for None."""
    return f"{dt.astimezone(tz):%Y-%m-%d %H:%M}" if dt else ""


def sign_table(rows: Sequence[Sequence[str]], font: PdfFont, *, lines: int | None = None):
    """Two label/line pairs a row (`["承办单位签收：", "", "签收时间：", ""]`); a line is drawn under
    the blanks of every row, or of the first `lines` rows."""
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    last = -1 if lines is None else lines - 1
    t = Table([[clean(c, font) for c in r] for r in rows], colWidths=[28 * MM, 60 * MM, 24 * MM, 60 * MM],
              rowHeights=[12 * MM] * len(rows))
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font.name, 10), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                           *(("LINEBELOW", (i, 0), (i, last), 0.7, (0, 0, 0)) for i in (1, 3))]))
    return KeepTogether([Spacer(1, 12), t])


def build_ticket_sheet(out: BinaryIO | str, story: Callable[[], list], font: PdfFont, *, kind: str,
                       desk_name: str, number: str, generated_at: datetime, tz: tzinfo, masked: bool) -> int:
    """Lay a one-ticket sheet (`kind`: 督办通知单, 派单单) out on numbered A4 pages; the page count."""
    stamp = f"{generated_at.astimezone(tz):%Y-%m-%d %H:%M}"
    return build_a4(out, story, font, lambda: None,
                    title=clean(f"{desk_name} {kind} {number}", font), author=clean(desk_name, font),
                    subject=kind, left_head=clean(f"{desk_name} {kind}", font), right_head=f"工单 {number}",
                    left_foot=f"打印 {stamp}", right_foot="电话号码已打码" if masked else "含完整电话号码 注意保密")
