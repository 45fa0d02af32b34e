"""Starting the window: Qt application, language, font, crash handling, login.

`run_gui` is what `hotline-console [--db …] [--lang …] [--demo]` calls.
Two environment variables exist for smoke tests and screenshots:
HOTLINE_AUTOLOGIN="user:password" skips the login dialog, and
HOTLINE_QUIT_AFTER_MS=N closes the window after N milliseconds.
HOTLINE_STARTUP_MARKER=1 prints HOTLINE_WINDOW_SHOWN once the window is painted (start-up bench).
"""
from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from .. import paths

log = logging.getLogger(__name__)

ORG_NAME = "hotline"
APP_NAME = "hotline-console"



def _app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1] or [APP_NAME])
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    settings = paths.settings_dir()  # portable mode: settings beside the database, not in the home folder
    if settings is not None:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    app.setQuitOnLastWindowClosed(True)  # no tray yet: closing the window ends the program
    return app


def apply_look(app: QApplication, look=None) -> None:
    """Window icon, and the operator's theme and font size (console.ui.theme; saved look by default)."""
    from .theme import apply_look as apply_theme, load_look

    res = paths.resources_dir()
    icon = res / "icons" / "hotline.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    try:
        apply_theme(app, look if look is not None else load_look(QSettings()))
    except Exception:  # noqa: BLE001 - a broken look must not stop the desk
        log.warning("cannot apply the saved theme", exc_info=True)


def _lang_on_command_line() -> bool:
    return any(a == "--lang" or a.startswith("--lang=") for a in sys.argv[1:])


def _autologin(desk):
    spec = os.environ.get("HOTLINE_AUTOLOGIN", "")
    if ":" not in spec:
        return None
    from ..services.accounts import authenticate

    user, password = spec.split(":", 1)
    return authenticate(desk, user, password)


def _has_users(desk) -> bool:
    from sqlalchemy import func, select

    from ..store.models import User

    with desk.db.read() as s:
        return bool(s.scalar(select(func.count()).select_from(User).where(User.active.is_(True))))


def run_gui(db_target: str, lang: str = "zh_CN", demo: bool = False) -> int:
    """Open the console window on a database; returns the process exit code."""
    from ..domain.errors import UserError
    from .crash import install_excepthook, install_qt_message_handler, setup_logging
    from .i18n import apply_cjk_font, current_lang, install_translators

    log_file = setup_logging()
    app = _app()
    install_qt_message_handler()
    # Unattended runs (smoke tests, screenshots) must not wait on a dialog nobody clicks.
    unattended = os.environ.get("HOTLINE_QUIT_AFTER_MS", "").isdigit()
    crash = install_excepthook(show=(lambda _text: None) if unattended else None)
    from .theme import load_look, window_lang
    look = load_look(QSettings())
    install_translators(app, window_lang(lang, _lang_on_command_line(), look))
    apply_cjk_font(app)
    apply_look(app, look)
    log.info("starting window (lang=%s, demo=%s, log=%s)", current_lang(), demo, log_file)
    try:
        return _run(app, db_target, demo, log_file, unattended)
    except Exception:  # noqa: BLE001 - logged with its traceback; the operator sees a sentence
        crash(*sys.exc_info())
        return 1


def _tell(unattended: bool, title: str, text: str) -> None:
    """A message before the window exists: logged always, shown when someone is there to read it."""
    log.warning("%s: %s", title, text)
    if not unattended:
        QMessageBox.warning(None, title, text)


def _run(app: QApplication, db_target: str, demo: bool, log_file, unattended: bool) -> int:
    from ..domain.errors import UserError
    from ..services.context import Desk, get_setting
    from ..store.database import Database, masked_url
    from ..store.migrate import ensure_schema
    from .i18n import current_lang

    db = None
    try:
        try:
            db = Database(db_target)
            ensure_schema(db)
        except UserError as e:
            _tell(unattended, QCoreApplication.translate("Launch", "无法打开数据库"), e.message(current_lang()))
            return 1
        except Exception:  # noqa: BLE001 - the operator gets a sentence, the log the traceback
            log.exception("cannot open database %s", masked_url(db_target))
            text = QCoreApplication.translate("Launch", "无法打开数据库：{db}\n详细情况已记入日志：{log}")
            _tell(unattended, QCoreApplication.translate("Launch", "无法打开数据库"),
                  text.format(db=masked_url(db_target), log=str(log_file)))
            return 1
        desk = Desk(db)
        if not _has_users(desk):
            text = QCoreApplication.translate(
                "Launch", "这个数据库还没有任何账号，无法登录。\n请先在命令行添加一个管理员：\n"
                "hotline-console user add 用户名 --role admin")
            _tell(unattended, QCoreApplication.translate("Launch", "还没有账号"), text)
            return 1
        with db.read() as s:
            desk_name = get_setting(s, "desk_name", "")

        try:
            actor = _autologin(desk)
        except UserError as e:
            log.warning("HOTLINE_AUTOLOGIN refused: %s", e)
            actor = None
        if actor is None:
            if unattended:
                log.error("unattended start without a working HOTLINE_AUTOLOGIN")
                return 1
            from .login_dialog import LoginDialog

            dlg = LoginDialog(desk, demo=demo, desk_name=desk_name)
            if dlg.exec() != QDialog.DialogCode.Accepted or dlg.actor is None:
                return 0
            actor = dlg.actor
        log.info("logged in: %s (%s)", actor.username, actor.role)

        from .main_window import MainWindow

        window = MainWindow(desk, actor, demo=demo)
        window.show()
        if os.environ.get("HOTLINE_STARTUP_MARKER"):  # bench/bench_frozen_startup.py: after the first paint
            QTimer.singleShot(0, lambda: print("HOTLINE_WINDOW_SHOWN", flush=True))
        if unattended:
            QTimer.singleShot(int(os.environ["HOTLINE_QUIT_AFTER_MS"]), window.close)
        else:
            QTimer.singleShot(0, window.offer_draft)
        rc = app.exec()
        if not window.closed_cleanly:
            log.warning("window closed with background work still running")
        return rc
    finally:
        if db is not None:
            db.dispose()
        log.info("window stopped")
