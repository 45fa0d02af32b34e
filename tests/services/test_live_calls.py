"""Several seats, one telephone (services.live_calls): two real sessions on one desk (SQLite file, and
PostgreSQL when a server is given) share a ring, race to take it — exactly one wins, both read who."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.domain.calls import Call, CallStage, EndCause
from console.services import live_calls as L
from console.services.context import Desk
from console.store.database import Database
from console.store.models import AuditEntry, LiveCall

PHONE = "13800138000"


@pytest.fixture
def other_seat(desk, clock):
    """A second seat: its own Database (engine, connections) on the same desk."""
    d = Desk(Database(desk.db.target), clock)
    yield d
    d.db.dispose()


def ring(desk, call_id="c1", caller=PHONE, line="sip:8001@pbx"):
    call = Call(call_id, caller, line, desk.now(), source="baresip")
    L.publish(desk, CallStage.RINGING, call)
    return call


def test_a_ring_published_by_one_seat_is_read_by_the_other(desk, other_seat):
    start = L.last_id(other_seat)
    ring(desk)
    ring(desk)  # a second report of the same ring (another seat's link, a replay): one row
    rows = L.rows_since(other_seat, start)
    assert [(r.call_id, r.caller, r.taken_by, r.ended_at) for r in rows] == [("c1", PHONE, None, None)]
    assert L.rows_since(other_seat, rows[-1].id) == []
    assert L.rows_since(other_seat, rows[-1].id, (rows[-1].id,))[0].call_id == "c1"


def test_two_seats_race_to_claim_and_exactly_one_wins(desk, other_seat, operator, supervisor):
    call = ring(desk)
    barrier = threading.Barrier(2)
    results: dict[str, L.ClaimResult] = {}

    def take(d, who, actor):
        barrier.wait()
        results[who] = L.claim(d, call.call_id, PHONE, who, d.now(), actor)

    threads = [threading.Thread(target=take, args=(desk, "张三（8001）", operator)),
               threading.Thread(target=take, args=(other_seat, "李四（8002）", supervisor))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(r.won for r in results.values()) == [False, True]
    winner = next(who for who, r in results.items() if r.won)
    assert {r.taken_by for r in results.values()} == {winner}
    assert L.rows_since(other_seat, 0)[-1].taken_by == winner
    assert L.claim(desk, call.call_id, PHONE, winner, desk.now()).won  # the holder's softphone says so too
    with desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "take_call")) == 1


def test_many_claims_at_once_one_winner(desk, other_seat):
    call = ring(desk)
    barrier = threading.Barrier(6)
    won: list[str] = []

    def take(d, who):
        barrier.wait()
        if L.claim(d, call.call_id, PHONE, who, d.now()).won:
            won.append(who)

    threads = [threading.Thread(target=take, args=((desk, other_seat)[i % 2], f"seat{i}")) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(won) == 1


def test_another_leg_of_the_same_call_is_the_same_row(desk, other_seat, clock):
    """A ring group that calls each extension with a call id of its own: one ring for the desk."""
    ring(desk, "leg-a", line="sip:8001@pbx")
    clock.advance(seconds=1)
    b = ring(other_seat, "leg-b", line="sip:8002@pbx")
    with desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(LiveCall)) == 1
    assert L.claim(other_seat, "leg-b", PHONE, "李四", clock.now()).won
    assert L.taken_by(desk, b) == "李四"


def test_an_answer_and_an_end_are_set_on_the_row(desk, clock):
    call = ring(desk)
    clock.advance(seconds=5)
    from dataclasses import replace

    answered = replace(call, answered_at=clock.now())
    L.publish(desk, CallStage.ANSWERED, answered)
    clock.advance(seconds=30)
    L.publish(desk, CallStage.ENDED, replace(answered, ended_at=clock.now(), cause=EndCause.HUNG_UP))
    row = L.rows_since(desk, 0)[-1]
    assert row.answered_at is not None and row.ended_at == clock.now() and row.cause == "hung_up"


def test_a_redial_after_the_caller_gave_up_rings_again(desk, clock):
    from dataclasses import replace

    first = ring(desk, "r1")
    L.publish(desk, CallStage.ENDED, replace(first, ended_at=clock.now(), cause=EndCause.CALLER_GAVE_UP))
    clock.advance(seconds=20)
    ring(desk, "r2")
    assert [r.call_id for r in L.rows_since(desk, 0)] == ["r1", "r2"]


def test_old_rows_are_pruned_by_the_next_ring_and_ids_never_go_back(desk, clock):
    ring(desk, "older", caller="13900139000")
    ring(desk, "old")
    seen = L.last_id(desk)  # a seat that saw both
    clock.advance(days=2)
    ring(desk, "new")
    rows = L.rows_since(desk, 0)
    assert [r.call_id for r in rows] == ["old", "new"]  # the newest old one stays: ids only grow
    assert [r.call_id for r in L.rows_since(desk, seen)] == ["new"]


def test_outgoing_calls_are_not_shared(desk):
    L.publish(desk, CallStage.RINGING, Call("out1", PHONE, "", desk.now(), outgoing=True))
    assert L.rows_since(desk, 0) == []


def test_nobody_took_an_unknown_call(desk):
    assert L.taken_by(desk, Call("nope", PHONE, "", desk.now() - timedelta(hours=1))) == ""


# --- a missed call the other seat's leg left a moment before the claim -----------------------------------

def _missed_calls(desk):
    from console.store.models import Deadline, MissedCall

    with desk.db.read() as s:
        return ([(m.call_id, m.phone) for m in s.scalars(select(MissedCall).order_by(MissedCall.id))],
                s.scalar(select(func.count()).select_from(Deadline).where(Deadline.missed_call_id.is_not(None))))


def _leg_ends_unanswered(d, call, clock):
    """What a seat's link does when its leg of the call stops ringing: publish the end, record the miss."""
    from dataclasses import replace

    from console.services.calls import record_missed
    from console.services.context import Actor

    ended = replace(call, ended_at=clock.now(), cause=EndCause.CALLER_GAVE_UP)
    L.publish(d, CallStage.ENDED, ended)
    return record_missed(d, Actor.system(), ended)


def test_a_claim_takes_back_the_missed_call_another_leg_left_a_moment_before(desk, other_seat, clock, operator):
    """Seat B's leg ended and was recorded as missed just before seat A's claim was written: the call was
    answered — the claim takes the missed call and its call-back deadline back, and the audit keeps it."""
    ring(desk, "leg-a", line="sip:8001@pbx")
    b = ring(other_seat, "leg-b", line="sip:8002@pbx")
    clock.advance(seconds=8)
    assert _leg_ends_unanswered(other_seat, b, clock).reason == "recorded"
    assert len(_missed_calls(desk)[0]) == 1
    assert L.claim(desk, "leg-a", PHONE, "张三（8001）", clock.now(), operator).won
    assert _missed_calls(desk) == ([], 0)
    with desk.db.read() as s:
        old, new = s.execute(select(AuditEntry.old, AuditEntry.new).where(
            AuditEntry.action == "withdraw_missed_call")).one()
    assert '"leg-b"' in old and "张三（8001）" in new


def test_a_leg_that_ends_after_the_claim_is_not_recorded_as_missed(desk, other_seat, clock):
    """The record asks who holds the call in its own write: a claim committed after the link asked (and
    before the record) still wins — no missed call."""
    ring(desk, "leg-a")
    b = ring(other_seat, "leg-b", line="sip:8002@pbx")
    clock.advance(seconds=3)
    assert L.claim(desk, "leg-a", PHONE, "张三", clock.now()).won
    assert _leg_ends_unanswered(other_seat, b, clock).reason == "already"
    assert _missed_calls(desk) == ([], 0)


def test_an_earlier_call_from_the_same_number_stays_missed(desk, clock):
    """The resident rang, gave up, and rang again; the second call was answered: the first is its own call
    (a row of its own) and is still owed a call-back."""
    first = ring(desk, "r1")
    clock.advance(seconds=5)
    assert _leg_ends_unanswered(desk, first, clock).reason == "recorded"
    clock.advance(seconds=20)
    ring(desk, "r2")
    assert L.claim(desk, "r2", PHONE, "张三", clock.now()).won
    assert _missed_calls(desk)[0] == [("r1", PHONE)]


def test_a_missed_call_someone_acted_on_is_not_taken_back(desk, other_seat, clock, operator):
    from console.domain.calls import DialOutcome
    from console.services.missed_calls import record_call_back_outcome

    ring(desk, "leg-a")
    b = ring(other_seat, "leg-b", line="sip:8002@pbx")
    clock.advance(seconds=8)
    mc_id = _leg_ends_unanswered(other_seat, b, clock).missed_call_id
    record_call_back_outcome(other_seat, operator, mc_id, DialOutcome.BUSY)
    assert L.claim(desk, "leg-a", PHONE, "张三", clock.now()).won
    assert [c for c, _ in _missed_calls(desk)[0]] == ["leg-b"]


def test_a_seat_shows_only_a_ring_that_is_still_news(desk, clock):
    """A seat that reads the rows late (it was busy) shows no card for a call taken, ended or long past."""
    ring(desk, "fresh")
    row = L.rows_since(desk, 0)[-1]
    assert L.worth_showing(row, clock.now())
    assert L.worth_showing(row, clock.now() + L.RING_FRESH)
    assert not L.worth_showing(row, clock.now() + L.RING_FRESH + timedelta(seconds=1))
    assert L.claim(desk, "fresh", PHONE, "张三", clock.now()).won
    assert not L.worth_showing(L.rows_since(desk, 0)[-1], clock.now())
