"""Working days at the desk: the calendar a new desk is seeded with (migration 0006, chinese-calendar),
a rule that counts working time (3 个工作日 across 国庆), and offices closed on the holiday in the
dispatch list."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from console.services import tickets as T
from console.services.deadlines import set_rule
from console.services.dispatch_options import dispatch_options
from console.store.queries import work_calendar

SH = ZoneInfo("Asia/Shanghai")


def test_a_new_desk_knows_the_holidays_the_package_knows(desk):
    with desk.db.read() as s:
        cal = work_calendar(s)
    assert {2024, 2025, 2026} <= cal.known_years
    assert not cal.is_workday(date(2026, 10, 1)) and cal.is_workday(date(2026, 10, 10))
    assert not cal.is_workday(date(2026, 2, 17)) and cal.is_workday(date(2026, 2, 14))


def test_a_working_time_rule_skips_the_holiday(desk, street, operator, supervisor, clock):
    set_rule(desk, supervisor, "escalated_resolution", 3 * 1440, working_time=True)
    clock.set(datetime(2026, 9, 30, 18, 0, tzinfo=SH))
    tid = T.log_call(desk, operator, T.NewCall(description="路灯坏了", community_id=street.communities["嘉宏三村"]),
                     dispatch=T.Dispatch(street.units["嘉宏三村物业"])).id
    T.escalate(desk, operator, tid, "物业说归路灯所")
    from sqlalchemy import select

    from console.store.models import Deadline

    with desk.db.read() as s:
        due = s.scalar(select(Deadline.due_at).where(Deadline.ticket_id == tid, Deadline.kind == "resolution",
                                                     Deadline.done_at.is_(None)))
    # 国庆 1–7 off: 10月8日, 9日 and the 调休 Saturday 10日 → the evening of 10月10日 (not 10月3日 mid-holiday)
    assert desk.local(due) == datetime(2026, 10, 10, 18, 0, tzinfo=SH)


def test_the_dispatch_list_knows_the_office_is_closed_for_the_holiday(desk, street):
    """白马小区物业 works 工作日 08:30-17:30: on Thursday 10月1日 at 10:00 it is a holiday."""
    holiday = dispatch_options(desk, street.categories["水电气/漏水"], street.communities["白马小区"],
                               at=datetime(2026, 10, 1, 10, 0, tzinfo=SH))
    office = next(r for r in holiday if r.option.unit_name == "白马小区物业")
    assert not office.reachable and office.reason_zh.startswith("节假日休息")
    make_up = dispatch_options(desk, street.categories["水电气/漏水"], street.communities["白马小区"],
                               at=datetime(2026, 10, 10, 10, 0, tzinfo=SH))
    assert next(r for r in make_up if r.option.unit_name == "白马小区物业").reachable  # the 调休 Saturday
