"""Residents' words into spreadsheet cells: always text, never code.

Whatever a caller said ends up in a workbook that a supervisor opens in
Excel or WPS. Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
CR (or their full-width forms, which WPS and some input methods treat the
same) is what spreadsheet programs read as a formula, so such text must be
stored as a text cell. Excel also refuses most control characters (the file
"needs repair") and holds at most 32,767 characters in a cell.

`clean_text` is format-neutral (PDF and CSV writers can use it too);
`cell_text` is what the XlsxWriter exports (`xlsx_book`) store: XlsxWriter
escapes Excel's ``_xHHHH_`` itself, and the book is opened so that it never
makes a formula, a link or a number of a string; a formula-like text also
gets a quote-prefixed format there. `xlsx_value` and `text_cell` are for
openpyxl's write-only sheets (the bulletin workbook).

Why two paths in `xlsx_value`: openpyxl decides a string's cell type by
itself, and it only ever makes a formula of a string that starts with
``=`` and an error cell of the seven error codes (``#N/A`` …). Every other
string is written as text. Plain text therefore goes in as a plain ``str``
(fast: no cell object per value), and anything that starts with a risky
character or equals an error code goes in as a `WriteOnlyCell` whose type is
forced to text and whose style carries Excel's ``quotePrefix`` (the
apostrophe Excel shows in the formula bar), so that even editing the cell
and pressing Enter does not turn it into a formula. The tests read the
written XML back and check that no resident's text became a formula.
"""
from __future__ import annotations

import re
from copy import copy
from datetime import date, datetime, time
from decimal import Decimal

EXCEL_CELL_LIMIT = 32_767
TRUNCATION_MARK = "…（已截断）"

# Characters spreadsheet programs read as the start of a formula or a DDE
# call (OWASP "CSV injection"), with the full-width forms a Chinese input
# method types.
FORMULA_PREFIXES = frozenset("=+-@\t\r\n" "＝＋－＠")

# openpyxl (cell.ERROR_CODES) makes an error cell of exactly these strings.
ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))

# XML 1.0 (and so Excel) forbids C0 controls except tab, LF and CR; lone
# surrogates cannot be encoded at all; U+FFFE/U+FFFF are non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel decodes _xHHHH_ inside any string as the character HHHH; a literal
# one from a resident is escaped as _x005F_xHHHH_ (the escaped underscore).
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_NEEDS_WORK = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


# What `cell_text` must clean (controls, CR, surrogates, non-characters); XlsxWriter escapes `_xHHHH_` itself.
NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def _utf16_len(text: str) -> int:
    """Excel counts UTF-16 code units: an emoji counts twice."""
    n = len(text)
    if text.isascii():
        return n
    return n + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _cut(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units, ending with the visible truncation mark."""
    room = limit - len(TRUNCATION_MARK)
    out, used = [], 0
    for ch in text:
        w = 2 if ord(ch) > 0xFFFF else 1
        if used + w > room:
            break
        out.append(ch)
        used += w
    return "".join(out) + TRUNCATION_MARK


def clean_text(value: object, limit: int = EXCEL_CELL_LIMIT) -> str:
    """Text fit for a cell: forbidden control characters removed, line ends
    as LF, and cut to `limit` characters with "…（已截断）" at the end.

    CR and CRLF become LF: Excel breaks lines in a cell at LF, and a raw CR
    in the file's XML would be read back as LF by every reader anyway.
    None becomes "".
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ILLEGAL.sub("", text)
    if len(text) > limit // 2 and _utf16_len(text) > limit:
        text = _cut(text, limit)
    return text


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet program read this text as a formula (or an error code)?"""
    return bool(text) and (text[0] in FORMULA_PREFIXES or text in ERROR_CODES)


def _escape_excel(text: str) -> str:
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", text) if "_x" in text else text


def xlsx_text(value: object) -> str:
    """`clean_text` plus Excel's own escaping: the exact text to store."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if _NEEDS_WORK.search(text) or len(text) > EXCEL_CELL_LIMIT // 2:
        text = _escape_excel(clean_text(text))
    return text


def cell_text(value: str) -> str:
    """`clean_text` for a writer that escapes `_xHHHH_` itself (XlsxWriter); a fast path for ordinary text."""
    if len(value) > EXCEL_CELL_LIMIT // 2 or NEEDS_CLEANING.search(value):
        return clean_text(value)
    return value


def text_cell(ws, value: object, *, template=None):
    """A write-only cell that is text whatever it holds, with quotePrefix
    when the text looks like a formula. `template`: a cell whose style
    (font, fill, alignment, number format) is copied."""
    return _forced_text(ws, xlsx_text(value), template)


def _forced_text(ws, text: str, template=None):
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws)
    if template is not None and template.has_style:
        c._style = copy(template._style)
    c._value = text
    c.data_type = "s"
    if is_formula_like(text):
        c.quotePrefix = True
    return c


def xlsx_value(ws, value: object):
    """What to hand to a write-only sheet's ``append`` for one value.

    Strings are cleaned; a risky one comes back as a forced text cell,
    any other as a plain ``str`` (which openpyxl writes as text). Numbers,
    booleans, dates and None pass through; anything else becomes its text.
    """
    if value is None or isinstance(value, (bool, int, float, Decimal, datetime, date, time)):
        return value
    text = xlsx_text(value)
    if text and (text[0] in FORMULA_PREFIXES or text in ERROR_CODES):
        return _forced_text(ws, text)
    return text
