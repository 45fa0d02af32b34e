"""The desk's telephone as one model: a call rings, is answered, ends — and is missed or not.

Every telephone link (the baresip SIP user agent, a PBX bridge posting CTI
events, later a caller-ID modem) turns what it hears into `CallEvent`s; a
`CallTracker` turns those, per call id, into what the desk cares about: a
ring (show the caller card), an answer (the time New Call is received at),
and an end with its cause — and so whether the call was missed.

Links repeat themselves and arrive out of order (two seats, a reconnect that
replays, a bridge that posts `hangup` before `answer`), so the tracker:

- ignores a second ring or answer for a call it has, and anything for a call
  that has already ended (remembered for the last `max_done` call ids);
- takes an answer or an end for a call it never saw ring as a ring as well;
- keeps at most `max_active` calls open: a storm of rings that never end
  pushes the oldest out (counted in `dropped`), so memory stays bounded.

Pure Python: no sockets, no threads, no clock of its own (events carry their time).
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime

from .enums import LabelledEnum
from .errors import ValidationError
from .phone import normalise_phone


class CallStage(LabelledEnum):
    RINGING = "ringing", "振铃", "ringing"
    ANSWERED = "answered", "已接听", "answered"
    ENDED = "ended", "已结束", "ended"


class DialOutcome(LabelledEnum):
    """What became of a call-back the console dialled (console.telephony.dialer): recorded on the deadline."""

    REACHED = "reached", "已接通", "reached"
    NO_ANSWER = "no_answer", "无人接听", "no answer"
    BUSY = "busy", "占线", "busy"


class EndCause(LabelledEnum):
    HUNG_UP = "hung_up", "通话后挂断", "answered and hung up"
    CALLER_GAVE_UP = "caller_gave_up", "来电方挂断（未接）", "caller gave up"
    NO_ANSWER = "no_answer", "无人接听", "no answer"
    BUSY = "busy", "占线", "busy"
    ANSWERED_ELSEWHERE = "answered_elsewhere", "其他席位已接听", "answered on another seat"


# Causes that mean someone of the desk talked to the caller: never a missed call.
_TALKED = frozenset({EndCause.HUNG_UP, EndCause.ANSWERED_ELSEWHERE})

# What PBXs and bridges write for the cause of an end (FreeSWITCH hangup causes, Asterisk
# dial statuses, SIP status codes and reason texts), folded to lower case without separators.
_CAUSE_WORDS: tuple[tuple[EndCause, tuple[str, ...]], ...] = (
    (EndCause.ANSWERED_ELSEWHERE, ("answeredelsewhere", "completedelsewhere", "loserace", "pickedoff",
                                   "elsewhere", "otherseat")),
    (EndCause.BUSY, ("busy", "userbusy", "486", "600", "busyhere", "busyeverywhere", "congestion")),
    (EndCause.NO_ANSWER, ("noanswer", "nouserresponse", "timeout", "requesttimeout", "408", "480",
                          "temporarilyunavailable", "allottedtimeout", "chanunavail")),
    (EndCause.CALLER_GAVE_UP, ("callergaveup", "cancel", "cancelled", "canceled", "originatorcancel",
                               "abandoned", "abandon", "487", "requestterminated")),
    (EndCause.HUNG_UP, ("hungup", "answered", "normal", "normalclearing", "bye")),
)


def parse_cause(text: str | None) -> EndCause | None:
    """The cause a link reported, or None when it says nothing the desk can use ("Connection reset by
    peer", "" …): the tracker then decides from whether the call was answered."""
    folded = re.sub(r"[^a-z0-9]", "", (text or "").lower())
    if not folded:
        return None
    for cause, words in _CAUSE_WORDS:
        if folded in words or any(len(w) > 4 and w in folded for w in words):
            return cause
    return None


_URI_SCHEME = re.compile(r"^\s*<?\s*(?:sips?|tel):", re.IGNORECASE)
_WITHHELD = frozenset({"", "anonymous", "unknown", "unavailable", "private", "restricted", "withheld"})
MAX_CALL_ID = 128  # stored with the missed call (missed_calls.call_id)


def caller_number(raw: str | None) -> str:
    """The caller's number in the desk's one form, from what a link reports: a SIP or tel URI
    (``sip:13800138000@pbx``, ``<sip:+8613800138000@10.0.0.1;user=phone>``, ``tel:021-59123456``) or the
    bare number. "" when the caller withheld it; a ValidationError when it is no phone number (letters)."""
    text = (raw or "").strip()
    if _URI_SCHEME.match(text):
        text = _URI_SCHEME.sub("", text, count=1)
        text = re.split(r"[@;>?]", text, maxsplit=1)[0]
    text = text.strip()
    if text.lower() in _WITHHELD:
        return ""
    return normalise_phone(text)


def clean_call_id(raw: object) -> str:
    """A call id as the store keeps it: printable, at most MAX_CALL_ID characters; a ValidationError if empty."""
    text = "".join(c for c in str(raw or "") if c.isprintable()).strip()
    if not text:
        raise ValidationError("来电事件没有通话编号。", "The call event has no call id.")
    return text[:MAX_CALL_ID]


@dataclass(frozen=True)
class CallEvent:
    """One thing a link heard. `caller` is already in the desk's form ("" when withheld)."""

    stage: CallStage
    call_id: str
    at: datetime
    caller: str = ""
    line: str = ""  # the line or extension called
    cause: EndCause | None = None  # for ENDED: what the link said, if anything useful
    outgoing: bool = False  # a call the desk made (a call-back): never missed
    source: str = ""  # "baresip", "cti" …


@dataclass(frozen=True)
class Call:
    """What the desk knows of one call so far."""

    call_id: str
    caller: str
    line: str
    rang_at: datetime
    outgoing: bool = False
    source: str = ""
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    cause: EndCause | None = None

    @property
    def stage(self) -> CallStage:
        if self.ended_at is not None:
            return CallStage.ENDED
        return CallStage.ANSWERED if self.answered_at is not None else CallStage.RINGING

    def rings_at(self, extension: str) -> bool:
        """Whether a seat whose extension is `extension` ("" = every line) is meant to hear this call: the
        line the PBX named holds the extension, or named none."""
        return not extension or not self.line or extension in self.line

    @property
    def missed(self) -> bool:
        """Ended, incoming, and nobody of the desk talked to the caller."""
        return (self.ended_at is not None and not self.outgoing and self.answered_at is None
                and self.cause not in _TALKED)


@dataclass(frozen=True)
class CallUpdate:
    """A change the desk acts on: `call` as it stands after `stage` happened."""

    stage: CallStage
    call: Call


class CallTracker:
    """Events in, one update per real change out (module docstring). Not thread-safe: feed it from one thread."""

    def __init__(self, max_active: int = 256, max_done: int = 4096) -> None:
        self.max_active = max_active
        self.max_done = max_done
        self._active: OrderedDict[str, Call] = OrderedDict()
        self._done: OrderedDict[str, None] = OrderedDict()
        self.dropped = 0  # open calls pushed out by newer ones (an event storm)
        self.ignored = 0  # repeated or late events

    @property
    def active(self) -> list[Call]:
        return list(self._active.values())

    def feed(self, ev: CallEvent) -> CallUpdate | None:
        if ev.call_id in self._done:
            self.ignored += 1
            return None
        call = self._active.get(ev.call_id)
        if call is None:
            call = Call(ev.call_id, ev.caller, ev.line, ev.at, ev.outgoing, ev.source)
            is_new = True
        else:
            is_new = False
            if not call.caller and ev.caller:  # a later event may name the caller a ring did not
                call = replace(call, caller=ev.caller)
            if not call.line and ev.line:
                call = replace(call, line=ev.line)
        if ev.stage is CallStage.RINGING:
            if not is_new:
                self._active[ev.call_id] = call
                self.ignored += 1
                return None
        elif ev.stage is CallStage.ANSWERED:
            if call.answered_at is not None:
                self._active[ev.call_id] = call
                self.ignored += 1
                return None
            call = replace(call, answered_at=ev.at)
        else:
            cause = ev.cause
            if cause is None or (cause is EndCause.HUNG_UP and call.answered_at is None):
                # no cause, or "normal clearing" (Asterisk says so of a caller who gave up too): decided here
                cause = EndCause.HUNG_UP if call.answered_at is not None else EndCause.CALLER_GAVE_UP
            call = replace(call, ended_at=ev.at, cause=cause)
            self._active.pop(ev.call_id, None)
            self._remember_done(ev.call_id)
            return CallUpdate(CallStage.ENDED, call)
        self._active[ev.call_id] = call
        self._active.move_to_end(ev.call_id)
        while len(self._active) > self.max_active:
            old_id, _ = self._active.popitem(last=False)
            self._remember_done(old_id)  # its end, if it ever comes, is not news any more
            self.dropped += 1
        return CallUpdate(ev.stage, call)

    def _remember_done(self, call_id: str) -> None:
        self._done[call_id] = None
        self._done.move_to_end(call_id)
        while len(self._done) > self.max_done:
            self._done.popitem(last=False)
