"""A compiled shape (console.demo.shapes), filled in with a ticket's times, gives the deadline rows the domain's
replay gives on those times: the demo generator compiles each shape once and the rows must not drift from the
one table the services use."""
from __future__ import annotations

import pytest

from console.demo.shapes import LOG_ACTOR, ON_SHIFT, SUPERVISOR, compile_shape
from console.domain.deadline_effects import replay

# the step sequences the generator plays, whole and cut short by "now"
PATHS = [
    ("log", "answer"),
    ("log", "void"),
    ("log", "dispatch", "check_back_came", "resolve", "satisfied"),
    ("log", "dispatch", "check_back_not_yet", "check_back_came", "escalate", "resolve", "satisfied"),
    ("log", "dispatch", "check_back_came", "escalate"),
    ("log", "dispatch", "check_back_came", "resolve", "unsatisfied", "review_upheld", "rectify_reopen",
     "dispatch", "check_back_came", "resolve", "satisfied"),
]
CASES = [(path[:n], same) for path in PATHS for n in range(1, len(path) + 1) for same in (False, True)]
MINUTES = {"check_back": 30, "resolution": 1440, "satisfaction": 1440, "escalated_resolution": 4320,
           "review": 2880, "rectify": 4320}  # no arrival rule: that optional kind opens nothing


def minutes_with_arrival(rule: str) -> int | None:
    return 60 if rule == "arrival" else MINUTES.get(rule)


@pytest.mark.parametrize("minutes", [MINUTES.get, minutes_with_arrival])
@pytest.mark.parametrize(("actions", "same"), CASES)
def test_a_filled_shape_is_the_domain_replay(actions, same, minutes):
    ats = [1_000_000 + 600 * i for i in range(len(actions))]
    if same and len(ats) > 1:
        ats[1] = ats[0]
    who = [100 + i for i in range(len(actions))]
    expected = [(d.kind, d.start_at, d.due_at, d.done_at, d.done_by, d.outcome)
                for d in replay([(a, t, w) for a, t, w in zip(actions, ats, who, strict=True)],
                                lambda rule, start: None if minutes(rule) is None else start + minutes(rule) * 60)]
    shape = compile_shape(actions, same and len(ats) > 1, minutes)
    got = [(kind, ats[start], ats[due_from] + due_after, None if done is None else ats[done],
            None if done is None else who[done], outcome)
           for kind, start, due_from, due_after, done, outcome in shape.deadlines]
    assert got == expected
    assert [m[2] for m in shape.moves] == [
        LOG_ACTOR if a == "log" else SUPERVISOR if a in ("void", "review_upheld") else ON_SHIFT for a in actions]
