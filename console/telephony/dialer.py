"""Call back from the console: dial a number through baresip and tell what became of it.

baresip (the seat's SIP extension, console.telephony.baresip) takes ``dial <uri>`` on its ctrl_tcp
socket; what follows comes back as the call's events through the seat's `CallLink`:

- CALL_ESTABLISHED — the resident answered: **reached** (the operator talks on the softphone);
- CALL_CLOSED with a busy cause (``486 Busy Here``, 600) — **busy**;
- CALL_CLOSED with anything else, or no answer within the desk's ring timeout — **no answer** (after
  the timeout the dialer sends ``hangup``, so the resident's phone stops ringing). The timeout runs
  from the far end's ringing (CALL_RINGING); a call that never gets that far is given SETUP_WAIT more.

baresip 1.0 names no call id in its answer to ``dial`` (and sends no CALL_OUTGOING), so the call is
told by its peer: the first outgoing call to the dialled number after the dial. `dial_template` turns
the desk's number into what baresip dials: ``{number}`` (baresip adds the account's PBX domain) or a
whole URI such as ``sip:{number}@pbx.example``; a prefix for an outside line goes there too (``0{number}``).

The dialer waits on a queue fed by the link's listener, never polls; `call_back` runs on a worker
thread (the window's TaskRunner, a test's thread), never on the GUI thread.
"""
from __future__ import annotations

import logging
import queue
import re
import time
from dataclasses import dataclass

from ..domain.calls import CallStage, DialOutcome, EndCause
from ..domain.errors import UserError
from ..services.context import Actor, Changes, Desk
from ..services.missed_calls import record_call_back_outcome
from .baresip import BaresipLink
from .link import CallLink, CallNotice, Notice

log = logging.getLogger(__name__)

DEFAULT_TEMPLATE = "{number}"
HANGUP_WAIT = 5.0  # after our hangup, how long the close may take to come back (then it is said done anyway)
SETUP_WAIT = 30.0  # a dial whose far end never rings: given up (as no answer) after this plus the ring timeout
_DIALABLE = re.compile(r"^[0-9*#+]+$")


def dial_uri(number: str, template: str = DEFAULT_TEMPLATE) -> str:
    """What baresip dials for the desk's `number`; a UserError for a number that cannot be dialled."""
    digits = (number or "").replace("-", "").replace(" ", "")
    if not _DIALABLE.match(digits):
        raise UserError(f"号码“{number}”无法拨打。", f"The number '{number}' cannot be dialled.")
    tpl = (template or DEFAULT_TEMPLATE).strip()
    if "{number}" not in tpl:
        raise UserError("拨号格式须含 {number}，例如 sip:{number}@pbx.example。",
                        "The dial format must contain {number}, e.g. sip:{number}@pbx.example.")
    return tpl.replace("{number}", digits)


@dataclass(frozen=True)
class DialResult:
    outcome: DialOutcome
    call_id: str = ""
    cause: EndCause | None = None  # what the close said, when it closed by itself


def dial(link: CallLink, baresip: BaresipLink, number: str, *, template: str = DEFAULT_TEMPLATE,
         ring_timeout: float = 30.0) -> DialResult:
    """Dial `number` and wait until it is answered, refused or has rung `ring_timeout` seconds.
    A UserError when the link is down or baresip refuses the dial."""
    uri = dial_uri(number, template)
    want = number.replace("-", "").replace(" ", "")
    heard: queue.Queue[Notice] = queue.Queue()

    def listen(n: Notice) -> None:
        if isinstance(n, CallNotice) and n.update.call.outgoing and n.update.call.caller.endswith(want[-7:]):
            heard.put(n)

    link.add_listener(listen)
    try:
        answer = baresip.command("dial", uri)
        if not answer.get("ok", False):
            raise UserError(f"baresip 拒绝拨号：{answer.get('data') or ''}",
                            f"baresip refused to dial: {answer.get('data') or ''}")
        log.info("call-back: dialling %s", uri)
        end = time.monotonic() + ring_timeout + SETUP_WAIT
        call_id = ""
        rung = False
        while True:
            left = end - time.monotonic()
            try:
                n = heard.get(timeout=max(left, 0.0)) if left > 0 else heard.get_nowait()
            except queue.Empty:
                break
            assert isinstance(n, CallNotice)
            call = n.update.call
            call_id = call_id or call.call_id
            if call.call_id != call_id:
                continue
            if n.update.stage is CallStage.RINGING and not rung:
                rung = True
                end = time.monotonic() + ring_timeout
                continue
            if n.update.stage is CallStage.ANSWERED:
                return DialResult(DialOutcome.REACHED, call_id)
            if n.update.stage is CallStage.ENDED:
                busy = call.cause is EndCause.BUSY
                return DialResult(DialOutcome.BUSY if busy else DialOutcome.NO_ANSWER, call_id, call.cause)
        log.info("call-back: %s rang %.0f s unanswered; hanging up", uri, ring_timeout)
        try:
            baresip.command("hangup")
        except UserError as e:
            log.warning("call-back: hangup not sent: %s", e.en)
        stop = time.monotonic() + HANGUP_WAIT
        while time.monotonic() < stop:  # let the close arrive, so the tracker forgets the call
            try:
                n = heard.get(timeout=max(stop - time.monotonic(), 0.0))
            except queue.Empty:
                break
            if isinstance(n, CallNotice) and n.update.stage is CallStage.ENDED:
                break
        return DialResult(DialOutcome.NO_ANSWER, call_id)
    finally:
        link.listeners.remove(listen)


def call_back(desk: Desk, actor: Actor, link: CallLink, baresip: BaresipLink, missed_call_id: int, number: str,
              *, template: str = DEFAULT_TEMPLATE, ring_timeout: float | None = None) -> tuple[DialResult, Changes]:
    """Dial a missed call back and record the outcome on its deadline (services.missed_calls).
    `ring_timeout` None: the desk's ``callback_ring_seconds``."""
    if ring_timeout is None:
        from ..services.desk_settings import limit

        with desk.db.read() as s:
            ring_timeout = float(limit(s, "callback_ring_seconds"))
    result = dial(link, baresip, number, template=template, ring_timeout=ring_timeout)
    changes = record_call_back_outcome(desk, actor, missed_call_id, result.outcome)
    return result, changes
