"""The terminal's progress display for long jobs (demo data, imports, exports, copying a desk)."""
from __future__ import annotations

import time
from typing import TextIO

from .context import Ctx, display_width


class Progress:
    """A progress callback for long jobs: one updating line on a terminal, every 10 % otherwise.

    Accepts the common call shapes: (done, total), (fraction,), (done, total,
    label) and keywords done/total/fraction/label, so it fits whatever the
    job reports.
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

    def __call__(self, *args, **kw) -> None:
        done, total, label = kw.get("done"), kw.get("total", self.total), kw.get("label")
        frac = kw.get("fraction")
        nums = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        texts = [a for a in args if isinstance(a, str)]
        if texts and label is None:
            label = texts[0]
        if label != self._last_phase:  # a new phase counts its own 0–100 %
            self._last_phase, self._last_decile = label, -1
        label = self.phases.get(label, label) if label is not None else None
        if len(nums) >= 2:
            done, total = nums[0], nums[1]
        elif len(nums) == 1:
            if isinstance(nums[0], float) and 0.0 <= nums[0] <= 1.0:
                frac = nums[0]
            else:
                done = nums[0]
        if frac is None and done is not None and total:
            frac = done / total
        frac = None if frac is None else max(0.0, min(1.0, float(frac)))
        pct = "" if frac is None else f"{frac * 100:3.0f}%"
        count = f" ({done}/{total})" if done is not None and total else (
            f" ({done})" if done is not None else "")
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
                elif frac is None and done is not None and time.monotonic() - self._last_time >= 5:
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
