"""The telephone's use cases: the caller card, and a missed call recorded once per call id."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.domain.calls import CallEvent, CallStage, CallTracker, EndCause
from console.domain.errors import UserError, ValidationError
from console.services import calls as C
from console.services.context import Actor, Desk
from console.services.missed_calls import log_missed_call, record_phone_missed_call
from console.services.registers import SpecialGroupInput, create_special_member
from console.services.tickets import NewCall, log_call
from console.store.models import AuditEntry, Deadline, MissedCall

PHONE = "13800138000"


def ended_call(desk, call_id="call-1", caller=PHONE, answered=False, cause=None):
    t = CallTracker()
    now = desk.now()
    t.feed(CallEvent(CallStage.RINGING, call_id, now - timedelta(seconds=30), caller, "desk"))
    if answered:
        t.feed(CallEvent(CallStage.ANSWERED, call_id, now - timedelta(seconds=20), caller, "desk"))
    return t.feed(CallEvent(CallStage.ENDED, call_id, now, caller, "desk", cause)).call


def counts(desk):
    with desk.db.read() as s:
        return (s.scalar(select(func.count()).select_from(MissedCall)),
                s.scalar(select(func.count()).select_from(Deadline).where(Deadline.missed_call_id.is_not(None))),
                s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "log_missed_call")))


def test_unanswered_call_becomes_a_missed_call_with_its_deadline(desk, operator):
    call = ended_call(desk)
    r = C.record_missed(desk, Actor.system(), call)
    assert r.reason == "recorded"
    with desk.db.read() as s:
        mc = s.get(MissedCall, r.missed_call_id)
        d = s.scalars(select(Deadline).where(Deadline.missed_call_id == mc.id)).one()
        assert (mc.phone, mc.call_id, mc.at) == (PHONE, "call-1", call.rang_at)
        assert d.start_at == call.rang_at and d.due_at > call.rang_at and d.done_at is None
        assert d.due_at == r.due_at


def test_replayed_event_and_second_seat_record_it_once(desk, db_path, clock):
    call = ended_call(desk)
    assert C.record_missed(desk, Actor.system(), call).reason == "recorded"
    assert C.record_missed(desk, Actor.system(), call).reason == "already"
    # a second seat: its own connection to the same desk file
    from console.store.database import Database

    other = Desk(Database(db_path), clock)
    try:
        assert C.record_missed(other, Actor.system(), call) == C.MissedResult(None, "already")
    finally:
        other.db.dispose()
    assert counts(desk) == (1, 1, 1)


def test_unique_index_stands_behind_the_look_up(desk):
    """Two writers that both looked and found nothing: the index makes the second insert a no-op."""
    first = record_phone_missed_call(desk, Actor.system(), "dup", PHONE, desk.now())[0]
    assert first is not None
    with pytest.raises(Exception):  # noqa: B017 - the store's IntegrityError, whatever its driver
        with desk.db.write() as s:
            s.add(MissedCall(phone=PHONE, at=desk.now(), note="", call_id="dup"))
    assert counts(desk)[0] == 1


def test_answered_call_is_not_missed(desk):
    with pytest.raises(UserError):
        C.record_missed(desk, Actor.system(), ended_call(desk, answered=True))
    assert ended_call(desk, cause=EndCause.ANSWERED_ELSEWHERE).missed is False
    assert counts(desk) == (0, 0, 0)


def test_withheld_number_is_not_recorded(desk):
    assert C.record_missed(desk, Actor.system(), ended_call(desk, caller="")) == C.MissedResult(None, "withheld")
    assert counts(desk) == (0, 0, 0)


def test_f3_missed_calls_have_no_call_id_and_may_repeat(desk, operator):
    log_missed_call(desk, operator, PHONE)
    log_missed_call(desk, operator, PHONE)
    with desk.db.read() as s:
        assert s.scalars(select(MissedCall.call_id)).all() == [None, None]


def test_missed_call_never_in_the_future(desk):
    mc, _ = record_phone_missed_call(desk, Actor.system(), "c-future", PHONE, desk.now() + timedelta(minutes=5))
    with desk.db.read() as s:
        assert s.get(MissedCall, mc).at == desk.now()


def test_bad_number_writes_nothing(desk):
    with pytest.raises(ValidationError):
        record_phone_missed_call(desk, Actor.system(), "c-bad", "13800l38000", desk.now())
    assert counts(desk) == (0, 0, 0)


def test_caller_card_of_a_known_caller(desk, operator, street):
    jh = street.communities["嘉宏三村"]
    log_call(desk, operator, NewCall("楼道灯不亮", PHONE, "王阿姨", community_id=jh, building="12",
                                     room="301", received_at=desk.now() - timedelta(days=2)))
    log_call(desk, operator, NewCall("又漏水了", PHONE, "王阿姨", community_id=jh, building="12", room="301",
                                     category_id=street.categories["水电气/漏水"]))
    create_special_member(desk, operator, SpecialGroupInput("王阿姨", "独居老人", phone=PHONE, needs="行动不便"))
    card = C.caller_card(desk, PHONE)
    assert (card.name, card.community, card.building, card.room) == ("王阿姨", "嘉宏三村", "12号", "301")
    assert card.known and card.repeat and card.recent_count == 2 and card.tickets == 2
    assert [p.group for p in card.special] == ["独居老人"]
    assert len(card.open_tickets) == 2 and card.open_tickets[0].category == "水电气/漏水"
    assert card.prefill()["community_id"] == jh and card.from_ticket


def test_caller_card_skips_confidential_tickets_for_name_and_address(desk, operator, street):
    log_call(desk, operator, NewCall("保密的事", PHONE, "匿名者", community_id=street.communities["白马小区"],
                                     confidential=True))
    card = C.caller_card(desk, PHONE)
    assert (card.name, card.community, card.from_ticket) == ("", "", "")
    assert card.tickets == 1


def test_caller_card_of_an_unknown_or_withheld_number(desk):
    card = C.caller_card(desk, "13900000000")
    assert not card.known and not card.repeat and card.open_tickets == []
    assert C.caller_card(desk, "") == C.CallerCard("")
