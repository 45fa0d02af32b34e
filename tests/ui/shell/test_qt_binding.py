"""The Qt binding must not lose references to None/True (PySide6 6.12.0 does).

On Python 3.11, None and True are ordinary objects with a reference count;
a binding that drops one reference per signal emit or per slot call makes
the process abort hours later with "Fatal Python error: bool_dealloc /
none_dealloc". pyproject.toml pins PySide6-Essentials below 6.12 for this.
"""
from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer, Signal


class _Emitter(QObject):
    ping = Signal(int)


def _counts():
    """Reference counts of None and True after flushing pending deletions (they free other refs)."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True)


def test_signal_emit_keeps_the_reference_to_true(qapp):
    e = _Emitter()
    e.ping.connect(lambda v: None)
    _, true_before = _counts()
    for _ in range(200):
        e.ping.emit(1)
    _, true_after = _counts()
    assert true_after - true_before > -100, "Signal.emit() drops a reference to True (PySide6 6.12.0 bug)"


def test_thread_pool_jobs_keep_the_reference_to_none(qapp):
    pool = QThreadPool()
    none_before, _ = _counts()
    for _ in range(500):
        pool.start(lambda: None)
    pool.waitForDone()
    gc.collect()
    assert sys.getrefcount(None) - none_before > -250, "jobs drop a reference to None (PySide6 6.12.0 bug)"


def test_slots_keep_the_reference_to_none(qtbot):
    calls = []
    none_before, _ = _counts()
    for _ in range(500):
        QTimer.singleShot(0, lambda: calls.append(1))
    while len(calls) < 500:
        QCoreApplication.processEvents()
    gc.collect()
    assert sys.getrefcount(None) - none_before > -250, "Python slots drop a reference to None (PySide6 6.12.0 bug)"
