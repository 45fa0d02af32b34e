"""How fast the desktop build opens its window on the demo desk (target: under 3 s).

    python bench/bench_frozen_startup.py [--dir dist/hotline-console] [--tickets 20000] [--runs 5]

Build first (`bash scripts/build_desktop.sh`). In one run, on this machine:

1. the frozen program makes the demo desk (`init --demo --tickets N`) in a
   temporary folder (timed, for the record);
2. then, `--runs` times, interleaved so that the machine's load falls on all
   alike:
   - `python -c "import PySide6.QtWidgets"` — the floor: Qt's own libraries
     loading, with this venv's Python;
   - the frozen program opening the window on that desk, logged in
     (HOTLINE_AUTOLOGIN), offscreen: the time from starting the process to
     the line HOTLINE_WINDOW_SHOWN it prints after the window's first paint
     (HOTLINE_STARTUP_MARKER=1, console/ui/shell/launch.py);
   - the same with the installed package (`python -m console`), to compare;
   - the frozen `--version` (a command's start-up, no Qt).

It prints the first (cold) run apart and the median of the others, in wall
time and in CPU time (user + sys of the child, POSIX only). Wall times on a
shared machine swing with its load (printed: the load average, 2 cores
here); the CPU times do not, and compare figures of one run.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "HOTLINE_WINDOW_SHOWN"


def exe_in(folder: Path) -> Path:
    return folder / ("hotline-console-cli.exe" if sys.platform == "win32" else "hotline-console")


def children_cpu() -> float:
    """CPU seconds (user + sys) of the waited-for child processes so far; 0 where unknown."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


CPU: dict[str, list[float]] = {}


def timed(cmd: list[str], env: dict[str, str], cwd: Path, key: str = "") -> float:
    c, t = children_cpu(), time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if key:
        CPU.setdefault(key, []).append(children_cpu() - c)
    return time.perf_counter() - t


def window(cmd: list[str], env: dict[str, str], cwd: Path, key: str) -> tuple[float, float]:
    """(seconds to the window's first paint, seconds until the process ended)."""
    c, t = children_cpu(), time.perf_counter()
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    shown = None
    assert p.stdout is not None
    for line in p.stdout:
        if line.strip() == MARKER:
            shown = time.perf_counter() - t
    p.wait(timeout=120)
    total = time.perf_counter() - t
    CPU.setdefault(key, []).append(children_cpu() - c)
    if p.returncode != 0 or shown is None:
        raise SystemExit(f"{cmd[0]}: exit {p.returncode}, window shown: {shown is not None}")
    return shown, total


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "n/a"


def summary(name: str, xs: list[float]) -> str:
    cold, warm = xs[0], xs[1:] or xs
    return (f"{name:<44} cold {cold:6.2f} s   warm median {statistics.median(warm):6.2f} s "
            f"(min {min(warm):.2f}, max {max(warm):.2f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=ROOT / "dist" / "hotline-console")
    ap.add_argument("--tickets", type=int, default=20_000, help="demo tickets (the real demo desk: 20000)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quit-after-ms", type=int, default=300)
    args = ap.parse_args()
    exe = exe_in(args.dir)
    if not exe.is_file():
        raise SystemExit(f"no build at {args.dir}: run bash scripts/build_desktop.sh first")

    work = Path(tempfile.mkdtemp(prefix="hotline-bench-startup-"))
    try:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("HOTLINE_", "QT_QPA"))}
        env = dict(base, HOTLINE_DATA_DIR=str(work / "data"), QT_QPA_PLATFORM="offscreen")
        db = work / "desk.sqlite3"
        t = timed([str(exe), "init", "--demo", "--tickets", str(args.tickets), "--seed", "1", "--db", str(db)],
                  env, work)
        size = sum(p.stat().st_size for p in args.dir.rglob("*") if p.is_file() and not p.is_symlink())
        print(f"machine: {platform.platform()}, {os.cpu_count()} cores; python {platform.python_version()}; "
              f"load average {load()}")
        print(f"folder: {args.dir} ({size / 1e6:.1f} MB in files)")
        print(f"frozen init --demo --tickets {args.tickets}: {t:.1f} s; database {db.stat().st_size / 1e6:.1f} MB")

        win_env = dict(env, HOTLINE_AUTOLOGIN="zhang:hotline", HOTLINE_STARTUP_MARKER="1",
                       HOTLINE_QUIT_AFTER_MS=str(args.quit_after_ms))
        results: dict[str, list[float]] = {k: [] for k in ("qt", "frozen", "frozen_total", "source",
                                                           "version")}
        for _ in range(args.runs):
            results["qt"].append(timed([sys.executable, "-c", "import PySide6.QtWidgets"], base, work, "qt"))
            shown, total = window([str(exe), "--db", str(db)], win_env, work, "frozen")
            results["frozen"].append(shown)
            results["frozen_total"].append(total)
            results["source"].append(
                window([sys.executable, "-m", "console", "--db", str(db)], win_env, work, "source")[0])
            results["version"].append(timed([str(exe), "--version"], env, work, "version"))
        print()
        print(summary('python -c "import PySide6.QtWidgets"', results["qt"]))
        print(summary("frozen: start → window painted", results["frozen"]))
        print(summary(f"frozen: whole run (window closed at +{args.quit_after_ms} ms)", results["frozen_total"]))
        print(summary("installed package (python -m console): painted", results["source"]))
        print(summary("frozen --version", results["version"]))
        fz, qt = statistics.median(results["frozen"][1:] or results["frozen"]), \
            statistics.median(results["qt"][1:] or results["qt"])
        if any(CPU.values()) and any(x > 0 for xs in CPU.values() for x in xs):
            print("\nCPU seconds (user + sys), median of all runs:")
            for key, label in (("qt", 'python -c "import PySide6.QtWidgets"'),
                               ("frozen", "frozen window, start to exit"),
                               ("source", "installed package window, start to exit"),
                               ("version", "frozen --version")):
                print(f"  {label:<44} {statistics.median(CPU[key]):6.2f} s")
        print(f"\nfrozen window / bare Qt import (wall): {fz / qt:.1f}x; target < 3 s: "
              f"{'met' if fz < 3 else 'NOT met'} ({fz:.2f} s); load average {load()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
