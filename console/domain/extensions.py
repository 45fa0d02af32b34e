"""延期: a unit asks for more time on a ticket, a supervisor decides.

The 12345 rules let a unit that cannot finish within its limit ask, once or
twice, for a few more working days, with a reason; the hotline's supervisor
approves (the resolution deadline moves by that many working days, on the
desk's calendar) or refuses (the unit keeps its limit, and is overdue when
it passes). Each request and decision is a step in the ticket's timeline and
is counted against the unit in the quarterly figures (approved ones).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import ValidationError

MAX_REQUESTS = 2  # per ticket (the default; a desk setting: services.desk_settings)
MAX_DAYS = 5      # working days per request (the default; a desk setting)


@dataclass(frozen=True)
class ExtensionState:
    """What the rule needs to know about a ticket's requests so far."""

    requests: int        # made so far (decided or not)
    pending: bool        # one waits for a decision
    has_unit: bool
    running: bool        # its resolution deadline is running (not paused, not done)


def check_request(state: ExtensionState, working_days: int, reason: str, max_requests: int = MAX_REQUESTS,
                  max_days: int = MAX_DAYS) -> None:
    """A ValidationError (Chinese first) when this request cannot be recorded (the desk's limits)."""
    if not state.has_unit:
        raise ValidationError("工单还没有派给承办单位，不能申请延期。", "The ticket has no unit to ask for more time.")
    if not state.running:
        raise ValidationError("工单没有正在计时的办结时限（已挂起或已办结），不能申请延期。",
                              "The ticket has no running resolution deadline (paused or done).")
    if state.pending:
        raise ValidationError("这张工单已有一个延期申请等待审批。", "A request for more time already waits for a decision.")
    if state.requests >= max_requests:
        raise ValidationError(f"每张工单最多申请延期 {max_requests} 次。",
                              f"A ticket can be given more time at most {max_requests} times.")
    if not 1 <= working_days <= max_days:
        raise ValidationError(f"延期天数必须是 1 到 {max_days} 个工作日。",
                              f"More time must be 1 to {max_days} working days.")
    if not reason.strip():
        raise ValidationError("请写明延期原因。", "Please give the reason for more time.")


def pending_in(actions: Sequence[str]) -> bool:
    """Whether a ticket's timeline (its event actions, oldest first) ends with an undecided request."""
    for a in reversed(actions):
        if a == "request_extension":
            return True
        if a in ("approve_extension", "refuse_extension"):
            return False
    return False
