"""Keep each unit's search columns (units.search_text, units.search_digits) equal to its rows.

The phonebook's search matches these stored texts in SQL (console.domain.unit_search says what
they hold). Whoever changes a unit or its contacts calls `refresh_unit_search` in the same
transaction, after the change is flushed: it reads the unit and its contacts back, so the columns
follow what was written whatever path wrote it (the edit dialog, `import units`, the demo).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ..domain.unit_search import unit_search_digits, unit_search_text
from .models import Contact, Unit

BATCH = 500  # ids per IN list: far below SQLite's bound-variable limit (999 on old builds)


def batches(ids: Iterable[int], size: int = BATCH) -> Iterator[list[int]]:
    """The ids in lists of at most `size` (IN lists stay under every engine's variable limit)."""
    chunk: list[int] = []
    for i in ids:
        chunk.append(i)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def refresh_unit_search(s: Session, unit_ids: Iterable[int]) -> None:
    """Rewrite the search columns of these units from their rows and contacts as they are now."""
    s.flush()
    table = Unit.__table__
    for chunk in batches(sorted(set(unit_ids))):
        people: dict[int, list[tuple[str, str]]] = {}
        phones: dict[int, list[str]] = {}
        for uid, person, role, cell in s.execute(
                select(Contact.unit_id, Contact.person, Contact.role, Contact.phones)
                .where(Contact.unit_id.in_(chunk)).order_by(Contact.id)):
            people.setdefault(uid, []).append((person or "", role or ""))
            phones.setdefault(uid, []).append(cell or "")
        values = [{"uid": uid, "text": unit_search_text(name, initials or "", skills or "", notes or "",
                                                         people.get(uid, ())),
                   "digits": unit_search_digits(phones.get(uid, ()))}
                  for uid, name, initials, skills, notes in s.execute(
                      select(Unit.id, Unit.name, Unit.initials, Unit.skills, Unit.notes).where(Unit.id.in_(chunk)))]
        if values:
            s.connection().execute(
                update(table).where(table.c.id == bindparam("uid"))
                .values(search_text=bindparam("text"), search_digits=bindparam("digits")), values)
        for uid in chunk:  # a unit loaded in this session holds the columns as they were
            obj = s.identity_map.get(Session.identity_key(Unit, uid))
            if obj is not None:
                s.expire(obj, ["search_text", "search_digits"])
