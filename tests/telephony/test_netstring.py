"""Netstring framing: whole frames from pieces, and malformed input refused with the buffer cleared."""
from __future__ import annotations

import pytest

from console.telephony.netstring import NetstringError, NetstringReader, encode


@pytest.mark.parametrize(("chunks", "frames"), [
    ([b"5:hello,"], [b"hello"]),
    ([b"5:hel", b"lo,"], [b"hello"]),
    ([b"5", b":hello", b","], [b"hello"]),
    ([b"0:,3:abc,"], [b"", b"abc"]),
    ([b"3:abc,3:d"], [b"abc"]),
    ([encode("来电".encode())], ["来电".encode()]),
])
def test_frames(chunks, frames):
    r = NetstringReader()
    got = []
    for c in chunks:
        got += r.feed(c)
    assert got == frames


@pytest.mark.parametrize("data", [
    b"hello,",            # no length
    b"5:hello;",          # wrong terminator
    b"x5:hello,",         # junk before the length
    b"05:hello,",         # leading zero
    b"-1:a,",
    b"99999999:",         # longer than the limit
    b"123456789012",      # digits without end
    b"{\"event\":true}",  # JSON without framing
])
def test_malformed(data):
    r = NetstringReader(max_payload=1024)
    with pytest.raises(NetstringError):
        r.feed(data)
    assert r.feed(b"2:ok,") == [b"ok"]  # the buffer was cleared


def test_good_frames_before_a_bad_one_are_kept():
    with pytest.raises(NetstringError) as e:
        NetstringReader().feed(b"2:ok,3:abc;")
    assert e.value.frames == [b"ok"]
