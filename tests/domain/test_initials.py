"""Pinyin initials for the pickers: typing jhsc finds 嘉宏三村."""
from __future__ import annotations

import pytest

from console.domain.initials import matches, pinyin_initials


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("嘉宏三村", "jhsc"),
        ("停电", "td"),
        ("水电气/停电", "sdqtd"),
        ("噪音扰民", "zyrm"),
        ("3号楼A座", "3hlaz"),
        ("ＡＢＣ小区", "abcxq"),  # full-width letters folded
        ("CBD 物业", "cbdwy"),
        ("重庆", "cq"),  # pypinyin's phrase dictionary handles this polyphone
        ("（居委会）", "jwh"),
        ("", ""),
        ("——", ""),
    ],
)
def test_pinyin_initials(name: str, initials: str) -> None:
    assert pinyin_initials(name) == initials


def test_initials_are_lower_case_ascii() -> None:
    out = pinyin_initials("嘉宏三村 ABC 12号")
    assert out == out.lower() and out.isascii() and out.isalnum()


@pytest.mark.parametrize("query", ["jhsc", "JHSC", "jh", "sc", "hs", "三村", "嘉宏", "嘉宏三村", "  jh ", "ＪＨ", ""])
def test_matches_name_or_initials(query: str) -> None:
    assert matches(query, "嘉宏三村", "jhsc")


@pytest.mark.parametrize("query", ["jx", "四村", "jhscx", "嘉宏四村", "x"])
def test_does_not_match_other_text(query: str) -> None:
    assert not matches(query, "嘉宏三村", "jhsc")


def test_matches_computes_initials_when_not_given() -> None:
    assert matches("sdq", "水电气/停电")
    assert matches("td", "水电气/停电", None)


def test_matches_ascii_in_the_name_case_insensitively() -> None:
    assert matches("cbd", "CBD 物业", "cbdwy")
    assert matches("cbd物业", "CBD 物业", "cbdwy")  # spaces ignored on both sides
