"""The login dialog's submit (console.ui.shell.launch.counted): a wrong password counts towards the name's
throttle, a right one clears it and keeps an older scrypt password as argon2id — the same rules as the
command line's authenticate, through the same service."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from helpers import PASSWORD, old_scrypt_hash
from sqlalchemy import select

from console.domain.errors import UserError
from console.services.accounts import check_login
from console.store.models import LoginThrottle, User
from console.ui.shell.launch import counted


def test_submit_counts_a_wrong_password_and_a_right_one_rehashes(desk, operator):
    with desk.db.write() as s:
        s.get(User, operator.id).password_hash = old_scrypt_hash(PASSWORD)
    preload = SimpleNamespace(wait=lambda: SimpleNamespace(desk=desk))
    submit = counted(lambda user, password: check_login(desk, user, password), preload)
    with pytest.raises(UserError):
        submit(operator.username, "wrong")
    with desk.db.read() as s:
        assert s.scalar(select(LoginThrottle.failures).where(LoginThrottle.username == operator.username)) == 1
    assert submit(operator.username, PASSWORD).id == operator.id
    with desk.db.read() as s:
        assert s.get(LoginThrottle, operator.username) is None
        assert s.get(User, operator.id).password_hash.startswith("$argon2id$")
