"""Login throttling: five wrong passwords are free; then the name is locked for 30 s, 1 min, 2 min … (at most
15 min), whatever the password, known name or not; a right password resets it; checks made while typing
count nothing; the lock is audited."""
from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import PASSWORD  # the test street's password
from sqlalchemy import select

from console.domain.errors import UserError
from console.domain.login_throttle import delay_after
from console.services.accounts import authenticate, check_login
from console.store.models import AuditEntry


def test_the_delay_doubles_and_is_capped():
    assert [delay_after(n) for n in (1, 4)] == [timedelta(0)] * 2
    assert [delay_after(n).total_seconds() for n in (5, 6, 7)] == [30, 60, 120]
    assert delay_after(50) == timedelta(minutes=15)


def test_wrong_passwords_lock_the_name_then_a_right_one_after_the_wait_resets_it(desk, operator, clock):
    name = operator.username
    for _ in range(4):
        with pytest.raises(UserError, match="用户名或密码不对"):
            authenticate(desk, name, "wrong")
    for _ in range(20):  # typed, not submitted: nothing counts
        with pytest.raises(UserError):
            check_login(desk, name, "wrong")
    with pytest.raises(UserError, match="用户名或密码不对"):
        authenticate(desk, name, "wrong")  # the fifth: now locked for 30 s
    with pytest.raises(UserError, match="30 秒"):
        authenticate(desk, name, PASSWORD)  # even the right password waits
    with pytest.raises(UserError, match="30 秒"):
        check_login(desk, name, PASSWORD)  # the check while typing says so too
    clock.advance(seconds=31)
    with pytest.raises(UserError, match="用户名或密码不对"):
        authenticate(desk, name, "wrong")  # the sixth: one minute
    with pytest.raises(UserError, match="60 秒"):
        authenticate(desk, name, PASSWORD)
    clock.advance(seconds=61)
    assert authenticate(desk, name, PASSWORD).username == name
    assert authenticate(desk, name, PASSWORD).username == name  # reset: no lock left
    with desk.db.read() as s:
        locks = s.scalars(select(AuditEntry.action).where(AuditEntry.action == "login_locked")).all()
    assert len(locks) == 2


def test_an_unknown_name_is_locked_the_same_way(desk, clock):
    for _ in range(5):
        with pytest.raises(UserError, match="用户名或密码不对"):
            authenticate(desk, "nobody", "x")
    with pytest.raises(UserError, match="30 秒"):
        authenticate(desk, "nobody", "x")


def test_a_right_login_keeps_an_older_scrypt_password_as_argon2id(desk, operator):
    """Desks set up before argon2id keep working: the old hash verifies once and is replaced, audited."""
    from helpers import old_scrypt_hash as _old_scrypt

    from console.store.models import User

    with desk.db.write() as s:
        s.get(User, operator.id).password_hash = _old_scrypt(PASSWORD)
    with pytest.raises(UserError):
        authenticate(desk, operator.username, "wrong")  # a wrong one changes nothing
    with desk.db.read() as s:
        assert s.get(User, operator.id).password_hash.startswith("scrypt$")
    assert authenticate(desk, operator.username, PASSWORD).id == operator.id
    with desk.db.read() as s:
        assert s.get(User, operator.id).password_hash.startswith("$argon2id$")
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "rehash_password")).all()
        assert len(rows) == 1 and "argon2id" in rows[0].new and "scrypt" not in rows[0].new
    authenticate(desk, operator.username, PASSWORD)  # already current: nothing more written
    with desk.db.read() as s:
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "rehash_password")).all()) == 1
