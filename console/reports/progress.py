"""Progress of a long export on a terminal (the window has its own bar).

`terminal_progress()` returns a `progress(done, total)` callback for the
export functions: on a terminal it redraws one line ("导出中… 45%"); when
the output is not a terminal (a script, a log file) it prints nothing, so
logs do not fill with carriage returns.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


def terminal_progress(stream: TextIO | None = None, label: str = "导出中") -> Callable[[int, int], None]:
    out = stream if stream is not None else sys.stderr
    try:
        live = out.isatty()
    except (AttributeError, ValueError):
        live = False
    last = [-1]

    def progress(done: int, total: int) -> None:
        if not live or total <= 0:
            return
        pct = min(100, done * 100 // total)
        if pct == last[0]:
            return
        last[0] = pct
        out.write(f"\r{label}… {pct:3d}%")
        if done >= total:
            out.write("\n")
        out.flush()

    return progress
