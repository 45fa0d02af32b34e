"""The call's own fields on the New Call form, in the order of the conversation: phone (leaving it shows who
is calling), name, community (``jhsc`` + Enter), building, room, address, category (``td`` + Enter), request
type and urgency (one key each), 保密, what happened.

A widget of fields only: console.ui.new_call.new_call_dialog wires them (look-ups, pickers, the draft, the
save). The choices the pickers offer come from the functions below, read from the desk's lists.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ...domain.enums import RequestType, Urgency
from ...domain.errors import ValidationError
from ...domain.phone import normalise_phone
from ...services.categories import category_choices, community_choices
from ...services.context import Desk
from ...services.tickets import NewCall
from ..shell.i18n import current_lang
from .new_call_choice import plain_label
from .new_call_picker import KeyChoiceCombo
from .pick_list_model import PickEntry

ERROR_STYLE = "color: #c62828; font-weight: bold;"
_LEAVE_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def request_type_items(desk: Desk | None) -> list[tuple[str, str]]:
    """(code, label) of the request types in use, in the desk's order (管理 → 诉求类型);
    without a desk, the six defaults (the form opens even when the database cannot be read)."""
    from ...services.request_types import label_for, list_request_types

    if desk is None:
        return [(t.value, label_for(t.value, {}, current_lang())) for t in RequestType]
    rows = list_request_types(desk, include_retired=False)
    names = {r.code: r.name for r in rows}
    return [(r.code, label_for(r.code, names, current_lang())) for r in rows]


def community_entries(desk: Desk) -> list[PickEntry]:
    return [PickEntry(c.id, c.name, (c.initials,), c.grid) for c in community_choices(desk)]


def category_entries(desk: Desk) -> list[PickEntry]:
    """Categories by path. A child's initials hold its parent's and its own
    (``sdqtd``), so ``td``, ``sdq`` and ``sdqtd`` all find 水电气/停电; its own
    initials are matched too, so ``td`` ranks it as a match from the start."""
    choices = category_choices(desk)
    by_id = {c.id: c for c in choices}
    out = []
    for c in choices:
        parent = by_id.get(c.parent_id) if c.parent_id is not None else None
        own = ""
        if parent is not None and c.initials.startswith(parent.initials):
            own = c.initials[len(parent.initials):]
        out.append(PickEntry(c.id, c.path, tuple(i for i in (c.initials, own) if i)))
    return out


class CallForm(QWidget):
    """Phone, name, address, category, request type, urgency, 保密 and the call's words, laid out in a grid.

    The phone is checked as the operator leaves it (Tab, Enter, or the focus moving away): a wrong number is
    said under it and the cursor stays; a right one is normalised (`phone_norm`) and `phone_checked` tells
    the dialog to look the caller up."""

    phone_checked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone_norm = ""
        form = QGridLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(5)

        def label(text: str, buddy: QWidget) -> QLabel:
            lbl = QLabel(text)
            lbl.setTextFormat(Qt.TextFormat.PlainText)
            lbl.setBuddy(buddy)
            lbl.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return lbl

        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText(self.tr("来电号码，Tab 查看历史"))
        self.phone.setMaxLength(40)
        self.caller_name = QLineEdit()
        self.caller_name.setMaxLength(64)
        form.addWidget(label(self.tr("电话"), self.phone), 0, 0)
        form.addWidget(self.phone, 0, 1, 1, 3)
        form.addWidget(label(self.tr("姓名"), self.caller_name), 0, 4)
        form.addWidget(self.caller_name, 0, 5)
        self.phone_error = plain_label("", style=ERROR_STYLE)
        self.phone_error.setObjectName("phoneError")
        self.phone_error.hide()
        form.addWidget(self.phone_error, 1, 1, 1, 5)

        self.community = QLineEdit()
        self.community.setPlaceholderText(self.tr("社区名或拼音首字母，如 jhsc"))
        self.building = QLineEdit()
        self.building.setMaxLength(32)
        self.room = QLineEdit()
        self.room.setMaxLength(32)
        form.addWidget(label(self.tr("社区"), self.community), 2, 0)
        form.addWidget(self.community, 2, 1)
        form.addWidget(label(self.tr("楼号"), self.building), 2, 2)
        form.addWidget(self.building, 2, 3)
        form.addWidget(label(self.tr("室号"), self.room), 2, 4)
        form.addWidget(self.room, 2, 5)

        self.address = QLineEdit()
        self.address.setMaxLength(255)
        form.addWidget(label(self.tr("地址补充"), self.address), 3, 0)
        form.addWidget(self.address, 3, 1, 1, 5)

        self.category = QLineEdit()
        self.category.setPlaceholderText(self.tr("分类名或拼音首字母，如 td"))
        form.addWidget(label(self.tr("分类"), self.category), 4, 0)
        form.addWidget(self.category, 4, 1, 1, 5)

        # The six defaults until the desk's own list is read (_load_choices; retired types not offered).
        self.request_type = KeyChoiceCombo(request_type_items(None))
        self.request_type.set_code(RequestType.HELP.value)
        self.urgency = KeyChoiceCombo([(m.value, m.label(current_lang())) for m in Urgency])
        self.urgency.set_code(Urgency.NORMAL.value)
        form.addWidget(label(self.tr("诉求类型"), self.request_type), 5, 0)
        form.addWidget(self.request_type, 5, 1)
        form.addWidget(label(self.tr("紧急程度"), self.urgency), 5, 2)
        form.addWidget(self.urgency, 5, 3, 1, 2)
        self.confidential = QCheckBox(self.tr("保密(&K)"))  # name, phone, address in no list or output
        self.confidential.setObjectName("confidential")
        self.confidential.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Alt+K, not one more Tab stop on every call
        self.confidential.setToolTip(self.tr("来电人要求保密（如举报、家庭纠纷）：姓名、电话、地址不出现在任何列表和导出中"))
        form.addWidget(self.confidential, 5, 5)
        form.addWidget(plain_label(
            self.tr("按数字键选择：诉求 1咨询 2求助 3投诉 4举报 5建议 6表扬（或拼音首字母）；紧急 1普通 2紧急 3特急"),
            style="color: #666; font-size: 9pt;"), 6, 1, 1, 5)

        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(self.tr("来电内容（Tab 离开此框）"))
        form.addWidget(label(self.tr("内容"), self.description), 7, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.description, 7, 1, 1, 5)
        form.setRowStretch(7, 1)
        form.setColumnStretch(1, 3)
        form.setColumnStretch(3, 1)
        form.setColumnStretch(5, 2)
        self.phone.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.phone:
            if event.type() == QEvent.Type.KeyPress and event.key() in _LEAVE_KEYS \
                    and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if not self.check_phone():
                    return True  # the message is shown; the cursor stays in the field
            elif event.type() == QEvent.Type.FocusOut:
                self.check_phone()
        return super().eventFilter(obj, event)

    def check_phone(self) -> bool:
        """Normalise the phone field, or say why the number is wrong (False)."""
        text = self.phone.text()
        if not text.strip():
            self._phone_error("")
            self.phone_norm = ""
            self.phone_checked.emit()
            return True
        try:
            norm = normalise_phone(text)
        except ValidationError as e:
            self._phone_error(e.message(current_lang()))
            return False
        self._phone_error("")
        if norm != text:
            self.phone.setText(norm)
        self.phone_norm = norm
        self.phone_checked.emit()
        return True

    def _phone_error(self, message: str) -> None:
        self.phone_error.setText(message)
        self.phone_error.setVisible(bool(message))
        self.phone.setStyleSheet("border: 2px solid #c62828;" if message else "")

    def mark_from_history(self, source: str) -> None:
        """The name and address fields filled from the caller's last ticket `source`: shown apart, to be
        checked with the caller (a ring's caller card fills them; all stay editable)."""
        for w in (self.caller_name, self.community, self.building, self.room, self.address):
            if w.text().strip():
                w.setProperty("fromHistory", True)
                w.setStyleSheet("background: #fff8e1;")
                w.setToolTip(self.tr("取自上次工单 {number}，请向来电人核对").format(number=source))

    def new_call(self, received_at: datetime, community_id: int | None, category_id: int | None) -> NewCall:
        """The fields as the service takes them (the pickers' choices given by the dialog)."""
        return NewCall(
            description=self.description.toPlainText(),
            caller_phone=self.phone_norm or self.phone.text(),
            caller_name=self.caller_name.text(),
            community_id=community_id,
            building=self.building.text(),
            room=self.room.text(),
            address=self.address.text(),
            request_type=self.request_type.code(),
            category_id=category_id,
            urgency=self.urgency.code(),
            received_at=received_at,
            confidential=self.confidential.isChecked(),
        )
