"""协办: a co-handling unit helps the ticket's lead unit (主办), each dispatch checked back on its own.

A burst main needs the water company (主办) and the property company to shut
the valve (协办). The lead unit stays `tickets.unit_id` — the one its figures
and 督办 name; a co-handling unit is a row of its own with its own check-back
deadline (kind co_check_back, timed by the desk's check-back rule), so the
due queue reminds the desk to ask whether *each* unit came. Resolving the
ticket supersedes the co-handling check-backs still open (deadline_effects).
The first person who took the call (首问) is the ticket's operator, never
changed by a later step.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.deadline_effects import CO_CB, DONE, RULE_OF_KIND
from ..domain.errors import NotFound, ValidationError
from ..domain.lifecycle import Action
from ..domain.ranking import check_dispatch_target
from ..domain.text import clean_text
from ..store.models import Contact, Deadline, TicketCoUnit, Unit
from .context import Actor, Changes, Desk
from .deadlines import load_policy, open_deadline
from .tickets import Dispatch, load_ticket, record_step, run_ticket_write

MAX_CO_UNITS = 5


def add_co_unit(desk: Desk, actor: Actor, ticket_id: int, choice: Dispatch,
                expected_version: int | None = None) -> Changes:
    """协办派单: send `choice.unit_id` to help the lead unit; its check-back deadline opens now."""
    note = clean_text(choice.note, "协办说明", "note", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        unit = s.get(Unit, choice.unit_id)
        contact = s.get(Contact, choice.contact_id) if choice.contact_id is not None else None
        check_dispatch_target(choice.unit_id, unit.active if unit is not None else None, choice.contact_id,
                              contact.unit_id if contact is not None else None)
        assert unit is not None  # checked above
        if unit.id == t.unit_id:
            raise ValidationError(f"{unit.name} 已是主办单位。", f"{unit.name} is already the lead unit.")
        have = s.scalars(select(TicketCoUnit.unit_id).where(TicketCoUnit.ticket_id == t.id)).all()
        if unit.id in have:
            raise ValidationError(f"{unit.name} 已是协办单位。", f"{unit.name} is already a co-handling unit.")
        if len(have) >= MAX_CO_UNITS:
            raise ValidationError(f"每张工单最多 {MAX_CO_UNITS} 个协办单位。",
                                  f"A ticket has at most {MAX_CO_UNITS} co-handling units.")
        record_step(s, desk, actor, t, Action.ADD_CO_UNIT, now, unit_id=unit.id, detail=note,
                    extra_new={"co_unit": unit.id})
        co = TicketCoUnit(ticket_id=t.id, unit_id=unit.id, contact_id=choice.contact_id, added_at=now,
                          added_by=actor.id, note=note)
        s.add(co)
        s.flush()
        d = open_deadline(s, load_policy(s), t, CO_CB, now, rule_kind=RULE_OF_KIND[CO_CB])
        if d is not None:
            d.co_unit_id = co.id
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def record_co_check_back(desk: Desk, actor: Actor, ticket_id: int, co_unit_id: int, came: bool, note: str = "",
                         expected_version: int | None = None) -> Changes:
    """协办回访: did the co-handling unit come? Yes closes its check-back; not yet opens the next one."""
    note = clean_text(note, "回访记录", "note", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        co = s.get(TicketCoUnit, co_unit_id)
        if co is None or co.ticket_id != t.id:
            raise NotFound("该协办单位不在这张工单上。", "That co-handling unit is not on this ticket.")
        if co.came_at is not None:
            raise ValidationError("该协办单位已确认到场。", "That co-handling unit has already come.")
        record_step(s, desk, actor, t, Action.CO_CHECK_BACK, now, unit_id=co.unit_id,
                    detail=("已到场" if came else "未到场") + (f"：{note}" if note else ""),
                    extra_new={"co_unit": co.unit_id, "came": came})
        for d in s.scalars(select(Deadline).where(Deadline.co_unit_id == co.id, Deadline.done_at.is_(None))):
            d.done_at, d.done_by, d.outcome = now, actor.id, DONE
        if came:
            co.came_at = now
        else:
            nxt = open_deadline(s, load_policy(s), t, CO_CB, now, rule_kind=RULE_OF_KIND[CO_CB])
            if nxt is not None:
                nxt.co_unit_id = co.id
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)
