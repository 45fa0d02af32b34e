"""The window's targets on a million tickets (issue 4).

    python bench/bench_window.py [--db /tmp/bench-1m.sqlite3] [--runs 5]

1. Start to first page: fresh processes, offscreen, interleaved run by run:
   (a) ours, `python -m console --db DB` logged in by HOTLINE_AUTOLOGIN, timed
       from spawn to the line HOTLINE_WINDOW_SHOWN (console/ui/shell/launch.py prints
       it from a zero timer queued right after show(), i.e. after the first
       paint), quitting after HOTLINE_QUIT_AFTER_MS;
   (b) bare: QApplication + QMainWindow + QTableView over a minimal
       QAbstractTableModel holding the first 200 rows of the same list query
       (stdlib sqlite3), the same marker, the same quit delay.
   Peak RSS of each child from os.wait4's rusage (ru_maxrss, that child only).
   Targets: ours within 1.5x of bare; peak RSS <= 300 MB.
2. Keystroke to suggestions in New Call (target <= 100 ms): in a fresh
   process, NewCallDialog on DB; per query, the keys are sent (QTest.keyClicks
   for ASCII, an input method's commit for Chinese) and the clock stops when
   the completer popup is visible with >= 1 row (events processed every 1 ms).
3. Scroll to row 100,000: in a fresh process, MainWindow on DB; repeat
   scrollToBottom + processEvents (the view fetches a page each time the bar
   hits its end) until the model holds > 100,000 rows, then time
   table.scrollTo(model.index(100000, 0)). RSS after.

Wall times on this shared 2-core machine swing with its load (printed).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "HOTLINE_WINDOW_SHOWN"
PAINTED = "BENCH_TABLE_PAINTED"
QUIT_MS = 1500
TYPING_MS = 2000  # login dialog painted -> password submitted: a quick typist with the user name remembered
FAST_TYPING_MS = 300  # a pause nobody types a password in: shows what is left when the thread has not finished
KEY_MS, ENTER_MS = 120, 250  # the keyed path: 'hotline' typed a key every 120 ms from TYPING_MS on, Enter 250 ms later

# Installed app-wide in both children: prints PAINTED once the first paint of a
# table's viewport has been delivered (a zero timer queued from inside it). The
# launch.py marker comes from a zero timer queued right after show(), which
# offscreen fires BEFORE the first paint; both are recorded.
PAINT_HOOK = r'''
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableView

class _PaintHook(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not _PaintHook.done and event.type() == QEvent.Type.Paint \
                and isinstance(obj.parent(), QTableView) and obj is obj.parent().viewport():
            _PaintHook.done = True
            QTimer.singleShot(0, lambda: print("BENCH_TABLE_PAINTED", flush=True))
        return False

_hook = _PaintHook()
'''

OURS = PAINT_HOOK + r'''
import sys
app = QApplication(sys.argv[:1] or ["hotline-console"])
app.installEventFilter(_hook)
from console.app import main
sys.exit(main(sys.argv[1:]))
'''

BARE = PAINT_HOOK + r'''
import sqlite3, sys
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

SQL = ("SELECT id, number, received_at, status, caller_phone, description FROM tickets "
       "ORDER BY received_at DESC, id DESC LIMIT 200")

class Model(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)
    def columnCount(self, parent=QModelIndex()):
        return 6
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            v = self.rows[index.row()][index.column()]
            return str(v).split("\n", 1)[0][:60] if v is not None else ""
        return None

app = QApplication(sys.argv[:1])
app.installEventFilter(_hook)
con = sqlite3.connect(sys.argv[1])
rows = con.execute(SQL).fetchall()
w = QMainWindow()
view = QTableView()
view.setModel(Model(rows))
w.setCentralWidget(view)
w.resize(1280, 800)
w.show()
QTimer.singleShot(0, lambda: print("HOTLINE_WINDOW_SHOWN", flush=True))
QTimer.singleShot(%d, w.close)
sys.exit(app.exec())
''' % QUIT_MS  # noqa: UP031 - a program's text: its own braces must stay


# The operator's path: the login dialog, a pause while the password is typed,
# Enter, the window. Prints BENCH_LOGIN_PAINTED when the dialog has painted and
# BENCH_OK_PRESSED just before the password is submitted; the window is closed
# QUIT_MS after its table painted.
OURS_LOGIN = PAINT_HOOK + r'''
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

PAUSE_MS = int(os.environ["BENCH_TYPING_MS"])

class _LoginHook(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            if not _LoginHook.seen and obj.objectName() == "loginDialog":
                _LoginHook.seen = True
                if not obj.user_edit.text():
                    obj.user_edit.setText("zhang")  # remembered from the last login, as on every later start
                QTimer.singleShot(0, lambda: print("BENCH_LOGIN_PAINTED", flush=True))
                QTimer.singleShot(PAUSE_MS, lambda d=obj: _submit(d))
            elif _PaintHook.done and not getattr(_LoginHook, "closing", False):
                _LoginHook.closing = True
                QTimer.singleShot(%d, QApplication.closeAllWindows)
        return False

def _submit(dlg):
    if os.environ.get("BENCH_KEY_MS"):  # typed key by key like an operator, Enter after a short pause
        # Each key from a timer, back in the dialog's event loop between keys as with a real keyboard
        # (QTest's own delay and qWait keep the interpreter lock while they sleep: no thread would run).
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        key_ms = int(os.environ["BENCH_KEY_MS"])
        for i, ch in enumerate("hotline"):
            QTimer.singleShot(i * key_ms, lambda ch=ch: QTest.keyClick(dlg.password_edit, ch))
        def enter():
            print("BENCH_OK_PRESSED", flush=True)
            QTest.keyClick(dlg.password_edit, Qt.Key.Key_Return)
        QTimer.singleShot(6 * key_ms + int(os.environ["BENCH_ENTER_MS"]), enter)
        return
    dlg.user_edit.setText("zhang")
    dlg.password_edit.setText("hotline")
    print("BENCH_OK_PRESSED", flush=True)
    dlg.buttons.accepted.emit()

app = QApplication(sys.argv[:1] or ["hotline-console"])
app.installEventFilter(_hook)
_login_hook = _LoginHook()
app.installEventFilter(_login_hook)
from console.app import main
sys.exit(main(sys.argv[1:]))
''' % QUIT_MS  # noqa: UP031 - a program's text: its own braces must stay


def spawn_timed(cmd: list[str], env: dict[str, str]) -> dict:
    """Wall seconds from spawn to the marker line, and the child's own peak RSS (MB)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.append(p.stderr.read()), daemon=True)
    reader.start()
    shown = painted = login = ok = None
    for line in p.stdout:
        if shown is None and MARKER in line:
            shown = time.perf_counter() - t0
        if painted is None and PAINTED in line:
            painted = time.perf_counter() - t0
        if login is None and "BENCH_LOGIN_PAINTED" in line:
            login = time.perf_counter() - t0
        if ok is None and "BENCH_OK_PRESSED" in line:
            ok = time.perf_counter() - t0
    _pid, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    reader.join(5)
    if shown is None or painted is None:
        raise RuntimeError(f"no marker from {cmd[:3]} (rc={p.returncode}):\n{''.join(err)[-2000:]}")
    return {"shown_s": shown, "painted_s": painted, "login_s": login, "ok_s": ok,
            "peak_mb": ru.ru_maxrss / 1024, "rc": p.returncode}


def start_to_first_page(db: str, runs: int, small_db: str | None = None) -> dict:
    data_dir = tempfile.mkdtemp(prefix="window-bench-data-")
    # Both sides start from compiled bytecode, as an installed desk does (pip compiles at install; the
    # frozen build carries .pyc): the cache goes to a folder of this run, filled by one unmeasured start
    # of each child. Without it, a shell with PYTHONDONTWRITEBYTECODE (this machine's) compiles every
    # module of ours from source at every start (≈ 50 ms before the login dialog alone).
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base.update(QT_QPA_PLATFORM="offscreen", HOTLINE_DATA_DIR=data_dir,
                PYTHONPYCACHEPREFIX=tempfile.mkdtemp(prefix="window-bench-pycache-"))
    ours_env = dict(base, HOTLINE_AUTOLOGIN="zhang:hotline", HOTLINE_STARTUP_MARKER="1",
                    HOTLINE_QUIT_AFTER_MS=str(QUIT_MS))
    login_env = {k: v for k, v in ours_env.items() if k not in ("HOTLINE_AUTOLOGIN", "HOTLINE_QUIT_AFTER_MS")}
    spawn_timed([sys.executable, "-c", OURS, "--db", db], ours_env)  # warm-up: fills the bytecode cache
    spawn_timed([sys.executable, "-c", BARE, db], base)
    spawn_timed([sys.executable, "-c", OURS_LOGIN, "--db", db], dict(login_env, BENCH_TYPING_MS=str(TYPING_MS)))
    res: dict[str, list[dict]] = {"ours": [], "bare": [], "login": [], "login_fast": [], "login_small": [],
                                  "login_keyed": []}
    for i in range(runs):
        res["ours"].append(spawn_timed([sys.executable, "-c", OURS, "--db", db], ours_env))
        res["bare"].append(spawn_timed([sys.executable, "-c", BARE, db], base))
        for key, pause in (("login", TYPING_MS), ("login_fast", FAST_TYPING_MS)):
            res[key].append(spawn_timed([sys.executable, "-c", OURS_LOGIN, "--db", db],
                                        dict(login_env, BENCH_TYPING_MS=str(pause))))
        res["login_keyed"].append(spawn_timed([sys.executable, "-c", OURS_LOGIN, "--db", db], dict(
            login_env, BENCH_TYPING_MS=str(TYPING_MS), BENCH_KEY_MS=str(KEY_MS), BENCH_ENTER_MS=str(ENTER_MS))))
        if small_db:  # the same operator's path on a small desk: does the size of the database show?
            res["login_small"].append(spawn_timed([sys.executable, "-c", OURS_LOGIN, "--db", small_db],
                                                  dict(login_env, BENCH_TYPING_MS=str(TYPING_MS))))
        o, b, lg = res["ours"][-1], res["bare"][-1], res["login"][-1]
        print(f"  run {i + 1}: ours marker {o['shown_s']:.2f} s, painted {o['painted_s']:.2f} s, "
              f"{o['peak_mb']:.0f} MB | bare marker {b['shown_s']:.2f} s, painted {b['painted_s']:.2f} s, "
              f"{b['peak_mb']:.0f} MB | login painted {lg['login_s']:.2f} s, Enter to table "
              f"{lg['painted_s'] - lg['ok_s']:.2f} s ({res['login_fast'][-1]['painted_s'] - res['login_fast'][-1]['ok_s']:.2f} s "
              f"after a {FAST_TYPING_MS} ms pause; {res['login_keyed'][-1]['painted_s'] - res['login_keyed'][-1]['ok_s']:.2f} s "
              f"typed key by key)", flush=True)
    return res


# -- in a fresh process: parts 2 and 3 ------------------------------------------------------------

def _status_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _open(db_path: str):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("HOTLINE_DATA_DIR", tempfile.mkdtemp(prefix="window-bench-data-"))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from console.services.accounts import authenticate
    from console.services.context import Desk
    from console.store.database import Database

    db = Database(db_path)
    desk = Desk(db)
    return app, db, desk, authenticate(desk, "zhang", "hotline")


def part_keys(db_path: str, repeats: int) -> dict:
    app, db, desk, actor = _open(db_path)
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from console.ui.new_call.new_call_dialog import NewCallDialog

    dlg = NewCallDialog(desk, actor)
    dlg.show()
    dlg.activateWindow()
    for _ in range(50):
        app.processEvents()
        time.sleep(0.002)
    edit = dlg.community
    picker = dlg.community_picker
    popup = picker.completer.popup()
    out: dict[str, list[float]] = {}
    for q in ("j", "jh", "jhsc", "三村"):
        times = []
        for _ in range(repeats + 1):  # the first is a warm-up, dropped
            edit.setFocus()
            edit.clear()
            popup.hide()
            for _ in range(5):
                app.processEvents()
            t0 = time.perf_counter()
            if q.isascii():
                QTest.keyClicks(edit, q)
            else:
                e = QInputMethodEvent()
                e.setCommitString(q)
                QApplication.sendEvent(edit, e)
            ok = False
            while time.perf_counter() - t0 < 2.0:
                app.processEvents()
                if popup.isVisible() and picker.completer.completionModel().rowCount() >= 1:
                    ok = True
                    break
                time.sleep(0.001)
            dt = time.perf_counter() - t0
            if not ok:
                raise RuntimeError(f"no suggestions for {q!r} within 2 s")
            times.append(dt * 1000)
        out[q] = times[1:]
    dlg._autosave.stop()
    dlg.done(0)
    db.dispose()
    return {"keys_ms": out, "rss_mb": _status_mb("VmRSS")}


def part_scroll(db_path: str, target: int) -> dict:
    app, db, desk, actor = _open(db_path)
    from PySide6.QtCore import QSettings

    from console.ui.tickets.main_window import MainWindow

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    w = MainWindow(desk, actor, settings=settings)
    w.resize(1280, 800)
    w.show()
    for _ in range(20):
        app.processEvents()
    model, table = w.model, w.table
    rss_before = _status_mb("VmRSS")
    t0 = time.perf_counter()
    stalls = 0
    while model.rowCount() <= target and time.perf_counter() - t0 < 600:
        n = model.rowCount()
        table.scrollToBottom()
        app.processEvents()
        if model.rowCount() == n:  # the view did not fetch: do what it would
            stalls += 1
            if not model.canFetchMore():
                break
            model.fetchMore()
    t_fetch = time.perf_counter() - t0
    t1 = time.perf_counter()
    table.scrollTo(model.index(target, 0))
    table.setCurrentIndex(model.index(target, 0))
    app.processEvents()
    t_scroll = time.perf_counter() - t1
    total = time.perf_counter() - t0
    shown = table.rowAt(table.viewport().height() // 2)
    result = {"rows": model.rowCount(), "pages": model.pages_loaded, "fetch_s": t_fetch,
              "scrollto_ms": t_scroll * 1000, "total_s": total, "rss_before_mb": rss_before,
              "rss_after_mb": _status_mb("VmRSS"), "hwm_mb": _status_mb("VmHWM"),
              "row_in_view": shown, "manual_fetches": stalls}
    w.runner.shutdown()
    w.close()
    db.dispose()
    return result


def part_sort(db_path: str, repeats: int) -> dict:
    """Each sortable column, both ways: re-sort (first page) and the next two pages, in ms."""
    app, db, desk, actor = _open(db_path)
    from PySide6.QtCore import QModelIndex, Qt

    from console.ui.tickets.ticket_table_model import SORT_KEYS, TicketTableModel

    model = TicketTableModel(desk)
    out: dict[str, list[float]] = {}
    for _ in range(repeats):
        for col, key in SORT_KEYS.items():
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                other = (Qt.SortOrder.DescendingOrder if order == Qt.SortOrder.AscendingOrder
                         else Qt.SortOrder.AscendingOrder)
                model.sort(col, other)  # so the timed sort below really reloads
                t0 = time.perf_counter()
                model.sort(col, order)
                t1 = time.perf_counter()
                model.fetchMore(QModelIndex())
                model.fetchMore(QModelIndex())
                t2 = time.perf_counter()
                name = f"{key} {'desc' if order == Qt.SortOrder.DescendingOrder else 'asc'}"
                out.setdefault(name + ": sort + first page", []).append((t1 - t0) * 1000)
                out.setdefault(name + ": next two pages", []).append((t2 - t1) * 1000)
    db.dispose()
    return {"sort_ms": out}


def in_child(part: str, db: str, arg: int) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               HOTLINE_DATA_DIR=tempfile.mkdtemp(prefix="window-bench-data-"))
    p = subprocess.run([sys.executable, __file__, "--part", part, "--db", db, "--arg", str(arg)],
                       env=env, cwd=ROOT, capture_output=True, text=True)
    lines = [x for x in p.stdout.splitlines() if x.startswith("{")]
    if p.returncode != 0 or not lines:
        raise RuntimeError(f"part {part} failed (rc={p.returncode}):\n{p.stderr[-3000:]}")
    return json.loads(lines[-1])


def med(xs):
    return statistics.median(xs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "bench-1m.sqlite3"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--part", choices=["start", "keys", "scroll", "sort", "all"], default="all")
    ap.add_argument("--arg", type=int, default=0)
    ap.add_argument("--skip", default="", help="comma-separated parts to skip in 'all'")
    ap.add_argument("--small-db", default="", help="a small desk (hotline-console init --demo --tickets 200) "
                    "to time the same login path on, for the ratio big / small")
    a = ap.parse_args(argv)
    if a.part == "keys":
        print(json.dumps(part_keys(a.db, a.arg or 5)))
        return 0
    if a.part == "sort":
        print(json.dumps(part_sort(a.db, a.arg or 3)))
        return 0
    if a.part == "scroll":
        print(json.dumps(part_scroll(a.db, a.arg or 100_000)))
        return 0
    if not Path(a.db).is_file():
        sys.path.insert(0, str(Path(__file__).parent))
        raise SystemExit(f"{a.db} missing: build it with bench/bench_queries.py / bench_due_idle.py first")
    import sqlite3
    n = sqlite3.connect(a.db).execute("SELECT count(*) FROM tickets").fetchone()[0]
    print(f"# bench_window: {n:,} tickets in {a.db}; {platform.platform()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}", flush=True)
    skip = set(a.skip.split(","))
    rows: list[tuple[str, str, str, str]] = []
    if "start" not in skip:
        print("1. start to first page", flush=True)
        r = start_to_first_page(a.db, a.runs, a.small_db)
        def line(who: str, key: str) -> str:
            xs = [x[key] for x in r[who]]
            return f"{med(xs):.2f} s (min {min(xs):.2f}, max {max(xs):.2f})"

        o, b = med([x["painted_s"] for x in r["ours"]]), med([x["painted_s"] for x in r["bare"]])
        os_, bs = med([x["shown_s"] for x in r["ours"]]), med([x["shown_s"] for x in r["bare"]])
        om, bm = med([x["peak_mb"] for x in r["ours"]]), med([x["peak_mb"] for x in r["bare"]])
        waited = med([x["login_s"] + x["painted_s"] - x["ok_s"] for x in r["login"]])
        rows += [
            (f"start to first table paint, ours (median of {a.runs})", line("ours", "painted_s"), "", ""),
            ("start to first table paint, bare PySide6 table", line("bare", "painted_s"), "", ""),
            ("ratio ours / bare (first paint)", f"{o / b:.2f}x", "<= 1.5x", "yes" if o / b <= 1.5 else "NO"),
            ("start to HOTLINE_WINDOW_SHOWN (launch.py marker), ours", line("ours", "shown_s"), "", ""),
            ("start to same zero-timer marker, bare", line("bare", "shown_s"), "", ""),
            ("ratio ours / bare (zero-timer marker)", f"{os_ / bs:.2f}x", "<= 1.5x",
             "yes" if os_ / bs <= 1.5 else "NO"),
            ("operator's path: start to login dialog painted (median)", line("login", "login_s"), "", ""),
            (f"operator's path: Enter to first table paint, password typed in {TYPING_MS} ms",
             f"{med([x['painted_s'] - x['ok_s'] for x in r['login']]):.2f} s", "", ""),
            (f"operator's path: Enter to first table paint, password typed in {FAST_TYPING_MS} ms",
             f"{med([x['painted_s'] - x['ok_s'] for x in r['login_fast']]):.2f} s", "", ""),
            ("operator's wait (login painted + Enter to table) / bare first paint",
             f"{waited / b:.2f}x", "<= 1.5x", "yes" if waited / b <= 1.5 else "NO"),
        ]
        keyed = med([x["login_s"] + x["painted_s"] - x["ok_s"] for x in r["login_keyed"]])
        rows += [
            (f"keyed path: Enter to first table paint (a key every {KEY_MS} ms, Enter {ENTER_MS} ms after)",
             f"{med([x['painted_s'] - x['ok_s'] for x in r['login_keyed']]):.2f} s", "", ""),
            ("keyed path: operator's wait (login painted + Enter to table) / bare first paint",
             f"{keyed / b:.2f}x", "<= 1.5x", "yes" if keyed / b <= 1.5 else "NO"),
        ]
        if r["login_small"]:
            small_wait = med([x["login_s"] + x["painted_s"] - x["ok_s"] for x in r["login_small"]])
            rows += [
                ("operator's path on the small desk: start to login dialog painted", line("login_small", "login_s"),
                 "", ""),
                (f"operator's path on the small desk: Enter to first table paint ({TYPING_MS} ms typing)",
                 f"{med([x['painted_s'] - x['ok_s'] for x in r['login_small']]):.2f} s", "", ""),
                ("operator's wait, this database / the small desk (same code, same run)",
                 f"{waited / small_wait:.2f}x", "", ""),
            ]
        rows += [
            ("peak RSS, ours (median; max)", f"{om:.0f} MB; {max(x['peak_mb'] for x in r['ours']):.0f} MB",
             "<= 300 MB", "yes" if max(x['peak_mb'] for x in r['ours']) <= 300 else "NO"),
            ("peak RSS, bare (median)", f"{bm:.0f} MB", "", ""),
        ]
    if "keys" not in skip:
        print("2. keystroke to suggestions", flush=True)
        k = in_child("keys", a.db, a.runs)
        allk = [t for ts in k["keys_ms"].values() for t in ts]
        for q, ts in k["keys_ms"].items():
            rows.append((f"keys to suggestions, '{q}' (median / max of {len(ts)})",
                         f"{med(ts):.1f} / {max(ts):.1f} ms", "<= 100 ms", "yes" if max(ts) <= 100 else "NO"))
        rows.append(("keys to suggestions, all queries (median / max)",
                     f"{med(allk):.1f} / {max(allk):.1f} ms", "<= 100 ms", "yes" if max(allk) <= 100 else "NO"))
    if "sort" not in skip:
        print("2b. sorting by an indexed column", flush=True)
        srt = in_child("sort", a.db, 3)
        for name, ts in srt["sort_ms"].items():
            rows.append((f"sort {name} (median / max of {len(ts)})", f"{med(ts):.1f} / {max(ts):.1f} ms", "", ""))
    if "scroll" not in skip:
        print("3. scroll to row 100,000", flush=True)
        s = in_child("scroll", a.db, 100_000)
        rows += [
            ("scroll to row 100,000: fetching pages", f"{s['fetch_s']:.1f} s ({s['pages']} pages, "
             f"{s['rows']:,} rows)", "", ""),
            ("scroll to row 100,000: scrollTo itself", f"{s['scrollto_ms']:.1f} ms", "", ""),
            ("scroll to row 100,000: total", f"{s['total_s']:.1f} s", "", ""),
            ("RSS before / after scroll (peak)", f"{s['rss_before_mb']:.0f} / {s['rss_after_mb']:.0f} MB "
             f"({s['hwm_mb']:.0f})", "", ""),
        ]
        print(f"   row in view after scrollTo: {s['row_in_view']}; manual fetches: {s['manual_fetches']}")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}\n")
    print("| measure | result | target | met |\n|---|---|---|---|")
    for r_ in rows:
        print("| " + " | ".join(r_) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
