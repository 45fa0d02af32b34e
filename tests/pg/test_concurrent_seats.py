"""Two seats (two processes) working the same desk at once, on both engines.

Each process logs and dispatches its own calls while both race for the
same check-backs, resolutions and missed-call call-backs. Every ticket
number must be distinct, every contested step must happen exactly once
(one winner, the other told why), and no deadline or audit row may be
lost or doubled.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import timedelta

from sqlalchemy import func, select

from console.services import missed_calls as M
from console.services import tickets as T
from console.store.models import AuditEntry, Deadline, MissedCall, Ticket, TicketEvent

SEAT = textwrap.dedent("""
    import json, os, sys, time
    from datetime import datetime
    from console.domain.clock import FakeClock
    from console.domain.errors import UserError
    from console.services.context import Desk, Actor
    from console.services import missed_calls as M, tickets as T
    from console.store.database import Database

    target, go, n, unit, actor_id, at = sys.argv[1:7]
    shared = json.loads(sys.argv[7]); missed = json.loads(sys.argv[8])
    desk = Desk(Database(target), FakeClock(datetime.fromisoformat(at)))
    op = Actor(int(actor_id), "seat", "seat", "operator")
    desk.tz
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.005)
    out = {"numbers": [], "won": {"check_back": 0, "resolve": 0, "call_back": 0}, "refused": []}
    def contest(name, fn):
        try:
            fn()
            out["won"][name] += 1
        except UserError as e:
            out["refused"].append(type(e).__name__)
    for i in range(int(n)):
        r = T.log_call(desk, op, T.NewCall(description=f"seat {actor_id} call {i}", caller_phone="13800138000"),
                       dispatch=T.Dispatch(int(unit)))
        out["numbers"].append(r.number)
        if i < len(shared):
            contest("check_back", lambda: T.record_check_back(desk, op, shared[i], came=True))
        if i < len(missed):
            contest("call_back", lambda: M.call_back(desk, op, missed[i]))
    for tid in shared:
        contest("resolve", lambda: T.resolve(desk, op, tid, result="已处理"))
    print(json.dumps(out), flush=True)
""")

PER_SEAT = 15
SHARED = 10


def _seat(target, go, unit, actor_id, at, shared, missed):
    args = [sys.executable, "-c", SEAT, str(target), str(go), str(PER_SEAT), str(unit), str(actor_id),
            at.isoformat(), json.dumps(shared), json.dumps(missed)]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_seats_dispatching_and_completing_at_once_lose_nothing(desk, street, operator, supervisor,
                                                                   clock, tmp_path):
    unit = street.units["城东供电所"]
    shared = [T.log_call(desk, operator, T.NewCall(description=f"共同 {i}", caller_phone="13900139000"),
                         dispatch=T.Dispatch(unit)).id for i in range(SHARED)]
    missed = [M.log_missed_call(desk, operator, f"1350013500{i}") for i in range(SHARED)]
    at = clock.now() + timedelta(minutes=40)
    go = tmp_path / "go"
    seats = [_seat(desk.db.target, go, unit, a.id, at, shared, missed) for a in (operator, supervisor)]
    for p in seats:
        line = p.stdout.readline().strip()
        assert line == "ready", p.stderr.read()
    go.touch()
    outs = [p.communicate(timeout=180) for p in seats]
    assert all(p.returncode == 0 for p in seats), [o[1][-2000:] for o in outs]
    results = [json.loads(o[0].strip().splitlines()[-1]) for o in outs]

    numbers = [n for r in results for n in r["numbers"]]
    with desk.db.read() as s:
        all_numbers = s.scalars(select(Ticket.number)).all()
        assert len(all_numbers) == SHARED + 2 * PER_SEAT == len(set(all_numbers))
        assert set(numbers) <= set(all_numbers) and len(set(numbers)) == 2 * PER_SEAT
        assert all(n.startswith("20261122-") for n in all_numbers)  # one day, one counter, two writers

        for step in ("check_back", "resolve", "call_back"):
            assert sum(r["won"][step] for r in results) == SHARED, (step, results)
        refused = [name for r in results for name in r["refused"]]
        assert len(refused) == 3 * SHARED and set(refused) <= {"LifecycleError", "ValidationError",
                                                               "ConflictError"}

        def events(action):
            return s.execute(select(TicketEvent.ticket_id, func.count()).where(TicketEvent.action == action)
                             .group_by(TicketEvent.ticket_id)).all()
        assert sorted(events("check_back_came")) == [(t, 1) for t in shared]
        assert sorted(events("resolve")) == [(t, 1) for t in shared]
        for tid in shared:
            rows = s.execute(select(Deadline.kind, Deadline.done_at, Deadline.outcome)
                             .where(Deadline.ticket_id == tid).order_by(Deadline.id)).all()
            kinds = [k for k, _, _ in rows]
            assert kinds == ["check_back", "resolution", "satisfaction"], (tid, rows)
            assert rows[0].outcome == "done" and rows[1].outcome == "done" and rows[2].done_at is None
            assert s.get(Ticket, tid).status == "resolved"
        # each seat's own calls: dispatched once, with their two deadlines
        own = s.scalars(select(Ticket.id).where(Ticket.id.not_in(shared))).all()
        n_dl = s.scalar(select(func.count()).select_from(Deadline).where(Deadline.ticket_id.in_(own)))
        assert n_dl == 2 * len(own)
        mcs = s.scalars(select(MissedCall).where(MissedCall.id.in_(missed))).all()
        assert all(m.called_back_at is not None for m in mcs)
        assert s.scalar(select(func.count()).select_from(Deadline).where(
            Deadline.missed_call_id.in_(missed), Deadline.done_at.is_(None))) == 0
        audit = dict(s.execute(select(AuditEntry.action, func.count()).group_by(AuditEntry.action)).all())
    assert audit["call_back"] == SHARED and audit["resolve"] == SHARED
    assert audit["check_back_came"] == SHARED
    assert audit["log_call"] == SHARED + 2 * PER_SEAT


def test_ticket_counter_upsert_never_repeats_under_racing_transactions(desk, street, operator):
    """next_number's INSERT … ON CONFLICT DO UPDATE … RETURNING, hammered from threads."""
    import threading

    from console.services.context import Desk
    from console.store.database import Database

    seats = [Desk(Database(desk.db.target), desk.clock) for _ in range(4)]
    got: list[str] = []
    errors: list[BaseException] = []

    def work(d):
        try:
            for i in range(8):
                got.append(T.log_call(d, operator, T.NewCall(description=f"线程 {i}")).number)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(d,)) for d in seats]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)  # a bound on a deadlock, not a timing
    assert not any(t.is_alive() for t in threads), "a seat never finished"
    for d in seats:
        d.db.dispose()
    assert not errors, errors
    assert len(got) == 32 == len(set(got))
    assert sorted(got) == [f"20261122-{i:04d}" for i in range(1, 33)]
