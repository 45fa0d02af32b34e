"""挂起 / 恢复办理: a ticket waiting on the resident stops its deadlines and resumes with the time it had
left; while paused only a note, 作废 or resuming is taken; both steps can be undone."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.domain.errors import LifecycleError, ValidationError
from console.services import tickets as T
from console.store.models import Deadline, Ticket
from console.store.queries import due_queue


def _open(desk, tid):
    with desk.db.read() as s:
        return s.execute(select(Deadline.kind, Deadline.due_at).where(
            Deadline.ticket_id == tid, Deadline.done_at.is_(None)).order_by(Deadline.kind)).all()


def _paused_at(desk, tid):
    with desk.db.read() as s:
        return s.get(Ticket, tid).paused_at


def _dispatched(desk, street, operator):
    return T.log_call(desk, operator, T.NewCall(description="家里漏水，居民出差", community_id=street.communities["嘉宏三村"]),
                      dispatch=T.Dispatch(street.units["嘉宏三村物业"])).id


def test_the_clock_stops_while_paused_and_runs_on_with_what_was_left(desk, street, operator, supervisor, clock):
    tid = _dispatched(desk, street, operator)
    t0 = clock.now()
    clock.advance(hours=2)
    with pytest.raises(ValidationError):
        T.pause(desk, operator, tid, " ")
    T.pause(desk, operator, tid, "居民出差，周一回来开门")
    assert _open(desk, tid) == [] and _paused_at(desk, tid) == clock.now()
    with desk.db.read() as s:
        assert all(d.ticket_id != tid for d in due_queue(s, clock.now() + timedelta(days=5), timedelta(days=30)))
    with pytest.raises(LifecycleError, match="挂起"):
        T.resolve(desk, operator, tid, "已修好")
    with pytest.raises(LifecycleError, match="挂起"):
        T.press(desk, supervisor, tid, "请尽快")
    T.add_note(desk, operator, tid, "已联系居民")
    clock.advance(hours=48)
    T.resume(desk, operator, tid, "居民已回家")
    now = clock.now()
    assert _paused_at(desk, tid) is None
    # the resolution had 22 of its 24 hours left; the 30-minute check-back was overdue: due at once
    assert _open(desk, tid) == [("check_back", now), ("resolution", now + timedelta(hours=22))]
    assert now + timedelta(hours=22) == t0 + timedelta(hours=72)
    with pytest.raises(LifecycleError):
        T.resume(desk, operator, tid)


def test_pausing_and_resuming_are_undone_like_any_step(desk, street, operator, clock):
    tid = _dispatched(desk, street, operator)
    running = _open(desk, tid)
    T.pause(desk, operator, tid, "居民外出")
    T.undo_last_step(desk, operator, tid)
    assert _paused_at(desk, tid) is None and _open(desk, tid) == running
    T.pause(desk, operator, tid, "居民外出")
    paused_at = _paused_at(desk, tid)
    clock.advance(minutes=5)
    T.resume(desk, operator, tid)
    T.undo_last_step(desk, operator, tid)
    assert _paused_at(desk, tid) == paused_at and _open(desk, tid) == []


def test_void_ends_a_pause(desk, street, operator, supervisor):
    tid = _dispatched(desk, street, operator)
    T.pause(desk, operator, tid, "居民外出")
    T.void(desk, supervisor, tid, "居民撤回诉求")
    assert _paused_at(desk, tid) is None


def test_a_working_time_deadline_resumes_with_the_working_time_it_had_left(desk, street, operator, supervisor,
                                                                           clock):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from console.services.deadlines import set_rule

    sh = ZoneInfo("Asia/Shanghai")
    set_rule(desk, supervisor, "resolution", 24 * 60, working_time=True)  # 1 working day
    clock.set(datetime(2026, 12, 7, 12, 0, tzinfo=sh))  # a Monday noon
    tid = _dispatched(desk, street, operator)
    clock.set(datetime(2026, 12, 8, 10, 0, tzinfo=sh))  # Tuesday 10:00: two hours left
    T.pause(desk, operator, tid, "居民外出")
    clock.set(datetime(2026, 12, 11, 23, 0, tzinfo=sh))  # Friday 23:00
    T.resume(desk, operator, tid)
    due = dict(_open(desk, tid))["resolution"]
    assert due == datetime(2026, 12, 14, 1, 0, tzinfo=sh)  # one hour on Friday, the other Monday 00:00–01:00
