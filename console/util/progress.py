"""The one shape of a progress report, for every long job of every layer.

Long jobs (exports, imports, the demo desk, moving a desk between engines)
report how far they are by calling a callback their caller hands in; the
command line draws a terminal line from it, the window a progress bar. One
signature for all of them means one adapter per display, not one per job.

`done` and `total` count the same unit (rows, tickets, steps). `total == 0`
means the total is not known (yet): the display shows that work goes on
without a percentage (a busy bar, a count) and must not divide by it.
`done` may exceed a `total` that was only an estimate. `phase` names the
stage when a job has several ("read" / "write", a table's name, a demo phase
code); a job with one stage leaves it empty, and a display counts each new
phase from 0 % again.
"""
from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """A callback `progress(done, total, phase="")`: see the module docstring."""

    def __call__(self, done: int, total: int, phase: str = "") -> None: ...
