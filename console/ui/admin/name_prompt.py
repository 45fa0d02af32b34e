"""One name (rename, add) or several, one per line (add communities pasted from Excel)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from .buttons import ok_cancel


class NamePromptDialog(QDialog):
    """Enter confirms a single line; with `multi`, Ctrl+Enter confirms (Enter starts a new line)."""

    def __init__(self, title: str, prompt: str, parent=None, *, text: str = "", multi: bool = False):
        super().__init__(parent)
        self.setObjectName("namePrompt")
        self.setWindowTitle(title)
        self.multi = multi
        label = QLabel(prompt)
        label.setWordWrap(True)
        if multi:
            self.edit = QPlainTextEdit(text)
            self.edit.setTabChangesFocus(True)
            self.resize(420, 320)
        else:
            self.edit = QLineEdit(text)
            self.edit.selectAll()
            self.resize(380, 120)
        self.edit.setObjectName("promptEdit")
        label.setBuddy(self.edit)
        buttons, ok = ok_cancel(self)
        if multi:
            ok.setShortcut("Ctrl+Return")
            ok.setToolTip("Ctrl+Enter")
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(self.edit)
        lay.addWidget(buttons)
        self.edit.setFocus()

    def text(self) -> str:
        return self.edit.toPlainText() if self.multi else self.edit.text()
