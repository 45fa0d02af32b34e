"""`calls listen` as a user runs it: one line per event, missed calls recorded, Ctrl+C stops with 0."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "night-desk-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_listen_prints_each_event_and_stops_on_ctrl_c(cli, desk_file):
    port = free_port()
    p = subprocess.Popen([sys.executable, "-m", "console", "--db", str(desk_file), "calls", "listen",
                          "--cti-http", f"127.0.0.1:{port}", "--cti-token", TOKEN],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                         env=cli.env(), cwd=ROOT)
    try:
        assert "正在监听" in p.stdout.readline()

        def post(**fields):
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/cti/{TOKEN}",
                                         data=urllib.parse.urlencode(fields).encode())
            with urllib.request.urlopen(req, timeout=30) as r:
                assert r.status == 200

        post(event="newCall", callId="n1", **{"from": "13800138000", "to": "8001"})
        assert "振铃 138****8000" in p.stdout.readline()
        post(event="hangup", callId="n1", cause="noAnswer", **{"from": "13800138000"})
        assert "已结束 138****8000 — 无人接听" in p.stdout.readline()
        assert "未接来电已登记 #1，回拨期限" in p.stdout.readline()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    assert p.returncode == 0, err
    assert "Traceback" not in err and "电话链路已停止" in err
    r = cli("--db", desk_file, "due", "--json")
    assert '"missed_call_id": 1' in r.out


def test_usage_and_user_errors(cli, desk_file):
    r = cli("--db", desk_file, "calls", "listen")
    assert r.rc == 2 and "--baresip" in r.err
    r = cli("--db", desk_file, "calls", "listen", "--cti-http", "8088")
    assert r.rc == 2 and "--cti-token" in r.err
    r = cli("--db", desk_file, "--lang", "en", "calls", "listen", "--baresip", "127.0.0.1:http")
    assert r.rc == 1 and r.err.strip().count("\n") == 0 and "not valid" in r.err
    with socket.socket() as busy:  # a port another program holds: one line, exit 1
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = cli("--db", desk_file, "--lang", "en", "calls", "listen", "--cti-http", str(port), "--cti-token", TOKEN)
    assert r.rc == 1 and "Cannot listen for CTI events" in r.err
