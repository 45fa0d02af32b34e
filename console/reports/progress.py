"""Progress of a long export on a terminal (the window has its own bar).

`terminal_progress()` returns a callback of the one progress protocol
(console.util.progress: `progress(done, total, phase="")`) for the export
functions: on a terminal it redraws one line ("导出中… 45%"); when the
output is not a terminal (a script, a log file) it prints nothing, so
logs do not fill with carriage returns.
"""
from __future__ import annotations

import sys
from typing import TextIO

from ..util.progress import Progress


def terminal_progress(stream: TextIO | None = None, label: str = "导出中") -> Progress:
    out = stream if stream is not None else sys.stderr
    try:
        live = out.isatty()
    except (AttributeError, ValueError):
        live = False
    last = [-1]

    def progress(done: int, total: int, phase: str = "") -> None:
        if not live or total <= 0:  # not a terminal, or the total is unknown: nothing to draw
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
