"""Residents' words on a PDF page: printed as typed, never as markup, never lost.

Three hazards, each handled here once for every PDF the desk makes:

- reportlab's `Paragraph` reads its text as markup: a caller who typed
  ``<b>`` or ``<img src="…"/>`` or ``&amp;`` would get bold text, an image
  lookup (a file or URL fetched while building!) or a different character.
  `markup` escapes ``& < >`` after cleaning, and turns line breaks into
  ``<br/>`` so they survive.
- a character the font lacks prints as nothing; control characters are not
  text at all. `clean` removes control characters, keeps line breaks and
  marks missing glyphs with a visible □ (`fonts.PdfFont.covers`).
- a table cell cannot span pages: a 20,000-character letter in one cell is
  a layout error. `chunks` cuts long text into paragraph-sized pieces and
  `wrap_lines` wraps text into lines of a given width, so a table can carry
  a tall cell over to the next page line by line.

`wrap_lines` is the hot path of a 2,000-call shift log: widths are summed
with `itertools.accumulate` and line ends found with `bisect`, so a cell
costs a few C-level passes instead of a Python loop per character.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from html import escape as _html_escape
from itertools import accumulate, repeat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fonts import PdfFont

# C0 controls but LF, DEL and the C1 block: not printable text.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
TAB = "    "
# Chinese punctuation that must not start a line (kinsoku): it moves down with the character before it.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…—,.;:?!)]}%")
_LATIN = re.compile(r"[A-Za-z0-9@#&_/\-.,:;%+=~'\"()\[\]{}<>?!*$\\|^`]")


def _font(font: PdfFont | None) -> PdfFont:
    if font is None:
        from .fonts import get_font

        return get_font()
    return font


def clean(value: object, font: PdfFont | None = None) -> str:
    """Printable text: CR/CRLF and the Unicode line separators as LF, tabs as
    spaces, other control characters removed, glyphs the font lacks as □."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    if "\t" in text:
        text = text.replace("\t", TAB)
    if not text.isascii() or _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return _font(font).covers(text)


def escape(text: str) -> str:
    """Text safe inside reportlab paragraph markup: ``& < >`` as entities (quotes stay: the markup's
    attributes are ours). `html.escape`, not xml.sax.saxutils: the same three replacements, and saxutils
    imports urllib.request, http.client and ssl (≈ 30 ms of every PDF command's start)."""
    return _html_escape(text, quote=False)


def markup(value: object, font: PdfFont | None = None) -> str:
    """`clean`, then escaped, with line breaks as ``<br/>``: what a Paragraph gets."""
    return escape(clean(value, font)).replace("\n", "<br/>")


def chunks(text: str, max_chars: int = 1000, max_lines: int = 30) -> list[str]:
    """Cut text into pieces of at most `max_chars` characters and `max_lines`
    line breaks, at line breaks where possible, so that no piece can be taller
    than a page even in a narrow column. Empty text gives []."""
    if not text:
        return []
    if len(text) <= max_chars and text.count("\n") < max_lines:
        return [text]
    out: list[str] = []
    cur: list[str] = []
    size = 0
    for line in text.split("\n"):
        while len(line) > max_chars:  # one very long line: cut it into pieces
            if cur:
                out.append("\n".join(cur))
                cur, size = [], 0
            out.append(line[:max_chars])
            line = line[max_chars:]
        if cur and (size + len(line) + 1 > max_chars or len(cur) >= max_lines):
            out.append("\n".join(cur))
            cur, size = [], 0
        cur.append(line)
        size += len(line) + 1
    if cur:
        out.append("\n".join(cur))
    return out


def paragraphs(value: object, style, font: PdfFont | None = None, max_chars: int = 1000) -> list:
    """Flowables for a long free text (a handover note): one escaped Paragraph
    per chunk, so the text flows over as many pages as it needs."""
    from reportlab.platypus import Paragraph

    text = clean(value, font)
    return [Paragraph(escape(c).replace("\n", "<br/>"), style) for c in chunks(text, max_chars)]


def wrap_lines(text: str, width: float, size: float, font: PdfFont) -> list[str]:
    """`text` (already `clean`) broken into lines no wider than `width` points.

    Chinese breaks between any two characters (but not before closing
    punctuation); runs of Latin letters and digits break at spaces when
    they can, else wherever they must. Every character is kept.
    """
    if not text:
        return [""]
    widths, dw = font.widths, font.default_width
    limit = width * 1000.0 / size
    out: list[str] = []
    for para in text.split("\n"):
        n = len(para)
        if n == 0:
            out.append("")
            continue
        cum = list(accumulate(map(widths.get, map(ord, para), repeat(dw))))
        if cum[-1] <= limit:
            out.append(para)
            continue
        start, base = 0, 0.0
        while start < n:
            if cum[-1] - base <= limit:
                out.append(para[start:])
                break
            end = bisect_right(cum, base + limit, start)
            if end <= start:
                end = start + 1  # a single character wider than the cell
            elif end < n:
                end = _adjust_break(para, start, end)
            out.append(para[start:end].rstrip(" ") if end - start > 1 else para[start:end])
            while end < n and para[end] == " ":
                end += 1  # a line never starts with the space it broke at
            start = end
            base = cum[start - 1] if start else 0.0
    return out


def _adjust_break(para: str, start: int, end: int) -> int:
    """Move a break at `end` back to a better place within [start, end)."""
    nxt = para[end]
    if nxt in _NO_LINE_START and end - 1 > start:
        return end - 1  # carry the character before the punctuation down with it
    prev = para[end - 1]
    if _LATIN.match(prev) and _LATIN.match(nxt):
        k = para.rfind(" ", start, end)
        if k > start:
            return k + 1
        run = end - 1  # no space: break where the Latin run begins, after a Chinese character
        while run > start and _LATIN.match(para[run - 1]):
            run -= 1
        if run > start:
            return run
    return end
