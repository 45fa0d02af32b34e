"""到场时限: a 特急 ticket's dispatch opens an on-site arrival deadline (15 minutes by default); the check-back
"已到场" closes it at the arrival time given; other tickets get none unless the desk adds a rule."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.domain.errors import ValidationError
from console.services import tickets as T
from console.services.deadlines import set_rule
from console.store.health import deadline_problems
from console.store.models import Deadline, Ticket


def _arrival(desk, tid):
    with desk.db.read() as s:
        return s.execute(select(Deadline.start_at, Deadline.due_at, Deadline.done_at, Deadline.outcome)
                         .where(Deadline.ticket_id == tid, Deadline.kind == "arrival").order_by(Deadline.id)).all()


def test_a_critical_dispatch_is_owed_someone_on_site_in_15_minutes(desk, street, operator, clock):
    lift = T.log_call(desk, operator, T.NewCall(description="电梯困人", urgency="critical"),
                      dispatch=T.Dispatch(street.units["城东供电所"]))
    plain = T.log_call(desk, operator, T.NewCall(description="路灯不亮"), dispatch=T.Dispatch(street.units["城东供电所"]))
    [d] = _arrival(desk, lift.id)
    assert d.due_at - d.start_at == timedelta(minutes=15) and d.done_at is None
    assert _arrival(desk, plain.id) == []
    dispatched = desk.now()
    clock.advance(minutes=30)
    with pytest.raises(ValidationError):  # before the dispatch: refused, nothing changed
        T.record_check_back(desk, operator, lift.id, came=True, arrived_at=dispatched - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        T.record_check_back(desk, operator, lift.id, came=True, arrived_at=desk.now() + timedelta(minutes=1))
    T.record_check_back(desk, operator, lift.id, came=True, note="维保已到", arrived_at=dispatched + timedelta(minutes=12))
    [d] = _arrival(desk, lift.id)
    assert (d.outcome, d.done_at - d.start_at) == ("done", timedelta(minutes=12))  # on time, by when they came
    with desk.db.read() as s:
        assert s.get(Ticket, lift.id).arrived_at == dispatched + timedelta(minutes=12)
        assert deadline_problems(s) == []


def test_undo_and_redispatch_keep_one_arrival_deadline(desk, street, operator, supervisor, clock):
    t = T.log_call(desk, operator, T.NewCall(description="燃气泄漏", urgency="critical"),
                   dispatch=T.Dispatch(street.units["城东供电所"]))
    clock.advance(minutes=5)
    T.dispatch(desk, operator, t.id, T.Dispatch(street.units["城东供电所"]))
    assert [d.outcome for d in _arrival(desk, t.id)] == ["superseded", None]
    clock.advance(minutes=5)
    T.record_check_back(desk, operator, t.id, came=True)
    T.undo_last_step(desk, operator, t.id)
    assert [d.outcome for d in _arrival(desk, t.id)] == ["superseded", None]
    with desk.db.read() as s:
        assert s.get(Ticket, t.id).arrived_at is None


def test_a_desk_can_give_urgent_tickets_an_arrival_deadline_too(desk, street, operator, supervisor):
    set_rule(desk, supervisor, "arrival", 30, urgency="urgent")
    t = T.log_call(desk, operator, T.NewCall(description="水管爆裂", urgency="urgent"),
                   dispatch=T.Dispatch(street.units["城东供电所"]))
    [d] = _arrival(desk, t.id)
    assert d.due_at - d.start_at == timedelta(minutes=30)


def test_a_desk_that_deletes_the_arrival_rule_opens_none(desk, street, operator, supervisor):
    from console.services.deadlines import delete_rule
    from console.store.models import DeadlineRuleRow

    with desk.db.read() as s:
        rid = s.scalar(select(DeadlineRuleRow.id).where(DeadlineRuleRow.kind == "arrival"))
    delete_rule(desk, supervisor, rid)
    t = T.log_call(desk, operator, T.NewCall(description="电梯困人", urgency="critical"),
                   dispatch=T.Dispatch(street.units["城东供电所"]))
    assert _arrival(desk, t.id) == []
