"""Real SIP programs on loopback for the tests and bench/bench_ring_to_card.py: baresip as the seat's
extension (ctrl_tcp on), SIPp as the caller. Debian: baresip-core, sip-tester (.ci/run installs them)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SCENARIOS = Path(__file__).parent / "sipp"
ACCOUNT = "desk"
MODULES = Path("/usr/lib/baresip/modules")
NO_BARESIP = "baresip is not installed (Debian: apt-get install baresip-core; .ci/run installs it)"
NO_SIPP = "SIPp is not installed (Debian: apt-get install sip-tester; .ci/run installs it)"

# baresip without a sound card: aubridge joins the call's player and source to each other; g711 for
# SIPp's PCMU offer; menu gives ctrl_tcp its commands (accept, dial, hangup).
CONFIG = """\
poll_method epoll
sip_listen 127.0.0.1:{sip}
module_path {modules}
module g711.so
module aubridge.so
module_app account.so
module_app menu.so
module_app ctrl_tcp.so
ctrl_tcp_listen 127.0.0.1:{ctrl}
call_max_calls 100
audio_player aubridge,nil
audio_source aubridge,nil
audio_alert aubridge,nil2
"""


def have_baresip() -> bool:
    return shutil.which("baresip") is not None and (MODULES / "ctrl_tcp.so").is_file()


def have_sipp() -> bool:
    return shutil.which("sipp") is not None


def free_port(kind: int = socket.SOCK_STREAM, span: int = 1) -> int:
    """A port free for TCP and UDP alike (SIP listens on both), with the `span - 1` ports after it free too
    (baresip's SIP/TLS transport takes the port after sip_listen's)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, kind) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            for p in range(port, port + span):
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u, \
                        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                    u.bind(("127.0.0.1", p))
                    t.bind(("127.0.0.1", p))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port")


@dataclass
class Baresip:
    folder: Path
    sip_port: int
    ctrl_port: int
    proc: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"127.0.0.1:{self.sip_port}"

    def start(self, ready_timeout: float = 15.0) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "config").write_text(CONFIG.format(sip=self.sip_port, ctrl=self.ctrl_port, modules=MODULES))
        (self.folder / "accounts").write_text(f"<sip:{ACCOUNT}@127.0.0.1>;regint=0\n")
        log = open(self.folder / "baresip.log", "wb")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(["baresip", "-f", str(self.folder)], stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)
        log.close()
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:  # a bound on waiting for the port, not a timing assertion
            if self.proc.poll() is not None:
                raise RuntimeError(f"baresip exited: {self.log_tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"baresip did not open ctrl_tcp: {self.log_tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def log_tail(self, n: int = 2000) -> str:
        try:
            return (self.folder / "baresip.log").read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""


def start_baresip(folder: Path, tries: int = 3) -> Baresip:
    """baresip on fresh loopback ports. A port found free can be taken by another test process before
    baresip binds it: then baresip exits with "Address already in use" and is started again on new ports."""
    for attempt in range(tries):
        b = Baresip(folder, free_port(span=2), free_port())
        try:
            b.start()
            return b
        except RuntimeError as e:
            if "Address already in use" not in str(e) or attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


def sipp(target: Baresip, scenario: str, caller: str, *, calls: int = 1, rate: float = 10.0,
         folder: Path, timeout: float = 60.0, wait: bool = True) -> subprocess.Popen:
    """Run SIPp's `scenario` (a file in sipp/) as `caller` against baresip; with `wait`, until it ends."""
    folder.mkdir(parents=True, exist_ok=True)
    cmd = ["sipp", "-sf", str(SCENARIOS / scenario), "-s", ACCOUNT, "-key", "caller", caller,
           "-i", "127.0.0.1", "-p", str(free_port()), "-mp", str(free_port()),
           "-m", str(calls), "-r", str(rate), "-l", str(max(calls, 1)), "-timeout", f"{int(timeout)}s",
           "-timeout_error", "-nostdin", target.uri]
    out = open(folder / f"sipp-{scenario}-{time.monotonic_ns()}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=folder,
                            env={**os.environ, "TERM": "dumb"})
    out.close()
    if wait:
        proc.wait(timeout + 30)
    return proc


def sipp_callee(scenario: str, *, folder: Path, timeout: float = 60.0) -> tuple[subprocess.Popen, int]:
    """SIPp as the resident the desk calls back: listening on a fresh loopback port for one call of
    `scenario` (a file in sipp/). The port is returned for the dial format ``sip:{number}@127.0.0.1:PORT``."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    cmd = ["sipp", "-sf", str(SCENARIOS / scenario), "-i", "127.0.0.1", "-p", str(port), "-mp", str(free_port()),
           "-m", "1", "-timeout", f"{int(timeout)}s", "-timeout_error", "-nostdin"]
    out = open(folder / f"sipp-{scenario}-{time.monotonic_ns()}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=folder,
                            env={**os.environ, "TERM": "dumb"})
    out.close()
    return proc, port
