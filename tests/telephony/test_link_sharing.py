"""The link shares what it hears with the desk's seats (services.live_calls): an answer it hears takes the
call — for this seat when the line is this seat's, else for the line's extension; a call a seat took
ends unanswered here without becoming a missed call."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from console.domain.calls import CallEvent, CallStage
from console.services import live_calls
from console.store.models import MissedCall
from console.telephony.link import CallLink, line_label

PHONE = "13800138000"


@pytest.fixture
def seat_link(desk):
    lk = CallLink(desk, seat="张值班（8001）", extension="8001")
    lk.start()
    yield lk
    lk.stop()


def feed(lk, desk, call_id, line, *stages):
    for st in stages:
        lk.submit(CallEvent(st, call_id, desk.now(), caller=PHONE, line=line, source="cti"))
    assert lk.wait_idle(30)
    return live_calls.rows_since(desk, 0)[-1]


@pytest.mark.parametrize(("line", "taker"), [("sip:8001@pbx", "张值班（8001）"), ("sip:8002@pbx", "8002"),
                                             ("", "张值班（8001）")])
def test_an_answer_takes_the_call_for_the_line_it_was_on(desk, seat_link, line, taker):
    row = feed(seat_link, desk, "a1", line, CallStage.RINGING, CallStage.ANSWERED)
    assert row.taken_by == taker and row.answered_at is not None


def test_a_call_another_seat_took_is_not_missed_here(desk, seat_link):
    feed(seat_link, desk, "t1", "sip:8001@pbx", CallStage.RINGING)
    assert live_calls.claim(desk, "t1", PHONE, "李站长（8002）", desk.now()).won
    row = feed(seat_link, desk, "t1", "sip:8001@pbx", CallStage.ENDED)  # CANCEL here: answered elsewhere
    assert row.ended_at is not None and row.taken_by == "李站长（8002）"
    with desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(MissedCall)) == 0


def test_an_unanswered_call_nobody_took_is_missed_once(desk, seat_link):
    feed(seat_link, desk, "m1", "", CallStage.RINGING, CallStage.ENDED)
    with desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(MissedCall)) == 1


@pytest.mark.parametrize(("line", "label"), [("sip:8001@pbx.example", "8001"), ("<sips:desk@10.0.0.1;user=phone>", "desk"),
                                             ("tel:8003", "8003"), ("8004", "8004")])
def test_line_label(line, label):
    assert line_label(line) == label
