"""services.tickets.address_fields remembers its answers (the cleaning and normalising are pure): asked again,
or with the memory cleared, it gives the same fields — a new dict each time — and refuses the same texts."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.errors import ValidationError
from console.services.tickets import _address_values, address_fields

_pieces = st.lists(st.sampled_from(["12", "３", "301", "号", "栋", "室", "-", " ", "北门", "嘉宏三村", "\u202e", "\u200b",
                                    "B", "幸福路88号"]), max_size=6).map("".join)
_texts = st.one_of(_pieces, st.text(max_size=12), st.just("9" * 40))  # the last one too long for 楼号 / 室号


def _fields_or_refusal(*args: str) -> object:
    try:
        return address_fields(*args)
    except ValidationError as e:
        return ("refused", e.zh)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_texts, _texts, _texts, st.sampled_from(["", "嘉宏三村"]))
def test_the_remembered_fields_are_the_fields_worked_out_again(building, room, address, community):
    first = _fields_or_refusal(building, room, address, community)
    again = _fields_or_refusal(building, room, address, community)
    _address_values.cache_clear()
    assert again == first == _fields_or_refusal(building, room, address, community)
    if isinstance(first, dict):
        assert again is not first  # the caller may change its dict


def test_a_too_long_room_is_refused_every_time():
    for _ in range(2):
        with pytest.raises(ValidationError):
            address_fields("3", "1" * 40, "")
