"""Taking back a step (console.domain.undo, services.tickets.undo_last_step): the ticket and its
deadlines as they were, the step and its undoing both on record, no figure counting either."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.domain.errors import ConflictError, ValidationError
from console.services import tickets as T
from console.services.desk_settings import set_desk_settings
from console.store.models import AuditEntry, Deadline, Ticket, TicketEvent


def _call(street, **kw):
    return T.NewCall(description="楼道停电", caller_phone="13800138000",
                     community_id=street.communities["嘉宏三村"], category_id=street.categories["水电气/停电"], **kw)


def _deadlines(desk, tid):
    with desk.db.read() as s:
        return s.execute(select(Deadline.id, Deadline.kind, Deadline.due_at, Deadline.done_at, Deadline.outcome)
                         .where(Deadline.ticket_id == tid).order_by(Deadline.id)).all()


def _ticket(desk, tid):
    with desk.db.read() as s:
        t = s.get(Ticket, tid)
        s.expunge(t)
        return t


def _unit(street):
    return street.units["城东供电所"]


def test_a_wrong_dispatch_is_taken_back_by_its_author(desk, street, operator, clock):
    tid = T.log_call(desk, operator, _call(street)).id
    logged = _deadlines(desk, tid)
    clock.advance(minutes=3)
    T.dispatch(desk, operator, tid, T.Dispatch(_unit(street)))
    clock.advance(minutes=2)
    before = _ticket(desk, tid)
    T.undo_last_step(desk, operator, tid, expected_version=before.version)
    t = _ticket(desk, tid)
    assert (t.status, t.unit_id, t.dispatched_at) == ("logged", None, None)
    assert t.version > before.version and t.reopen_count == 0
    assert _deadlines(desk, tid) == logged  # the logging's promise is open again, the dispatch's are gone
    with desk.db.read() as s:
        events = s.execute(select(TicketEvent.action, TicketEvent.undone_at, TicketEvent.detail)
                           .where(TicketEvent.ticket_id == tid).order_by(TicketEvent.id)).all()
        audit = s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == tid)).all()
    assert [e.action for e in events] == ["log", "dispatch", "undo"]
    assert events[1].undone_at is not None and "撤销“派单”" in events[2].detail
    assert "undo_step" in audit and "dispatch" in audit  # both on record


def test_the_minutes_are_the_authors_a_supervisor_corrects_later_with_a_reason(
        desk, street, operator, supervisor, clock):
    tid = T.log_call(desk, operator, _call(street), dispatch=T.Dispatch(_unit(street))).id
    T.resolve(desk, operator, tid, "已恢复供电")
    clock.advance(minutes=11)
    with pytest.raises(ValidationError, match="10 分钟"):
        T.undo_last_step(desk, operator, tid)
    with pytest.raises(ValidationError, match="原因"):
        T.undo_last_step(desk, supervisor, tid)
    T.undo_last_step(desk, supervisor, tid, "办结点错了工单")
    t = _ticket(desk, tid)
    assert t.status == "dispatched" and t.resolved_at is None and t.result == ""
    rows = _deadlines(desk, tid)
    assert [(k, o) for _, k, _, _, o in rows] == [("check_back", None), ("resolution", None)]


def test_the_desk_sets_the_minutes(desk, street, operator, supervisor, clock):
    set_desk_settings(desk, supervisor, undo_minutes=30)
    tid = T.log_call(desk, operator, _call(street)).id
    T.answer(desk, operator, tid, "已告知")
    clock.advance(minutes=25)
    T.undo_last_step(desk, operator, tid)
    assert _ticket(desk, tid).status == "logged"
    with pytest.raises(ValidationError):
        set_desk_settings(desk, supervisor, undo_minutes="两分钟")


def test_a_call_dispatched_as_it_was_logged_goes_back_to_logged_and_owed(desk, street, operator, clock):
    tid = T.log_call(desk, operator, _call(street), dispatch=T.Dispatch(_unit(street))).id
    at = clock.now()
    clock.advance(minutes=1)
    T.undo_last_step(desk, operator, tid)
    rows = _deadlines(desk, tid)
    assert _ticket(desk, tid).status == "logged"
    assert [(k, o) for _, k, _, _, o in rows] == [("resolution", None)]
    assert rows[0].due_at == at + timedelta(days=1)


def test_steps_come_back_one_by_one_escalation_times_included(desk, street, operator, clock):
    tid = T.log_call(desk, operator, _call(street), dispatch=T.Dispatch(_unit(street))).id
    dispatched = _deadlines(desk, tid)
    T.escalate(desk, operator, tid, "物业不处理")
    T.resolve(desk, operator, tid, "已修复")
    T.record_satisfaction(desk, operator, tid, "满意")
    assert _ticket(desk, tid).status == "closed"
    for expected in ("resolved", "escalated", "dispatched", "logged"):
        T.undo_last_step(desk, operator, tid)
        assert _ticket(desk, tid).status == expected
        if expected == "dispatched":
            assert _deadlines(desk, tid) == dispatched  # the escalated due time went back too
    with pytest.raises(ValidationError, match="没有可以撤销"):
        T.undo_last_step(desk, operator, tid)


def test_notes_are_not_steps_and_a_stale_seat_is_refused(desk, street, operator, clock):
    tid = T.log_call(desk, operator, _call(street), dispatch=T.Dispatch(_unit(street))).id
    seen = _ticket(desk, tid).version
    T.add_note(desk, operator, tid, "已联系物业")
    T.undo_last_step(desk, operator, tid)  # the dispatch, past the note
    assert _ticket(desk, tid).status == "logged"
    with pytest.raises(ConflictError):
        T.undo_last_step(desk, operator, tid, expected_version=seen)


def test_someone_elses_step_is_a_supervisors_to_correct(desk, street, operator, clock):
    from helpers import lookup_ids

    other = lookup_ids(desk.db).actors["lead"]
    tid = T.log_call(desk, operator, _call(street)).id
    T.dispatch(desk, other, tid, T.Dispatch(_unit(street)))
    with pytest.raises(ValidationError, match="值班领导"):
        T.undo_last_step(desk, operator, tid)
