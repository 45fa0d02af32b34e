"""Who can be sent: units that handle a category in a community, with their contacts."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import literal, or_, select
from sqlalchemy.orm import Session

from ..models import (
    Category,
    Contact,
    Unit,
    UnitCategory,
    UnitCommunity,
)


@dataclass(frozen=True)
class UnitCandidate:
    unit_id: int
    unit_name: str
    unit_kind: str
    contact_id: int | None
    person: str
    role: str
    phones: str
    duty_hours: str
    covers_community: bool
    handles_category: bool


def unit_candidates(s: Session, category_id: int | None, community_id: int | None) -> list[UnitCandidate]:
    """Contacts of active units that handle this category (or its parent) here.

    A unit with no communities listed covers the whole street (power station,
    police); a unit with communities covers only those.
    """
    cat_ids: list[int] = []
    if category_id is not None:
        cat_ids.append(category_id)
        parent = s.scalar(select(Category.parent_id).where(Category.id == category_id))
        if parent is not None:
            cat_ids.append(parent)
    has_any_coverage = select(UnitCommunity.unit_id).where(UnitCommunity.unit_id == Unit.id).exists()
    covers_here = (select(UnitCommunity.unit_id).where(UnitCommunity.unit_id == Unit.id,
                   UnitCommunity.community_id == community_id).exists()
                   if community_id is not None else literal(False))
    exact = (select(UnitCategory.unit_id).where(UnitCategory.unit_id == Unit.id,
             UnitCategory.category_id == category_id).exists()
             if category_id is not None else literal(False))
    q = (select(Unit.id, Unit.name, Unit.kind, Contact.id, Contact.person, Contact.role,
                Contact.phones, Contact.duty_hours, covers_here, exact)
         .outerjoin(Contact, Contact.unit_id == Unit.id)
         .where(Unit.active.is_(True)))
    if cat_ids:
        q = q.where(select(UnitCategory.unit_id).where(
            UnitCategory.unit_id == Unit.id, UnitCategory.category_id.in_(cat_ids)).exists())
    if community_id is not None:
        q = q.where(or_(~has_any_coverage, covers_here))
    q = q.order_by(Unit.name, Contact.id)
    return [UnitCandidate(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6] or "", r[7] or "",
                          bool(r[8]), bool(r[9])) for r in s.execute(q)]
