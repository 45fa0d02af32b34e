"""Who to phone for this ticket now: the phonebook read through the ranking.

The query (store.queries.unit_candidates) says which contacts handle the
category here; the domain ranking says in which order to try them at the
desk's local time. This module only joins the two, so the dispatch dialog,
the CLI and tests get the same list.
"""
from __future__ import annotations

from datetime import datetime

from ..domain.errors import ValidationError
from ..domain.ranking import ContactOption, RankedContact, rank_contacts
from ..store.queries import unit_candidates, work_calendar
from .context import Desk
from .phonebook import duty_or_unknown


def dispatch_options(desk: Desk, category_id: int | None, community_id: int | None,
                     at: datetime | None = None) -> list[RankedContact]:
    """Contacts of the active units that handle the category in the community, best first.

    ``at`` (timezone-aware, any zone) defaults to now; it is read on the
    desk's local wall clock, which is what duty hours are written in.
    """
    if at is not None and (at.tzinfo is None or at.utcoffset() is None):
        raise ValidationError("时间缺少时区。", "The time has no time zone.")
    local_now = desk.local(at if at is not None else desk.now())
    with desk.db.read() as s:
        candidates = unit_candidates(s, category_id, community_id)
        calendar = work_calendar(s)  # offices closed on holidays, open on 调休 days
    options = [
        ContactOption(
            unit_id=c.unit_id, unit_name=c.unit_name, unit_kind=c.unit_kind, contact_id=c.contact_id,
            person=c.person, role=c.role, phones=c.phones, duty=duty_or_unknown(c.duty_hours),
            covers_community=c.covers_community, handles_category=c.handles_category,
        )
        for c in candidates
    ]
    return rank_contacts(options, local_now, calendar)
