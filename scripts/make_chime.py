#!/usr/bin/env python3
"""Write resources/sounds/chime.wav: the due-queue alert, a gentle two-tone chime.

    python scripts/make_chime.py [--out PATH]

Made here from sine waves with the standard library (`wave`, `math`), so the
sound has no outside origin and no licence but the project's own. The output
is deterministic: running the script again gives the same bytes.

Two bell-like notes a major third apart, falling (E5 → C5: "attention", not
"alarm"), each a fundamental with a quiet octave and a soft attack, decaying
exponentially; peak at half scale so it never startles a night operator
wearing a headset. 0.92 s, 22,050 Hz mono 16-bit, about 40 KB.
"""
from __future__ import annotations

import argparse
import math
import struct
import wave
from pathlib import Path

RATE = 22_050
PEAK = 0.5  # of full scale
NOTES = ((659.25, 0.00, 0.42), (523.25, 0.30, 0.60))  # (Hz, start s, length s): E5 then C5
LENGTH = 0.92  # seconds


def samples() -> list[int]:
    n = int(RATE * LENGTH)
    out = [0.0] * n
    for freq, start, dur in NOTES:
        first = int(start * RATE)
        for i in range(int(dur * RATE)):
            t = i / RATE
            attack = min(1.0, t / 0.008)  # 8 ms: no click
            decay = math.exp(-t * 6.0)
            tail = min(1.0, (dur - t) / 0.05)  # fade the last 50 ms to silence
            v = math.sin(2 * math.pi * freq * t) + 0.25 * math.sin(2 * math.pi * 2 * freq * t)
            if first + i < n:
                out[first + i] += v * attack * decay * max(tail, 0.0)
    top = max(abs(v) for v in out) or 1.0
    return [int(round(v / top * PEAK * 32767)) for v in out]


def write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", s) for s in samples()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "resources" / "sounds" / "chime.wav"))
    args = ap.parse_args()
    write(Path(args.out))
    print(args.out, Path(args.out).stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
