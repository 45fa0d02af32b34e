"""延期: the unit's request through the operator, the supervisor's decision, the deadline moved by
working days on the desk's calendar, and the limits (two requests, five working days each)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from console.domain.errors import NotFound, PermissionDenied, ValidationError
from console.services import tickets as T
from console.services.exports import quarter_kpis
from console.services.extensions import decide_extension, pending_extension, request_extension
from console.store.models import Deadline

SH = ZoneInfo("Asia/Shanghai")


def _due(desk, tid):
    with desk.db.read() as s:
        return desk.local(s.scalar(select(Deadline.due_at).where(
            Deadline.ticket_id == tid, Deadline.kind == "resolution", Deadline.done_at.is_(None))))


def test_a_granted_extension_moves_the_deadline_by_working_days(desk, street, operator, supervisor, clock):
    clock.set(datetime(2026, 9, 29, 18, 0, tzinfo=SH))  # Tuesday before 国庆
    tid = T.log_call(desk, operator, T.NewCall(description="外墙脱落", community_id=street.communities["嘉宏三村"]),
                     dispatch=T.Dispatch(street.units["嘉宏三村物业"])).id
    assert _due(desk, tid) == datetime(2026, 9, 30, 18, 0, tzinfo=SH)
    with pytest.raises(ValidationError, match="1 到 5"):
        request_extension(desk, operator, tid, 9, "要等脚手架")
    request_extension(desk, operator, tid, 2, "要等脚手架")
    assert pending_extension(desk, tid).working_days == 2
    with pytest.raises(ValidationError, match="等待审批"):
        request_extension(desk, operator, tid, 1, "再等一天")
    with pytest.raises(PermissionDenied):
        decide_extension(desk, operator, tid, True)
    decide_extension(desk, supervisor, tid, True, "同意")
    # two working days after 9月30日 18:00: 国庆 1–7 off → 10月9日 18:00
    assert _due(desk, tid) == datetime(2026, 10, 9, 18, 0, tzinfo=SH)
    assert pending_extension(desk, tid) is None
    with pytest.raises(NotFound):
        decide_extension(desk, supervisor, tid, False)
    request_extension(desk, operator, tid, 1, "材料未到")
    decide_extension(desk, supervisor, tid, False, "不同意，请按时完成")
    assert _due(desk, tid) == datetime(2026, 10, 9, 18, 0, tzinfo=SH)
    with pytest.raises(ValidationError, match="最多申请延期 2 次"):
        request_extension(desk, operator, tid, 1, "第三次")
    k = quarter_kpis(desk, 2026, 3)
    assert {g.key: g.extensions for g in k.by_unit}["嘉宏三村物业"] == 1
    with pytest.raises(ValidationError, match="不能撤销"):
        T.undo_last_step(desk, supervisor, tid, "撤回")


def test_no_extension_without_a_unit_or_while_paused(desk, street, operator):
    logged = T.log_call(desk, operator, T.NewCall(description="咨询")).id
    with pytest.raises(ValidationError, match="还没有派给承办单位"):
        request_extension(desk, operator, logged, 1, "x")
    tid = T.log_call(desk, operator, T.NewCall(description="漏水"), dispatch=T.Dispatch(street.units["嘉宏三村物业"])).id
    T.pause(desk, operator, tid, "居民外出")
    with pytest.raises(ValidationError, match="已挂起"):
        request_extension(desk, operator, tid, 1, "x")
