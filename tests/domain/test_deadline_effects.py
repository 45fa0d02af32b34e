"""The one table of what each lifecycle step does to deadlines."""
from __future__ import annotations

from console.domain.deadline_effects import CB, RES, SAT, effects_of
from console.domain.lifecycle import TRANSITIONS, Action


def test_every_step_that_changes_the_status_has_its_effects_written_down():
    actions = {a for (_status, a) in TRANSITIONS}
    without = {a for a in actions if not effects_of(a).changes_anything}
    assert without == {Action.ANSWER, Action.NOTE}  # answered on the spot, a note: nothing promised


def test_a_new_dispatch_supersedes_the_old_promises_and_makes_new_ones():
    fx = effects_of(Action.DISPATCH)
    assert dict(fx.close) == {CB: "superseded", RES: "superseded"}
    assert [k for k, _ in fx.open] == [CB, RES]


def test_resolving_hands_over_to_the_satisfaction_call_and_voiding_cancels_all():
    assert dict(effects_of(Action.RESOLVE).close) == {RES: "done", CB: "superseded"}
    assert effects_of(Action.RESOLVE).open == ((SAT, SAT),)
    assert dict(effects_of(Action.VOID).close) == {CB: "cancelled", RES: "cancelled", SAT: "cancelled"}
    assert effects_of(Action.ESCALATE).retime == ((RES, "escalated_resolution"),)
    assert not effects_of("note").changes_anything and not effects_of("log").changes_anything
