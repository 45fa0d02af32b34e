"""Checking the password while it is typed, so Enter does not wait for the hash.

The password hash is deliberately slow (argon2id, ≈ 0.1–0.2 s on the desk PCs):
that is what protects the accounts in a copied database file. Checked only
when Enter is pressed, those milliseconds sit between the operator and the
list. Checked on a thread as the operator types, the check of the final
password has usually finished in the pause before Enter; Enter then only
collects the answer (or waits for the rest of a check already under way).

Nothing is revealed early: an answer is read only for exactly the name and
password submitted, a wrong one says the same sentence as before, and
authenticate() has no side effects (no counters, no audit rows) for the
checks of half-typed passwords to disturb. At most one check runs and one
waits; a newer keystroke replaces the waiting one.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # concurrent.futures is imported at the first keystroke, not before the dialog paints
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

T = TypeVar("T")


def _key(user: str, password: str) -> tuple[str, bytes]:
    # only a digest is kept between keystrokes, not the typed password itself
    return user.strip(), hashlib.sha256(password.encode("utf-8", "surrogatepass")).digest()


class PasswordCheckAhead(Generic[T]):
    """`check(user, password)` returns the Actor or raises UserError (console.services.accounts).

    `ready()` says whether checking now would be quick to start (the database layer is
    loaded); until then typing starts nothing and Enter checks as it always did.
    """

    def __init__(self, check: Callable[[str, str], T], ready: Callable[[], bool] = lambda: True):
        self._check = check
        self._ready = ready
        self._pool: ThreadPoolExecutor | None = None
        self._key: tuple[str, bytes] | None = None
        self._future: Future[T] | None = None
        self.answered_ahead = 0  # how many submits found their answer prepared (tests, log)

    def typed(self, user: str, password: str) -> None:
        """The name or password changed: start checking what is there now."""
        if not user.strip() or not password or not self._ready():
            return
        key = _key(user, password)
        if key == self._key:
            return
        if self._future is not None:
            self._future.cancel()  # only succeeds while it waits: a running check finishes unseen
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="login-check")
        self._key = key
        self._future = self._pool.submit(self._check, user, password)

    def check(self, user: str, password: str) -> T:
        """The answer for exactly this name and password: the one prepared, or checked now."""
        future = self._future if self._key == _key(user, password) else None
        if future is not None:
            from concurrent.futures import CancelledError

            try:
                result = future.result()  # raises what check raised (a wrong password: UserError)
                self.answered_ahead += 1
                return result
            except CancelledError:
                pass
        return self._check(user, password)

    def close(self) -> None:
        """Forget the last key and let the thread end (a running check is left to finish)."""
        self._key = self._future = None
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def prepared(self) -> bool:
        """Has the check of the name and password typed last finished (Enter will not wait)?"""
        return self._future is not None and self._future.done()
