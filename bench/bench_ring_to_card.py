"""SIP INVITE → caller card painted, and INVITE → missed call committed, beside the bare floor.

Real components on loopback: baresip (Debian's baresip-core) as the seat's extension with ctrl_tcp; a
small SIP caller in this script (INVITE, wait for 180, CANCEL, ACK the 487: what SIPp's
caller_gives_up.xml does, in-process so the INVITE's send time is known to the microsecond); the
console's main window (offscreen unless QT_QPA_PLATFORM says otherwise) with its link set to baresip.

    python bench/bench_ring_to_card.py [--calls 50]

Three figures per call, median and p95:
- floor: INVITE sent → baresip's CALL_INCOMING read by a bare socket (no console code);
- card: INVITE sent → the caller card's first paint for that call (the window's link, the card's query);
- missed: INVITE sent → the missed call and its deadline committed (CANCEL sent right after the 180).
baresip's ctrl_tcp takes one client at a time, so the floor runs first, then the window.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "telephony")]

from sip_rig import ACCOUNT, have_baresip, start_baresip  # noqa: E402


class Caller:
    """A SIP caller on a UDP socket of its own."""

    def __init__(self, target_port: int, number: str = "13800138000") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.target = ("127.0.0.1", target_port)
        self.number = number
        self.n = 0

    def _msg(self, method: str, call_id: str, branch: str, cseq: str, to_tag: str = "", body: str = "") -> bytes:
        to = f"<sip:{ACCOUNT}@127.0.0.1:{self.target[1]}>" + (f";tag={to_tag}" if to_tag else "")
        head = [f"{method} sip:{ACCOUNT}@127.0.0.1:{self.target[1]} SIP/2.0",
                f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch={branch}",
                f'From: "{self.number}" <sip:{self.number}@127.0.0.1:{self.port}>;tag=b{call_id}',
                f"To: {to}", f"Call-ID: {call_id}", f"CSeq: {cseq}", "Max-Forwards: 70",
                f"Contact: <sip:{self.number}@127.0.0.1:{self.port}>"]
        if body:
            head.append("Content-Type: application/sdp")
        head.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(head) + "\r\n\r\n" + body).encode()

    def _wait(self, code: str) -> str:
        while True:
            data = self.sock.recv(65536).decode("utf-8", "replace")
            if data.startswith(f"SIP/2.0 {code}"):
                return data

    def invite(self) -> tuple[str, str, float]:
        self.n += 1
        call_id = f"bench-{os.getpid()}-{self.n}-{time.monotonic_ns()}"
        branch = f"z9hG4bK{self.n}x{time.monotonic_ns()}"
        sdp = (f"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
               f"m=audio {self.port + 2} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
        msg = self._msg("INVITE", call_id, branch, "1 INVITE", body=sdp)
        t0 = time.perf_counter()
        self.sock.sendto(msg, self.target)
        return call_id, branch, t0

    def cancel(self, call_id: str, branch: str) -> None:
        ringing = self._wait("180")
        to_tag = ringing.split("To:", 1)[1].split("\r\n", 1)[0].split("tag=")[-1].strip()
        self.sock.sendto(self._msg("CANCEL", call_id, branch, "1 CANCEL"), self.target)
        self._wait("487")
        self.sock.sendto(self._msg("ACK", call_id, branch, "1 ACK", to_tag=to_tag), self.target)


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def floor_run(b, n: int) -> list[float]:
    """INVITE → CALL_INCOMING on a bare ctrl_tcp socket."""
    from console.telephony.netstring import NetstringReader

    ctl = socket.create_connection(("127.0.0.1", b.ctrl_port))
    ctl.settimeout(10)
    reader = NetstringReader()
    caller = Caller(b.sip_port)
    out = []
    for _ in range(n):
        call_id, branch, t0 = caller.invite()
        got = None
        while got is None:
            for f in reader.feed(ctl.recv(65536)):
                obj = json.loads(f)
                if obj.get("type") == "CALL_INCOMING" and obj.get("id") == call_id:
                    got = time.perf_counter()
        out.append((got - t0) * 1000)
        caller.cancel(call_id, branch)
        time.sleep(0.05)  # baresip closes the call before the next (not measured)
    ctl.close()
    return out


def window_run(b, n: int, folder: Path) -> tuple[list[float], list[float]]:
    from helpers import build_small_desk
    from PySide6.QtCore import QObject, QSettings, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    from console.services.context import Desk
    from console.services.tickets import NewCall, log_call
    from console.store.database import Database
    from console.store.migrate import ensure_schema
    from console.telephony.link import MissedNotice
    from console.ui.tickets.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = Database(folder / "desk.sqlite3")
    ensure_schema(db)
    build_small_desk(db)
    desk = Desk(db)
    from helpers import lookup_ids

    street = lookup_ids(db)
    op = street.actors["op"]
    for i in range(20):  # a known caller with history: the card's queries have rows to read
        log_call(desk, op, NewCall(f"第{i}次来电", "13800138000", "王阿姨", community_id=street.communities["嘉宏三村"],
                                   building="12", room="301"))
    settings = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    for k, v in (("link", "baresip"), ("address", f"127.0.0.1:{b.ctrl_port}")):
        settings.setValue(f"phone/{k}", v)
    w = MainWindow(desk, op, settings=settings)
    w.show()
    painted: dict[str, float] = {}
    committed: dict[str, float] = {}
    events = {"painted": threading.Condition(), "missed": threading.Condition()}
    w.phone.card.painted.connect(lambda cid: _note(events["painted"], painted, cid))
    w.phone.link.add_listener(lambda n: isinstance(n, MissedNotice) and n.result.missed_call_id
                              and _note(events["missed"], committed, n.call.call_id))
    cards: list[float] = []
    missed: list[float] = []

    class Quit(QObject):
        now = Signal()

    quitter = Quit()
    quitter.now.connect(app.quit)

    def drive() -> None:
        try:
            deadline = time.monotonic() + 30
            while not w.phone.link or "已连接" not in w.phone.label.text():
                if time.monotonic() > deadline:
                    raise RuntimeError("the window's link did not connect to baresip")
                time.sleep(0.05)
            caller = Caller(b.sip_port)
            for _ in range(n):
                call_id, branch, t0 = caller.invite()
                caller.cancel(call_id, branch)
                _wait(events["painted"], painted, call_id)
                _wait(events["missed"], committed, call_id)
                cards.append((painted[call_id] - t0) * 1000)
                missed.append((committed[call_id] - t0) * 1000)
                time.sleep(0.05)
        finally:
            quitter.now.emit()

    t = threading.Thread(target=drive, daemon=True)
    QTimer.singleShot(0, t.start)
    app.exec()
    t.join(5)
    w.close()
    db.dispose()
    return cards, missed


def _note(cond: threading.Condition, box: dict[str, float], call_id: str) -> None:
    with cond:
        box.setdefault(call_id, time.perf_counter())
        cond.notify_all()


def _wait(cond: threading.Condition, box: dict[str, float], call_id: str) -> None:
    with cond:
        if not cond.wait_for(lambda: call_id in box, timeout=30):
            raise RuntimeError(f"{call_id}: nothing within 30 s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=50)
    a = ap.parse_args()
    if not have_baresip():
        print("baresip is not installed (apt-get install baresip-core)")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        b = start_baresip(Path(tmp) / "baresip")
        try:
            floor = floor_run(b, a.calls)
            cards, missed = window_run(b, a.calls, Path(tmp))
        finally:
            b.stop()
    load = os.getloadavg()
    print(f"{a.calls} calls; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {os.cpu_count()} cores")
    for name, v in (("floor: INVITE → CALL_INCOMING (bare socket)", floor),
                    ("INVITE → caller card painted", cards),
                    ("INVITE → missed call committed", missed)):
        print(f"{name:48s} median {statistics.median(v):7.1f} ms   p95 {pct(v, 0.95):7.1f} ms   max {max(v):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
