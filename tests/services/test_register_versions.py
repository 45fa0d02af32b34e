"""Registers edited at two seats: a save from the copy loaded before another seat's save is refused, saying
who and when; the other seat's edit stays (two real sessions on one file)."""
from __future__ import annotations

import pytest

from console.domain.errors import ConflictError
from console.services import registers as R
from console.services.context import Desk
from console.store.database import Database


@pytest.fixture
def seat_b(desk):
    other = Desk(Database(desk.db.target), desk.clock)
    yield other
    other.db.dispose()


# (create, load, update, the new row, A's field and value, B's field and value, a word of the refusal)
REGISTERS = {
    "special group": (R.create_special_member, R.load_special_member, R.update_special_member,
                      R.SpecialGroupInput(name="王桂英", group="独居老人"), ("phone", "13800138000"),
                      ("needs", "每周探访"), "王桂英"),
    "handbook": (R.create_handbook_entry, R.load_handbook_entry, R.update_handbook_entry,
                 R.HandbookInput(question="停电怎么办", answer="先看总闸"), ("answer", "先看总闸，再打 95598"),
                 ("keywords", "停电"), "停电怎么办"),
}


@pytest.mark.parametrize("register", sorted(REGISTERS))
def test_a_stale_register_save_is_refused_and_a_fresh_one_saved(desk, seat_b, operator, supervisor, register):
    create, load, update, row, (a_field, a_value), (b_field, b_value), word = REGISTERS[register]
    rid = create(desk, operator, row)
    a, b = load(desk, rid), load(seat_b, rid)
    setattr(a, a_field, a_value)
    update(desk, operator, rid, a)
    setattr(b, b_field, b_value)
    with pytest.raises(ConflictError, match=word):
        update(seat_b, supervisor, rid, b)
    fresh = load(seat_b, rid)
    assert getattr(fresh, a_field) == a_value
    setattr(fresh, b_field, b_value)
    update(seat_b, supervisor, rid, fresh)  # reloaded: saved, A's edit kept
    assert getattr(load(desk, rid), a_field) == a_value and getattr(load(desk, rid), b_field) == b_value


def test_a_handover_note_written_over_another_seats_newer_one_is_refused(desk, seat_b, operator, supervisor):
    from console.services import shifts as S

    sid = S.open_shift(desk, operator, "night")
    S.set_handover_note(desk, operator, sid, "白马小区噪音待派单", expected="")
    with pytest.raises(ConflictError, match="交班记录"):
        S.set_handover_note(seat_b, supervisor, sid, "供电所夜班电话已更新", expected="")  # B still had ""
    S.set_handover_note(seat_b, supervisor, sid, "白马小区噪音待派单\n供电所夜班电话已更新",
                        expected="白马小区噪音待派单")
    with pytest.raises(ConflictError):
        S.close_shift(desk, operator, sid, "白马小区噪音待派单", expected="白马小区噪音待派单")
    S.close_shift(desk, operator, sid, "白马小区噪音待派单\n供电所夜班电话已更新",
                  expected="白马小区噪音待派单\n供电所夜班电话已更新")


def test_a_deadline_rule_changed_at_another_seat_is_not_overwritten(desk, seat_b, supervisor):
    from console.services.deadlines import set_rule

    set_rule(desk, supervisor, "resolution", 2880, expected=(1440, False))  # A read 1 day, sets 2 days
    with pytest.raises(ConflictError, match="时限规则"):
        set_rule(seat_b, supervisor, "resolution", 720, expected=(1440, False))  # B read 1 day too
    set_rule(seat_b, supervisor, "resolution", 720, expected=(2880, False))  # after reloading: saved
    set_rule(desk, supervisor, "resolution", 60, urgency="critical", expected=())  # a new scope
    with pytest.raises(ConflictError):
        set_rule(seat_b, supervisor, "resolution", 30, urgency="critical", expected=())
