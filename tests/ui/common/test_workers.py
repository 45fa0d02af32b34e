"""The worker pool: answers on the GUI thread, only the newest per key, clean shutdown."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from console.domain.errors import ValidationError
from console.ui.common.workers import TaskRunner


def test_result_arrives_on_the_gui_thread(qtbot, runner):
    seen = {}

    def job(x):
        seen["worker"] = QThread.currentThread()
        return x * 2

    got = []
    runner.submit(job, 21, on_result=lambda v: got.append((v, QThread.currentThread())))
    qtbot.waitUntil(lambda: bool(got))
    value, thread = got[0]
    assert value == 42
    assert thread is qtbot_main_thread() and seen["worker"] is not thread


def qtbot_main_thread():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().thread()


def test_errors_reach_on_error_not_on_result(qtbot, runner):
    def job():
        raise ValidationError("不行。", "No.")

    results, errors = [], []
    runner.submit(job, on_result=results.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert not results and isinstance(errors[0], ValidationError) and errors[0].en == "No."


def test_a_slow_old_answer_never_overwrites_a_newer_one(qtbot, runner):
    release = threading.Event()
    started = threading.Event()

    def slow():
        started.set()
        release.wait(10)
        return "old"

    shown = []
    first = runner.submit(slow, key="search", on_result=shown.append)
    assert started.wait(5)
    runner.submit(lambda: "new", key="search", on_result=shown.append)
    qtbot.waitUntil(lambda: shown == ["new"])
    with qtbot.waitSignal(runner.stale, timeout=30_000) as blocker:
        release.set()
    assert blocker.args == ["search", first]
    assert shown == ["new"]


def test_invalidate_drops_a_running_job_and_tells_it_to_stop(qtbot, runner):
    release = threading.Event()
    states = []

    def job(state):
        states.append(state)
        release.wait(10)
        return state.cancelled

    shown = []
    runner.submit(job, key="search", on_result=shown.append, pass_state=True)
    qtbot.waitUntil(lambda: bool(states))
    runner.invalidate("search")
    assert states[0].cancelled
    with qtbot.waitSignal(runner.stale, timeout=30_000):
        release.set()
    assert shown == []


def test_progress_is_reported(qtbot, runner):
    progress = []

    def job(state):
        state.progress(50, "一半")
        return "done"

    done = []
    runner.submit(job, pass_state=True, on_result=done.append,
                  on_progress=lambda p, t: progress.append((p, t)))
    qtbot.waitUntil(lambda: bool(done))
    qtbot.waitUntil(lambda: progress == [(50, "一半")])


def test_shutdown_waits_for_running_jobs_and_discards_their_answers(qtbot):
    r = TaskRunner()
    release = threading.Event()
    started = threading.Event()
    finished = []

    def job():
        started.set()
        release.wait(10)
        finished.append(1)
        return 1

    shown = []
    r.submit(job, on_result=shown.append)
    assert started.wait(5)
    threading.Timer(0.05, release.set).start()
    assert r.shutdown(5000) is True
    assert finished == [1] and r.active_thread_count() == 0
    # The pool's threads have ended, so a delivery queued by them is already posted to this thread:
    # processing the posted events delivers it, if there is one (no clock involved).
    QCoreApplication.processEvents()
    assert shown == []
    with pytest.raises(RuntimeError):
        r.submit(job)


def test_synchronous_mode_runs_inline():
    r = TaskRunner(synchronous=True)
    got = []
    r.submit(lambda: 7, on_result=got.append)
    assert got == [7]
    r.shutdown()
