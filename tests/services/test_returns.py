"""退单 / 改派: the unit returns a wrong dispatch within a working day; a supervisor agrees (the ticket
goes to another unit, counted as a re-dispatch against the first) or refuses (the first keeps it)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.domain.errors import NotFound, PermissionDenied, ValidationError
from console.services import tickets as T
from console.services.exports import quarter_kpis
from console.services.returns import decide_return, return_dispatch
from console.store.models import Ticket

SH = ZoneInfo("Asia/Shanghai")


def _unit(desk, tid):
    with desk.db.read() as s:
        return s.get(Ticket, tid).unit_id


def _sent(desk, street, operator, unit="白马小区物业"):
    return T.log_call(desk, operator, T.NewCall(description="嘉宏三村12号漏水", community_id=street.communities["嘉宏三村"]),
                      dispatch=T.Dispatch(street.units[unit])).id


def test_an_agreed_return_goes_to_another_unit_and_counts_against_the_first(desk, street, operator, supervisor,
                                                                           clock):
    clock.set(datetime(2026, 9, 10, 21, 0, tzinfo=SH))
    tid = _sent(desk, street, operator)
    with pytest.raises(ValidationError, match="原因"):
        return_dispatch(desk, operator, tid, "  ")
    return_dispatch(desk, operator, tid, "不属于本物业管辖")
    with pytest.raises(ValidationError, match="等待审批"):
        return_dispatch(desk, operator, tid, "再退一次")
    with pytest.raises(PermissionDenied):
        decide_return(desk, operator, tid, True, T.Dispatch(street.units["嘉宏三村物业"]))
    with pytest.raises(ValidationError, match="另一个承办单位"):
        decide_return(desk, supervisor, tid, True)
    decide_return(desk, supervisor, tid, True, T.Dispatch(street.units["嘉宏三村物业"]), "改派嘉宏三村物业")
    assert _unit(desk, tid) == street.units["嘉宏三村物业"]
    with pytest.raises(NotFound):
        decide_return(desk, supervisor, tid, False)
    units = {g.key: (g.returns, g.redispatches) for g in quarter_kpis(desk, 2026, 3).by_unit}
    assert units["白马小区物业"] == (1, 1)


def test_a_refused_return_leaves_the_unit_and_a_late_one_is_refused(desk, street, operator, supervisor, clock):
    tid = _sent(desk, street, operator)
    return_dispatch(desk, operator, tid, "不归我们管")
    decide_return(desk, supervisor, tid, False, "属于该物业管辖范围，请继续办理")
    assert _unit(desk, tid) == street.units["白马小区物业"]
    late = _sent(desk, street, operator)
    clock.advance(days=4)  # well past one working day
    with pytest.raises(ValidationError, match="1 个工作日内"):
        return_dispatch(desk, operator, late, "不归我们管")
