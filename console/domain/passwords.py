"""How a password is kept: argon2id (argon2-cffi, RFC 9106's second recommended profile).

A copied database file must not give away the passwords: each is stored as
a salted, deliberately slow and memory-hard hash. Desks set up before this
module kept scrypt (N = 2^14) hashes; those still verify, and
`needs_rehash` tells the login to store an argon2id hash in their place the
next time the right password is typed (console.services.accounts.authenticate),
so no one has to reset a password.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106 §4, second recommended option (for when 2 GiB is too much): t=3, m=64 MiB, p=4 —
# argon2-cffi's defaults, named here so that a change of the library's defaults is a change we see.
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4, hash_len=32, salt_len=16)


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (its own random salt; about 0.1–0.2 s by design)."""
    return _HASHER.hash(password)


def verify_password(password: str, stored: str) -> bool:
    """True when `password` is the one `stored` was made from (argon2id, or a desk's older scrypt)."""
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError, ValueError, TypeError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for a hash kept the older way (scrypt) or with weaker argon2 parameters than today's."""
    if not stored.startswith("$argon2"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


def _verify_scrypt(password: str, stored: str) -> bool:
    """The hashes desks kept before argon2id: scrypt$N$r$p$salt$key (base64)."""
    try:
        _algo, n, r, p, salt, dk = stored.split("$")
        want = base64.b64decode(dk)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(want))
        return hmac.compare_digest(got, want)
    except (ValueError, TypeError):
        return False
