"""A local HTTP endpoint for the generic CTI events PBX bridges already post.

    POST /api/v1/cti/TOKEN
    event=newCall&from=13800138000&to=8001&direction=in&callId=4711
    event=answer&callId=4711&…                    (answeringNumber, user: kept out)
    event=hangup&callId=4711&cause=cancel|noAnswer|busy|normalClearing|…

form-encoded or as a JSON object with the same names, so a bridge written for
another system works by changing only its base URL. Bound to 127.0.0.1 unless
told otherwise; every request is checked in this order, each refusal one log
line and nothing handed on:

- from a host that is not allowed (loopback by default) → 403;
- not ``POST /api/v1/cti/<token>`` → 404 (405 for another method);
- a body longer than `max_body` → 413 (not read);
- a wrong token → 403 (compared in constant time);
- no event, an unknown event, no callId, a caller number with letters → 400.

A good event → 200 ``{"ok":true}`` and the CallEvent to `sink`.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

from ..domain.calls import CallEvent, CallStage, caller_number, clean_call_id, parse_cause
from ..domain.errors import UserError

log = logging.getLogger(__name__)

SOURCE = "cti"
PATH_PREFIX = "/api/v1/cti/"
MAX_BODY = 16 * 1024
_EVENTS = {"newcall": CallStage.RINGING, "answer": CallStage.ANSWERED, "hangup": CallStage.ENDED}
Sink = Callable[[CallEvent], None]


class BadEvent(ValueError):
    """A request the endpoint refuses with 400 (the message is the log line and the reply)."""


def parse_listen(text: str, default_host: str = "127.0.0.1") -> tuple[str, int]:
    """``[HOST:]PORT`` for --cti-http; a UserError when it is not one."""
    t = (text or "").strip()
    host, sep, port = t.rpartition(":")
    if not sep:
        host, port = "", t
    try:
        n = int(port)
    except ValueError:
        n = -1
    if not 0 <= n < 65536:
        raise UserError(f"监听地址“{t}”无效：应为 [主机:]端口，例如 8088 或 127.0.0.1:8088。",
                        f"The listen address '{t}' is not valid: write [HOST:]PORT, e.g. 8088 or 127.0.0.1:8088.")
    return host.strip("[]") or default_host, n


def event_from_fields(fields: dict[str, str], at: datetime) -> CallEvent:
    """The CallEvent of one posted event's fields; BadEvent when it cannot be one."""
    name = (fields.get("event") or "").strip()
    stage = _EVENTS.get(name.lower())
    if stage is None:
        raise BadEvent(f"unknown event {name[:40]!r}" if name else "no event")
    direction = (fields.get("direction") or "in").strip().lower()
    outgoing = direction.startswith("out")
    try:
        call_id = clean_call_id(fields.get("callId") or fields.get("call_id") or "")
        # the caller: "from" of an incoming call, "to" of one the desk made
        caller = caller_number(fields.get("to" if outgoing else "from", ""))
    except UserError as e:
        raise BadEvent(e.en) from None
    line = (fields.get("from" if outgoing else "to") or "").strip()[:128]
    cause = parse_cause(fields.get("cause")) if stage is CallStage.ENDED else None
    return CallEvent(stage, call_id, at, caller, line, cause, outgoing, SOURCE)


def _fields_of(body: bytes, content_type: str) -> dict[str, str]:
    ctype = content_type.split(";", 1)[0].strip().lower()
    text = body.decode("utf-8", errors="strict") if body else ""
    if ctype == "application/json" or (not ctype and text.lstrip().startswith("{")):
        obj = json.loads(text or "null")
        if not isinstance(obj, dict):
            raise BadEvent("the JSON body is not an object")
        return {str(k): "" if v is None else str(v) for k, v in obj.items() if not isinstance(v, dict | list)}
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True, max_num_fields=64).items()}


class CtiHttpEndpoint:
    """The endpoint on a thread of its own (start / stop); `port` 0 picks a free one (read `port` after start)."""

    def __init__(self, host: str, port: int, token: str, sink: Sink, *,
                 allowed_hosts: Iterable[str] = ("127.0.0.1", "::1"), max_body: int = MAX_BODY,
                 now: Callable[[], datetime] | None = None) -> None:
        if len(token) < 8:
            raise UserError("CTI 令牌太短：至少 8 个字符。", "The CTI token is too short: 8 characters at least.")
        self.host, self.port, self.token = host, port, token
        self.sink = sink
        self.allowed = {ipaddress.ip_address(h) for h in allowed_hosts}
        self.max_body = max_body
        self.now = now or (lambda: datetime.now(UTC))
        self.refused = 0  # requests answered with 4xx (tests, the status line)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def name(self) -> str:
        return f"CTI http://{self.host}:{self.port}{PATH_PREFIX}…"

    def start(self) -> None:
        try:
            server = ThreadingHTTPServer((self.host, self.port), self._handler_class())
        except OSError as e:
            raise UserError(f"无法在 {self.host}:{self.port} 监听 CTI 事件：{e.strerror or e}",
                            f"Cannot listen for CTI events on {self.host}:{self.port}: {e.strerror or e}") from None
        server.daemon_threads = True
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="cti-http", daemon=True)
        self._thread.start()
        log.info("telephone link up: %s", self.name)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)

    # -- requests ---------------------------------------------------------------------------
    def _host_allowed(self, host: str) -> bool:
        try:
            addr = ipaddress.ip_address(host)
        except ValueError:
            return False
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped
        return addr in self.allowed

    def _handle(self, req: BaseHTTPRequestHandler, method: str) -> tuple[int, dict[str, Any]]:
        peer = req.client_address[0]
        if not self._host_allowed(peer):
            return self._refuse(403, f"request from {peer}, which is not allowed", peer)
        path = req.path.split("?", 1)[0]
        if not path.startswith(PATH_PREFIX):
            return self._refuse(404, f"no such path {path[:60]!r}", peer)
        if method != "POST":
            return self._refuse(405, f"{method} instead of POST", peer)
        try:
            length = int(req.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if length < 0 or length > self.max_body:
            req.close_connection = True  # the body stays unread
            return self._refuse(413, f"body of {req.headers.get('Content-Length')!r} bytes (at most {self.max_body})",
                                peer)
        body = req.rfile.read(length) if length else b""
        given = unquote(path[len(PATH_PREFIX):])
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode("utf-8")):
            return self._refuse(403, "wrong token", peer)
        try:
            ev = event_from_fields(_fields_of(body, req.headers.get("Content-Type") or ""), self.now())
        except (BadEvent, ValueError) as e:  # UnicodeDecodeError and json's errors are ValueErrors
            return self._refuse(400, f"bad event: {e}", peer)
        self.sink(ev)
        return 200, {"ok": True}

    def _refuse(self, status: int, why: str, peer: str) -> tuple[int, dict[str, Any]]:
        self.refused += 1
        log.warning("CTI endpoint: %s from %s refused (%d); nothing recorded", why, peer, status)
        return status, {"ok": False, "error": why}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "hotline-console-cti"
            protocol_version = "HTTP/1.1"
            timeout = 10  # a client that sends half a request does not hold a thread for ever

            def _answer(self, method: str) -> None:
                status, obj = endpoint._handle(self, method)
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if self.close_connection:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 - http.server's names
                self._answer("POST")

            def do_GET(self) -> None:  # noqa: N802
                self._answer("GET")

            def do_PUT(self) -> None:  # noqa: N802
                self._answer("PUT")

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
                log.debug("CTI endpoint: " + format, *args)

        return Handler
