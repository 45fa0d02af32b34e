"""Golden answers of the two read paths of issue 21: the caller card (services.calls.caller_card) and the
ticket list's first page of a search (the window's search ids, then the list's first keyset page and its
rows).

The expectations were written from the code before these reads were made faster, so a faster read that
answers differently — the history's order or limit, the 7-day count off by a void or an old ticket, the
name and address taken from a 保密 ticket, a special-group member missed or doubled, the search's page in
another order or with another row — fails here. The cases around the history's limit of 50 are spelled
out: a card may only derive the count and the last ticket from the history when the history provably
covers them.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.services import calls as C
from console.services import tickets as T
from console.services.registers import SpecialGroupInput, create_special_member
from console.store import queries

MANY = "13700000001"  # 55 tickets: older ones beyond the 50 newest
BUSY = "13700000002"  # 52 tickets, all within the window: the count is more than the history holds
SECRET = "13700000003"  # 51 tickets, the 50 newest 保密 or void: the last plain one lies beyond the history
FEW = "13700000004"  # 4 tickets, the newest 保密, one void


def _at(clock, days: float, minutes: int = 0):
    return clock.now() - timedelta(days=days, minutes=minutes)


def _log(desk, op, phone, description, at, **kw) -> T.Logged:
    return T.log_call(desk, op, T.NewCall(description, phone, received_at=at, **kw))


@pytest.fixture
def callers(desk, street, operator, clock):
    """The four callers above, their tickets logged out of received order, and the special groups."""
    jh, bm = street.communities["嘉宏三村"], street.communities["白马小区"]
    leak = street.categories["水电气/漏水"]
    lead = street.actors["lead"]
    for i in range(55):  # one a day, the newest first received 0.5 days ago; every fifth at 白马小区
        _log(desk, operator, MANY, f"第{i}次来电", _at(clock, 0.5 + i), caller_name=f"李{i % 3}",
             community_id=bm if i % 5 == 0 else jh, building=str(10 + i % 4), room="201", category_id=leak)
    for i in range(52):
        _log(desk, operator, BUSY, f"忙{i}", _at(clock, 0, minutes=10 + i * 60), caller_name="赵")
    _log(desk, operator, SECRET, "最早的一次", _at(clock, 40), caller_name="钱", community_id=jh,
         building="7", room="102")
    for i in range(50):
        t = _log(desk, operator, SECRET, f"保密{i}", _at(clock, 1 + i * 0.1), caller_name="匿名",
                 community_id=bm, confidential=i % 2 == 0)
        if i % 2:
            T.void(desk, lead, t.id, "重复")
    _log(desk, operator, FEW, "楼上漏水", _at(clock, 3), caller_name="王阿姨", community_id=jh, building="12号",
         room="301", category_id=leak)
    v = _log(desk, operator, FEW, "作废的", _at(clock, 1), caller_name="错号")
    T.void(desk, lead, v.id, "打错")
    _log(desk, operator, FEW, "又漏了", _at(clock, 20), caller_name="王阿姨", community_id=jh, building="12",
         room="301")
    _log(desk, operator, FEW, "保密的事", _at(clock, 0.1), caller_name="匿名者", community_id=bm, confidential=True)
    for name, group, phone, comm, address in (
            ("王阿姨", "独居老人", FEW, None, ""), ("王老伯", "残疾人", "", jh, "12号301室"),
            ("王家儿子", "低保户", "", jh, "12-301"), ("隔壁", "独居老人", "", jh, "12号302室"),
            ("李家", "低保户", MANY, None, ""), ("钱家", "残疾人", "", jh, "7号102")):
        create_special_member(desk, operator, SpecialGroupInput(name, group, phone=phone, community_id=comm,
                                                                address=address, needs="行动不便"))
    return street


def _card(desk, phone):
    c = C.caller_card(desk, phone)
    return dict(name=c.name, from_ticket=c.from_ticket, community=c.community, building=c.building, room=c.room,
                address=c.address, special=[(p.name, p.group, p.needs) for p in c.special],
                recent=c.recent_count, days=c.days, tickets=c.tickets,
                open=[(t.number, t.status.value, t.category) for t in c.open_tickets])


def _number(desk, phone, description) -> str:
    for r in queries_history(desk, phone):
        if r.description == description:
            return r.number
    raise AssertionError(description)


def queries_history(desk, phone):
    with desk.db.read() as s:
        return queries.caller_history(s, phone, limit=200)


def check_card_of_a_caller_with_more_tickets_than_the_history(desk):
    c = _card(desk, MANY)
    assert (c["tickets"], c["recent"], c["days"]) == (50, 7, 7)  # 0.5 … 6.5 days ago
    assert (c["name"], c["community"], c["building"], c["room"]) == ("李0", "白马小区", "10号", "201")
    assert c["from_ticket"] == _number(desk, MANY, "第0次来电")
    assert c["special"] == [("李家", "低保户", "行动不便")]
    assert c["open"] == [(_number(desk, MANY, f"第{i}次来电"), "logged", "水电气/漏水") for i in range(5)]


def check_card_of_a_caller_whose_window_holds_more_than_the_history(desk):
    c = _card(desk, BUSY)
    assert (c["tickets"], c["recent"]) == (50, 52)  # every one of the 52 within 7 days: counted, not derived
    assert (c["name"], c["from_ticket"]) == ("赵", _number(desk, BUSY, "忙0"))
    assert c["open"] == [(_number(desk, BUSY, f"忙{i}"), "logged", "") for i in range(5)]


def check_card_of_a_caller_whose_last_plain_ticket_is_beyond_the_history(desk):
    c = _card(desk, SECRET)
    assert (c["tickets"], c["recent"]) == (50, 25)  # 25 保密 in the window, 25 void not counted
    assert (c["name"], c["community"], c["building"], c["room"]) == ("钱", "嘉宏三村", "7号", "102")
    assert c["from_ticket"] == _number(desk, SECRET, "最早的一次")
    assert c["special"] == [("钱家", "残疾人", "行动不便")]  # by the address of that ticket
    assert [n for n, _, _ in c["open"]] == [_number(desk, SECRET, f"保密{i}") for i in (0, 2, 4, 6, 8)]


def check_card_skips_the_confidential_and_void_and_matches_the_address(desk):
    c = _card(desk, FEW)
    assert (c["tickets"], c["recent"]) == (4, 2)  # the void one in the window is not counted
    assert (c["name"], c["community"], c["building"], c["room"], c["address"]) == ("王阿姨", "嘉宏三村", "12号",
                                                                                   "301", "")
    assert c["from_ticket"] == _number(desk, FEW, "楼上漏水")
    assert c["special"] == [("王阿姨", "独居老人", "行动不便"), ("王老伯", "残疾人", "行动不便"),
                            ("王家儿子", "低保户", "行动不便")]
    assert c["open"] == [(_number(desk, FEW, d), "logged", cat) for d, cat in
                         (("保密的事", ""), ("楼上漏水", "水电气/漏水"), ("又漏了", ""))]


def check_card_of_a_number_without_tickets(desk):
    assert _card(desk, "13700000009") == dict(name="", from_ticket="", community="", building="", room="",
                                              address="", special=[], recent=0, days=7, tickets=0, open=[])


def test_caller_cards(desk, callers):
    """One desk of callers (logging them is the slow part), every case of the card on it."""
    check_card_of_a_caller_with_more_tickets_than_the_history(desk)
    check_card_of_a_caller_whose_window_holds_more_than_the_history(desk)
    check_card_of_a_caller_whose_last_plain_ticket_is_beyond_the_history(desk)
    check_card_skips_the_confidential_and_void_and_matches_the_address(desk)
    check_card_of_a_number_without_tickets(desk)


def _first_page(desk, term, page=3):
    """As the window: the search's ids in one read, the first keyset page and its rows in another — in ORM
    Sessions and in raw reads (console.store.prepared, the window's way since session 10): the same answer."""
    answers = []
    for read in (desk.db.read, desk.db.raw_read):
        with read() as s:
            ids = queries.search_ticket_ids(s, term, limit=500)
        with read() as s:
            keys = queries.ticket_ids_page(s, None, page, where=queries.ticket_filter(ids=ids))
            rows = queries.ticket_rows_by_ids(s, [i for i, _ in keys])
        answers.append((ids, keys, rows))
    assert answers[0] == answers[1]
    return answers[0]


def test_search_first_page(desk, street, operator, clock):
    jh = street.communities["嘉宏三村"]
    made = {}
    # logged in this order (ids ascending), received in another: the page is by received time, newest first
    for d, days, kw in (("楼道灯不亮了", 3, {}), ("楼道灯坏", 1, dict(confidential=True, caller_name="匿名")),
                        ("路灯不亮", 0.5, {}), ("三楼楼道灯闪", 2, dict(community_id=jh, building="12", room="301")),
                        ("楼道灯又坏" + "长" * 300, 0.2, dict(caller_name="孙")), ("楼道灯", 5, {})):
        made[d[:6]] = _log(desk, operator, "13600000000", d, _at(clock, days), **kw)
    ids, keys, rows = _first_page(desk, "楼道灯")
    found = ["楼道灯不亮了", "楼道灯坏", "三楼楼道灯闪", "楼道灯又坏长", "楼道灯"]
    assert ids == sorted((made[d].id for d in found), reverse=True)  # the search: newest id first
    order = [made[d].id for d in ("楼道灯又坏长", "楼道灯坏", "三楼楼道灯闪")]
    assert [i for i, _ in keys] == order
    assert [k for _, k in keys] == [(r.received_at, r.id) for r in rows]
    assert all(isinstance(k[0], datetime) and k[0].tzinfo == UTC for _, k in keys)
    assert [(r.id, r.number, r.caller_name, r.caller_phone, r.community, r.category, r.unit, r.status,
             r.confidential) for r in rows] == [
        (order[0], made["楼道灯又坏长"].number, "孙", "13600000000", None, None, None, "logged", False),
        (order[1], made["楼道灯坏"].number, "匿名", "13600000000", None, None, None, "logged", True),
        (order[2], made["三楼楼道灯闪"].number, "", "13600000000", "嘉宏三村", None, None, "logged", False)]
    assert rows[0].description == ("楼道灯又坏" + "长" * 300)[:200]  # the list reads the start only
    assert rows[0].received_at == _at(clock, 0.2)
    # the next page from the last key, and an address search (the key of 12号301)
    for read in (desk.db.read, desk.db.raw_read):
        with read() as s:
            rest = queries.ticket_ids_page(s, keys[-1][1], 3, where=queries.ticket_filter(ids=ids))
            filtered = queries.ticket_ids_page(s, None, 9, where=queries.ticket_filter(
                statuses={"logged", "dispatched"}, ids=ids, community_ids=[jh]))
        assert [i for i, _ in rest] == [made["楼道灯不亮了"].id, made["楼道灯"].id]
        assert [i for i, _ in filtered] == [made["三楼楼道灯闪"].id]  # an expanding IN beside the ids
    assert _first_page(desk, "12号301")[0] == [made["三楼楼道灯闪"].id]
    assert _first_page(desk, "没有这个词") == ([], [], [])
    # shorter than a trigram: LIKE (ILIKE on PostgreSQL); 路灯 too
    assert _first_page(desk, "灯")[0] == sorted((t.id for t in made.values()), reverse=True)
    assert _first_page(desk, "嘉宏三村12号301")[0] == [made["三楼楼道灯闪"].id]
    assert _first_page(desk, "白马小区12号301")[0] == []
