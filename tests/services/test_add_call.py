"""追加: a repeat call about an open matter is kept on its ticket — 受理量 counts the matter once, the
unit is pressed (催办) — and is refused on a closed ticket."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from console.domain.errors import LifecycleError, ValidationError
from console.services import tickets as T
from console.services.exports import quarter_kpis
from console.store.models import Ticket, TicketCall


def test_a_repeat_call_joins_the_open_ticket(desk, street, operator, clock):
    first = T.log_call(desk, operator, T.NewCall(description="楼道停电", caller_phone="13800138000",
                                                 community_id=street.communities["嘉宏三村"]),
                       dispatch=T.Dispatch(street.units["城东供电所"]))
    clock.advance(hours=2)
    with pytest.raises(ValidationError):
        T.add_call(desk, operator, first.id, T.NewCall(description=" "))
    added = T.add_call(desk, operator, first.id, T.NewCall(description="还是没电，老人在家很冷",
                                                           caller_phone="13900139000", caller_name="王阿姨"))
    assert added.number == first.number
    with desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 1
        call = s.scalars(select(TicketCall)).one()
        assert (call.caller_phone, call.caller_name) == ("13900139000", "王阿姨")
        assert s.get(Ticket, first.id).status == "dispatched"
    k = quarter_kpis(desk, 2026, 4)
    assert k.received == 1 and {g.key: g.presses for g in k.by_unit}["城东供电所"] == 1


def test_a_closed_ticket_takes_no_repeat_call(desk, street, operator):
    done = T.log_call(desk, operator, T.NewCall(description="咨询"), answer="已答复")
    with pytest.raises(LifecycleError):
        T.add_call(desk, operator, done.id, T.NewCall(description="再问一次"))
