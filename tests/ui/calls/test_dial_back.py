"""The window calls back through the seat's SIP link (offscreen, real baresip and a SIPp callee): Ctrl+D in
the missed-calls window dials, the busy line is recorded on the deadline; without a link it says so."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "telephony"))

from sip_rig import NO_BARESIP, NO_SIPP, have_baresip, have_sipp, sipp_callee, start_baresip  # noqa: E402

from console.domain.calls import DialOutcome  # noqa: E402
from console.services.missed_calls import log_missed_call  # noqa: E402

NUMBER = "13800138000"


@pytest.fixture
def baresip(tmp_path):
    if not (have_baresip() and have_sipp()):
        pytest.skip(NO_BARESIP if not have_baresip() else NO_SIPP)
    b = start_baresip(tmp_path / "baresip")
    yield b
    b.stop()


def test_ctrl_d_dials_and_records_busy(make_window, ui_settings, named_desk, operator, baresip, qtbot, tmp_path):
    mc = log_missed_call(named_desk, operator, NUMBER)
    proc, port = sipp_callee("callee_busy.xml", folder=tmp_path / "sipp")
    for k, v in (("link", "baresip"), ("address", f"127.0.0.1:{baresip.ctrl_port}"),
                 ("dial", f"sip:{{number}}@127.0.0.1:{port}")):
        ui_settings.setValue(f"phone/{k}", v)
    w = make_window()
    try:
        qtbot.waitUntil(w.phone.can_dial, timeout=30_000)
        missed = w.windows.open_missed_calls()
        qtbot.waitUntil(lambda: missed.model.rowCount() == 1, timeout=30_000)
        missed.table.selectRow(0)
        with qtbot.waitSignal(w.phone.dialled, timeout=60_000) as sig:
            missed.act_dial.trigger()
        assert sig.args[0].outcome is DialOutcome.BUSY
        assert "占线" in w.status.currentMessage()
        proc.wait(60)
        assert proc.returncode == 0
        from sqlalchemy import select

        from console.store.models import Deadline
        with named_desk.db.read() as s:
            assert s.scalar(select(Deadline.snooze_reason).where(Deadline.missed_call_id == mc)) == "回拨占线（第 1 次）"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        w.close()


def test_without_a_link_ctrl_d_says_record_by_hand(make_window, named_desk, operator, qtbot):
    log_missed_call(named_desk, operator, NUMBER)
    w = make_window()
    missed = w.windows.open_missed_calls()
    qtbot.waitUntil(lambda: missed.model.rowCount() == 1, timeout=30_000)
    missed.table.selectRow(0)
    missed.act_dial.trigger()
    assert "Ctrl+K" in missed.message.text()
    w.close()
