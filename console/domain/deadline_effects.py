"""What each lifecycle step does to a ticket's deadlines: opens, closes, supersedes, re-times.

The due queue is a query over deadline rows, so every path that records a
step — the services (the window and the command line), the demo history
generator and the import of an old register — must open and close the same
rows for the same step. This table is that rule, once; each path applies it
to its own storage (a session, or the generator's in-memory rows).

- A new dispatch starts new promises: the old check-back and resolution
  deadlines are *superseded* (not failed) and new ones open.
- "Nobody came yet" closes the check-back and opens the next one.
- Escalation supersedes the check-back and re-times the open resolution
  deadline from its start with the escalated limit (or opens one).
- Resolving closes the resolution deadline, supersedes the check-back and
  opens the satisfaction call; the satisfaction call closes it.
- Reopening cancels a pending satisfaction call; voiding cancels everything.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from .enums import DeadlineKind, DeadlineOutcome
from .lifecycle import Action

CB, RES, SAT = DeadlineKind.CHECK_BACK.value, DeadlineKind.RESOLUTION.value, DeadlineKind.SATISFACTION.value
DONE, CANCELLED, SUPERSEDED = (DeadlineOutcome.DONE.value, DeadlineOutcome.CANCELLED.value,
                               DeadlineOutcome.SUPERSEDED.value)
ESCALATED_RESOLUTION = "escalated_resolution"  # the deadline rule's kind for a resolution once escalated


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
    Action.DISPATCH: DeadlineEffects(close=((CB, SUPERSEDED), (RES, SUPERSEDED)), open=((CB, CB), (RES, RES))),
    Action.CHECK_BACK_CAME: DeadlineEffects(close=((CB, DONE),)),
    Action.CHECK_BACK_NOT_YET: DeadlineEffects(close=((CB, DONE),), open=((CB, CB),)),
    Action.ESCALATE: DeadlineEffects(close=((CB, SUPERSEDED),), retime=((RES, ESCALATED_RESOLUTION),)),
    Action.RESOLVE: DeadlineEffects(close=((RES, DONE), (CB, SUPERSEDED)), open=((SAT, SAT),)),
    Action.SATISFIED: DeadlineEffects(close=((SAT, DONE),)),
    Action.UNSATISFIED: DeadlineEffects(close=((SAT, DONE),)),
    Action.REOPEN: DeadlineEffects(close=((SAT, CANCELLED),)),
    Action.VOID: DeadlineEffects(close=((CB, CANCELLED), (RES, CANCELLED), (SAT, CANCELLED))),
}


def effects_of(action: str) -> DeadlineEffects:
    """The deadline effects of a step (answer, note and logging have none)."""
    return EFFECTS.get(action, _NONE)


@dataclass
class ReplayedDeadline:
    """A deadline row a replay leaves behind (`done_at`/`outcome` None: still open at the end)."""

    kind: str
    start_at: datetime
    due_at: datetime
    done_at: datetime | None = None
    outcome: str | None = None


def replay(steps: Iterable[tuple[str, datetime]],
           due_at: Callable[[str, datetime], datetime]) -> list[ReplayedDeadline]:
    """The deadline rows a ticket's steps leave behind, in the order they were opened.

    Each (action, at) closes, re-times and opens rows as `EFFECTS` says, in
    memory, so a path that writes history in bulk (the import of an old
    register) gets the same rows as the services would have written step by
    step. `due_at(rule, start)` is the desk's deadline policy for the ticket.
    """
    rows: list[ReplayedDeadline] = []
    pending: dict[str, ReplayedDeadline] = {}
    for action, at in steps:
        fx = effects_of(action)
        for kind, outcome in fx.close:
            row = pending.pop(kind, None)
            if row is not None:
                row.done_at, row.outcome = at, outcome
        opened = list(fx.open)
        for kind, rule in fx.retime:
            row = pending.get(kind)
            if row is not None:  # re-timed from when the promise started
                row.due_at = due_at(rule, row.start_at)
            else:
                opened.insert(0, (kind, rule))
        for kind, rule in opened:
            row = ReplayedDeadline(kind, at, due_at(rule, at))
            pending[kind] = row
            rows.append(row)
    return rows
