"""The desk's A4 page, shared by every PDF it prints (shift log, quarterly analysis).

One house style: the same margins, the desk's name and a subject in the
header above a rule, "第 x 页 共 y 页" centred in the footer between two short
notes. Kept here once so the two reports cannot drift apart.

"第 x 页 共 y 页" needs the page count while drawing page x: the canvas keeps
each finished page and stamps header and footer on all of them at the end
(`numbered_canvas`). `build_a4` lays a platypus story out on it; the shift
log, which must not import platypus (issue 21), draws on the same canvas
through `canvas_flow.draw_a4`. This module imports neither.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from .fonts import PdfFont

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN_X = 14 * MM
MARGIN_TOP = 17 * MM
MARGIN_BOTTOM = 15 * MM
BODY_W = PAGE_W - 2 * MARGIN_X
BODY_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM


PAGE_OF_ZH = "第 {page} 页 共 {total} 页"
PAGE_OF_EN = "Page {page} of {total}"


def numbered_canvas(font: PdfFont, pages: list[int], *, left_head: str, right_head: str,
                    left_foot: str, right_foot: str, page_of: str = PAGE_OF_ZH):
    """A canvas class that holds its pages until the end, then stamps header and
    第 x 页 共 y 页 (`page_of`, a format with {page} and {total}) on each; the page count is appended to
    `pages` on save."""
    from reportlab.pdfgen.canvas import Canvas

    class _Numbered(Canvas):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            pages.append(total)
            for i, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                self._stamp(i, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _stamp(self, page: int, total: int):
            self.saveState()
            self.setFillGray(0)
            self.setStrokeGray(0)
            self.setFont(font.name, 8)
            top = PAGE_H - MARGIN_TOP + 5 * MM
            self.drawString(MARGIN_X, top, left_head)
            self.drawRightString(PAGE_W - MARGIN_X, top, right_head)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, top - 2, PAGE_W - MARGIN_X, top - 2)
            bottom = MARGIN_BOTTOM - 8 * MM
            self.setFont(font.name, 9)
            self.drawCentredString(PAGE_W / 2, bottom, page_of.format(page=page, total=total))
            self.setFont(font.name, 7.5)
            self.drawString(MARGIN_X, bottom, left_foot)
            self.drawRightString(PAGE_W - MARGIN_X, bottom, right_foot)
            self.restoreState()

    return _Numbered


def build_a4(out: BinaryIO | str, story: Callable[[], list], font: PdfFont, check: Callable[[], None], *,
             title: str, author: str, subject: str, left_head: str, right_head: str,
             left_foot: str, right_foot: str, page_of: str = PAGE_OF_ZH) -> int:
    """Lay `story()` out on numbered A4 pages into `out`; returns the page count.

    `check()` runs after every page (it raises to cancel); `story` is called
    once the document is set up.
    """
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    class _Doc(BaseDocTemplate):
        def afterPage(self):
            check()

    doc = _Doc(out, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN_X, rightMargin=MARGIN_X,
               topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
               title=title, author=author, subject=subject, creator="hotline-console", invariant=0)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, BODY_W, BODY_H, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    pages: list[int] = []
    doc.build(story(), canvasmaker=numbered_canvas(font, pages, left_head=left_head, right_head=right_head,
                                                   left_foot=left_foot, right_foot=right_foot, page_of=page_of))
    return pages[-1] if pages else 0
