"""Each ticket service: its effect, its deadlines and its audit rows."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.domain.errors import ConflictError, LifecycleError, PermissionDenied, ValidationError
from console.services import tickets as T
from console.store.models import AuditEntry, Deadline, Ticket, TicketEvent


def _call(street, **kw):
    base = dict(description="楼道停电，整栋楼没电", caller_phone="１３８-0013-8000", caller_name="王阿姨",
                community_id=street.communities["嘉宏三村"], category_id=street.categories["水电气/停电"],
                building="12号", room="301")
    base.update(kw)
    return T.NewCall(**base)


def _deadlines(desk, ticket_id):
    with desk.db.read() as s:
        return s.execute(select(Deadline.kind, Deadline.due_at, Deadline.done_at, Deadline.outcome)
                         .where(Deadline.ticket_id == ticket_id).order_by(Deadline.id)).all()


def _count(desk, model, *where):
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_log_call_normalises_phone_numbers_by_local_day_and_audits(desk, street, operator, clock):
    a = T.log_call(desk, operator, _call(street))
    b = T.log_call(desk, operator, _call(street))
    assert a.number == "20261122-0001" and b.number == "20261122-0002"
    with desk.db.read() as s:
        t = s.get(Ticket, a.id)
        assert t.caller_phone == "13800138000"
        assert t.status == "logged" and t.grid_id is not None and t.operator_id == operator.id
        row = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == a.id)).one()
        assert row.action == "log_call" and row.user_id == operator.id
        assert json.loads(row.new)["number"] == a.number
    # 00:30 local is a new day: the counter restarts
    clock.advance(hours=2, minutes=30)
    c = T.log_call(desk, operator, _call(street))
    assert c.number == "20261123-0001"


def test_dispatch_at_2200_sets_check_back_2230_and_resolution_next_day(desk, street, operator, clock):
    t = T.log_call(desk, operator, _call(street), dispatch=T.Dispatch(street.units["城东供电所"]))
    now = clock.now()
    rows = _deadlines(desk, t.id)
    assert [(k, due - now) for k, due, _, _ in rows] == [
        ("check_back", timedelta(minutes=30)), ("resolution", timedelta(days=1))]
    with desk.db.read() as s:
        tk = s.get(Ticket, t.id)
        assert tk.status == "dispatched" and tk.unit_id == street.units["城东供电所"]
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == t.id)
                            .order_by(AuditEntry.id)).all()
        assert actions == ["log_call", "dispatch"]


def test_whole_life_check_back_escalate_resolve_satisfaction(desk, street, operator, clock):
    t = T.log_call(desk, operator, _call(street), dispatch=T.Dispatch(street.units["嘉宏三村物业"]))
    start = clock.now()
    clock.advance(minutes=31)
    T.record_check_back(desk, operator, t.id, came=False, note="还没人来")
    rows = _deadlines(desk, t.id)
    assert rows[0].outcome == "done" and rows[-1].kind == "check_back" and rows[-1].done_at is None
    T.record_check_back(desk, operator, t.id, came=True)
    T.escalate(desk, operator, t.id, reason="需要街道协调")
    res = [r for r in _deadlines(desk, t.id) if r.kind == "resolution"]
    assert len(res) == 1 and res[0].due_at - start == timedelta(days=3)
    clock.advance(hours=5)
    T.resolve(desk, operator, t.id, result="已修复")
    T.record_satisfaction(desk, operator, t.id, "满意", attitude=5, ability=4)
    with desk.db.read() as s:
        tk = s.get(Ticket, t.id)
        assert (tk.status, tk.satisfaction, tk.attitude, tk.ability) == ("closed", "satisfied", 5, 4)
        assert tk.resolved_at is not None and tk.callback_at is not None
        steps = s.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == t.id)
                          .order_by(TicketEvent.id)).all()
    assert steps == ["log", "dispatch", "check_back_not_yet", "check_back_came", "escalate", "resolve", "satisfied"]
    assert all(r.done_at is not None for r in _deadlines(desk, t.id))


def test_unsatisfied_opens_a_review_and_rectifying_may_reopen_and_redispatch(desk, street, operator, supervisor,
                                                                             clock):
    """不满意 closes the call and opens 回访复核; upheld, 整改（重新办理） reopens and re-dispatches with new deadlines."""
    from console.services import satisfaction as S

    t = T.log_call(desk, operator, _call(street), dispatch=T.Dispatch(street.units["嘉宏三村物业"]))
    T.resolve(desk, operator, t.id, result="已处理")
    clock.advance(hours=2)
    T.record_satisfaction(desk, operator, t.id, "不满意", attitude=2, ability=1, comment="没修好")
    with desk.db.read() as s:
        tk = s.get(Ticket, t.id)
        assert (tk.status, tk.review_stage, tk.satisfaction, tk.satisfaction_scale) == ("closed", "review",
                                                                                        "unsatisfied", 3)
    assert [(r.kind, r.due_at) for r in _deadlines(desk, t.id) if r.done_at is None] == [
        ("review", clock.now() + timedelta(days=1))]
    S.decide_review(desk, supervisor, t.id, True, "确未修好")
    S.rectify(desk, operator, t.id, "物业承认未修好，重新上门", reopen=True,
              redispatch=T.Dispatch(street.units["城东供电所"]))
    with desk.db.read() as s:
        tk = s.get(Ticket, t.id)
        assert tk.status == "dispatched" and tk.reopen_count == 1 and tk.unit_id == street.units["城东供电所"]
        assert tk.review_stage == "revisit"
    open_rows = [r for r in _deadlines(desk, t.id) if r.done_at is None]
    assert sorted(r.kind for r in open_rows) == ["check_back", "resolution"]
    assert min(r.due_at for r in open_rows) == clock.now() + timedelta(minutes=30)


def test_answer_on_the_spot_closes_an_enquiry(desk, street, operator):
    t = T.log_call(desk, operator, _call(street, request_type="咨询"), answer="请拨打 95598")
    with desk.db.read() as s:
        assert s.get(Ticket, t.id).status == "answered"
    assert _deadlines(desk, t.id) == []


def test_forbidden_step_says_why_and_changes_nothing(desk, street, operator):
    t = T.log_call(desk, operator, _call(street))
    before = _count(desk, AuditEntry)
    with pytest.raises(LifecycleError) as e:
        T.resolve(desk, operator, t.id, result="x")
    assert "已受理" in e.value.zh and "办结" in e.value.zh
    assert _count(desk, AuditEntry) == before


def test_void_is_supervisor_only_and_never_deletes(desk, street, operator, supervisor):
    t = T.log_call(desk, operator, _call(street), dispatch=T.Dispatch(street.units["城东供电所"]))
    with pytest.raises(PermissionDenied):
        T.void(desk, operator, t.id, reason="重复")
    T.void(desk, supervisor, t.id, reason="重复来电")
    with desk.db.read() as s:
        tk = s.get(Ticket, t.id)
        assert tk.status == "void" and tk.void_reason == "重复来电"
    assert all(r.outcome == "cancelled" for r in _deadlines(desk, t.id))


def test_stale_version_is_refused_with_who_changed_it(desk, street, operator, supervisor):
    t = T.log_call(desk, operator, _call(street))
    with desk.db.read() as s:
        v = s.get(Ticket, t.id).version
    T.dispatch(desk, supervisor, t.id, T.Dispatch(street.units["城东供电所"]), expected_version=v)
    with pytest.raises(ConflictError) as e:
        T.dispatch(desk, operator, t.id, T.Dispatch(street.units["嘉宏三村物业"]), expected_version=v)
    assert "李站长" in e.value.zh


@pytest.mark.parametrize("kw, word", [
    (dict(description="   "), "来电内容"),
    (dict(caller_phone="abc"), "电话"),
    (dict(urgency="很急"), "紧急程度"),
    (dict(caller_name="名" * 65), "姓名"),
])
def test_bad_input_is_refused_and_saves_nothing(desk, street, operator, kw, word):
    with pytest.raises(ValidationError) as e:
        T.log_call(desk, operator, _call(street, **kw))
    assert word in e.value.zh
    assert _count(desk, Ticket) == 0


def test_audit_trail_is_append_only(desk, street, operator):
    T.log_call(desk, operator, _call(street))
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError
    with pytest.raises(DatabaseError):
        with desk.db.write() as s:
            s.execute(text("UPDATE audit_log SET action='x'"))
    with pytest.raises(DatabaseError):
        with desk.db.write() as s:
            s.execute(text("DELETE FROM audit_log"))


def test_the_address_is_stored_in_one_form_and_found_however_it_is_typed(desk, street, operator):
    from console.services.tickets import NewCall, log_call
    from console.store.queries import search_ticket_ids

    jh = street.communities["嘉宏三村"]
    a = log_call(desk, operator, NewCall(description="漏水", community_id=jh, building="１２", room="301室",
                                         address="嘉宏三村12号301室 北门"))
    b = log_call(desk, operator, NewCall(description="停电", community_id=jh, address="12 / 301"))
    c = log_call(desk, operator, NewCall(description="噪音", community_id=jh, address="菜场旁"))
    with desk.db.read() as s:
        rows = {t.id: (t.building, t.room, t.address, t.address_key) for t in s.scalars(select(Ticket))}
        assert rows[a.id] == ("12号", "301", "北门", "12-301")
        assert rows[b.id] == ("12号", "301", "", "12-301")
        assert rows[c.id] == ("", "", "菜场旁", "菜场旁")
        assert search_ticket_ids(s, "12号301") == [b.id, a.id]
        assert search_ticket_ids(s, "12-301") == [b.id, a.id]
        assert search_ticket_ids(s, "嘉宏三村12栋301") == [b.id, a.id]
        assert search_ticket_ids(s, "白马小区12号301") == []
        assert search_ticket_ids(s, "12号") == [b.id, a.id]
        assert search_ticket_ids(s, "菜场旁") == [c.id]
