"""Text as the desk keeps it: one rule for every field a person types or a sheet brings.

- Bidirectional controls (U+202A–U+202E, U+2066–U+2069, the marks U+200E,
  U+200F, U+061C) are removed: a name wrapped in a right-to-left override
  prints backwards in a list or a PDF and can pass for another name.
- A text made only of invisible or format characters (zero-width spaces,
  joiners, a lone BOM, control characters) is blank: "required" means
  something a person can read.
- Digits are ASCII where a number is read (`ascii_digits`): phone numbers
  typed with Arabic-Indic or other Unicode digits are the same number.
"""
from __future__ import annotations

import re
import unicodedata

from .errors import ValidationError

_BIDI_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI = dict.fromkeys(map(ord, _BIDI_CHARS))
# str.translate with a mapping looks every character up (≈ 4 µs for a line of Chinese); a search for any of
# them is a tenth of that, and a text holds one almost never
_HAS_BIDI = re.compile(f"[{_BIDI_CHARS}]").search
_INVISIBLE = frozenset({"Cf", "Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def without_bidi(text: str) -> str:
    return text.translate(_BIDI) if _HAS_BIDI(text) else text


def is_blank(text: str) -> bool:
    """Nothing a reader would see: only spaces, controls and format characters (or nothing). Stops at the
    first visible character (a loop, not all() over a generator: the first one almost always is)."""
    category = unicodedata.category
    for c in text:
        if category(c) not in _INVISIBLE:
            return False
    return True


def ascii_digits(text: str) -> str:
    """Every Unicode decimal digit (full-width, Arabic-Indic, Devanagari …) as its ASCII digit."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def clean_text(value: str | None, field_zh: str, field_en: str, limit: int, required: bool = False) -> str:
    """A typed field as kept: trimmed, without bidi controls, blank when nothing visible; a ValidationError
    (Chinese and English) when required and blank, or longer than `limit`."""
    v = without_bidi(value or "").strip()
    if is_blank(v):
        v = ""
    if required and not v:
        raise ValidationError(f"请填写{field_zh}。", f"Please fill in the {field_en}.")
    if len(v) > limit:
        raise ValidationError(f"{field_zh}太长（最多 {limit} 个字）。",
                              f"The {field_en} is too long (at most {limit} characters).")
    return v


def fold_for_search(text: str | None) -> str:
    """A text as every search box compares it: NFKC (full-width ｊｈ is jh), lower case, no spaces at all.

    One rule for what is typed and what is searched, so ``JH SC``, ``ｊｈｓｃ`` and ``jhsc`` are the
    same query; the phonebook's stored search column is built by this very function.
    """
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def digits_of(text: str | None) -> str:
    """The digits of a text in order (after NFKC): 021-5912 3456 → 02159123456, for matching phone numbers."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isdigit())
