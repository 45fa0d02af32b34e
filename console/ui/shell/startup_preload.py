"""Loading the database layer on a thread while the login dialog waits for the operator.

The window needs SQLAlchemy, Alembic, the models and the services: about a
second of imports on the desk PCs we measured, plus opening the database.
Done first, that second is spent staring at nothing. Done here, it overlaps
with the seconds the operator spends typing a password: the login dialog
paints almost as soon as Qt is up, and by the time Enter is pressed the
window's modules are loaded and the database is open (console.store.quick_probe
has already told the dialog the desk's name and that accounts exist).

Only imports and the database open happen on the thread; no widget is made
there. Whoever needs the result calls wait(), which keeps the window painted
(not answering clicks) until the thread is done, and re-raises its error, if any.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop

if TYPE_CHECKING:
    from ...services.context import Desk

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    desk: Desk
    desk_name: str
    has_users: bool


class StartupPreload:
    def __init__(self, db_target: str, *, start: bool = True):
        """`start=False`: call start() later, e.g. once the login dialog has painted, so the
        thread's imports do not compete with painting it for the interpreter."""
        self.db_target = db_target
        self._prepared: Prepared | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="startup-preload", daemon=True)
        self.started_at: float | None = None
        self.seconds: float | None = None  # how long the thread took
        if start:
            self.start()

    def start(self) -> None:
        if self._thread.ident is None:
            self.started_at = time.perf_counter()
            self._thread.start()

    def _work(self) -> None:
        db = None
        try:
            from ...services.accounts import has_active_users
            from ...services.context import Desk
            from ...services.desk_settings import desk_name
            from ...services.ticket_list import warm_up
            from ...store.database import Database
            from ...store.migrate import ensure_schema
            from ..due.alert_controller import HORIZON
            from ..new_call import new_call_dialog  # noqa: F401 - F2, and the draft check right after the first paint
            from ..tickets import main_window  # noqa: F401 - the window's modules, and through them the services
            from ..tickets.ticket_table_model import PAGE_SIZE

            db = Database(self.db_target)
            ensure_schema(db)  # at head already on almost every start: a version read
            desk = Desk(db)
            prepared = Prepared(desk, desk_name(desk), has_active_users(desk))
            try:
                warm_up(desk, PAGE_SIZE, HORIZON)
            except Exception:  # noqa: BLE001 - only a head start: the window reads (and explains) itself
                log.warning("warming up the window's reads failed", exc_info=True)
            self._prepared = prepared
            log.info("database layer ready in %.2f s", time.perf_counter() - self.started_at)
        except BaseException as e:  # noqa: BLE001 - handed to whoever waits, with its traceback
            self._error = e
            if db is not None:
                db.dispose()
        finally:
            self.seconds = time.perf_counter() - self.started_at

    def done(self) -> bool:
        """Started and finished (with or without an error): wait() would return at once."""
        return self._thread.ident is not None and not self._thread.is_alive()

    def wait(self) -> Prepared:
        """The prepared desk; the window keeps painting meanwhile. Raises what the thread raised."""
        self.start()
        while self._thread.is_alive():
            self._thread.join(0.02)
            if QCoreApplication.instance() is not None:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        if self._error is not None:
            raise self._error
        assert self._prepared is not None
        return self._prepared

    def dispose(self) -> None:
        """Close the database if one was opened (waits for the thread first)."""
        if self._thread.ident is not None:
            self._thread.join()
        if self._prepared is not None:
            self._prepared.desk.db.dispose()
            self._prepared = None
