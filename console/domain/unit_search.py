"""What the phonebook's search box matches, as one rule for the stored columns and for the query.

The operator types part of a name, its pinyin initials (``jhsc``), a skill,
a word of the notes, a contact's name or role, or digits of a phone number
(``59123456`` finds 021-59123456). At tens of thousands of units that cannot
be read into Python and matched there (8–12 s), so each unit stores two
texts, built here and nowhere else, and the database matches a substring:

- ``search_text``: every searched field folded (`fold_for_search`) and joined
  by a newline. Folding removes all white space from the fields and from the
  query, so a match never spans two fields — the same answer as testing the
  fields one by one.
- ``search_digits``: the digits of each phone number, joined by a space, so
  a number typed as digits matches inside one number, never across two.

The digits are matched only when the query is a phone number (digits and
dashes, at least three digits): ``110`` finds the police line, ``3号楼``
does not match every number with a 3 in it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .initials import pinyin_initials
from .text import digits_of, fold_for_search

PHONE_JOIN = "、"  # between the numbers of one contact, as the phonebook stores them
MIN_PHONE_DIGITS = 3
_FIELD_SEP = "\n"  # white space: no folded field and no folded query contains it
_NUMBER_SEP = " "  # not a digit: no digits-only query contains it


def unit_search_text(name: str, initials: str, skills: str, notes: str,
                     people: Iterable[tuple[str, str]] = ()) -> str:
    """The unit's ``search_text``: name, initials, skills, notes and each contact's person and role, folded.

    Empty ``initials`` (a row written before they were stored) are computed from the name, as the
    pickers do.
    """
    fields = [name, initials or pinyin_initials(name or ""), skills, notes]
    for person, role in people:
        fields += [person, role]
    return _FIELD_SEP.join(fold_for_search(f) for f in fields)


def unit_search_digits(phone_cells: Iterable[str]) -> str:
    """The unit's ``search_digits``: the digits of every number of every contact (cells joined by 、)."""
    return _NUMBER_SEP.join(digits_of(number) for cell in phone_cells for number in (cell or "").split(PHONE_JOIN))


@dataclass(frozen=True)
class UnitQuery:
    """What to look for: ``text`` in ``search_text``, or (when set) ``digits`` in ``search_digits``."""

    text: str  # folded; empty: the query filters nothing
    digits: str  # empty unless the query reads as a phone number


def unit_query(typed: str | None) -> UnitQuery:
    """The query as the columns are stored: folded, and its digits when it is a phone number."""
    text = fold_for_search(typed)
    digits = digits_of(typed)
    phone = len(digits) >= MIN_PHONE_DIGITS and digits == text.replace("-", "")
    return UnitQuery(text, digits if phone else "")
