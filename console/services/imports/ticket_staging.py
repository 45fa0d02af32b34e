"""Writing an old register without stopping the desk: every row built first, then one short transaction.

`import tickets` used to build its rows ticket by ticket through the ORM inside one write transaction:
a register of tens of thousands of calls held the desk's write lock (BEGIN IMMEDIATE on SQLite, the
advisory lock on PostgreSQL: console.store.database) for the whole import, and every other seat's save
waited, then failed with "in use". Now, as for the phonebook (unit_staging):

1. `stage`, with no lock held: reads what the rows depend on (the deadline policy, the categories'
   parents, the communities' grids, and the names of the communities, units and categories the rows
   name), then builds every row — the ticket's columns in stored form, its events, the deadlines its
   history closed (and the one an open row is owed from now), its ``import_ticket`` audit row serialised
   — all but the ticket's id and number, which only the final step can know — into TEMP tables of the
   import's own connection (console.store.staged_rows). Cancel is heard between tickets.
2. `write`, in the final transaction: re-checks what another seat may have changed since — a ticket
   with one of the import keys now present (that row was imported meanwhile: skipped, as importing twice
   is once), a community, unit or category renamed or deleted, or the deadline rules changed (refused,
   naming who and when, nothing written) — numbers the tickets by local day after the day counters as
   they are now, gives them the ids after the largest, and copies the rows in from the TEMP tables
   (INSERT … SELECT, ≈ 4× faster than executemany here: bench/RESULTS.md), the audit rows chained.

The rows are the ones the per-ticket ORM import wrote (tests/services/imports/test_import_tickets_golden.py
holds them to it). Nothing is written before the final transaction, which commits whole or not at all:
a cancelled or killed import leaves nothing: the staged rows lived in its memory and in TEMP tables of its own
connection (console.store.staged_rows), which the final step copies with INSERT … SELECT.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ...domain.deadline_effects import RES, replay
from ...domain.deadline_policy import DeadlinePolicy
from ...domain.enums import DeadlineOutcome, Satisfaction, Status
from ...domain.errors import ConflictError
from ...domain.lifecycle import OPEN_STATUS_CODES, Action
from ...domain.ticket_number import format_ticket_number
from ...services.context import Actor, Desk, PreparedAudit, append_audit, last_change, prepare_audit
from ...services.deadlines import load_policy, policy_stamp
from ...services.tickets import address_fields
from ...store.bulk import BulkWriter
from ...store.models import Base, Category, Community, Ticket, TicketCounter, Unit
from ...store.staged_rows import TempTables
from ...util.progress import Progress
from .unit_staging import Cancelled, ImportCancelled

S = Status
STEP = 500  # tickets between two progress reports (and cancel checks)
BATCH = 500  # import keys per re-check statement
_KEPT_OUTCOMES = (DeadlineOutcome.DONE.value, DeadlineOutcome.CANCELLED.value)  # history: closed rows only
# The ticket's columns as written; the first two (id, number) are given in the final step.
TICKET_COLUMNS = ("id", "number", "received_at", "channel", "caller_name", "caller_phone", "community_id",
                  "building", "room", "address", "address_key", "grid_id", "request_type", "category_id",
                  "urgency", "description", "status", "operator_id", "shift_id", "unit_id", "dispatched_at",
                  "escalated_at", "resolved_at", "result", "callback_at", "satisfaction", "solved",
                  "reopen_count", "void_reason", "import_key", "confidential", "version", "updated_at")
EVENT_COLUMNS = ("ticket_id", "at", "actor_id", "action", "from_status", "to_status", "unit_id", "detail")
DEADLINE_COLUMNS = ("ticket_id", "kind", "start_at", "due_at", "done_at", "outcome", "snooze_reason")
_ROOM = 16  # rows of one ticket in the events' and deadlines' order (a ticket has at most eight steps)
_ID, _NUMBER = -987_654_321, "NUMBER-OF-THE-TICKET"  # placeholders of the audit row, filled in the final step

Step = tuple[str, datetime, str | None, str, int | None, str]  # action, at, from, to, unit_id, detail
DeadlineRow = tuple[str, datetime, datetime | None, datetime | None, str | None]  # kind, start, due, done, outcome


@dataclass
class StagedTicket:
    """One planned ticket waiting for its id and number (its rows wait in the TEMP tables, under `k`)."""

    k: int
    key: str  # import_key
    row_number: int
    day: date  # its local day: the counter that numbers it
    audit: tuple[str, ...]  # the audit row's new text cut at the number, its fields at the id and the number


class Temp(TempTables):
    """The import's TEMP tables on its own connection: the tickets' columns but id and number (by `k`, the
    ticket's place in the plan), their events and deadlines (by `seq`, the order they are written in), and
    the ids and numbers the final step gives."""

    def __init__(self) -> None:
        super().__init__()
        k = [("k", Integer())]
        self.tickets = self.like("import_ticket_rows", "tickets", TICKET_COLUMNS[2:])
        self.events = self.like("import_ticket_events", "ticket_events", EVENT_COLUMNS[1:], "seq", k)
        self.deadlines = self.like("import_ticket_deadlines", "deadlines", DEADLINE_COLUMNS[1:], "seq", k)
        self.numbers = self.like("import_ticket_numbers", "tickets", ("id", "number"))


@dataclass
class StagedImport:
    """The whole register, staged (its rows in `temp`), and what the desk looked like when it was."""

    temp: Temp
    tickets: list[StagedTicket]
    refs: dict[str, dict[int, tuple[Any, ...]]]  # per entity: id -> (name, …) of those the rows name
    policy_key: str | None  # the deadline policy's stamp (services.deadlines.policy_stamp)
    duplicates: list[int] = field(default_factory=list)  # row numbers imported by another seat meanwhile
    numbers: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)


def steps(t: Any) -> list[Step]:
    """The events of planned ticket `t` (imports.tickets.PlannedTicket), oldest first."""
    out: list[Step] = [("log", t.received_at, None, S.LOGGED.value, None, "")]
    cur = S.LOGGED.value

    def step(action: str, at: datetime, to: str, unit_id: int | None = None, detail: str = "") -> None:
        nonlocal cur
        out.append((action, at, cur, to, unit_id, detail))
        cur = to

    if t.status == S.ANSWERED.value:
        step("answer", t.resolved_at or t.received_at, S.ANSWERED.value, detail=t.result)
    if t.dispatched_at is not None:
        step("dispatch", t.dispatched_at, S.DISPATCHED.value, t.unit_id)
        if t.status == S.IN_PROGRESS.value:
            step("check_back_came", t.dispatched_at, S.IN_PROGRESS.value)
        if t.escalated:
            step("escalate", t.dispatched_at, S.ESCALATED.value, detail="（导入）")
    if t.resolved_at is not None and t.status != S.ANSWERED.value:
        step("resolve", t.resolved_at, S.RESOLVED.value, detail=t.result)
    if t.satisfaction is not None and t.callback_at is not None:
        unsat = t.satisfaction == Satisfaction.UNSATISFIED.value
        step("unsatisfied" if unsat else "satisfied", t.callback_at,
             S.REOPENED.value if t.status == S.REOPENED.value else S.CLOSED.value)
    if t.status == S.VOID.value:
        last = max(x for x in (t.received_at, t.dispatched_at, t.resolved_at, t.callback_at) if x)
        step("void", last, S.VOID.value, detail=t.void_reason)
    return out


def deadlines(policy: DeadlinePolicy, t: Any, parent_ids: dict[int, int | None], played_steps: list[Step],
              now: datetime) -> list[DeadlineRow]:
    """The deadlines the imported steps leave, done or cancelled as the sheet says (so on-time rates work),
    as (kind, start, due, done, outcome).

    The steps are replayed through the one table of deadline effects
    (domain.deadline_effects), as the services would have applied them; the
    rows the history closed (done or cancelled) are kept. A resolution the
    register recorded without a dispatch counts as promised from the call
    itself. A row the register shows as still open is owed an outcome like
    any open ticket (the invariant the due queue rests on), but from the
    import on, not from a promise in the sheet's past that would ring as
    overdue at once: one resolution deadline timed from `now`. The filter
    导入的未办结 lists such tickets for triage.
    """
    parent = parent_ids.get(t.category_id) if t.category_id else None
    played = [(action, at) for action, at, *_ in played_steps]
    if t.resolved_at is not None and t.status != S.ANSWERED.value and t.dispatched_at is None:
        played.insert(1, (Action.DISPATCH.value, t.received_at))

    def due(rule: str, start: datetime) -> datetime | None:
        return policy.due_at(rule, start, t.category_id, "normal", parent)

    rows: list[DeadlineRow] = [(d.kind, d.start_at, d.due_at, d.done_at, d.outcome)
            for d in replay(played, due) if d.outcome in _KEPT_OUTCOMES]
    if t.status in OPEN_STATUS_CODES:
        rows.append((RES, now, due(RES, now), None, None))
    return rows


def _read_refs(s: Session, communities: set[int], categories: set[int],
               units: set[int]) -> dict[str, dict[int, tuple[Any, ...]]]:
    """What the rows depend on of the communities, categories and units they name (real ids only): a
    community's name and grid, a category's name and parent, a unit's name."""
    def pick(rows: Any, wanted: set[int]) -> dict[int, tuple[Any, ...]]:
        return {r[0]: tuple(r[1:]) for r in rows if r[0] in wanted}

    return {"community": pick(s.execute(select(Community.id, Community.name, Community.grid_id)), communities),
            "category": pick(s.execute(select(Category.id, Category.name, Category.parent_id)), categories),
            "unit": pick(s.execute(select(Unit.id, Unit.name)), units)}


def _split(text: str, *marks: str) -> tuple[str, ...]:
    """`text` cut at the first occurrence of each mark in turn (each mark must occur)."""
    out: list[str] = []
    for mark in marks:
        head, found, text = text.partition(mark)
        assert found, mark
        out.append(head)
    return (*out, text)


def stage(desk: Desk, actor: Actor, plan: Any, now: datetime, conn: Connection, temp: Temp, *,
          progress: Progress | None = None, cancelled: Cancelled | None = None) -> StagedImport:
    """Build every row of `plan` (imports.tickets.TicketImportPlan) with no lock held, into the TEMP tables
    `temp` on `conn`; nothing is written to the desk. Raises ImportCancelled when told to stop."""
    used = [(t.community_id, t.category_id, t.unit_id) for t in plan.tickets]
    with desk.db.read() as s:
        policy_key = policy_stamp(s)
        policy = load_policy(s, policy_key, stamped=True)
        parent_ids = dict(s.execute(select(Category.id, Category.parent_id)).all())
        grids = dict(s.execute(select(Community.id, Community.grid_id)).all())
        refs = _read_refs(s, *({i for u in used if (i := u[k]) is not None and i >= 0} for k in range(3)))
    w = BulkWriter(conn)
    at = w.storer("tickets", "received_at")  # every time stamp column has the same type (UTCDateTime)
    stored_now = at(now)
    staged = StagedImport(temp, [], refs, policy_key)
    total = len(plan.tickets)
    tickets: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []

    def flush() -> None:  # into the TEMP tables: this connection's own, no lock
        w.insert(temp.tickets, temp.tickets.c.keys(), tickets)
        w.insert(temp.events, temp.events.c.keys(), events)
        w.insert(temp.deadlines, temp.deadlines.c.keys(), rows)
        conn.commit()
        tickets.clear()
        events.clear()
        rows.clear()

    for k, t in enumerate(plan.tickets):
        if k % STEP == 0:
            flush()
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(k, total, "stage")
        addr = address_fields("", "", t.address, t.community or "")  # "12号301" → 12号 / 301
        tickets.append((
            k, at(t.received_at), "phone", t.caller_name, t.caller_phone, t.community_id, addr["building"],
            addr["room"], addr["address"], addr["address_key"],
            grids.get(t.community_id) if t.community_id is not None else None, t.request_type, t.category_id,
            "normal", t.description, t.status, None, None, t.unit_id, at(t.dispatched_at),
            at(t.dispatched_at) if t.escalated else None, at(t.resolved_at), t.result, at(t.callback_at),
            t.satisfaction, t.solved, 1 if t.status == S.REOPENED.value else 0, t.void_reason, t.import_key,
            False, 1, stored_now))
        played = steps(t)
        seq = k * _ROOM  # the rows' order: the ticket's place, then the step's
        assert len(played) < _ROOM
        events += [(seq + i, k, at(when), None, action, frm, to, unit_id,
                    detail if action != "log" else f"从旧登记表导入（{plan.file_name} 第 {t.row_number} 行）")
                   for i, (action, when, frm, to, unit_id, detail) in enumerate(played)]
        rows += [(seq + i, k, kind, at(start), at(due), at(done), outcome, "")
                 for i, (kind, start, due, done, outcome) in enumerate(deadlines(policy, t, parent_ids, played, now))]
        a = prepare_audit(actor, now, "import_ticket", "ticket", _ID, None, {
            "number": _NUMBER, "file": plan.file_name, "row": t.row_number, "status": t.status,
            "import_key": t.import_key})
        staged.tickets.append(StagedTicket(k, t.import_key, t.row_number, desk.local(t.received_at).date(),
                                           (*_split(a.new, _NUMBER), *_split(a.fields, str(_ID), _NUMBER))))
    flush()
    if progress is not None:
        progress(total, total, "stage")
    return staged


def _refuse(s: Session, desk: Desk, entity: str, entity_id: int, label: str) -> ConflictError:
    who, when = last_change(s, desk, entity, entity_id)
    zh = {"community": "社区", "category": "问题分类", "unit": "承办单位"}[entity]
    return ConflictError(
        f"导入期间{zh}“{label}”已被{who or '另一席位'}{'于 ' + when if when else ''}修改或删除："
        "没有导入任何内容。请重新导入（会按现在的名称重新核对）。",
        f"{entity.capitalize()} {label!r} was changed or deleted by {who or 'another seat'}"
        f"{' at ' + when if when else ''} during the import: nothing was imported. Import again (the sheet is "
        "checked against the names as they are now).")


def check_unchanged(s: Session, desk: Desk, staged: StagedImport) -> None:
    """In the final transaction: refuse (ConflictError, naming who and when) when a community, category or
    unit the rows name was changed or deleted since they were staged, or the deadline rules were."""
    now = _read_refs(s, *(set(staged.refs[k]) for k in ("community", "category", "unit")))
    for entity, rows in staged.refs.items():
        for i, was in rows.items():
            if now[entity].get(i) != was:
                raise _refuse(s, desk, entity, i, was[0])
    stamp = policy_stamp(s)
    if stamp is None or stamp != staged.policy_key:  # no stamp: a change cannot be ruled out
        raise ConflictError("导入期间时限规则或工作日历被另一席位修改：没有导入任何内容，请重新导入。",
                            "The deadline rules or the work calendar were changed at another seat during the "
                            "import: nothing was imported; import again.")


def drop_imported_meanwhile(s: Session, staged: StagedImport) -> None:
    """Rows whose import key another seat wrote since the plan was checked: left out, as rows imported
    before are (importing twice is once)."""
    keys = [t.key for t in staged.tickets]
    present: set[str] = set()
    for i in range(0, len(keys), BATCH):
        present.update(s.scalars(select(Ticket.import_key).where(Ticket.import_key.in_(keys[i:i + BATCH]))))
    if present:
        staged.duplicates = [t.row_number for t in staged.tickets if t.key in present]
        staged.tickets = [t for t in staged.tickets if t.key not in present]


def write(s: Session, actor: Actor, at: datetime, staged: StagedImport, made: dict[int, int]) -> None:
    """In the final transaction, after `check_unchanged` and `drop_imported_meanwhile`: number the tickets by
    local day after the counters as they are now, give them the ids after the largest, and copy the rows
    in from the TEMP tables. `made` maps the temporary ids of what the import created just before to real
    ones."""
    s.flush()
    conn = s.connection()
    days = {d.strftime("%Y%m%d"): d for d in {t.day for t in staged.tickets}}  # the counters' keys
    last = {days[d]: n for d, n in s.execute(select(TicketCounter.day, TicketCounter.last)) if d in days}
    seq = dict(last)
    tid = s.scalar(select(func.coalesce(func.max(Ticket.id), 0))) or 0
    numbers, audits = [], []
    for t in staged.tickets:
        tid += 1
        n = seq[t.day] = seq.get(t.day, 0) + 1
        number = format_ticket_number(t.day, n)
        numbers.append((t.k, tid, number))
        n0, n1, f0, f1, f2 = t.audit
        audits.append(PreparedAudit("import_ticket", "ticket", tid, "", n0 + number + n1,
                                    f0 + str(tid) + f1 + number + f2))
        staged.numbers.append(number)
        staged.ids.append(tid)
    temp = staged.temp
    w = BulkWriter(conn)
    w.insert(temp.numbers, ("k", "id", "number"), numbers)
    for column, tables in (("community_id", (temp.tickets,)), ("category_id", (temp.tickets,)),
                           ("unit_id", (temp.tickets, temp.events))):
        for table in tables:
            for was, real in made.items():  # what the import created just now: its real ids
                conn.execute(update(table).where(table.c[column] == was).values({column: real}))
    num = temp.numbers
    for model, rows, columns, order in (
            ("tickets", temp.tickets, TICKET_COLUMNS, temp.tickets.c.k),
            ("ticket_events", temp.events, EVENT_COLUMNS, temp.events.c.seq),
            ("deadlines", temp.deadlines, DEADLINE_COLUMNS, temp.deadlines.c.seq)):
        ids = (num.c.id, num.c.number) if model == "tickets" else (num.c.id,)
        conn.execute(insert(Base.metadata.tables[model]).from_select(
            columns, select(*ids, *(rows.c[c] for c in columns[len(ids):]))
            .join_from(rows, num, num.c.k == rows.c.k).order_by(order)))
    counters = Base.metadata.tables["ticket_counters"]
    moved = [{"_day": f"{d:%Y%m%d}", "last": n} for d, n in seq.items() if d in last]
    if moved:
        conn.execute(update(counters).where(counters.c.day == bindparam("_day")), moved)
    w.insert("ticket_counters", ("day", "last"), [(f"{d:%Y%m%d}", n) for d, n in seq.items() if d not in last])
    w.fix_sequences(("tickets",))
    append_audit(s, actor, at, audits)


def write_staged(s: Session, desk: Desk, actor: Actor, at: datetime, staged: StagedImport,
                 create: Callable[[], dict[int, int]]) -> None:
    """The final transaction's work, in order: the re-checks, what is missing created (`create`), the rows."""
    check_unchanged(s, desk, staged)
    drop_imported_meanwhile(s, staged)
    write(s, actor, at, staged, create())
