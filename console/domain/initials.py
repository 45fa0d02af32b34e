"""Pinyin initials, so an operator can find 嘉宏三村 by typing ``jhsc``.

At night the operator types fast and often without switching the input
method; initials let the community, unit and category pickers match plain
ASCII. The initials are computed once when a name is saved and stored
beside it, so searching needs no pinyin at all.
"""
from __future__ import annotations

import unicodedata

from .text import fold_for_search as _fold


def pinyin_initials(text: str) -> str:
    """First letters of each character's pinyin, lower-case: 嘉宏三村 → ``jhsc``.

    ASCII letters and digits are kept (lower-cased): 3号楼A座 → ``3hlaz``;
    punctuation is dropped: 水电气/停电 → ``sdqtd``. Polyphones follow
    pypinyin's default (its phrase dictionary gets 重庆 → ``cq`` right,
    a few place names such as 长宁 come out as ``zn``); good enough for a
    picker that also matches the Chinese name itself.
    """
    from pypinyin import Style, lazy_pinyin  # imported late: its dictionaries take time to load

    s = unicodedata.normalize("NFKC", text or "")
    chunks = lazy_pinyin(s, style=Style.FIRST_LETTER)
    return "".join(c for c in "".join(chunks).lower() if c.isascii() and c.isalnum())


def matches(query: str, name: str, initials: str | None = None) -> bool:
    """Whether a picker entry matches what the operator typed.

    True when the query (case, width and spaces ignored) is part of the name
    or part of its initials — ``jhsc``, ``jh``, ``sc``, ``三村`` and ``嘉宏`` all
    find 嘉宏三村. An empty query matches everything, as an empty filter box
    shows the whole list. Pass the stored initials; without them they are
    computed from the name.
    """
    q = _fold(query)
    if not q:
        return True
    if q in _fold(name):
        return True
    if initials is None:
        initials = pinyin_initials(name)
    return q in _fold(initials)
