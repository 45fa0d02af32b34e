"""Choose one of a list (the community to merge into, a category's new parent, a role)."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout

from .buttons import ok_cancel


class ChoicePromptDialog(QDialog):
    """A combo box that accepts typed text to jump (pinyin initials work through the item text)."""

    def __init__(self, title: str, prompt: str, items: list[tuple[str, Any]], parent=None):
        super().__init__(parent)
        self.setObjectName("choicePrompt")
        self.setWindowTitle(title)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.combo = QComboBox()
        self.combo.setObjectName("choiceCombo")
        for text, data in items:
            self.combo.addItem(text, data)
        label.setBuddy(self.combo)
        buttons, _ok = ok_cancel(self)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(self.combo)
        lay.addWidget(buttons)
        self.resize(380, 130)
        self.combo.setFocus()

    def choice(self) -> Any:
        return self.combo.currentData()
