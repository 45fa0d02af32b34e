"""The terminal's progress display for long jobs (demo data, imports, exports, copying a desk)."""
from __future__ import annotations

import time
from typing import TextIO

from .context import Ctx, display_width


class Progress:
    """A progress callback for long jobs: one updating line on a terminal, every 10 % otherwise.

    Called as the one progress protocol, `progress(done, total, phase="")`
    (console.util.progress); phase codes are shown by their `phases` label.
    """

    def __init__(self, ctx: Ctx, label_zh: str, label_en: str, total: int | None = None,
                 stream: TextIO | None = None, phases: dict[str, tuple[str, str]] | None = None):
        self.stream = stream or ctx.err
        self.label = ctx.t(label_zh, label_en)
        self.total = total
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.phases = {k: ctx.t(*v) for k, v in (phases or {}).items()}  # phase code -> label
        self._last_decile = -1
        self._last_phase = None
        self._last_shown = ""
        self._open_line = False
        self._last_time = 0.0  # when a line without a fraction was last printed (not a terminal)

    def __call__(self, done: int, total: int = 0, phase: str = "") -> None:
        total = total or self.total or 0  # 0: the job does not know; the constructor's hint may
        label: str | None = phase or None
        if label != self._last_phase:  # a new phase counts its own 0–100 %
            self._last_phase, self._last_decile = label, -1
        label = self.phases.get(label, label) if label is not None else None
        frac = None if not total else max(0.0, min(1.0, done / total))
        pct = "" if frac is None else f"{frac * 100:3.0f}%"
        count = f" ({done}/{total})" if total else f" ({done})"
        text = f"{self.label} {pct}{count}" + (f" {label}" if label else "")
        try:
            if self.tty:
                if text != self._last_shown:  # spaces, not ANSI codes: old Windows consoles show those raw
                    pad = max(0, display_width(self._last_shown) - display_width(text))
                    self.stream.write("\r" + text + " " * pad)
                    self.stream.flush()
                    self._open_line = True
            else:
                decile = -1 if frac is None else int(frac * 10 + 1e-9)
                if decile > self._last_decile:
                    self._last_decile = decile
                    print(text, file=self.stream, flush=True)
                elif frac is None and time.monotonic() - self._last_time >= 5:
                    print(text, file=self.stream, flush=True)  # no total known: a count every 5 s
                    self._last_time = time.monotonic()
        except (OSError, ValueError):
            pass  # a closed terminal must not stop the job
        self._last_shown = text

    def finish(self) -> None:
        if self.tty and self._open_line:
            try:
                self.stream.write("\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self._open_line = False
