"""The ticket's use cases: one transaction each, each audited.

Every step asks the lifecycle table first (console.domain.lifecycle), opens
and closes the deadlines the step implies, writes a ticket event (the
timeline the operator sees) and an audit row (who, when, old → new).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..domain.address import normalise
from ..domain.enums import Channel, LabelledEnum, RequestType, Status, Urgency
from ..domain.errors import ConflictError, NotFound, ValidationError
from ..domain.lifecycle import Action, check_paused, check_review, next_status
from ..domain.permissions import require
from ..domain.phone import normalise_phone
from ..domain.ranking import check_dispatch_target
from ..domain.text import clean_text
from ..domain.ticket_number import format_ticket_number
from ..store.models import Contact, Ticket, TicketEvent, Unit, User
from . import step_undo
from .context import Actor, Changes, Desk, audit
from .deadlines import apply_step_effects
from .ticket_logging import NewTicketStep, counter_stmt, write_new_ticket

MAX_TEXT = 100_000


@dataclass
class NewCall:
    """What the operator typed on the New Call form."""

    description: str
    caller_phone: str = ""
    caller_name: str = ""
    channel: str = Channel.PHONE.value
    community_id: int | None = None
    building: str = ""
    room: str = ""
    address: str = ""
    request_type: str = RequestType.HELP.value
    category_id: int | None = None
    urgency: str = Urgency.NORMAL.value
    received_at: datetime | None = None
    confidential: bool = False  # 保密: name, phone and address hidden from every list and output


@dataclass(frozen=True)
class Dispatch:
    unit_id: int
    contact_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Logged:
    id: int
    number: str
    changes: Changes


def _enum(cls: type[LabelledEnum], value: str, field_zh: str, field_en: str) -> str:
    try:
        return str(cls.from_text(value))
    except ValueError:
        raise ValidationError(f"{field_zh}“{value}”无效。", f"Invalid {field_en}: {value!r}.") from None


def address_fields(building: str, room: str, address: str, community: str = "") -> dict[str, str]:
    """楼号 / 室号 / 地址 in their one stored form, with the matching key (console.domain.address); a
    ValidationError when a field is too long, before or after normalising. A new dict each call."""
    return dict(zip(_ADDRESS_COLUMNS, _address_values(building, room, address, community), strict=True))


_ADDRESS_COLUMNS = ("building", "room", "address", "address_key")


@lru_cache(maxsize=1024)
def _address_values(building: str, room: str, address: str, community: str) -> tuple[str, str, str, str]:
    """address_fields' values, remembered (the cleaning and normalising are pure; a refusal is not
    remembered): a desk's calls name the same buildings and rooms again and again."""
    a = normalise(clean_text(building, "楼号", "building", 32), clean_text(room, "室号", "room", 32),
                  clean_text(address, "地址", "address", 255), community)
    return (clean_text(a.building, "楼号", "building", 32), clean_text(a.room, "室号", "room", 32),
            clean_text(a.address, "地址", "address", 255), a.key)


def _request_type_code(value: str) -> str:
    """A default's code from its code or label; any other text is taken as a desk's own code
    (checked against the request_types table inside the transaction)."""
    try:
        return str(RequestType.from_text(value))
    except ValueError:
        return (value or "").strip()


def next_number(s: Session, desk: Desk, at: datetime) -> str:
    """Bump the day's counter atomically (INSERT … ON CONFLICT … RETURNING)."""
    local_day = desk.local(at).date()
    seq = s.execute(counter_stmt(s.get_bind().dialect.name), {"day": local_day.strftime("%Y%m%d")}).scalar_one()
    return format_ticket_number(local_day, seq)


def load_ticket(s: Session, ticket_id: int, expected_version: int | None = None) -> Ticket:
    t = s.get(Ticket, ticket_id, with_for_update=s.get_bind().dialect.name == "postgresql")
    if t is None:
        raise NotFound(f"工单 {ticket_id} 不存在。", f"Ticket {ticket_id} does not exist.")
    if expected_version is not None and t.version != expected_version:
        raise _conflict(s, t, expected_version)
    return t


def _conflict(s: Session, t: Ticket, expected_version: int) -> ConflictError:
    """Who changed the ticket since this seat read it, and how (its last steps, oldest first)."""
    from ..domain.lifecycle import ACTION_LABELS

    n = min(3, max(1, t.version - expected_version))
    rows = s.execute(
        select(TicketEvent.action, TicketEvent.detail, User.display_name, Unit.name)
        .outerjoin(User, TicketEvent.actor_id == User.id).outerjoin(Unit, TicketEvent.unit_id == Unit.id)
        .where(TicketEvent.ticket_id == t.id).order_by(TicketEvent.id.desc()).limit(n)).all()[::-1]
    status = Status(t.status)
    who_zh = "、".join(dict.fromkeys(r[2] or "系统" for r in rows)) or "另一席位"
    who_en = ", ".join(dict.fromkeys(r[2] or "system" for r in rows)) or "another seat"

    def step(r: Sequence[Any], zh: bool) -> str:  # a row: action, detail, who, unit
        try:
            label = ACTION_LABELS[Action(r[0])][0 if zh else 1]
        except (ValueError, KeyError):
            label = r[0]
        extra = r[3] or " ".join((r[1] or "").split())[:40]
        return (f"{label}（{extra}）" if zh else f"{label} ({extra})") if extra else label

    return ConflictError(
        f"工单 {t.number} 已被{who_zh}改动：{'；'.join(step(r, True) for r in rows) or '修改'}，"
        f"现状态“{status.zh}”。您这次的操作没有保存，请查看最新内容后再操作。",
        f"Ticket {t.number} was changed by {who_en}: {'; '.join(step(r, False) for r in rows) or 'edited'}; "
        f"now '{status.en}'. Your action was not saved; reload the ticket and try again.",
    )


def record_step(s: Session, desk: Desk, actor: Actor, t: Ticket, action: Action, now: datetime,
          detail: str = "", unit_id: int | None = None, extra_old: Mapping[str, object] | None = None,
          extra_new: Mapping[str, object] | None = None) -> None:
    old_status = t.status
    new_status = next_status(Status(old_status), action)
    check_paused(action, t.paused_at is not None)
    check_review(Status(old_status), action, t.review_stage)
    before = step_undo.capture(s, t) if action not in (Action.NOTE, Action.ADD_PHOTO) else None
    t.status = new_status.value
    t.updated_at = now
    event = TicketEvent(ticket_id=t.id, at=now, actor_id=actor.id, action=action.value,
                        from_status=old_status, to_status=new_status.value, unit_id=unit_id, detail=detail)
    s.add(event)
    audit(s, actor, now, action.value, "ticket", t.id,
          {"status": old_status, **(extra_old or {})},
          {"status": new_status.value, **(extra_new or {}), **({"detail": detail} if detail else {})})
    with s.no_autoflush:  # the caller still sets the step's fields: one flush (one version) per step
        done = apply_step_effects(s, t, action, now, actor)
        if before is not None:  # what an undo puts back (console.domain.undo)
            event.before_state = step_undo.encode(before, done)


def run_ticket_write(desk: Desk, fn: Callable[[Session], Changes]) -> Changes:
    try:
        with desk.db.write() as s:
            return fn(s)
    except StaleDataError:
        raise ConflictError("工单刚被另一席位改动，请刷新后再操作。",
                            "The ticket was just changed at another seat; reload and try again.") from None


def log_call(desk: Desk, actor: Actor, call: NewCall, *, answer: str | None = None,
             dispatch: Dispatch | None = None, shift_id: int | None = None) -> Logged:
    """Save a new ticket; optionally answer it or dispatch it in the same transaction."""
    now = desk.now()
    description = clean_text(call.description, "来电内容", "description", MAX_TEXT, required=True)
    phone = normalise_phone(call.caller_phone) if (call.caller_phone or "").strip() else ""
    fields = dict(
        caller_name=clean_text(call.caller_name, "来电人姓名", "caller name", 64),
        channel=_enum(Channel, call.channel, "来电渠道", "channel"),
        request_type=_request_type_code(call.request_type),
        urgency=_enum(Urgency, call.urgency, "紧急程度", "urgency"),
    )
    if answer is not None and dispatch is not None:
        raise ValidationError("不能同时直接答复和派单。", "Answer on the spot or dispatch, not both.")
    received = call.received_at or now
    if received.tzinfo is None:
        raise ValidationError("受理时间缺少时区。", "The received time has no time zone.")
    if received > now:
        raise ValidationError("受理时间不能晚于现在。", "The received time cannot be in the future.")

    step = None
    if dispatch is not None:
        step = NewTicketStep(Action.DISPATCH, unit_id=dispatch.unit_id, contact_id=dispatch.contact_id)
    elif answer is not None:
        step = NewTicketStep(Action.ANSWER)

    def clean_step() -> str:
        if answer is not None:
            return clean_text(answer, "答复内容", "answer", MAX_TEXT, required=True)
        return clean_text(dispatch.note if dispatch else "", "派单说明", "dispatch note", 2000)

    ticket = dict(received_at=received, caller_phone=phone, community_id=call.community_id,
                  category_id=call.category_id, description=description, confidential=bool(call.confidential),
                  result="", reopen_count=0, void_reason="", **fields)
    with desk.db.write_connection() as conn:
        tid, number = write_new_ticket(
            conn, actor, now, desk.local(received).date(), ticket,
            lambda community: address_fields(call.building, call.room, call.address, community),
            call.request_type, step, shift_id, clean_step)
    return Logged(tid, number, Changes(tickets={tid}, deadlines=answer is None))


def _answer(s: Session, desk: Desk, actor: Actor, t: Ticket, text: str, now: datetime) -> None:
    text = clean_text(text, "答复内容", "answer", MAX_TEXT, required=True)
    record_step(s, desk, actor, t, Action.ANSWER, now, detail=text)
    t.result = text
    t.resolved_at = now


def answer(desk: Desk, actor: Actor, ticket_id: int, text: str,
           expected_version: int | None = None) -> Changes:
    def work(s: Session) -> Changes:
        t = load_ticket(s, ticket_id, expected_version)
        _answer(s, desk, actor, t, text, desk.now())
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def dispatch_step(s: Session, desk: Desk, actor: Actor, t: Ticket, d: Dispatch, now: datetime) -> None:
    unit = s.get(Unit, d.unit_id)
    contact = s.get(Contact, d.contact_id) if d.contact_id is not None else None
    check_dispatch_target(d.unit_id, unit.active if unit is not None else None, d.contact_id,
                          contact.unit_id if contact is not None else None)
    assert unit is not None  # checked above
    old_unit = t.unit_id
    record_step(s, desk, actor, t, Action.DISPATCH, now,
          detail=clean_text(d.note, "派单说明", "dispatch note", 2000), unit_id=unit.id,
          extra_old={"unit_id": old_unit}, extra_new={"unit_id": unit.id, "contact_id": d.contact_id})
    t.unit_id = unit.id
    t.contact_id = contact.id if contact else None
    t.dispatched_at = now
    t.escalated_at = None  # a new dispatch starts new promises (the step's deadline effects)


def dispatch(desk: Desk, actor: Actor, ticket_id: int, choice: Dispatch,
             expected_version: int | None = None) -> Changes:
    def work(s: Session) -> Changes:
        t = load_ticket(s, ticket_id, expected_version)
        dispatch_step(s, desk, actor, t, choice, desk.now())
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def record_check_back(desk: Desk, actor: Actor, ticket_id: int, came: bool, note: str = "",
                      expected_version: int | None = None, arrived_at: datetime | None = None) -> Changes:
    """The call to the resident half an hour after dispatch: did anyone come? When someone came,
    `arrived_at` is when (the resident's or the unit's word; now when not given): kept on the ticket,
    and the time that closes a 特急 ticket's on-site arrival deadline (到场时限)."""
    from ..domain.deadline_effects import ARR
    from ..store.models import Deadline

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        action = Action.CHECK_BACK_CAME if came else Action.CHECK_BACK_NOT_YET
        arrived = None
        if came:
            arrived = arrived_at or now
            if arrived.tzinfo is None:
                raise ValidationError("到场时间缺少时区。", "The arrival time has no time zone.")
            if arrived > now:
                raise ValidationError("到场时间不能晚于现在。", "The arrival time cannot be in the future.")
            if t.dispatched_at is not None and arrived < t.dispatched_at:
                raise ValidationError(f"到场时间不能早于派单时间（{desk.local(t.dispatched_at):%m-%d %H:%M}）。",
                                      f"The arrival cannot be before the dispatch "
                                      f"({desk.local(t.dispatched_at):%m-%d %H:%M}).")
        detail = clean_text(note, "回访记录", "note", 2000)
        if arrived is not None and arrived != now:
            detail = f"到场 {desk.local(arrived):%m-%d %H:%M}" + (f"：{detail}" if detail else "")
        record_step(s, desk, actor, t, action, now, detail=detail)
        if arrived is not None:
            t.arrived_at = arrived
            for d in s.scalars(select(Deadline).where(Deadline.ticket_id == t.id, Deadline.kind == ARR,
                                                      Deadline.done_at == now, Deadline.outcome == "done")):
                d.done_at = arrived  # on time or late by when they came, not by when the desk heard
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def escalate(desk: Desk, actor: Actor, ticket_id: int, reason: str,
             expected_version: int | None = None) -> Changes:
    """Up to the street office: the resolution deadline moves to the escalated limit."""
    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        record_step(s, desk, actor, t, Action.ESCALATE, now,
              detail=clean_text(reason, "上报原因", "reason", 2000, required=True))
        t.escalated_at = now
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def resolve(desk: Desk, actor: Actor, ticket_id: int, result: str,
            expected_version: int | None = None) -> Changes:
    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        text = clean_text(result, "办理结果", "result", MAX_TEXT, required=True)
        record_step(s, desk, actor, t, Action.RESOLVE, now, detail=text)
        t.result = text
        t.resolved_at = now
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def _score(v: int | str | None, name_zh: str, name_en: str) -> int | None:
    if v is None or v == "":
        return None
    try:
        i = int(v)
    except (TypeError, ValueError):
        i = 0
    if not 1 <= i <= 5:
        raise ValidationError(f"{name_zh}评分必须是 1 到 5。", f"The {name_en} score must be 1 to 5.")
    return i


def _solved(value: str | None) -> str | None:
    """The 已解决 / 部分解决 / 未解决 answer as its code; empty: the call did not ask."""
    from ..domain.enums import Solved

    if value is None or not str(value).strip():
        return None
    try:
        return Solved.from_text(str(value)).value
    except ValueError:
        raise ValidationError("解决情况只能是：已解决、部分解决、未解决。",
                              "Whether it was solved must be one of: solved, partly solved, not solved.") from None


def record_satisfaction(desk: Desk, actor: Actor, ticket_id: int, satisfaction: str,
                        attitude: int | str | None = None, ability: int | str | None = None, comment: str = "",
                        scale: int | None = None, expected_version: int | None = None,
                        solved: str | None = None) -> Changes:
    """The satisfaction call's rating, on `scale` (the one the operator asked on; None: the desk's setting),
    kept with the scale, and whether the resident says it was solved (`solved`: enums.Solved by code or label;
    None or "": not asked — 解决率 counts only the tickets that were asked). A favourable rating closes the ticket; an unfavourable one closes it too and opens
    its review (回访复核, console.domain.satisfaction). On a closed ticket whose review waits for it, this is
    the 再回访: its rating becomes the ticket's, and an unfavourable one opens a new review."""
    from ..domain.deadline_effects import REV
    from ..domain.enums import ReviewStage
    from ..domain.satisfaction import check_scale, is_unfavourable, level
    from .deadlines import load_policy, open_deadline
    from .desk_settings import satisfaction_scale

    att, abl = _score(attitude, "服务态度", "attitude"), _score(ability, "办事能力", "ability")
    comment = clean_text(comment, "回访意见", "comment", 5000)
    if scale is not None:
        scale = check_scale(scale)
    solved_code = _solved(solved)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        sc = scale if scale is not None else satisfaction_scale(s)
        code = str(level(sc, satisfaction).value)
        unfavourable = is_unfavourable(code)
        revisit = t.review_stage == ReviewStage.REVISIT.value
        if t.status == Status.CLOSED.value:
            action = Action.REVISIT
        else:
            action = Action.UNSATISFIED if unfavourable else Action.SATISFIED
        record_step(s, desk, actor, t, action, now, detail=comment,
                    extra_old={"review_stage": t.review_stage} if revisit or unfavourable else None,
                    extra_new={"satisfaction": code, "satisfaction_scale": sc, "attitude": att, "ability": abl,
                               "solved": solved_code})
        t.satisfaction, t.satisfaction_scale, t.attitude, t.ability, t.callback_at = code, sc, att, abl, now
        t.solved = solved_code
        t.callback_outcome = None
        if unfavourable:
            t.review_stage = ReviewStage.REVIEW.value
            if action is Action.REVISIT:  # unfavourable again: a new review (a first call's opens by its effects)
                open_deadline(s, load_policy(s), t, REV, now)
        elif revisit:
            t.review_stage = ReviewStage.REVISITED.value
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def reopen(desk: Desk, actor: Actor, ticket_id: int, reason: str,
           expected_version: int | None = None) -> Changes:
    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        record_step(s, desk, actor, t, Action.REOPEN, now,
              detail=clean_text(reason, "重新办理原因", "reason", 2000, required=True))
        t.reopen_count += 1
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def void(desk: Desk, actor: Actor, ticket_id: int, reason: str,
         expected_version: int | None = None) -> Changes:
    """作废 (duplicate, prank, wrong number): supervisor only, never deleted."""
    require(actor.role, "void")

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        text = clean_text(reason, "作废原因", "reason", 2000, required=True)
        record_step(s, desk, actor, t, Action.VOID, now, detail=text)
        t.void_reason = text
        t.paused_at = None
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def add_note(desk: Desk, actor: Actor, ticket_id: int, text: str) -> Changes:
    def work(s: Session) -> Changes:
        t = load_ticket(s, ticket_id)
        record_step(s, desk, actor, t, Action.NOTE, desk.now(),
              detail=clean_text(text, "备注", "note", 5000, required=True))
        return Changes(tickets={t.id})
    return run_ticket_write(desk, work)


def undo_last_step(desk: Desk, actor: Actor, ticket_id: int, reason: str = "",
                   expected_version: int | None = None) -> Changes:
    """Take back the ticket's last step (console.domain.undo): its author within the desk's
    minutes, a supervisor any time with a reason. The ticket and its deadlines return to what
    they were; the step is marked undone and an 撤销 event says so; both are audited."""
    from ..domain.undo import StepRecord, step_label, undo_right
    from .desk_settings import undo_minutes

    reason = clean_text(reason, "更正原因", "reason", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        events = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == t.id)
                           .order_by(TicketEvent.at, TicketEvent.id)).all()
        right = undo_right([StepRecord(e.action, e.actor_id, e.at, e.undone_at is not None, bool(e.before_state))
                            for e in events], actor_id=actor.id, role=actor.role, now=now,
                           minutes=undo_minutes(s))
        if not right.allowed or right.index is None:
            raise ValidationError(right.why_zh, right.why_en)
        if right.needs_reason and not reason:
            raise ValidationError("更正别人的或较早的操作，请写明原因。",
                                  "Correcting someone else's or an older step needs a reason.")
        step = events[right.index]
        old_status = t.status
        with s.no_autoflush:
            step_undo.restore(s, t, step.before_state or "", step.at)
        t.updated_at = now
        step.undone_at, step.undone_by = now, actor.id
        label = step_label(step.action)
        s.add(TicketEvent(ticket_id=t.id, at=now, actor_id=actor.id, action=Action.UNDO.value,
                          from_status=old_status, to_status=t.status, unit_id=t.unit_id,
                          detail=f"撤销“{label}”（{desk.local(step.at):%m-%d %H:%M}）" + (f"：{reason}" if reason else "")))
        audit(s, actor, now, "undo_step", "ticket", t.id, {"status": old_status, "step": step.action, "event": step.id},
              {"status": t.status, **({"reason": reason} if reason else {})})
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def press(desk: Desk, actor: Actor, ticket_id: int, note: str, expected_version: int | None = None) -> Changes:
    """督办: a supervisor presses the unit on a ticket past its resolution deadline. Recorded as a step
    (the timeline, the audit trail, the unit's count of presses; console.reports.press_notice_pdf prints
    the notice); the ticket's status and deadlines stay as they are."""
    from ..store.models import Deadline

    require(actor.role, "press")
    note = clean_text(note, "督办意见", "note", 2000, required=True)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        due = s.scalar(select(Deadline.due_at).where(Deadline.ticket_id == t.id, Deadline.kind == "resolution",
                                                     Deadline.done_at.is_(None)))
        if due is None:  # not in a unit's hands, or paused: the lifecycle says which, else this
            next_status(Status(t.status), Action.PRESS)
            check_paused(Action.PRESS, t.paused_at is not None)
            raise ValidationError("工单没有正在计时的办结时限，不需要督办。", "The ticket has no running deadline to press.")
        if due > now:
            raise ValidationError(f"工单 {t.number} 还没有超过办结时限（{desk.local(due):%m-%d %H:%M}），不需要督办。",
                                  f"Ticket {t.number} is not past its resolution deadline "
                                  f"({desk.local(due):%m-%d %H:%M}); no need to press.")
        record_step(s, desk, actor, t, Action.PRESS, now, detail=note, unit_id=t.unit_id)
        return Changes(tickets={t.id})
    return run_ticket_write(desk, work)


def pause(desk: Desk, actor: Actor, ticket_id: int, reason: str, expected_version: int | None = None) -> Changes:
    """挂起: the ticket waits on the resident (away, to send papers, to let the unit in). Its running
    deadlines stop (closed as paused, console.domain.deadline_effects); nothing but 恢复办理, a note
    or 作废 is taken until it resumes."""
    reason = clean_text(reason, "挂起原因", "reason", 2000, required=True)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        record_step(s, desk, actor, t, Action.PAUSE, now, detail=reason)
        t.paused_at = now
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def resume(desk: Desk, actor: Actor, ticket_id: int, note: str = "", expected_version: int | None = None) -> Changes:
    """恢复办理: the deadlines the pause stopped run on, each with the time it had left."""
    from ..domain.deadline_effects import ESCALATED_RESOLUTION, PAUSED, RES, RULE_OF_KIND, resumed_due
    from ..store.models import Deadline
    from .deadlines import load_policy, parent_of

    note = clean_text(note, "备注", "note", 2000)

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        paused_at = t.paused_at
        record_step(s, desk, actor, t, Action.RESUME, now, detail=note)
        stopped = s.scalars(select(Deadline).where(Deadline.ticket_id == t.id, Deadline.outcome == PAUSED,
                                                   Deadline.done_at == paused_at)).all()
        policy = load_policy(s)
        parent = parent_of(s, t.category_id)
        for d in stopped:
            rule = RULE_OF_KIND.get(d.kind, d.kind)
            if d.kind == RES and t.escalated_at is not None:
                rule = ESCALATED_RESOLUTION
            found = policy.rule_or_none(rule, t.category_id, t.urgency, parent)
            working = (policy.calendar, policy.tz) if found is not None and found[1] else None
            s.add(Deadline(ticket_id=t.id, kind=d.kind, start_at=now, co_unit_id=d.co_unit_id,
                           due_at=resumed_due(d.due_at, paused_at or now, now, working)))
        t.paused_at = None
        return Changes(tickets={t.id}, deadlines=True)
    return run_ticket_write(desk, work)


def add_call(desk: Desk, actor: Actor, ticket_id: int, call: NewCall) -> Logged:
    """追加: the caller rings again about an open ticket; the call is kept on it (not a new ticket, so
    受理量 counts the matter once), counted as a press on its unit (催办), and the caller joins the
    ones to call back. The ticket's status and deadlines stay as they are."""
    from ..store.models import TicketCall

    description = clean_text(call.description, "来电内容", "description", MAX_TEXT, required=True)
    phone = normalise_phone(call.caller_phone) if (call.caller_phone or "").strip() else ""
    name = clean_text(call.caller_name, "来电人姓名", "caller name", 64)

    numbers: list[str] = []

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id)
        numbers.append(t.number)
        who = " ".join(x for x in (name, phone) if x) or "来电人"
        record_step(s, desk, actor, t, Action.ADD_CALL, now, unit_id=t.unit_id, detail=f"{who}：{description}")
        s.add(TicketCall(ticket_id=t.id, at=now, caller_phone=phone, caller_name=name, description=description,
                         operator_id=actor.id))
        return Changes(tickets={t.id})
    changes = run_ticket_write(desk, work)
    return Logged(ticket_id, numbers[-1], changes)
