"""Residents' words into spreadsheet cells: always text, never code.

Whatever a caller said ends up in a workbook that a supervisor opens in
Excel or WPS. Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
CR (or their full-width forms, which WPS and some input methods treat the
same) is what spreadsheet programs read as a formula, so such text must be
stored as a text cell. Excel also refuses most control characters (the file
"needs repair") and holds at most 32,767 characters in a cell.

`clean_text` is format-neutral (PDF and CSV writers can use it too);
`cell_text` is what the XlsxWriter exports (`xlsx_book`: the quarterly and
bulletin workbooks) store: XlsxWriter escapes Excel's ``_xHHHH_`` itself, and
the book is opened so that it never makes a formula, a link or a number of a
string; a text `is_formula_like` also gets a quote-prefixed format there (the
apostrophe Excel shows in the formula bar), so that even editing the cell and
pressing Enter does not turn it into a formula. The tests read the written
XML back and check that no resident's text became a formula.
"""
from __future__ import annotations

import re

EXCEL_CELL_LIMIT = 32_767
TRUNCATION_MARK = "…（已截断）"

# Characters spreadsheet programs read as the start of a formula or a DDE
# call (OWASP "CSV injection"), with the full-width forms a Chinese input
# method types.
FORMULA_PREFIXES = frozenset("=+-@\t\r\n" "＝＋－＠")

# Excel reads exactly these strings as error values.
ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))

# XML 1.0 (and so Excel) forbids C0 controls except tab, LF and CR; lone
# surrogates cannot be encoded at all; U+FFFE/U+FFFF are non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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


def cell_text(value: str) -> str:
    """`clean_text` for a writer that escapes `_xHHHH_` itself (XlsxWriter); a fast path for ordinary text."""
    if len(value) > EXCEL_CELL_LIMIT // 2 or NEEDS_CLEANING.search(value):
        return clean_text(value)
    return value
