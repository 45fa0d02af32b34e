"""A demo ticket's replay, worked out once per *shape* instead of once per ticket.

What the services would record for a ticket — each step's from/to status and who takes it, the deadline
rows the steps open and close (console.domain.deadline_effects.replay), the ticket's final status, review
stage and reopen count — depends only on the sequence of actions replayed, whether the first step after
logging happened in the same instant (the log then opens nothing: `log_opens`), and the deadline rules'
minutes for the ticket's category and urgency. A two-year demo has a few thousand such shapes and a million
tickets: the generator (console.demo.history) compiles a `Shape` the first time it meets one and then only
fills in each ticket's times, units and texts.

The compilation runs the domain's own deadline replay on step *indexes* instead of times, so the rows are
the ones that table gives, not a second copy of its rules.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..domain.deadline_effects import replay
from ..domain.lifecycle import TRANSITIONS

# The lifecycle as plain strings, straight from the domain table.
NEXT: dict[tuple[str, str], str] = {(s.value, a.value): t.value for (s, a), t in TRANSITIONS.items()}

# Who takes a step: the operator who logged the call, the supervisor, or the operator on shift at the step.
LOG_ACTOR, SUPERVISOR, ON_SHIFT = 0, 1, 2
_SUPERVISOR_ACTIONS = ("void", "review_upheld")


@dataclass(frozen=True, slots=True)
class Shape:
    """A replay with the times left out; step indexes stand for the ticket's own steps."""

    moves: tuple[tuple[str | None, str, int, bool], ...]   # per step: from, to, who (LOG_ACTOR…), is a dispatch
    # per deadline row, in the order opened: kind, start step, due from step, due seconds after it,
    # closing step (None: still open), outcome
    deadlines: tuple[tuple[str, int, int, int, int | None, str | None], ...]
    status: str | None
    result: int | None      # the answer or resolve step whose text and time are the result
    dispatch: int | None    # the last dispatch (unit, contact, dispatched at)
    escalate: int | None    # an escalation after the last dispatch
    rating: int | None      # the last satisfaction call (satisfied/unsatisfied)
    void: int | None
    stage: str | None       # review stage (回访复核 → 整改 → 再回访)
    reopen: int


def compile_shape(actions: Sequence[str], same_instant: bool, minutes: Callable[[str], int | None],
                  minute: int = 60) -> Shape:
    """The shape of replaying `actions` (the steps up to now, the first a log); `same_instant`: the second
    step happened when the call was logged; `minutes(rule)` the ticket's deadline rule (None: none covers it)."""
    moves = []
    status: str | None = None
    result = dispatch = escalate = rating = void = None
    stage: str | None = None
    reopen = 0
    for i, action in enumerate(actions):
        if action == "log":
            frm, to, who = None, "logged", LOG_ACTOR
        else:
            frm, to = status, NEXT[(status, action)]  # type: ignore[index]
            who = SUPERVISOR if action in _SUPERVISOR_ACTIONS else ON_SHIFT
        moves.append((frm, to, who, action == "dispatch"))
        if action in ("answer", "resolve"):
            result = i
        elif action == "dispatch":
            dispatch, escalate = i, None
        elif action == "escalate":
            escalate = i
        elif action in ("satisfied", "unsatisfied"):
            rating = i
            if action == "unsatisfied":
                stage = "review"
            elif stage == "revisit":  # the call after 整改 is the 再回访
                stage = "revisited"
        elif action == "review_upheld":
            stage = "rectify"
        elif action == "rectify_reopen":
            stage = "revisit"
            reopen += 1
        elif action == "void":
            void = i
        status = to

    def due(rule: str, start: int) -> tuple[int, int] | None:
        m = minutes(rule)
        return None if m is None else (start, m * minute)

    # step 1 in the same instant as the log: the same moment (index 0) for the log's same-instant test
    played = [(a, 0 if i == 1 and same_instant else i, i) for i, a in enumerate(actions)]
    rows = tuple((d.kind, d.start_at, d.due_at[0], d.due_at[1], None if d.done_at is None else d.done_by, d.outcome)
                 for d in replay(played, due))
    return Shape(tuple(moves), rows, status, result, dispatch, escalate, rating, void, stage, reopen)
