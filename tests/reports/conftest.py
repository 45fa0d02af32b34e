"""A quarter (2026 Q3) built through the real services, step by step in time.

Every figure the tests expect is counted by hand in `test_kpi.py`'s
docstring from the story below (local time, Asia/Shanghai):

Q2 (previous quarter)
  P1 05-10 10:00  walk-in, answered on the spot
  P2 06-30 23:59  phone 13600136000, dispatched 06-30 23:59 to 城东供电所, still open
Q3
  M1 07-06 08:00  missed call 13500135000, called back 08:10
  T1 07-06 09:10  phone 13800138000 嘉宏三村 12号 水电气/停电 求助
                  dispatched 09:30 城东供电所, resolved 15:10, satisfaction 07-07 10:00 满意 5/4 已解决
  T2 07-08 22:00  phone 13800138000 嘉宏三村 12号 水电气/漏水 投诉
                  dispatched 22:40 嘉宏三村物业 (due 07-09 22:40), resolved 07-10 22:00 (late),
                  satisfaction 07-11 09:00 不满意 2/1 → reopened,
                  dispatched again 07-11 10:00 嘉宏三村物业 (due 07-12 10:00), resolved 07-11 20:00
  T3 08-03 10:00  walk-in, 白马小区, 噪音扰民, 咨询, answered on the spot
  T4 08-15 02:00  phone 13900139000 白马小区 水电气/漏水 求助, dispatched 02:15 白马小区物业,
                  escalated 10:00 (due 08-18 02:15), never resolved
  M2 08-20 03:00  missed call 13500135001, never called back
  T5 09-20 23:30  phone 13900139000 嘉宏三村 噪音扰民 举报 (address 菜场旁),
                  dispatched 09-21 00:30 城东派出所 (due 09-22 00:30), resolved 09-22 06:30 (late),
                  satisfaction 09-22 09:00 基本满意 4/5 部分解决 (T2's calls did not ask: 解决率 1/2)
  T6 09-25 12:00  phone 13700137000, voided by the supervisor 12:05
  M3 09-30 23:00  missed call 13500135002, called back 23:20
  T7 09-30 23:59  phone 13700137000, no community, no category, only logged
Q4
  T8 10-01 00:00  phone 13700137000, only logged
The report is made at 2026-11-22 22:00.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

SH = ZoneInfo("Asia/Shanghai")
REPORT_AT = datetime(2026, 11, 22, 22, 0, tzinfo=SH)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SH)


@dataclass
class Story:
    ids: dict[str, int]
    numbers: dict[str, str]


@pytest.fixture
def q3(desk, clock, street, operator, supervisor) -> Story:
    from console.services import missed_calls as M
    from console.services import satisfaction as S
    from console.services import tickets as T

    units, cats, comms = street.units, street.categories, street.communities
    ids: dict[str, int] = {}
    numbers: dict[str, str] = {}

    def log(name, when, **kw):
        clock.set(when)
        answer = kw.pop("answer", None)
        dispatch = kw.pop("dispatch", None)
        kw.setdefault("description", f"{name} 的来电内容")
        r = T.log_call(desk, operator, T.NewCall(**kw), answer=answer,
                       dispatch=T.Dispatch(units[dispatch]) if dispatch else None)
        ids[name], numbers[name] = r.id, r.number
        return r.id

    def step(when, fn, *args, **kw):
        clock.set(when)
        return fn(desk, operator, *args, **kw)

    # previous quarter
    log("P1", at(5, 10, 10), channel="walk_in", request_type="enquiry", answer="已当场答复")
    log("P2", at(6, 30, 23, 59), caller_phone="13600136000", dispatch="城东供电所",
        category_id=cats["水电气/停电"])

    # this quarter
    clock.set(at(7, 6, 8, 10))
    m1 = M.log_missed_call(desk, operator, "13500135000", at=at(7, 6, 8))
    M.call_back(desk, operator, m1)

    t1 = log("T1", at(7, 6, 9, 10), caller_phone="13800138000", community_id=comms["嘉宏三村"],
             building="12号", category_id=cats["水电气/停电"], request_type="help")
    step(at(7, 6, 9, 30), T.dispatch, t1, T.Dispatch(units["城东供电所"]))
    step(at(7, 6, 15, 10), T.resolve, t1, "已恢复供电")
    step(at(7, 7, 10), T.record_satisfaction, t1, "满意", 5, 4, solved="已解决")

    t2 = log("T2", at(7, 8, 22), caller_phone="13800138000", community_id=comms["嘉宏三村"],
             building="12号", category_id=cats["水电气/漏水"], request_type="complaint")
    step(at(7, 8, 22, 40), T.dispatch, t2, T.Dispatch(units["嘉宏三村物业"]))
    step(at(7, 10, 22), T.resolve, t2, "已修好")
    step(at(7, 11, 9), T.record_satisfaction, t2, "不满意", 2, 1)
    clock.set(at(7, 11, 9, 30))  # 回访复核 (a supervisor) upholds it; 整改 reopens and sends it back
    S.decide_review(desk, supervisor, t2, True, "确未修好")
    step(at(7, 11, 10), S.rectify, t2, "重新上门维修", reopen=True, redispatch=T.Dispatch(units["嘉宏三村物业"]))
    step(at(7, 11, 20), T.resolve, t2, "已彻底修好")

    log("T3", at(8, 3, 10), channel="walk_in", community_id=comms["白马小区"],
        category_id=cats["噪音扰民"], request_type="enquiry", answer="已告知夜间施工规定")

    t4 = log("T4", at(8, 15, 2), caller_phone="13900139000", community_id=comms["白马小区"],
             category_id=cats["水电气/漏水"], request_type="help")
    step(at(8, 15, 2, 15), T.dispatch, t4, T.Dispatch(units["白马小区物业"]))
    step(at(8, 15, 10), T.escalate, t4, "物业无法处理")

    clock.set(at(8, 20, 3, 5))
    M.log_missed_call(desk, operator, "13500135001", at=at(8, 20, 3))

    t5 = log("T5", at(9, 20, 23, 30), caller_phone="13900139000", community_id=comms["嘉宏三村"],
             address="菜场旁", category_id=cats["噪音扰民"], request_type="report")
    step(at(9, 21, 0, 30), T.dispatch, t5, T.Dispatch(units["城东派出所"]))
    step(at(9, 22, 6, 30), T.resolve, t5, "已劝导")
    step(at(9, 22, 9), T.record_satisfaction, t5, "基本满意", 4, 5, solved="部分解决")

    t6 = log("T6", at(9, 25, 12), caller_phone="13700137000")
    clock.set(at(9, 25, 12, 5))
    T.void(desk, supervisor, t6, "重复来电")

    clock.set(at(9, 30, 23, 20))
    m3 = M.log_missed_call(desk, operator, "13500135002", at=at(9, 30, 23))
    M.call_back(desk, operator, m3)

    log("T7", at(9, 30, 23, 59), caller_phone="13700137000")
    log("T8", at(10, 1, 0, 0), caller_phone="13700137000")

    clock.set(REPORT_AT)
    return Story(ids, numbers)
