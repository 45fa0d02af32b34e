"""并单: a duplicate merged into the ticket that stays — its callers follow, 受理量 counts the matter
once, both calls still count as calls; only a supervisor merges, only open tickets, never into itself."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from console.domain.errors import LifecycleError, NotFound, PermissionDenied, ValidationError
from console.services import tickets as T
from console.services.exports import quarter_kpis
from console.services.merging import merge_candidates, merge_tickets
from console.store.health import deadline_problems
from console.store.models import Deadline, Ticket, TicketCall


def _two_reports(desk, street, operator, clock):
    c = street.communities["嘉宏三村"]
    keep = T.log_call(desk, operator, T.NewCall(description="12号楼下水管爆了", caller_phone="13800138000",
                                                caller_name="王先生", community_id=c, building="12"),
                      dispatch=T.Dispatch(street.units["城东供电所"]))
    clock.advance(minutes=20)
    gone = T.log_call(desk, operator, T.NewCall(description="楼下在漏水", caller_phone="13900139000",
                                                caller_name="李阿姨", community_id=c, building="12号"))
    return keep, gone


def test_merge_keeps_the_callers_and_counts_the_matter_once(desk, street, operator, supervisor, clock):
    keep, gone = _two_reports(desk, street, operator, clock)
    T.add_call(desk, operator, gone.id, T.NewCall(description="还在漏", caller_phone="13700137000"))
    before = quarter_kpis(desk, 2026, 4)
    assert before.received == 2 and before.added_calls == 1
    assert [b.number for b in merge_candidates(desk, gone.id)] == [keep.number]  # the same address
    clock.advance(minutes=5)
    merge_tickets(desk, supervisor, gone.id, f" {keep.number} ", "同一处漏水")
    with desk.db.read() as s:
        g, k = s.get(Ticket, gone.id), s.get(Ticket, keep.id)
        assert (g.status, g.merged_into_id) == ("merged", keep.id)
        assert k.status == "dispatched"  # the one that stays goes on as it was
        assert s.scalars(select(Deadline).where(Deadline.ticket_id == gone.id, Deadline.done_at.is_(None))).all() == []
        assert {d.outcome for d in s.scalars(select(Deadline).where(Deadline.ticket_id == gone.id))} == {"merged"}
        callers = s.scalars(select(TicketCall).where(TicketCall.ticket_id == keep.id)).all()
        assert {c.caller_phone for c in callers} == {"13900139000", "13700137000"}
        assert {c.source_ticket_id for c in callers} == {gone.id}
        assert deadline_problems(s) == []
    k4 = quarter_kpis(desk, 2026, 4)
    assert (k4.received, k4.merged, k4.added_calls) == (1, 1, 1)
    assert k4.phone_calls == before.phone_calls  # every call still counts once towards 接通率


def test_the_detail_lists_the_merged_callers(desk, street, operator, supervisor, clock):
    from console.store.queries import ticket_detail

    keep, gone = _two_reports(desk, street, operator, clock)
    merge_tickets(desk, supervisor, gone.id, keep.number, "重复")
    with desk.db.read() as s:
        d, g = ticket_detail(s, keep.id), ticket_detail(s, gone.id)
    assert [(c.caller_name, c.merged_from) for c in d.calls] == [("李阿姨", gone.number)]
    assert g.merged_into == keep.number and g.status == "merged"
    assert [e.action for e in d.events][-1] == "merge_in"


def test_merge_is_refused_where_it_makes_no_sense(desk, street, operator, supervisor, clock):
    keep, gone = _two_reports(desk, street, operator, clock)
    with pytest.raises(PermissionDenied):
        merge_tickets(desk, operator, gone.id, keep.number, "重复")
    with pytest.raises(ValidationError):
        merge_tickets(desk, supervisor, gone.id, keep.number, "  ")
    with pytest.raises(NotFound):
        merge_tickets(desk, supervisor, gone.id, "20990101-0001", "重复")
    with pytest.raises(ValidationError):
        merge_tickets(desk, supervisor, gone.id, gone.number, "重复")
    answered = T.log_call(desk, operator, T.NewCall(description="咨询"), answer="已答复")
    with desk.db.read() as s:
        answered_number = s.get(Ticket, answered.id).number
    with pytest.raises(ValidationError):
        merge_tickets(desk, supervisor, gone.id, answered_number, "重复")
    merge_tickets(desk, supervisor, gone.id, keep.number, "重复")
    with pytest.raises(LifecycleError):  # merged is an end: no second merge, no 作废
        T.void(desk, supervisor, gone.id, "重复")
    with pytest.raises(ValidationError):
        merge_tickets(desk, supervisor, keep.id, gone.number, "反过来")
