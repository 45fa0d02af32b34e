"""The ticket lifecycle as a transition table.

Every service that moves a ticket asks `next_status` first; the GUI asks
`allowed_actions` to decide which buttons to offer. One table, so the window,
the CLI and the tests cannot disagree.
"""
from __future__ import annotations

from enum import StrEnum

from .enums import Status
from .errors import LifecycleError


class Action(StrEnum):
    LOG = "log"                       # the call is saved (creates the ticket; not a transition)
    ANSWER = "answer"                 # answered on the spot
    DISPATCH = "dispatch"             # to a unit (also re-dispatch to another unit)
    CHECK_BACK_CAME = "check_back_came"      # someone came → in progress
    CHECK_BACK_NOT_YET = "check_back_not_yet"  # nobody yet → stays dispatched, new check-back
    ESCALATE = "escalate"             # to the street office
    RESOLVE = "resolve"
    SATISFIED = "satisfied"           # satisfaction call: a favourable rating → closed
    UNSATISFIED = "unsatisfied"       # satisfaction call: an unfavourable rating → closed, its review opens
    DECLINED = "declined"             # 拒评: the resident was reached and would not rate → closed, no rating
    CALLBACK_FAILED = "callback_failed"          # 回访不成功, tried again later (the deadline stands)
    CALLBACK_UNREACHABLE = "callback_unreachable"  # 回访不成功 at the desk's last attempt → closed, no rating
    REVIEW_UPHELD = "review_upheld"              # 回访复核: a supervisor finds the complaint justified → 整改
    REVIEW_DISMISSED = "review_dismissed"        # … or not: the review ends, the rating stands
    RECTIFY = "rectify"                          # 整改: the unit's rectification, reported → 再回访
    RECTIFY_REOPEN = "rectify_reopen"            # 整改 that needs the work done again: the ticket is reopened
    REVISIT = "revisit"                          # 再回访: the second call, with its own rating
    REOPEN = "reopen"
    VOID = "void"
    NOTE = "note"                     # any time; no change of status
    PRESS = "press"                   # 督办: a supervisor presses the unit on an overdue ticket; no change
    UNDO = "undo"                     # a step taken back (console.domain.undo; not a transition)
    PAUSE = "pause"                   # 挂起: waiting on the resident; the deadlines stop (no change of status)
    RESUME = "resume"                 # 恢复办理: the deadlines run on with the time they had left
    REQUEST_EXTENSION = "request_extension"  # 申请延期: the unit asks for more time (console.domain.extensions)
    APPROVE_EXTENSION = "approve_extension"  # a supervisor grants it: the resolution deadline moves
    REFUSE_EXTENSION = "refuse_extension"    # … or refuses it: the unit keeps its limit
    ADD_CALL = "add_call"                    # 追加: a repeat call about the open matter, on its ticket
    RETURN_DISPATCH = "return_dispatch"      # 退单: the unit says the ticket is not its own (console.domain.returns)
    APPROVE_RETURN = "approve_return"        # a supervisor agrees: the ticket goes to another unit (改派)
    REFUSE_RETURN = "refuse_return"          # … or refuses: the first unit stays responsible
    MERGE = "merge"                          # 并单: this ticket is a duplicate, kept on another (console.domain.merging)
    MERGE_IN = "merge_in"                    # … and on the one that stays: its callers join this one's
    ADD_PHOTO = "add_photo"                  # 现场照片 kept with the ticket (console.services.photos); any time
    ADD_CO_UNIT = "add_co_unit"              # 协办: another unit helps the lead unit (主办), with its own check-back
    CO_CHECK_BACK = "co_check_back"          # … the call that checks whether the co-handling unit came


ACTION_LABELS: dict[Action, tuple[str, str]] = {
    Action.LOG: ("受理", "log the call"),
    Action.ANSWER: ("直接答复", "answer on the spot"),
    Action.DISPATCH: ("派单", "dispatch"),
    Action.CHECK_BACK_CAME: ("回访确认已到场", "record check-back (someone came)"),
    Action.CHECK_BACK_NOT_YET: ("回访确认未到场", "record check-back (not yet)"),
    Action.ESCALATE: ("上报街道", "escalate to the street office"),
    Action.RESOLVE: ("办结", "resolve"),
    Action.SATISFIED: ("满意度回访", "satisfaction call"),
    Action.UNSATISFIED: ("满意度回访（不满意）", "satisfaction call (unsatisfied)"),
    Action.DECLINED: ("满意度回访（拒评）", "satisfaction call (declined to rate)"),
    Action.CALLBACK_FAILED: ("回访不成功（再试）", "record a failed satisfaction call (retry)"),
    Action.CALLBACK_UNREACHABLE: ("回访不成功", "record the last failed satisfaction call"),
    Action.REVIEW_UPHELD: ("回访复核（属实）", "uphold the unfavourable rating"),
    Action.REVIEW_DISMISSED: ("回访复核（不属实）", "dismiss the unfavourable rating"),
    Action.RECTIFY: ("整改", "record the rectification"),
    Action.RECTIFY_REOPEN: ("整改（重新办理）", "rectify by reopening"),
    Action.REVISIT: ("再回访", "make the second satisfaction call"),
    Action.REOPEN: ("重新办理", "reopen"),
    Action.VOID: ("作废", "void"),
    Action.NOTE: ("添加备注", "add a note"),
    Action.PRESS: ("督办", "press the unit"),
    Action.UNDO: ("撤销", "undo"),
    Action.PAUSE: ("挂起", "pause"),
    Action.RESUME: ("恢复办理", "resume"),
    Action.REQUEST_EXTENSION: ("申请延期", "request more time"),
    Action.APPROVE_EXTENSION: ("同意延期", "grant more time"),
    Action.REFUSE_EXTENSION: ("不同意延期", "refuse more time"),
    Action.ADD_CALL: ("追加来电", "add a repeat call"),
    Action.RETURN_DISPATCH: ("退单", "record the unit's return"),
    Action.APPROVE_RETURN: ("同意退单", "agree to the return"),
    Action.REFUSE_RETURN: ("不同意退单", "refuse the return"),
    Action.MERGE: ("并单", "merge into another ticket"),
    Action.MERGE_IN: ("并入工单", "take in a merged ticket"),
    Action.ADD_PHOTO: ("添加照片", "add a photo"),
    Action.ADD_CO_UNIT: ("协办派单", "add a co-handling unit"),
    Action.CO_CHECK_BACK: ("协办回访", "check back on a co-handling unit"),
}

S = Status
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (S.LOGGED, Action.ANSWER): S.ANSWERED,
    (S.LOGGED, Action.DISPATCH): S.DISPATCHED,
    (S.REOPENED, Action.DISPATCH): S.DISPATCHED,
    (S.DISPATCHED, Action.DISPATCH): S.DISPATCHED,     # wrong unit: send to another
    (S.DISPATCHED, Action.CHECK_BACK_CAME): S.IN_PROGRESS,
    (S.DISPATCHED, Action.CHECK_BACK_NOT_YET): S.DISPATCHED,
    (S.DISPATCHED, Action.ESCALATE): S.ESCALATED,
    (S.IN_PROGRESS, Action.ESCALATE): S.ESCALATED,
    (S.DISPATCHED, Action.RESOLVE): S.RESOLVED,
    (S.IN_PROGRESS, Action.RESOLVE): S.RESOLVED,
    (S.ESCALATED, Action.RESOLVE): S.RESOLVED,
    (S.RESOLVED, Action.SATISFIED): S.CLOSED,
    (S.RESOLVED, Action.UNSATISFIED): S.CLOSED,
    (S.RESOLVED, Action.DECLINED): S.CLOSED,
    (S.RESOLVED, Action.CALLBACK_FAILED): S.RESOLVED,
    (S.RESOLVED, Action.CALLBACK_UNREACHABLE): S.CLOSED,
    # the review of an unfavourable rating (console.domain.satisfaction): which step fits, its stage says
    (S.CLOSED, Action.REVIEW_UPHELD): S.CLOSED,
    (S.CLOSED, Action.REVIEW_DISMISSED): S.CLOSED,
    (S.CLOSED, Action.RECTIFY): S.CLOSED,
    (S.CLOSED, Action.RECTIFY_REOPEN): S.REOPENED,
    (S.CLOSED, Action.REVISIT): S.CLOSED,
    (S.CLOSED, Action.DECLINED): S.CLOSED,               # … on the 再回访
    (S.CLOSED, Action.CALLBACK_FAILED): S.CLOSED,
    (S.CLOSED, Action.CALLBACK_UNREACHABLE): S.CLOSED,
    (S.RESOLVED, Action.REOPEN): S.REOPENED,
    (S.CLOSED, Action.REOPEN): S.REOPENED,
    (S.ANSWERED, Action.REOPEN): S.REOPENED,
}
for _s in (S.DISPATCHED, S.IN_PROGRESS, S.ESCALATED):  # a unit has the ticket
    for _a in (Action.PRESS, Action.REQUEST_EXTENSION, Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION,
               Action.ADD_CO_UNIT, Action.CO_CHECK_BACK):
        TRANSITIONS[(_s, _a)] = _s
for _a in (Action.RETURN_DISPATCH, Action.APPROVE_RETURN, Action.REFUSE_RETURN):  # before anyone came
    TRANSITIONS[(S.DISPATCHED, _a)] = S.DISPATCHED
for _s in (S.LOGGED, S.DISPATCHED, S.IN_PROGRESS, S.ESCALATED, S.REOPENED):  # whether it is paused: the service
    TRANSITIONS[(_s, Action.ADD_CALL)] = _s
    TRANSITIONS[(_s, Action.PAUSE)] = _s
    TRANSITIONS[(_s, Action.RESUME)] = _s
    TRANSITIONS[(_s, Action.MERGE)] = S.MERGED
    TRANSITIONS[(_s, Action.MERGE_IN)] = _s
for _s in Status:
    if _s not in (S.VOID, S.MERGED):  # both are ends: a merged ticket lives on in the one it went to
        TRANSITIONS[(_s, Action.VOID)] = S.VOID
    TRANSITIONS[(_s, Action.NOTE)] = _s
    TRANSITIONS[(_s, Action.ADD_PHOTO)] = _s

OPEN_STATUSES = frozenset({S.LOGGED, S.DISPATCHED, S.IN_PROGRESS, S.ESCALATED, S.REOPENED})
OPEN_STATUS_CODES = frozenset(s.value for s in OPEN_STATUSES)  # as stored in tickets.status
DONE_STATUSES = frozenset({S.RESOLVED, S.CLOSED})
# Tickets that 受理量 does not count (console.domain.kpi): voided ones, and duplicates merged into another
# ticket (the matter is counted once, on the ticket that stays).
NOT_COUNTED_CODES = frozenset({S.VOID.value, S.MERGED.value})


# a paused (挂起) ticket: nothing else (a merge ends the duplicate's pause; the ticket that stays keeps its own)
WHILE_PAUSED = frozenset({Action.RESUME, Action.NOTE, Action.VOID, Action.ADD_CALL, Action.MERGE, Action.MERGE_IN,
                          Action.ADD_PHOTO})


# a closed ticket takes these only at its review's stage (tickets.review_stage); see `check_review`
REVIEW_STEPS: dict[str, frozenset[Action]] = {
    "review": frozenset({Action.REVIEW_UPHELD, Action.REVIEW_DISMISSED}),
    "rectify": frozenset({Action.RECTIFY, Action.RECTIFY_REOPEN}),
    "revisit": frozenset({Action.REVISIT, Action.DECLINED, Action.CALLBACK_FAILED, Action.CALLBACK_UNREACHABLE}),
}
_ON_CLOSED = frozenset().union(*REVIEW_STEPS.values())
_DECIDING = frozenset({"review", "rectify"})


def allowed_actions(status: Status, paused: bool = False, review_stage: str | None = None) -> list[Action]:
    """The steps the window offers: by status, and while paused (挂起) only resuming, a note or 作废; on a
    closed ticket the review's steps only at their stage (`review_stage`)."""
    acts = [a for (s, a) in TRANSITIONS if s == status]
    if paused:
        return [a for a in acts if a in WHILE_PAUSED]
    if Status(status) is S.CLOSED:
        fits = REVIEW_STEPS.get(review_stage or "", frozenset())
        acts = [a for a in acts if (a not in _ON_CLOSED or a in fits)
                and not (a is Action.REOPEN and review_stage in _DECIDING)]
    return [a for a in acts if a is not Action.RESUME]


def _as_status(status: Status | str) -> Status:
    """`Status(status)` without the enum machinery's call when it is a member already (as every service
    passes it): the lifecycle checks run on every logged call."""
    return status if type(status) is Status else Status(status)


def _as_action(action: Action | str) -> Action:
    return action if type(action) is Action else Action(action)


def check_review(status: Status, action: Action, review_stage: str | None) -> None:
    """A LifecycleError when a closed ticket's review is not at the stage `action` belongs to, or when 重新办理
    would skip a review still to be decided or rectified (整改 reopens it: 整改（重新办理）)."""
    action = _as_action(action)
    if _as_status(status) is S.CLOSED and action is Action.REOPEN and review_stage in _DECIDING:
        raise LifecycleError("这张工单的不满意评价正在回访复核：请先复核，整改时可重新办理。",
                             "The unfavourable rating is under review: decide it first; rectifying may reopen.")
    if _as_status(status) is not S.CLOSED or action not in _ON_CLOSED:
        return
    if action not in REVIEW_STEPS.get(review_stage or "", frozenset()):
        zh_a, en_a = ACTION_LABELS[action]
        raise LifecycleError(f"这张工单没有等待“{zh_a}”的回访复核。",
                             f"This ticket has no review waiting to {en_a}.")


def check_paused(action: Action, paused: bool) -> None:
    """A LifecycleError when `action` does not fit the ticket being paused or not."""
    action = _as_action(action)
    if paused and action not in WHILE_PAUSED:
        raise LifecycleError("工单已挂起（等待居民）：请先“恢复办理”。",
                             "The ticket is paused (waiting on the resident): resume it first.")
    if not paused and action is Action.RESUME:
        raise LifecycleError("工单没有挂起，无需恢复办理。", "The ticket is not paused.")
    if paused and action is Action.PAUSE:  # pragma: no cover - PAUSE is not in WHILE_PAUSED
        raise LifecycleError("工单已经挂起。", "The ticket is already paused.")


def can(status: Status, action: Action) -> bool:
    return (_as_status(status), _as_action(action)) in TRANSITIONS


def next_status(status: Status, action: Action) -> Status:
    """The status after `action`, or a LifecycleError that says why not."""
    status, action = _as_status(status), _as_action(action)
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        zh_a, en_a = ACTION_LABELS[action]
        raise LifecycleError(
            f"工单当前状态为“{status.zh}”，不能{zh_a}。",
            f"A ticket that is '{status.en}' cannot {en_a}.",
        ) from None
