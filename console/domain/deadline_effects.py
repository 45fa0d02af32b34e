"""What each lifecycle step does to a ticket's deadlines: opens, closes, supersedes, re-times.

The due queue is a query over deadline rows, so every path that records a
step — the services (the window and the command line), the demo history
generator and the import of an old register — must open and close the same
rows for the same step. This table is that rule, once; each path applies it
to its own storage (a session, or in memory through `replay`).

The invariant the table keeps (`invariant_breaches` states it, the tests
drive random step sequences against it): an open ticket has exactly one open
resolution deadline — the promise the due queue reminds the desk of — so no
open ticket falls out of the queue; a resolved ticket waits on nothing but
its satisfaction call; an answered, closed or void ticket has nothing open.

- Logging a call opens the resolution deadline: from that moment the desk
  owes the resident an outcome. A step taken in the same instant as the
  logging (New Call's 直接答复 or 派单) is part of it: the log opens nothing
  that the step would close at once (`log_opens`).
- Answering on the spot closes it as done.
- A new dispatch starts new promises: the old check-back and resolution
  deadlines are *superseded* (not failed) and new ones open.
- "Nobody came yet" closes the check-back and opens the next one.
- Escalation supersedes the check-back and re-times the open resolution
  deadline from its start with the escalated limit (or opens one).
- Resolving closes the resolution deadline, supersedes the check-back and
  opens the satisfaction call; the satisfaction call closes it.
- 不满意 and 重新办理 open a new resolution deadline: a reopened ticket is
  owed an outcome again (re-dispatching it supersedes that one with the
  unit's own promise). Reopening cancels a pending satisfaction call.
- A dispatch of a 特急 ticket (where an arrival rule covers it) also opens
  the on-site arrival deadline; "someone came" closes it (at the arrival
  time recorded), a new dispatch supersedes it, resolving supersedes it.
- A co-handling unit (协办) has a check-back of its own (one row per unit,
  the services open and close them); resolving supersedes those still open.
- An unfavourable rating closes the ticket and opens its review (回访复核); upheld
  opens the rectification (整改时限), dismissed ends it; the rectification opens
  the second call (再回访), or, when the work must be done again, reopens the
  ticket (a resolution owed; its next satisfaction call is the 再回访). 拒评
  and the last 回访不成功 close the call like a rating; a failed attempt before
  the last keeps the call's deadline (the service snoozes it to the retry).
- Voiding cancels everything; merging (并单) closes everything of the duplicate
  as *merged*: the ticket it went to keeps its own deadlines.
- 挂起 (waiting on the resident) closes the running check-back and resolution
  deadlines as *paused*; 恢复办理 opens each again from the moment of resuming
  with the time it had left (`resumed_due`), so the pause counts neither
  towards the due queue nor against the on-time rate. A paused ticket is the
  one open ticket without an open resolution deadline: its pause is on record.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Generic, TypeVar

from .enums import DeadlineKind, DeadlineOutcome, Status
from .lifecycle import OPEN_STATUS_CODES, Action
from .work_calendar import WorkCalendar, add_working_minutes, working_minutes_between

CB, RES, SAT = DeadlineKind.CHECK_BACK.value, DeadlineKind.RESOLUTION.value, DeadlineKind.SATISFACTION.value
ARR = DeadlineKind.ARRIVAL.value  # optional: opened only where a rule covers the ticket (特急 by default)
CO_CB = DeadlineKind.CO_CHECK_BACK.value  # one per co-handling unit (协办), opened and closed by services.co_units
# the review of an unfavourable rating (console.domain.satisfaction): a stage each, on a closed ticket
REV, RECT, REVISIT = DeadlineKind.REVIEW.value, DeadlineKind.RECTIFY.value, DeadlineKind.REVISIT.value
REVIEW_KINDS = (REV, RECT, REVISIT)
DONE, CANCELLED, SUPERSEDED, PAUSED = (DeadlineOutcome.DONE.value, DeadlineOutcome.CANCELLED.value,
                                       DeadlineOutcome.SUPERSEDED.value, DeadlineOutcome.PAUSED.value)
MERGED = DeadlineOutcome.MERGED.value
ESCALATED_RESOLUTION = "escalated_resolution"  # the deadline rule's kind for a resolution once escalated
TICKET_KINDS = (CB, RES, SAT, ARR)
RULE_OF_KIND = {CO_CB: CB}  # the rule that times a deadline kind, where it is not the kind's own  # the kinds a ticket step opens (a missed call's call-back is not a ticket's)


@dataclass(frozen=True)
class DeadlineEffects:
    """Applied in this order: close, re-time (else open), open."""

    close: tuple[tuple[str, str], ...] = ()  # (deadline kind, outcome) of the open rows to close
    retime: tuple[tuple[str, str], ...] = ()  # (kind, rule): open rows re-timed from their start; none → open one
    open: tuple[tuple[str, str], ...] = ()  # (kind, rule) opened from the step's time

    @property
    def changes_anything(self) -> bool:
        return bool(self.close or self.retime or self.open)


_NONE = DeadlineEffects()

EFFECTS: dict[str, DeadlineEffects] = {
    Action.LOG: DeadlineEffects(open=((RES, RES),)),
    Action.ANSWER: DeadlineEffects(close=((RES, DONE),)),
    Action.DISPATCH: DeadlineEffects(close=((CB, SUPERSEDED), (RES, SUPERSEDED), (ARR, SUPERSEDED)),
                                     open=((CB, CB), (RES, RES), (ARR, ARR))),
    Action.CHECK_BACK_CAME: DeadlineEffects(close=((CB, DONE), (ARR, DONE))),
    Action.CHECK_BACK_NOT_YET: DeadlineEffects(close=((CB, DONE),), open=((CB, CB),)),
    Action.ESCALATE: DeadlineEffects(close=((CB, SUPERSEDED),), retime=((RES, ESCALATED_RESOLUTION),)),
    Action.RESOLVE: DeadlineEffects(close=((RES, DONE), (CB, SUPERSEDED), (ARR, SUPERSEDED), (CO_CB, SUPERSEDED)),
                                    open=((SAT, SAT),)),
    Action.SATISFIED: DeadlineEffects(close=((SAT, DONE),)),
    Action.UNSATISFIED: DeadlineEffects(close=((SAT, DONE),), open=((REV, REV),)),
    Action.DECLINED: DeadlineEffects(close=((SAT, DONE), (REVISIT, DONE))),
    # CALLBACK_FAILED keeps the call's deadline (the resident is owed it by the same time); the service sets
    # the retry as that deadline's snooze, so the due queue brings it back when the retry is due
    Action.CALLBACK_UNREACHABLE: DeadlineEffects(close=((SAT, DONE), (REVISIT, DONE))),
    Action.REVIEW_UPHELD: DeadlineEffects(close=((REV, DONE),), open=((RECT, RECT),)),
    Action.REVIEW_DISMISSED: DeadlineEffects(close=((REV, DONE),)),
    Action.RECTIFY: DeadlineEffects(close=((RECT, DONE),), open=((REVISIT, REVISIT),)),
    # reopened: the resolution is owed again; its next satisfaction call (opened by 办结) is the 再回访
    Action.RECTIFY_REOPEN: DeadlineEffects(close=((RECT, DONE),), open=((RES, RES),)),
    Action.REVISIT: DeadlineEffects(close=((REVISIT, DONE),)),  # unfavourable again: the service opens a review
    # a closed ticket waiting on its 再回访 may be reopened: the next satisfaction call is the 再回访
    Action.REOPEN: DeadlineEffects(close=((SAT, CANCELLED), (REVISIT, CANCELLED)), open=((RES, RES),)),
    Action.VOID: DeadlineEffects(close=((CB, CANCELLED), (RES, CANCELLED), (SAT, CANCELLED), (ARR, CANCELLED),
                                        (CO_CB, CANCELLED), (REV, CANCELLED), (RECT, CANCELLED),
                                        (REVISIT, CANCELLED))),
    Action.PAUSE: DeadlineEffects(close=((CB, PAUSED), (RES, PAUSED), (ARR, PAUSED), (CO_CB, PAUSED))),
    Action.MERGE: DeadlineEffects(close=((CB, MERGED), (RES, MERGED), (SAT, MERGED), (ARR, MERGED), (CO_CB, MERGED))),
    # RESUME reopens what PAUSE closed with the time each had left (`resumed_due`): not a rule's limit
}


def effects_of(action: str) -> DeadlineEffects:
    """The deadline effects of a step (a note has none)."""
    return EFFECTS.get(action, _NONE)


def log_opens(next_step_same_instant: bool) -> DeadlineEffects:
    """What logging opens: nothing when the next step happens in the same instant (New Call
    answering or dispatching as it saves), since that step would close or supersede it at once."""
    return _NONE if next_step_same_instant else EFFECTS[Action.LOG]


T = TypeVar("T")  # a moment: a datetime for the services and the import, an epoch for the demo


@dataclass
class ReplayedDeadline(Generic[T]):
    """A deadline row a replay leaves behind (`done_at`/`outcome` None: still open at the end)."""

    kind: str
    start_at: T
    due_at: T
    done_at: T | None = None
    outcome: str | None = None
    done_by: Any = None


def replay(steps: Iterable[Sequence[Any]], due_at: Callable[[str, T], T | None]) -> list[ReplayedDeadline[T]]:
    """The deadline rows a ticket's steps leave behind, in the order they were opened.

    Each (action, at[, who]) closes, re-times and opens rows as `EFFECTS` says,
    in memory, so a path that writes history in bulk (the import of an old
    register, the demo's generator) gets the same rows as the services would
    have written step by step. `due_at(rule, start)` is the desk's deadline
    policy for the ticket (None: no rule covers it, nothing opens); `who` is kept as `done_by` on the rows
    a step closes.
    """
    # (a million demo tickets pass through here: the loop keeps to locals and skips copies it does not need)
    played = [(s[0], s[1], s[2] if len(s) > 2 else None) for s in steps]
    rows: list[ReplayedDeadline[T]] = []
    pending: dict[str, ReplayedDeadline[T]] = {}
    last = len(played) - 1
    effects = EFFECTS.get
    for i, (action, at, who) in enumerate(played):
        if action == Action.LOG:
            fx = log_opens(i < last and played[i + 1][1] == at)
        else:
            fx = effects(action, _NONE)
        for kind, outcome in fx.close:
            row = pending.pop(kind, None)
            if row is not None:
                row.done_at, row.outcome, row.done_by = at, outcome, who
        opened: Sequence[tuple[str, str]] = fx.open
        if fx.retime:
            more = list(opened)
            for kind, rule in fx.retime:
                row = pending.get(kind)
                if row is not None:  # re-timed from when the promise started (re-timed kinds always have a rule)
                    row.due_at = due_at(rule, row.start_at) or row.due_at
                else:
                    more.insert(0, (kind, rule))
            opened = more
        for kind, rule in opened:
            due = due_at(rule, at)
            if due is None:  # an optional kind no rule covers (console.domain.deadline_policy.OPTIONAL_KINDS)
                continue
            row = ReplayedDeadline(kind, at, due)
            pending[kind] = row
            rows.append(row)
    return rows


def resumed_due(due: datetime, paused_at: datetime, resumed_at: datetime,
                working: tuple[WorkCalendar, tzinfo] | None = None) -> datetime:
    """A paused deadline's new due time: the time it had left when paused, from the moment of resuming;
    none left when it was already overdue: due at once. `working` (the desk's calendar and zone) for a
    deadline whose rule counts working time: the working minutes it had left, counted on working days."""
    if working is None:
        return resumed_at + max(due - paused_at, timedelta(0))
    calendar, tz = working
    return add_working_minutes(resumed_at, working_minutes_between(paused_at, due, calendar, tz), calendar, tz)


def invariant_breaches(status: str, open_kinds: Mapping[str, int], paused: bool = False,
                       review_stage: str | None = None) -> list[str]:
    """What is wrong with a ticket's open deadlines for its status (empty: nothing).

    `open_kinds` counts the ticket's open deadline rows by kind. The rule: an
    open ticket has exactly one open resolution deadline, or a recorded pause
    (`paused`) and none running; a resolved one only
    its satisfaction call (the services always open it; an imported register's
    resolved rows have none); an answered, closed or void ticket nothing; no
    ticket two open rows of one kind. The review of an unfavourable rating
    (`review_stage`) waits on exactly the deadline of its stage (`review_breaches`).
    Each breach is a short English phrase for logs and `check`.
    """
    out: list[str] = []
    n = {k: open_kinds.get(k, 0) for k in TICKET_KINDS}
    for kind, count in n.items():
        if count > 1:
            out.append(f"{count} open {kind} deadlines")
    if status in OPEN_STATUS_CODES and paused:
        if n[RES] or n[CB] or n[ARR] or open_kinds.get(CO_CB, 0):
            out.append("paused ticket with running deadlines")
    elif status in OPEN_STATUS_CODES:
        if n[RES] == 0:
            out.append("open ticket without an open resolution deadline")
        if n[SAT]:
            out.append("open ticket with a pending satisfaction call")
    elif status == Status.RESOLVED.value:  # its satisfaction call may be missing: an old register's
        if n[RES] or n[CB] or n[ARR] or open_kinds.get(CO_CB, 0):
            out.append("resolved ticket with an open check-back or resolution deadline")
    elif any(n.values()) or open_kinds.get(CO_CB, 0):
        out.append(f"{status} ticket with open deadlines")
    return out + review_breaches(status, review_stage, open_kinds)


_STAGE_KIND = {"review": REV, "rectify": RECT, "revisit": REVISIT}


def review_breaches(status: str, review_stage: str | None, open_kinds: Mapping[str, int]) -> list[str]:
    """A review waits on its stage's deadline, one row (a 再回访 on a reopened ticket waits on the ticket's own
    steps instead); no other review deadline is open, nor any once the review has ended or the ticket is void."""
    expected = _STAGE_KIND.get(review_stage or "")
    if status != Status.CLOSED.value:
        expected = None
    out = []
    for kind in REVIEW_KINDS:
        n = open_kinds.get(kind, 0)
        if kind == expected and n != 1:
            out.append(f"review at {review_stage} with {n} open {kind} deadlines")
        elif kind != expected and n:
            out.append(f"{n} open {kind} deadlines with the review at {review_stage or 'none'}")
    return out
