"""LabelledEnum.from_text: the code, the Chinese label or the English label (any case) names a member — the
first, in the members' order, that any of the three names — and nothing else does."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain import enums

LABELLED = [c for c in vars(enums).values()
            if isinstance(c, type) and issubclass(c, enums.LabelledEnum) and c is not enums.LabelledEnum]


def _by_walking(cls: type[enums.LabelledEnum], text: str | None) -> enums.LabelledEnum | None:
    """The rule written as a walk over the members (the look-up must agree with it)."""
    t = (text or "").strip()
    return next((m for m in cls if t == m.value or t == m.zh or t.lower() == m.en.lower()), None)


@pytest.mark.parametrize("cls", LABELLED, ids=[c.__name__ for c in LABELLED])
def test_every_member_is_found_by_each_of_its_names_and_nothing_else_is(cls):
    texts: set[str | None] = {"", None, "nonsense", "  "}
    for m in cls:
        texts |= {m.value, m.zh, m.en, m.en.upper(), f" {m.value} ", f"{m.zh}x"}
    for t in texts:
        expected = _by_walking(cls, t)
        if expected is None:
            with pytest.raises(ValueError):
                cls.from_text(t)  # type: ignore[arg-type]
        else:
            assert cls.from_text(t) is expected, t  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(LABELLED), st.one_of(
    st.text(max_size=12),
    st.sampled_from([t for c in LABELLED for m in c for t in (m.value, m.zh, m.en, m.en.upper(), f" {m.zh} ")])))
def test_a_remembered_answer_is_the_rule_s_answer(cls, text):
    """from_text remembers what it found (the second call answers from memory): both agree with the walk."""
    expected = _by_walking(cls, text)
    for _ in range(2):
        if expected is None:
            with pytest.raises(ValueError):
                cls.from_text(text)
        else:
            assert cls.from_text(text) is expected
