"""The deadline policy's stamp (migration 0025): any change to a policy input renews it — whoever writes it,
by whatever path, here plain SQL on the connection as an admin's tool or an import would — and nothing else
does; the policy kept in the process follows the stamp (services.deadlines.load_policy)."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from console.services.deadlines import load_policy, policy_stamp

pytestmark = pytest.mark.both_engines

CHANGES = [  # (what changes, its SQL): each one an input of the policy
    ("a rule's minutes", "UPDATE deadline_rules SET minutes = minutes + 1 WHERE kind = 'check_back'"),
    ("a rule removed", "DELETE FROM deadline_rules WHERE kind = 'resolution'"),
    ("a holiday", "INSERT INTO calendar_days (day, kind, name) VALUES ('2026-11-23', 'holiday', '测试')"),
    ("a calendar year", "DELETE FROM calendar_years"),
    ("the time zone set", "INSERT INTO settings (key, value) VALUES ('timezone', 'Asia/Urumqi')"),
]


def _stamp(desk) -> str | None:
    with desk.db.read() as s:
        return policy_stamp(s)


@pytest.mark.parametrize(("what", "sql"), CHANGES, ids=[c[0] for c in CHANGES])
def test_a_change_to_any_input_renews_the_stamp(desk, what, sql):
    before = _stamp(desk)
    assert before
    with desk.db.write() as s:
        s.execute(text(sql))
    assert _stamp(desk) not in (None, before), what


def test_the_time_zone_changed_then_removed_renews_it_each_time_other_settings_do_not(desk):
    with desk.db.write() as s:
        s.execute(text("INSERT INTO settings (key, value) VALUES ('timezone', 'Asia/Urumqi')"))
    first = _stamp(desk)
    with desk.db.write() as s:
        s.execute(text("INSERT INTO settings (key, value) VALUES ('hotline_stamp_test', 'x')"))
        s.execute(text("UPDATE settings SET value = 'y' WHERE key = 'hotline_stamp_test'"))
    assert _stamp(desk) == first
    with desk.db.write() as s:
        s.execute(text("UPDATE settings SET value = 'Asia/Shanghai' WHERE key = 'timezone'"))
    second = _stamp(desk)
    with desk.db.write() as s:
        s.execute(text("DELETE FROM settings WHERE key = 'timezone'"))
    assert len({first, second, _stamp(desk)}) == 3


def test_the_kept_policy_follows_a_change_made_in_plain_sql(desk):
    with desk.db.read() as s:
        minutes = load_policy(s).rule("check_back", None, None, None)[0]
    with desk.db.write() as s:
        s.execute(text("UPDATE deadline_rules SET minutes = minutes + 7 WHERE kind = 'check_back'"))
    with desk.db.read() as s:
        assert load_policy(s).rule("check_back", None, None, None)[0] == minutes + 7
