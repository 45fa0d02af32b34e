"""Run a long export in a process of its own, with its progress and Cancel carried across.

Why: XlsxWriter (the quarterly workbook's writer) holds the GIL for long stretches — a 5 ms ticker
thread beside it stalled for up to 0.6 s — so an export on one of the window's worker threads would
freeze the window. In a child process the window's threads only wait on a pipe.

How: the child is started with multiprocessing's *spawn* (the same on Linux, Windows and macOS, and
in the desktop build: scripts/frozen_entry.py calls `multiprocessing.freeze_support()` first). It
opens the same database with the same clock and runs the export function with the same arguments.
Every progress report is a round trip: the child sends `(done, total)` and waits for the window's
answer, "go" or "stop", so Cancel acts at the very report it was pressed on, as in-process; the
parent also sets a stop event between reports. The answer comes back as the result, or as the same
UserError (ExportCancelled, ExportFileError … with both languages), or as ExportProcessError with
the child's traceback for the log. A child whose parent has gone stops at its next report.

A desk on an in-memory SQLite database (tests of other parts) cannot be shared with a child: the
export then runs in this process, as before.

`lean`: an export that has a SQLAlchemy-free twin for a SQLite desk at the schema head (the quarterly
workbook and PDF: services.quarterly_lite) names it; the child tries it first, on the desk's file, and opens
the desk with SQLAlchemy only when the twin answers None (another revision, an unmasked export …). This
module imports nothing of the store at its top, so such a child never loads SQLAlchemy, the models or
Alembic (issue 21: ≈ 35 MB of the export's peak memory).
"""
from __future__ import annotations

import importlib
import multiprocessing as mp
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from typing import TYPE_CHECKING, Any

from ..domain.clock import Clock
from ..domain.errors import UserError
from ..util.progress import Progress
from .actor import Actor

if TYPE_CHECKING:
    from .context import Desk

POLL_S = 0.1            # how often the waiting thread looks at Cancel between reports
STOP_GRACE_S = 30.0     # after Cancel or a failure here: how long the child has to clean up its files


class ExportProcessError(RuntimeError):
    """The export process failed unexpectedly; the message holds its traceback (for the log)."""


def run_in_process(fn: Callable[..., Any], desk: Desk, actor: Actor, *args: Any,
                   progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                   lean: Callable[..., Any] | None = None, **kwargs: Any) -> Any:
    """`fn(desk, actor, *args, progress=…, cancelled=…, **kwargs)` in a spawned process; its result.

    `fn` must be a module-level function (it is sent by name) and its result picklable. `lean`, also
    module-level: `lean(sqlite_path, display, actor, clock, *args, progress=…, cancelled=…, **kwargs)`, tried
    first in the child on a SQLite desk; its None means "not for this desk", and `fn` runs instead."""
    if desk.db.is_sqlite and desk.db.sqlite_path is None:  # in memory: nothing a child could open
        return fn(desk, actor, *args, progress=progress, cancelled=cancelled, **kwargs)
    ctx = mp.get_context("spawn")
    here, there = ctx.Pipe(duplex=True)
    stop = ctx.Event()
    lean_to = (f"{lean.__module__}:{lean.__qualname__}", desk.db.sqlite_path, desk.db.display) \
        if lean is not None and desk.db.is_sqlite and desk.db.sqlite_path is not None else None
    child = ctx.Process(target=_child_main, name="hotline-export", daemon=True,
                        args=(f"{fn.__module__}:{fn.__qualname__}", desk.db.target, desk.clock, actor, args, kwargs,
                              there, stop, lean_to))
    child.start()
    there.close()
    finished = False
    try:
        while True:
            if not here.poll(POLL_S):
                if cancelled is not None and cancelled():
                    stop.set()
                if not child.is_alive() and not here.poll(0):
                    raise ExportProcessError(f"the export process ended without an answer "
                                             f"(exit code {child.exitcode})")
                continue
            try:
                msg = here.recv()
            except EOFError:
                raise ExportProcessError(f"the export process ended without an answer "
                                         f"(exit code {child.exitcode})") from None
            kind = msg[0]
            if kind == "progress":
                if progress is not None:
                    progress(msg[1], msg[2])
                here.send("stop" if cancelled is not None and cancelled() else "go")
            elif kind == "done":
                finished = True
                return msg[1]
            elif kind == "user_error":
                finished = True
                raise _user_error(*msg[1:])
            else:
                finished = True
                raise ExportProcessError(msg[1])
    finally:
        if not finished:
            stop.set()  # the child removes its temporary files and stops at its next report
        here.close()
        child.join(STOP_GRACE_S if not finished else None)
        if child.is_alive():
            child.terminate()  # a left-over temporary file is swept by the next export (atomic_file)
            child.join()


def _user_error(module: str, qualname: str, zh: str, en: str) -> UserError:
    """The child's UserError again, of its own class when that can be made with (zh, en)."""
    try:
        cls = getattr(importlib.import_module(module), qualname)
        if isinstance(cls, type) and issubclass(cls, UserError):
            e = cls.__new__(cls)
            UserError.__init__(e, zh, en)
            return e
    except Exception:  # noqa: BLE001 - an odd class: the plain UserError says the same
        pass
    return UserError(zh, en)


def _named(name: str) -> Any:
    module, _, qualname = name.partition(":")
    return getattr(importlib.import_module(module), qualname)


def _child_main(fn_name: str, db_target: str, clock: Clock, actor: Actor, args: tuple[Any, ...],
                kwargs: dict[str, Any], conn: Connection, stop: EventType,
                lean_to: tuple[str, Any, str] | None = None) -> None:
    """In the child: the lean twin on the desk's file when there is one and it takes the desk, else open the
    desk and run the export; send the answer."""
    stopped = False

    def progress(done: int, total: int, phase: str = "") -> None:
        nonlocal stopped
        try:
            conn.send(("progress", done, total))
            stopped = conn.recv() == "stop" or stopped
        except (EOFError, OSError):  # the window is gone: nobody waits for this file
            stopped = True

    def cancelled() -> bool:
        return stopped or stop.is_set()

    db = None
    try:
        result = None
        if lean_to is not None:
            lean_name, path, display = lean_to
            result = _named(lean_name)(path, display, actor, clock, *args, progress=progress, cancelled=cancelled,
                                       **kwargs)
        if result is None:
            from ..store.database import Database
            from .context import Desk

            fn = _named(fn_name)
            db = Database(db_target)
            result = fn(Desk(db, clock), actor, *args, progress=progress, cancelled=cancelled, **kwargs)
        answer: tuple[Any, ...] = ("done", result)
    except UserError as e:
        answer = ("user_error", type(e).__module__, type(e).__qualname__, e.zh, e.en)
    except BaseException:  # noqa: BLE001 - everything else goes to the parent's log
        answer = ("error", traceback.format_exc())
    finally:
        if db is not None:
            db.dispose()
    try:
        conn.send(answer)
    except (OSError, EOFError):
        pass
    finally:
        conn.close()
