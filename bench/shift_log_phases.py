"""Where one `export shift-log` process spends its time, phase by phase (issue 21; run by hand).

    python bench/shift_log_phases.py DB.sqlite3 [--date 2026-12-04] [--repeat 7] [--baseline DIR]

Each round starts a fresh interpreter per checkout (this one, and `--baseline DIR`, e.g. `git archive 4240104 |
tar -x -C DIR`), interleaved, which runs the same command as `python -m console --db DB export shift-log
--date D --night` with the phases timed from inside (the functions wrapped, nothing else changed):

- start: the interpreter itself (`python -c pass`, timed from outside);
- import store+services: `console.services.shift_log` (SQLAlchemy, the ORM models, the services);
- import reports: `console.reports.shift_log_pdf` (reportlab's platypus);
- open: the CLI up to the first read (the desk opened, its schema checked, the actor);
- queries: `shift_log_data` (every read of the log);
- font: `get_font` (the font found, parsed or read from the cache, registered);
- render: `build_shift_log_pdf` less the font;
- audit+file: the audit row (chained), the file synced and renamed into place, the desk closed.

Prints each phase's median over the rounds (ms) per checkout, and the load average. The machine is shared:
only figures of the same run compare.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = ("start", "import store+services", "import reports", "open", "queries", "font", "render", "audit+file")


def _child(db: str, day: str, out: str) -> None:
    """In the fresh interpreter (cwd = the checkout): run the command with its phases timed."""
    t0 = time.perf_counter()
    sys.path.insert(0, os.getcwd())
    import console.services.shift_log as svc

    t1 = time.perf_counter()
    import console.reports.shift_log_pdf as pdf

    t2 = time.perf_counter()
    marks: dict[str, float] = {}
    font_time = [0.0]
    data_fn, build_fn, font_fn = svc.shift_log_data, pdf.build_shift_log_pdf, pdf.get_font

    def marked(fn, name):
        """`fn` noting when it starts and ends under `name`0 / `name`1."""
        def wrapper(*a, **k):
            marks[f"{name}0"] = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                marks[f"{name}1"] = time.perf_counter()
        return wrapper

    def font(*a, **k):
        t = time.perf_counter()
        try:
            return font_fn(*a, **k)
        finally:
            font_time[0] += time.perf_counter() - t

    data, build = marked(data_fn, "queries"), marked(build_fn, "build")
    svc.shift_log_data, pdf.get_font, pdf.build_shift_log_pdf = data, font, build
    from console.app import main

    t3 = time.perf_counter()
    rc = main(["--db", db, "export", "shift-log", "--date", day, "--night", "--out", out])
    t4 = time.perf_counter()
    assert rc in (0, None), rc
    print(json.dumps({
        "import store+services": t1 - t0, "import reports": t2 - t1,
        "open": marks["queries0"] - t3, "queries": marks["queries1"] - marks["queries0"], "font": font_time[0],
        "render": marks["build1"] - marks["build0"] - font_time[0], "audit+file": t4 - marks["build1"],
        "total": t4 - t0}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("--date", default="2026-12-04")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--baseline", type=Path)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        _child(a.db, a.date, a.child[1])
        return
    here = Path(__file__).resolve().parent.parent
    checkouts = {"ours": here, **({f"at {a.baseline.name}": a.baseline.resolve()} if a.baseline else {})}
    out = Path(tempfile.mkdtemp(prefix="shift-log-phases-"))
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in checkouts}
    for i in range(a.repeat + 1):  # the first round warms the page cache, the .pyc files and the font cache
        for name, cwd in checkouts.items():
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            start = time.perf_counter() - t
            got = subprocess.run([sys.executable, str(Path(__file__).resolve()), str(Path(a.db).resolve()),
                                  "--date", a.date, "--child", "x", str(out / f"{name}.pdf")],
                                 cwd=cwd, check=True, capture_output=True, text=True).stdout
            if i:
                runs[name].append({"start": start, **json.loads(got.strip().splitlines()[-1])})
    print(f"phases of `export shift-log --date {a.date} --night` on {a.db}; {a.repeat} rounds; "
          f"load average {os.getloadavg()[0]:.2f}; medians in ms")
    print(f"  {'phase':24s}" + "".join(f"{n:>18s}" for n in checkouts))
    for phase in (*PHASES, "total"):
        print(f"  {phase:24s}" + "".join(f"{statistics.median(r[phase] for r in runs[n]) * 1000:18.1f}"
                                         for n in checkouts))


if __name__ == "__main__":
    main()
