"""Two seats on one desk file (offscreen): a ring the desk's link shares shows the card on both; one seat
takes it (Enter), New Call opens there; the other seat's card says who took it and closes; the call
that ends is no missed call."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from console.domain.calls import CallEvent, CallStage, EndCause
from console.services.context import Desk
from console.store.database import Database
from console.store.models import MissedCall
from console.telephony.link import CallLink

PHONE = "13800138000"


@pytest.fixture
def two_seats(make_window, named_desk, supervisor, clock, qtbot, tmp_path):
    from console.ui.tickets.main_window import MainWindow

    first = make_window()
    other_desk = Desk(Database(named_desk.db.target), clock)
    second = MainWindow(other_desk, supervisor, settings=QSettings(str(tmp_path / "seat2.ini"),
                                                                  QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    server = Desk(Database(named_desk.db.target), clock)  # `calls listen` on the desk's server
    link = CallLink(server)
    link.start()
    yield first, second, link
    link.stop()
    for w in (first, second):
        w.close()
    second.runner.shutdown()
    other_desk.db.dispose()
    server.db.dispose()


def event(stage, clock, cause=None):
    return CallEvent(stage, "ring-1", clock.now(), caller=PHONE, line="sip:desk@pbx", cause=cause, source="cti")


def test_ring_on_both_seats_one_takes_the_other_sees_who(two_seats, qtbot, clock, named_desk):
    first, second, link = two_seats
    for w in (first, second):
        w.phone.card.close_ms = 0  # closes as soon as it said who took it
    link.submit(event(CallStage.RINGING, clock))
    assert link.wait_idle(30)
    for w in (first, second):
        qtbot.waitUntil(lambda w=w: w.phone.card.isVisible() and w.phone.card.phone.text() == PHONE, timeout=30_000)
    clock.advance(seconds=10)
    QTest.keyClick(first.phone.card, Qt.Key.Key_Return)  # the first seat takes the call
    dlg = first.new_call_dialog
    assert dlg is not None and dlg.phone.text() == PHONE
    card = second.phone.card
    qtbot.waitUntil(lambda: card.taken_by == "张值班", timeout=30_000)
    assert "已由 张值班 接听" in card.state.text()
    qtbot.waitUntil(lambda: not card.isVisible(), timeout=30_000)
    assert second.new_call_dialog is None
    clock.advance(minutes=2)
    link.submit(event(CallStage.ENDED, clock, EndCause.HUNG_UP))  # the server never heard the answer
    assert link.wait_idle(30)
    with named_desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(MissedCall)) == 0
    dlg.reject_without_asking = True
    dlg.done(0)


def test_the_seat_that_loses_the_race_sees_who_won(two_seats, qtbot, clock):
    first, second, link = two_seats
    link.submit(event(CallStage.RINGING, clock))
    assert link.wait_idle(30)
    for w in (first, second):
        qtbot.waitUntil(lambda w=w: w.phone.card.isVisible(), timeout=30_000)
    QTest.keyClick(second.phone.card, Qt.Key.Key_Return)
    assert second.new_call_dialog is not None
    second.new_call_dialog.reject_without_asking = True
    second.new_call_dialog.done(0)
    # the first seat presses Enter before its poll heard of it: the claim says who was first
    first.phone.rings.timer.stop()
    QTest.keyClick(first.phone.card, Qt.Key.Key_Return)
    assert first.new_call_dialog is None
    card = first.phone.card
    assert card.taken_by == "李站长" and "李站长" in card.state.text()


def test_an_old_shared_ring_is_not_shown(two_seats, qtbot, clock):
    first, second, link = two_seats
    link.submit(CallEvent(CallStage.RINGING, "old", clock.now() - timedelta(minutes=10), caller=PHONE))
    assert link.wait_idle(30)
    first.phone.rings.poll(force=True)
    assert first.phone.rings.last_id > 0 and not first.phone.card.isVisible()
