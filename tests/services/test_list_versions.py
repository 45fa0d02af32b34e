"""The desk's own lists, its settings and its accounts edited at two seats: a save made from what an editor
showed before another seat changed it is refused, saying who changed it and when, and the other seat's change
stays; a save from what is stored now goes through (two real sessions on one file). These editors have no
version column: the value the editor showed is compared in the write (services.context.unchanged)."""
from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from console.domain.errors import ConflictError
from console.services import accounts as A
from console.services import categories as C
from console.services import desk_settings as D
from console.services import request_types as R
from console.services import street as S
from console.services.context import Desk
from console.store.database import Database


@pytest.fixture
def seat_b(desk):
    other = Desk(Database(desk.db.target), desk.clock)
    yield other
    other.db.dispose()


def _grid(desk):
    return S.list_grids(desk)[0]


# name: (what seat B's editor shows, seat A's change, seat B's save from what it showed, what A's change left)
def _cases(street):
    cid = next(iter(street.categories.values()))
    op_id = street.actors["op"].id
    community_id = next(iter(street.communities.values()))
    return {
        "category name": (
            lambda d: next(c.name for c in C.category_choices(d) if c.id == cid),
            lambda d, a: C.rename_category(d, a, cid, "甲改的名字"),
            lambda d, a, shown: C.rename_category(d, a, cid, "乙改的名字", expected=shown),
            lambda d: next(c.name for c in C.category_choices(d) if c.id == cid) == "甲改的名字"),
        "category code": (
            lambda d: next(c.code for c in C.category_choices(d) if c.id == cid),
            lambda d, a: C.set_category_code(d, a, cid, "A01"),
            lambda d, a, shown: C.set_category_code(d, a, cid, "B02", expected=shown),
            lambda d: next(c.code for c in C.category_choices(d) if c.id == cid) == "A01"),
        "request type": (
            lambda d: R.list_request_types(d)[0].name,
            lambda d, a: R.rename_request_type(d, a, R.list_request_types(d)[0].code, "甲的类型"),
            lambda d, a, shown: R.rename_request_type(d, a, R.list_request_types(d)[0].code, "乙的类型",
                                                      expected=shown),
            lambda d: R.list_request_types(d)[0].name == "甲的类型"),
        "community": (
            lambda d: next(c.name for c in S.list_communities(d) if c.id == community_id),
            lambda d, a: S.rename_community(d, a, community_id, "甲新村"),
            lambda d, a, shown: S.rename_community(d, a, community_id, "乙新村", expected=shown),
            lambda d: "甲新村" in {c.name for c in S.list_communities(d)}),
        "grid worker's phone": (
            _grid,
            lambda d, a: S.edit_grid(d, a, _grid(d).id, phone="13900000001"),
            lambda d, a, shown: S.edit_grid(d, a, shown.id, worker="乙网格员", phone=shown.phone, expected=shown),
            lambda d: _grid(d).phone == "13900000001" and _grid(d).worker != "乙网格员"),
        "street name": (
            S.street_name,
            lambda d, a: S.set_street_name(d, a, "甲街道"),
            lambda d, a, shown: S.set_street_name(d, a, "乙街道", expected=shown),
            lambda d: S.street_name(d) == "甲街道"),
        "role": (
            lambda d: next(r.role for r in A.list_accounts(d, street.actors["admin"]) if r.id == op_id),
            lambda d, a: A.set_role(d, a, op_id, "supervisor"),
            lambda d, a, shown: A.set_role(d, a, op_id, "admin", expected=shown),
            lambda d: next(r.role for r in A.list_accounts(d, street.actors["admin"]) if r.id == op_id)
            == "supervisor"),
        "display name": (
            lambda d: next(r.display_name for r in A.list_accounts(d, street.actors["admin"]) if r.id == op_id),
            lambda d, a: A.set_display_name(d, a, op_id, "甲改的姓名"),
            lambda d, a, shown: A.set_display_name(d, a, op_id, "乙改的姓名", expected=shown),
            lambda d: next(r.display_name for r in A.list_accounts(d, street.actors["admin"]) if r.id == op_id)
            == "甲改的姓名"),
        "night shift start": (
            D.read_desk_settings,
            lambda d, a: D.set_desk_settings(d, a, night_start="21:00"),
            lambda d, a, shown: D.set_desk_settings(d, a, name="乙的值班台", night_start=shown.hours.night_start,
                                                    expected=shown),
            lambda d: D.read_desk_settings(d).hours.night_start == time(21, 0)),
    }


CASES = ["category name", "category code", "request type", "community", "grid worker's phone", "street name",
         "role", "display name", "night shift start"]


@pytest.mark.parametrize("case", CASES)
def test_a_save_from_what_the_editor_showed_before_another_seats_change_is_refused(desk, seat_b, street, admin,
                                                                                    case):
    show, a_change, b_save, kept = _cases(street)[case]
    shown = show(seat_b)  # B's editor is open
    a_change(desk, admin)  # A saves first
    with pytest.raises(ConflictError, match="管理员") as refused:  # who: A's display name
        b_save(seat_b, admin, shown)
    assert "没有保存" in refused.value.zh
    assert kept(desk)  # A's change stays
    b_save(seat_b, admin, show(seat_b))  # B reopens the editor: saved


def test_settings_this_save_leaves_alone_may_have_moved(desk, seat_b, admin):
    """Only a setting the save writes is compared: B renaming the desk does not trip over A's new undo time."""
    shown = D.read_desk_settings(seat_b)
    D.set_desk_settings(desk, admin, undo_minutes=shown.undo_minutes + 1)
    D.set_desk_settings(seat_b, admin, name="乙的值班台", expected=shown)
    now = D.read_desk_settings(desk)
    assert (now.name, now.undo_minutes) == ("乙的值班台", shown.undo_minutes + 1)
    assert replace(now, name=shown.name, undo_minutes=shown.undo_minutes) == shown
