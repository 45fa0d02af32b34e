"""Two seats editing one unit: the second save, made from the copy it loaded before the first was saved, is
refused with who changed it and when; the first seat's new phone number stays. Two real database sessions
(two Database objects on one file, as two seats)."""
from __future__ import annotations

import pytest

from console.domain.errors import ConflictError
from console.services import phonebook as P
from console.services.context import Desk
from console.store.database import Database


def test_a_stale_save_is_refused_and_the_other_seats_edit_kept(desk, street, supervisor, operator):
    seat_b = Desk(Database(desk.db.target), desk.clock)
    try:
        uid = street.units["城东供电所"]
        a_copy, b_copy = P.load_unit(desk, uid), P.load_unit(seat_b, uid)
        a_copy.contacts[0].phones = "021-59998888"
        P.update_unit(desk, operator, uid, a_copy)  # seat A: the new duty number
        b_copy.notes = "夜间请打值班电话"
        with pytest.raises(ConflictError, match="已被") as e:
            P.update_unit(seat_b, supervisor, uid, b_copy)  # seat B: from the old copy
        assert operator.display_name in e.value.zh
        fresh = P.load_unit(seat_b, uid)
        assert fresh.contacts[0].phones == "021-59998888" and fresh.notes != "夜间请打值班电话"
        fresh.notes = "夜间请打值班电话"
        P.update_unit(seat_b, supervisor, uid, fresh)  # reloaded: saved, A's number kept
        again = P.load_unit(desk, uid)
        assert again.contacts[0].phones == "021-59998888" and again.notes == "夜间请打值班电话"
        assert again.version == a_copy.version + 2
    finally:
        seat_b.db.dispose()


def test_deactivating_moves_the_version_too(desk, street, supervisor):
    uid = street.units["城东供电所"]
    copy = P.load_unit(desk, uid)
    P.set_unit_active(desk, supervisor, uid, False)
    with pytest.raises(ConflictError):
        P.update_unit(desk, supervisor, uid, copy)
