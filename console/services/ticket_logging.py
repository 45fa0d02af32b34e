"""Writing a new ticket — logged, and answered or dispatched in the same transaction — as plain rows.

services.tickets.log_call is the desk's hottest write (every call). Through the ORM it took ~16 statements
and four flushes (the ticket inserted, then updated by its step, so twice through the FTS trigger); here the
same rows are planned in Python first and written with statements compiled once per dialect and run on the
write transaction's DBAPI cursor (store.prebuilt: SQLAlchemy's own SQL and type processing, without its
per-statement execution machinery, which cost more than SQLite's work): one read of everything the checks
and the deadline rules need, the day's counter, then one INSERT each for the ticket (as it ends the
transaction), its events, its deadlines and its audit rows. The transaction is the desk's write transaction
(store.database.Database.write_connection: the same lock, file check and NOTIFY). The rules are the same
ones the ORM path follows — the lifecycle table (console.domain.lifecycle), the deadline effects
(console.domain.deadline_effects), the undo state (services.step_undo) and the audit chain
(services.context.audit) — and tests/services/test_hot_path_golden.py holds the rows to what the ORM path
wrote: the ticket's version is 2 when a step followed the log, as the ORM's second flush made it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import Any, cast

from sqlalchemy import Insert, Integer, Select, Table, bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from ..domain.audit_chain import row_hash
from ..domain.deadline_effects import effects_of, log_opens
from ..domain.enums import Status
from ..domain.errors import NotFound, ValidationError
from ..domain.lifecycle import Action, check_paused, check_review, next_status
from ..domain.ranking import check_dispatch_target
from ..domain.ticket_number import day_key, number_of_day
from ..store.models import (
    AuditEntry,
    Category,
    Community,
    Contact,
    Deadline,
    RequestTypeRow,
    Shift,
    Ticket,
    TicketCounter,
    TicketEvent,
    Unit,
)
from ..store.pg_notify import note_written
from ..store.prebuilt import DriverCursor, Prebuilt, insert_of, prebuild
from . import step_undo
from .context import Actor, audit_text
from .deadlines import StepDeadlines, cached_policy, load_policy, policy_stamp_column

# a declarative class's __table__ is a Table (typed FromClause)
_T, _E, _D, _A = (cast(Table, m.__table__) for m in (Ticket, TicketEvent, Deadline, AuditEntry))


@cache
def _checks_stmt() -> Select[Any]:
    """One read of what a new ticket's checks and rows need (scalar subqueries, NULL where a row is
    missing): request type active, the community's name and grid, the unit's active flag, the contact's
    unit, the category's parent, the open shift, the audit tail, and the deadline policy's stamp."""
    rt, cm, un = RequestTypeRow.__table__.c, Community.__table__.c, Unit.__table__.c
    ct, cat, sh, au = Contact.__table__.c, Category.__table__.c, Shift.__table__.c, _A.c

    def one(col: Any, *where: Any) -> Any:
        return select(col).where(*where).scalar_subquery()

    return select(
        one(rt.active, rt.code == bindparam("rt")),
        one(cm.name, cm.id == bindparam("community", type_=Integer)),
        one(cm.grid_id, cm.id == bindparam("community", type_=Integer)),
        one(un.active, un.id == bindparam("unit", type_=Integer)),
        one(ct.unit_id, ct.id == bindparam("contact", type_=Integer)),
        one(cat.parent_id, cat.id == bindparam("category", type_=Integer)),
        select(sh.id).where(sh.ended_at.is_(None)).order_by(sh.id.desc()).limit(1).scalar_subquery(),
        select(au.row_hash).order_by(au.id.desc()).limit(1).scalar_subquery(),
        policy_stamp_column())


@cache
def counter_stmt(dialect: str) -> Insert:
    """Bump the day's counter atomically (INSERT … ON CONFLICT … RETURNING), built once per dialect."""
    ins = (sqlite_insert if dialect == "sqlite" else pg_insert)(TicketCounter)
    return ins.values(day=bindparam("day"), last=1).on_conflict_do_update(
        index_elements=["day"], set_={"last": TicketCounter.last + 1}).returning(TicketCounter.last)


@dataclass(frozen=True)
class _Statements:
    """This path's statements as one dialect's driver runs them (store.prebuilt), built on first use."""

    checks: Prebuilt
    counter: Prebuilt
    ticket: Prebuilt  # … RETURNING id
    event: Prebuilt
    deadline: Prebuilt
    audit: Prebuilt

    @staticmethod
    def build(dialect: Dialect) -> _Statements:
        return _Statements(prebuild(_checks_stmt(), dialect),
                           prebuild(counter_stmt(dialect.name), dialect),
                           insert_of(_T, dialect, returning=_T.c.id), insert_of(_E, dialect),
                           insert_of(_D, dialect), insert_of(_A, dialect))


_STATEMENTS: dict[tuple[str, str], _Statements] = {}
_LOGGED, _LOG = Status.LOGGED.value, Action.LOG.value  # plain str codes, read once
_WRITTEN = ("ticket_counters", "tickets", "ticket_events", "deadlines", "audit_log")  # for the NOTIFY


def _statements(dialect: Dialect) -> _Statements:
    key = (dialect.name, dialect.driver)
    st = _STATEMENTS.get(key)
    if st is None:
        st = _STATEMENTS[key] = _Statements.build(dialect)
    return st


@dataclass(frozen=True)
class NewTicketStep:
    """What follows the log in the same transaction: an answer (text) or a dispatch (unit, contact, note)."""

    action: Action
    detail: str = ""
    unit_id: int | None = None
    contact_id: int | None = None


def _strip_nul(v: Any) -> Any:
    """As store.database._strip_nul does for ORM flushes: no NUL reaches either engine."""
    return v.replace("\x00", "") if isinstance(v, str) and "\x00" in v else v


@lru_cache(maxsize=64)
def _before_state(fields: tuple[Any, ...]) -> str:
    """The undo state of a step taken in the instant the ticket is logged (step_undo.encode: the logged
    values of the step's fields, no older deadline, nothing closed or re-timed). A new ticket's values of
    those fields are the same few on every call (logged, no unit, no result …): encoded once per set."""
    return step_undo.encode({"fields": dict(zip(step_undo.STEP_FIELDS, fields, strict=True)), "newest_deadline": 0},
                            StepDeadlines())


def write_new_ticket(conn: Connection, actor: Actor, now: datetime, day: Any, ticket: dict[str, Any],
                     address: Callable[[str], dict[str, str]], request_type_label: str,
                     step: NewTicketStep | None, shift_id: int | None, clean_step: Callable[[], str]) -> tuple[int, str]:
    """Insert a new ticket (`ticket`: its columns as logged, but for the grid and the address fields, which
    `address(community name)` gives) with its events, deadlines and audit rows; `step` the answer or
    dispatch that follows (checked as the ORM path checks it: the unit, then its contact, then
    `clean_step()`, the step's text cleaned). Returns (id, number). The errors are the ORM path's, in its
    order, raised before anything is written. `conn`: a write transaction (Database.write_connection)."""
    st = _statements(conn.dialect)
    cur = DriverCursor(conn)
    row = cur.one(st.checks, {
        "rt": ticket["request_type"], "community": ticket["community_id"], "category": ticket["category_id"],
        "unit": step.unit_id if step else None, "contact": step.contact_id if step else None})
    rt_active, c_name, c_grid, u_active, ct_unit, parent, open_shift, tail, stamp = row
    if not rt_active:
        raise ValidationError(f"诉求类型“{request_type_label}”无效或已停用。",
                              f"Invalid or retired request type: {request_type_label!r}.")
    if ticket["community_id"] is not None and c_name is None:
        raise NotFound("所选社区不存在。", "The chosen community does not exist.")
    ticket["grid_id"] = c_grid if ticket["community_id"] is not None else None
    ticket.update(address(c_name or ""))
    if step is not None and step.action is Action.DISPATCH:
        check_dispatch_target(step.unit_id, u_active, step.contact_id, ct_unit)
    detail = clean_step() if step is not None else ""
    policy = cached_policy(stamp)
    if policy is None:  # a rule, a holiday or the time zone changed: built once, in this transaction
        with Session(bind=conn) as s:
            policy = load_policy(s, stamp, stamped=True)

    key = day_key(day)
    number = number_of_day(key, cur.one(st.counter, {"day": key})[0])
    ticket.update(number=number, shift_id=open_shift if shift_id is None else shift_id, status=_LOGGED,
                  operator_id=actor.id, updated_at=now, version=1)
    events: list[dict[str, Any]] = [dict(at=now, actor_id=actor.id, action=_LOG, from_status=None,
                                         to_status=_LOGGED, unit_id=None, detail="", before_state=None)]
    audits: list[tuple[str, dict[str, Any] | None, dict[str, Any]]] = [("log_call", None, {
        "number": number, "caller_phone": ticket["caller_phone"], "category_id": ticket["category_id"],
        "community_id": ticket["community_id"], "request_type": ticket["request_type"],
        **({"confidential": True} if ticket["confidential"] else {})})]
    fx = log_opens(step is not None)
    deadlines = [(kind, rule) for kind, rule in fx.open]  # a new ticket has no deadline to close or re-time
    if step is not None:
        assert not deadlines, "logging opens nothing when a step follows in the same instant"
        old = Status.LOGGED  # as logged just above
        new = next_status(old, step.action)
        check_paused(step.action, False)
        check_review(old, step.action, None)
        before = _before_state(tuple(map(ticket.get, step_undo.STEP_FIELDS)))  # as logged, before the step
        extra_old: dict[str, Any] = {}
        extra_new: dict[str, Any] = {}
        if step.action is Action.DISPATCH:
            extra_old, extra_new = {"unit_id": ticket.get("unit_id")}, {"unit_id": step.unit_id,
                                                                        "contact_id": step.contact_id}
            ticket.update(unit_id=step.unit_id, contact_id=step.contact_id, dispatched_at=now, escalated_at=None)
        else:
            ticket.update(result=detail, resolved_at=now)
        fx = effects_of(step.action)
        deadlines = list(fx.open)  # what it closes and re-times are the log's deadlines: none (above)
        action, new_status = step.action._value_, new._value_  # the plain codes (`.value` is a slow property)
        events.append(dict(at=now, actor_id=actor.id, action=action, from_status=_LOGGED,
                           to_status=new_status, unit_id=step.unit_id if step.action is Action.DISPATCH else None,
                           detail=detail, before_state=before))
        audits.append((action, {"status": _LOGGED, **extra_old},
                       {"status": new_status, **extra_new, **({"detail": detail} if detail else {})}))
        ticket.update(status=new_status, version=2)  # as the ORM's second flush of the step made it

    for k, v in ticket.items():  # only text can hold one: a test per value, a call only where one is
        if isinstance(v, str) and "\x00" in v:
            ticket[k] = _strip_nul(v)
    tid = cur.one(st.ticket, ticket)[0]
    for e in events:
        e.update(ticket_id=tid, detail=_strip_nul(e["detail"]))
    cur.many(st.event, events)
    rows = []
    for kind, rule in deadlines:
        due = policy.due_at(rule, now, ticket["category_id"], ticket["urgency"], parent)
        if due is not None:
            rows.append(dict(ticket_id=tid, kind=kind, start_at=now, due_at=due))
    if rows:
        cur.many(st.deadline, rows)
    prev, via = tail or "", actor.via[:96]
    out = []
    for action, old_v, new_v in audits:
        old_t, new_t = audit_text(old_v), audit_text(new_v)
        digest = row_hash(prev, now, actor.id, action, "ticket", tid, old_t, new_t, via)
        out.append(dict(at=now, user_id=actor.id, action=action, entity="ticket", entity_id=tid, old=old_t,
                        new=new_t, prev_hash=prev, row_hash=digest, via=via))
        prev = digest
    cur.many(st.audit, out)
    if conn.dialect.name == "postgresql":
        note_written(conn, _WRITTEN)  # the NOTIFY on commit names the tables, as for Core's own statements
    cur.close()  # (after an error, the rollback's and the collector's)
    return tid, number

