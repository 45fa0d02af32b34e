"""Call back from the console with real components: baresip dials, SIPp is the resident (answers 200,
answers 486, or lets it ring), and the outcome is recorded on the missed call's deadline."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sip_rig import sipp_callee
from sqlalchemy import select

from console.domain.calls import DialOutcome
from console.domain.errors import UserError
from console.services.missed_calls import log_missed_call
from console.store.models import AuditEntry, Deadline, MissedCall
from console.telephony.dialer import call_back, dial_uri

NUMBER = "13800138000"


def state(desk, mc_id):
    with desk.db.read() as s:
        mc = s.get(MissedCall, mc_id)
        d = s.scalar(select(Deadline).where(Deadline.missed_call_id == mc_id))
        last = s.scalar(select(AuditEntry.action).where(AuditEntry.entity == "missed_call",
                                                        AuditEntry.entity_id == mc_id).order_by(AuditEntry.id.desc()))
        return mc.called_back_at is not None, d.done_at is not None, d.snooze_reason, last


def run(desk, operator, link, scenario, tmp_path, ring_timeout=30.0):
    lk, bl = link
    mc = log_missed_call(desk, operator, NUMBER)
    proc, port = sipp_callee(scenario, folder=tmp_path / "sipp")
    try:
        result, _ = call_back(desk, operator, lk, bl, mc, NUMBER, template=f"sip:{{number}}@127.0.0.1:{port}",
                              ring_timeout=ring_timeout)
        if result.outcome is DialOutcome.REACHED:
            bl.command("hangup")  # the operator ends the talk
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode == 0, f"SIPp {scenario} failed"
    return result, mc


def test_reached_records_the_call_back(desk, operator, link, tmp_path):
    result, mc = run(desk, operator, link, "callee_answers.xml", tmp_path)
    assert result.outcome is DialOutcome.REACHED
    assert state(desk, mc) == (True, True, "", "call_back")


def test_busy_is_an_attempt_and_the_deadline_waits(desk, operator, link, tmp_path):
    result, mc = run(desk, operator, link, "callee_busy.xml", tmp_path)
    assert result.outcome is DialOutcome.BUSY
    assert state(desk, mc) == (False, False, "回拨占线（第 1 次）", "call_back_attempt")


def test_no_answer_within_the_ring_timeout_hangs_up(desk, operator, link, tmp_path):
    # the callee rings until the desk cancels: a short ring timeout counted from its ringing; the outcome
    # is awaited, never timed
    result, mc = run(desk, operator, link, "callee_rings.xml", tmp_path, ring_timeout=1.0)
    assert result.outcome is DialOutcome.NO_ANSWER
    assert state(desk, mc) == (False, False, "回拨无人接听（第 1 次）", "call_back_attempt")
    with desk.db.read() as s:
        d = s.scalar(select(Deadline).where(Deadline.missed_call_id == mc))
        assert d.snoozed_until == desk.now() + timedelta(minutes=15)


@pytest.mark.parametrize(("number", "template", "uri"), [
    ("13800138000", "{number}", "13800138000"),
    ("021-59123456", "sip:{number}@pbx.example", "sip:02159123456@pbx.example"),
    ("13800138000", "0{number}", "013800138000"),
])
def test_dial_uri(number, template, uri):
    assert dial_uri(number, template) == uri


@pytest.mark.parametrize(("number", "template"), [("1380013800a", "{number}"), ("13800138000", "sip:pbx")])
def test_dial_uri_refuses(number, template):
    with pytest.raises(UserError):
        dial_uri(number, template)
