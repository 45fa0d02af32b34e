"""Reading the phonebook: the units a search finds, with their contacts and who is reachable now.

Split from console.services.phonebook (which checks and writes units): the phonebook window, the
ticket list's 单位 filter and the bench read here; what a search matches is console.domain.unit_search,
matched in SQL on the units' stored search columns (console.store.unit_search).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_, select

from ..domain.enums import UnitKind
from ..domain.unit_search import UnitQuery, unit_query
from ..store.models import Category, Community, Contact, Unit, UnitCategory, UnitCommunity
from ..store.queries import work_calendar
from ..store.unit_search import batches
from .context import Desk
from .phonebook import RefNames, clean_kind, duty_or_unknown


@dataclass(frozen=True)
class ContactRow:
    id: int
    person: str
    role: str
    phones: str
    duty_hours: str
    reachable_now: bool


@dataclass(frozen=True)
class UnitRow:
    """One line of the phonebook window: plain values, nothing lazy."""

    id: int
    name: str
    kind: str
    kind_label: str
    initials: str
    active: bool
    communities: tuple[str, ...]  # empty: the whole street
    categories: tuple[str, ...]  # paths, e.g. 水电气/停电
    skills: str
    notes: str
    contacts: tuple[ContactRow, ...]
    reachable_now: bool  # some contact is on duty at the desk's local time
    origin: str = ""  # "import": created because an imported sheet named it (contacts to be added)


def _contains(column: Any, needle: str, dialect: str) -> ColumnElement[bool]:
    """``needle`` occurs in ``column``, as a plain substring: nothing in it is a wildcard.

    instr/strpos take the operator's text as it is (% and _ included) and have no pattern-length limit
    as LIKE has on SQLite. A needle no stored text can hold (a NUL on PostgreSQL, a lone surrogate)
    matches nothing instead of failing.
    """
    try:
        needle.encode("utf-8")
    except UnicodeEncodeError:
        return false()
    if dialect == "postgresql":
        return false() if "\x00" in needle else func.strpos(column, needle) > 0
    return func.instr(column, needle) > 0


def _text_filter(q: UnitQuery, dialect: str) -> ColumnElement[bool]:
    hit = _contains(Unit.search_text, q.text, dialect)
    return or_(hit, _contains(Unit.search_digits, q.digits, dialect)) if q.digits else hit


@dataclass(frozen=True)
class UnitHits:
    """The first units a search found, and whether it found more than that."""

    rows: list[UnitRow]
    more: bool


def search_units(desk: Desk, text: str = "", kind: str | None = None, community_id: int | None = None,
                 category_id: int | None = None, *, include_inactive: bool = True) -> list[UnitRow]:
    """Every unit the search finds (see `find_units`), active ones first, then by initials."""
    return find_units(desk, text, kind, community_id, category_id, include_inactive=include_inactive).rows


def _list_order(dialect: str) -> tuple[ColumnElement[Any], ...]:
    """The phonebook's order in SQL: active units first, then by initials and name — in byte order on
    PostgreSQL too, as SQLite's BINARY and Python's str compare."""
    by_initials: ColumnElement[str] = func.coalesce(Unit.initials, "")
    by_name: ColumnElement[str] = Unit.__table__.c.name
    if dialect == "postgresql":
        by_initials, by_name = by_initials.collate("C"), by_name.collate("C")
    return Unit.active.desc(), by_initials, by_name


@dataclass(frozen=True)
class UnitName:
    id: int
    name: str
    active: bool


def unit_names(desk: Desk) -> list[UnitName]:
    """Every unit's id, name and whether it is active, in the phonebook's order: for pick lists (the ticket
    list's 单位 filter), which need no contacts, coverage or duty hours — one light statement at any size."""
    with desk.db.read() as s:
        dialect = s.get_bind().dialect.name
        return [UnitName(i, n, bool(a)) for i, n, a in
                s.execute(select(Unit.id, Unit.name, Unit.active).order_by(*_list_order(dialect)))]


def find_units(desk: Desk, text: str = "", kind: str | None = None, community_id: int | None = None,
               category_id: int | None = None, *, include_inactive: bool = True,
               limit: int | None = None) -> UnitHits:
    """Units for the phonebook window, active ones first, then by initials and name; at most ``limit``.

    ``text`` matches the name, its pinyin initials (``jhsc``), skills, notes,
    a contact's person or role, and phone numbers (digits only, so
    ``59123456`` finds 021-59123456) — console.domain.unit_search, matched in
    SQL on the units' stored search columns, so only the units found are read.
    ``community_id`` keeps units that cover that community or the whole
    street; ``category_id`` keeps units that handle it, its parent or (for a
    parent) one of its children — the same reading as the dispatch ranking.

    Each unit found costs its contacts, links and duty hours (≈ 0.1 ms): at
    50,000 units an empty box finds thousands, so the window asks for the
    first ``limit`` in the list's order (sorted in SQL, by code point on both
    engines, as Python sorts) and ``more`` says the rest were left unread.
    """
    kind_code = clean_kind(kind) if kind else None
    terms = unit_query(text)
    local_now = desk.local_now()
    with desk.db.read() as s:
        dialect = s.get_bind().dialect.name
        q = select(Unit.id, Unit.name, Unit.kind, Unit.initials, Unit.active, Unit.skills, Unit.notes, Unit.origin)
        if terms.text:
            q = q.where(_text_filter(terms, dialect))
        if kind_code:
            q = q.where(Unit.kind == kind_code)
        if not include_inactive:
            q = q.where(Unit.active.is_(True))
        if community_id is not None:
            any_cov = select(UnitCommunity.unit_id).where(UnitCommunity.unit_id == Unit.id).exists()
            here = select(UnitCommunity.unit_id).where(UnitCommunity.unit_id == Unit.id,
                                                       UnitCommunity.community_id == community_id).exists()
            q = q.where(or_(~any_cov, here))
        if category_id is not None:
            ids = {category_id}
            parent = s.scalar(select(Category.parent_id).where(Category.id == category_id))
            if parent is not None:
                ids.add(parent)
            ids.update(s.scalars(select(Category.id).where(Category.parent_id == category_id)))
            q = q.where(select(UnitCategory.unit_id).where(
                UnitCategory.unit_id == Unit.id, UnitCategory.category_id.in_(ids)).exists())
        more = False
        if limit is not None:
            q = q.order_by(*_list_order(dialect)).limit(limit + 1)
        units = s.execute(q).all()
        if limit is not None and len(units) > limit:
            units, more = units[:limit], True
        if not units:
            return UnitHits([], more)
        comms: dict[int, list[str]] = {}
        cats: dict[int, list[int]] = {}
        contacts: dict[int, list[ContactRow]] = {}
        paths = RefNames(s).categories  # category paths (水电气/停电) by id: a short list, read whole
        calendar = work_calendar(s)  # "reachable now": closed on holidays, open on 调休 days
        on_duty: dict[str, bool] = {}
        for chunk in batches(u.id for u in units):
            for uid, name in s.execute(select(UnitCommunity.unit_id, Community.name)
                                       .join(Community, Community.id == UnitCommunity.community_id)
                                       .where(UnitCommunity.unit_id.in_(chunk)).order_by(Community.name)):
                comms.setdefault(uid, []).append(name)
            for uid, cat_id in s.execute(select(UnitCategory.unit_id, UnitCategory.category_id)
                                         .where(UnitCategory.unit_id.in_(chunk))):
                cats.setdefault(uid, []).append(cat_id)
            for c in s.execute(select(Contact.id, Contact.unit_id, Contact.person, Contact.role, Contact.phones,
                                      Contact.duty_hours).where(Contact.unit_id.in_(chunk)).order_by(Contact.id)):
                on = on_duty.get(c.duty_hours)
                if on is None:  # one answer per duty text: the clock and calendar are this search's
                    on = on_duty[c.duty_hours] = duty_or_unknown(c.duty_hours).is_on_duty(local_now, calendar)
                contacts.setdefault(c.unit_id, []).append(
                    ContactRow(c.id, c.person, c.role, c.phones, c.duty_hours, on))
    rows: list[UnitRow] = []
    for u in units:
        crow = tuple(contacts.get(u.id, ()))
        try:
            label = UnitKind(u.kind).zh
        except ValueError:
            label = u.kind
        rows.append(UnitRow(
            id=u.id, name=u.name, kind=u.kind, kind_label=label, initials=u.initials or "",
            active=bool(u.active), communities=tuple(comms.get(u.id, [])),
            categories=tuple(sorted(paths[c] for c in cats.get(u.id, []))), skills=u.skills or "",
            notes=u.notes or "", contacts=crow, reachable_now=any(c.reachable_now for c in crow),
            origin=u.origin or "",
        ))
    rows.sort(key=lambda r: (not r.active, r.initials, r.name))
    return UnitHits(rows, more)


def unit_count(desk: Desk) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(Unit)) or 0
