"""Login throttling: wrong passwords cost time once there have been a few.

Five wrong passwords for a name are a typing problem; after them every
further wrong one locks the name for a delay that doubles — 30 s, 1 min,
2 min … at most 15 minutes — so guessing at the speed of the hash is over.
The count is kept per typed name, known to the desk or not (locking only real
names would tell a guesser which names exist). A right password resets it;
an attempt while locked is refused without looking at the password and does
not count again.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from .errors import UserError

FREE_FAILURES = 5
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)


def delay_after(failures: int) -> timedelta:
    """How long a name is locked after its `failures`-th wrong password in a row."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    doubled: timedelta = FIRST_DELAY * (2 ** min(failures - FREE_FAILURES, 30))
    return min(doubled, MAX_DELAY)


def refusal(locked_until: datetime | None, now: datetime) -> UserError | None:
    """The sentence for a locked name (how long to wait), or None when it may try."""
    if locked_until is None or locked_until <= now:
        return None
    seconds = int((locked_until - now).total_seconds() + 0.999)
    wait_zh = f"{seconds} 秒" if seconds < 120 else f"{(seconds + 59) // 60} 分钟"
    wait_en = f"{seconds} s" if seconds < 120 else f"{(seconds + 59) // 60} min"
    return UserError(f"密码错误次数过多，请 {wait_zh} 后再试。",
                     f"Too many wrong passwords: try again in {wait_en}.")
