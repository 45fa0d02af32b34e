"""A menu entry's text on a button: "派单(&D)…" → "派单", "&Dispatch…" → "Dispatch".

Windows show the same actions in a menu (with a mnemonic and an ellipsis) and on a
button or tool bar (without them); every room words its buttons through here.
"""
from __future__ import annotations

import re


def button_text(menu_text: str) -> str:
    """A menu text without its mnemonic and ellipsis."""
    return re.sub(r"\s*\(&\w\)", "", menu_text).replace("…", "").replace("&", "").strip()
