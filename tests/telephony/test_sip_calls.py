"""End to end with real components: SIPp calls baresip (the seat's extension) on loopback, the link reads
baresip's ctrl_tcp, the desk records what was missed."""
from __future__ import annotations

from sip_rig import sipp
from sqlalchemy import select

from console.domain.calls import CallStage, EndCause
from console.services.calls import caller_card
from console.store.models import Deadline, MissedCall
from console.telephony.link import CallNotice, MissedNotice

CALLER = "13800138000"


def missed_rows(desk):
    with desk.db.read() as s:
        return [(m.phone, m.call_id, d.due_at > m.at) for m, d in s.execute(
            select(MissedCall, Deadline).join(Deadline, Deadline.missed_call_id == MissedCall.id)
            .order_by(MissedCall.id))]


def test_caller_gives_up_becomes_a_missed_call_with_its_deadline(desk, baresip, link, notices, tmp_path):
    p = sipp(baresip, "caller_gives_up.xml", CALLER, folder=tmp_path / "sipp")
    ring = notices.next(CallNotice, where=lambda n: n.update.stage is CallStage.RINGING)
    assert ring.update.call.caller == CALLER
    missed = notices.next(MissedNotice)
    assert missed.result.reason == "recorded" and missed.call.cause is EndCause.CALLER_GAVE_UP
    assert missed.call.call_id == ring.update.call.call_id
    assert missed_rows(desk) == [(CALLER, ring.update.call.call_id, True)]
    assert p.returncode == 0, baresip.log_tail()


def test_answered_call_is_not_missed(desk, baresip, link, notices, tmp_path):
    lk, bl = link
    # the operator answers at the softphone: baresip's own accept command, sent when it rings
    lk.add_listener(lambda n: isinstance(n, CallNotice) and n.update.stage is CallStage.RINGING
                    and bl.command("accept"))
    p = sipp(baresip, "answered.xml", CALLER, folder=tmp_path / "sipp")
    assert notices.next(CallNotice, where=lambda n: n.update.stage is CallStage.ANSWERED).update.call.caller == CALLER
    end = notices.next(CallNotice, where=lambda n: n.update.stage is CallStage.ENDED).update.call
    assert end.cause is EndCause.HUNG_UP and not end.missed
    assert lk.wait_idle(30)
    assert missed_rows(desk) == []
    assert p.returncode == 0, baresip.log_tail()
    assert caller_card(desk, end.caller).phone == CALLER  # the card the window shows on that ring


def test_a_burst_of_calls_each_missed_once(desk, baresip, link, notices, tmp_path):
    lk, _ = link
    n = 20
    p = sipp(baresip, "caller_gives_up.xml", CALLER, calls=n, rate=50, folder=tmp_path / "sipp")
    ids = {notices.next(MissedNotice).call.call_id for _ in range(n)}
    assert len(ids) == n
    assert lk.wait_idle(30)
    assert len(missed_rows(desk)) == n
    assert p.returncode == 0, baresip.log_tail()
