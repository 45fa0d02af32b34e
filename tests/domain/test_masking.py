"""The masking rule for free text, on a hostile table: numbers written every way a resident or an operator
writes them are masked; what is not a personal number stays readable."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.domain.masking import mask_text


@pytest.mark.parametrize("text, shown", [
    ("请回电 13987654321", "请回电 139****4321"),
    ("请回电13987654321谢谢", "请回电139****4321谢谢"),                     # no spaces around it
    ("手机 139 8765 4321", "手机 139****4321"),                            # spaces inside
    ("手机 139-8765-4321", "手机 139****4321"),                            # dashes inside
    ("手机 １３９８７６５４３２１", "手机 139****4321"),                     # full-width digits
    ("手机 １３９－８７６５－４３２１", "手机 139****4321"),                 # full-width dashes
    ("+86 139 8765 4321", "139****4321"),
    ("8613987654321", "139****4321"),
    ("座机 021-59123456 转 8", "座机 021-****3456 转 8"),
    ("座机 0571 8812 3456", "座机 0571-****3456"),
    ("身份证 110101199003071234", "身份证 110***********1234"),
    ("身份证号11010119900307123X。", "身份证号110***********123X。"),
    ("身份证 110101 19900307 1234", "身份证 110***********1234"),          # spaces inside an ID
    ("旧身份证 110101900307123", "旧身份证 110********7123"),
    ("两个号码 13800138000 13900139000", "两个号码 138****8000 139****9000"),  # two numbers, one space apart
    ("13800138000,13900139000", "138****8000,139****9000"),
])
def test_numbers_are_masked_however_written(text, shown):
    assert mask_text(text) == shown


@pytest.mark.parametrize("text", [
    "2026年12月6日 20:30 停电", "工单 20261206-0001 已派单", "12号楼301室", "欠费 1380 元",
    "车牌沪A12345", "零件号 X13800138000Y", "8 楼 8 号", "拨打 12345 或 110", "400-820-8820",
    "", "没有数字", "5912 3456",
])
def test_what_is_not_a_personal_number_stays(text):
    assert mask_text(text) == text


@given(st.text(max_size=200))
def test_never_raises_and_never_shows_a_mobile_number(text):
    out = mask_text(text)
    assert isinstance(out, str)
    assert mask_text(out) == out  # masking twice changes nothing more


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.text(alphabet="，。 请回电话号码是：", max_size=10))
def test_any_mobile_in_chinese_text_is_masked(number, around):
    out = mask_text(around + number + around)
    assert number not in out and number[-4:] in out
