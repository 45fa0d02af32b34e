"""Issue 21, path 1: log a call and dispatch it (services.tickets.log_call with a Dispatch) beside a bare
sqlite3 insert of the same rows in one transaction, same fsyncs, interleaved in one process.

    python bench/bench_log_dispatch.py [--db /tmp/bench-s9-200k.sqlite3] [--tickets 200000] [--runs 300]
                                       [--profile /tmp/log.prof]

Ours: `log_call(desk, operator, NewCall(…community, category, building, room…), dispatch=Dispatch(unit,
contact, note))` — its own write transaction (BEGIN IMMEDIATE … COMMIT, WAL, synchronous=FULL), the checks
(request type, community, unit active, contact of the unit, the lifecycle), the day's counter, the ticket,
its two events, two deadlines, two chained audit rows.

Bare: one `BEGIN IMMEDIATE` … `COMMIT` on an open sqlite3 connection with the same pragmas: the counter
upsert (… RETURNING), the audit tail, INSERT of the ticket as it ends (dispatched, version 2), the two
events (the dispatch's undo state as JSON), the two deadlines and the two audit rows with their hashes
(executemany each): 6 statements. The due times come from the desk's rules read once before the run; the
FTS triggers fire for both. After the run the last ticket of each side is read back and compared column by
column (ids, numbers and times aside): the same rows, or the script fails.
"""
from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

from hot_path_bench import open_bench_desk, profile

DESCRIPTION = "楼道灯不亮，晚上进出不方便（基准测试）"
PHONE = "021-51723387"
NOTE = "请今晚到场"


def main(argv: list[str] | None = None) -> int:
    b = open_bench_desk(__doc__, argv, runs=300)
    from sqlalchemy import select

    from console.domain.audit_chain import row_hash
    from console.domain.phone import normalise_phone
    from console.services import step_undo
    from console.services.deadlines import load_policy
    from console.services.tickets import Dispatch, NewCall, address_fields, log_call
    from console.store.models import Category, Community, Contact, Unit

    desk, actor, bare = b.desk, b.actor, b.bare
    with desk.db.read() as s:
        unit_id, contact_id = s.execute(
            select(Unit.id, Contact.id).join(Contact, Contact.unit_id == Unit.id)
            .where(Unit.active.is_(True)).order_by(Unit.id).limit(1)).one()
        comm_id, comm_name, grid_id = s.execute(select(Community.id, Community.name, Community.grid_id)
                                                .order_by(Community.id).limit(1)).one()
        cat_id, parent_id = s.execute(select(Category.id, Category.parent_id)
                                      .where(Category.parent_id.is_not(None)).order_by(Category.id).limit(1)).one()
        policy = load_policy(s)
    cb_min, cb_working = policy.rule("check_back", cat_id, "normal", parent_id)
    res_min, res_working = policy.rule("resolution", cat_id, "normal", parent_id)
    assert not cb_working and not res_working, "the bench category's rules count elapsed time"
    phone = normalise_phone(PHONE)
    addr = address_fields("3号", "201", "", comm_name)
    shift_id = bare.execute("SELECT id FROM shifts WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
    shift_id = shift_id[0] if shift_id else None
    before_state = {"fields": {f: None for f in step_undo.STEP_FIELDS}, "newest_deadline": 0}
    before_state["fields"].update(status="logged", result="", reopen_count=0, void_reason="")

    call = NewCall(description=DESCRIPTION, caller_phone=PHONE, caller_name="居民", community_id=comm_id,
                   category_id=cat_id, building="3号", room="201")

    def ours():
        log_call(desk, actor, call, dispatch=Dispatch(unit_id, contact_id, NOTE))

    if b.args.profile:
        profile(ours, b.args.profile, b.args.runs)
        return 0

    t_cols = ("number", "received_at", "channel", "caller_name", "caller_phone", "community_id", "building",
              "room", "address", "address_key", "grid_id", "request_type", "category_id", "urgency", "description",
              "status", "operator_id", "shift_id", "unit_id", "contact_id", "dispatched_at", "result",
              "reopen_count", "void_reason", "confidential", "version", "updated_at")
    ins_ticket = f"INSERT INTO tickets ({', '.join(t_cols)}) VALUES ({', '.join('?' * len(t_cols))})"
    ins_event = ("INSERT INTO ticket_events (ticket_id, at, actor_id, action, from_status, to_status, unit_id, "
                 "detail, before_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    ins_deadline = ("INSERT INTO deadlines (ticket_id, kind, start_at, due_at, snooze_reason) "
                    "VALUES (?, ?, ?, ?, '')")
    ins_audit = ("INSERT INTO audit_log (at, user_id, action, entity, entity_id, old, new, prev_hash, row_hash, "
                 "via) VALUES (?, ?, ?, 'ticket', ?, ?, ?, ?, ?, '')")

    def fmt(t: datetime) -> str:
        return t.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")

    def bare_log():
        now = datetime.now(UTC)
        at = fmt(now)
        day = desk.local(now).strftime("%Y%m%d")
        bare.execute("BEGIN IMMEDIATE")
        seq = bare.execute("INSERT INTO ticket_counters (day, last) VALUES (?, 1) ON CONFLICT (day) DO UPDATE "
                           "SET last = ticket_counters.last + 1 RETURNING last", (day,)).fetchone()[0]
        number = f"{day}-{seq:04d}"
        prev = (bare.execute("SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone() or ("",))[0]
        tid = bare.execute(ins_ticket, (
            number, at, "phone", "居民", phone, comm_id, addr["building"], addr["room"], addr["address"],
            addr["address_key"], grid_id, "help", cat_id, "normal", DESCRIPTION, "dispatched", actor.id, shift_id,
            unit_id, contact_id, at, "", 0, "", 0, 2, at)).lastrowid
        bare.executemany(ins_event, (
            (tid, at, actor.id, "log", None, "logged", None, "", None),
            (tid, at, actor.id, "dispatch", "logged", "dispatched", unit_id, NOTE,
             json.dumps({**before_state, "closed": [], "retimed": []}, ensure_ascii=False))))
        bare.executemany(ins_deadline, (
            (tid, "check_back", at, fmt(now + timedelta(minutes=cb_min))),
            (tid, "resolution", at, fmt(now + timedelta(minutes=res_min)))))
        rows = []
        for action, old, new in (
                ("log_call", "", {"number": number, "caller_phone": phone, "category_id": cat_id,
                                  "community_id": comm_id, "request_type": "help"}),
                ("dispatch", {"status": "logged", "unit_id": None},
                 {"status": "dispatched", "unit_id": unit_id, "contact_id": contact_id, "detail": NOTE})):
            old_t = json.dumps(old, ensure_ascii=False) if old else ""
            new_t = json.dumps(new, ensure_ascii=False)
            h = row_hash(prev, now, actor.id, action, "ticket", tid, old_t, new_t, "")
            rows.append((at, actor.id, action, tid, old_t, new_t, prev, h))
            prev = h
        bare.executemany(ins_audit, rows)
        bare.execute("COMMIT")
        return tid

    bare_ids: list[int] = []
    b.time("log call + dispatch, committed", ours, lambda: bare_ids.append(bare_log()),
           note="bare: 6 statements in BEGIN IMMEDIATE … COMMIT")
    same_rows(bare, bare_ids[-1])
    b.report("Log a call and dispatch it")
    b.close()
    return 0


def same_rows(bare, bare_tid: int) -> None:
    """The newest ticket ours wrote and the newest the bare side wrote hold the same rows (ids, numbers
    and times aside): the benchmark compares the same work."""
    ours_tid = bare.execute("SELECT max(id) FROM tickets WHERE id <> ? AND description = ?",
                            (bare_tid, DESCRIPTION)).fetchone()[0]
    skip = {"id", "number", "received_at", "updated_at", "dispatched_at", "ticket_id", "at", "start_at", "due_at",
            "entity_id", "prev_hash", "row_hash"}

    def rows(sql: str, tid: int) -> list[dict]:
        cur = bare.execute(sql, (tid,))
        names = [d[0] for d in cur.description]
        out = []
        for r in cur.fetchall():
            row = {k: v for k, v in zip(names, r, strict=True) if k not in skip}
            if "new" in row and row["new"]:
                row["new"] = {k: v for k, v in json.loads(row["new"]).items() if k != "number"}
            out.append(row)
        return out

    for sql in ("SELECT * FROM tickets WHERE id = ?", "SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id",
                "SELECT * FROM deadlines WHERE ticket_id = ? ORDER BY id",
                "SELECT * FROM audit_log WHERE entity = 'ticket' AND entity_id = ? ORDER BY id"):
        a, b = rows(sql, ours_tid), rows(sql, bare_tid)
        if a != b:
            print(f"not the same rows ({sql}):\n ours {a}\n bare {b}", file=sys.stderr)
            raise SystemExit(1)
    print(f"same rows: ticket {ours_tid} (ours) and {bare_tid} (bare), with their events, deadlines, audit")


if __name__ == "__main__":
    sys.exit(main())
