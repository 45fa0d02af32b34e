"""The demo history generated in a forked child while this process writes it: two cores instead of one.

The generator (console.demo.history) is pure Python and single-threaded by nature (one random stream drawn
in a fixed order), and the writing is SQLite's work on the one connection that holds the build's
transaction. A thread cannot overlap them (the driver takes the GIL back for every row it binds), a child
process can: after `os.fork` the child runs the generator on its copy of the world and sends each chunk of
row tuples down a pipe; the parent inserts them, in the order they were made, into its transaction, so the
rows, their ids and the database are exactly what the generator would have written itself. At the end the
child sends its random generator's state and the counts the parent reads afterwards (shift counts, stats),
so everything drawn after the history draws what it drew before.

Where `os.fork` does not exist (Windows), or `HOTLINE_DEMO_ASIDE=0`, the same work runs in this process.
The child never touches the database connection it inherited and leaves with `os._exit`, running no
clean-up of the parent's objects.
"""
from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Sequence
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any

from .history import HistoryGenerator
from .world import HistoryStats

# Tickets per chunk sent to the parent: small enough that the parent starts writing early and the two
# overlap from the first chunk to the last; the rows and their ids do not depend on it.
CHILD_CHUNK = 2_000


class _PipeWriter:
    """What the generator sees as its writer in the child: the rows go down the pipe."""

    def __init__(self, conn: Connection, ts: Callable[[int], Any]):
        self.conn, self.ts = conn, ts

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if rows:
            self.conn.send(("rows", table, tuple(columns), rows))


def _child(gen: HistoryGenerator, work: Callable[[], HistoryStats], out: Connection) -> None:
    code = 1
    try:
        gen.writer = _PipeWriter(out, gen.ts)  # type: ignore[assignment]
        gen.chunk = CHILD_CHUNK
        gen.progress = lambda done, total: out.send(("progress", done, total))
        stats = work()
        out.send(("done", stats, gen.w.shifts.counts, gen.rng.getstate()))
        code = 0
    except BaseException:  # noqa: BLE001 - told to the parent, which raises it
        try:
            out.send(("error", traceback.format_exc()))
        except BaseException:  # noqa: BLE001 - the parent is gone: nothing to tell
            pass
    finally:
        out.close()
        os._exit(code)


def generate_aside(gen: HistoryGenerator, work: Callable[[], HistoryStats]) -> HistoryStats:
    """`work()` (the generator's run, writing through `gen.writer`) with the generating done in a child.

    Returns what `work()` returned; afterwards `gen.rng`, `gen.stats` and the world's shift counts are as if
    `work()` had run here."""
    if not hasattr(os, "fork") or os.environ.get("HOTLINE_DEMO_ASIDE", "1") == "0":
        return work()
    writer, progress = gen.writer, gen.progress
    inbox, out = Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child
        inbox.close()
        _child(gen, work, out)
    out.close()
    finished = False
    try:
        while True:
            try:
                msg = inbox.recv()
            except EOFError:
                raise RuntimeError("演示数据生成进程意外退出。 / The demo history's generator stopped unexpectedly.") from None
            kind = msg[0]
            if kind == "rows":
                writer.insert(msg[1], msg[2], msg[3])
            elif kind == "progress":
                if progress:
                    progress(msg[1], msg[2])
            elif kind == "done":
                stats, counts, state = msg[1], msg[2], msg[3]
                break
            else:
                raise RuntimeError(f"demo history generator failed:\n{msg[1]}")
        gen.rng.setstate(state)
        gen.stats = stats
        gen.w.shifts.counts[:] = counts
        finished = True
        return stats
    finally:
        inbox.close()
        if not finished:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
