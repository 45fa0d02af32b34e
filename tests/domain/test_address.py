"""Address normalisation: every way an operator or a register writes one address is one address."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from console.domain.address import Address, display, normalise, search_key, split_free_text

SAME = ["12号301室", "12 / 301", "12号楼301室", "12栋301", "12-301", "１２号３０１室", "12#301", "12幢301房",
        "12号 301", "12—301", "12、301", "012号301室", " 12 号 301 室 "]


@pytest.mark.parametrize("text", SAME)
def test_the_ways_of_writing_one_address_are_one_address(text):
    assert split_free_text(text) == Address("12号", "301", "", "12-301")


@pytest.mark.parametrize(("building", "room"), [("12", "301"), ("12号", "301室"), ("12栋", "301"), ("１２", "３０１"),
                                                ("12号楼", "301房"), ("12-301", ""), ("12号301室", "")])
def test_the_form_fields_give_the_same_stored_form(building, room):
    assert normalise(building, room) == Address("12号", "301", "", "12-301")


@pytest.mark.parametrize(("text", "expected"), [
    ("嘉宏三村12号301室", Address("12号", "301", "", "12-301")),          # the community's own name is dropped
    ("12号301室北门", Address("12号", "301", "北门", "12-301")),
    ("幸福路88号12栋301室", Address("12号", "301", "幸福路88号", "12-301")),  # 88号 is followed by a building
    ("3号楼2单元501", Address("3号2单元", "501", "", "3-2-501")),
    ("B座1203", Address("B座", "1203", "", "B-1203")),
    ("3a-101", Address("3A号", "101", "", "3A-101")),
    ("12号", Address("12号", "", "", "12")),
    ("301室", Address("", "301", "", "-301")),
])
def test_free_text_fills_building_and_room(text, expected):
    assert split_free_text(text, "嘉宏三村") == expected


@pytest.mark.parametrize("text", ["幸福路88号", "菜场旁", "12301", "2024-05-01 停电", "021-58881234", "十二号三零一",
                                  "小区东门 垃圾房"])
def test_what_does_not_read_as_an_address_stays_free_text(text):
    a = split_free_text(text)
    assert (a.building, a.room, a.address) == ("", "", text)
    assert a.key and "-" not in a.key or text.count("-")  # keyed by its text


def test_free_text_repeating_the_fields_is_not_stored_twice():
    assert normalise("12", "301", "12号301室") == Address("12号", "301", "", "12-301")
    assert normalise("12号", "301", "嘉宏三村12-301 北门", "嘉宏三村") == Address("12号", "301", "北门", "12-301")


def test_a_free_text_naming_another_address_is_kept_whole():
    assert normalise("12", "301", "5号202室") == Address("12号", "301", "5号202室", "12-301")


def test_fields_that_do_not_parse_keep_the_words():
    a = normalise("综合楼", "301", "")
    assert (a.building, a.room) == ("综合楼", "301") and a.key == "综合楼301"


def test_display_prints_the_address_once():
    assert display("嘉宏三村", "12号", "301", "12号301室") == "嘉宏三村 12号301室"
    assert display("嘉宏三村", "12", "301", "北门") == "嘉宏三村 12号301室 北门"
    assert display(None, "", "", "菜场旁") == "菜场旁"
    assert display("白马小区", "", "", "") == "白马小区"


def test_search_key_only_for_a_term_that_is_an_address():
    assert search_key("12号301") == search_key("12 / 301") == ("12-301", "")
    assert search_key("嘉宏三村12号301") == ("12-301", "嘉宏三村")
    assert search_key("停电") == ("", "")
    assert search_key("12号") == ("12", "")


pieces = st.lists(st.sampled_from(["12", "３", "301", "号", "号楼", "栋", "室", "房", "-", "/", " ", "、", "单元",
                                   "北门", "嘉宏", "A", "b", "幸福路", "#", "0"]), max_size=8).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True)  # the same examples on every run (CI)
@given(pieces, pieces, pieces)
@example("", "", "-12号")  # found by a wider sweep: separators before a lone building number
@example("", "", "嘉宏三村嘉宏三村")  # the community said twice
@example("", "", "号12号12 12")  # spaces left where a pair was taken out
@example("", "", "12号12号12 12")  # the same address written twice
def test_normalising_the_stored_form_changes_nothing(building, room, address):
    a = normalise(building, room, address, "嘉宏三村")
    assert normalise(a.building, a.room, a.address, "嘉宏三村") == a


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.integers(1, 9999), st.integers(1, 99999), st.sampled_from(["号", "号楼", "栋", "幢", "#", "-", "/", " / "]),
       st.sampled_from(["", "室", "房", "号房"]), st.booleans())
def test_every_spelling_of_building_and_room_has_one_key(b, r, marker, room_mark, wide):
    text = f"{b}{marker}{r}{room_mark}"
    if wide:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-/#"})
    assert split_free_text(text).key == f"{b}-{r}"
    assert normalise(str(b), str(r)).key == f"{b}-{r}"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(pieces, pieces, pieces, st.sampled_from(["", "嘉宏三村", "１２号"]))
def test_the_remembered_form_is_the_form_worked_out_again(building, room, address, community):
    """`normalise` remembers its answers (a pure function of four texts, a frozen result): asked twice, or
    after the memory is cleared, it gives what the rules give."""
    first = normalise(building, room, address, community)
    assert normalise(building, room, address, community) == first
    assert normalise.__wrapped__(building, room, address, community) == first
    normalise.cache_clear()
    assert normalise(building, room, address, community) == first
