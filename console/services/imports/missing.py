"""`--add-missing`, the writing half: create the names a checked sheet listed (console.sheets.missing).

Created units are marked ``origin = "import"`` and have no contacts (the
phonebook says "待补充联系人" until the desk completes them); their kind is
其他 (other). A category written ``大类/小类`` creates its parent too when
that is missing; a bare name creates a top-level category.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import UnitKind
from ...domain.initials import pinyin_initials
from ...sheets.missing import MissingNames
from ...store.models import Category, Unit
from ..categories import ensure_category
from ..context import Actor, Desk, audit
from ..street import ensure_community

UNIT_ORIGIN_IMPORT = "import"


def create_missing(s: Session, desk: Desk, actor: Actor, names: MissingNames) -> dict[int, int]:
    """Create everything listed, inside the caller's transaction: temporary id → real id."""
    real: dict[int, int] = {}
    now = desk.now()
    for name, temp in names.communities.items():
        cid, created = ensure_community(s, name)
        real[temp] = cid
        if created:
            audit(s, actor, now, "import_add_community", "community", cid, None, {"name": name})
    for path, temp in names.categories.items():  # parents were listed before their children
        parent_name, _, child = path.partition("/")
        parent_id = None
        if child:
            parent_id = s.scalar(select(Category.id).where(Category.name == parent_name,
                                                            Category.parent_id.is_(None)))
        cat_id, created = ensure_category(s, child or parent_name, parent_id)
        real[temp] = cat_id
        if created:
            audit(s, actor, now, "import_add_category", "category", cat_id, None,
                  {"name": child or parent_name, "parent": parent_name if child else None})
    for name, temp in names.units.items():
        uid = s.scalar(select(Unit.id).where(Unit.name == name))
        if uid is None:
            u = Unit(name=name, kind=UnitKind.OTHER.value, initials=pinyin_initials(name)[:128],
                     skills="", notes="", active=True, origin=UNIT_ORIGIN_IMPORT)
            s.add(u)
            s.flush()
            uid = u.id
            audit(s, actor, now, "import_add_unit", "unit", uid, None,
                  {"name": name, "kind": UnitKind.OTHER.value, "origin": UNIT_ORIGIN_IMPORT})
        real[temp] = uid
    return real
