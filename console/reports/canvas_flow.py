"""Blocks laid out top to bottom on the desk's numbered A4 pages, straight on a reportlab canvas.

What the shift log needs of a layout engine, and no more: text wrapped to the body's width (centred or
not), space between blocks, a group kept on one page when it fits on one, and tables that split between
pages (`rows_table.RowsTable`). reportlab's own engine, `reportlab.platypus`, costs ≈ 160 ms to import
(one regular expression compiled by `platypus.paragraph` alone ≈ 45–65 ms) — more than the whole render
of a night's log — so the shift log's process (issue 21: within 1.5× of a bare canvas) never imports it.

The spacing rules are platypus's, so a log looks as it did: a block's space before is dropped at the top
of a page and overlaps the space after the block above it (the larger of the two counts); a paragraph's
first baseline is one font size below its top; a paragraph splits between lines but never leaves its
first line alone at the bottom of a page; a group moves to the next page whole when it fits there.

The page, its header and its "第 x 页 共 y 页" footer are `pdf_page.numbered_canvas`, the same house style
as the PDFs platypus lays out (`pdf_page.build_a4`).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from .pdf_page import BODY_H, BODY_W, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_H, PAGE_OF_ZH, PAGE_W, numbered_canvas
from .pdf_text import clean, wrap_lines

if TYPE_CHECKING:
    from .fonts import PdfFont

FUZZ = 1e-6  # platypus's tolerance: a block exactly as tall as the room left fits


class Block(Protocol):
    """What the flow lays out: its size, its split at a page's end, its drawing."""

    space_before: float
    space_after: float

    def wrap(self, aW: float, aH: float) -> tuple[float, float]: ...

    def split(self, aW: float, aH: float) -> Sequence[Block]: ...

    def draw_on(self, c: Any, x: float, top: float) -> None: ...


class Text:
    """Lines of one font size, wrapped to a width once (`pdf_text.wrap_lines`), left-aligned or centred."""

    def __init__(self, lines: list[str], font: PdfFont, size: float, leading: float, *, width: float = BODY_W,
                 centred: bool = False, space_before: float = 0.0, space_after: float = 0.0):
        self.lines, self.font, self.size, self.leading = lines, font, size, leading
        self.width, self.centred = width, centred
        self.space_before, self.space_after = space_before, space_after

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, len(self.lines) * self.leading

    def split(self, aW: float, aH: float) -> list[Text]:
        k = int((aH + FUZZ) // self.leading)
        if k >= len(self.lines):
            return [self]
        if k < 2:  # never the first line alone at the bottom of a page
            return []
        kw = dict(width=self.width, centred=self.centred)
        return [Text(self.lines[:k], self.font, self.size, self.leading, space_before=self.space_before, **kw),
                Text(self.lines[k:], self.font, self.size, self.leading, space_after=self.space_after, **kw)]

    def draw_on(self, c: Any, x: float, top: float) -> None:
        c.setFont(self.font.name, self.size)
        y = top - self.size
        for line in self.lines:
            if self.centred:
                c.drawCentredString(x + self.width / 2, y, line)
            else:
                c.drawString(x, y, line)
            y -= self.leading


def text(value: object, font: PdfFont, size: float, leading: float, *, width: float = BODY_W,
         centred: bool = False, space_before: float = 0.0, space_after: float = 0.0) -> Text:
    """A paragraph of desk data or residents' words: `clean`ed (control characters out, missing glyphs as □),
    line breaks kept, wrapped to `width`. Drawn as plain strings: nothing in it is markup."""
    lines = wrap_lines(clean(value, font), width, size, font)
    return Text(lines, font, size, leading, width=width, centred=centred, space_before=space_before,
                space_after=space_after)


class Space:
    """Vertical space; dropped at the top of a page and at the bottom of one it does not fit on."""

    space_before = space_after = 0.0

    def __init__(self, height: float):
        self.height = height

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0.0, self.height

    def split(self, aW: float, aH: float) -> list[Block]:
        return []

    def draw_on(self, c: Any, x: float, top: float) -> None:
        pass


class Together:
    """Blocks kept on one page when they fit on one (a heading with its first lines, the signatures)."""

    def __init__(self, blocks: Sequence[Block]):
        self.blocks = list(blocks)


class Flow:
    """Lays blocks out on the body of numbered A4 pages, from the top down; a page is begun when something
    needs it, and `check()` runs after every finished page (it raises to cancel)."""

    def __init__(self, c: Any, check: Callable[[], None]):
        self.c, self.check = c, check
        self.x, self.top, self.bottom, self.width = MARGIN_X, PAGE_H - MARGIN_TOP, MARGIN_BOTTOM, BODY_W
        self.y = self.top
        self.after = 0.0  # the space after the block above (the next block's space before overlaps it)

    @property
    def at_top(self) -> bool:
        return self.y >= self.top

    def _room(self, space_before: float) -> float:
        return self.y - self.bottom - self._gap(space_before)

    def _gap(self, space_before: float) -> float:
        return 0.0 if self.at_top else max(space_before - self.after, 0.0)

    def new_page(self) -> None:
        self.c.showPage()
        self.check()
        self.y, self.after = self.top, 0.0

    def add(self, block: Block | Together) -> None:
        if isinstance(block, Together):
            self._together(block)
            return
        while True:
            if isinstance(block, Space):
                if not self.at_top:
                    self.y = max(self.y - block.height, self.bottom)
                    self.after = 0.0
                return
            _, h = block.wrap(self.width, self._room(block.space_before))
            if h <= self._room(block.space_before) + FUZZ:
                self._draw(block, h)
                return
            parts = block.split(self.width, self._room(block.space_before))
            if len(parts) == 2:
                first, block = parts
                self._draw(first, first.wrap(self.width, self.y - self.bottom)[1])
            elif self.at_top:  # taller than a page and cannot split (no block of ours): drawn, cut at the foot
                self._draw(block, h)
                return
            self.new_page()

    def _draw(self, block: Block, h: float) -> None:
        self.y -= self._gap(block.space_before)
        block.draw_on(self.c, self.x, self.y)
        self.y -= h + block.space_after
        self.after = block.space_after

    def _together(self, group: Together) -> None:
        total, after, first = 0.0, self.after, True
        for b in group.blocks:
            _, h = b.wrap(self.width, BODY_H)
            total += (0.0 if first and self.at_top else max(b.space_before - after, 0.0)) + h
            after, first = b.space_after, False
        if not self.at_top and total > self.y - self.bottom + FUZZ and total <= BODY_H:
            self.new_page()
        for b in group.blocks:
            self.add(b)

    def finish(self) -> None:
        self.c.showPage()
        self.check()


def draw_a4(out: BinaryIO | str | os.PathLike[str], draw: Callable[[Flow], None], font: PdfFont, check: Callable[[], None], *,
            title: str, author: str, subject: str, left_head: str, right_head: str, left_foot: str,
            right_foot: str, page_of: str = PAGE_OF_ZH) -> int:
    """`draw(flow)` adds the document's blocks; they are laid out on numbered A4 pages written to `out`.
    Returns the page count. The canvas and its metadata are `pdf_page.build_a4`'s."""
    pages: list[int] = []
    canvas_class = numbered_canvas(font, pages, left_head=left_head, right_head=right_head,
                                   left_foot=left_foot, right_foot=right_foot, page_of=page_of)
    c = canvas_class(os.fspath(out) if isinstance(out, os.PathLike) else out, pagesize=(PAGE_W, PAGE_H),
                     invariant=0)
    c.setTitle(title)
    c.setAuthor(author)
    c.setSubject(subject)
    c.setCreator("hotline-console")
    flow = Flow(c, check)
    draw(flow)
    flow.finish()
    c.save()
    return pages[-1] if pages else 0
