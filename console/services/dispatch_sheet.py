"""派单单: the sheet the desk sends (or hands) a unit with a ticket dispatched to it.

Gathers what the sheet shows (console.domain.report_rows.DispatchSheet) for
console.reports.dispatch_sheet_pdf in one read: the ticket, the lead unit
(主办) and its co-units (协办), the dispatch (who, when, its note) and the
deadlines it opened. The caller's phone and any number in the resident's
words are masked unless a supervisor asks otherwise (`export_unmasked`); a
保密 ticket shows no caller name, phone or address whatever is asked. Like
the 督办通知单 (services.supervision) it is not audited: it changes nothing
and, masked, says nothing the unit may not read.
"""
from __future__ import annotations

import os
from datetime import datetime

from ..domain.address import display as display_address
from ..domain.deadline_effects import ARR, RES
from ..domain.errors import NotFound, ValidationError
from ..domain.lifecycle import Action
from ..domain.masking import mask_text, private
from ..domain.permissions import require
from ..domain.phone import mask_phone
from ..domain.report_rows import DispatchSheet, category_label
from ..store import queries
from .context import Actor, Desk
from .desk_settings import sheet_header

# the steps that send the ticket to its current unit (改派 after a return is a dispatch too)
_SENDS = (Action.DISPATCH.value, Action.APPROVE_RETURN.value)


def dispatch_sheet(desk: Desk, actor: Actor, ticket_id: int, *, mask: bool = True) -> DispatchSheet:
    """What the ticket's 派单单 says now; refused (ValidationError) for a ticket never dispatched."""
    if not mask:
        require(actor.role, "export_unmasked")
    with desk.db.read() as s:
        d = queries.ticket_detail(s, ticket_id)
        if d is None:
            raise NotFound(f"工单 {ticket_id} 不存在。", f"Ticket {ticket_id} does not exist.")
        desk_name, duty_phone = sheet_header(s)
    if not d.unit or d.dispatched_at is None:
        raise ValidationError(f"工单 {d.number} 还没有派单，没有派单单可打印。",
                              f"Ticket {d.number} has not been dispatched: there is no dispatch sheet to print.")
    sent = [e for e in d.events if e.action in _SENDS and not e.undone and e.unit == d.unit]
    step = sent[-1] if sent else None

    def said(text: str) -> str:  # numbers inside the words masked too (domain.masking)
        return mask_text(text) if mask else text

    def open_due(kind: str) -> datetime | None:
        due = [x.due_at for x in d.deadlines if x.kind == kind and x.done_at is None]
        return due[-1] if due else None

    return DispatchSheet(
        desk_name=desk_name, duty_phone=duty_phone, number=d.number, received_at=d.received_at, channel=d.channel,
        caller_name=private(said(d.caller_name), d.confidential),
        phone=private(mask_phone(d.caller_phone) if mask else d.caller_phone, d.confidential),
        address=private(said(display_address(d.community, d.building, d.room, d.address)), d.confidential),
        community=d.community, category=category_label(d.category, d.category_code),
        request_type=d.request_type, urgency=d.urgency, description=said(d.description), unit=d.unit,
        contact=" ".join(x for x in (d.contact_person or "", d.contact_phones or "") if x),
        co_units=tuple(c.unit for c in d.co_units), note=said(step.detail) if step else "",
        dispatched_at=step.at if step else d.dispatched_at, dispatched_by=step.actor if step else None,
        resolution_due_at=open_due(RES), arrival_due_at=open_due(ARR),
        printed_by=actor.display_name or actor.username, generated_at=desk.now(), tz=desk.tz, masked=mask)


def write_dispatch_sheet(desk: Desk, actor: Actor, ticket_id: int, path: str | os.PathLike[str], *,
                         mask: bool = True) -> int:
    """The ticket's 派单单 as a PDF at `path`, written whole or not at all; the page count."""
    from ..reports.atomic_file import atomic_write
    from ..reports.dispatch_sheet_pdf import build_dispatch_sheet_pdf

    sheet = dispatch_sheet(desk, actor, ticket_id, mask=mask)
    with atomic_write(path) as fh:
        return build_dispatch_sheet_pdf(sheet, fh)

