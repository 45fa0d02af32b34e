"""The phonebook search in SQL gives exactly the answers of the Python matcher it replaced.

`_old_matches` below is that matcher as it stood (services/phonebook.py before migration 0020),
kept here as the reference: for every query of a fixed table and of a Hypothesis search, over
units with full-width, spaced, mixed-case, wildcard-laden and multi-number fields, the units
`search_units` returns are the ones the old matcher accepts. Both engines (tests/services runs
on PostgreSQL too when a server is given).
"""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from xlsx_helpers import HEADER, write_xlsx

from console.domain.initials import matches
from console.domain.unit_search import unit_search_digits, unit_search_text
from console.services import phonebook as P
from console.services import phonebook_reads as PR
from console.services.imports.units import import_units_file
from console.store.models import Contact, Unit

# ---------------------------------------------------------------- the matcher that was replaced

def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def _digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isdigit())


def _old_matches(u: Unit, contacts: list[Contact], raw: str) -> bool:
    q_fold, q_digits = _fold(raw), _digits(raw)
    if not q_fold:
        return True
    if matches(raw, u.name, u.initials or None):
        return True
    if q_fold in _fold(u.skills) or q_fold in _fold(u.notes):
        return True
    for c in contacts:
        if q_fold in _fold(c.person) or q_fold in _fold(c.role):
            return True
        if len(q_digits) >= 3 and q_digits == q_fold.replace("-", "") and any(
                q_digits in _digits(p) for p in c.phones.split("、")):
            return True
    return False


# ----------------------------------------------------------------------------- the units

C = P.ContactInput
UNITS = [
    ("ＡＢＣ 维修中心", "其他", "配钥匙、修 伞", "夜间 24 小时", [C("陈 师傅", "值班电工", "021-59123456、13800138001", "24小时")]),
    ("100%满意_服务站", "其他", "含 % 和 _ 的技能", "备注\n第二行", [C("Li Lei", "Manager", "0512-65123456 转 801", "")]),
    ("Li Lei Plumbing", "其他", "PIPES & Drains", "", [C("ＬＩ", "", "13900139000", "工作日 08:30-17:30")]),
    ("重庆路水站", "供水", "", "长宁 电工 推荐", [C("", "调度", "95598、021-59120001", "20:00-08:00")]),
    ("ﬁ连字 Straße 修鞋", "其他", "İstanbul 风味", "", []),
    ("路灯所", "其他", "'); DROP TABLE units; --", "a%b_c\\d", [C("王 五", "", "110", "")]),
    ("城东 一号 维修站", "其他", "", "", [C("张三", "班长", "13800138000", ""), C("李四", "", "13800138000、59127001", "")]),
]

QUERIES = [
    "", " ", "jhsc", "JHSC", "ｊｈｓｃ", "j h s c", "供电", "陈师傅", "陈 师 傅", "师傅", "5912 3456", "59123456",
    "021-5912", "02159120000", "０２１", "12", "110", "1-1-0", "１１０", "95598", "801", "8", "88", "-", "--",
    "%", "_", "%%", "100%", "%满意", "满意_服", "_服", "a%b", "a_c", "\\", "\\d", "'", "'); drop", "drop table",
    "\x00", "a\x00b", "\ud800", "x" * 5000, "修伞", "修 伞", "备注第二行", "第二行", "li lei", "LILEI", "ｌｉ",
    "manager", "fi", "ﬁ", "strasse", "straße", "i̇stanbul", "istanbul", "风味", "cdyhwxz", "yhwxz", "班长李四",
    "13800138000", "380013", "1380013800013800", "٣٨٠", "59123456、", "0005912", "没有这个单位", "张三李四", "\n", "\t陈",
]


@pytest.fixture
def book(desk, street, operator):
    for name, kind, skills, notes, contacts in UNITS:
        P.create_unit(desk, operator, P.UnitInput(name=name, kind=kind, skills=skills, notes=notes,
                                                  contacts=contacts))
    return desk


def _expected(desk, query: str) -> set[str]:
    with desk.db.read() as s:
        units = s.scalars(select(Unit)).all()
        return {u.name for u in units
                if _old_matches(u, list(s.scalars(select(Contact).where(Contact.unit_id == u.id))), query)}


def _found(desk, query: str) -> set[str]:
    return {r.name for r in PR.search_units(desk, query)}


def test_every_query_of_the_table_finds_what_the_old_matcher_found(book):
    for query in QUERIES:
        assert _found(book, query) == _expected(book, query), repr(query)


def test_the_table_covers_both_kinds_of_match(book):
    """The comparison above means something: names, initials, fields, contacts and numbers all hit."""
    assert _found(book, "jhsc") == {"嘉宏三村物业"}
    assert _found(book, "５９１２ ３４５６") == {"嘉宏三村物业", "ＡＢＣ 维修中心"}
    assert _found(book, "%") == {"100%满意_服务站", "路灯所"}  # a literal percent sign, not "anything"
    assert _found(book, "_") == {"100%满意_服务站", "路灯所"}
    assert _found(book, "a%b_c") == {"路灯所"}
    assert _found(book, "1-1-0") == {"城东派出所", "路灯所"}  # the number 110, typed with dashes
    assert _found(book, "12") == set()  # two digits: no phone match; no field holds "12"
    assert _found(book, "备注第二行") == {"100%满意_服务站"}  # a line break in the notes is white space
    assert _found(book, "班长李四") == set() == _found(book, "0005912")  # never across two fields or numbers
    assert _found(book, "\x00") == set() and _found(book, "\ud800") == set()


_FIELDS = [f for name, _k, skills, notes, contacts in UNITS
           for f in (name, skills, notes, *(x for c in contacts for x in (c.person, c.role, c.phones)))]


@st.composite
def _queries(draw: st.DrawFn) -> str:
    """A piece of a stored field (as typed: case, width and spaces changed) or text made up."""
    if draw(st.booleans()):
        field = draw(st.sampled_from(_FIELDS))
        start = draw(st.integers(0, max(0, len(field) - 1)))
        piece = field[start:draw(st.integers(start, len(field)))]
        if draw(st.booleans()):
            piece = piece.upper()
        if draw(st.booleans()):
            piece = " ".join(piece)
        if draw(st.booleans()):  # full width, as a Chinese input method types ASCII
            piece = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in piece)
        return piece
    return draw(st.text(alphabet="0123456789-% _\\'abcjhsLI陈师傅修伞三村ＡＢ１２\x00\n", max_size=12))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_queries())
@example(query="0005912")  # the end of one number and the start of the next
@example(query="13800138000、59127001")
def test_any_query_finds_what_the_old_matcher_found(book, query):
    assert _found(book, query) == _expected(book, query)


def test_filters_still_apply_to_the_units_found(book, street):
    assert {r.name for r in PR.search_units(book, "物业", community_id=street.communities["白马小区"])} == {
        "白马小区物业"}
    assert {r.name for r in PR.search_units(book, "wy", kind="物业")} == {"嘉宏三村物业", "白马小区物业"}
    assert [r.name for r in PR.search_units(book, "110", include_inactive=False)] == ["城东派出所", "路灯所"]


# ------------------------------------------------------------------- the columns follow the writes

def _columns(desk, uid: int) -> tuple[str, str]:
    with desk.db.read() as s:
        u = s.get(Unit, uid)
        contacts = s.scalars(select(Contact).where(Contact.unit_id == uid).order_by(Contact.id)).all()
        assert (u.search_text, u.search_digits) == (
            unit_search_text(u.name, u.initials, u.skills, u.notes, [(c.person, c.role) for c in contacts]),
            unit_search_digits([c.phones for c in contacts]))
        return u.search_text, u.search_digits


def test_an_edit_is_found_by_its_new_words_and_no_longer_by_the_old(desk, street, operator):
    uid = street.units["嘉宏三村物业"]
    data = P.load_unit(desk, uid)
    data.name, data.skills = "嘉宏三村物业服务中心", "疏通下水道"
    data.contacts[1].person, data.contacts[1].phones = "周师傅", "13700137000"
    del data.contacts[0]
    P.update_unit(desk, operator, uid, data)
    _columns(desk, uid)
    assert _found(desk, "疏通") == _found(desk, "周师傅") == _found(desk, "37001") == {"嘉宏三村物业服务中心"}
    assert _found(desk, "jhscwyfwzx") == {"嘉宏三村物业服务中心"}
    assert _found(desk, "陈师傅") == _found(desk, "59123456") == set()
    assert _found(desk, "物业办公室") == {"白马小区物业"}


def test_the_test_street_and_a_new_unit_have_current_columns(desk, street, operator):
    for uid in street.units.values():
        _columns(desk, uid)
    uid = P.create_unit(desk, operator, P.UnitInput(name="新单位", kind="其他", contacts=[C("赵六", "", "95119", "")]))
    assert _columns(desk, uid)[1] == "95119"


def test_a_unit_inserted_by_its_name_alone_is_found_by_it(desk, street):
    """What an import's "add missing" writes (services/imports/missing.py): the insert default covers it."""
    from console.domain.initials import pinyin_initials

    with desk.db.write() as s:
        s.add(Unit(name="临江 水务站", kind="other", initials=pinyin_initials("临江 水务站"), skills="", notes="",
                   active=True, origin="import"))
    assert _found(desk, "临江水务") == _found(desk, "ljswz") == {"临江 水务站"}


def test_the_units_import_keeps_the_columns_current(desk, street, operator, tmp_path):
    """A unit the sheet creates or changes is found by its new name, person and number at once."""
    rows = [HEADER, ["城东燃气所", "燃气", None, None, "值班室", "抢修", "021-59127777", "24小时"],
            ["嘉宏三村物业", "物业", None, None, "孙师傅", "水电", "13600136000", "24小时"]]
    report = import_units_file(desk, operator, write_xlsx(tmp_path / "book.xlsx", rows))
    assert report.imported and report.created == 1 and report.updated == 1
    assert _found(desk, "59127777") == _found(desk, "cdrqs") == {"城东燃气所"}
    assert _found(desk, "孙师傅") == _found(desk, "36001") == {"嘉宏三村物业"}


def test_a_limited_search_is_the_first_units_of_the_whole_answer(book, street, operator):
    """The window asks for the first N: sorted in SQL, they are the full list's first N on both engines."""
    P.deactivate_unit(book, operator, street.units["城东供电所"])
    for query in ("", "1", "物业", "%"):
        whole = PR.search_units(book, query)
        for limit in (0, 1, 3, len(whole) - 1, len(whole), len(whole) + 5):
            if limit < 0:
                continue
            hits = PR.find_units(book, query, limit=limit)
            assert [r.name for r in hits.rows] == [r.name for r in whole[:limit]], (query, limit)
            assert hits.more == (len(whole) > limit)
