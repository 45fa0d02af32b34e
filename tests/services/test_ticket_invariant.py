"""Nothing falls through: random sequences of steps, on several tickets, through the real services.

After every step, whether the services took it or refused it:
- every ticket's open deadlines match its status (console.domain.deadline_effects.invariant_breaches):
  an open ticket has exactly one open resolution deadline; a resolved one waits on its satisfaction call;
- every open ticket is in the due queue (looked far enough ahead), so a reminder reaches it;
- a refused step changed nothing;
- the figures hold together (console.domain.kpi): answered + done ≤ received, on time ≤ done, …

Hypothesis draws the sequences; derandomised, so a run on a loaded machine or in CI draws the same
ones as here, and a failure shrinks to the shortest sequence that shows it.
"""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from console.domain.clock import FakeClock
from console.domain.deadline_effects import RES, SAT, invariant_breaches
from console.domain.errors import UserError
from console.domain.kpi_builder import compute_kpis
from console.domain.lifecycle import NOT_COUNTED_CODES, OPEN_STATUS_CODES
from console.services import satisfaction as S
from console.services import tickets as T
from console.services.context import Desk
from console.store.database import Database
from console.store.models import Deadline, Ticket
from console.store.queries import due_queue
from console.store.report_queries import period_tickets

STEPS = ("log", "log_answer", "log_dispatch", "log_critical", "answer", "dispatch", "came", "not_yet", "escalate", "resolve",
         "satisfied", "unsatisfied", "satisfied_five", "very_unsatisfied_five", "declined", "callback_failed",
         "review_upheld", "review_dismissed", "rectify", "rectify_reopen", "revisit", "reopen", "void", "note", "undo", "undo_lead",
         "pause", "resume", "extend", "extend_refused", "return_agreed", "return_refused", "add_call", "merge", "co_unit", "co_came", "co_not_yet")
START = datetime(2026, 11, 22, 14, 0).astimezone()


def _run(desk: Desk, street, step: str, tid: int | None) -> None:
    """One step as the window or the command line would call it; a refusal raises UserError."""
    op, lead = street.actors["op"], street.actors["lead"]
    unit = street.units[sorted(street.units)[0]]
    call = T.NewCall(description="楼道停电", caller_phone="13800138000",
                     community_id=street.communities["嘉宏三村"])
    if step == "log":
        T.log_call(desk, op, call)
    elif step == "log_answer":
        T.log_call(desk, op, call, answer="已告知停电原因")
    elif step == "log_dispatch":
        T.log_call(desk, op, call, dispatch=T.Dispatch(unit))
    elif step == "log_critical":  # 特急: the dispatch owes someone on site too (到场时限)
        T.log_call(desk, op, T.NewCall(description="电梯困人", urgency="critical"), dispatch=T.Dispatch(unit))
    elif tid is None:
        return
    elif step == "answer":
        T.answer(desk, op, tid, "已答复")
    elif step == "dispatch":
        T.dispatch(desk, op, tid, T.Dispatch(unit))
    elif step in ("came", "not_yet"):
        T.record_check_back(desk, op, tid, came=step == "came")
    elif step == "escalate":
        T.escalate(desk, op, tid, "物业不处理")
    elif step == "resolve":
        T.resolve(desk, op, tid, "已修复")
    elif step == "satisfied":
        T.record_satisfaction(desk, op, tid, "满意")
    elif step == "unsatisfied":
        T.record_satisfaction(desk, op, tid, "不满意", comment="还是没电")
    elif step == "satisfied_five":  # a desk on 好差评's five levels (the rating keeps its scale)
        T.record_satisfaction(desk, op, tid, "非常满意", scale=5)
    elif step == "very_unsatisfied_five":
        T.record_satisfaction(desk, op, tid, "非常不满意", scale=5)
    elif step == "declined":
        S.record_declined(desk, op, tid, "不愿评价")
    elif step == "callback_failed":  # the desk's third attempt ends the call as 回访不成功
        S.record_callback_failed(desk, op, tid, "无人接听")
    elif step in ("review_upheld", "review_dismissed"):
        S.decide_review(desk, lead, tid, step == "review_upheld", "已核实")
    elif step in ("rectify", "rectify_reopen"):
        S.rectify(desk, op, tid, "物业已整改", reopen=step == "rectify_reopen",
                  redispatch=T.Dispatch(unit) if step == "rectify_reopen" else None)
    elif step == "revisit":  # the 再回访 on a closed ticket; refused unless its review waits for it
        T.record_satisfaction(desk, op, tid, "满意")
    elif step == "reopen":
        T.reopen(desk, op, tid, "居民再次来电")
    elif step == "void":
        T.void(desk, lead, tid, "重复工单")
    elif step == "note":
        T.add_note(desk, op, tid, "已联系")
    elif step == "pause":
        T.pause(desk, op, tid, "居民外出，约定周末上门")
    elif step == "resume":
        T.resume(desk, op, tid)
    elif step in ("extend", "extend_refused"):
        from console.services.extensions import decide_extension, request_extension

        request_extension(desk, op, tid, 2, "材料未到")
        decide_extension(desk, lead, tid, step == "extend")
    elif step in ("return_agreed", "return_refused"):
        from console.services.returns import decide_return, return_dispatch

        with desk.db.read() as s:
            current = s.get(Ticket, tid).unit_id
        other = next(u for u in street.units.values() if u != current)
        return_dispatch(desk, op, tid, "不属于本单位")
        decide_return(desk, lead, tid, step == "return_agreed", T.Dispatch(other) if step == "return_agreed" else None)
    elif step == "add_call":
        T.add_call(desk, op, tid, T.NewCall(description="又打来催问", caller_phone="13900139000"))
    elif step == "merge":  # into the next ticket (by id): refused unless both are open
        from console.services.merging import merge_tickets

        with desk.db.read() as s:
            others = s.scalars(select(Ticket.number).where(Ticket.id > tid).order_by(Ticket.id)).all() or ["none"]
        merge_tickets(desk, lead, tid, others[0], "重复工单")
    elif step == "co_unit":  # 协办: another unit helps, with its own check-back
        from console.services.co_units import add_co_unit

        with desk.db.read() as s:
            current = s.get(Ticket, tid).unit_id
        add_co_unit(desk, op, tid, T.Dispatch(next(u for u in street.units.values() if u != current)))
    elif step in ("co_came", "co_not_yet"):
        from console.services.co_units import record_co_check_back
        from console.store.models import TicketCoUnit

        with desk.db.read() as s:
            co = s.scalar(select(TicketCoUnit.id).where(TicketCoUnit.ticket_id == tid)) or -1
        record_co_check_back(desk, op, tid, co, came=step == "co_came")
    elif step == "undo":  # within the minutes, the author; or refused
        T.undo_last_step(desk, op, tid)
    elif step == "undo_lead":
        T.undo_last_step(desk, lead, tid, "点错了")


def _state(desk: Desk) -> dict[int, tuple[str, int, tuple, bool, str | None]]:
    """Per ticket: status, version, its open deadlines (kind, due), whether it is paused (挂起) and its review."""
    with desk.db.read() as s:
        tickets = s.execute(select(Ticket.id, Ticket.status, Ticket.version, Ticket.paused_at,
                                   Ticket.review_stage)).all()
        rows = s.execute(select(Deadline.ticket_id, Deadline.kind, Deadline.due_at)
                         .where(Deadline.done_at.is_(None)).order_by(Deadline.id)).all()
    open_rows: dict[int, list] = {}
    for tid, kind, due in rows:
        open_rows.setdefault(tid, []).append((kind, due))
    return {tid: (status, version, tuple(open_rows.get(tid, ())), paused is not None, stage)
            for tid, status, version, paused, stage in tickets}


def _check(desk: Desk, state: dict) -> None:
    now = desk.now()
    for tid, (status, _version, rows, paused, stage) in state.items():
        kinds: dict[str, int] = {}
        for kind, _due in rows:
            kinds[kind] = kinds.get(kind, 0) + 1
        assert invariant_breaches(status, kinds, paused, stage) == [], (tid, status, rows, paused, stage)
        if status == "resolved":  # the services always open the satisfaction call
            assert kinds.get(SAT) == 1, (tid, rows)
    with desk.db.read() as s:
        queued = {d.ticket_id for d in due_queue(s, now, horizon=timedelta(days=60)) if d.kind == RES}
        figures = compute_kpis(period_tickets(s, START - timedelta(days=1), now + timedelta(days=1), detail=False),
                               [], start=START - timedelta(days=1), end=now + timedelta(days=1), tz=desk.tz,
                               as_of=now)
    running = {tid for tid, (status, _v, _rows, paused, _stage) in state.items()
               if status in OPEN_STATUS_CODES and not paused}
    assert running <= queued  # a paused ticket's pause is on record instead
    not_void = sum(1 for status, *_ in state.values() if status not in NOT_COUNTED_CODES)
    assert figures.received == not_void
    assert figures.answered + figures.done <= figures.received
    assert figures.on_time <= figures.done and figures.callbacks <= figures.done
    assert figures.overdue <= figures.received and figures.dispatched <= figures.received
    assert sum(figures.satisfaction_counts.values()) == figures.sat_calls
    assert sum(sum(c.values()) for c in figures.scale_counts.values()) == figures.sat_calls
    assert figures.satisfied <= figures.sat_calls


step_strategy = st.tuples(st.sampled_from(STEPS), st.integers(0, 3), st.integers(0, 36 * 60))


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(step_strategy, min_size=1, max_size=20))
def test_no_open_ticket_falls_out_of_the_due_queue_whatever_the_steps(template_db, tmp_path_factory, steps):
    from helpers import lookup_ids

    path = tmp_path_factory.mktemp("walk") / "desk.sqlite3"
    shutil.copyfile(template_db, path)
    db = Database(path)
    try:
        desk = Desk(db, FakeClock(START))
        street = lookup_ids(db)
        ids: list[int] = []
        for step, which, minutes in steps:
            desk.clock.advance(minutes=minutes)
            before = _state(desk)
            tid = ids[which % len(ids)] if ids else None
            try:
                _run(desk, street, step, tid)
            except UserError:
                assert _state(desk) == before, f"{step} was refused but changed something"
            after = _state(desk)
            ids = sorted(after)
            _check(desk, after)
    finally:
        db.dispose()
