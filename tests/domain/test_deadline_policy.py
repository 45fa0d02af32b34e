"""Which time limit applies: the most specific rule wins, defaults from the seeds."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.deadline_policy import (
    DEFAULT_RULES,
    MAX_MINUTES,
    RULE_KINDS,
    DeadlinePolicy,
    DeadlineRule,
    validate_minutes,
)
from console.domain.enums import DeadlineKind, Urgency
from console.domain.errors import ValidationError

LEAK, WATER = 12, 10  # 水电气/漏水 under its parent 水电气
NOISE = 20


def test_rule_kinds() -> None:
    codes = [k.code for k in RULE_KINDS]
    assert codes == ["check_back", "resolution", "escalated_resolution", "satisfaction", "missed_callback", "arrival",
                     "review", "rectify", "revisit"]
    assert all(k.zh and k.en for k in RULE_KINDS)
    # every deadline kind the store records has a rule kind of the same code; a co-handling unit's
    # check-back is timed by the check-back rule (console.services.co_units)
    assert {k.value for k in DeadlineKind} - {"co_check_back"} <= set(codes)


def test_defaults_from_the_seeds() -> None:
    p = DeadlinePolicy(DEFAULT_RULES)
    assert p.minutes("check_back", None, "normal") == 30
    assert p.minutes("check_back", NOISE, "urgent") == 30
    assert p.minutes("check_back", NOISE, "critical") == 15
    assert p.minutes("resolution", NOISE, "normal") == 1440
    assert p.minutes("escalated_resolution", NOISE, "normal") == 4320
    assert p.minutes("satisfaction", None, None) == 1440
    assert p.minutes("missed_callback", None, None) == 15


def test_default_policy_needs_no_argument() -> None:
    assert DeadlinePolicy().minutes("check_back", None, None) == 30


def test_empty_table_falls_back_to_built_in_defaults() -> None:
    p = DeadlinePolicy([])
    assert p.minutes("check_back", LEAK, "critical", WATER) == 15
    assert p.minutes("resolution", LEAK, "normal", WATER) == 1440


SPECIFIC = [
    DeadlineRule("resolution", 100, category_id=LEAK, urgency="critical"),
    DeadlineRule("resolution", 200, category_id=LEAK),
    DeadlineRule("resolution", 300, category_id=WATER, urgency="critical"),
    DeadlineRule("resolution", 400, category_id=WATER),
    DeadlineRule("resolution", 500, urgency="critical"),
    DeadlineRule("resolution", 600),
]


@pytest.mark.parametrize(
    ("drop", "expected"),
    [(0, 100), (1, 200), (2, 300), (3, 400), (4, 500), (5, 600), (6, 1440)],
)
def test_most_specific_rule_wins(drop: int, expected: int) -> None:
    """Remove the rules one level at a time; each time the next level answers."""
    p = DeadlinePolicy(SPECIFIC[drop:])
    assert p.minutes("resolution", LEAK, "critical", parent_category_id=WATER) == expected


def test_urgency_specific_rule_does_not_apply_to_other_urgencies() -> None:
    p = DeadlinePolicy(SPECIFIC)
    assert p.minutes("resolution", LEAK, "normal", WATER) == 200
    assert p.minutes("resolution", NOISE, "normal") == 600
    assert p.minutes("resolution", NOISE, "critical") == 500
    assert p.minutes("resolution", None, None) == 600


def test_parent_category_applies_to_children_only_when_given() -> None:
    p = DeadlinePolicy(SPECIFIC[3:])
    assert p.minutes("resolution", LEAK, "normal", WATER) == 400
    assert p.minutes("resolution", LEAK, "normal") == 600
    assert p.minutes("resolution", WATER, "normal") == 400  # the parent itself


def test_rules_of_other_kinds_do_not_leak() -> None:
    p = DeadlinePolicy([DeadlineRule("resolution", 60, category_id=LEAK)])
    assert p.minutes("check_back", LEAK, "normal") == 30
    assert p.minutes("escalated_resolution", LEAK, "normal") == 4320


def test_duplicate_rules_shorter_wins_regardless_of_order() -> None:
    a, b = DeadlineRule("check_back", 20), DeadlineRule("check_back", 45)
    assert DeadlinePolicy([a, b]).minutes("check_back", None, None) == 20
    assert DeadlinePolicy([b, a]).minutes("check_back", None, None) == 20


def test_urgency_enum_accepted() -> None:
    p = DeadlinePolicy([DeadlineRule("check_back", 10, urgency=Urgency.URGENT)])
    assert p.minutes("check_back", None, Urgency.URGENT) == 10
    assert p.minutes("check_back", None, "urgent") == 10
    assert DeadlineRule("check_back", 10, urgency=Urgency.URGENT).urgency == "urgent"


def test_due_at() -> None:
    start = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
    p = DeadlinePolicy()
    assert p.due_at("check_back", start, NOISE, "normal") == start + timedelta(minutes=30)
    assert p.due_at("check_back", start, NOISE, "critical") == start + timedelta(minutes=15)
    assert p.due_at("escalated_resolution", start, LEAK, "normal", WATER) == start + timedelta(days=3)
    assert p.due_at("resolution", start, None, None).tzinfo is UTC


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "lunch", "minutes": 30},
        {"kind": "check_back", "minutes": 0},
        {"kind": "check_back", "minutes": 30, "urgency": "panic"},
    ],
)
def test_bad_rules_refused(bad: dict) -> None:
    with pytest.raises((ValueError, ValidationError)):
        DeadlineRule(**bad)


def test_unknown_kind_or_urgency_in_lookup_is_a_bug() -> None:
    with pytest.raises(ValueError):
        DeadlinePolicy().minutes("lunch", None, None)
    with pytest.raises(ValueError):
        DeadlinePolicy().minutes("check_back", None, "panic")


@pytest.mark.parametrize(
    ("value", "minutes"),
    [(1, 1), (30, 30), (43200, 43200), (30.0, 30), ("30", 30), (" 45 ", 45), ("３０", 30)],
)
def test_validate_minutes_accepts(value, minutes: int) -> None:
    assert validate_minutes(value) == minutes


@pytest.mark.parametrize(
    "value", [0, -5, 43201, MAX_MINUTES + 1, 10**9, 1.5, "1.5", "abc", "", None, True, False, [30], "-30", float("nan")]
)
def test_validate_minutes_refuses(value) -> None:
    with pytest.raises(ValidationError) as err:
        validate_minutes(value)
    assert err.value.zh == "时限必须是 1 到 43200 分钟之间的整数。"
    assert "43200" in err.value.en
