"""Masking personal numbers inside free text: the one rule every masked output uses.

A masked export promises 电话号码已打码; the resident's words often carry a
number anyway ("请回电 13987654321", "我的身份证 110101199003071234"). Before a
masked workbook, shift log or 督办通知单 shows a text, `mask_text` hides:

- mobile numbers (11 digits from 1[3-9], with or without +86 / 86), masked as
  ``139****4321``;
- landline numbers with an area code (0 + 9 to 11 digits), masked as
  ``021-****3456``;
- identity-card numbers (18 characters: 17 digits and a digit or X; the old
  15-digit form too), masked as ``110***********1234``.

However they are written: full-width or other Unicode digits, single spaces,
hyphens or full-width hyphens inside the number, several numbers in a row
with spaces between. Other digits — dates, amounts, ticket numbers, house
numbers, 8-digit local numbers — stay as written (masking them would make
the text unreadable for little gain). Never raises: an export must not stop
on one odd text.
"""
from __future__ import annotations

import re
import unicodedata

from .phone import LANDLINE, MOBILE

CONFIDENTIAL = "（保密）"  # what a list or an output shows for a 保密 ticket's caller name, phone and address


def private(value: str | None, confidential: bool) -> str:
    """A caller's name, phone or address as lists and outputs show it: hidden on a 保密 ticket, whatever the
    unmask choice (the detail pane, where the operator calls back, still shows it)."""
    if confidential and value:
        return CONFIDENTIAL
    return value or ""

# a run of digits with single separators inside, an X allowed as the last character (an ID's check digit)
_RUN = re.compile(r"\+?\d(?:[ \-]?\d)*(?:[ \-]?[Xx])?")
_ID18 = re.compile(r"\d{17}[\dXx]")
_ID15 = re.compile(r"\d{15}")
_GROUP = re.compile(r"\+?[\dXx]+")
SHORTEST = 10  # digits of the shortest number masked (a landline with its area code)


# one character for one, so positions in the scan are positions in the text: separators as ' ' or '-',
# full-width X and + as ASCII; other Unicode digits are converted by `_scan`
_TABLE = str.maketrans({**{c: " " for c in (" ", "\u3000", "\u00a0")},
                        **{c: "-" for c in ("-", "\uff0d", "\u2010", "\u2011", "\u2012", "\u2013")},
                        "\uff38": "X", "\uff58": "X", "\uff0b": "+"})
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit (Unicode Nd) that is not ASCII
_ANY_DIGIT = re.compile(r"\d")  # any decimal digit (Unicode Nd), as `_scan` reads them


def _scan(text: str) -> str:
    """The text as the scanner reads it (same length): any decimal digit as ASCII, any hyphen or space as one."""
    scan = text.translate(_TABLE)
    if not scan.isascii():
        scan = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), scan)
    return scan


def _mask_number(digits: str) -> str | None:
    """The masked form of one number (digits only, X allowed last), or None when it is not a personal one."""
    d = digits
    if d.startswith("+"):
        d = d[1:]
    if len(d) == 13 and d.startswith("86") and MOBILE.fullmatch(d[2:]):
        d = d[2:]
    if MOBILE.fullmatch(d):
        return f"{d[:3]}****{d[-4:]}"
    if _ID18.fullmatch(d) or _ID15.fullmatch(d):
        return f"{d[:3]}{'*' * (len(d) - 7)}{d[-4:]}"
    landline = LANDLINE.fullmatch(d)  # the phone module's rule: 010, 02X, or 0 + three digits, then 7–8
    if landline:
        return f"{landline.group(1)}-****{d[-4:]}"
    return None


def _mask_run(run: str) -> str | None:
    """A run of digit groups: the masked run, or None when nothing in it is a personal number. Groups are
    joined greedily, longest first, so "138 0013 8000 139 0013 9000" is two numbers, each masked."""
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
    out: list[str] = []
    pos = 0
    i = 0
    changed = False
    while i < len(groups):
        for j in range(len(groups), i, -1):
            start, end = groups[i][0], groups[j - 1][1]
            digits = "".join(run[a:b] for a, b in groups[i:j])
            masked = _mask_number(digits)
            if masked is not None:
                out.append(run[pos:start])
                out.append(masked)
                pos, i, changed = end, j, True
                break
        else:
            i += 1
    if not changed:
        return None
    out.append(run[pos:])
    return "".join(out)


def mask_text(text: str | None) -> str:
    """`text` with every phone and identity-card number in it masked (see the module's rule)."""
    if not text:
        return text or ""
    if _ANY_DIGIT.search(text) is None:  # every number masked has digits: nothing to scan (most residents' words)
        return text
    try:
        scan = _scan(text)
        pieces: list[str] = []
        pos = 0
        for m in _RUN.finditer(scan):
            a, b = m.span()
            if (a > 0 and scan[a - 1].isalnum() and scan[a - 1].isascii()) or \
                    (b < len(scan) and scan[b].isalnum() and scan[b].isascii()):
                continue  # inside a longer code (a part number, a licence plate, a ticket number's tail)
            run = scan[a:b]
            if len(run) - run.count(" ") - run.count("-") < SHORTEST:
                continue  # a date, an amount, a house number: too short to be a personal number
            masked = _mask_run(run)
            if masked is not None:
                pieces.append(text[pos:a])
                pieces.append(masked)
                pos = b
        if not pieces:
            return text
        pieces.append(text[pos:])
        return "".join(pieces)
    except Exception:  # noqa: BLE001 - never stop an export on one text; hide every digit instead
        return re.sub(r"\d", "*", text)
