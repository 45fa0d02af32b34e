"""The phonebook (责任单位): units, the places and problems they cover, their contacts.

The night operator trusts this book to say who picks up now, so every value
is checked on the way in: phone numbers are stored in one canonical form
(the desk dials them and matches them again), duty hours must parse (the
ranking reads them), names are unique (the spreadsheet import matches units
by name). The same checks serve the edit dialog and `import units`; the
session-level helpers here are what the importer calls inside its single
transaction.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.duty_hours import DutyHours, parse_duty_hours
from ..domain.enums import UnitKind
from ..domain.errors import NotFound, ValidationError
from ..domain.initials import pinyin_initials
from ..domain.phone import normalise_phone
from ..domain.text import clean_text as _text
from ..domain.unit_search import PHONE_JOIN
from ..store.models import (
    Category,
    Community,
    Contact,
    Ticket,
    TicketEvent,
    Unit,
    UnitCategory,
    UnitCommunity,
)
from ..store.unit_search import refresh_unit_search
from .context import Actor, Changes, Desk, audit, stale_copy

MAX_NAME = 128
MAX_PERSON = 64
MAX_ROLE = 64
MAX_PHONES = 128
MAX_DUTY = 128
MAX_TEXT = 4000

# Between numbers in one cell people write 、 , ， / ; or just a space.
_PHONE_SPLIT = re.compile(r"[、,，/;；]+")


@dataclass
class ContactInput:
    """One person or line of a unit; ``id`` is None for a new contact."""

    person: str = ""
    role: str = ""
    phones: str = ""
    duty_hours: str = ""
    id: int | None = None


@dataclass
class UnitInput:
    """What the unit dialog (or one unit of an import) says about a unit."""

    name: str
    kind: str
    communities: list[int] = field(default_factory=list)  # empty: covers the whole street
    categories: list[int] = field(default_factory=list)
    skills: str = ""
    notes: str = ""
    active: bool = True
    contacts: list[ContactInput] = field(default_factory=list)
    # the unit's version when the form was filled (load_unit): a save from an older copy is refused
    version: int | None = None


# ---------------------------------------------------------------- validation

def clean_unit_name(name: str | None) -> str:
    return _text(name, "单位名称", "unit name", MAX_NAME, required=True)


def clean_kind(kind: str | None) -> str:
    """The kind's code from its code, Chinese or English label."""
    try:
        return UnitKind.from_text(kind or "").value
    except ValueError:
        choices = "、".join(k.zh for k in UnitKind)
        raise ValidationError(
            f"单位类别“{(kind or '').strip()}”无效，可选：{choices}。",
            f"Unknown unit kind {(kind or '').strip()!r}; choose one of: "
            + ", ".join(k.en for k in UnitKind) + ".",
        ) from None


def _who(person: str, role: str) -> tuple[str, str]:
    label = person or role
    return (f"联系人“{label}”", f"contact '{label}'") if label else ("联系人", "contact")


def clean_phones(text: str | None, person: str = "", role: str = "") -> str:
    """Each number of the cell normalised, joined by 、 (the way they are stored).

    Numbers are separated by 、 , ， / ; or spaces. A piece is first read
    whole, so ``021 5912 3456`` and ``021-59123456 转 801`` stay one number;
    only when that fails is it split at spaces.
    """
    who_zh, who_en = _who(person, role)
    out: list[str] = []
    for piece in _PHONE_SPLIT.split(unicodedata.normalize("NFKC", text or "")):
        piece = piece.strip()
        if not piece:
            continue
        try:
            numbers = [normalise_phone(piece)]
        except ValidationError as whole_error:
            parts = piece.split()
            if len(parts) < 2:
                raise ValidationError(f"{who_zh}：{whole_error.zh}", f"{who_en}: {whole_error.en}") from None
            numbers = []
            for p in parts:
                try:
                    numbers.append(normalise_phone(p))
                except ValidationError as e:
                    raise ValidationError(f"{who_zh}：{e.zh}", f"{who_en}: {e.en}") from None
        out.extend(n for n in numbers if n not in out)
    joined = PHONE_JOIN.join(out)
    if len(joined) > MAX_PHONES:
        raise ValidationError(f"{who_zh}的电话号码太多（最多 {MAX_PHONES} 个字符）。",
                              f"Too many phone numbers for {who_en} (at most {MAX_PHONES} characters).")
    return joined


def clean_duty_hours(text: str | None, person: str = "", role: str = "") -> str:
    """The duty-hours text as written, once it is known to parse."""
    who_zh, who_en = _who(person, role)
    value = (text or "").strip()
    if len(value) > MAX_DUTY:
        raise ValidationError(f"{who_zh}的值班时间太长（最多 {MAX_DUTY} 个字）。",
                              f"The duty hours of {who_en} are too long (at most {MAX_DUTY} characters).")
    try:
        parse_duty_hours(value)
    except ValidationError as e:
        raise ValidationError(f"{who_zh}：{e.zh}", f"{who_en}: {e.en}") from None
    return value


def clean_contact(c: ContactInput) -> ContactInput | None:
    """The contact with every field checked; None when the row is entirely blank."""
    person = _text(c.person, "联系人姓名", "contact name", MAX_PERSON)
    role = _text(c.role, "职务", "role", MAX_ROLE)
    if not (person or role or (c.phones or "").strip() or (c.duty_hours or "").strip()):
        return None
    phones = clean_phones(c.phones, person, role)
    if not phones:
        who_zh, who_en = _who(person, role)
        raise ValidationError(f"{who_zh}没有填写电话号码。", f"No phone number for {who_en}.")
    duty = clean_duty_hours(c.duty_hours, person, role)
    return ContactInput(person=person, role=role, phones=phones, duty_hours=duty, id=c.id)


def clean_unit(data: UnitInput) -> UnitInput:
    """Every check that needs no database; the cleaned copy is what gets stored."""
    contacts = [cc for cc in (clean_contact(c) for c in data.contacts) if cc is not None]
    return UnitInput(
        name=clean_unit_name(data.name),
        kind=clean_kind(data.kind),
        communities=sorted(set(data.communities)),
        categories=sorted(set(data.categories)),
        skills=_text(data.skills, "擅长", "skills", MAX_TEXT),
        notes=_text(data.notes, "备注", "notes", MAX_TEXT),
        active=bool(data.active),
        contacts=contacts,
        version=data.version,
    )


def duty_or_unknown(text: str) -> DutyHours:
    """Parsed duty hours; an old unparseable value counts as unknown, never an error.

    Values saved through this module always parse; this guards rows written
    by hand or by an older version, so the ranking never fails on one.
    """
    try:
        return parse_duty_hours(text or "")
    except ValidationError:
        return DutyHours(text=text or "")


# ------------------------------------------------------ session-level helpers

class RefNames:
    """Community names and category paths by id, read once per transaction.

    The audit trail records names, not ids, so it still reads after a
    rename; an import of hundreds of units looks them up here instead of
    asking the database again for every unit.
    """

    def __init__(self, s: Session):
        self.communities: dict[int, str] = {i: n for i, n in s.execute(select(Community.id, Community.name))}
        cats = {i: (p, n) for i, p, n in s.execute(select(Category.id, Category.parent_id, Category.name))}
        self.categories: dict[int, str] = {
            i: (f"{cats[p][1]}/{n}" if p in cats else n) for i, (p, n) in cats.items()}

    def check(self, data: UnitInput) -> None:
        if missing := sorted(set(data.communities) - self.communities.keys()):
            raise NotFound(f"所选社区不存在（编号 {missing[0]}）。",
                           f"The chosen community does not exist (id {missing[0]}).")
        if missing := sorted(set(data.categories) - self.categories.keys()):
            raise NotFound(f"所选问题分类不存在（编号 {missing[0]}）。",
                           f"The chosen category does not exist (id {missing[0]}).")


def _check_name_free(s: Session, name: str, unit_id: int | None) -> None:
    q = select(Unit.id).where(Unit.name == name)
    if unit_id is not None:
        q = q.where(Unit.id != unit_id)
    if s.scalar(q) is not None:
        raise ValidationError(f"单位名称“{name}”已存在，请换一个名称。",
                              f"A unit named {name!r} already exists; choose another name.")


def _state(unit: Unit, communities: list[int], categories: list[int], contacts: list[Contact],
           names: RefNames) -> dict[str, Any]:
    """The unit as the audit trail records it (names, not ids, so it reads later)."""
    return {
        "name": unit.name, "kind": unit.kind, "active": bool(unit.active),
        "skills": unit.skills or "", "notes": unit.notes or "",
        "communities": sorted(names.communities.get(i, str(i)) for i in communities),
        "categories": sorted(names.categories.get(i, str(i)) for i in categories),
        "contacts": [{"id": c.id, "person": c.person, "role": c.role, "phones": c.phones,
                      "duty_hours": c.duty_hours} for c in sorted(contacts, key=lambda c: c.id)],
    }


def _diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def _links(s: Session, unit_id: int) -> tuple[list[int], list[int], list[Contact]]:
    comms = s.scalars(select(UnitCommunity.community_id).where(UnitCommunity.unit_id == unit_id)).all()
    cats = s.scalars(select(UnitCategory.category_id).where(UnitCategory.unit_id == unit_id)).all()
    contacts = s.scalars(select(Contact).where(Contact.unit_id == unit_id).order_by(Contact.id)).all()
    return sorted(comms), sorted(cats), list(contacts)


def snapshot(s: Session, unit: Unit, names: RefNames | None = None) -> dict[str, Any]:
    comms, cats, contacts = _links(s, unit.id)
    return _state(unit, comms, cats, contacts, names or RefNames(s))


def _set_links(s: Session, unit_id: int, model: type[UnitCommunity] | type[UnitCategory], column: str,
               have: list[int], wanted: list[int]) -> None:
    col = getattr(model, column)
    gone = set(have) - set(wanted)
    if gone:
        s.execute(delete(model).where(model.unit_id == unit_id, col.in_(gone)))
    for i in sorted(set(wanted) - set(have)):
        s.add(model(unit_id=unit_id, **{column: i}))


def _set_contacts(s: Session, unit_id: int, existing: list[Contact],
                  contacts: list[ContactInput]) -> list[Contact]:
    by_id = {c.id: c for c in existing}
    keep: set[int] = set()
    out: list[Contact] = []
    for c in contacts:
        if c.id is not None:
            row = by_id.get(c.id)
            if row is None or c.id in keep:
                raise ValidationError("联系人不属于这个单位（可能已被删除），请刷新后再保存。",
                                      "The contact does not belong to this unit (deleted?); reload and save again.")
            keep.add(c.id)
            row.person, row.role, row.phones, row.duty_hours = c.person, c.role, c.phones, c.duty_hours
        else:
            row = Contact(unit_id=unit_id, person=c.person, role=c.role, phones=c.phones,
                          duty_hours=c.duty_hours)
            s.add(row)
        out.append(row)
    for row in existing:
        if row.id not in keep:
            # Tickets that named this contact keep their unit; the FK sets contact_id to NULL.
            s.delete(row)
    return out


def create_in_session(s: Session, desk: Desk, actor: Actor, data: UnitInput, *,
                      action: str = "create_unit", names: RefNames | None = None) -> int:
    """Insert a cleaned unit and audit it (the caller owns the transaction)."""
    names = names or RefNames(s)
    names.check(data)
    _check_name_free(s, data.name, None)
    u = Unit(name=data.name, kind=data.kind, initials=pinyin_initials(data.name)[:MAX_NAME],
             skills=data.skills, notes=data.notes, active=data.active)
    s.add(u)
    s.flush()
    _set_links(s, u.id, UnitCommunity, "community_id", [], data.communities)
    _set_links(s, u.id, UnitCategory, "category_id", [], data.categories)
    contacts = _set_contacts(s, u.id, [], [replace(c, id=None) for c in data.contacts])
    refresh_unit_search(s, [u.id])  # flushes first
    audit(s, actor, desk.now(), action, "unit", u.id, None,
          _state(u, data.communities, data.categories, contacts, names))
    return u.id


def update_in_session(s: Session, desk: Desk, actor: Actor, unit_id: int, data: UnitInput, *,
                      action: str = "update_unit", names: RefNames | None = None) -> bool:
    """Apply a cleaned unit to an existing one; audit old → new. False when nothing changed."""
    u = s.get(Unit, unit_id, with_for_update=s.get_bind().dialect.name == "postgresql")
    if u is None:
        raise NotFound(f"单位 {unit_id} 不存在。", f"Unit {unit_id} does not exist.")
    if data.version is not None and u.version != data.version:
        raise stale_copy(s, desk, "unit", u.id, u.name)
    names = names or RefNames(s)
    names.check(data)
    _check_name_free(s, data.name, unit_id)
    comms, cats, existing = _links(s, u.id)
    before = _state(u, comms, cats, existing, names)
    u.name, u.kind, u.skills, u.notes, u.active = data.name, data.kind, data.skills, data.notes, data.active
    u.initials = pinyin_initials(data.name)[:MAX_NAME]
    _set_links(s, u.id, UnitCommunity, "community_id", comms, data.communities)
    _set_links(s, u.id, UnitCategory, "category_id", cats, data.categories)
    contacts = _set_contacts(s, u.id, existing, data.contacts)
    s.flush()
    old, new = _diff(before, _state(u, data.communities, data.categories, contacts, names))
    if not new:
        return False
    refresh_unit_search(s, [u.id])
    u.version = (u.version or 1) + 1
    audit(s, actor, desk.now(), action, "unit", u.id, old, new)
    return True



def _integrity(e: IntegrityError, name: str) -> ValidationError:
    return ValidationError(f"单位名称“{name}”已存在，或所选社区/分类已被删除，请刷新后再试。",
                           f"The unit name {name!r} is taken, or a chosen community/category is gone; "
                           "reload and try again.")


# ------------------------------------------------------------------ use cases

def create_unit(desk: Desk, actor: Actor, data: UnitInput) -> int:
    clean = clean_unit(data)
    try:
        with desk.db.write() as s:
            return create_in_session(s, desk, actor, clean)
    except IntegrityError as e:
        raise _integrity(e, clean.name) from None


def update_unit(desk: Desk, actor: Actor, unit_id: int, data: UnitInput) -> Changes:
    clean = clean_unit(data)
    try:
        with desk.db.write() as s:
            changed = update_in_session(s, desk, actor, unit_id, clean)
    except IntegrityError as e:
        raise _integrity(e, clean.name) from None
    return Changes(units=changed)


def set_unit_active(desk: Desk, actor: Actor, unit_id: int, active: bool) -> Changes:
    """Stop (or resume) offering a unit for dispatch; its history stays intact."""
    with desk.db.write() as s:
        u = s.get(Unit, unit_id)
        if u is None:
            raise NotFound(f"单位 {unit_id} 不存在。", f"Unit {unit_id} does not exist.")
        if bool(u.active) == bool(active):
            return Changes()
        audit(s, actor, desk.now(), "activate_unit" if active else "deactivate_unit", "unit", u.id,
              {"active": bool(u.active)}, {"active": bool(active)})
        u.active = bool(active)
        u.version = (u.version or 1) + 1
    return Changes(units=True)


def deactivate_unit(desk: Desk, actor: Actor, unit_id: int) -> Changes:
    return set_unit_active(desk, actor, unit_id, False)


def delete_unit(desk: Desk, actor: Actor, unit_id: int) -> Changes:
    """Delete a unit no ticket ever named (a typo); otherwise only deactivation is allowed."""
    with desk.db.write() as s:
        u = s.get(Unit, unit_id)
        if u is None:
            raise NotFound(f"单位 {unit_id} 不存在。", f"Unit {unit_id} does not exist.")
        used = s.scalar(select(exists().where(Ticket.unit_id == unit_id))) or s.scalar(
            select(exists().where(TicketEvent.unit_id == unit_id)))
        if used:
            raise ValidationError(f"已有工单派给“{u.name}”，不能删除，只能停用。",
                                  f"Tickets were dispatched to {u.name!r}: it cannot be deleted, "
                                  "only deactivated.")
        audit(s, actor, desk.now(), "delete_unit", "unit", u.id, snapshot(s, u), None)
        s.delete(u)
    return Changes(units=True)


def load_unit(desk: Desk, unit_id: int) -> UnitInput:
    """The unit as the edit dialog fills its fields (contacts with their ids)."""
    with desk.db.read() as s:
        u = s.get(Unit, unit_id)
        if u is None:
            raise NotFound(f"单位 {unit_id} 不存在。", f"Unit {unit_id} does not exist.")
        comms = s.scalars(select(UnitCommunity.community_id).where(UnitCommunity.unit_id == u.id)).all()
        cats = s.scalars(select(UnitCategory.category_id).where(UnitCategory.unit_id == u.id)).all()
        contacts = s.scalars(select(Contact).where(Contact.unit_id == u.id).order_by(Contact.id)).all()
        return UnitInput(
            name=u.name, kind=u.kind, communities=sorted(comms), categories=sorted(cats),
            skills=u.skills or "", notes=u.notes or "", active=bool(u.active),
            contacts=[ContactInput(c.person, c.role, c.phones, c.duty_hours, c.id) for c in contacts],
            version=u.version,
        )
