"""Netstrings (``12:hello world!,``), the framing of baresip's ctrl_tcp, read incrementally."""
from __future__ import annotations

MAX_PAYLOAD = 64 * 1024  # a baresip event is a few hundred bytes; anything this long is not one
_MAX_DIGITS = len(str(MAX_PAYLOAD))


class NetstringError(ValueError):
    """The stream is not netstrings: the reader cannot find the next frame again. `frames`: the whole
    frames that stood before the bad one in the same piece (still good)."""

    def __init__(self, why: str, frames: list[bytes]) -> None:
        super().__init__(why)
        self.frames = frames


def encode(payload: bytes) -> bytes:
    return str(len(payload)).encode("ascii") + b":" + payload + b","


class NetstringReader:
    """Bytes in (as they arrive, in any pieces), whole payloads out."""

    def __init__(self, max_payload: int = MAX_PAYLOAD) -> None:
        self.max_payload = max_payload
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        """The payloads completed by `data`; a NetstringError on malformed input (the buffer is then
        cleared: after a bad frame the stream cannot be trusted, and the caller resets the connection)."""
        self._buf += data
        out: list[bytes] = []
        while self._buf:
            colon = self._buf.find(b":", 0, _MAX_DIGITS + 2)
            if colon < 0:
                if len(self._buf) > _MAX_DIGITS or not self._buf.isdigit():
                    self._fail(f"no length before ':' in {bytes(self._buf[:20])!r}", out)
                break  # the length is still arriving
            head = bytes(self._buf[:colon])
            if not head.isdigit() or (len(head) > 1 and head.startswith(b"0")):
                self._fail(f"bad length {head[:20]!r}", out)
            n = int(head)
            if n > self.max_payload:
                self._fail(f"frame of {n} bytes is longer than {self.max_payload}", out)
            end = colon + 1 + n
            if len(self._buf) < end + 1:
                break  # the payload is still arriving
            if self._buf[end] != ord(","):
                self._fail(f"frame of {n} bytes does not end with ','", out)
            out.append(bytes(self._buf[colon + 1:end]))
            del self._buf[:end + 1]
        return out

    def _fail(self, why: str, frames: list[bytes]) -> None:
        self._buf.clear()
        raise NetstringError(why, frames)
