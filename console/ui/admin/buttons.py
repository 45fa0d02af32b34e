"""The OK / Cancel row every small 管理 dialog ends with (Enter OK, Esc Cancel)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


def ok_cancel(dialog: QDialog, ok_text: str | None = None) -> tuple[QDialogButtonBox, QPushButton]:
    """The button box wired to accept / reject, and its OK button (default: 确定)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text or QCoreApplication.translate("AdminButtons", "确定"))
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(QCoreApplication.translate("AdminButtons", "取消"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, ok
