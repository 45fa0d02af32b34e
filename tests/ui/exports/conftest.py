"""What the export and import dialogs' tests share: a dialog shown with focus (the runner: tests/ui/conftest.py)."""
from __future__ import annotations

import pytest


@pytest.fixture
def show(qtbot):
    """show(dialog): shown, exposed and active (keys typed at it reach its focus widget)."""
    def shown(dlg):
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        dlg.activateWindow()
        qtbot.waitUntil(dlg.isActiveWindow)
        return dlg
    return shown
