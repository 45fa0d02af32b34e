"""Residents' words in a tooltip, shown exactly as typed.

A table cell draws its text plainly, but a tooltip does not: QToolTip shows
text as rich text whenever Qt.mightBeRichText() guesses it is markup, so a
caller who said "<b>停电</b><img src=x>" would get bold text and an image
fetch. Models (and QTableWidgetItem.setToolTip) hand such text through
`tooltip()`, which escapes markup-looking text into a paragraph that reads
back as the same characters; any other text comes back unchanged.
"""
from __future__ import annotations

from PySide6.QtGui import Qt


def tooltip(text: object) -> str | None:
    """`text` as a tooltip that shows it literally (None stays None: no tooltip)."""
    if text is None:
        return None
    s = str(text)
    if not s or not Qt.mightBeRichText(s):
        return s
    return Qt.convertFromPlainText(s)
