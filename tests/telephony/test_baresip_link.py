"""The baresip client against a hostile ctrl_tcp peer (a real socket that says what a test wants):
malformed netstrings, frames that are no JSON, unknown events, numbers with letters; the link keeps
going, reconnects, and says once that it is down."""
from __future__ import annotations

import json
import logging
import queue
import socket
import threading

import pytest

from console.domain.calls import CallStage
from console.telephony.baresip import BaresipLink, event_from_baresip, parse_address
from console.telephony.netstring import encode


def frame(obj) -> bytes:
    return encode(json.dumps(obj).encode())


def incoming(call_id="c1", peer="sip:13800138000@127.0.0.1", kind="CALL_INCOMING", param=""):
    return {"event": True, "type": kind, "class": "call", "accountaor": "sip:desk@127.0.0.1",
            "direction": "incoming", "peeruri": peer, "id": call_id, "param": param}


class Peer:
    """A listening socket standing in for baresip's ctrl_tcp: each accepted connection gets the next script."""

    def __init__(self) -> None:
        self.srv = socket.create_server(("127.0.0.1", 0))
        self.port = self.srv.getsockname()[1]
        self.scripts: queue.Queue = queue.Queue()
        self.connections = 0
        self.received: queue.Queue = queue.Queue()
        self._t = threading.Thread(target=self._serve, daemon=True)
        self._t.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.srv.accept()
            except OSError:
                return
            self.connections += 1
            script = self.scripts.get()
            for chunk in script:
                conn.sendall(chunk)
            conn.settimeout(0.2)
            try:  # keep the connection open until the link closes it, passing on what it sends
                while True:
                    try:
                        data = conn.recv(4096)
                    except TimeoutError:
                        if not self.scripts.empty():
                            break  # a new script waits: hang up so the link reconnects
                        continue
                    if not data:
                        break
                    self.received.put(data)
            except OSError:
                pass
            conn.close()

    def close(self) -> None:
        self.srv.close()


@pytest.fixture
def peer():
    p = Peer()
    yield p
    p.close()


@pytest.fixture
def link_events():
    q: queue.Queue = queue.Queue()
    states: queue.Queue = queue.Queue()
    return q, states


def make_link(port, q, states, **kw):
    link = BaresipLink("127.0.0.1", port, q.put, lambda up, text: states.put((up, text)),
                       min_pause=0.01, max_pause=0.05, **kw)
    link.start()
    return link


def test_hostile_input_costs_a_log_line_each_and_the_link_goes_on(peer, link_events, caplog):
    q, states = link_events
    peer.scripts.put([
        frame(incoming("a")),
        encode(b"{not json"),
        encode(b"[1, 2]"),
        frame({"event": True, "type": "CALL_SOMETHING_NEW", "id": "x"}),
        frame({"event": True, "type": "CALL_SOMETHING_NEW", "id": "y"}),  # said once per type
        frame(incoming("b", peer="sip:abc123@127.0.0.1")),  # a number with letters
        frame(incoming("c", kind="CALL_CLOSED", param="Connection reset by peer")),
        b"12:not-a-netstring;",  # malformed framing: the connection is reset
    ])
    peer.scripts.put([frame(incoming("d"))])  # after the reconnect
    caplog.set_level(logging.INFO, logger="console.telephony.baresip")
    link = make_link(peer.port, q, states)
    try:
        got = [q.get(timeout=30) for _ in range(3)]
        assert [(e.call_id, e.stage) for e in got] == [("a", CallStage.RINGING), ("c", CallStage.ENDED),
                                                       ("d", CallStage.RINGING)]
        assert got[0].caller == "13800138000" and got[0].line == "sip:desk@127.0.0.1"
        assert got[1].cause is None  # baresip's "Connection reset by peer" says nothing: the tracker decides
    finally:
        link.stop()
    text = caplog.text
    assert text.count("no JSON object ignored") == 2
    assert text.count("CALL_SOMETHING_NEW") == 1
    assert "CALL_INCOMING event ignored: The phone number 'abc123' is not recognised" in text
    assert "malformed netstring" in text
    assert link.malformed == 3
    assert peer.connections == 2


def test_link_down_is_said_once_and_it_reconnects(link_events, caplog):
    q, states = link_events
    srv = socket.create_server(("127.0.0.1", 0))
    port = srv.getsockname()[1]
    srv.close()  # nobody listens there yet
    caplog.set_level(logging.INFO, logger="console.telephony.baresip")
    link = make_link(port, q, states)
    try:
        up, text = states.get(timeout=30)
        assert up is False and str(port) in text
        # it keeps trying, quietly
        p = Peer.__new__(Peer)
        p.srv = socket.create_server(("127.0.0.1", port))
        p.port, p.scripts, p.connections, p.received = port, queue.Queue(), 0, queue.Queue()
        p.scripts.put([frame(incoming("z"))])
        p._t = threading.Thread(target=p._serve, daemon=True)
        p._t.start()
        assert q.get(timeout=30).call_id == "z"
        assert states.get(timeout=30)[0] is True
    finally:
        link.stop()
        p.close()
    assert caplog.text.count("telephone link down") == 1
    assert states.qsize() <= 1  # at most the "stopped" after the up


def test_command_waits_for_its_response(peer, link_events):
    q, states = link_events
    peer.scripts.put([])
    link = make_link(peer.port, q, states)
    try:
        assert states.get(timeout=30)[0] is True
        answered = {}

        def answer():
            sent = peer.received.get(timeout=30)
            token = json.loads(sent[sent.index(b":") + 1:-1])["token"]
            answered["token"] = token
            # the response arrives over the link's own connection: reopen the peer side? no: reply on it
        t = threading.Thread(target=answer)
        t.start()
        with pytest.raises(Exception) as e:  # the stand-in never answers: a one-line UserError
            link.command("accept", timeout=0.5)
        t.join(30)
        assert "did not answer" in str(e.value.en)
        assert answered["token"]
    finally:
        link.stop()


@pytest.mark.parametrize(("text", "address"), [
    ("127.0.0.1:4444", ("127.0.0.1", 4444)), (":5555", ("127.0.0.1", 5555)), ("6666", ("127.0.0.1", 6666)),
    ("pbx.local:4444", ("pbx.local", 4444)), ("[::1]:4444", ("::1", 4444)),
])
def test_parse_address(text, address):
    assert parse_address(text) == address


@pytest.mark.parametrize("text", ["127.0.0.1:x", "host:70000", "host:0"])
def test_parse_address_refuses(text):
    from console.domain.errors import UserError

    with pytest.raises(UserError):
        parse_address(text)


def test_outgoing_and_other_events():
    from datetime import UTC, datetime

    at = datetime.now(UTC)
    ev = event_from_baresip({**incoming("o", kind="CALL_OUTGOING"), "direction": "outgoing"}, at)
    assert ev.outgoing and ev.stage is CallStage.RINGING
    assert event_from_baresip(incoming("s", kind="CALL_REMOTE_SDP"), at) is None
    assert event_from_baresip(incoming("w", peer="sip:anonymous@anonymous.invalid"), at).caller == ""
