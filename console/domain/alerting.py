"""When to ring: the alert rule for the due queue, with no timers in it.

The window owns one timer; this module tells it what to ring now and when
to wake next. Alerts are derived from the deadline rows every time, so an
item another seat has done simply disappears, and a deadline that fell due
while the machine slept rings once on wake, not once per missed tick.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

DEFAULT_REPEAT = timedelta(minutes=5)


class DueLike(Protocol):
    deadline_id: int
    due_at: datetime
    snoozed_until: datetime | None


def effective_due(item: DueLike) -> datetime:
    """A snooze silences the alert until its end; it never moves the deadline."""
    if item.snoozed_until is not None and item.snoozed_until > item.due_at:
        return item.snoozed_until
    return item.due_at


@dataclass
class AlertTracker:
    repeat: timedelta = DEFAULT_REPEAT
    _last: dict[int, datetime] = field(default_factory=dict)
    _acked: set[int] = field(default_factory=set)
    _snooze_seen: dict[int, datetime | None] = field(default_factory=dict)

    def evaluate(self, items: Iterable[DueLike], now: datetime) -> list[int]:
        """Deadline ids to alert now; remembers that it did."""
        ring: list[int] = []
        present: set[int] = set()
        for it in items:
            i = it.deadline_id
            present.add(i)
            if self._snooze_seen.get(i, it.snoozed_until) != it.snoozed_until:
                # snoozed (again) since we last looked: a fresh start after the snooze
                self._last.pop(i, None)
                self._acked.discard(i)
            self._snooze_seen[i] = it.snoozed_until
            if effective_due(it) > now:
                continue
            last = self._last.get(i)
            if last is None or (i not in self._acked and now - last >= self.repeat):
                self._last[i] = now
                ring.append(i)
        for gone in set(self._last) - present:  # done here or at another seat
            self._last.pop(gone, None)
            self._acked.discard(gone)
        for gone in set(self._snooze_seen) - present:
            self._snooze_seen.pop(gone, None)
        return ring

    def acknowledge(self, deadline_id: int) -> None:
        """The operator has seen it: no more repeats (the row stays red)."""
        self._acked.add(deadline_id)

    def is_acknowledged(self, deadline_id: int) -> bool:
        return deadline_id in self._acked

    def next_wakeup(self, items: Iterable[DueLike], now: datetime) -> datetime | None:
        """The next moment evaluate() could ring something."""
        best: datetime | None = None
        for it in items:
            due = effective_due(it)
            if due > now:
                t = due
            elif it.deadline_id in self._acked:
                continue
            else:
                last = self._last.get(it.deadline_id)
                t = now if last is None else last + self.repeat
            if best is None or t < best:
                best = t
        return best
