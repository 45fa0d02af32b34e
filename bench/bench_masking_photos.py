"""What the trust and work-order rules cost beside the bare library doing the same work.

    python bench/bench_masking_photos.py [--texts 10000] [--repeat 5] [--seed 1]

In one run, interleaved (each repeat runs every candidate in turn, so machine
load hits all alike), medians reported with their ratio:

1. masking free text (console.domain.masking.mask_text) over N realistic
   Chinese descriptions, with a mobile number in each and without, against a
   bare `re.sub` of a mobile pattern over the same texts — the floor: one C
   regex pass. mask_text finds more (identity cards, landlines, numbers split
   by spaces or dashes, full-width digits), so the ratio is the price of that;
2. keeping a photo (console.services.photos.prepare_photo: decode within
   limits, turn upright, scale to 2,560 px, re-encode from the pixels alone)
   of a 4000×3000 JPEG against bare Pillow open + resize + save of the same
   file.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _texts(n: int, rng: random.Random, with_phone: bool) -> list[str]:
    out = []
    for _ in range(n):
        phone = f"，请回电 13{rng.randint(3, 9)}{rng.randint(10**8, 10**9 - 1)}" if with_phone else ""
        out.append(f"居民来电反映{rng.randint(1, 40)}号楼道停电{phone}，地址{rng.randint(1, 40)}号"
                   f"{rng.randint(1, 6)}0{rng.randint(1, 4)}室，已经{rng.randint(1, 5)}天了")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    from PIL import Image

    from console.domain.masking import mask_text
    from console.services.photos import prepare_photo

    rng = random.Random(args.seed)
    bare = re.compile(r"1[3-9]\d{9}")
    cases = {"with a mobile": _texts(args.texts, rng, True), "without": _texts(args.texts, rng, False)}
    img = Image.new("RGB", (4000, 3000), (200, 120, 40))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    raw = buf.getvalue()

    def bare_photo() -> None:
        im = Image.open(io.BytesIO(raw))
        im.load()
        im = im.resize((2560, 1920))
        out = io.BytesIO()
        im.save(out, "JPEG", quality=85, optimize=True)

    runs: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for name, texts in cases.items():
            for who, fn in (("ours", mask_text),
                            ("bare", lambda t: bare.sub(lambda m: m.group()[:3] + "****" + m.group()[-4:], t))):
                start = time.perf_counter()
                for t in texts:
                    fn(t)
                runs.setdefault(f"mask {name} {who}", []).append(time.perf_counter() - start)
        for who, photo in (("ours", lambda: prepare_photo(raw)), ("bare", bare_photo)):
            start = time.perf_counter()
            photo()
            runs.setdefault(f"photo {who}", []).append(time.perf_counter() - start)
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"load {os.getloadavg()[0]:.2f}, {args.texts} texts, {args.repeat} repeats (median)")
    for name in cases:
        o, b = med[f"mask {name} ours"], med[f"mask {name} bare"]
        print(f"mask_text, {name}: {o * 1000:.1f} ms, bare re.sub {b * 1000:.1f} ms, ratio {o / b:.1f}x")
    o, b = med["photo ours"], med["photo bare"]
    print(f"prepare_photo 4000x3000 JPEG: {o * 1000:.0f} ms, bare Pillow {b * 1000:.0f} ms, ratio {o / b:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
