"""What the export dialogs' tests share: a worker pool, and the desktop's "open this folder" caught."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QDesktopServices

from console.ui.common.workers import TaskRunner


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def opened(monkeypatch):
    """URLs the dialog asked the desktop to open (no file manager pops up in tests)."""
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url) or True))
    return urls
