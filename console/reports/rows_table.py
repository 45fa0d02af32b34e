"""A table of plain-text cells drawn straight on a reportlab canvas, split between pages by its owner.

Shared by the shift log (laid out on the canvas by `canvas_flow`, without reportlab's layout engine) and
the press notice (a platypus story, through `rows_flowable.RowsFlowable`). It imports nothing of
`reportlab.platypus`: that package costs ≈ 160 ms to import (issue 21), which the shift log's process no
longer pays.

Each cell is wrapped once (`pdf_text.wrap_lines`, measured with the embedded font's widths) and drawn as
plain strings: residents' text never passes through paragraph markup. A platypus `Table` of `Paragraph`s
re-wraps every cell several times and cannot carry a row over to the next page, so a 20,000-character
description would be a layout error; here a row taller than a page continues on the next page line by
line, with the header row (and the first `repeat` columns, e.g. the ticket's number) repeated.

The interface is platypus's own, so either layout can drive it: `wrap(aW, aH)` gives the size,
`split(aW, aH)` two tables (what fits in aH, the rest) or [] (nothing fits here), `draw_on(canvas, x, top)`
draws it with its top edge at `top`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .pdf_page import BODY_H
from .pdf_text import clean, wrap_lines

if TYPE_CHECKING:
    from .fonts import PdfFont

SIZE = 7.5  # table text, points
LEADING = 9.4
PAD = 2.0
HEADER_GREY = 0.86
CONTINUED = "（续）"

Row = tuple[float, list[list[str]]]  # height, each cell's lines


class RowsTable:
    """A table of plain-text cells that splits between rows and, when one row
    is taller than a page, inside it (the header row is repeated on every page)."""

    space_before = 0.0
    space_after = 0.0

    def __init__(self, columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[str]],
                 font: PdfFont, *, title: str = "", size: float = SIZE, leading: float = LEADING,
                 max_height: float = BODY_H, repeat: int = 1, _prepared: list[Row] | None = None,
                 _header: Row | None = None, _continued: bool = False):
        self.repeat = repeat  # leading columns shown again when a row continues on the next page
        self.font, self.size, self.leading = font, size, leading
        self.col_widths = [w for _, w in columns]
        self.columns = columns
        self.title = title
        self.title_size = size + 2.5
        self.title_h = (self.title_size * 1.7) if title else 0.0
        self.max_height = max_height
        self.continued = _continued
        inner = [w - 2 * PAD for w in self.col_widths]
        if _header is None:
            _header = self._row([h for h, _ in columns], inner)
        self.header = _header
        if _prepared is None:
            _prepared = [self._row([clean(c, font) for c in r], inner) for r in rows]
        self.rows = _prepared
        self.width = sum(self.col_widths)
        self.height = self.title_h + self.header[0] + sum(h for h, _ in self.rows)

    def _row(self, cells: Sequence[str], inner: Sequence[float]) -> Row:
        lines = [wrap_lines(c, w, self.size, self.font) if c else [] for c, w in zip(cells, inner, strict=False)]
        n = max((len(x) for x in lines), default=0) or 1
        return n * self.leading + 2 * PAD, lines

    def _lines_height(self, n: int) -> float:
        return n * self.leading + 2 * PAD

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def _part(self, rows: list[Row], continued: bool) -> RowsTable:
        title = self.title
        if continued and title and not title.endswith(CONTINUED):
            title += CONTINUED
        return RowsTable(self.columns, (), self.font, title=title, size=self.size,
                         leading=self.leading, max_height=self.max_height, repeat=self.repeat,
                         _prepared=rows, _header=self.header, _continued=continued)

    def _split_row(self, row: Row, k: int) -> tuple[Row, Row]:
        _, cells = row
        top = [c[:k] for c in cells]
        bottom = [c[k:] for c in cells]
        if not bottom[0]:
            bottom[0] = [CONTINUED]
        for i in range(1, min(self.repeat, len(cells))):
            if not bottom[i]:
                bottom[i] = list(top[i])  # e.g. the ticket number, so the reader knows whose text this is
        n = max(len(c) for c in bottom) or 1
        return (self._lines_height(k), top), (self._lines_height(n), bottom)

    def split(self, aW: float, aH: float) -> list[RowsTable]:
        fixed = self.title_h + self.header[0]
        room = aH - fixed - 0.5
        if room < self._lines_height(1):
            return []
        used, fit = 0.0, 0
        for h, _ in self.rows:
            if used + h > room:
                break
            used += h
            fit += 1
        if fit == len(self.rows):
            return [self]
        head, rest = list(self.rows[:fit]), list(self.rows[fit:])
        # A row that would fit on an empty page moves there whole; a taller
        # one is cut here, so it can never stop the layout.
        fresh = self.max_height - fixed - 1.0
        if rest[0][0] > fresh:
            k = int((room - used - 2 * PAD) // self.leading)
            if k >= 2 or (k >= 1 and not head):
                top, bottom = self._split_row(rest[0], k)
                head.append(top)
                rest[0] = bottom
        if not head:
            return []
        return [self._part(head, self.continued), self._part(rest, True)]

    def draw_on(self, c: Any, x: float, top: float) -> None:
        """Draw the table on canvas `c` with its left edge at `x` and its top edge at `top`."""
        c.saveState()
        c.translate(x, top - self.height)
        self._draw(c)
        c.restoreState()

    def _draw(self, c: Any) -> None:
        f, size, lead = self.font, self.size, self.leading
        asc = f.ascent / 1000.0 * size
        xs = [0.0]
        for w in self.col_widths:
            xs.append(xs[-1] + w)
        width = xs[-1]
        y = self.height
        if self.title:
            c.setFont(f.name, self.title_size)
            c.drawString(0, y - self.title_size * 1.15, self.title)
            y -= self.title_h
        table_top = y
        hh, hcells = self.header
        c.setFillGray(HEADER_GREY)
        c.rect(0, y - hh, width, hh, stroke=0, fill=1)
        c.setFillGray(0)
        t = c.beginText()
        t.setFont(f.name, size, lead)
        rules = [(0, y, width, y)]
        for h, cells in [(hh, hcells), *self.rows]:
            base = y - PAD - asc
            for i, lines in enumerate(cells):
                if lines:
                    t.setTextOrigin(xs[i] + PAD, base)
                    for line in lines:
                        t.textLine(line)
            y -= h
            rules.append((0, y, width, y))
        c.drawText(t)
        rules.extend((x, table_top, x, y) for x in xs)
        c.setLineWidth(0.5)
        c.lines(rules)


def stretch(columns: Sequence[tuple[str, float]], width: float) -> tuple[tuple[str, float], ...]:
    """Scale column widths to `width` exactly."""
    total = sum(w for _, w in columns)
    return tuple((h, w * width / total) for h, w in columns)
