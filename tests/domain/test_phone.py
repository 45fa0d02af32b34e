"""Phone normalisation and masking: what operators type, what is stored, what is printed."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from console.domain.errors import UserError, ValidationError
from console.domain.phone import mask_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # mobiles
        ("13800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),  # full-width from a Chinese IME
        ("+86 138-0013-8000", "13800138000"),
        ("＋８６ １３８ ００１３ ８０００", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("(+86) 138 0013 8000", "13800138000"),
        ("138.0013.8000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("  13800138000  ", "13800138000"),
        ("138-0013-8000-", "13800138000"),
        # landlines with area code
        ("(021) 5912-3456", "021-59123456"),
        ("（021）5912-3456", "021-59123456"),
        ("021 5912 3456", "021-59123456"),
        ("02159123456", "021-59123456"),
        ("021–5912–3456", "021-59123456"),  # en dashes
        ("021—59123456", "021-59123456"),  # em dash
        ("010-65123456", "010-65123456"),
        ("0571-88888888", "0571-88888888"),
        ("0755 8888 8888", "0755-88888888"),
        ("0357-1234567", "0357-1234567"),
        ("029-8123456", "029-8123456"),
        ("+86 21 5912 3456", "021-59123456"),  # trunk 0 dropped in international form
        ("+86 10 6512 3456", "010-65123456"),
        ("0086-021-59123456", "021-59123456"),
        # extensions
        ("021 5912 3456 转 801", "021-59123456-801"),
        ("021-59123456转801", "021-59123456-801"),
        ("021-59123456 分机 801", "021-59123456-801"),
        ("021-59123456 ext 801", "021-59123456-801"),
        ("021-59123456 EXT. 801", "021-59123456-801"),
        ("021-59123456x801", "021-59123456-801"),
        ("021-59123456#801", "021-59123456-801"),
        ("021-59123456＃801", "021-59123456-801"),
        ("021-59123456-801", "021-59123456-801"),
        ("021-5912-3456-801", "021-59123456-801"),
        ("0357-1234567-8", "0357-1234567-8"),
        # local numbers without area code
        ("59123456", "59123456"),
        ("5912-3456", "59123456"),
        ("５９１２３４５６", "59123456"),
        ("8123456", "8123456"),
        ("59123456-801", "59123456-801"),
        ("59123456 转 801", "59123456-801"),
        # short service numbers
        ("110", "110"),
        ("12345", "12345"),
        ("95598", "95598"),
        ("１２３４５", "12345"),
        ("123456", "123456"),
    ],
)
def test_normalise(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "stored",
    ["13800138000", "021-59123456", "021-59123456-801", "0357-1234567", "59123456", "59123456-801", "12345"],
)
def test_normalise_is_idempotent(stored: str) -> None:
    assert normalise_phone(normalise_phone(stored)) == stored


@pytest.mark.parametrize(
    "junk",
    [
        "abc",
        "138abc",
        "1380013800a",
        "tel 13800138000",
        "---",
        "()",
        "+",
        "12",  # too short for anything
        "1",
        "1380013",  # a mobile cut short, not a local number
        "138001380",
        "138001380001",  # 12 digits
        "0215912",  # area code with a cut-short local number
        "0123456",
        "011-12345678",  # 01X other than 010 is no area code
        "13800138000/13900139000",  # two numbers in one field
        "13800138000 转 801",  # mobiles have no extension
        "95598转2",
        "021-59123456转",  # marker without extension
        "021-59123456 转 1234567",  # extension too long
        "138+00138000",
        "+86 12345",  # a service number has no international form
        "110119120",
    ],
)
def test_junk_is_refused_with_a_chinese_message(junk: str) -> None:
    with pytest.raises(ValidationError) as err:
        normalise_phone(junk)
    assert isinstance(err.value, UserError)
    assert "电话号码" in err.value.zh
    assert err.value.en != err.value.zh and "phone number" in err.value.en


def test_unrecognised_message_quotes_the_text_and_explains() -> None:
    with pytest.raises(ValidationError) as err:
        normalise_phone("abc")
    assert err.value.zh == "电话号码“abc”无法识别：请只输入数字，座机可带区号和分机。"
    assert "'abc'" in err.value.en
    assert str(err.value) == err.value.zh
    assert err.value.message("en") == err.value.en


@pytest.mark.parametrize("empty", ["", " ", "\t\n", "　", None])
def test_empty_asks_for_a_number(empty) -> None:
    with pytest.raises(ValidationError) as err:
        normalise_phone(empty)
    assert err.value.zh == "请输入电话号码。"


@pytest.mark.parametrize("foreign", ["+1 202 555 0100", "+44 20 7946 0958", "001 202 555 0100", "+852 2345 6789"])
def test_foreign_numbers_are_refused_as_not_chinese(foreign: str) -> None:
    with pytest.raises(ValidationError) as err:
        normalise_phone(foreign)
    assert "不是中国大陆号码" in err.value.zh
    assert "mainland Chinese" in err.value.en


@pytest.mark.parametrize("long", ["1" * 15, "13800138000" * 2, "9" * 41, "0" * 10_000, "1" * 25 + "abc"])
def test_very_long_strings_are_refused(long: str) -> None:
    with pytest.raises(ValidationError) as err:
        normalise_phone(long)
    assert len(err.value.zh) < 80  # the message quotes a shortened text, not the whole input


def test_result_is_ascii_digits_and_dashes_only() -> None:
    for typed in ["＋８６ １３８ ００１３ ８０００", "（021）5912-3456 转 801", "５９１２３４５６"]:
        assert re.fullmatch(r"[0-9-]+", normalise_phone(typed))


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("021-59125678", "021-****5678"),
        ("021-59125678-801", "021-****5678"),  # extension dropped
        ("0357-1235678", "0357-****5678"),
        ("59125678", "****5678"),
        ("59125678-801", "****5678"),
        ("12345", "12345"),  # public service numbers stay readable
        ("110", "110"),
        # raw values are normalised first
        ("+86 138-1234-5678", "138****5678"),
        ("(021) 5912 5678", "021-****5678"),
    ],
)
def test_mask(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("odd", "masked"),
    [
        ("abc", "abc"),
        ("138abc5678", "******5678"),
        ("call me 5678", "********5678"),
        ("", ""),
        (None, ""),
        ("1" * 30, "*" * 26 + "1111"),
    ],
)
def test_mask_never_raises_and_keeps_only_last_four(odd, masked: str) -> None:
    assert mask_phone(odd) == masked


@pytest.mark.parametrize(
    ("value", "hidden"),
    [("13812345678", "1234"), ("021-59123456", "5912"), ("0357-1234567", "123"), ("59123456", "5912")],
)
def test_mask_hides_the_middle_digits(value: str, hidden: str) -> None:
    assert hidden not in mask_phone(value)


# The fast path (a number already in its canonical form comes back as typed) against the full parse, which
# stays the rule for everything else: equal on arbitrary text, on text shaped like phone numbers, and on the
# canonical shapes themselves (the fast path's own pattern, with near misses around it).
def _full(text: object) -> str | None:
    from console.domain.phone import _parse

    try:
        return _parse(text).canonical()  # type: ignore[arg-type]
    except ValidationError:
        return None


def _fast(text: str) -> str | None:
    try:
        return normalise_phone(text)
    except ValidationError:
        return None


_PHONE_ALPHABET = "0123456789０１２３４５６７８９-–— ()（）+＋#x转.\n\t٣"


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.one_of(st.text(max_size=30), st.text(alphabet=_PHONE_ALPHABET, max_size=24),
                 st.from_regex(r"1[0-9]{10}|0[0-9]{2,3}-[0-9]{6,9}|[0-9]{3,4}-[0-9]{7,8}(-[0-9]{1,3})?",
                               fullmatch=True),
                 st.from_regex(r"\A(1[3-9]\d{9}|(010|02\d|0[3-9]\d\d)-\d{7,8})\Z")))
@example("021-51723387")
@example("0213-1234567")
@example("021-1234567")
@example("010-12345678")
@example("13800138000")
@example("1380013800٣")
def test_the_canonical_fast_path_agrees_with_the_full_parse(text):
    assert _fast(text) == _full(text)
