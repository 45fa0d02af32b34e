"""Two writers at once, and a process killed while writing."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

WRITER = textwrap.dedent("""
    import sys
    from console.services.context import Desk, Actor
    from console.services import tickets as T
    from console.store.database import Database
    db = Database(sys.argv[1])
    desk = Desk(db)
    op = Actor(1, "op", "op", "operator")
    n = int(sys.argv[2])
    print("ready", flush=True)
    for i in range(n):
        r = T.log_call(desk, op, T.NewCall(description=f"{sys.argv[3]} 第{i}通", caller_phone="13800138000"))
        if len(sys.argv) > 4:
            print(r.number, flush=True)
""")


def _spawn(db_path, n, tag, echo=False):
    args = [sys.executable, "-c", WRITER, str(db_path), str(n), tag] + (["echo"] if echo else [])
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_logging_at_once_both_succeed_with_distinct_numbers(db_path):
    a, b = _spawn(db_path, 60, "A"), _spawn(db_path, 60, "B")
    outs = [p.communicate(timeout=120) for p in (a, b)]
    assert a.returncode == 0 and b.returncode == 0, outs
    con = sqlite3.connect(db_path)
    numbers = [r[0] for r in con.execute("select number from tickets")]
    assert len(numbers) == 120 and len(set(numbers)) == 120
    assert con.execute("select count(*) from audit_log where action='log_call'").fetchone() == (120,)


def test_sigkill_while_logging_loses_no_committed_call(db_path):
    with _spawn(db_path, 1000, "K", echo=True) as p:  # `with` closes its pipes and waits
        assert p.stdout.readline().strip() == "ready"
        committed = []
        deadline = time.monotonic() + 60
        while len(committed) < 150 and time.monotonic() < deadline:
            line = p.stdout.readline()
            if not line:
                break
            committed.append(line.strip())
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=10)
    assert len(committed) >= 150
    con = sqlite3.connect(db_path)
    assert con.execute("pragma integrity_check").fetchone() == ("ok",)
    assert con.execute("pragma foreign_key_check").fetchall() == []
    saved = {r[0] for r in con.execute("select number from tickets")}
    assert set(committed) <= saved
    # every saved ticket is whole: its log event and audit row were in the same transaction
    assert con.execute("select count(*) from tickets t where not exists "
                       "(select 1 from ticket_events e where e.ticket_id=t.id)").fetchone() == (0,)
    fts = con.execute("select count(*) from ticket_fts where ticket_fts match '\"第1通\"'").fetchone()[0]
    assert fts >= 1
