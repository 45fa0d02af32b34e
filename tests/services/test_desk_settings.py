"""The desk's name and shift boundaries (services.desk_settings) and the first administrator."""
from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from console.domain.errors import ConflictError, PermissionDenied, ValidationError
from console.domain.timeutil import parse_hhmm, shift_bounds, shift_of
from console.services.accounts import authenticate, create_first_admin
from console.services.desk_settings import ShiftHours, read_desk_settings, set_desk_settings, shift_hours
from console.store.models import AuditEntry


def utc(*a) -> datetime:
    return datetime(*a, tzinfo=UTC)


def test_shift_bounds_take_the_desks_boundaries():
    d = date(2026, 11, 22)  # Shanghai = UTC+8
    assert shift_bounds(d, False, day_start=time(7, 30), night_start=time(19)) == (utc(2026, 11, 21, 23, 30),
                                                                                utc(2026, 11, 22, 11))
    assert shift_bounds(d, True, day_start=time(7, 30), night_start=time(19)) == (utc(2026, 11, 22, 11),
                                                                               utc(2026, 11, 22, 23, 30))
    assert shift_of(utc(2026, 11, 22, 11, 30), day_start=time(7, 30), night_start=time(19)) == (d, True)
    assert shift_of(utc(2026, 11, 22, 11, 30)) == (d, False)  # 19:30: still the default day shift


@pytest.mark.parametrize("text", ["8", "24:00", "08:60", "八点", ""])
def test_a_time_must_be_hh_mm(text):
    with pytest.raises(ValidationError):
        parse_hhmm(text)


def test_settings_are_read_with_defaults_and_written_audited(desk, supervisor, operator):
    assert read_desk_settings(desk).hours == ShiftHours(time(8), time(20))
    with pytest.raises(PermissionDenied):
        set_desk_settings(desk, operator, name="城东街道热线")
    ch = set_desk_settings(desk, supervisor, name="  城东街道  热线 ", day_start="7:30", night_start="19:30")
    assert ch.settings
    got = read_desk_settings(desk)
    assert got.name == "城东街道 热线" and got.hours == ShiftHours(time(7, 30), time(19, 30))
    with desk.db.read() as s:
        a = s.scalars(select(AuditEntry).where(AuditEntry.action == "set_desk_settings")).one()
        assert a.user_id == supervisor.id
        assert json.loads(a.new)["day_shift_start"] == "07:30"
    assert not set_desk_settings(desk, supervisor, day_start="07:30").settings  # no change, no audit row


@pytest.mark.parametrize("kw", [dict(day_start="20:00", night_start="08:00"), dict(day_start="20:00"),
                                dict(night_start="8:00"), dict(day_start="25:00"), dict(name="  ")])
def test_bad_settings_change_nothing(desk, supervisor, kw):
    with pytest.raises(ValidationError):
        set_desk_settings(desk, supervisor, **kw)
    with desk.db.read() as s:
        assert shift_hours(s) == ShiftHours()
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "set_desk_settings")) is None


def test_the_shift_log_and_open_shift_follow_the_desks_hours(desk, supervisor, operator, clock):
    from console.services.shift_log import shift_log_data
    from console.services.shifts import open_shift
    from console.store.models import Shift

    set_desk_settings(desk, supervisor, day_start="09:00", night_start="21:00")
    data = shift_log_data(desk, day=date(2026, 11, 22), night=True)
    assert (data.start, data.end) == (utc(2026, 11, 22, 13), utc(2026, 11, 23, 1))
    clock.set(datetime(2026, 11, 22, 20, 30, tzinfo=UTC).astimezone())  # 04:30 local: night
    sid = open_shift(desk, operator)
    with desk.db.read() as s:
        assert s.get(Shift, sid).kind == "night"


def test_the_first_admin_is_made_once_and_audited_under_their_own_name(empty_desk):
    with pytest.raises(ValidationError):
        create_first_admin(empty_desk, "chen", "12345", "陈主任")  # the existing minimum: 6 characters
    actor = create_first_admin(empty_desk, "chen", "s3cret-pw", "陈主任")
    assert actor.role == "admin" and actor.display_name == "陈主任"
    assert authenticate(empty_desk, "chen", "s3cret-pw") == actor
    with empty_desk.db.read() as s:
        a = s.scalars(select(AuditEntry).where(AuditEntry.action == "create_first_admin")).one()
        assert a.user_id == actor.id
    with pytest.raises(ConflictError):
        create_first_admin(empty_desk, "wu", "another-pw")


def test_two_seats_cannot_both_make_the_first_admin(empty_desk):
    results: list = []

    def make(name):
        try:
            results.append(create_first_admin(empty_desk, name, "s3cret-pw"))
        except ConflictError as e:
            results.append(e)

    threads = [threading.Thread(target=make, args=(n,)) for n in ("a1", "a2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(r).__name__ for r in results) == ["Actor", "ConflictError"]
