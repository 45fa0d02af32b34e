"""The seat's telephone link, kept in the seat's own QSettings: the link belongs to this PC (its
softphone, its extension), not to the desk, so two seats on one database each name their own.

Keys: phone/link ("" none, "baresip", "cti"), phone/address (baresip's ctrl_tcp HOST:PORT, or the CTI
endpoint's [HOST:]PORT), phone/extension (this seat's line: the card shows calls to it; empty: every
call), phone/cti_token, phone/dial (how baresip dials a call-back: ``{number}``, or a URI such as
``sip:{number}@pbx.example``; console.telephony.dialer).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

NONE, BARESIP, CTI = "", "baresip", "cti"


@dataclass(frozen=True)
class LinkSettings:
    kind: str = NONE
    address: str = ""
    extension: str = ""
    token: str = ""
    dial: str = "{number}"


def load_link(settings: QSettings) -> LinkSettings:
    def get(key: str) -> str:
        v = settings.value(f"phone/{key}", "")
        return str(v or "").strip()

    kind = get("link")
    return LinkSettings(kind if kind in (BARESIP, CTI) else NONE, get("address"), get("extension"), get("cti_token"),
                        get("dial") or "{number}")


def save_link(settings: QSettings, link: LinkSettings) -> None:
    for key, value in (("link", link.kind), ("address", link.address), ("extension", link.extension),
                       ("cti_token", link.token), ("dial", link.dial)):
        settings.setValue(f"phone/{key}", value)
    settings.sync()


class LinkSettingsDialog(QDialog):
    """设置 → 电话链路: which link, where, this seat's extension, the CTI token."""

    def __init__(self, current: LinkSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkSettings")
        self.setWindowTitle(self.tr("电话链路"))
        form = QFormLayout(self)
        self.kind = QComboBox()
        for code, text in ((NONE, self.tr("无（手工登记）")), (BARESIP, self.tr("SIP 分机（baresip ctrl_tcp）")),
                           (CTI, self.tr("PBX 桥接（CTI HTTP 事件）"))):
            self.kind.addItem(text, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current.kind)))
        self.address = QLineEdit(current.address)
        self.address.setPlaceholderText(self.tr("baresip：127.0.0.1:4444；CTI：监听端口，如 8088"))
        self.extension = QLineEdit(current.extension)
        self.extension.setPlaceholderText(self.tr("本席位分机号，如 8001；留空：所有来电"))
        self.token = QLineEdit(current.token)
        self.token.setPlaceholderText(self.tr("至少 8 个字符"))
        form.addRow(self.tr("链路类型(&T)"), self.kind)
        form.addRow(self.tr("地址(&A)"), self.address)
        form.addRow(self.tr("本席位分机(&E)"), self.extension)
        self.dial = QLineEdit(current.dial)
        self.dial.setPlaceholderText(self.tr("回拨时 baresip 拨打的号码：{number}，或 sip:{number}@pbx.example"))
        form.addRow(self.tr("CTI 令牌(&K)"), self.token)
        form.addRow(self.tr("回拨拨号格式(&D)"), self.dial)
        note = QLabel(self.tr("链路只属于这台电脑；断开或未设置时，照常手工登记（F3 未接来电）。"))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> LinkSettings:
        return LinkSettings(str(self.kind.currentData() or NONE), self.address.text().strip(),
                            self.extension.text().strip(), self.token.text().strip(),
                            self.dial.text().strip() or "{number}")
