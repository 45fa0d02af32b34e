"""A seat's ring watch on PostgreSQL: another seat's ring reaches it through LISTEN/NOTIFY (no query
until the listener heard a commit), and the race to take the call has one winner."""
from __future__ import annotations

import pytest

from console.domain.calls import Call, CallStage
from console.services import live_calls
from console.services.context import Desk
from console.store.database import Database

pytestmark = pytest.mark.pg


def test_a_ring_reaches_the_other_seat_through_listen(desk, clock, qtbot):
    from console.ui.calls.ring_watch import RingWatch

    other = Desk(Database(desk.db.target), clock)
    watch = RingWatch(desk)
    watch.start()
    try:
        assert watch._watcher is not None and watch._watcher.cheap  # the LISTEN counter, not a query
        qtbot.waitUntil(lambda: watch._watcher.online, timeout=30_000)
        watch.poll()
        asked = watch.queries
        watch.poll()
        assert watch.queries == asked  # nothing heard: no query
        seen = []
        watch.row_seen.connect(seen.append)
        live_calls.publish(other, CallStage.RINGING, Call("pg-1", "13800138000", "", clock.now()))
        qtbot.waitUntil(lambda: bool(seen), timeout=30_000)  # the timer polls; the notification lets it ask
        assert seen[0].call_id == "pg-1"
        assert live_calls.claim(other, "pg-1", "13800138000", "李站长", clock.now()).won
        assert not live_calls.claim(desk, "pg-1", "13800138000", "张值班", clock.now()).won
    finally:
        watch.stop()
        other.db.dispose()
