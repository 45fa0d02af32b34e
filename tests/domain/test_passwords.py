"""Passwords are kept as argon2id; a desk's older scrypt hashes still verify and are marked for re-hashing."""
from __future__ import annotations

import pytest
from helpers import old_scrypt_hash as _old_scrypt

from console.domain.passwords import hash_password, needs_rehash, verify_password


def test_a_new_hash_is_argon2id_salted_and_current():
    h1, h2 = hash_password("secret1"), hash_password("secret1")
    assert h1.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and h1 != h2  # a salt of its own
    assert verify_password("secret1", h1) and not verify_password("secret2", h1)
    assert not needs_rehash(h1)


def test_an_old_scrypt_hash_verifies_and_asks_to_be_rehashed():
    old = _old_scrypt("老密码 secret")
    assert verify_password("老密码 secret", old) and not verify_password("老密码 Secret", old)
    assert needs_rehash(old)


def test_weaker_argon2_parameters_ask_to_be_rehashed():
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("secret1")
    assert verify_password("secret1", weak) and needs_rehash(weak)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$x$y", "scrypt$16384$8$1$!!$!!", "$argon2id$v=19$garbage",
                                    "$argon2id$v=19$m=65536,t=3,p=4$AAAA$AAAA"])
def test_a_damaged_hash_never_verifies_and_never_raises(stored):
    assert verify_password("secret1", stored) is False
    assert needs_rehash(stored)
