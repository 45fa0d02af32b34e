"""The KPI module on a quarter built through the real services (conftest.py).

Counted by hand from the story in conftest.py (2026 Q3, report at 11-22 22:00):

  tickets received in Q3: T1 T2 T3 T4 T5 T6 T7 (T8 is 10-01 00:00: Q4)
  void: T6                                   → 受理量 N = 6, void = 1
  answered on the spot: T3                   → 直接答复 A = 1
  ever dispatched: T1 T2 T4 T5               → 派单量 = 4
  resolved/closed: T1 (closed) T2 (resolved) T5 (closed) → 办结量 D = 3
  办结率 = (1 + 3) / 6 = 0.6667
  on time (latest resolution deadline met): T1 (15:10 ≤ 07-07 09:30),
      T2 (07-11 20:00 ≤ 07-12 10:00; its first, missed deadline was superseded),
      not T5 (09-22 06:30 > 09-22 00:30)     → 按时办结率 = 2 / 3
  overdue: T5 (done late, 城东派出所), T4 (open since due 08-18 02:15, 白马小区物业),
      T7 (only logged: owed an outcome since its logging, due 10-01 23:59, no unit) → 3
  satisfaction call after the latest resolution: T1, T5 (T2's call came before
      its second resolution)                 → 回访率 = 2 / 3
  satisfaction calls: T1 满意, T2 不满意, T5 基本满意 → 满意率 = 2 / 3
  phone tickets: T1 T2 T4 T5 T7 = 5; missed calls M1 M2 M3 = 3 → 接通率 = 5 / 8 = 0.625
  missed calls called back: M1 M3           → 回拨率 = 2 / 3
  minutes to first dispatch: T1 20, T2 40, T4 15, T5 60 → mean 33.75, median 30
  minutes to resolution (done only): T1 360, T2 4200 (07-08 22:00 → 07-11 20:00),
      T5 1860 (09-20 23:30 → 09-22 06:30)   → mean 2140, median 1860
  attitude 5, 2, 4 → 11/3; ability 4, 1, 5 → 10/3
  repeat callers: 13800138000 (T1 07-06, T2 07-08) → 1;
      13900139000 (08-15, 09-20: 36 days apart) no; 13700137000 (T6 void, T8 in Q4) no

  previous quarter (Q2): P1 answered, P2 dispatched and open (due 07-01 23:59, overdue)
      N 2, A 1, dispatched 1, D 0, 办结率 0.5, 按时办结率 —, 接通率 1/1, overdue 1,
      dispatch minutes 0 (mean and median)
  changes: 受理量 +200%, 派单量 +300%, 办结量 — (0 before), 办结率 +16.67 pp,
      按时办结率 — (nothing before), 接通率 −37.5 pp, 平均派单用时 — (0 before), 超期 +200%
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.kpi import (
    NO_CATEGORY,
    NO_COMMUNITY,
    NO_GRID,
    KpiTicket,
    MissedCallRow,
)
from console.domain.kpi_builder import compute_kpis, months_between
from console.domain.kpi_summary import SUMMARY_ITEMS, summary_lines
from console.services.exports import quarter_kpis

SH = ZoneInfo("Asia/Shanghai")
# The figures come from SQL (joins, correlated subqueries, string concatenation):
# run the service-built quarter on PostgreSQL too when a server is given.
pytestmark = pytest.mark.both_engines


def test_quarter_figures_counted_by_hand(desk, q3):
    k = quarter_kpis(desk, 2026, 3)
    assert (k.received, k.void, k.answered, k.dispatched, k.done) == (6, 1, 1, 4, 3)
    assert k.completion_rate == pytest.approx(4 / 6)
    assert (k.on_time, k.on_time_rate) == (2, pytest.approx(2 / 3))
    assert k.overdue == 3
    assert k.overdue_by_unit == {"城东派出所": 1, "白马小区物业": 1}  # T7 was sent to no unit
    assert (k.callbacks, k.callback_rate) == (2, pytest.approx(2 / 3))
    assert (k.sat_calls, k.satisfied, k.satisfaction_rate) == (3, 2, pytest.approx(2 / 3))
    assert k.satisfaction_counts == {"satisfied": 1, "fairly": 1, "unsatisfied": 1}
    assert (k.phone_calls, k.missed_calls, k.missed_called_back) == (5, 3, 2)
    assert k.answer_rate == pytest.approx(0.625)
    assert k.call_back_rate == pytest.approx(2 / 3)
    assert k.dispatch_minutes_mean == pytest.approx(33.75)
    assert k.dispatch_minutes_median == pytest.approx(30)
    assert k.resolve_minutes_mean == pytest.approx(2140)
    assert k.resolve_minutes_median == pytest.approx(1860)
    assert k.attitude_avg == pytest.approx(11 / 3)
    assert k.ability_avg == pytest.approx(10 / 3)
    assert k.attitude_hist == (0, 1, 0, 1, 1) and k.ability_hist == (1, 0, 0, 1, 1)
    assert k.repeat_caller_count == 1
    r = k.repeat_callers[0]
    assert (r.phone, r.tickets, r.most_in_window, r.community) == ("13800138000", 2, 2, "嘉宏三村")
    assert r.first_at == datetime(2026, 7, 6, 9, 10, tzinfo=SH)


def test_quarter_breakdowns_counted_by_hand(desk, q3):
    k = quarter_kpis(desk, 2026, 3)
    assert k.months == ((2026, 7), (2026, 8), (2026, 9))
    assert [(g.key, g.received) for g in k.by_category] == [
        ("噪音扰民", 2), ("水电气/漏水", 2), ("水电气/停电", 1), (NO_CATEGORY, 1)]
    assert k.category_by_month == {"噪音扰民": (0, 1, 1), "水电气/漏水": (1, 1, 0),
                                   "水电气/停电": (1, 0, 0), NO_CATEGORY: (0, 0, 1)}
    assert [(g.key, g.received) for g in k.by_category_top] == [("水电气", 3), ("噪音扰民", 2), (NO_CATEGORY, 1)]
    assert [(g.parent, g.key, g.received, g.done) for g in k.by_community] == [
        ("第一网格", "嘉宏三村", 3, 3), ("第二网格", "白马小区", 2, 0), (NO_GRID, NO_COMMUNITY, 1, 0)]
    assert [(g.key, g.received) for g in k.by_grid] == [("第一网格", 3), ("第二网格", 2), (NO_GRID, 1)]
    units = {g.key: (g.dispatched, g.done, g.on_time, g.overdue, g.sat_calls, g.satisfied) for g in k.by_unit}
    assert units == {"城东供电所": (1, 1, 1, 0, 1, 1), "嘉宏三村物业": (1, 1, 1, 0, 1, 0),
                     "白马小区物业": (1, 0, 0, 1, 0, 0), "城东派出所": (1, 1, 0, 1, 1, 1)}
    assert [g.key for g in k.by_unit][:2] == ["城东派出所", "白马小区物业"]  # overdue first
    assert {g.key: g.received for g in k.by_request_type} == {
        "help": 3, "complaint": 1, "enquiry": 1, "report": 1}
    assert {g.key: g.received for g in k.by_channel} == {"phone": 5, "walk_in": 1}
    hw = {(h, d): n for h, row in enumerate(k.hour_weekday) for d, n in enumerate(row) if n}
    # Mon 09 (T1), Wed 22 (T2), Mon 10 (T3), Sat 02 (T4), Sun 23 (T5), Wed 23 (T7)
    assert hw == {(9, 0): 1, (22, 2): 1, (10, 0): 1, (2, 5): 1, (23, 6): 1, (23, 2): 1}
    assert [(h.community, h.place, h.tickets) for h in k.hot_addresses] == [("嘉宏三村", "12号", 2)]


def test_change_against_previous_quarter(desk, q3):
    cur, prev = quarter_kpis(desk, 2026, 3), quarter_kpis(desk, 2026, 2)
    assert (prev.received, prev.answered, prev.dispatched, prev.done, prev.overdue) == (2, 1, 1, 0, 1)
    assert prev.on_time_rate is None and prev.completion_rate == pytest.approx(0.5)
    lines = {ln.name: ln for ln in summary_lines(cur, prev)}
    assert [ln.name for ln in summary_lines(cur, prev)] == [zh for zh, *_ in SUMMARY_ITEMS]
    assert lines["受理量"].change == pytest.approx(2.0)
    assert lines["派单量"].change == pytest.approx(3.0)
    assert lines["办结量"].previous == 0 and lines["办结量"].change is None
    assert lines["办结率"].change == pytest.approx(100 * (4 / 6 - 0.5))
    assert lines["办结率"].change_unit == "pp"
    assert lines["按时办结率"].previous is None and lines["按时办结率"].change is None
    assert lines["接通率"].change == pytest.approx(-37.5)
    assert lines["平均派单用时（分钟）"].previous == 0 and lines["平均派单用时（分钟）"].change is None
    assert lines["超期工单数"].change == pytest.approx(2.0)


def test_a_quarter_without_tickets_divides_by_nothing(desk, q3):
    k = quarter_kpis(desk, 2026, 1)
    assert k.is_empty and k.received == 0
    for attr in ("completion_rate", "on_time_rate", "callback_rate", "satisfaction_rate",
                 "answer_rate", "call_back_rate", "dispatch_minutes_mean", "dispatch_minutes_median",
                 "resolve_minutes_mean", "resolve_minutes_median", "attitude_avg", "ability_avg"):
        assert getattr(k, attr) is None, attr
    assert all(ln.change is None for ln in summary_lines(k, k))


# --- pure edges, on rows built by hand ---------------------------------------

UTC = UTC
START, END = datetime(2026, 6, 30, 16, tzinfo=UTC), datetime(2026, 9, 30, 16, tzinfo=UTC)


def _t(i, received, **kw):
    return KpiTicket(id=i, received_at=received, status=kw.pop("status", "logged"), **kw)


def _k(tickets, missed=()):
    return compute_kpis(tickets, missed, start=START, end=END, tz=SH, as_of=END)


def test_repeat_callers_within_seven_days_inclusive():
    a = START + timedelta(days=1)
    k = _k([_t(1, a, caller_phone="13800000001"),
            _t(2, a + timedelta(days=7), caller_phone="13800000001"),          # exactly 7 days: repeat
            _t(3, a, caller_phone="13800000002"),
            _t(4, a + timedelta(days=7, minutes=1), caller_phone="13800000002"),  # 7 days + 1 min: not
            _t(5, a, caller_phone=""), _t(6, a, caller_phone="")])               # no number: never
    assert [r.phone for r in k.repeat_callers] == ["13800000001"]


def test_period_is_half_open_and_missed_calls_outside_are_ignored():
    k = _k([_t(1, START), _t(2, END), _t(3, END - timedelta(microseconds=1))],
           [MissedCallRow(START - timedelta(seconds=1)), MissedCallRow(END), MissedCallRow(START, START)])
    assert k.received == 2 and k.missed_calls == 1 and k.call_back_rate == 1.0


def test_done_ticket_without_a_deadline_is_not_on_time_and_not_overdue():
    r = START + timedelta(hours=1)
    k = _k([_t(1, r, status="resolved", dispatched_at=r, resolved_at=r + timedelta(hours=1))])
    assert (k.done, k.on_time, k.overdue) == (1, 0, 0)
    assert k.on_time_rate == 0.0


def test_medians_of_even_and_odd_counts():
    r = START + timedelta(hours=1)
    k = _k([_t(i, r, dispatched_at=r + timedelta(minutes=m)) for i, m in enumerate((10, 20, 90))])
    assert (k.dispatch_minutes_median, k.dispatch_minutes_mean) == (20, 40)


def test_months_of_a_quarter_in_local_time():
    assert months_between(START, END, SH) == ((2026, 7), (2026, 8), (2026, 9))


def test_presses_and_redispatches_count_against_the_unit_concerned():
    from console.domain.kpi_builder import unit_step_counts

    rows = [(1, "dispatch", "物业"), (1, "press", "物业"), (1, "press", "物业"), (1, "dispatch", "供电所"),
            (2, "dispatch", "物业"), (2, "dispatch", "物业"),  # sent back to the same unit: not taken from it
            (3, "press", None)]
    rows += [(4, "approve_extension", "供电所"), (1, "return_dispatch", "物业")]
    assert unit_step_counts(rows) == {"物业": (2, 1, 0, 1), "供电所": (0, 0, 1, 0), "（未派单）": (1, 0, 0, 0)}


def test_the_quarters_unit_table_counts_presses_and_redispatches(desk, q3, street, supervisor, clock):
    from sqlalchemy import select

    from console.services import tickets as T
    from console.store.models import Ticket

    with desk.db.read() as s:  # T4: dispatched to 白马小区物业, open and overdue since 08-18
        t4 = s.scalars(select(Ticket.id).where(Ticket.description.like("%T4%"))).one()
    T.press(desk, supervisor, t4, "请尽快处理")
    k = quarter_kpis(desk, 2026, 3)
    units = {g.key: (g.presses, g.redispatches, g.extensions) for g in k.by_unit}
    assert units["白马小区物业"] == (1, 0, 0)
