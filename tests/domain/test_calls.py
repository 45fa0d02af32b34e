"""The call-event model: numbers from links, causes, and the per-call state machine (tables)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.calls import (
    CallEvent,
    CallStage,
    CallTracker,
    EndCause,
    caller_number,
    clean_call_id,
    parse_cause,
)
from console.domain.errors import ValidationError

T0 = datetime(2026, 11, 22, 22, 0, tzinfo=UTC)
R, A, E = CallStage.RINGING, CallStage.ANSWERED, CallStage.ENDED


@pytest.mark.parametrize(("raw", "number"), [
    ("sip:13800138000@127.0.0.1:15070", "13800138000"),
    ("<sip:+8613800138000@10.0.0.1;user=phone>", "13800138000"),
    ("sips:02159123456@pbx.example", "021-59123456"),
    ("tel:021-5912-3456", "021-59123456"),
    ("13800138000", "13800138000"),
    ("１３８００１３８０００", "13800138000"),
    ("sip:anonymous@anonymous.invalid", ""),
    ("", ""),
    (None, ""),
    ("Unknown", ""),
])
def test_caller_number(raw, number):
    assert caller_number(raw) == number


@pytest.mark.parametrize("raw", ["sip:abc123@host", "1380013800O", "tel:+1-202-555-0100", "sip:desk@127.0.0.1"])
def test_caller_number_with_letters_or_foreign_is_refused(raw):
    with pytest.raises(ValidationError):
        caller_number(raw)


@pytest.mark.parametrize(("text", "cause"), [
    ("NO_ANSWER", EndCause.NO_ANSWER),
    ("USER_BUSY", EndCause.BUSY),
    ("486 Busy Here", EndCause.BUSY),
    ("ORIGINATOR_CANCEL", EndCause.CALLER_GAVE_UP),
    ("caller_gave_up", EndCause.CALLER_GAVE_UP),
    ("LOSE_RACE", EndCause.ANSWERED_ELSEWHERE),
    ('SIP;cause=200;text="Call completed elsewhere"', EndCause.ANSWERED_ELSEWHERE),
    ("answered_elsewhere", EndCause.ANSWERED_ELSEWHERE),
    ("NORMAL_CLEARING", EndCause.HUNG_UP),
    ("408 Request Timeout", EndCause.NO_ANSWER),
    ("Connection reset by peer", None),
    ("", None),
    (None, None),
])
def test_parse_cause(text, cause):
    assert parse_cause(text) is cause


def test_clean_call_id():
    assert clean_call_id(" 1-234@127.0.0.1\x00 ") == "1-234@127.0.0.1"
    assert len(clean_call_id("x" * 1000)) == 128
    with pytest.raises(ValidationError):
        clean_call_id("  ")


def ev(stage, call_id="c1", s=0, caller="13800138000", cause=None, outgoing=False):
    return CallEvent(stage, call_id, T0 + timedelta(seconds=s), caller, "desk", cause, outgoing, "test")


# (events as (stage, seconds, cause), the updates' stages, missed?, the end's cause)
CASES = {
    "caller gives up while ringing": ([(R, 0, None), (E, 20, None)], [R, E], True, EndCause.CALLER_GAVE_UP),
    "answered, then hung up": ([(R, 0, None), (A, 5, None), (E, 90, None)], [R, A, E], False, EndCause.HUNG_UP),
    "no answer": ([(R, 0, None), (E, 60, EndCause.NO_ANSWER)], [R, E], True, EndCause.NO_ANSWER),
    "busy": ([(R, 0, None), (E, 0, EndCause.BUSY)], [R, E], True, EndCause.BUSY),
    "answered on another seat": ([(R, 0, None), (E, 8, EndCause.ANSWERED_ELSEWHERE)], [R, E], False,
                                 EndCause.ANSWERED_ELSEWHERE),
    "normal clearing without an answer": ([(R, 0, None), (E, 9, EndCause.HUNG_UP)], [R, E], True,
                                          EndCause.CALLER_GAVE_UP),
    "duplicate ring": ([(R, 0, None), (R, 1, None), (E, 9, None)], [R, E], True, EndCause.CALLER_GAVE_UP),
    "duplicate answer": ([(R, 0, None), (A, 2, None), (A, 3, None), (E, 9, None)], [R, A, E], False,
                         EndCause.HUNG_UP),
    "duplicate end": ([(R, 0, None), (E, 9, None), (E, 10, None)], [R, E], True, EndCause.CALLER_GAVE_UP),
    "end before ring (late ring ignored)": ([(E, 9, None), (R, 0, None)], [E], True, EndCause.CALLER_GAVE_UP),
    "answer before ring": ([(A, 2, None), (R, 0, None), (E, 9, None)], [A, E], False, EndCause.HUNG_UP),
    "end only, answered cause": ([(E, 9, EndCause.ANSWERED_ELSEWHERE)], [E], False, EndCause.ANSWERED_ELSEWHERE),
    "late answer after the end": ([(R, 0, None), (E, 9, None), (A, 10, None)], [R, E], True,
                                  EndCause.CALLER_GAVE_UP),
}


@pytest.mark.parametrize("name", list(CASES))
def test_tracker(name):
    events, stages, missed, cause = CASES[name]
    t = CallTracker()
    updates = [u for stage, s, c in events if (u := t.feed(ev(stage, s=s, cause=c))) is not None]
    assert [u.stage for u in updates] == stages
    end = updates[-1].call
    assert end.missed is missed
    assert end.cause is cause
    assert t.active == []


def test_outgoing_call_is_never_missed():
    t = CallTracker()
    t.feed(ev(R, outgoing=True))
    assert t.feed(ev(E, s=30, outgoing=True)).call.missed is False


def test_a_later_event_names_the_caller():
    t = CallTracker()
    t.feed(ev(R, caller=""))
    assert t.feed(ev(E, s=5)).call.caller == "13800138000"


def test_ring_time_is_the_first_ring_and_answer_time_kept():
    t = CallTracker()
    t.feed(ev(R, s=0))
    t.feed(ev(A, s=7))
    end = t.feed(ev(E, s=60)).call
    assert (end.rang_at, end.answered_at, end.ended_at) == (T0, T0 + timedelta(seconds=7), T0 + timedelta(seconds=60))


def test_event_storm_stays_bounded():
    t = CallTracker(max_active=100, max_done=500)
    for i in range(10_000):
        t.feed(ev(R, call_id=f"storm-{i}", s=i / 1000))
    assert len(t.active) == 100
    assert t.dropped == 9_900
    assert len(t._done) == 500
    # the newest calls are the ones kept, and still end normally
    assert t.feed(ev(E, call_id="storm-9999", s=11)).call.missed is True
    # an end for a call pushed out long ago starts a fresh one (its id was forgotten): bounded, not exact
    assert t.feed(ev(E, call_id="storm-0", s=12)) is not None
