"""并单: a supervisor merges a duplicate ticket into the one that stays (console.domain.merging).

One transaction: the duplicate ends as merged (its deadlines closed as
merged, its pause ended), pointing to the one that stays; the one that stays
records the merge as a step (its status and deadlines as they were) and takes
in every caller of the duplicate — its own caller and its repeat calls (追加)
— so the satisfaction call reaches each of them. Both tickets are locked (on
PostgreSQL) in id order, so two seats merging crosswise wait rather than
deadlock; both steps and the audit row name the other ticket.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.lifecycle import OPEN_STATUS_CODES, Action
from ..domain.merging import check_merge
from ..domain.permissions import require
from ..domain.text import clean_text
from ..store.models import Ticket, TicketCall
from ..store.queries import TicketBrief, ticket_rows_by_ids
from .context import Actor, Changes, Desk, audit
from .tickets import load_ticket, record_step, run_ticket_write

CANDIDATE_DAYS = 30  # how far back the merge dialog looks for the ticket a duplicate belongs to
MAX_CANDIDATES = 20


def _ticket_by_number(s: Session, number: str) -> Ticket:
    number = " ".join((number or "").split())
    tid = s.scalar(select(Ticket.id).where(Ticket.number == number)) if number else None
    if tid is None:
        raise NotFound(f"没有工单号为“{number}”的工单。", f"There is no ticket numbered {number!r}.")
    return load_ticket(s, tid)


def merge_tickets(desk: Desk, actor: Actor, ticket_id: int, into_number: str, reason: str,
                  expected_version: int | None = None) -> Changes:
    """Merge ticket `ticket_id` (the duplicate) into the ticket numbered `into_number` (the one that stays)."""
    require(actor.role, "merge")
    reason = clean_text(reason, "并单原因", "reason", 2000, required=True)

    def work(s: Session) -> Changes:
        now = desk.now()
        keep_id = s.scalar(select(Ticket.id).where(Ticket.number == " ".join((into_number or "").split())))
        for tid in sorted({ticket_id, keep_id or ticket_id}):  # lock in id order (PostgreSQL)
            load_ticket(s, tid)
        gone = load_ticket(s, ticket_id, expected_version)
        keep = _ticket_by_number(s, into_number)
        check_merge(keep.number, keep.status, gone.number, gone.status)
        record_step(s, desk, actor, gone, Action.MERGE, now, detail=f"并入 {keep.number}：{reason}",
                    unit_id=gone.unit_id, extra_new={"merged_into": keep.number})
        gone.merged_into_id = keep.id
        gone.paused_at = None
        calls = [TicketCall(ticket_id=keep.id, at=gone.received_at, caller_phone=gone.caller_phone,
                            caller_name=gone.caller_name, description=gone.description, operator_id=gone.operator_id,
                            channel=gone.channel, source_ticket_id=gone.id)]
        for c in s.scalars(select(TicketCall).where(TicketCall.ticket_id == gone.id).order_by(TicketCall.at)):
            calls.append(TicketCall(ticket_id=keep.id, at=c.at, caller_phone=c.caller_phone,
                                    caller_name=c.caller_name, description=c.description,
                                    operator_id=c.operator_id, channel=c.channel, source_ticket_id=gone.id))
        s.add_all(calls)
        who = " ".join(x for x in (gone.caller_name, gone.caller_phone) if x) or "来电人"
        record_step(s, desk, actor, keep, Action.MERGE_IN, now, unit_id=keep.unit_id,
                    detail=f"并入工单 {gone.number}（{who}）：{reason}", extra_new={"merged": gone.number})
        audit(s, actor, now, "merge_tickets", "ticket", keep.id, None,
              {"kept": keep.number, "merged": gone.number, "callers": len(calls)})
        return Changes(tickets={keep.id, gone.id}, deadlines=True)
    return run_ticket_write(desk, work)


def merge_candidates(desk: Desk, ticket_id: int, days: int = CANDIDATE_DAYS) -> list[TicketBrief]:
    """Open tickets a duplicate may belong to, likeliest first: the same caller, the same address, or the
    same category in the same community, received in the last `days` days (newest first within each)."""
    with desk.db.read() as s:
        t = s.get(Ticket, ticket_id)
        if t is None:
            return []
        alike = []
        if t.caller_phone:
            alike.append(Ticket.caller_phone == t.caller_phone)
        if t.community_id is not None and t.address_key:
            alike.append((Ticket.community_id == t.community_id) & (Ticket.address_key == t.address_key))
        if t.community_id is not None and t.category_id is not None:
            alike.append((Ticket.community_id == t.community_id) & (Ticket.category_id == t.category_id))
        if not alike:
            return []
        since = min(t.received_at, desk.now()) - timedelta(days=days)
        rows = s.execute(select(Ticket.id, Ticket.caller_phone, Ticket.address_key)
                         .where(or_(*alike), Ticket.id != t.id, Ticket.status.in_(OPEN_STATUS_CODES),
                                Ticket.received_at >= since)
                         .order_by(Ticket.received_at.desc()).limit(MAX_CANDIDATES * 3)).all()

        def rank(r: Any) -> int:  # the same caller first, then the same address, then the same category
            if t.caller_phone and r[1] == t.caller_phone:
                return 0
            return 1 if t.address_key and r[2] == t.address_key else 2
        ids = [r[0] for r in sorted(rows, key=rank)][:MAX_CANDIDATES]
        briefs = {b.id: b for b in ticket_rows_by_ids(s, ids)}
        return [briefs[i] for i in ids if i in briefs]
