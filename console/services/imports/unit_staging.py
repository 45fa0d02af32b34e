"""Writing a checked phonebook sheet without stopping the desk: staged first, then one short transaction.

A desk has one writer at a time (BEGIN IMMEDIATE on SQLite, an advisory
lock on PostgreSQL: console.store.database). The import used to do all its
work — cleaning every unit, pinyin initials, one ORM flush per unit, one
audit row per unit — inside that one write transaction: minutes for 50,000
units, during which every ticket save at every seat failed with "in use".

Now the slow part runs while the import holds no lock:

1. `stage` reads the units the sheet names as they are now (one read
   transaction) and decides, unit by unit, what changes: the cleaned
   values, initials, links to add and remove, contacts to keep, add and
   delete, and the audit trail's old → new — everything but the ids the
   rows will get. Cancel is honoured between units.
2. `number` gives new units and contacts the ids after the largest ones
   read, and serialises the rows and the audit rows (`prepare_audit`).
3. `apply` runs in the final write transaction: it re-checks what another
   seat may have changed since step 1 — a unit saved (its `version` moved),
   renamed or deleted, a unit created under a name the sheet creates, a
   community or category renamed — and refuses the whole import, naming
   the unit, when so; ids taken by another seat since step 2 make the
   caller number again outside the lock. Otherwise the new rows are copied
   in with INSERT … SELECT from the TEMP tables `fill` loaded on the
   import's own connection before it took the lock (console.store.staged_rows;
   about twice as fast as executemany), the changed ones updated with
   executemany, and the audit rows chained after the trail's tail.

All or nothing for the user and for a kill: nothing is written before the
final transaction, which commits whole or not at all. The staged rows live
in this process's memory (a 50,000-unit sheet is tens of MB) and in TEMP
tables of its own connection, not in the desk's tables: a kill takes both
with it, a cancel or a failure drops the TEMP tables.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ...domain.errors import ConflictError, UserError, ValidationError
from ...domain.initials import pinyin_initials
from ...domain.unit_search import unit_search_digits, unit_search_text
from ...services.context import Actor, Desk, PreparedAudit, append_audit, last_change, prepare_audit
from ...services.phonebook import MAX_NAME, ContactInput, RefNames, UnitInput, clean_unit
from ...sheets.missing import MissingNames
from ...store.bulk import BulkWriter
from ...store.models import Base, Contact, Unit, UnitCategory, UnitCommunity
from ...store.staged_rows import TempTables
from ...util.progress import Progress

Cancelled = Callable[[], bool]
STEP = 500  # units between two progress reports (and cancel checks)
UNIT_COLUMNS = ("id", "name", "kind", "initials", "skills", "notes", "active", "origin", "version", "search_text",
                "search_digits")
CONTACT_COLUMNS = ("id", "unit_id", "person", "role", "phones", "duty_hours")


class ImportCancelled(UserError):
    """The user cancelled the import before its final step: nothing was written."""

    def __init__(self) -> None:
        super().__init__("导入已取消，没有写入任何数据。", "The import was cancelled; nothing was written.")


@dataclass
class _Existing:
    """A unit the sheet names, as it was when staged."""

    id: int
    version: int
    name: str
    kind: str
    skills: str
    notes: str
    active: bool
    communities: list[int]
    categories: list[int]
    contacts: list[ContactInput]  # with their ids, in id order


@dataclass
class StagedUnit:
    """One unit of the sheet, cleaned and compared; ids of new rows come later (`number`)."""

    data: UnitInput  # cleaned: what the unit will be
    initials: str
    search: tuple[str, str] = ("", "")  # units.search_text and search_digits once written (domain.unit_search)
    existing: _Existing | None = None  # None: a new unit
    changed: bool = True  # False: an existing unit the sheet leaves as it is
    new_contacts: list[ContactInput] = field(default_factory=list)  # contacts without an id yet
    kept_contacts: list[ContactInput] = field(default_factory=list)  # existing contacts, file's values
    gone_contacts: list[int] = field(default_factory=list)


@dataclass
class Numbered:
    """What the final transaction writes, with ids from `unit_base` and `contact_base` on."""

    unit_base: int
    contact_base: int
    units: list[tuple[Any, ...]] = field(default_factory=list)
    unit_updates: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[tuple[Any, ...]] = field(default_factory=list)
    contact_updates: list[dict[str, Any]] = field(default_factory=list)
    contacts_gone: list[int] = field(default_factory=list)
    communities: list[tuple[int, int]] = field(default_factory=list)  # (unit, community); temp ids possible
    categories: list[tuple[int, int]] = field(default_factory=list)
    communities_gone: list[tuple[int, int]] = field(default_factory=list)
    categories_gone: list[tuple[int, int]] = field(default_factory=list)
    audit: list[PreparedAudit] = field(default_factory=list)


@dataclass
class Staged:
    """The whole sheet, staged: the units, and what the desk looked like when they were staged."""

    units: list[StagedUnit]
    names: RefNames  # community and category names by id, those the import creates included (audit)
    refs: tuple[dict[int, str], dict[int, str]]  # the desk's community and category names, as staged
    unit_base: int  # the largest unit and contact ids when staged
    contact_base: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    contacts: int = 0


class IdsMoved(Exception):
    """Another seat added units or contacts after `number`: number again (outside the lock) and retry."""

    def __init__(self, unit_base: int, contact_base: int):
        super().__init__(unit_base, contact_base)
        self.unit_base, self.contact_base = unit_base, contact_base


def _max_ids(s: Session) -> tuple[int, int]:
    return (s.scalar(select(func.coalesce(func.max(Unit.id), 0))) or 0,
            s.scalar(select(func.coalesce(func.max(Contact.id), 0))) or 0)


def _ref_names(s: Session, missing: MissingNames) -> tuple[RefNames, tuple[dict[int, str], dict[int, str]]]:
    """The desk's community and category names, plus the temporary ids of those the import will create
    (the audit trail records names, so a unit's state can be written before they exist)."""
    names = RefNames(s)
    staged = (dict(names.communities), dict(names.categories))
    names.communities.update({temp: name for name, temp in missing.communities.items()})
    names.categories.update({temp: path for path, temp in missing.categories.items()})
    return names, staged


def _match_contacts(existing: list[ContactInput], contacts: list[ContactInput]) -> list[ContactInput]:
    """Give the file's contacts the ids of the unit's existing ones (same person and role,
    else same person), so tickets that named a contact keep pointing at it."""
    free = list(existing)
    out: list[ContactInput] = []
    pending: list[int] = []
    for c in contacts:
        hit = next((e for e in free if e.person == c.person and e.role == c.role), None)
        if hit is not None:
            free.remove(hit)
            out.append(ContactInput(c.person, c.role, c.phones, c.duty_hours, hit.id))
        else:
            pending.append(len(out))
            out.append(c)
    for i in pending:
        c = out[i]
        hit = next((e for e in free if c.person and e.person == c.person), None)
        if hit is not None:
            free.remove(hit)
            out[i] = ContactInput(c.person, c.role, c.phones, c.duty_hours, hit.id)
    return out


def _read_existing(s: Session, wanted: list[str]) -> dict[str, _Existing]:
    """The units named `wanted` with their links and contacts, in a few statements (not a few per unit)."""
    out: dict[str, _Existing] = {}
    by_id: dict[int, _Existing] = {}
    wanted_set = set(wanted)
    for uid, version, name, kind, skills, notes, active in s.execute(
            select(Unit.id, Unit.version, Unit.name, Unit.kind, Unit.skills, Unit.notes, Unit.active)):
        if name in wanted_set:
            out[name] = by_id[uid] = _Existing(uid, version or 1, name, kind, skills or "", notes or "",
                                               bool(active), [], [], [])
    if not by_id:
        return out
    for uid, cid in s.execute(select(UnitCommunity.unit_id, UnitCommunity.community_id)):
        if uid in by_id:
            by_id[uid].communities.append(cid)
    for uid, cid in s.execute(select(UnitCategory.unit_id, UnitCategory.category_id)):
        if uid in by_id:
            by_id[uid].categories.append(cid)
    for cid, uid, person, role, phones, duty in s.execute(
            select(Contact.id, Contact.unit_id, Contact.person, Contact.role, Contact.phones, Contact.duty_hours)
            .order_by(Contact.id)):
        if uid in by_id:
            by_id[uid].contacts.append(ContactInput(person, role, phones, duty, cid))
    for e in by_id.values():
        e.communities.sort()
        e.categories.sort()
    return out


def _state(data: UnitInput, contacts: list[ContactInput], names: RefNames) -> dict[str, Any]:
    """The unit as the audit trail records it — the same keys and order as console.services.phonebook's,
    so a staged import's rows read like the dialog's (names, not ids)."""
    return {
        "name": data.name, "kind": data.kind, "active": bool(data.active),
        "skills": data.skills or "", "notes": data.notes or "",
        "communities": sorted(names.communities.get(i, str(i)) for i in data.communities),
        "categories": sorted(names.categories.get(i, str(i)) for i in data.categories),
        "contacts": [{"id": c.id, "person": c.person, "role": c.role, "phones": c.phones,
                      "duty_hours": c.duty_hours} for c in sorted(contacts, key=lambda c: c.id or 0)],
    }


def _diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def stage(desk: Desk, planned: list[Any], missing: MissingNames, *, progress: Progress | None = None,
          cancelled: Cancelled | None = None) -> Staged:
    """Clean and compare every planned unit (console.services.imports.units.PlannedUnit) against the desk
    as it is now; no lock is held and nothing is written. Raises ImportCancelled when told to stop."""
    with desk.db.read() as s:
        names, refs = _ref_names(s, missing)
        existing = _read_existing(s, [pu.name for pu in planned])
        unit_base, contact_base = _max_ids(s)
    staged = Staged([], names, refs, unit_base, contact_base)
    total = len(planned)
    for i, pu in enumerate(planned):
        if i % STEP == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(i, total, "stage")
        e = existing.get(pu.name)
        if e is None:
            data = clean_unit(UnitInput(
                name=pu.name, kind=pu.kind or "", communities=pu.communities or [],
                categories=pu.categories or [], skills=pu.skills or "", notes=pu.notes or "",
                active=True if pu.active is None else pu.active, contacts=pu.contacts))
            su = StagedUnit(data, pinyin_initials(data.name)[:MAX_NAME], new_contacts=list(data.contacts))
            su.search = _search(su, su.new_contacts)
            staged.units.append(su)
            staged.created += 1
        else:
            data = clean_unit(UnitInput(
                name=e.name, kind=pu.kind or e.kind,
                communities=e.communities if pu.communities is None else pu.communities,
                categories=e.categories if pu.categories is None else pu.categories,
                skills=e.skills if pu.skills is None else pu.skills,
                notes=e.notes if pu.notes is None else pu.notes,
                active=e.active if pu.active is None else pu.active,
                contacts=_match_contacts(e.contacts, pu.contacts)))
            su = StagedUnit(data, pinyin_initials(data.name)[:MAX_NAME], existing=e)
            su.kept_contacts = [c for c in data.contacts if c.id is not None]
            su.new_contacts = [c for c in data.contacts if c.id is None]
            kept = {c.id for c in su.kept_contacts}
            su.gone_contacts = [c.id for c in e.contacts if c.id is not None and c.id not in kept]
            before = _state(_as_input(e), e.contacts, names)
            after = _state(data, su.kept_contacts, names)
            su.changed = bool(su.new_contacts) or before != after
            su.search = _search(su, sorted(su.kept_contacts, key=lambda c: c.id or 0) + su.new_contacts)
            staged.units.append(su)
            if su.changed:
                staged.updated += 1
            else:
                staged.unchanged += 1
        staged.contacts += len(data.contacts)
    if progress is not None:
        progress(total, total, "stage")
    return staged


def _search(su: StagedUnit, contacts: list[ContactInput]) -> tuple[str, str]:
    """The unit's search columns as console.store.unit_search.refresh_unit_search would write them
    (contacts in id order: kept ones, then the new ones numbered after them)."""
    d = su.data
    return (unit_search_text(d.name, su.initials, d.skills, d.notes, [(c.person, c.role) for c in contacts]),
            unit_search_digits(c.phones for c in contacts))


def _as_input(e: _Existing) -> UnitInput:
    return UnitInput(name=e.name, kind=e.kind, communities=e.communities, categories=e.categories,
                     skills=e.skills, notes=e.notes, active=e.active)


def number(staged: Staged, actor: Actor, at: datetime, unit_base: int, contact_base: int) -> Numbered:
    """The rows and audit rows of `staged`, new units numbered after `unit_base` and contacts after
    `contact_base` (no lock held: the final transaction checks the bases are still the largest ids)."""
    names = staged.names
    out = Numbered(unit_base, contact_base)
    next_unit, next_contact = unit_base, contact_base
    for su in staged.units:
        d = su.data
        if su.existing is None:
            next_unit += 1
            uid = next_unit
            out.units.append((uid, d.name, d.kind, su.initials, d.skills, d.notes, bool(d.active), "", 1,
                              *su.search))
            out.communities += [(uid, c) for c in d.communities]
            out.categories += [(uid, c) for c in d.categories]
            contacts = []
            for c in su.new_contacts:
                next_contact += 1
                contacts.append(ContactInput(c.person, c.role, c.phones, c.duty_hours, next_contact))
            out.contacts += [(c.id, uid, c.person, c.role, c.phones, c.duty_hours) for c in contacts]
            out.audit.append(prepare_audit(actor, at, "import_create_unit", "unit", uid, None,
                                           _state(d, contacts, names)))
            continue
        e = su.existing
        if not su.changed:
            continue
        added = []
        for c in su.new_contacts:
            next_contact += 1
            added.append(ContactInput(c.person, c.role, c.phones, c.duty_hours, next_contact))
        out.contacts += [(c.id, e.id, c.person, c.role, c.phones, c.duty_hours) for c in added]
        out.contact_updates += [{"_id": c.id, "person": c.person, "role": c.role, "phones": c.phones,
                                 "duty_hours": c.duty_hours} for c in su.kept_contacts]
        out.contacts_gone += su.gone_contacts
        out.communities += [(e.id, c) for c in sorted(set(d.communities) - set(e.communities))]
        out.communities_gone += [(e.id, c) for c in sorted(set(e.communities) - set(d.communities))]
        out.categories += [(e.id, c) for c in sorted(set(d.categories) - set(e.categories))]
        out.categories_gone += [(e.id, c) for c in sorted(set(e.categories) - set(d.categories))]
        out.unit_updates.append({"_id": e.id, "_version": e.version, "kind": d.kind, "initials": su.initials,
                                 "skills": d.skills, "notes": d.notes, "active": bool(d.active),
                                 "version": e.version + 1, "search_text": su.search[0],
                                 "search_digits": su.search[1]})
        before = _state(_as_input(e), e.contacts, names)
        old, new = _diff(before, _state(d, su.kept_contacts + added, names))
        out.audit.append(prepare_audit(actor, at, "import_update_unit", "unit", e.id, old, new))
    return out


def _refuse_changed(s: Session, desk: Desk, unit_id: int, label: str) -> ConflictError:
    who, when = last_change(s, desk, "unit", unit_id)
    return ConflictError(
        f"导入期间单位“{label}”已被{who or '另一席位'}{'于 ' + when if when else ''}修改或删除："
        "为免覆盖，没有导入任何内容。请重新导入（会按电话簿现在的内容重新核对）。",
        f"Unit {label!r} was changed or deleted by {who or 'another seat'}{' at ' + when if when else ''} "
        "during the import: to overwrite nothing, nothing was imported. Import again (it is checked "
        "against the phonebook as it is now).")


def check_unchanged(s: Session, desk: Desk, staged: Staged, rows: Numbered) -> None:
    """In the final transaction: refuse when another seat changed what the import was staged against
    (ConflictError, naming the unit); IdsMoved when only the ids it numbered were taken meanwhile."""
    now = {n: (i, v or 1) for i, n, v in s.execute(select(Unit.id, Unit.name, Unit.version))}
    by_id = {i: (n, v) for n, (i, v) in now.items()}
    for su in staged.units:
        e = su.existing
        if e is None:
            if su.data.name in now:
                uid = now[su.data.name][0]
                raise _refuse_changed(s, desk, uid, su.data.name)
        elif by_id.get(e.id) != (e.name, e.version):
            raise _refuse_changed(s, desk, e.id, e.name)
    names = RefNames(s)
    if (names.communities, names.categories) != staged.refs:
        raise ConflictError("导入期间社区或问题分类被另一席位修改：没有导入任何内容，请重新导入。",
                            "A community or category was changed at another seat during the import: "
                            "nothing was imported; import again.")
    bases = _max_ids(s)
    if bases != (rows.unit_base, rows.contact_base):
        raise IdsMoved(*bases)


class Temp(TempTables):
    """The import's TEMP tables on its own connection: the new units and contacts (by id) and the links to
    add (in order), filled by `fill` while no lock is held and copied in by `write`."""

    def __init__(self) -> None:
        super().__init__()
        self.units = self.like("import_unit_rows", "units", UNIT_COLUMNS[1:], "id")
        self.contacts = self.like("import_unit_contacts", "contacts", CONTACT_COLUMNS[1:], "id")
        self.links = {name: self.like(f"import_{name}", name, ("unit_id", column))
                      for name, column in (("unit_communities", "community_id"), ("unit_categories", "category_id"))}


def fill(conn: Connection, temp: Temp, rows: Numbered) -> None:
    """The numbered rows to add into the TEMP tables on `conn` (no lock held), emptied first."""
    temp.clear(conn)
    w = BulkWriter(conn)
    w.insert(temp.units, UNIT_COLUMNS, rows.units)
    w.insert(temp.contacts, CONTACT_COLUMNS, rows.contacts)
    for name, added in (("unit_communities", rows.communities), ("unit_categories", rows.categories)):
        t = temp.links[name]
        w.insert(t, t.c.keys(), [(k, *link) for k, link in enumerate(added)])
    conn.commit()


def write(s: Session, actor: Actor, at: datetime, rows: Numbered, made: dict[int, int], temp: Temp) -> None:
    """In the final transaction, after `check_unchanged`: the rows, then the audit rows, in bulk; the new
    ones copied from `temp` (`fill`). `made` maps the temporary ids of communities and categories created
    just before to real ones."""
    s.flush()
    conn = s.connection()
    w = BulkWriter(conn)
    temp.copy(conn, temp.units, "units", UNIT_COLUMNS)
    if rows.unit_updates:
        t = Base.metadata.tables["units"]
        # SET takes the columns the dicts name (kind, initials, …, version)
        conn.execute(update(t).where(t.c.id == bindparam("_id"), t.c.version == bindparam("_version")),
                     rows.unit_updates)
    if rows.contacts_gone:
        # Tickets that named a removed contact keep their unit; the foreign key sets contact_id to NULL.
        c = Base.metadata.tables["contacts"]
        conn.execute(delete(c).where(c.c.id == bindparam("_id")), [{"_id": i} for i in rows.contacts_gone])
    if rows.contact_updates:
        c = Base.metadata.tables["contacts"]
        conn.execute(update(c).where(c.c.id == bindparam("_id")), rows.contact_updates)
    temp.copy(conn, temp.contacts, "contacts", CONTACT_COLUMNS)
    for name, column, gone in (("unit_communities", "community_id", rows.communities_gone),
                               ("unit_categories", "category_id", rows.categories_gone)):
        t = Base.metadata.tables[name]
        if gone:
            conn.execute(delete(t).where(t.c.unit_id == bindparam("_u"), t.c[column] == bindparam("_c")),
                         [{"_u": u, "_c": c} for u, c in gone])
        added = temp.links[name]
        for was, real in made.items():  # communities and categories created just now: their real ids
            conn.execute(update(added).where(added.c[column] == was).values({column: real}))
        temp.copy(conn, added, name, ("unit_id", column))
    w.fix_sequences(("units", "contacts"))
    append_audit(s, actor, at, rows.audit)


def number_and_check(desk: Desk, staged: Staged, actor: Actor, at: datetime,
                     attempt: Callable[[Numbered], None], tries: int = 5) -> None:
    """Number the staged rows and hand them to `attempt` (the final transaction); when another seat took
    the ids meanwhile (IdsMoved), number again after its rows — outside the lock — and retry."""
    bases = (staged.unit_base, staged.contact_base)
    for _ in range(tries):
        rows = number(staged, actor, at, *bases)
        try:
            attempt(rows)
            return
        except IdsMoved as moved:
            bases = (moved.unit_base, moved.contact_base)
    raise ValidationError("电话簿正被其他席位频繁修改，导入没有写入任何内容，请稍后重新导入。",
                          "The phonebook is being changed at other seats all the time; nothing was imported. "
                          "Import again in a while.")
