"""Phone numbers as the desk hears them, stored one way.

Callers are found again by their number (caller history, repeat callers,
special groups), so every number is stored in one canonical form whatever
the operator typed: full-width digits from a Chinese input method, spaces,
dashes, brackets, a +86 prefix, an extension written as 转/ext/x/#.

Canonical forms (ASCII digits and '-' only):

- mobile: ``13800138000``
- landline with area code: ``021-59123456``, with extension ``021-59123456-801``
- local number without area code (7–8 digits): ``59123456``
- short service number (3–6 digits): ``110``, ``12345``, ``95598``

Only mainland Chinese numbers are accepted: the desk calls back from a
Chinese line, and a foreign number in the register is almost always a typo.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import ValidationError
from .text import ascii_digits

# Longest sensible input: +86 prefix, area code, local number, extension and
# some separators. Anything longer is refused before any pattern runs on it.
_MAX_INPUT = 40

# NFKC does not fold these into '-'; people (and word processors) type them.
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58"})

# An extension is written after the number: 转 801, 分机801, ext. 801, x801, #801.
_EXT_MARKED = re.compile(r"(?:转|分机|ext\.?|x|#)[\s:.-]*(\d+)\s*$")
_ALLOWED_MAIN = re.compile(r"[\d\s\-.()+]*")

MOBILE = re.compile(r"1[3-9]\d{9}")
# Area codes: 010 (Beijing) and 02X are three digits with the 0; every other
# area code is 0 plus three digits (0571, 0357, 0755 …). 00 starts an
# international prefix and 01X other than 010 does not exist.
LANDLINE = re.compile(r"(010|02\d|0[3-9]\d\d)(\d{7,8})")
# Local numbers never start with 0 (trunk prefix) or 1 (mobiles, services).
_LOCAL = re.compile(r"[2-9]\d{6,7}")
_SHORT = re.compile(r"[1-9]\d{2,5}")
_EXT = re.compile(r"\d{1,6}")


@dataclass(frozen=True)
class _Phone:
    kind: str  # 'mobile' | 'landline' | 'local' | 'short'
    number: str  # the mobile, local or short digits; the local part of a landline
    area: str = ""
    ext: str = ""

    def canonical(self) -> str:
        parts = [self.area, self.number, self.ext] if self.area else [self.number, self.ext]
        return "-".join(p for p in parts if p)


def _shown(text: str) -> str:
    """The operator's text as quoted back in a message, cut if very long."""
    t = text.strip()
    return t if len(t) <= 24 else t[:24] + "…"


def _unrecognised(text: str) -> ValidationError:
    return ValidationError(
        f"电话号码“{_shown(text)}”无法识别：请只输入数字，座机可带区号和分机。",
        f"The phone number '{_shown(text)}' is not recognised: use digits only; "
        "a landline may have an area code and an extension.",
    )


def _foreign(text: str) -> ValidationError:
    return ValidationError(
        f"电话号码“{_shown(text)}”不是中国大陆号码：只能登记中国大陆的手机或座机号码。",
        f"The phone number '{_shown(text)}' is not a mainland Chinese number: "
        "only Chinese mobiles and landlines can be recorded.",
    )


def _classify(digits: str) -> _Phone | None:
    if MOBILE.fullmatch(digits):
        return _Phone("mobile", digits)
    m = LANDLINE.fullmatch(digits)
    if m:
        return _Phone("landline", m.group(2), area=m.group(1))
    if _LOCAL.fullmatch(digits):
        return _Phone("local", digits)
    if _SHORT.fullmatch(digits):
        return _Phone("short", digits)
    return None


def _strip_country_code(plus: bool, groups: list[str], text: str) -> tuple[list[str], bool]:
    """Remove +86 / 0086 / 86 in front; refuse any other country.

    Returns the remaining digit groups and whether a country code was seen
    (then only a mobile or a landline with area code may follow).
    """
    joined = "".join(groups)
    if plus:
        if not joined.startswith("86"):
            raise _foreign(text)
        prefix = "86"
    elif joined.startswith("00"):
        if not joined.startswith("0086"):
            raise _foreign(text)
        prefix = "0086"
    elif joined.startswith("86") and len(joined) == 13 and MOBILE.fullmatch(joined[2:]):
        prefix = "86"  # 8613800138000 — a mobile copied from an international listing
    else:
        return groups, False
    rest = list(groups)
    while prefix:  # the prefix may be a group of its own or glued to the number
        head = rest.pop(0)
        if len(head) > len(prefix):
            rest.insert(0, head[len(prefix):])
            prefix = ""
        else:
            prefix = prefix[len(head):]
    return [g for g in rest if g], True


def _parse(text: str) -> _Phone:
    if text is None or not str(text).strip():
        raise ValidationError("请输入电话号码。", "Please enter a phone number.")
    text = str(text)
    if len(text.strip()) > _MAX_INPUT:
        raise ValidationError(
            f"电话号码“{_shown(text)}”太长：请只输入一个号码。",
            f"The phone number '{_shown(text)}' is too long: enter one number only.",
        )
    s = ascii_digits(unicodedata.normalize("NFKC", text)).translate(_DASHES).lower().strip()

    ext = ""
    m = _EXT_MARKED.search(s)
    if m:
        ext, s = m.group(1), s[: m.start()]
    main = s.strip().rstrip("-.").strip()
    if not _ALLOWED_MAIN.fullmatch(main) or main.count("+") > 1:
        raise _unrecognised(text)
    plus = "+" in main
    if plus and re.search(r"\d", main[: main.index("+")]):
        raise _unrecognised(text)  # a '+' may only lead: "+86 …" or "(+86) …"
    groups = re.findall(r"\d+", main)
    if not groups:
        raise _unrecognised(text)
    if len("".join(groups)) > 20:
        raise ValidationError(
            f"电话号码“{_shown(text)}”太长：请只输入一个号码。",
            f"The phone number '{_shown(text)}' is too long: enter one number only.",
        )

    groups, international = _strip_country_code(plus, groups, text)
    if international:
        if groups and not groups[0].startswith("0") and not MOBILE.fullmatch("".join(groups)):
            groups[0] = "0" + groups[0]  # +86 21 5912 3456: the trunk 0 is dropped abroad
        if not groups:
            raise _unrecognised(text)

    phone = _with_extension(groups, ext)
    if phone is None or (international and phone.kind not in ("mobile", "landline")):
        raise _unrecognised(text)
    return phone


def _with_extension(groups: list[str], ext: str) -> _Phone | None:
    """Classify the digit groups, finding an extension written as a last '-801'.

    A trailing group is an extension when what stands before it is already a
    complete landline (``021-59123456-801``); otherwise the groups are one
    number written in pieces (``138-0013-8000``, ``(021) 5912-3456``).
    """
    if ext:
        phone = _classify("".join(groups))
    else:
        phone = None
        if len(groups) >= 2 and _EXT.fullmatch(groups[-1]):
            rest = _classify("".join(groups[:-1]))
            if rest is not None and rest.kind == "landline":
                phone, ext = rest, groups[-1]
        if phone is None:
            phone = _classify("".join(groups))
        if phone is None and len(groups) >= 2 and _EXT.fullmatch(groups[-1]):
            rest = _classify("".join(groups[:-1]))
            if rest is not None and rest.kind == "local":
                phone, ext = rest, groups[-1]
    if phone is None:
        return None
    if ext:
        if not _EXT.fullmatch(ext) or phone.kind not in ("landline", "local"):
            return None  # mobiles and service numbers have no extensions
        phone = _Phone(phone.kind, phone.number, phone.area, ext)
    return phone


# A number typed, or stored, already in its canonical form — a mobile, or a landline with its area code and
# no extension — is its own canonical form: `_parse` would give the same text back (tests/domain/test_phone.py
# holds the two equal on arbitrary text). Every logged call's number is one of these most of the time, and the
# full parse (NFKC, the extension's and country code's patterns, the groups) cost ~10 µs of the call.
_ALREADY_CANONICAL = re.compile(r"1[3-9]\d{9}|(?:010|02\d|0[3-9]\d\d)-\d{7,8}", re.ASCII)


def normalise_phone(text: str) -> str:
    """The canonical form of a phone number, or a ValidationError saying why not.

    Idempotent: a canonical number comes back unchanged, so values read
    from the database may be passed through again safely.
    """
    if type(text) is str and _ALREADY_CANONICAL.fullmatch(text):
        return text
    return _parse(text).canonical()


def mask_phone(value: str) -> str:
    """The number with its middle hidden, for exports and printed logs.

    Never raises: an export must not stop on one odd old value. Mobiles keep
    the operator prefix and the last four digits (``138****5678``); landlines
    keep the area code (``021-****5678``) and drop the extension; local
    numbers keep the last four (``****5678``); short service numbers are
    public and shown whole. Anything unparseable keeps only its last four
    characters.
    """
    if isinstance(value, str) and len(value) == 11 and MOBILE.fullmatch(value):
        return f"{value[:3]}****{value[-4:]}"  # a stored mobile: the common case, no full parse
    try:
        p = _parse(value)
    except (ValidationError, TypeError, ValueError):
        raw = "" if value is None else str(value).strip()
        return "*" * max(len(raw) - 4, 0) + raw[-4:]
    if p.kind == "mobile":
        return f"{p.number[:3]}****{p.number[-4:]}"
    if p.kind == "landline":
        return f"{p.area}-****{p.number[-4:]}"
    if p.kind == "local":
        return f"****{p.number[-4:]}"
    return p.number
