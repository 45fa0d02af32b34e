"""Fixtures of the telephone links: real baresip on loopback (skipped with its reason when not installed)."""
from __future__ import annotations

import queue
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sip_rig import NO_BARESIP, NO_SIPP, have_baresip, have_sipp, start_baresip  # noqa: E402


@pytest.fixture
def baresip(tmp_path):
    if not have_baresip():
        pytest.skip(NO_BARESIP)
    if not have_sipp():
        pytest.skip(NO_SIPP)
    b = start_baresip(tmp_path / "baresip")
    yield b
    b.stop()


class Notices:
    """A CallLink listener that queues what it is told, for the test to wait on."""

    def __init__(self) -> None:
        self.q: queue.Queue = queue.Queue()

    def __call__(self, notice) -> None:
        self.q.put(notice)

    def next(self, kind, timeout: float = 30.0, where=lambda n: True):
        """The next notice of type `kind` that `where` accepts (others are passed over)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {kind.__name__} within {timeout} s")
            try:
                n = self.q.get(timeout=left)
            except queue.Empty:
                continue
            if isinstance(n, kind) and where(n):
                return n


@pytest.fixture
def notices():
    return Notices()


@pytest.fixture
def link(desk, baresip, notices):
    """The desk's CallLink reading the test's baresip, up; (link, BaresipLink)."""
    from console.telephony.baresip import BaresipLink
    from console.telephony.link import CallLink, LinkStatus

    lk = CallLink(desk)
    bl = lk.add(BaresipLink("127.0.0.1", baresip.ctrl_port, lk.submit, lk.state_hook("baresip"), now=desk.now))
    lk.add_listener(notices)
    lk.start()
    notices.next(LinkStatus, where=lambda n: n.up)
    yield lk, bl
    lk.stop()
