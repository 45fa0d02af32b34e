"""Live updates between seats: NOTIFY on commit reaches another connection, and the
listener survives losing the server."""
from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import text

from console.services import tickets as T
from console.store.change_watch import ChangeWatcher
from console.store.database import Database
from console.store.pg_notify import OFFLINE, ONLINE, PgListener, decode_payload, encode_payload


def _until(cond, timeout=60.0, step=0.02) -> float:
    """Seconds until cond() holds; `timeout` bounds a hang (a loaded machine may be slow), it is no target."""
    t0 = time.monotonic()
    while not cond():
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"not within {timeout}s")
        time.sleep(step)
    return time.monotonic() - t0


def _call(street):
    return T.NewCall(description="楼道停电", caller_phone="13800138000",
                     community_id=street.communities["嘉宏三村"])


def test_a_commit_at_one_seat_is_seen_once_at_another(desk, street, operator):
    """Both engines: the watcher of seat B sees seat A's commit, once, within 2 s."""
    other = Database(desk.db.target)  # a second seat on the same database
    w = ChangeWatcher(other)
    try:
        assert w.online and w.changed() is False
        T.log_call(desk, operator, _call(street))
        _until(w.changed)
        assert w.changed() is False
    finally:
        w.close()
        other.dispose()


@pytest.mark.pg
def test_notify_names_the_tables_and_reaches_a_second_connection(desk, street, operator):
    heard = []
    listener = PgListener(Database(desk.db.target).engine, on_change=heard.append)
    assert listener.start(wait=5)
    try:
        t = T.log_call(desk, operator, _call(street))
        _until(lambda: heard)
        T.dispatch(desk, operator, t.id, T.Dispatch(street.units["城东供电所"]))
        _until(lambda: len(heard) >= 2)
        assert {"tickets", "ticket_events", "audit_log", "ticket_counters"} <= heard[0].tables
        assert {"tickets", "deadlines"} <= heard[1].tables
        assert heard[0].own  # sent from this process (a seat may skip its own echo)
        # a transaction that rolls back announces nothing; reads announce nothing
        with pytest.raises(RuntimeError):
            with desk.db.write() as s:
                s.execute(text("UPDATE settings SET value = value"))
                raise RuntimeError("abandon")
        with desk.db.read() as s:
            s.execute(text("SELECT count(*) FROM tickets"))
        time.sleep(0.4)  # nothing may arrive: no event to wait on, so a wrong NOTIFY gets 0.4 s to show up
        assert len(heard) == 2
        assert listener.take_tables() >= {"tickets", "deadlines"}
        assert listener.take_tables() == frozenset()
    finally:
        listener.stop()
    assert listener.state == "stopped"


@pytest.mark.pg
def test_phonebook_edits_and_deadline_steps_are_announced_with_their_tables(desk, street, operator, clock):
    """What the other seats' phonebook and due queue refresh on."""
    from console.services import deadlines as D
    from console.services import phonebook as P
    from console.store.queries import due_queue

    seat = Database(desk.db.target)
    w = ChangeWatcher(seat)
    try:
        data = P.load_unit(desk, street.units["城东供电所"])
        data.notes = "夜间请打值班电话"
        P.update_unit(desk, operator, street.units["城东供电所"], data)
        _until(lambda: "units" in w._listener._tables)
        assert "units" in w.changed_tables()
        t = T.log_call(desk, operator, _call(street), dispatch=T.Dispatch(street.units["城东供电所"]))
        with seat.read() as s:
            due = due_queue(s, clock.now())
        dl = next(d for d in due if d.ticket_id == t.id and d.kind == "check_back")
        _until(lambda: "deadlines" in w._listener._tables)
        w.changed_tables()
        D.snooze(desk, operator, dl.deadline_id, clock.now() + timedelta(minutes=10), "家里没人")
        T.record_check_back(desk, operator, t.id, came=True)
        _until(lambda: w._listener.changes >= 4)
        assert {"deadlines", "tickets", "audit_log"} <= w.changed_tables()
        with seat.read() as s:  # the other seat's due queue no longer holds the check-back
            assert all(d.deadline_id != dl.deadline_id for d in due_queue(s, clock.now()))
    finally:
        w.close()
        seat.dispose()


def test_payload_round_trip_and_garbage():
    c = decode_payload(encode_payload({"units", "contacts"}))
    assert c.tables == {"units", "contacts"} and c.own
    assert decode_payload("not json").tables == {"*"}
    assert decode_payload(encode_payload({f"t{i}" * 50 for i in range(400)})).tables == {"*"}


@pytest.mark.pg
def test_listener_reconnects_by_itself_and_reports_what_it_missed(desk, street, operator):
    states = []
    seat = Database(desk.db.target)
    w = ChangeWatcher(seat, on_state=lambda st, msg: states.append((st, msg)))
    try:
        lst = w._listener
        lst.retry_min = 0.1
        old_pid = lst.backend_pid
        with desk.db.engine.connect() as c:  # the server drops the seat's connection
            c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": old_pid})
            c.commit()
        _until(lambda: any(st == OFFLINE for st, _ in states))
        _until(lambda: w.online and lst.backend_pid != old_pid)
        assert w.changed() is True  # what happened while away must be reloaded once
        assert w.changed() is False
        T.log_call(desk, operator, _call(street))
        _until(w.changed)
        assert states[-1] == (ONLINE, "")
    finally:
        w.close()
        seat.dispose()


def test_unreachable_server_is_reported_without_the_password():
    from console.store.database import masked_url

    dead = "postgresql+psycopg://desk:s3cret-pw@127.0.0.1:1/hotline"  # nothing listens on port 1
    db = Database(dead)
    assert "s3cret-pw" not in db.display and "***" in db.display
    assert masked_url(dead) == db.display
    states = []
    w = ChangeWatcher(db, on_state=lambda st, msg: states.append((st, msg)), wait=0.5)
    try:
        _until(lambda: states)
        assert w.state == OFFLINE and not w.online and w.message
        assert all("s3cret-pw" not in msg for _, msg in states)
        assert w.changed() is False
    finally:
        w.close()
        db.dispose()


def test_wait_returns_as_soon_as_the_change_arrives(desk, street, operator):
    seat = Database(desk.db.target)
    w = ChangeWatcher(seat)
    try:
        t0 = time.monotonic()
        assert w.wait(0.2) is False and time.monotonic() - t0 >= 0.2  # nothing came: it waited it out
        answers: list[bool] = []
        waiting = threading.Thread(target=lambda: answers.append(w.wait(600)))
        waiting.start()
        T.log_call(desk, operator, _call(street))
        waiting.join(120)  # a bound on a hang: a wait that sat out its 600 s would still be running
        assert not waiting.is_alive() and answers == [True]
        assert w.changed() is False
    finally:
        w.close()
        seat.dispose()
