"""Background work off the GUI thread: small jobs on a thread pool, answers on the GUI thread.

A job is a plain function (it opens its own session: `with desk.db.read()`);
`TaskRunner.submit` runs it on a private QThreadPool and calls `on_result`
or `on_error` back on the GUI thread. Jobs submitted under the same `key`
(e.g. "search") supersede each other: only the newest one's answer is
delivered, so a slow old search can never overwrite a newer one. The
dropped answer is announced on `stale` (tests wait for it).

A job that wants to report progress or be cancelled takes a `JobState`
(`pass_state=True`): `state.progress(42, "…")`, `state.cancelled`.

`synchronous=True` runs jobs inline (unit tests that do not test threading).
"""
from __future__ import annotations

import itertools
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ...domain.errors import UserError

log = logging.getLogger(__name__)


class _Bridge(QObject):
    """Lives in the GUI thread; signals emitted from pool threads are queued to it."""

    finished = Signal(int, bool, object)  # job id, ok, value or exception
    progress = Signal(int, int, str)  # job id, percent, text


class JobState:
    """A job's line back to the GUI: progress, and a cooperative cancel flag."""

    def __init__(self, job_id: int, bridge: _Bridge):
        self.job_id = job_id
        self._bridge = bridge
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, percent: int, text: str = "") -> None:
        self._bridge.progress.emit(self.job_id, int(percent), text)


@dataclass
class _Pending:
    key: str | None
    state: JobState
    on_result: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, str], None] | None


class _Job(QRunnable):
    def __init__(self, job_id: int, fn, args, kwargs, bridge: _Bridge):
        super().__init__()
        self.setAutoDelete(True)
        self._job_id, self._fn, self._args, self._kwargs, self._bridge = job_id, fn, args, kwargs, bridge

    def run(self) -> None:
        try:
            value, ok = self._fn(*self._args, **self._kwargs), True
        except BaseException as e:  # noqa: BLE001 - delivered to the GUI thread, never lost
            value, ok = e, False
        self._bridge.finished.emit(self._job_id, ok, value)
        self._fn = self._args = self._kwargs = None


class TaskRunner(QObject):
    """Runs jobs on a private pool; delivers only the newest answer per key."""

    stale = Signal(str, int)  # key, job id whose answer was dropped
    idle = Signal()  # no job pending any more

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2, synchronous: bool = False):
        super().__init__(parent)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max_threads)
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver)
        self._bridge.progress.connect(self._on_progress)
        self._ids = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._pending: dict[int, _Pending] = {}
        self._closed = False
        self.synchronous = synchronous

    # -- submitting --------------------------------------------------------
    def submit(self, fn: Callable, *args, key: str | None = None,
               on_result: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[int, str], None] | None = None,
               pass_state: bool = False, **kwargs) -> int:
        """Run `fn(*args, **kwargs)` (with `state=JobState` if pass_state) off the GUI thread."""
        if self._closed:
            raise RuntimeError("TaskRunner is shut down")
        job_id = next(self._ids)
        state = JobState(job_id, self._bridge)
        if key is not None:
            old = self._latest.get(key)
            if old is not None and old in self._pending:
                self._pending[old].state.cancel()  # a cooperative job may stop early
            self._latest[key] = job_id
        self._pending[job_id] = _Pending(key, state, on_result, on_error, on_progress)
        if pass_state:
            kwargs["state"] = state
        job = _Job(job_id, fn, args, kwargs, self._bridge)
        if self.synchronous:
            job.run()  # the bridge signal is delivered directly (same thread)
        else:
            self._pool.start(job)
        return job_id

    def invalidate(self, key: str) -> None:
        """Whatever is running under `key` is no longer wanted (e.g. the search box was cleared)."""
        old = self._latest.pop(key, None)
        if old is not None and old in self._pending:
            self._pending[old].state.cancel()

    def is_current(self, key: str, job_id: int) -> bool:
        return self._latest.get(key) == job_id

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    # -- delivering (GUI thread) --------------------------------------------
    def _on_progress(self, job_id: int, percent: int, text: str) -> None:
        p = self._pending.get(job_id)
        if p is None or p.on_progress is None or self._closed:
            return
        if p.key is not None and self._latest.get(p.key) != job_id:
            return
        p.on_progress(percent, text)

    def _deliver(self, job_id: int, ok: bool, value: object) -> None:
        p = self._pending.pop(job_id, None)
        try:
            if p is None or self._closed:
                return
            if p.key is not None and self._latest.get(p.key) != job_id:
                log.debug("dropping stale answer of job %s (%s)", job_id, p.key)
                self.stale.emit(p.key, job_id)
                return
            if p.key is not None:
                self._latest.pop(p.key, None)
            if ok:
                if p.on_result is not None:
                    p.on_result(value)
            elif p.on_error is not None:
                p.on_error(value)  # type: ignore[arg-type]
            elif isinstance(value, UserError):
                log.warning("unhandled user error from job %s: %s", job_id, value)
            else:
                exc = value if isinstance(value, BaseException) else RuntimeError(str(value))
                sys.excepthook(type(exc), exc, exc.__traceback__)
        finally:
            if not self._pending:
                self.idle.emit()

    # -- closing -----------------------------------------------------------
    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Drop queued jobs, ask running ones to stop, wait for them; answers are discarded."""
        self._closed = True
        for p in self._pending.values():
            p.state.cancel()
        self._pool.clear()
        done = self._pool.waitForDone(timeout_ms)
        if not done:
            log.warning("background jobs still running after %d ms at shutdown", timeout_ms)
        self._pending.clear()
        return done

    @property
    def is_shut_down(self) -> bool:
        return self._closed

    def active_thread_count(self) -> int:
        return self._pool.activeThreadCount()
