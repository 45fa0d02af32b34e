"""The one table of what each lifecycle step does to deadlines."""
from __future__ import annotations

from console.domain.deadline_effects import ARR, CB, CO_CB, RECT, RES, REV, REVISIT, SAT, effects_of, invariant_breaches
from console.domain.lifecycle import TRANSITIONS, Action


def test_every_step_that_changes_the_status_has_its_effects_written_down():
    actions = {a for (_status, a) in TRANSITIONS}
    without = {a for a in actions if not effects_of(a).changes_anything}
    # nothing new promised; resume: resumed_due; an extension moves the deadline by working days (services)
    assert without == {Action.NOTE, Action.PRESS, Action.RESUME, Action.REQUEST_EXTENSION,
                       Action.APPROVE_EXTENSION, Action.REFUSE_EXTENSION,
                       Action.RETURN_DISPATCH, Action.APPROVE_RETURN, Action.REFUSE_RETURN,  # a dispatch follows
                       Action.ADD_CALL, Action.MERGE_IN,  # the one that stays keeps its own deadlines
                       Action.ADD_PHOTO, Action.ADD_CO_UNIT, Action.CO_CHECK_BACK,  # the co-units: services
                       Action.CALLBACK_FAILED}  # the call's deadline stands; the service snoozes it to the retry


def test_a_new_dispatch_supersedes_the_old_promises_and_makes_new_ones():
    fx = effects_of(Action.DISPATCH)
    assert dict(fx.close) == {CB: "superseded", RES: "superseded", ARR: "superseded"}
    assert [k for k, _ in fx.open] == [CB, RES, ARR]  # the arrival deadline only where a rule covers the ticket


def test_resolving_hands_over_to_the_satisfaction_call_and_voiding_cancels_all():
    assert dict(effects_of(Action.RESOLVE).close) == {RES: "done", CB: "superseded", ARR: "superseded",
                                                      CO_CB: "superseded"}
    assert effects_of(Action.RESOLVE).open == ((SAT, SAT),)
    assert dict(effects_of(Action.VOID).close) == {CB: "cancelled", RES: "cancelled", SAT: "cancelled",
                                                   ARR: "cancelled", CO_CB: "cancelled", REV: "cancelled",
                                                   RECT: "cancelled", REVISIT: "cancelled"}
    assert effects_of(Action.ESCALATE).retime == ((RES, "escalated_resolution"),)
    assert not effects_of("note").changes_anything
    assert effects_of(Action.LOG).open == ((RES, RES),) and effects_of(Action.ANSWER).close == ((RES, "done"),)


def test_a_reopened_ticket_is_owed_an_outcome_again():
    assert effects_of(Action.RECTIFY_REOPEN).open == ((RES, RES),)  # 整改 that reopens the ticket
    assert effects_of(Action.REOPEN).open == ((RES, RES),)
    assert dict(effects_of(Action.REOPEN).close) == {SAT: "cancelled", REVISIT: "cancelled"}


def test_an_unfavourable_rating_is_reviewed_rectified_and_called_again():
    """回访复核 → 整改 → 再回访, each stage with its deadline; 拒评 and the last 回访不成功 end the call."""
    assert effects_of(Action.UNSATISFIED).close == ((SAT, "done"),)
    assert effects_of(Action.UNSATISFIED).open == ((REV, REV),)
    assert effects_of(Action.REVIEW_UPHELD).open == ((RECT, RECT),)
    assert effects_of(Action.REVIEW_DISMISSED).open == () and effects_of(Action.REVIEW_DISMISSED).close == ((REV, "done"),)
    assert effects_of(Action.RECTIFY).open == ((REVISIT, REVISIT),)
    assert effects_of(Action.REVISIT).close == ((REVISIT, "done"),)
    for a in (Action.DECLINED, Action.CALLBACK_UNREACHABLE):
        assert dict(effects_of(a).close) == {SAT: "done", REVISIT: "done"} and not effects_of(a).open


def test_a_review_waits_on_its_stages_deadline_only():
    assert invariant_breaches("closed", {REV: 1}, review_stage="review") == []
    assert invariant_breaches("closed", {RECT: 1}, review_stage="rectify") == []
    assert invariant_breaches("closed", {REVISIT: 1}, review_stage="revisit") == []
    assert invariant_breaches("closed", {}, review_stage="review") == ["review at review with 0 open review deadlines"]
    assert invariant_breaches("closed", {REV: 1}) != []  # no review on record
    assert invariant_breaches("dispatched", {RES: 1, CB: 1}, review_stage="revisit") == []  # reopened by 整改
    assert invariant_breaches("void", {}, review_stage="rectify") == []


def test_a_replay_leaves_the_rows_the_services_would_have_written():
    """The import of an old register replays its steps through the same table (console.services.imports)."""
    from datetime import UTC, datetime, timedelta

    from console.domain.deadline_effects import replay

    t0 = datetime(2026, 3, 1, 22, tzinfo=UTC)
    limits = {CB: 30, RES: 24 * 60, "escalated_resolution": 3 * 24 * 60, SAT: 24 * 60}

    def due(rule, start):  # no arrival rule: not 特急
        return start + timedelta(minutes=limits[rule]) if rule in limits else None

    h = timedelta(hours=1)
    rows = replay([("log", t0), (Action.DISPATCH, t0 + h), (Action.ESCALATE, t0 + 2 * h),
                   (Action.RESOLVE, t0 + 30 * h), (Action.SATISFIED, t0 + 40 * h)], due)
    got = [(d.kind, d.start_at - t0, d.due_at - d.start_at, d.outcome) for d in rows]
    assert got == [(RES, timedelta(0), timedelta(days=1), "superseded"),  # owed from the call on
                   (CB, h, timedelta(minutes=30), "superseded"),
                   (RES, h, timedelta(days=3), "done"),  # re-timed from its start once escalated
                   (SAT, 30 * h, timedelta(days=1), "done")]
    voided = replay([(Action.DISPATCH, t0), (Action.VOID, t0 + h)], due)
    assert [(d.kind, d.done_at, d.outcome) for d in voided] == [(CB, t0 + h, "cancelled"), (RES, t0 + h, "cancelled")]
    assert [d.outcome for d in replay([(Action.DISPATCH, t0)], due)] == [None, None]  # still open
    # New Call dispatching or answering as it saves: the log opens nothing the step would close at once
    assert [d.kind for d in replay([("log", t0), (Action.DISPATCH, t0)], due)] == [CB, RES]
    assert replay([("log", t0), (Action.ANSWER, t0)], due) == []
    assert [(d.kind, d.done_by) for d in replay([("log", t0, "op"), (Action.ANSWER, t0 + h, "sup")], due)] \
        == [(RES, "sup")]
    # a 特急 ticket: the arrival deadline opens with the dispatch, closes when someone came
    critical = replay([(Action.DISPATCH, t0), (Action.CHECK_BACK_CAME, t0 + h / 6)],
                      lambda rule, start: start + timedelta(minutes=15 if rule == ARR else limits[rule]))
    assert [(d.kind, d.outcome) for d in critical] == [(CB, "done"), (RES, None), (ARR, "done")]


def test_the_invariant_names_what_is_missing_or_extra():
    from console.domain.deadline_effects import invariant_breaches

    assert invariant_breaches("dispatched", {CB: 1, RES: 1}) == []
    assert invariant_breaches("reopened", {}) == ["open ticket without an open resolution deadline"]
    assert invariant_breaches("logged", {RES: 2}) == ["2 open resolution deadlines"]
    assert invariant_breaches("resolved", {SAT: 1}) == []
    assert invariant_breaches("resolved", {}) == []  # an old register's: no call owed from the import
    assert invariant_breaches("resolved", {SAT: 1, RES: 1}) != []
    assert invariant_breaches("closed", {}) == [] and invariant_breaches("void", {CB: 1}) != []
    assert invariant_breaches("answered", {"missed_callback": 1}) == []  # not a ticket's kind


def test_a_paused_ticket_resumes_with_the_time_it_had_left():
    from datetime import UTC, datetime, timedelta

    from console.domain.deadline_effects import invariant_breaches, resumed_due

    t0 = datetime(2026, 10, 1, 9, tzinfo=UTC)
    h = timedelta(hours=1)
    assert resumed_due(t0 + 5 * h, t0 + 2 * h, t0 + 50 * h) == t0 + 53 * h  # 3 hours left
    assert resumed_due(t0, t0 + 2 * h, t0 + 50 * h) == t0 + 50 * h  # overdue already: due at once
    assert invariant_breaches("dispatched", {}, paused=True) == []
    assert invariant_breaches("dispatched", {RES: 1}, paused=True) == ["paused ticket with running deadlines"]
