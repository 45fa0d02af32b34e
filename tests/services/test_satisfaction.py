"""Satisfaction scales (issue 19): the desk's scale, 拒评, 回访不成功 and the review of an unfavourable rating."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.domain.errors import LifecycleError, PermissionDenied, ValidationError
from console.domain.lifecycle import Action, allowed_actions
from console.domain.satisfaction import label
from console.services import satisfaction as S
from console.services import tickets as T
from console.services.desk_settings import read_desk_settings, set_desk_settings
from console.store.models import Deadline, Ticket, TicketEvent


def _resolved(desk, street, operator) -> int:
    t = T.log_call(desk, operator, T.NewCall(description="楼道灯不亮", community_id=street.communities["嘉宏三村"]),
                   dispatch=T.Dispatch(street.units["嘉宏三村物业"]))
    T.resolve(desk, operator, t.id, "已换灯泡")
    return t.id


def _ticket(desk, tid):
    with desk.db.read() as s:
        t = s.get(Ticket, tid)
        s.expunge(t)
        return t


def _open(desk, tid):
    with desk.db.read() as s:
        return [(d.kind, d.due_at, d.snoozed_until) for d in s.scalars(
            select(Deadline).where(Deadline.ticket_id == tid, Deadline.done_at.is_(None)).order_by(Deadline.id))]


def _timeline(desk, tid):
    with desk.db.read() as s:
        return s.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == tid)
                         .order_by(TicketEvent.id)).all()


def test_the_scale_is_a_desk_setting_and_each_rating_keeps_the_scale_it_was_given_on(desk, street, operator, admin):
    assert read_desk_settings(desk).limits["satisfaction_scale"] == 3  # the seeds' three levels by default
    a, b = _resolved(desk, street, operator), _resolved(desk, street, operator)
    with pytest.raises(ValidationError):
        T.record_satisfaction(desk, operator, a, "非常满意")  # not a level of three
    T.record_satisfaction(desk, operator, a, "满意")
    with pytest.raises(ValidationError):
        set_desk_settings(desk, admin, limits={"satisfaction_scale": 4})
    set_desk_settings(desk, admin, limits={"satisfaction_scale": 5})
    T.record_satisfaction(desk, operator, b, "非常满意", attitude=5, ability=5)
    set_desk_settings(desk, admin, limits={"satisfaction_scale": 3})  # switching back leaves history as given
    ta, tb = _ticket(desk, a), _ticket(desk, b)
    assert (ta.satisfaction, ta.satisfaction_scale, tb.satisfaction, tb.satisfaction_scale) == (
        "satisfied", 3, "very_satisfied", 5)
    assert label(tb.satisfaction, tb.satisfaction_scale) == "非常满意" and tb.status == "closed"


def test_callback_failed_keeps_the_deadline_retries_later_and_the_last_attempt_ends_the_call(desk, street, operator,
                                                                                             clock):
    tid = _resolved(desk, street, operator)
    [(kind, due, _)] = _open(desk, tid)
    assert kind == "satisfaction"
    clock.advance(minutes=10)
    S.record_callback_failed(desk, operator, tid, "无人接听")
    assert _open(desk, tid) == [("satisfaction", due, clock.now() + timedelta(minutes=120))]  # due time stands
    assert _ticket(desk, tid).status == "resolved"
    clock.advance(hours=3)
    S.record_callback_failed(desk, operator, tid)
    clock.advance(hours=3)
    S.record_callback_failed(desk, operator, tid, "关机")  # the desk's third attempt (callback_attempts = 3)
    t = _ticket(desk, tid)
    assert (t.status, t.satisfaction, t.callback_outcome, t.callback_at) == ("closed", None, "unreachable",
                                                                             clock.now())
    assert _open(desk, tid) == []
    assert _timeline(desk, tid)[-3:] == ["callback_failed", "callback_failed", "callback_unreachable"]


def test_declined_closes_the_call_without_a_rating(desk, street, operator):
    tid = _resolved(desk, street, operator)
    S.record_declined(desk, operator, tid, "居民表示不评价")
    t = _ticket(desk, tid)
    assert (t.status, t.satisfaction, t.satisfaction_scale, t.callback_outcome) == ("closed", None, None, "declined")
    assert _open(desk, tid) == [] and t.review_stage is None


def test_an_unfavourable_rating_is_reviewed_rectified_and_called_again(desk, street, operator, supervisor, admin,
                                                                       clock):
    """非常不满意 on five → 回访复核 (supervisors, within a day) → 整改 (3 days) → 再回访 (a day) with its own rating."""
    set_desk_settings(desk, admin, limits={"satisfaction_scale": 5})
    tid = _resolved(desk, street, operator)
    T.record_satisfaction(desk, operator, tid, "非常不满意", attitude=1, ability=2, comment="灯又坏了")
    t = _ticket(desk, tid)
    assert (t.status, t.review_stage) == ("closed", "review")
    assert allowed_actions(t.status, review_stage=t.review_stage) == [
        Action.REVIEW_UPHELD, Action.REVIEW_DISMISSED, Action.VOID, Action.NOTE, Action.ADD_PHOTO]
    assert [k for k, *_ in _open(desk, tid)] == ["review"]
    with pytest.raises(PermissionDenied):
        S.decide_review(desk, operator, tid, True, "属实")
    with pytest.raises(LifecycleError):
        T.reopen(desk, operator, tid, "居民又来电")  # 整改 decides whether it is reopened
    with pytest.raises(LifecycleError):
        S.rectify(desk, operator, tid, "已整改")  # not before the review
    clock.advance(hours=2)
    S.decide_review(desk, supervisor, tid, True, "物业确未修好")
    assert _open(desk, tid) == [("rectify", clock.now() + timedelta(days=3), None)]
    clock.advance(hours=5)
    S.rectify(desk, operator, tid, "物业更换了整条线路")
    assert _open(desk, tid) == [("revisit", clock.now() + timedelta(days=1), None)]
    assert _ticket(desk, tid).review_stage == "revisit"
    clock.advance(hours=1)
    T.record_satisfaction(desk, operator, tid, "满意", attitude=4, ability=4)  # the 再回访
    t = _ticket(desk, tid)
    assert (t.status, t.review_stage, t.satisfaction, t.satisfaction_scale) == ("closed", "revisited", "satisfied", 5)
    assert _open(desk, tid) == []
    assert _timeline(desk, tid)[-4:] == ["unsatisfied", "review_upheld", "rectify", "revisit"]


def test_a_dismissed_review_ends_with_the_rating_standing(desk, street, operator, supervisor):
    tid = _resolved(desk, street, operator)
    T.record_satisfaction(desk, operator, tid, "不满意", comment="要求物业赔偿")
    S.decide_review(desk, supervisor, tid, False, "诉求超出物业职责，已解释")
    t = _ticket(desk, tid)
    assert (t.review_stage, t.satisfaction) == ("unjustified", "unsatisfied") and _open(desk, tid) == []
    with pytest.raises(LifecycleError):
        T.record_satisfaction(desk, operator, tid, "满意")  # no 再回访 waits


def test_an_unfavourable_second_call_opens_a_new_review_and_undo_takes_it_back(desk, street, operator, supervisor):
    tid = _resolved(desk, street, operator)
    T.record_satisfaction(desk, operator, tid, "不满意")
    S.decide_review(desk, supervisor, tid, True, "属实")
    S.rectify(desk, operator, tid, "已整改")
    T.record_satisfaction(desk, operator, tid, "不满意", comment="还是不行")
    assert _ticket(desk, tid).review_stage == "review" and [k for k, *_ in _open(desk, tid)] == ["review"]
    T.undo_last_step(desk, operator, tid)
    assert _ticket(desk, tid).review_stage == "revisit" and [k for k, *_ in _open(desk, tid)] == ["revisit"]


def test_a_revisit_without_an_answer_leaves_the_rating_and_ends_the_review(desk, street, operator, supervisor):
    tid = _resolved(desk, street, operator)
    T.record_satisfaction(desk, operator, tid, "不满意")
    S.decide_review(desk, supervisor, tid, True, "属实")
    S.rectify(desk, operator, tid, "已整改")
    S.record_declined(desk, operator, tid)
    t = _ticket(desk, tid)
    assert (t.review_stage, t.satisfaction, t.callback_outcome) == ("revisited", "unsatisfied", None)
    assert _open(desk, tid) == []


def test_whether_it_was_solved_is_kept_beside_the_rating_and_taken_back_with_it(desk, street, operator):
    """解决率's answer: by code or label, refused when it is neither, empty when not asked; undo takes it back."""
    a, b, c = (_resolved(desk, street, operator) for _ in range(3))
    with pytest.raises(ValidationError):
        T.record_satisfaction(desk, operator, a, "满意", solved="差不多吧")
    assert _ticket(desk, a).status == "resolved"  # nothing written for the refused answer
    T.record_satisfaction(desk, operator, a, "满意", solved="已解决")
    T.record_satisfaction(desk, operator, b, "基本满意", solved="partly")
    T.record_satisfaction(desk, operator, c, "满意", solved="")
    assert [_ticket(desk, x).solved for x in (a, b, c)] == ["solved", "partly", None]
    T.undo_last_step(desk, operator, a)
    assert (_ticket(desk, a).solved, _ticket(desk, a).satisfaction) == (None, None)
