"""One address, one form: 楼号 / 室号 and free text stored and compared the same way.

Operators type "12号301室", "12 / 301", "12栋301", "12-301" or full-width
"１２号３０１室"; old registers hold the same in one free-text cell. The
search, the repeat-caller / same-address check and the shift log must see
one address, so every ticket is stored through `normalise` and carries a
matching key (`Address.key`). The rules, kept deliberately small:

- Text is NFKC-folded first (full-width digits, letters and "／－" become
  ASCII; the free text is stored folded too), whitespace collapsed; a
  building's or room's letter is stored upper-case ("3a" → "3A").
- A building is 1–4 digits with an optional letter ("12", "3A") or a single
  letter ("B"), followed by a marker 号楼 / 号 / 栋 / 幢 / 座 / 楼 / # or,
  when a room follows, by a separator. An optional entrance "2单元" may
  follow the building.
- A room is 1–5 digits with an optional letter, optionally followed by
  号房 / 室 / 房.
- Separators between building and room: / - — – 、 , ， and spaces.
  "12301" (no marker, no separator) is not split: it is ambiguous.
- Chinese numerals (十二号) are not read: such a text stays free text.
- In a free-text address the first building+room found is taken out
  ("幸福路88号12栋301室" → building 12, room 301, rest "幸福路88号": a
  building must not be followed by another building marker); a lone building
  is taken only when it is the whole text ("12号"), since "幸福路88号" is a
  street number; so is a lone room with its marker ("301室"). The rest stays the free-text address; a rest that is only
  the community's own name is dropped.
- A text that does not parse stays free text, unchanged but for trimming.

Stored form: building "12号" (a letter building "B座", with an entrance
"12号2单元"), room "301", address = the rest. Key: "12-301" ("12-2-301"
with an entrance, "12" for a building alone, "-301" for a room alone); an
address with no recognisable building or room is keyed by its folded text
(whitespace and separators removed), so two identical free texts still
match. Display: "12号301室" followed by the rest.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

KEY_LENGTH = 64

_B_ID = r"(?P<b>\d{1,4}[A-Z]?|[A-Z])"
_B_MARK = r"(?P<bm>号楼|号|栋|幢|座|楼|#)"
_UNIT = r"(?:\s*(?P<u>\d{1,2})\s*单元)?"
_SEP = r"\s*[/\-—–、,，]?\s*"
_R_ID = r"(?P<r>\d{1,5}[A-Z]?)"
_R_MARK = r"(?:\s*(?:号房|室|房))?"
# a building then a room; the building needs a marker or a separator before the room
# (not inside a date "2024-05-01" or a longer number, not before another building marker)
_PAIR = re.compile(
    rf"(?<![0-9A-Z\-/.:]){_B_ID}\s*(?:{_B_MARK}{_UNIT}{_SEP}|[/\-—–、,，\s]\s*){_R_ID}{_R_MARK}"
    r"(?![0-9A-Z号栋幢座楼单#\-/.:])", re.I)
_BUILDING = re.compile(rf"{_B_ID}\s*{_B_MARK}?{_UNIT}", re.I)
_ROOM = re.compile(rf"{_R_ID}\s*{_R_MARK}", re.I)
_SEPARATORS = re.compile(r"[\s/\-—–、,，;；:：]+")


@dataclass(frozen=True)
class Address:
    """A ticket's address in its stored form."""

    building: str = ""   # "12号", "12号2单元", "B座", or the operator's text when it does not parse
    room: str = ""       # "301", or the operator's text when it does not parse
    address: str = ""    # what is left of the free text
    key: str = ""        # the matching key, see the module docstring

    def fields(self) -> dict[str, str]:
        """The ticket columns (building, room, address, address_key)."""
        return {"building": self.building, "room": self.room, "address": self.address,
                "address_key": self.key}

    @property
    def place(self) -> str:
        """Building and room as read out: "12号301室"."""
        room = self.room + "室" if _ROOM_ONLY.fullmatch(self.room) else self.room
        return self.building + room

    def display(self, community: str = "") -> str:
        """The address once: "嘉宏三村 12号301室 北门"."""
        return " ".join(p for p in (community, self.place, self.address) if p)


_ROOM_ONLY = re.compile(r"\d{1,5}[A-Z]?")


def fold(text: str | None) -> str:
    """NFKC, single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def _building_text(b: str, unit: str | None) -> str:
    text = b + ("号" if b[0].isdigit() else "座")
    return text + (f"{int(unit)}单元" if unit else "")


def _id(value: str) -> str:
    """Leading zeros do not make another building: "012" is "12"."""
    value = value.upper()
    head = value.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    tail = value[len(head):]
    return ((head.lstrip("0") or "0") if head else "") + tail


def parse_building(text: str) -> tuple[str, str] | None:
    """("12号", "12") or ("12号2单元", "12-2") for a 楼号 field, None if it is not one."""
    m = _BUILDING.fullmatch(fold(text))
    if m is None:
        return None
    b, u = _id(m["b"]), m["u"]
    return _building_text(b, u), f"{b}-{int(u)}" if u else b


def parse_room(text: str) -> str | None:
    """"301" for a 室号 field ("301室", "301房", "３０１"), None if it is not one."""
    m = _ROOM.fullmatch(fold(text))
    return _id(m["r"]) if m else None


def _pair(m: re.Match[str]) -> tuple[str, str, str]:
    b, u, r = _id(m["b"]), m["u"], _id(m["r"])
    key = f"{b}-{int(u)}-{r}" if u else f"{b}-{r}"
    return _building_text(b, u), r, key


def _rest(text: str, community: str) -> str:
    rest = re.sub(r"\s+", " ", text).strip(" /-—–、,，;；:：")
    c = fold(community)
    while c and rest.startswith(c):  # "嘉宏三村嘉宏三村12号": the community said twice is still the community
        rest = rest[len(c):].strip(" /-—–、,，;；:：")
    return rest


def _free_key(*texts: str) -> str:
    return _SEPARATORS.sub("", "".join(fold(t) for t in texts))[:KEY_LENGTH]


def split_free_text(text: str, community: str = "") -> Address:
    """A free-text address (an imported cell, the 地址 field) in stored form."""
    rest = _rest(fold(text), community)  # "-12号", "嘉宏三村 12号": separators and the community go first
    if not rest:
        return Address()
    m = _PAIR.search(rest)
    if m is not None:
        building, room, key = _pair(m)
        left = _rest(rest[:m.start()] + " " + rest[m.end():], community)
        again = _PAIR.search(left)
        while again is not None and _pair(again)[2] == key:  # the same address written twice
            left = _rest(left[:again.start()] + " " + left[again.end():], community)
            again = _PAIR.search(left)
        return Address(building, room, left, key)
    only = parse_building(rest) if _BUILDING_ALONE.fullmatch(rest) else None
    if only is not None:
        return Address(only[0], "", "", only[1])
    room_alone = _ROOM_ALONE.fullmatch(rest)
    if room_alone is not None:
        return Address("", _id(room_alone["r"]), "", f"-{_id(room_alone['r'])}")
    return Address("", "", rest, _free_key(rest))


# "12号" alone is a building; a bare "12" in the free-text field is not
_BUILDING_ALONE = re.compile(rf"{_B_ID}\s*{_B_MARK}{_UNIT}", re.I)
_ROOM_ALONE = re.compile(rf"{_R_ID}\s*(?:号房|室|房)", re.I)  # "301室" alone; a bare "301" is not


@lru_cache(maxsize=4096)
def normalise(building: str = "", room: str = "", address: str = "", community: str = "") -> Address:
    """The stored form of what was typed into 楼号 / 室号 / 地址 (or imported).

    Remembered for the last few thousand inputs (a pure function of its four texts, and Address is frozen):
    a desk's calls name the same few hundred buildings and rooms of its communities over and over, and the
    folding and patterns cost ≈ 15 µs a call (more between a transaction's statements). A text not seen
    lately costs what it did, plus the look-up.

    The fields win over the free text: the free text fills building and room
    only when both fields are empty, and a free text that repeats the fields'
    address ("12号301室" beside 楼号 12, 室号 301) keeps only its rest.
    A 楼号 field holding a whole address ("12-301") with 室号 empty is split.
    """
    b_raw, r_raw = fold(building), fold(room)
    free = split_free_text(address, community)
    if not b_raw and not r_raw:
        return free
    if b_raw and not r_raw:
        whole = split_free_text(b_raw)
        if whole.room and not whole.address:
            b_raw, r_raw = whole.building, whole.room
    b = parse_building(b_raw) if b_raw else ("", "")
    r = parse_room(r_raw) if r_raw else ""
    if b is None or r is None:  # a field that does not parse: keep the words, key by text
        rest = _rest(fold(address), community) if free.building or free.room else free.address
        return Address(b_raw, r_raw, rest, _free_key(b_raw, r_raw, rest))
    key = f"{b[1]}-{r}" if b[1] and r else b[1] or f"-{r}"
    if (free.building or free.room) and free.key != key:
        rest = _rest(fold(address), community)  # another address in the text: keep it whole
    else:
        rest = free.address
    return Address(b[0], r, rest, key)


def address_key(building: str = "", room: str = "", address: str = "", community: str = "") -> str:
    """The matching key of what was typed (see `normalise`)."""
    return normalise(building, room, address, community).key


def search_key(term: str) -> tuple[str, str]:
    """(key, rest) when a search term reads as building and room ("嘉宏三村12号301" →
    ("12-301", "嘉宏三村"): the rest may name the community), else ("", "")."""
    a = split_free_text(term)
    return (a.key, a.address) if a.building or a.room else ("", "")


def display(community: str | None, building: str, room: str, address: str) -> str:
    """A stored (or older, unnormalised) ticket's address, printed once: "嘉宏三村 12号301室"."""
    return normalise(building, room, address, community or "").display(community or "")
