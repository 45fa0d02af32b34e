"""The two satisfaction scales and the figures on them, counted by hand (console.domain.satisfaction, kpi)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.errors import ValidationError
from console.domain.kpi import KpiTicket
from console.domain.kpi_builder import compute_kpis
from console.domain.kpi_summary import summary_lines
from console.domain.satisfaction import TO_THREE, is_favourable, is_unfavourable, label, level, levels, to_three

T0 = datetime(2026, 7, 1, tzinfo=UTC)


def test_the_five_levels_are_the_national_good_bad_review_wording():
    assert [m.zh for m in levels(5)] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert [m.zh for m in levels(3)] == ["满意", "基本满意", "不满意"]
    assert level(5, "非常不满意").value == "very_unsatisfied" and level(3, "基本满意").value == "fairly"
    with pytest.raises(ValidationError):
        level(3, "非常满意")
    with pytest.raises(ValidationError):
        level(4, "满意")


def test_the_mapping_five_to_three_keeps_favourable_and_unfavourable():
    assert TO_THREE == {"very_satisfied": "satisfied", "satisfied": "satisfied", "fairly": "fairly",
                        "unsatisfied": "unsatisfied", "very_unsatisfied": "unsatisfied"}
    for code in TO_THREE:
        assert is_favourable(code) == is_favourable(to_three(code))
        assert is_unfavourable(code) == is_unfavourable(to_three(code))
    assert label("satisfied", 5) == "满意" and label("declined") == "拒评" and label("unreachable", None, "en") == (
        "Could not be reached")


def _t(i: int, sat: str | None = None, scale: int | None = None, outcome: str | None = None,
       stage: str | None = None, status: str = "closed") -> KpiTicket:
    at = T0 + timedelta(days=i)
    return KpiTicket(id=i, received_at=at, status=status, dispatched_at=at, resolved_at=at + timedelta(hours=5),
                     callback_at=at + timedelta(hours=20) if (sat or outcome) else None, satisfaction=sat,
                     satisfaction_scale=scale, callback_outcome=outcome, review_stage=stage)


def test_a_quarter_across_a_switch_counted_by_hand():
    """A desk on three levels switches to five half-way through the quarter.

    three: 满意, 满意, 基本满意, 不满意 (review dismissed)         4 ratings, 3 favourable
    five:  非常满意, 满意, 基本满意, 不满意 (review open), 非常不满意 (review open)
                                                               5 ratings, 3 favourable
    besides: one 拒评 (a visit), one 回访不成功 (not one), one resolved ticket not called yet.
    """
    rows = [
        _t(1, "satisfied", 3), _t(2, "satisfied", None),  # a rating from before scales were recorded: three
        _t(3, "fairly", 3), _t(4, "unsatisfied", 3, stage="unjustified"),
        _t(50, "very_satisfied", 5), _t(51, "satisfied", 5), _t(52, "fairly", 5),
        _t(53, "unsatisfied", 5, stage="review"), _t(54, "very_unsatisfied", 5, stage="rectify"),
        _t(60, outcome="declined"), _t(61, outcome="unreachable"), _t(62, status="resolved"),
    ]
    k = compute_kpis(rows, [], start=T0, end=T0 + timedelta(days=92), tz=UTC, as_of=T0 + timedelta(days=92))
    assert k.received == 12 and k.done == 12
    assert k.sat_calls == 9                       # ratings only: 拒评 and 回访不成功 are not in the denominator
    assert k.satisfied == 6 and k.satisfaction_rate == pytest.approx(6 / 9)
    assert k.callbacks == 10                      # 9 ratings + 1 拒评; 回访不成功 and the uncalled one are not visits
    assert k.callback_rate == pytest.approx(10 / 12)
    assert (k.declined, k.unreachable) == (1, 1)
    assert k.scale_counts[3] == {"satisfied": 2, "fairly": 1, "unsatisfied": 1}
    assert k.scale_counts[5] == {"very_satisfied": 1, "satisfied": 1, "fairly": 1, "unsatisfied": 1,
                                 "very_unsatisfied": 1}
    assert k.satisfaction_counts == {"satisfied": 4, "fairly": 2, "unsatisfied": 3}  # mapped to three
    assert k.mixed_scales and k.scales == (3, 5)
    assert k.satisfaction_rate_on(3) == pytest.approx(3 / 4) and k.satisfaction_rate_on(5) == pytest.approx(3 / 5)
    assert (k.reviews_open, k.reviews_dismissed) == (2, 1)
    lines = {ln.name: ln.value for ln in summary_lines(k)}
    assert (lines["拒评"], lines["回访不成功"], lines["差评复核中"], lines["满意度回访量"]) == (1, 1, 2, 9)


def test_a_quarter_on_one_scale_is_not_mixed():
    k = compute_kpis([_t(1, "very_satisfied", 5), _t(2, "very_unsatisfied", 5)], [], start=T0,
                     end=T0 + timedelta(days=30), tz=UTC, as_of=T0 + timedelta(days=30))
    assert k.scales == (5,) and not k.mixed_scales and k.satisfaction_rate == pytest.approx(0.5)
    assert k.by_category[0].satisfied == 1 and k.by_category[0].sat_calls == 2
