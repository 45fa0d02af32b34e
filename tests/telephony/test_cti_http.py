"""The CTI endpoint with a real HTTP client (urllib): what PBX bridges post, and what it refuses."""
from __future__ import annotations

import json
import logging
import socket
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select

from console.domain.calls import CallStage, EndCause
from console.store.models import MissedCall
from console.telephony.cti_http import CtiHttpEndpoint, parse_listen
from console.telephony.link import CallLink, CallNotice, MissedNotice

TOKEN = "s3cret-token-42"


@pytest.fixture
def cti(desk, notices):
    lk = CallLink(desk)
    ep = lk.add(CtiHttpEndpoint("127.0.0.1", 0, TOKEN, lk.submit, now=desk.now))
    lk.add_listener(notices)
    lk.start()
    yield lk, ep
    lk.stop()


def post(ep, fields, *, token=TOKEN, as_json=False, source=None, headers=None):
    """(status, reply) of one POST; `source` binds the client to another loopback address (another host)."""
    url = f"http://127.0.0.1:{ep.port}/api/v1/cti/{urllib.parse.quote(token)}"
    if as_json:
        body, ctype = json.dumps(fields).encode(), "application/json"
    else:
        body, ctype = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
    if source is not None:
        return raw_post(ep.port, f"/api/v1/cti/{token}", body, ctype, source)
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def raw_post(port, path, body, ctype, source):
    with socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0)) as s:
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                  f"Connection: close\r\n\r\n".encode() + body)
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    return int(data.split(b" ", 2)[1]), json.loads(data.split(b"\r\n\r\n", 1)[1] or b"{}")


def missed_count(desk):
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(MissedCall))


@pytest.mark.parametrize("as_json", [False, True])
def test_new_call_then_cancel_is_a_missed_call(desk, cti, notices, as_json):
    _, ep = cti
    call = {"from": "+86 138-0013-8000", "to": "8001", "direction": "in", "callId": "pbx-4711"}
    assert post(ep, {"event": "newCall", **call}, as_json=as_json) == (200, {"ok": True})
    ring = notices.next(CallNotice).update
    assert (ring.stage, ring.call.caller, ring.call.line) == (CallStage.RINGING, "13800138000", "8001")
    assert post(ep, {"event": "hangup", "cause": "cancel", **call}, as_json=as_json)[0] == 200
    missed = notices.next(MissedNotice)
    assert missed.result.reason == "recorded" and missed.call.cause is EndCause.CALLER_GAVE_UP
    # the bridge posts it again (a retry): recorded once
    assert post(ep, {"event": "hangup", "cause": "cancel", **call}, as_json=as_json)[0] == 200
    assert cti[0].wait_idle(30)
    assert missed_count(desk) == 1


@pytest.mark.parametrize(("events", "missed"), [
    ([("newCall", ""), ("answer", ""), ("hangup", "normalClearing")], 0),
    ([("newCall", ""), ("hangup", "noAnswer")], 1),
    ([("newCall", ""), ("hangup", "busy")], 1),
    ([("newCall", ""), ("hangup", "answered_elsewhere")], 0),
    ([("hangup", "normalClearing"), ("answer", ""), ("newCall", "")], 1),  # out of order: the end decides
])
def test_causes(desk, cti, events, missed):
    lk, ep = cti
    for name, cause in events:
        assert post(ep, {"event": name, "from": "13800138000", "callId": "c-1", "cause": cause})[0] == 200
    assert lk.wait_idle(30)
    assert missed_count(desk) == missed


def test_outgoing_call_is_not_missed(desk, cti):
    lk, ep = cti
    for name in ("newCall", "hangup"):
        post(ep, {"event": name, "from": "8001", "to": "13800138000", "direction": "out", "callId": "o-1",
                  "cause": "noAnswer"})
    assert lk.wait_idle(30)
    assert missed_count(desk) == 0


@pytest.mark.parametrize(("fields", "token", "status", "logged"), [
    ({"event": "newCall", "from": "13800138000", "callId": "x"}, "wrong-token-00", 403, "wrong token"),
    ({"event": "newCall", "from": "13800138000", "callId": "x"}, "", 403, "wrong token"),
    ({"event": "hangUpNow", "from": "13800138000", "callId": "x"}, TOKEN, 400, "unknown event"),
    ({"from": "13800138000", "callId": "x"}, TOKEN, 400, "no event"),
    ({"event": "newCall", "from": "1380013800O", "callId": "x"}, TOKEN, 400, "not recognised"),
    ({"event": "newCall", "from": "13800138000"}, TOKEN, 400, "no call id"),
])
def test_refusals_are_a_log_line_and_write_nothing(desk, cti, fields, token, status, logged, caplog):
    lk, ep = cti
    caplog.set_level(logging.WARNING, logger="console.telephony.cti_http")
    got, reply = post(ep, fields, token=token)
    assert got == status and reply["ok"] is False
    assert logged in caplog.text and TOKEN not in caplog.text
    assert lk.wait_idle(30)
    assert lk.tracker.active == [] and missed_count(desk) == 0


def test_another_host_is_refused(desk, cti, caplog):
    lk, ep = cti
    caplog.set_level(logging.WARNING, logger="console.telephony.cti_http")
    body = urllib.parse.urlencode({"event": "newCall", "from": "13800138000", "callId": "h"}).encode()
    status, _ = raw_post(ep.port, f"/api/v1/cti/{TOKEN}", body, "application/x-www-form-urlencoded", "127.0.0.2")
    assert status == 403
    assert "127.0.0.2, which is not allowed" in caplog.text
    assert lk.wait_idle(30) and lk.tracker.active == []


def test_oversize_body_is_refused_unread(desk, cti, caplog):
    lk, ep = cti
    caplog.set_level(logging.WARNING, logger="console.telephony.cti_http")
    status, _ = post(ep, {"event": "newCall", "from": "13800138000", "callId": "big", "pad": "x" * 20_000})
    assert status == 413 and "at most" in caplog.text
    assert lk.wait_idle(30) and lk.tracker.active == []


def test_a_thousand_events_in_a_burst(desk, cti):
    """An event storm: 1,000 rings over one keep-alive connection; memory bounded, nothing written."""
    import http.client

    lk, ep = cti
    conn = http.client.HTTPConnection("127.0.0.1", ep.port, timeout=30)
    try:
        for i in range(1000):
            body = urllib.parse.urlencode({"event": "newCall", "from": "13800138000", "callId": f"s{i}"})
            conn.request("POST", f"/api/v1/cti/{TOKEN}", body,
                         {"Content-Type": "application/x-www-form-urlencoded"})
            r = conn.getresponse()
            r.read()
            assert r.status == 200
    finally:
        conn.close()
    assert lk.wait_idle(60)
    assert len(lk.tracker.active) == lk.tracker.max_active and lk.tracker.dropped == 1000 - lk.tracker.max_active
    assert missed_count(desk) == 0


@pytest.mark.parametrize(("text", "address"), [("8088", ("127.0.0.1", 8088)), ("0.0.0.0:8088", ("0.0.0.0", 8088)),
                                               (":8088", ("127.0.0.1", 8088))])
def test_parse_listen(text, address):
    assert parse_listen(text) == address


def test_short_token_refused():
    from console.domain.errors import UserError

    with pytest.raises(UserError):
        CtiHttpEndpoint("127.0.0.1", 0, "short", lambda e: None)
