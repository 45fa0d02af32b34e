"""The caller card: who is ringing, shown within a second of the ring, even over a minimised window.

A top-level tool window of its own (no parent: a minimised main window does
not take it down), raised on every ring, never modal: the operator can keep
typing elsewhere. Enter (or F2) takes the call: New Call opens with the number
and, for a known caller, the name and address of the last ticket filled in;
Esc puts the card away. On a desk of several seats, the card of a call another seat took says who
("已由 X 接听") and closes by itself after TAKEN_CLOSE_MS.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QDialog, QFrame, QListWidget, QVBoxLayout, QWidget

from ...domain.calls import Call, CallStage
from ...services.calls import CallerCard
from ..new_call.new_call_choice import plain_label
from ..shell.i18n import current_lang

TAKEN_CLOSE_MS = 4000  # the card of a call another seat took stays this long, then closes


class CallerCardWindow(QDialog):
    take_call = Signal(object, object)  # (Call, CallerCard): Enter — New Call, filled in
    painted = Signal(str)  # the call id, the first time the card is painted for it (bench)
    close_ms = TAKEN_CLOSE_MS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("callerCard")
        self.setWindowTitle(self.tr("来电"))
        self.setModal(False)
        self.call: Call | None = None
        self.card: CallerCard | None = None
        self.row_id: int | None = None  # the desk's live_calls row of this call (several seats)
        self.taken_by = ""  # another seat took it: the card says so and closes
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.timeout.connect(self.hide)
        self._painted_for = ""
        lay = QVBoxLayout(self)
        self.state = plain_label(style="color: #555;")
        self.state.setObjectName("cardState")
        self.phone = plain_label(style="font-size: 20pt; font-weight: bold;")
        self.phone.setObjectName("cardPhone")
        self.name = plain_label(style="font-size: 14pt;")
        self.name.setObjectName("cardName")
        self.place = plain_label()
        self.place.setObjectName("cardPlace")
        self.special = plain_label(style="background: #fff3cd; border: 2px solid #d9822b; border-radius: 4px;"
                                    " padding: 4px; color: #8a4b00; font-weight: bold;")
        self.special.setObjectName("cardSpecial")
        self.repeat = plain_label(style="background: #c62828; color: white; font-weight: bold; padding: 3px 8px;"
                                   " border-radius: 3px;")
        self.repeat.setObjectName("cardRepeat")
        self.open_title = plain_label(self.tr("未办结工单"), style="font-weight: bold;")
        self.open_list = QListWidget()
        self.open_list.setObjectName("cardOpenTickets")
        self.open_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.open_list.setMaximumHeight(110)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.hint = plain_label(self.tr("Enter：登记新来电（号码已填）　Esc：收起"), style="color: #555;")
        for w in (self.state, self.phone, self.name, self.place, self.special, self.repeat, self.open_title,
                  self.open_list, line, self.hint):
            lay.addWidget(w)
        self.resize(380, 360)

    def show_call(self, call: Call, card: CallerCard) -> None:
        """Fill the card for `call` and bring it to the front."""
        self.call, self.card = call, card
        self.row_id, self.taken_by = None, ""
        self._close_timer.stop()
        self.state.setStyleSheet("color: #555;")
        self.hint.setText(self.tr("Enter：登记新来电（号码已填）　Esc：收起"))
        lang = current_lang()
        self.phone.setText(card.phone or self.tr("未显示号码"))
        self.name.setText(card.name or (self.tr("未知来电人") if not card.known else self.tr("（未留姓名）")))
        place = " ".join(p for p in (card.community, card.building, card.room, card.address) if p)
        self.place.setText(self.tr("上次地址：{place}").format(place=place) if place else "")
        self.place.setVisible(bool(place))
        if card.special:
            self.special.setText("⚠ " + "；".join(
                f"{p.name} {p.group}" + (f"（{p.needs}）" if p.needs else "") for p in card.special))
        self.special.setVisible(bool(card.special))
        self.repeat.setText(self.tr("重复来电：{days} 天内第 {n} 次").format(days=card.days, n=card.recent_count + 1))
        self.repeat.setVisible(card.repeat)
        self.open_list.clear()
        for t in card.open_tickets:
            self.open_list.addItem(f"{t.number}  {t.status.label(lang)}  {t.category}")
        self.open_title.setVisible(bool(card.open_tickets))
        self.open_list.setVisible(bool(card.open_tickets))
        self.set_stage(call)
        self.show()
        self.update()  # a card already up paints again for the new call (the `painted` signal)
        self.raise_()
        self.activateWindow()

    def shows(self, call_id: str, caller: str) -> bool:
        """This card is up for that call (its id, or another leg of it: the same number still ringing)."""
        c = self.call
        if c is None or not self.isVisible():
            return False
        return c.call_id == call_id or (bool(caller) and c.caller == caller and c.ended_at is None)

    def show_taken(self, who: str) -> None:
        """Another seat took this call: say who, and close after close_ms."""
        self.taken_by = who
        self.state.setText(self.tr("已由 {who} 接听").format(who=who))
        self.state.setStyleSheet("color: #2e7d32; font-weight: bold;")
        self.hint.setText(self.tr("这个电话已由其他席位接听，本卡片将自动关闭。"))
        if self.isVisible():
            self._close_timer.start(max(0, self.close_ms))

    def set_stage(self, call: Call) -> None:
        if self.call is None or call.call_id != self.call.call_id or self.taken_by:
            return
        self.call = call
        lang = current_lang()
        text = call.stage.label(lang)
        if call.stage is CallStage.ENDED and call.cause is not None:
            text += " — " + call.cause.label(lang)
        if call.line:
            text += "　" + self.tr("线路 {line}").format(line=call.line)
        self.state.setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and self.call is not None \
                and not self.taken_by:
            self.take_call.emit(self.call, self.card)
            self.hide()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self.call is not None and self._painted_for != self.call.call_id:
            self._painted_for = self.call.call_id
            self.painted.emit(self.call.call_id)
