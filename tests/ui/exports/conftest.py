"""What the export and import dialogs' tests share: a dialog shown with focus, and the desktop's "open this
folder" caught (the worker runner: tests/ui/conftest.py)."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QDesktopServices


@pytest.fixture
def show(qtbot):
    """show(dialog): shown, exposed and active (keys typed at it reach its focus widget)."""
    from helpers import show_dialog

    return lambda dlg: show_dialog(qtbot, dlg)


@pytest.fixture
def opened(monkeypatch):
    """URLs the dialog asked the desktop to open (no file manager pops up in tests)."""
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url) or True))
    return urls
