"""The crash handler: the traceback to the log, a short message once per distinct error."""
from __future__ import annotations

import logging

from console.ui.shell.crash import CrashHandler, log_path


def _raise(n):
    try:
        if n == 1:
            raise ValueError("boom")
        raise KeyError("other")
    except Exception as e:  # noqa: BLE001
        return type(e), e, e.__traceback__


def test_logged_with_traceback_and_shown_once_per_distinct_error(qtbot, caplog):
    shown = []
    h = CrashHandler(show=shown.append)
    with caplog.at_level(logging.ERROR, logger="console.crash"):
        h(*_raise(1))
        h(*_raise(1))  # the same error again (same place): logged, not shown again
        h(*_raise(2))
    assert h.count == 3
    assert len([r for r in caplog.records if r.name == "console.crash"]) == 3
    assert caplog.records[0].exc_info[0] is ValueError
    assert len(shown) == 2
    for text in shown:
        assert str(log_path()) in text
        assert "Traceback" not in text and "boom" not in text and "ValueError" not in text
