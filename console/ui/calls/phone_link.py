"""The telephone link inside the window: the same CallLink as `calls listen`, its notices brought to the
GUI thread by a signal; a ring shows the caller card, a missed call refreshes the lists, the link's state
sits in the status bar. A link that is absent, broken or cannot start only says so there: logging by
hand never waits on it.

Several seats (console.services.live_calls): whichever link hears the telephone shares the ring, and
`RingWatch` brings every seat's rings here — the card shows on each seat, with or without a link of
its own. Enter on the card takes the call (a compare-and-set: one seat wins) before New Call opens; a
seat that lost, and every other seat, see "已由 X 接听" on the card, which closes by itself."""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel

from ...domain.calls import Call, CallStage
from ...domain.errors import UserError
from ...services import live_calls
from ...services.calls import CallerCard, caller_card
from ...services.context import Changes
from ...services.live_calls import LiveRow
from ...telephony.link import CallLink, CallNotice, LinkStatus, MissedNotice, Notice, RecordFailed
from ..shell.i18n import current_lang
from .caller_card import CallerCardWindow
from .link_settings import BARESIP, CTI, LinkSettings, LinkSettingsDialog, load_link, save_link
from .ring_watch import RingWatch

if TYPE_CHECKING:  # pragma: no cover
    from ..tickets.main_window import MainWindow

log = logging.getLogger(__name__)

CLAIM_WAIT_MS = 500  # Enter waits at most this for the desk's write lock, then New Call opens all the same


class PhoneLink(QObject):
    notice = Signal(object)  # a console.telephony.link notice, re-emitted on the GUI thread
    card_shown = Signal(str)  # call id: the card was filled for this ring (tests, bench)
    dialled = Signal(object)  # a console.telephony.dialer.DialResult, once recorded (tests)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.link: CallLink | None = None
        self.settings = load_link(window.settings)
        self.card: CallerCardWindow | None = CallerCardWindow()
        self.card.take_call.connect(self.take_call)
        self.label = QLabel()
        self.label.setObjectName("phoneLinkState")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        window.status.addPermanentWidget(self.label)
        self.notice.connect(self._on_notice, Qt.ConnectionType.QueuedConnection)
        self._set_state(None, self.tr("电话链路：未设置"))
        self.rings = RingWatch(window.desk, self)
        self.rings.row_seen.connect(self._on_live_row)
        self.rings.start()

    # -- running ---------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the link the seat's settings name (nothing when none)."""
        self.stop()
        s = self.settings
        if s.kind not in (BARESIP, CTI):
            self._set_state(None, self.tr("电话链路：未设置"))
            return
        try:
            self.link = self._build(s)
            self.link.start()
        except UserError as e:
            self.link = None
            log.warning("telephone link not started: %s", e.en)
            self._set_state(False, self.tr("电话链路：{text}").format(text=e.message(current_lang())))
            return
        if s.kind == CTI:
            self._set_state(True, self.tr("电话链路：CTI 正在监听"))
        else:
            self._set_state(False, self.tr("电话链路：正在连接 baresip…"))

    def _build(self, s: LinkSettings) -> CallLink:
        from ...telephony.baresip import BaresipLink, parse_address
        from ...telephony.cti_http import CtiHttpEndpoint, parse_listen

        link = CallLink(self.window.desk, seat=self.seat_label(), extension=s.extension)
        link.add_listener(self.notice.emit)  # from the link's thread; queued to this one
        if s.kind == BARESIP:
            host, port = parse_address(s.address or "127.0.0.1:4444")
            link.add(BaresipLink(host, port, link.submit, link.state_hook("baresip"), now=self.window.desk.now))
        else:
            host, port = parse_listen(s.address or "8088")
            link.add(CtiHttpEndpoint(host, port, s.token, link.submit, now=self.window.desk.now))
        return link

    def stop(self) -> None:
        if self.link is not None:
            self.link.stop()
            self.link = None

    def pause(self) -> None:
        """Before a restore replaces the database: no more reads of it from here."""
        self.rings.stop()

    def resume(self) -> None:
        self.rings.start()

    def close(self) -> None:
        """When the window closes (more than once is fine): the link stopped, the card gone."""
        self.stop()
        self.rings.stop()
        if self.card is not None:
            self.card.close()
            self.card.deleteLater()
            self.card = None

    # -- calling back ----------------------------------------------------------------------------------
    def _baresip(self) -> Any:
        from ...telephony.baresip import BaresipLink

        if self.link is None:
            return None
        return next((a for a in self.link.adapters if isinstance(a, BaresipLink)), None)

    def can_dial(self) -> bool:
        """A SIP link (baresip) is set for this seat and connected: a call-back dials through it."""
        b = self._baresip()
        return b is not None and b.up

    def dial_back(self, missed_call_id: int, phone: str) -> bool:
        """Call a missed call back through baresip, on a worker; the outcome is recorded on its deadline
        and said in the status bar. False (nothing done) when this seat has no SIP link up: the caller
        then records the call-back by hand, as before."""
        from ...domain.phone import mask_phone
        from ...telephony.dialer import call_back

        b = self._baresip()
        if b is None or not b.up or self.link is None:
            return False
        w = self.window
        w.status.showMessage(self.tr("正在回拨 {phone}…").format(phone=mask_phone(phone)), 60_000)
        w.runner.submit(call_back, w.desk, w.actor, self.link, b, missed_call_id, phone,
                        template=self.settings.dial, on_result=lambda r: self._dialled(r, phone),
                        on_error=w.write_failed)
        return True

    def _dialled(self, result: Any, phone: str) -> None:
        from ...domain.calls import DialOutcome
        from ...domain.phone import mask_phone

        outcome, changes = result
        self.window.apply_changes(changes)
        text = outcome.outcome.label(current_lang())
        if outcome.outcome is DialOutcome.REACHED:
            msg = self.tr("回拨 {phone}：{outcome}，已记录回拨。")
        else:
            msg = self.tr("回拨 {phone}：{outcome}；稍后到期提醒会再提示回拨。")
        self.window.status.showMessage(msg.format(phone=mask_phone(phone), outcome=text), 15_000)
        self.dialled.emit(outcome)

    def edit_settings(self) -> LinkSettingsDialog:
        dlg = LinkSettingsDialog(self.settings, self.window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda d=dlg: self.apply_settings(d.value()))
        dlg.open()
        return dlg

    def apply_settings(self, s: LinkSettings) -> None:
        self.settings = s
        save_link(self.window.settings, s)
        self.start()

    # -- what the link says ---------------------------------------------------------------------------------
    def _set_state(self, up: bool | None, text: str) -> None:
        self.label.setText(text)
        colour = {True: "#2e7d32", False: "#c62828", None: "#666"}[up]
        self.label.setStyleSheet(f"color: {colour};")

    def _on_notice(self, n: Notice) -> None:
        if isinstance(n, LinkStatus):
            if n.up:
                self._set_state(True, self.tr("电话链路：已连接（{source}）").format(source=n.source))
            else:
                self._set_state(False, self.tr("电话链路：已断开，正在重试（{text}）").format(text=n.text))
        elif isinstance(n, CallNotice):
            call = n.update.call
            if n.update.stage is CallStage.RINGING:
                if not call.outgoing and self._for_this_seat(call):
                    self.ring(call)
            elif self.card is not None:
                self.card.set_stage(call)
        elif isinstance(n, MissedNotice):
            if n.result.missed_call_id is not None:
                self.window.apply_changes(Changes(missed_calls=True, deadlines=True))
                self.window.status.showMessage(self.tr("未接来电已自动登记：{phone}").format(phone=n.call.caller), 8000)
        elif isinstance(n, RecordFailed):
            self.window.status.showMessage(self.tr("未接来电未能自动登记：{text}").format(text=n.text), 15000)

    def _for_this_seat(self, call: Call) -> bool:
        return call.rings_at(self.settings.extension)

    def seat_label(self) -> str:
        """How the other seats name this one when it takes a call: the operator, and the extension."""
        name = self.window.actor.display_name
        ext = self.settings.extension
        return f"{name}（{ext}）" if ext else name

    def _on_live_row(self, row: LiveRow) -> None:
        """A ring some link shared (maybe this seat's own), or news of the card's call: taken, ended."""
        card = self.card
        if card is None:
            return
        mine = card.row_id == row.id or card.shows(row.call_id, row.caller)
        if mine:
            card.row_id = row.id
            if row.taken_by and row.taken_by != self.seat_label():
                card.show_taken(row.taken_by)
            elif card.call is not None:  # answered (here: this seat's softphone) or ended, as the desk heard it
                c, shared = card.call, live_calls.as_call(row)
                now = replace(c, answered_at=c.answered_at or shared.answered_at,
                              ended_at=c.ended_at or shared.ended_at, cause=c.cause or shared.cause)
                if now != c:
                    card.set_stage(now)
            self.rings.watched = (row.id,)
            return
        if not live_calls.worth_showing(row, self.window.desk.now()):
            return  # over (or long past) before this seat heard of it
        call = live_calls.as_call(row)
        if not self._for_this_seat(call):
            return
        self.ring(call)
        card.row_id = row.id
        self.rings.watched = (row.id,)

    def ring(self, call: Call) -> None:
        """Show the card for `call` (a real ring, or 帮助 → 模拟来电)."""
        if self.card is None:
            return
        try:
            card = caller_card(self.window.desk, call.caller)
        except Exception:  # noqa: BLE001 - the card without history beats no card
            log.warning("caller card: history not read", exc_info=True)
            card = CallerCard(call.caller)
        self.card.show_call(call, card)
        self.card_shown.emit(call.call_id)

    def simulate_ring(self) -> None:
        """帮助 → 模拟来电: the card for the desk's latest caller, as a real ring would show it."""
        from ...services.calls import latest_caller

        desk = self.window.desk
        phone = latest_caller(desk) or "13800138000"
        now = desk.now()
        self.ring(Call(f"simulated-{now.timestamp():.0f}", phone, self.settings.extension, now, source="simulated"))

    def take_call(self, call: Call, card: Any) -> None:
        """Enter on the card: New Call with the number, and what the last ticket said, filled in; received at
        the time the call was answered (now, if it has not been yet)."""
        if call.source != "simulated" and not self._claim(call):
            return
        answered = call.answered_at or self.window.desk.now()
        prefill: dict[str, Any] = {"phone": call.caller, "received_at": answered.isoformat()}
        source = ""
        if isinstance(card, CallerCard) and card.from_ticket:
            prefill.update(card.prefill())
            source = card.from_ticket
        self.window.new_calls.open(prefill=prefill, prefill_from=source)

    def _claim(self, call: Call) -> bool:
        """Take the call for this seat; False (the card says who has it) when another seat was first.
        A desk that cannot be written now does not stop New Call: the call is the operator's anyway."""
        desk = self.window.desk
        if self.link is not None:
            self.link.seat = self.seat_label()  # the operator may have changed (switch user)
        try:
            with desk.db.waiting_at_most(CLAIM_WAIT_MS):
                got = live_calls.claim(desk, call.call_id, call.caller, self.seat_label(), desk.now(),
                                       self.window.actor)
        except Exception as e:  # noqa: BLE001 - locked, away: log by hand as ever
            log.warning("caller card: the call could not be taken on the desk: %s", e)
            return True
        if got.won:
            return True
        card = self.card
        if card is not None:
            row_id = card.row_id
            card.show_call(call, card.card or CallerCard(call.caller))
            card.row_id = row_id
            card.show_taken(got.taken_by)
        return False
