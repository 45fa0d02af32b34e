"""督办 (pressing a unit on an overdue ticket): the notice a supervisor prints for the unit.

The press itself is a lifecycle step (services.tickets.press); this module
gathers what the notice shows (console.domain.report_rows.PressNotice) for
console.reports.press_notice_pdf, read in one transaction, phone masked
unless the supervisor asks otherwise (and may: `export_unmasked`).
"""
from __future__ import annotations

import os

from ..domain.address import display as display_address
from ..domain.deadline_effects import RES
from ..domain.errors import NotFound
from ..domain.lifecycle import Action
from ..domain.masking import mask_text, private
from ..domain.permissions import require
from ..domain.phone import mask_phone
from ..domain.report_rows import NoticeDeadline, Press, PressNotice, category_label
from ..store import queries
from .context import Actor, Desk
from .desk_settings import sheet_header


def press_notice(desk: Desk, actor: Actor, ticket_id: int, *, mask: bool = True) -> PressNotice:
    """What the 督办通知单 of a ticket says now."""
    require(actor.role, "press")
    if not mask:
        require(actor.role, "export_unmasked")
    now = desk.now()
    with desk.db.read() as s:
        d = queries.ticket_detail(s, ticket_id)
        if d is None:
            raise NotFound(f"工单 {ticket_id} 不存在。", f"Ticket {ticket_id} does not exist.")
        desk_name, duty_phone = sheet_header(s)
    deadlines = tuple(NoticeDeadline(x.kind, x.start_at, x.due_at, x.done_at, x.outcome) for x in d.deadlines)
    open_res = [x for x in d.deadlines if x.kind == RES and x.done_at is None]
    due = open_res[-1].due_at if open_res else max((x.due_at for x in d.deadlines if x.kind == RES), default=None)
    def said(text: str) -> str:  # numbers inside the words masked too (domain.masking)
        return mask_text(text) if mask else text

    presses = tuple(Press(e.at, e.actor, said(e.detail)) for e in d.events
                    if e.action == Action.PRESS and not e.undone)
    return PressNotice(
        desk_name=desk_name, duty_phone=duty_phone, number=d.number, received_at=d.received_at,
        caller_name=private(said(d.caller_name), d.confidential),
        phone=private(mask_phone(d.caller_phone) if mask else d.caller_phone, d.confidential),
        address=private(said(display_address(d.community, d.building, d.room, d.address)), d.confidential),
        category=category_label(d.category, d.category_code),
        urgency=d.urgency, status=d.status, description=said(d.description), unit=d.unit,
        contact=" ".join(x for x in (d.contact_person or "", d.contact_phones or "") if x),
        dispatched_at=d.dispatched_at, resolution_due_at=due,
        overdue_minutes=int((now - due).total_seconds() // 60) if due is not None and due < now else 0,
        deadlines=deadlines, presses=presses, supervisor=actor.display_name or actor.username,
        generated_at=now, tz=desk.tz, masked=mask)


def write_press_notice(desk: Desk, actor: Actor, ticket_id: int, path: str | os.PathLike[str], *,
                       mask: bool = True) -> int:
    """The ticket's 督办通知单 as a PDF at `path`, written whole or not at all (a full disk, a folder
    that cannot be written: one sentence, nothing half-written); the page count."""
    from ..reports.atomic_file import atomic_write
    from ..reports.press_notice_pdf import build_press_notice_pdf

    notice = press_notice(desk, actor, ticket_id, mask=mask)
    with atomic_write(path) as fh:
        return build_press_notice_pdf(notice, fh)
