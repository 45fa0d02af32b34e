"""Two seats editing the same ticket: the second save is refused, saying what the first did."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from console.domain.errors import ConflictError
from console.services import tickets as T
from console.services.context import Desk
from console.store.database import Database
from console.store.models import AuditEntry, Ticket, TicketEvent


@pytest.fixture
def second_seat(desk):
    """Another seat on the same database (its own engine, as another machine would have)."""
    other = Desk(Database(desk.db.target), desk.clock)
    yield other
    other.db.dispose()


def _version(desk, tid):
    with desk.db.read() as s:
        return s.get(Ticket, tid).version


def test_the_second_save_is_refused_with_what_the_other_seat_changed(desk, second_seat, street,
                                                                    operator, supervisor):
    t = T.log_call(desk, operator, T.NewCall(description="路灯不亮", caller_phone="13800138000"))
    seen = _version(desk, t.id)  # both seats show version `seen`
    T.dispatch(second_seat, supervisor, t.id, T.Dispatch(street.units["城东供电所"], note="请尽快"),
               expected_version=seen)
    with pytest.raises(ConflictError) as e:
        T.dispatch(desk, operator, t.id, T.Dispatch(street.units["嘉宏三村物业"]), expected_version=seen)
    zh, en = e.value.zh, e.value.en
    assert t.number in zh and "李站长" in zh and "派单（城东供电所）" in zh and "已派单" in zh
    assert "没有保存" in zh
    assert "dispatch (城东供电所)" in en and "not saved" in en
    with desk.db.read() as s:  # nothing overwritten: the first seat's unit stands
        tk = s.get(Ticket, t.id)
        assert tk.unit_id == street.units["城东供电所"] and tk.version == seen + 1
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "dispatch")) == 1


def test_several_steps_by_the_other_seat_are_listed_in_order(desk, second_seat, street, operator,
                                                             supervisor):
    t = T.log_call(desk, operator, T.NewCall(description="水管爆裂"),
                   dispatch=T.Dispatch(street.units["嘉宏三村物业"]))
    seen = _version(desk, t.id)
    T.record_check_back(second_seat, supervisor, t.id, came=True)
    T.resolve(second_seat, supervisor, t.id, result="已更换水管")
    with pytest.raises(ConflictError) as e:
        T.escalate(desk, operator, t.id, reason="需要街道协调", expected_version=seen)
    assert "回访确认已到场；办结（已更换水管）" in e.value.zh and "已办结" in e.value.zh
    with desk.db.read() as s:
        actions = s.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == t.id)
                            .order_by(TicketEvent.id)).all()
    assert actions == ["log", "dispatch", "check_back_came", "resolve"]


def test_racing_saves_of_one_version_let_exactly_one_through(desk, second_seat, street, operator,
                                                             supervisor):
    """Both seats press Save at the same moment with the same version in hand."""
    t = T.log_call(desk, operator, T.NewCall(description="同时保存"))
    seen = _version(desk, t.id)
    outcome: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def save(name, d, actor, unit):
        barrier.wait()
        try:
            T.dispatch(d, actor, t.id, T.Dispatch(street.units[unit]), expected_version=seen)
            outcome[name] = "saved"
        except ConflictError as e:
            outcome[name] = e

    threads = [threading.Thread(target=save, args=("a", desk, operator, "城东供电所")),
               threading.Thread(target=save, args=("b", second_seat, supervisor, "嘉宏三村物业"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert sorted(type(v).__name__ for v in outcome.values()) == ["ConflictError", "str"], outcome
    winner = next(k for k, v in outcome.items() if v == "saved")
    with desk.db.read() as s:
        tk = s.get(Ticket, t.id)
        assert tk.version == seen + 1
        assert tk.unit_id == street.units["城东供电所" if winner == "a" else "嘉宏三村物业"]


def test_a_stale_unit_save_is_refused_on_both_engines(desk, second_seat, street, operator, supervisor):
    """The phonebook: a second seat's save from its older copy would revert the first seat's new number."""
    from console.services import phonebook as P

    uid = street.units["城东供电所"]
    a_copy, b_copy = P.load_unit(desk, uid), P.load_unit(second_seat, uid)
    a_copy.contacts[0].phones = "021-59998888"
    P.update_unit(desk, operator, uid, a_copy)
    b_copy.notes = "夜间请打值班电话"
    with pytest.raises(ConflictError):
        P.update_unit(second_seat, supervisor, uid, b_copy)
    assert P.load_unit(second_seat, uid).contacts[0].phones == "021-59998888"
