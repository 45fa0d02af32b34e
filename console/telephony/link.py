"""CallLink: every adapter's events through one tracker, on one thread; missed calls recorded; listeners told.

Adapters call `submit` from their own threads; the events wait in a bounded
queue (an event storm beyond it is dropped and said once per storm, not per
event) and are fed, one at a time, to a `domain.calls.CallTracker`. Each real
change goes to the listeners as a `CallNotice`; a call that ended unanswered
is recorded through `services.calls.record_missed` (once per call id, whatever
another seat did) and goes out as a `MissedNotice`; the adapters' up and down
as `LinkStatus`. A listener runs on the link's thread: the window's turns it
into a Qt signal, the command line's prints a line.

A database that cannot be written (locked, gone) costs one log line and that
missed call's record, never the link.
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..domain.calls import Call, CallEvent, CallStage, CallTracker, CallUpdate
from ..domain.errors import UserError
from ..services.calls import MissedResult, record_missed
from ..services.context import Actor, Desk

log = logging.getLogger(__name__)

LINK_ACTOR = Actor(None, "system", "系统", "admin", via="phone-link")  # who records the telephone's missed calls


class Adapter(Protocol):
    name: str

    def start(self) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class LinkStatus:
    source: str  # the adapter's name
    up: bool
    text: str


@dataclass(frozen=True)
class CallNotice:
    update: CallUpdate


@dataclass(frozen=True)
class MissedNotice:
    call: Call
    result: MissedResult


@dataclass(frozen=True)
class RecordFailed:
    call: Call
    text: str


Notice = LinkStatus | CallNotice | MissedNotice | RecordFailed
Listener = Callable[[Notice], None]


class CallLink:
    def __init__(self, desk: Desk | None, *, actor: Actor = LINK_ACTOR, tracker: CallTracker | None = None,
                 max_queue: int = 10_000) -> None:
        """`desk` None: listen only (nothing recorded; a seat that shows cards while a server records)."""
        self.desk = desk
        self.actor = actor
        self.tracker = tracker or CallTracker()
        self.adapters: list[Adapter] = []
        self.listeners: list[Listener] = []
        self.dropped = 0  # events the full queue turned away
        self._queue: queue.Queue[CallEvent | None] = queue.Queue(max_queue)
        self._thread: threading.Thread | None = None
        self._storm = False
        self._lock = threading.Lock()

    # -- wiring ------------------------------------------------------------------------------
    def add_listener(self, fn: Listener) -> None:
        self.listeners.append(fn)

    def add(self, adapter: Adapter) -> Adapter:
        self.adapters.append(adapter)
        return adapter

    def state_hook(self, source: str) -> Callable[[bool, str], None]:
        """What an adapter calls when it goes up or down."""
        return lambda up, text: self._tell(LinkStatus(source, up, text))

    # -- running -----------------------------------------------------------------------------
    def start(self) -> None:
        """The worker, then the adapters (an adapter that cannot start — a port in use — stops the ones
        started before it and raises its UserError)."""
        self._thread = threading.Thread(target=self._run, name="call-link", daemon=True)
        self._thread.start()
        started: list[Adapter] = []
        try:
            for a in self.adapters:
                a.start()
                started.append(a)
        except BaseException:
            for a in started:
                a.stop()
            self._queue.put(None)
            raise

    def stop(self, timeout: float = 10.0) -> None:
        for a in self.adapters:
            a.stop()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def submit(self, ev: CallEvent) -> None:
        """From any thread; never blocks (an adapter must keep reading its socket)."""
        try:
            self._queue.put_nowait(ev)
        except queue.Full:
            with self._lock:
                self.dropped += 1
                first = not self._storm
                self._storm = True
            if first:
                log.warning("telephone link: more events than the desk can take; dropping until the queue drains")

    def wait_idle(self, timeout: float) -> bool:
        """True once every event submitted so far has been handled (tests, benches, the end of `calls listen`)."""
        done = threading.Event()

        def wait() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        return done.wait(timeout)

    def _run(self) -> None:
        while True:
            ev = self._queue.get()
            try:
                if ev is None:
                    return
                self._handle(ev)
            except Exception:  # noqa: BLE001 - one bad event must not end the link
                log.exception("telephone link: an event could not be handled")
            finally:
                self._queue.task_done()
                if self._storm and self._queue.empty():
                    with self._lock:
                        self._storm = False
                    log.warning("telephone link: the storm is over (%d events dropped so far)", self.dropped)

    def _handle(self, ev: CallEvent) -> None:
        upd = self.tracker.feed(ev)
        if upd is None:
            return
        self._tell(CallNotice(upd))
        if upd.stage is CallStage.ENDED and upd.call.missed and self.desk is not None:
            try:
                result = record_missed(self.desk, self.actor, upd.call)
            except UserError as e:
                log.warning("telephone link: missed call %s not recorded: %s", upd.call.call_id, e.en)
                self._tell(RecordFailed(upd.call, e.message()))
                return
            except Exception as e:  # noqa: BLE001 - the database gone or locked: say so, keep listening
                log.warning("telephone link: missed call %s not recorded: %s", upd.call.call_id, e)
                self._tell(RecordFailed(upd.call, str(e).splitlines()[0] if str(e) else type(e).__name__))
                return
            if result.reason == "withheld":
                log.info("telephone link: a missed call from a withheld number (%s) cannot be called back; "
                         "not recorded", upd.call.call_id)
            self._tell(MissedNotice(upd.call, result))

    def _tell(self, notice: Notice) -> None:
        for fn in list(self.listeners):
            try:
                fn(notice)
            except Exception:  # noqa: BLE001 - a listener's bug must not end the link
                log.exception("telephone link: a listener failed")
