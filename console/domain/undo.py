"""Taking back a mistake: which step of a ticket can be undone, and by whom.

A careless click (办结 on the wrong ticket, 派单 to the wrong unit) must not
force a 重新办理 — that counts against the desk as a reopen — or a 作废. The
person who took a step can take it back within a few minutes (the desk's
setting, `DEFAULT_UNDO_MINUTES`); a supervisor can correct it later, with a
reason. The ticket returns to its state and deadlines from before the step
(the services keep that state with the step's event); both the step and its
undoing stay in the timeline and the audit trail, and no figure counts
either: the figures read the ticket's state, which is as if the step had not
been taken.

Only the latest step can be undone (then the one before it, and so on):
undoing a step in the middle would leave the later ones resting on a state
that no longer holds. Logging the call is not a step to undo (作废 is), and a
note changes no state.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .lifecycle import ACTION_LABELS, Action
from .permissions import may

DEFAULT_UNDO_MINUTES = 10
MAX_UNDO_MINUTES = 24 * 60
NOT_STEPS = frozenset({Action.NOTE.value, Action.UNDO.value, Action.ADD_PHOTO.value})  # in the timeline, not state changes
# a request for more time and its decision are the unit's and the supervisor's words: a wrong one is
# answered by a new request or decision, not taken back
NOT_UNDOABLE = frozenset({Action.REQUEST_EXTENSION.value, Action.APPROVE_EXTENSION.value,
                          Action.REFUSE_EXTENSION.value, Action.RETURN_DISPATCH.value, Action.APPROVE_RETURN.value,
                          Action.REFUSE_RETURN.value, Action.ADD_CALL.value,
                          Action.MERGE.value, Action.MERGE_IN.value,  # a merge spans two tickets
                          Action.ADD_CO_UNIT.value, Action.CO_CHECK_BACK.value,  # the co-unit's own records
                          # a call that did not get through happened; a wrong one is answered by the next call
                          Action.CALLBACK_FAILED.value})


@dataclass(frozen=True)
class StepRecord:
    """What the rule needs to know of one event of a ticket's timeline."""

    action: str
    actor_id: int | None
    at: datetime
    undone: bool
    has_state: bool  # the state from before it was kept (steps recorded before this feature have none)


@dataclass(frozen=True)
class UndoRight:
    """The answer for one actor: may they undo the step at `index` (None: nothing to undo)?"""

    index: int | None
    allowed: bool
    needs_reason: bool = False
    why_zh: str = ""
    why_en: str = ""


def last_step(events: Sequence[StepRecord]) -> int | None:
    """The index of the step an undo would take back: the latest one not yet undone (notes and
    undos skipped). None when that is the logging of the call, or there is none."""
    for i in range(len(events) - 1, -1, -1):
        e = events[i]
        if e.action in NOT_STEPS or e.undone:
            continue
        return None if e.action == Action.LOG.value else i
    return None


def undo_right(events: Sequence[StepRecord], *, actor_id: int | None, role: str, now: datetime,
               minutes: int = DEFAULT_UNDO_MINUTES) -> UndoRight:
    """Whether `actor_id` (with `role`) may undo the ticket's last step now, and if a reason is needed."""
    i = last_step(events)
    if i is None:
        return UndoRight(None, False, why_zh="这张工单没有可以撤销的操作。", why_en="This ticket has no step to undo.")
    e = events[i]
    if e.action in NOT_UNDOABLE:
        return UndoRight(i, False, why_zh="追加来电、延期和退单的申请与审批不能撤销；如有变化，请重新申请或由值班领导重新审批。",
                         why_en="A repeat call, a request for more time or a return, and its decision, cannot be "
                                "undone; make a new request or decision instead.")
    if not e.has_state:
        return UndoRight(i, False, why_zh="这一步是旧版本程序记录的，无法撤销；可用重新办理或作废。",
                         why_en="This step was recorded by an older version and cannot be undone; "
                                "reopen or void the ticket instead.")
    if e.actor_id == actor_id and now - e.at <= timedelta(minutes=minutes):
        return UndoRight(i, True)
    if may(role, "correct_steps"):
        return UndoRight(i, True, needs_reason=True)
    return UndoRight(i, False, why_zh=f"只能撤销自己在 {minutes} 分钟内的操作；请值班领导更正。",
                     why_en=f"You can undo only your own steps within {minutes} minutes; "
                            "ask a supervisor to correct it.")


def step_label(action: str, lang: str = "zh_CN") -> str:
    """The step's name as the timeline shows it ("派单")."""
    try:
        zh, en = ACTION_LABELS[Action(action)]
    except ValueError:
        return action
    return en if lang.startswith("en") else zh
