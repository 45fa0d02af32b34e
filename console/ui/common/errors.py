"""The one line a failed write or read shows the desk, written once for every room.

A refusal (UserError) or a database condition the operator can act on (locked,
read-only, full, damaged, server gone: console.store.db_errors.classify) becomes
one sentence in the window's language; anything else is a bug, which goes to the
crash handler (logged, reported) instead of being worded as if the user could help.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication

from ...domain.errors import UserError
from ...store.db_errors import classify
from ..shell.i18n import current_lang


def one_line(e: BaseException, display: str = "") -> str | None:
    """The sentence the desk reads for `e`, or None when `e` is not the user's to act on (a bug).

    `display` is the database's path or masked URL (`Desk.db.display`), named in the
    sentence so the operator knows which file or server is meant."""
    known = classify(e, display)
    return None if known is None else known.message(current_lang())


def report_bug(e: BaseException) -> None:
    """Hand an unexpected error to the crash handler (console.ui.shell.crash), with its traceback,
    from a slot that must go on: the window stays open, the log and report get the details."""
    sys.excepthook(type(e), e, e.__traceback__)


def failed_search_text(e: BaseException, display: str = "") -> str:
    """What a list's count line says when its search failed, in every room alike: a refusal's own sentence, a
    database condition the operator can act on (locked, server gone: `one_line`), or — a bug — 查找出错，已记入日志
    after the error went to the crash handler (`report_bug`)."""
    if isinstance(e, UserError):
        return e.message(current_lang())
    known = one_line(e, display)
    if known is not None:
        return known
    report_bug(e)
    return QCoreApplication.translate("SearchFailure", "查找出错，已记入日志")
