"""保密: mark a ticket's caller as confidential, or (supervisors) lift it.

A resident reporting a neighbour, a domestic matter, a complaint about an
official: their name, phone and address then appear in no list (the ticket
table, the due queue) and no output (workbook, shift log, 督办通知单), whatever
the unmask choice (console.domain.masking.private). The detail pane still
shows them to the operator who calls back, marked 保密. Anyone at the desk may
mark a ticket; only a supervisor may lift it (a resident's trust is not
taken back by the next shift). Both are audited and in the timeline.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..domain.lifecycle import Action
from ..domain.permissions import require
from ..domain.text import clean_text
from .context import Actor, Changes, Desk
from .tickets import load_ticket, record_step, run_ticket_write


def set_confidential(desk: Desk, actor: Actor, ticket_id: int, on: bool, reason: str = "",
                     expected_version: int | None = None) -> Changes:
    if not on:
        require(actor.role, "lift_confidential")
    reason = clean_text(reason, "原因", "reason", 2000)

    def work(s: Session) -> Changes:
        t = load_ticket(s, ticket_id, expected_version)
        if bool(t.confidential) == bool(on):
            return Changes()
        record_step(s, desk, actor, t, Action.NOTE, desk.now(),
                    detail=("设为保密" if on else "取消保密") + (f"：{reason}" if reason else ""),
                    extra_old={"confidential": bool(t.confidential)}, extra_new={"confidential": bool(on)})
        t.confidential = bool(on)
        return Changes(tickets={t.id})
    return run_ticket_write(desk, work)
