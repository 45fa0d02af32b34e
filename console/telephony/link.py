"""CallLink: every adapter's events through one tracker, on one thread; missed calls recorded; listeners told.

Adapters call `submit` from their own threads; the events wait in a bounded
queue (an event storm beyond it is dropped and said once per storm, not per
event) and are fed, one at a time, to a `domain.calls.CallTracker`. Each real
change goes to the listeners as a `CallNotice`; a call that ended unanswered
is recorded through `services.calls.record_missed` (once per call id, whatever
another seat did) and goes out as a `MissedNotice`; the adapters' up and down
as `LinkStatus`. A listener runs on the link's thread: the window's turns it
into a Qt signal, the command line's prints a line.

With a desk, the link also shares what it hears with the desk's other seats
(`services.live_calls`): the ring, the answer and the end go into `live_calls`, where
every seat's window reads them; an answer this link hears takes the call for `seat`
(compare-and-set: one seat wins); and a call some seat took is not recorded as missed
here (a ring group's other extensions see it end unanswered). While events pile up
(a storm) rings are not shared: the queue drains first.

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
from ..services import live_calls
from ..services.calls import MissedResult, record_missed
from ..services.context import Actor, Desk

log = logging.getLogger(__name__)

LINK_ACTOR = Actor(None, "system", "系统", "admin", via="phone-link")  # who records the telephone's missed calls
SHARE_BACKLOG = 100  # events waiting beyond this: a storm; rings are not shared until it drains


def line_label(line: str) -> str:
    """How the other seats name the seat that answered on `line`: ``sip:8001@pbx`` → "8001"."""
    text = line.strip().strip("<>")
    for scheme in ("sips:", "sip:", "tel:"):
        if text.lower().startswith(scheme):
            text = text[len(scheme):]
    return text.split("@", 1)[0].split(";", 1)[0] or line


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
                 max_queue: int = 10_000, seat: str = "", extension: str = "", share: bool = True) -> None:
        """`desk` None: listen only (nothing recorded; a seat that shows cards while a server records).
        `seat`: how the other seats name this one when its link hears the answer ("" — the line's
        extension); `extension`: this seat's line — an answer on another line (a PBX bridge reporting the
        whole desk) is that line's, not this seat's; `share` False: nothing goes to live_calls."""
        self.desk = desk
        self.actor = actor
        self.seat = seat
        self.extension = extension
        self.share = share and desk is not None
        self._share_paused = False
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
        if self.share:
            self._share(upd)
        if upd.stage is CallStage.ENDED and upd.call.missed and self.desk is not None:
            if self.share and self._taken_elsewhere(upd.call):
                return
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

    def _share(self, upd: CallUpdate) -> None:
        """The ring, answer or end into live_calls for every seat; an answer heard here takes the call."""
        assert self.desk is not None
        call = upd.call
        if call.outgoing:
            return
        if self._queue.qsize() > SHARE_BACKLOG:
            if not self._share_paused:
                self._share_paused = True
                log.warning("telephone link: events pile up; rings are not shared with the other seats meanwhile")
            return
        self._share_paused = False
        try:
            live_calls.publish(self.desk, upd.stage, call)
            if upd.stage is CallStage.ANSWERED and call.answered_at is not None:
                ours = call.rings_at(self.extension)
                taker = (self.seat if ours else "") or line_label(call.line)
                got = live_calls.claim(self.desk, call.call_id, call.caller, taker, call.answered_at)
                if not got.won:
                    log.info("telephone link: call %s answered here, but %s took it first", call.call_id,
                             got.taken_by)
        except UserError as e:
            log.warning("telephone link: call %s not shared with the other seats: %s", call.call_id, e.en)
        except Exception as e:  # noqa: BLE001 - the database locked or gone: the card still shows here
            log.warning("telephone link: call %s not shared with the other seats: %s", call.call_id, e)

    def _taken_elsewhere(self, call: Call) -> bool:
        """A seat of the desk took this call (its leg here ended unanswered): not a missed call."""
        assert self.desk is not None
        try:
            who = live_calls.taken_by(self.desk, call)
        except Exception as e:  # noqa: BLE001 - cannot tell: record it (a missed call too many beats one lost)
            log.warning("telephone link: could not ask whether another seat took %s: %s", call.call_id, e)
            return False
        if who:
            log.info("telephone link: call %s was taken by %s: not missed", call.call_id, who)
        return bool(who)

    def _tell(self, notice: Notice) -> None:
        for fn in list(self.listeners):
            try:
                fn(notice)
            except Exception:  # noqa: BLE001 - a listener's bug must not end the link
                log.exception("telephone link: a listener failed")
