"""The window's queries give the same answers on both engines (keyset pages, due queue, detail)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from console.services import missed_calls as M
from console.services import tickets as T
from console.store import queries as Q
from console.store.models import SpecialGroupMember


def _log(desk, street, clock, n):
    ids = []
    for i in range(n):
        clock.advance(minutes=1)
        ids.append(T.log_call(desk, street.actors["op"], T.NewCall(
            description=f"第{i}通 " + "很长的描述" * 60, caller_phone="13800138000" if i % 2 else "13900139000",
            community_id=street.communities["嘉宏三村"], category_id=street.categories["水电气/停电"]),
            dispatch=T.Dispatch(street.units["城东供电所"]) if i % 3 == 0 else None).id)
    return ids


def test_keyset_pages_rows_and_detail(desk, street, clock):
    ids = _log(desk, street, clock, 7)
    with desk.db.read() as s:
        page1 = Q.ticket_ids_page(s, None, 3)  # rows are (id, sort key); the key is the next cursor
        page2 = Q.ticket_ids_page(s, page1[-1][1], 3)
        page3 = Q.ticket_ids_page(s, page2[-1][1], 3)
        assert [i for i, _ in page1 + page2 + page3] == ids[::-1]
        only = Q.ticket_ids_page(s, None, 10, Q.ticket_filter(statuses={"dispatched"}))
        assert [i for i, _ in only] == [ids[6], ids[3], ids[0]]
        rows = Q.ticket_rows_by_ids(s, [ids[1], 999999, ids[0]], description_chars=10)
        assert [r.id for r in rows] == [ids[1], ids[0]]
        assert rows[0].description == "第1通 很长的描述很长"[:10] and rows[0].category == "水电气/停电"
        assert rows[1].unit == "城东供电所" and rows[0].unit is None
        d = Q.ticket_detail(s, ids[0])
        assert d.version >= 2 and d.community == "嘉宏三村" and d.grid == "第一网格"
        assert [e.action for e in d.events] == ["log", "dispatch"] and len(d.deadlines) == 2
        hist = Q.caller_history(s, "13800138000", exclude_id=ids[1])
        assert [h.id for h in hist] == [ids[5], ids[3]]
        assert Q.recent_ticket_count(s, "13900139000", clock.now()) == 4


def test_due_queue_and_next_due(desk, street, clock):
    ids = _log(desk, street, clock, 4)
    mc = M.log_missed_call(desk, street.actors["op"], "13500135000")
    now = clock.now()
    with desk.db.read() as s:
        due = Q.due_queue(s, now)
        assert [(d.kind, d.ticket_id, d.missed_call_id) for d in due] == [  # 15 min vs 30 min rules
            ("missed_callback", None, mc), ("check_back", ids[0], None), ("check_back", ids[3], None)]
        assert due[1].unit == "城东供电所" and due[0].phone == "13500135000"
        assert due[1].category == "停电"
        assert Q.next_due_at(s) == due[0].due_at
        assert Q.due_queue(s, now, horizon=timedelta(0)) == []
    T.record_check_back(desk, street.actors["op"], ids[0], came=True)
    with desk.db.read() as s:
        assert [d.ticket_id for d in Q.due_queue(s, now) if d.kind == "check_back"] == [ids[3]]


def test_units_and_special_groups(desk, street):
    with desk.db.write() as s:
        s.add(SpecialGroupMember(name="孙奶奶", phone="13800138000", community_id=street.communities["嘉宏三村"],
                                 address="12号301", group="独居老人"))
    with desk.db.read() as s:
        assert [m.name for m in Q.special_group_matches(s, "13800138000")] == ["孙奶奶"]
        assert [m.name for m in Q.special_group_matches(s, "", street.communities["嘉宏三村"], "12-301")] == ["孙奶奶"]
        cands = Q.unit_candidates(s, street.categories["水电气/停电"], street.communities["嘉宏三村"])
        assert {c.unit_name for c in cands} == {"城东供电所", "嘉宏三村物业"}
        power = next(c for c in cands if c.unit_name == "城东供电所")
        assert power.handles_category and not power.covers_community


@pytest.mark.parametrize("order", sorted(Q.TICKET_ORDERS))
@pytest.mark.parametrize("descending", [True, False])
def test_every_sort_order_pages_like_a_full_sort(desk, street, clock, order, descending):
    """Pages of 2 joined end to end are the whole list in that order, ties broken the same way."""
    ids = _log(desk, street, clock, 7)
    with desk.db.read() as s:
        pages, after = [], None
        while True:
            page = Q.ticket_ids_page(s, after, 2, order=order, descending=descending)
            if not page:
                break
            pages += page
            after = page[-1][1]
        from console.store.models import Ticket

        key = {"received": lambda t: (t.received_at, t.id), "number": lambda t: (t.number,),
               "status": lambda t: (t.status, t.received_at, t.id),
               "phone": lambda t: (t.caller_phone, t.received_at, t.id)}[order]
        keys = {t.id: key(t) for t in s.query(Ticket).filter(Ticket.id.in_(ids))}
    expected = sorted(ids, key=keys.__getitem__, reverse=descending)
    assert [i for i, _ in pages] == expected
    assert len({i for i, _ in pages}) == len(ids)
