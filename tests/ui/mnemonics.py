"""The Alt+letter keys a window offers at once, to check that each means one thing.

Two mnemonics on one letter (a menu title and a field's label) make Qt treat Alt+letter as ambiguous: the
first press goes to one of them, not the one the operator meant — the menu a Windows user opens with Alt+F
never opened. Counted: the menu bar's titles, and the visible buttons, group boxes and labels with a buddy."""
from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QWidget


def _letter(text: str) -> str | None:
    m = re.search(r"&([^&])", text.replace("&&", ""))
    return m.group(1).upper() if m else None


def clashing_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Letter → the texts that claim it, for every letter claimed more than once."""
    found: dict[str, list[str]] = defaultdict(list)
    texts = [a.text() for bar in window.findChildren(QMenuBar) for a in bar.actions()]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisibleTo(window)]
    texts += [g.title() for g in window.findChildren(QGroupBox) if g.isVisibleTo(window)]
    texts += [lab.text() for lab in window.findChildren(QLabel) if lab.isVisibleTo(window) and lab.buddy()]
    for t in texts:
        if (k := _letter(t)) is not None:
            found[k].append(t)
    return {k: v for k, v in found.items() if len(v) > 1}
