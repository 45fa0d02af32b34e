"""baresip's ctrl_tcp socket: call events in, commands (accept, dial) out.

baresip (Debian's `baresip-core`) registered as the seat's extension, with
``module_app ctrl_tcp.so`` and ``ctrl_tcp_listen 127.0.0.1:4444`` in its
config, writes every event as a JSON netstring, such as

    {"event":true,"type":"CALL_INCOMING","class":"call","accountaor":"sip:desk@pbx",
     "direction":"incoming","peeruri":"sip:13800138000@pbx","id":"<SIP Call-ID>","param":"…"}

and answers a command ``{"command":"accept","params":"","token":"7"}`` with
``{"response":true,"ok":true,"data":"…","token":"7"}``. This client keeps the
connection up on its own thread (reconnecting with a growing pause, saying
once that the link is down, not at every try), turns the call events into
`domain.calls.CallEvent`s and hands them to `sink`.

Bad input never stops it: a frame that is no netstring is a log line and a
fresh connection (the stream cannot be trusted past it); a frame that is no
JSON, an event of a type it does not know, or a caller number with letters
is a log line and nothing else.
"""
from __future__ import annotations

import itertools
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..domain.calls import CallEvent, CallStage, caller_number, clean_call_id, parse_cause
from ..domain.errors import UserError
from .netstring import NetstringError, NetstringReader, encode

log = logging.getLogger(__name__)

SOURCE = "baresip"
STABLE = 3.0  # seconds a connection must last (or a frame arrive) before a reconnect is said to be up
# What each baresip event type means for the desk; the rest (SDP, registration, DTMF …) is not a call's stage.
_STAGES = {
    "CALL_INCOMING": CallStage.RINGING,
    "CALL_OUTGOING": CallStage.RINGING,
    "CALL_RINGING": CallStage.RINGING,  # the far end of a call we dialled rings (a call-back's ring timer)
    "CALL_ESTABLISHED": CallStage.ANSWERED,
    "CALL_CLOSED": CallStage.ENDED,
}
_KNOWN_OTHER = frozenset({
    "CALL_PROGRESS", "CALL_REMOTE_SDP", "CALL_LOCAL_SDP", "CALL_RTCP", "CALL_RTPESTAB",
    "CALL_MENC", "CALL_TRANSFER", "CALL_TRANSFER_FAILED", "CALL_DTMF_START", "CALL_DTMF_END", "CALL_HOLD",
    "CALL_RESUME", "CALL_ANSWERED", "REGISTERING", "REGISTER_OK", "REGISTER_FAIL", "UNREGISTERING",
    "UNREGISTER_OK", "UNREGISTER_FAIL", "MWI_NOTIFY", "SHUTDOWN", "EXIT", "VU_TX", "VU_RX", "AUDIO_ERROR",
    "MODULE", "END_OF_FILE", "CUSTOM", "SIPSESS_CONN", "CREATE",
})

Sink = Callable[[CallEvent], None]
StateHook = Callable[[bool, str], None]  # (up, one line saying why)


def parse_address(text: str, default_port: int = 4444) -> tuple[str, int]:
    """``HOST:PORT``, ``:PORT`` or ``PORT`` (host 127.0.0.1); a UserError when it is neither."""
    t = (text or "").strip()
    host, _, port = t.rpartition(":") if ":" in t else ("", "", t)
    host = host.strip("[]") or "127.0.0.1"
    try:
        n = int(port) if port else default_port
    except ValueError:
        n = -1
    if not 0 < n < 65536:
        raise UserError(f"地址“{t}”无效：应为 主机:端口，例如 127.0.0.1:4444。",
                        f"The address '{t}' is not valid: write HOST:PORT, e.g. 127.0.0.1:4444.")
    return host, n


def event_from_baresip(obj: dict[str, Any], at: datetime) -> CallEvent | None:
    """The CallEvent of one baresip event, or None when it is not a call's stage.
    A ValidationError (a UserError) when it is a call's stage with an unusable caller or call id."""
    stage = _STAGES.get(str(obj.get("type", "")))
    if stage is None:
        return None
    outgoing = str(obj.get("direction", "")).startswith("out") or obj.get("type") == "CALL_OUTGOING"
    return CallEvent(
        stage=stage,
        call_id=clean_call_id(obj.get("id")),
        at=at,
        caller=caller_number(str(obj.get("peeruri") or "")),
        line=str(obj.get("accountaor") or "")[:128],
        cause=parse_cause(str(obj.get("param") or "")) if stage is CallStage.ENDED else None,
        outgoing=outgoing,
        source=SOURCE,
    )


class BaresipLink:
    """One connection to baresip's ctrl_tcp, kept up on a thread of its own (start / stop)."""

    def __init__(self, host: str, port: int, sink: Sink, on_state: StateHook | None = None, *,
                 now: Callable[[], datetime] | None = None, min_pause: float = 0.2, max_pause: float = 5.0,
                 connect_timeout: float = 2.0) -> None:
        self.host, self.port = host, port
        self.sink = sink
        self.on_state = on_state or (lambda up, text: None)
        self.now = now or (lambda: datetime.now(UTC))
        self.min_pause, self.max_pause, self.connect_timeout = min_pause, max_pause, connect_timeout
        self.up = False
        self.malformed = 0  # frames that were no netstring or no JSON (tests, the status line)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._tokens = itertools.count(1)
        self._waiting: dict[str, tuple[threading.Event, list[dict[str, Any]]]] = {}
        self._said: bool | None = None  # what the listeners were last told: up, down, nothing yet
        self._up_since = 0.0
        self._unknown_types: set[str] = set()

    @property
    def name(self) -> str:
        return f"baresip {self.host}:{self.port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="baresip-link", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout)

    # -- commands -----------------------------------------------------------------------
    def command(self, command: str, params: str = "", timeout: float = 5.0) -> dict[str, Any]:
        """Send one command and wait for its response; a UserError when the link is down or baresip is silent."""
        token = str(next(self._tokens))
        done = threading.Event()
        box: list[dict[str, Any]] = []
        self._waiting[token] = (done, box)
        try:
            payload = json.dumps({"command": command, "params": params, "token": token}).encode()
            with self._send_lock:
                sock = self._sock
                if sock is None:
                    raise UserError("电话链路未连接（baresip）。", "The telephone link (baresip) is not connected.")
                try:
                    sock.sendall(encode(payload))
                except OSError as e:
                    raise UserError(f"电话链路发送失败：{e}", f"The telephone link could not send: {e}") from None
            if not done.wait(timeout):
                raise UserError("baresip 没有回应。", "baresip did not answer.")
            return box[0]
        finally:
            self._waiting.pop(token, None)

    # -- the thread -----------------------------------------------------------------------
    def _run(self) -> None:
        pause = self.min_pause
        while not self._stop.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
            except OSError as e:
                self._down(f"{self.name}: {e.strerror or e}")
                self._stop.wait(pause)
                pause = min(pause * 2, self.max_pause)
                continue
            pause = self.min_pause
            sock.settimeout(0.5)  # to notice stop() even when baresip is quiet
            self._sock = sock
            self._set_up()
            why = self._read(sock)
            with self._send_lock:
                self._sock = None
            sock.close()
            if not self._stop.is_set():
                self._down(f"{self.name}: {why}")
                self._stop.wait(self.min_pause)
        if self._said is not False:
            self.up = False
            self.on_state(False, f"{self.name}: stopped")

    def _set_up(self) -> None:
        """Connected. Said at once the first time; after a drop, only once the connection has proved
        itself (a frame, or STABLE seconds): a baresip that accepts and hangs up again and again (another
        client holds its only slot) is one "down", not a line per try."""
        self.up = True
        self._up_since = time.monotonic()
        if self._said is None:
            self._announce(True, self.name)

    def _proven(self) -> None:
        if self.up and self._said is not True:
            self._announce(True, self.name)

    def _down(self, why: str) -> None:
        was_up, self.up = self.up, False
        if was_up and self._said is not True and time.monotonic() - self._up_since < STABLE:
            return  # it never proved itself: still the same "down"
        if self._said is not False:
            self._announce(False, why)

    def _announce(self, up: bool, text: str) -> None:
        self._said = up
        if up:
            log.info("telephone link up: %s", text)
        else:
            log.warning("telephone link down: %s (retrying quietly)", text)
        self.on_state(up, text)

    def _read(self, sock: socket.socket) -> str:
        reader = NetstringReader()
        while not self._stop.is_set():
            try:
                data = sock.recv(65536)
            except TimeoutError:
                if time.monotonic() - self._up_since >= STABLE:
                    self._proven()
                continue
            except OSError as e:
                return f"connection lost ({e.strerror or e})"
            if not data:
                return "connection closed by baresip"
            try:
                frames = reader.feed(data)
            except NetstringError as e:
                for frame in e.frames:
                    self._frame(frame)
                self.malformed += 1
                log.warning("baresip link: malformed netstring (%s); reconnecting", e)
                return "malformed input"
            if frames:
                self._proven()
            for frame in frames:
                self._frame(frame)
        return "stopped"

    def _frame(self, frame: bytes) -> None:
        try:
            obj = json.loads(frame)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
        except ValueError as e:
            self.malformed += 1
            log.warning("baresip link: a frame that is no JSON object ignored (%s): %r", e, frame[:80])
            return
        if obj.get("response"):
            waiting = self._waiting.get(str(obj.get("token", "")))
            if waiting is not None:
                waiting[1].append(obj)
                waiting[0].set()
            return
        if not obj.get("event"):
            log.info("baresip link: a frame that is neither event nor response ignored: %r", frame[:80])
            return
        kind = str(obj.get("type", ""))[:40]
        try:
            ev = event_from_baresip(obj, self.now())
        except UserError as e:
            log.warning("baresip link: %s event ignored: %s", kind, e.en)
            return
        if ev is None:
            if kind not in _KNOWN_OTHER and kind not in self._unknown_types and len(self._unknown_types) < 100:
                self._unknown_types.add(kind)  # said once per type: a storm of them is one line
                log.info("baresip link: event type %r is not a call's stage; ignored", kind)
            return
        self.sink(ev)
