"""协办: a co-handling unit helps the lead unit (主办), with a check-back of its own; resolving supersedes the
co-units' check-backs still open; nonsense is refused and changes nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.domain.errors import LifecycleError, ValidationError
from console.services import tickets as T
from console.services.co_units import add_co_unit, record_co_check_back
from console.store.health import deadline_problems
from console.store.models import Deadline, TicketCoUnit
from console.store.queries import due_queue, ticket_detail


def _co_deadlines(desk, tid):
    with desk.db.read() as s:
        return s.execute(select(Deadline.co_unit_id, Deadline.outcome).where(
            Deadline.ticket_id == tid, Deadline.kind == "co_check_back").order_by(Deadline.id)).all()


def test_a_co_unit_is_checked_back_on_its_own(desk, street, operator, clock):
    lead, helper = street.units["城东供电所"], next(u for n, u in street.units.items() if n != "城东供电所")
    t = T.log_call(desk, operator, T.NewCall(description="总水管爆裂"), dispatch=T.Dispatch(lead))
    with pytest.raises(ValidationError):  # the lead unit is not its own helper
        add_co_unit(desk, operator, t.id, T.Dispatch(lead))
    add_co_unit(desk, operator, t.id, T.Dispatch(helper, note="关闭楼内总阀"))
    with pytest.raises(ValidationError):
        add_co_unit(desk, operator, t.id, T.Dispatch(helper))
    with desk.db.read() as s:
        co = s.scalars(select(TicketCoUnit)).one()
        co_id = co.id
        queued = [(d.kind, d.unit) for d in due_queue(s, desk.now(), timedelta(hours=2))]
    assert ("co_check_back", next(n for n, u in street.units.items() if u == helper)) in queued
    clock.advance(minutes=40)
    record_co_check_back(desk, operator, t.id, co_id, came=False, note="还没来")
    assert [o for _, o in _co_deadlines(desk, t.id)] == ["done", None]
    T.record_check_back(desk, operator, t.id, came=True)  # the lead unit came: the helper's check-back stays
    assert [o for _, o in _co_deadlines(desk, t.id)] == ["done", None]
    record_co_check_back(desk, operator, t.id, co_id, came=True)
    with pytest.raises(ValidationError):
        record_co_check_back(desk, operator, t.id, co_id, came=True)
    with desk.db.read() as s:
        d = ticket_detail(s, t.id)
        assert [(u.unit, u.came_at is not None) for u in d.co_units] == [(d.co_units[0].unit, True)]
        assert deadline_problems(s) == []


def test_resolving_supersedes_a_co_units_open_check_back(desk, street, operator):
    units = list(street.units.values())
    t = T.log_call(desk, operator, T.NewCall(description="路面塌陷"), dispatch=T.Dispatch(units[0]))
    add_co_unit(desk, operator, t.id, T.Dispatch(units[1]))
    T.resolve(desk, operator, t.id, "已回填")
    assert [o for _, o in _co_deadlines(desk, t.id)] == ["superseded"]
    with desk.db.read() as s:
        assert deadline_problems(s) == []
    with pytest.raises(LifecycleError):  # a resolved ticket takes no more co-handling units
        add_co_unit(desk, operator, t.id, T.Dispatch(units[2]))


def test_a_pause_stops_a_co_units_check_back_and_resume_gives_it_back(desk, street, operator, clock):
    units = list(street.units.values())
    t = T.log_call(desk, operator, T.NewCall(description="燃气味"), dispatch=T.Dispatch(units[0]))
    add_co_unit(desk, operator, t.id, T.Dispatch(units[1]))
    T.pause(desk, operator, t.id, "居民外出")
    clock.advance(hours=3)
    T.resume(desk, operator, t.id)
    rows = _co_deadlines(desk, t.id)
    assert [o for _, o in rows] == ["paused", None] and rows[0][0] == rows[1][0]  # the same co-unit
