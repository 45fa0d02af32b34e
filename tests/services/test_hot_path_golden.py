"""Golden rows of the log-call hot path (issue 21): what logging a call — dispatched with a contact, not
dispatched, urgent and dispatched, answered on the spot — and a later dispatch write, table by table, column
by column.

The expectation below (GOLDEN) was written from the code before the hot path was made faster, so a faster
path that writes one row or one column differently — an audit row missing or reordered, JSON keys in another
order, a deadline a minute off, the counter not bumped, an extra flush bumping a version — fails here. Every
table is read before and after; a table GOLDEN does not name must not change at all. Ids are shown by what
they name (a unit's name, T1 for the first new ticket, D1 for the first new deadline) so the rows read the
same on SQLite and PostgreSQL. The audit hashes are not spelled out (they follow from the rest): the chain is
checked instead, each new row chained to the one before with its hash recomputed from its fields. And one
write transaction per service call (the same commits, the same fsyncs).
"""
from __future__ import annotations

from typing import Any

from golden_rows import Writes, check_chain, normalised, snapshot, table_diff
from sqlalchemy import select

from console.services import tickets as T
from console.store.models import AuditEntry


def run_hot_path(desk, street, operator, clock) -> tuple[dict[str, Any], Writes, str, dict]:
    """The five service calls of the golden run; the raw diff, the write count and the audit tail before."""
    unit, contact = street.units["城东供电所"], street.contacts["城东供电所/值班室"]
    other_unit = street.units["嘉宏三村物业"]
    comm, cat = street.communities["嘉宏三村"], street.categories["水电气/停电"]
    before = snapshot(desk)
    with desk.db.read() as s:
        tail = s.scalar(select(AuditEntry.row_hash).order_by(AuditEntry.id.desc()).limit(1)) or ""
    writes = Writes(desk)
    a = T.log_call(desk, operator, T.NewCall(
        description="楼道停电，整栋楼没电", caller_phone="138-0013-8000", caller_name="王阿姨", community_id=comm,
        category_id=cat, building="12号", room="301"), dispatch=T.Dispatch(unit, contact, "请尽快到场"))
    clock.advance(minutes=3)
    b = T.log_call(desk, operator, T.NewCall(description="噪音扰民", caller_phone="021-51723387",
                                             request_type="complaint"))
    clock.advance(minutes=1)
    c = T.log_call(desk, operator, T.NewCall(description="水管爆裂，水漫到楼道", caller_phone="13900139000",
                                             community_id=comm, category_id=cat, urgency="urgent", address="5号楼"),
                   dispatch=T.Dispatch(other_unit))
    clock.advance(minutes=1)
    d = T.log_call(desk, operator, T.NewCall(description="问垃圾分类时间", confidential=True), answer="每天 7–9 点")
    clock.advance(minutes=2)
    T.dispatch(desk, operator, b.id, T.Dispatch(other_unit, None, "噪音"))
    diff = table_diff(before, snapshot(desk))
    return diff, writes, tail, {"numbers": [x.number for x in (a, b, c, d)]}


def test_log_call_and_dispatch_write_the_golden_rows(desk, street, operator, clock):
    diff, writes, tail, info = run_hot_path(desk, street, operator, clock)
    assert (writes.begun, writes.committed) == (5, 5)  # one write transaction per service call
    assert info["numbers"] == [f"20261122-000{i}" for i in (1, 2, 3, 4)]
    check_chain(diff["audit_log"]["added"], tail)
    got = normalised(desk, diff)
    for table in sorted(set(GOLDEN) | set(got)):
        assert got.get(table) == GOLDEN.get(table), table


def _ticket(n: int, at: str, **kw: Any) -> dict[str, Any]:
    """A new ticket row as GOLDEN holds it: what a plain call leaves at its defaults, and `kw`."""
    row = dict(number=f"20261122-000{n}", received_at=at, channel="phone", caller_name="", caller_phone="",
               community_id=None, building="", room="", address="", address_key="", grid_id=None,
               request_type="help", category_id=None, urgency="normal", description="", status="logged",
               operator_id="op", shift_id=None, unit_id=None, contact_id=None, dispatched_at=None,
               arrived_at=None, escalated_at=None, resolved_at=None, result="", callback_at=None,
               satisfaction=None, satisfaction_scale=None, callback_outcome=None, review_stage=None,
               solved=None, attitude=None, ability=None, reopen_count=0, void_reason="", import_key=None, paused_at=None,
               confidential=False, merged_into_id=None, version=1, updated_at=at)
    row.update(kw)
    return row


def _event(t: str, at: str, action: str, frm: str | None, to: str, unit: str | None = None, detail: str = "",
           before: list | None = None) -> dict[str, Any]:
    return dict(ticket_id=t, at=at, actor_id="op", action=action, from_status=frm, to_status=to, unit_id=unit,
                detail=detail, before_state=before, undone_at=None, undone_by=None)


def _deadline(t: str, kind: str, start: str, due: str, done: str | None = None,
              outcome: str | None = None) -> dict[str, Any]:
    return dict(ticket_id=t, missed_call_id=None, kind=kind, start_at=start, due_at=due, done_at=done,
                done_by="op" if done else None, outcome=outcome, snoozed_until=None, snooze_reason="",
                co_unit_id=None)


def _audit(t: str, at: str, action: str, old: Any, new: Any) -> dict[str, Any]:
    return dict(at=at, user_id="op", action=action, entity="ticket", entity_id=t, old=old, new=new, via="")


def _before(newest: Any = 0, closed: list | None = None) -> list:
    """An event's before_state (services/step_undo.encode) for a ticket still as logged."""
    fields = [("status", "logged"), ("unit_id", None), ("contact_id", None), ("dispatched_at", None),
              ("escalated_at", None), ("resolved_at", None), ("result", ""), ("callback_at", None),
              ("satisfaction", None), ("attitude", None), ("ability", None), ("reopen_count", 0),
              ("void_reason", ""), ("paused_at", None), ("arrived_at", None), ("satisfaction_scale", None),
              ("callback_outcome", None), ("review_stage", None), ("solved", None)]
    return [("fields", fields), ("newest_deadline", newest), ("closed", closed or []), ("retimed", [])]


_A, _B, _C, _D, _E = (f"2026-11-22 14:0{m}:00" for m in (0, 3, 4, 5, 7))  # the five steps' times, UTC
_POWER, _ESTATE, _CUT = "城东供电所", "嘉宏三村物业", "水电气/停电"


def _log_new(n: int, phone: str, cat: str | None, comm: str | None, rtype: str = "help", **kw: Any) -> list:
    return [("number", f"20261122-000{n}"), ("caller_phone", phone), ("category_id", cat),
            ("community_id", comm), ("request_type", rtype), *kw.items()]


def _added(rows: list) -> dict[str, Any]:
    return {"added": rows, "changed": {}, "gone": []}


GOLDEN: dict[str, Any] = {
    "audit_log": _added([
        _audit("T1", _A, "log_call", "", _log_new(1, "13800138000", _CUT, "嘉宏三村")),
        _audit("T1", _A, "dispatch", [("status", "logged"), ("unit_id", None)],
               [("status", "dispatched"), ("unit_id", _POWER), ("contact_id", f"{_POWER}/值班室"),
                ("detail", "请尽快到场")]),
        _audit("T2", _B, "log_call", "", _log_new(2, "021-51723387", None, None, "complaint")),
        _audit("T3", _C, "log_call", "", _log_new(3, "13900139000", _CUT, "嘉宏三村")),
        _audit("T3", _C, "dispatch", [("status", "logged"), ("unit_id", None)],
               [("status", "dispatched"), ("unit_id", _ESTATE), ("contact_id", None)]),
        _audit("T4", _D, "log_call", "", _log_new(4, "", None, None, confidential=True)),
        _audit("T4", _D, "answer", [("status", "logged")], [("status", "answered"), ("detail", "每天 7–9 点")]),
        _audit("T2", _E, "dispatch", [("status", "logged"), ("unit_id", None)],
               [("status", "dispatched"), ("unit_id", _ESTATE), ("contact_id", None), ("detail", "噪音")]),
    ]),
    "deadlines": _added([
        _deadline("T1", "check_back", _A, "2026-11-22 14:30:00"),
        _deadline("T1", "resolution", _A, "2026-11-23 14:00:00"),
        _deadline("T2", "resolution", _B, "2026-11-23 14:03:00", _E, "superseded"),
        _deadline("T3", "check_back", _C, "2026-11-22 14:34:00"),
        _deadline("T3", "resolution", _C, "2026-11-23 14:04:00"),
        _deadline("T2", "check_back", _E, "2026-11-22 14:37:00"),
        _deadline("T2", "resolution", _E, "2026-11-23 14:07:00"),
    ]),
    "ticket_counters": _added([{"day": "20261122", "last": 4}]),
    "ticket_events": _added([
        _event("T1", _A, "log", None, "logged"),
        _event("T1", _A, "dispatch", "logged", "dispatched", _POWER, "请尽快到场", _before()),
        _event("T2", _B, "log", None, "logged"),
        _event("T3", _C, "log", None, "logged"),
        _event("T3", _C, "dispatch", "logged", "dispatched", _ESTATE, "", _before()),
        _event("T4", _D, "log", None, "logged"),
        _event("T4", _D, "answer", "logged", "answered", None, "每天 7–9 点", _before()),
        _event("T2", _E, "dispatch", "logged", "dispatched", _ESTATE, "噪音", _before("D3", ["D3"])),
    ]),
    "tickets": _added([  # logged and dispatched/answered in one transaction: version 2, as before
        _ticket(1, _A, caller_name="王阿姨", caller_phone="13800138000", community_id="嘉宏三村", building="12号",
                room="301", address_key="12-301", grid_id="第一网格", category_id=_CUT,
                description="楼道停电，整栋楼没电", status="dispatched", unit_id=_POWER,
                contact_id=f"{_POWER}/值班室", dispatched_at=_A, version=2),
        _ticket(2, _B, caller_phone="021-51723387", request_type="complaint", description="噪音扰民",
                status="dispatched", unit_id=_ESTATE, dispatched_at=_E, version=2, updated_at=_E),
        _ticket(3, _C, caller_phone="13900139000", community_id="嘉宏三村", building="5号", address_key="5",
                grid_id="第一网格", category_id=_CUT, urgency="urgent", description="水管爆裂，水漫到楼道",
                status="dispatched", unit_id=_ESTATE, dispatched_at=_C, version=2),
        _ticket(4, _D, description="问垃圾分类时间", status="answered", result="每天 7–9 点", resolved_at=_D,
                confidential=True, version=2),
    ]),
}


def test_a_rule_or_holiday_changed_by_another_seat_times_the_next_call(desk, street, operator, admin, clock):
    """The deadline policy is kept between calls (services.deadlines.load_policy): a change another seat
    makes — its own Database on the same desk, as a second window or process is — reaches the very next
    call, whichever input changed (a rule's minutes, a rule turned to working time, a holiday)."""
    from datetime import date, timedelta

    from console.services import work_calendar
    from console.services.context import Desk
    from console.services.deadlines import set_rule
    from console.store.database import Database
    from console.store.models import Deadline

    other = Desk(Database(desk.db.target), clock)
    unit = street.units["城东供电所"]

    def due(kind: str) -> timedelta:
        t = T.log_call(desk, operator, T.NewCall(description="停电"), dispatch=T.Dispatch(unit))
        with desk.db.read() as s:
            at = s.scalar(select(Deadline.due_at).where(Deadline.ticket_id == t.id, Deadline.kind == kind))
        return at - clock.now()

    try:
        assert due("check_back") == timedelta(minutes=30)
        set_rule(other, admin, "check_back", 45)
        assert due("check_back") == timedelta(minutes=45)
        # Sunday 22:00 in Shanghai: 1 working day (480 min) from now ends Monday 17:00 … unless Monday is off
        set_rule(other, admin, "resolution", 60, working_time=True)
        clock.advance(minutes=1)
        first = due("resolution")
        work_calendar.set_day(other, admin, date(2026, 11, 23), "holiday", "测试假日")
        assert due("resolution") > first
    finally:
        other.db.dispose()
