"""One timer for every deadline: when to re-read the due queue and what to ring.

The queue is a query (console.store.queries.due_queue), so this object keeps
nothing that matters in memory: each `check()` reads the open deadlines due
within the horizon, asks the alert rule (console.domain.alerting.AlertTracker,
which is where "ring once, repeat every few minutes, stay silent while
snoozed" lives) what to ring now, and sets its single QTimer to the next
moment anything can change: an alert or a repeat, an item turning overdue,
a new item entering the one-hour horizon — or, at the latest, the safety
re-check (30 s), which also covers anything another seat did that the
change watcher missed.

Two cheap polls run every couple of seconds on the same timer tick:

- the ChangeWatcher (PRAGMA data_version on SQLite, a notification counter
  on PostgreSQL) says whether anyone wrote; if so, the queue is re-read, so
  an item another seat has done disappears and never rings;
- a clock check compares how far the wall clock (the desk's injectable
  clock) moved against the monotonic clock since the last poll. A machine
  that slept, or a wall clock set by hand, makes them disagree; the queue is
  then re-read at once. Because alerts derive from the rows, a deadline that
  fell due during a two-hour sleep rings once on wake, not once per missed tick.

With a TaskRunner (the window's), the timer's and the polls' re-reads run
the query on the worker pool and only the rule and the signals run on the
GUI thread, so a desk with thousands of overdue items does not stall the
window every 30 s. `check()` itself stays synchronous (tests, the
benchmark, a re-read right after this seat's own write).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from ...domain.alerting import DEFAULT_REPEAT, AlertTracker, effective_due
from ...services.context import Desk
from ...services.deadlines import DueItem, due_queue_and_next

log = logging.getLogger(__name__)
LOGGED_ALERTS = 20  # a desk with thousands overdue must not write a 100 kB log line per check

HORIZON = timedelta(hours=1)
SAFETY_MS = 30_000  # re-read the queue at least this often, whatever the timer thinks
POLL_MS = 2_000  # ask the change watcher / compare the clocks
JUMP_TOLERANCE_S = 5.0  # wall vs monotonic disagreement that counts as a sleep or a clock change
MIN_DELAY_MS = 200  # never spin: a timer that fires a little early just re-arms

SETTING_MUTE = "alerts/mute"
SETTING_REPEAT = "alerts/repeat_minutes"
REPEAT_CHOICES = (2, 5, 10, 15)


@dataclass(frozen=True)
class AlertSettings:
    """This seat's preferences (QSettings): the deadlines themselves are shared, these are not."""

    mute: bool = False
    repeat_minutes: int = int(DEFAULT_REPEAT.total_seconds() // 60)

    @classmethod
    def load(cls, settings: QSettings) -> AlertSettings:
        mute = str(settings.value(SETTING_MUTE, "false")).lower() in ("1", "true", "yes")
        try:
            repeat = int(settings.value(SETTING_REPEAT, cls.repeat_minutes))
        except (TypeError, ValueError):
            repeat = cls.repeat_minutes
        return cls(mute=mute, repeat_minutes=min(max(repeat, 1), 60))

    def save(self, settings: QSettings) -> None:
        settings.setValue(SETTING_MUTE, "true" if self.mute else "false")
        settings.setValue(SETTING_REPEAT, int(self.repeat_minutes))
        settings.sync()


@dataclass(frozen=True)
class QueueSnapshot:
    """What one check read: the queue and the moment it was read at."""

    now: datetime
    items: tuple[DueItem, ...]

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.due_at <= self.now)

    @property
    def due(self) -> int:
        return len(self.items) - self.overdue


class AlertController(QObject):
    """The due queue's clock: signals when the queue changed and when to ring."""

    queue_changed = Signal(object)  # QueueSnapshot
    alert = Signal(list)  # list[DueItem]: ring now (first time, or a repeat)
    counts_changed = Signal(int, int)  # due within the horizon, overdue
    clock_jumped = Signal(float)  # seconds the wall clock moved beyond the monotonic clock

    def __init__(self, desk: Desk, parent: QObject | None = None, *,
                 repeat: timedelta = DEFAULT_REPEAT, horizon: timedelta = HORIZON,
                 watcher=None, own_watcher: bool = True, poll_ms: int = POLL_MS,
                 safety_ms: int = SAFETY_MS, monotonic: Callable[[], float] = time.monotonic,
                 jump_tolerance: float = JUMP_TOLERANCE_S, runner=None):
        """`watcher`: a ChangeWatcher-like object (`changed()`); None makes one when
        `own_watcher` (closed by `stop()`), or polls nothing (the safety re-check remains)."""
        super().__init__(parent)
        self.desk = desk
        self.runner = runner  # console.ui.common.workers.TaskRunner, or None: read on the calling thread
        self.tracker = AlertTracker(repeat=repeat)
        self.horizon = horizon
        self.safety_ms = safety_ms
        self._monotonic = monotonic
        self._jump_tolerance = jump_tolerance
        self._watcher = watcher
        self._owns_watcher = False
        if watcher is None and own_watcher:
            self._watcher = self._make_watcher()
            self._owns_watcher = self._watcher is not None
        self.snapshot = QueueSnapshot(desk.now(), ())
        self._counts: tuple[int, int] | None = None
        self._last_poll: tuple[float, datetime] | None = None
        self.next_wake: datetime | None = None
        self.checks = 0  # how many times the queue was read (tests, the benchmark)
        self._stopped = False

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.request_check)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(poll_ms)
        self._poll_timer.timeout.connect(self.poll)

    def _make_watcher(self):
        try:
            from ...store.change_watch import ChangeWatcher
            return ChangeWatcher(self.desk.db, wait=0.5)
        except Exception:  # noqa: BLE001 - without it the 30 s safety re-check still runs
            log.warning("no change watcher for the due queue; other seats' work shows within 30 s",
                        exc_info=True)
            return None

    # -- running ----------------------------------------------------------------
    def start(self) -> None:
        self._last_poll = (self._monotonic(), self.desk.now())
        self.check()
        self._poll_timer.start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._poll_timer.stop()
        if self._owns_watcher and self._watcher is not None:
            self._watcher.close()
        self._watcher = None

    @property
    def active(self) -> bool:
        return self._poll_timer.isActive()

    @property
    def timer_interval_ms(self) -> int:
        """The single alert timer's current delay (−1 when it is not armed)."""
        return self._timer.interval() if self._timer.isActive() else -1

    @property
    def counts(self) -> tuple[int, int] | None:
        """(due within the horizon, overdue) as last read; None before the first read."""
        return self._counts

    @property
    def items(self) -> tuple[DueItem, ...]:
        return self.snapshot.items

    def set_repeat(self, minutes: int) -> None:
        self.tracker.repeat = timedelta(minutes=max(1, int(minutes)))
        if self.active:
            self.request_check()

    # -- the work -----------------------------------------------------------------
    def read(self, now: datetime) -> tuple[list[DueItem], datetime | None]:
        """The queue at `now` and when the next deadline beyond the horizon enters it."""
        items, beyond = due_queue_and_next(self.desk, now, self.horizon)
        return items, (beyond - self.horizon if beyond is not None else None)

    def check(self) -> list[DueItem]:
        """Re-read the queue now, ring what is due, re-arm the timer; returns what rang."""
        now = self.desk.now()
        try:
            items, enters = self.read(now)
        except Exception as e:  # noqa: BLE001 - a locked or lost database: keep the last queue, try again
            self._read_failed(now, e)
            return []
        return self._apply(now, items, enters)

    def request_check(self) -> None:
        """Re-read soon: on the worker pool when there is one (the answer comes back here)."""
        r = self.runner
        if r is None or r.is_shut_down:
            self.check()
            return
        now = self.desk.now()
        r.submit(self.read, now, key="due-queue",
                 on_result=lambda res, now=now: self._apply(now, *res) if self.active else None,
                 on_error=lambda e, now=now: self._read_failed(now, e))

    def _read_failed(self, now: datetime, e: BaseException) -> None:
        log.warning("cannot read the due queue: %s", e, exc_info=(type(e), e, e.__traceback__))
        self._arm(now, None)

    def _apply(self, now: datetime, items: list[DueItem], enters: datetime | None) -> list[DueItem]:
        self.checks += 1
        ring_ids = set(self.tracker.evaluate(items, now))
        ringing = [i for i in items if i.deadline_id in ring_ids]
        old = self.snapshot
        self.snapshot = QueueSnapshot(now, tuple(items))
        if old.items != self.snapshot.items or old.now != now:
            self.queue_changed.emit(self.snapshot)
        counts = (self.snapshot.due, self.snapshot.overdue)
        if counts != self._counts:
            self._counts = counts
            self.counts_changed.emit(*counts)
        wake = self.tracker.next_wakeup(items, now)
        for t in [i.due_at for i in items if i.due_at > now] + ([enters] if enters else []):
            if wake is None or t < wake:
                wake = t
        self._arm(now, wake)
        if ringing:
            shown = ", ".join(f"{i.kind}#{i.deadline_id}" for i in ringing[:LOGGED_ALERTS])
            more = f" and {len(ringing) - LOGGED_ALERTS} more" if len(ringing) > LOGGED_ALERTS else ""
            log.info("alert (%d): %s%s", len(ringing), shown, more)
            self.alert.emit(ringing)
        return ringing

    def _arm(self, now: datetime, wake: datetime | None) -> None:
        self.next_wake = wake
        if self._stopped:
            return
        delay = self.safety_ms
        if wake is not None:
            delay = min(delay, int((wake - now).total_seconds() * 1000) + 1)
        self._timer.start(max(delay, MIN_DELAY_MS))

    def poll(self) -> bool:
        """Every couple of seconds: anyone wrote? did the clock jump? Then re-read; True if it did."""
        mono, wall = self._monotonic(), self.desk.now()
        jumped = 0.0
        if self._last_poll is not None:
            m0, w0 = self._last_poll
            jumped = (wall - w0).total_seconds() - (mono - m0)
        self._last_poll = (mono, wall)
        changed = False
        if self._watcher is not None:
            try:
                changed = self._watcher.changed()
            except Exception:  # noqa: BLE001 - "maybe": the re-read is cheap
                changed = True
        if abs(jumped) > self._jump_tolerance:
            log.info("wall clock moved %.0f s beyond the monotonic clock (sleep or clock change)", jumped)
            self.clock_jumped.emit(jumped)
            changed = True
        if changed:
            self.request_check()
        return changed

    def refresh(self) -> None:
        """After a write here (or a change noticed elsewhere): re-read now."""
        self.request_check()

    # -- the operator -----------------------------------------------------------------
    def acknowledge(self, deadline_id: int) -> None:
        """Seen: no more repeats for this item (it stays red until done or snoozed).

        Only an item that is ringing can be acknowledged: opening a snoozed
        or not-yet-due item must not silence the alert it has still to give.
        """
        for it in self.items:
            if it.deadline_id == deadline_id and effective_due(it) <= self.snapshot.now:
                self.tracker.acknowledge(deadline_id)

    def acknowledge_all(self) -> int:
        """Every item ringing now counts as seen; returns how many.

        A snoozed item is not ringing, so it is left alone: its alert comes
        back when the snooze ends.
        """
        n = 0
        for it in self.items:
            if effective_due(it) <= self.snapshot.now and not self.tracker.is_acknowledged(it.deadline_id):
                self.tracker.acknowledge(it.deadline_id)
                n += 1
        if n and self.active:
            self.request_check()  # the repeat no longer needs the timer
        return n
