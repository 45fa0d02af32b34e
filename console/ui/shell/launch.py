"""Starting the window: Qt application, language, font, crash handling, login.

`run_gui` is what `hotline-console [--db …] [--lang …] [--demo]` calls.
Two environment variables exist for smoke tests and screenshots:
HOTLINE_AUTOLOGIN="user:password" skips the login dialog, and
HOTLINE_QUIT_AFTER_MS=N closes the window after N milliseconds.
HOTLINE_STARTUP_MARKER=1 prints HOTLINE_LOGIN_SHOWN when the login dialog has
painted and HOTLINE_WINDOW_SHOWN when the ticket table has (start-up bench).

Start-up order, chosen so the operator waits as little as possible: Qt and
the login dialog first (console.store.quick_probe reads the desk's name with
the standard library), the database layer on a thread meanwhile
(console.ui.shell.startup_preload), then, while the password is typed, the password
check (console.ui.login.password_check_ahead) and the window for the name in the
dialog, hidden (console.ui.shell.window_ahead); shown when the password is accepted.
A database without any active account (a new desk) gets the set-up assistant
(console.ui.setup) instead of the login dialog; it ends with the new
administrator logged in, and the window starts as after any login.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ... import paths

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
    """Window icon, and the operator's theme and font size (console.ui.shell.theme; saved look by default)."""
    from .theme import apply_look as apply_theme
    from .theme import load_look

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


def counted(check, preload):
    """The login dialog's submit: the (perhaps already prepared) answer of `check`, and the attempt counted
    towards the name's throttle (services.accounts.record_login / logged_in) — only a submitted one, never the checks
    made while typing."""
    def submit(user: str, password: str):
        from ...domain.errors import UserError
        from ...services.accounts import logged_in, record_login

        try:
            actor = check(user, password)
        except UserError:
            try:
                record_login(preload.wait().desk, user, ok=False)
            except Exception:  # noqa: BLE001 - the desk could not even be opened: the dialog says why
                pass
            raise
        logged_in(preload.wait().desk, actor, password)
        return actor

    return submit


def _autologin(desk):
    spec = os.environ.get("HOTLINE_AUTOLOGIN", "")
    if ":" not in spec:
        return None
    from ...services.accounts import authenticate

    user, password = spec.split(":", 1)
    return authenticate(desk, user, password)


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback):
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
        return False


def after_first_paint(widget: QWidget, callback) -> None:
    """Call `callback` from the event loop once `widget` has been painted the first time.

    A zero timer queued right after show() fires before the first paint on some
    platforms; the paint event itself is the honest moment."""
    _FirstPaint(widget, callback)


def _mark_first_paint(widget: QWidget, marker: str) -> None:
    """Start-up bench (HOTLINE_STARTUP_MARKER): print `marker` once `widget` has painted."""
    if os.environ.get("HOTLINE_STARTUP_MARKER"):
        after_first_paint(widget, lambda: print(marker, flush=True))


def run_gui(db_target: str, lang: str = "zh_CN", demo: bool = False, probe=None) -> int:
    """Open the console window on a database; returns the process exit code.

    `probe`: console.store.quick_probe's answer for a SQLite file when the caller
    already has it (console.app); looked up here otherwise."""
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
        return _run(app, db_target, demo, log_file, unattended, probe)
    except Exception:  # noqa: BLE001 - logged with its traceback; the operator sees a sentence
        crash(*sys.exc_info())
        return 1


def _tell(unattended: bool, title: str, text: str) -> None:
    """A message before the window exists: logged always, shown when someone is there to read it."""
    log.warning("%s: %s", title, text)
    if not unattended:
        QMessageBox.warning(None, title, text)


def _open_failed(e: BaseException, db_target: str, log_file) -> tuple[str, str]:
    """Title and sentence for a database that could not be opened (the traceback goes to the log)."""
    from ...domain.errors import UserError
    from .i18n import current_lang

    title = QCoreApplication.translate("Launch", "无法打开数据库")
    if isinstance(e, UserError):
        return title, e.message(current_lang())
    from ...store.database import masked_url

    log.error("cannot open database %s", masked_url(db_target), exc_info=e)
    text = QCoreApplication.translate("Launch", "无法打开数据库：{db}\n详细情况已记入日志：{log}")
    return title, text.format(db=masked_url(db_target), log=str(log_file))


def _run(app: QApplication, db_target: str, demo: bool, log_file, unattended: bool, probe) -> int:
    from .single_instance import SingleInstance

    guard = SingleInstance(db_target)
    if not guard.acquire(listen=False):  # knocks are heard once the first window has painted
        _already_open(guard, unattended)
        return 0
    guard.raise_requested.connect(_bring_forward)
    try:
        return _run_guarded(app, db_target, demo, log_file, unattended, probe, guard.listen)
    finally:
        guard.release()


def _already_open(guard, unattended: bool) -> None:
    """A second start on the same desk: the running window comes forward, this one leaves."""
    knocked = guard.knock()
    pid = guard.holder_pid()
    log.info("the desk is already open in process %s; %s", pid, "asked it to come forward" if knocked else
             "could not ask it to come forward")
    title = QCoreApplication.translate("Launch", "值班台已经打开")
    text = QCoreApplication.translate(
        "Launch", "这个数据库的值班台已经在这台电脑上打开（进程 {pid}），已请那个窗口来到最前面。\n"
        "同一个数据库只开一个窗口：提醒不会响两遍，新来电的草稿也不会互相覆盖。").format(pid=pid or "?")
    if unattended:
        log.warning("%s: %s", title, text)
    else:
        QMessageBox.information(None, title, text)


def _bring_forward() -> None:
    """Another start knocked (console.ui.shell.single_instance): show the window the operator is looking for."""
    log.info("a second start asked this window to come forward")
    for w in QApplication.topLevelWidgets():
        if w.isVisible() and w.isWindow():
            if w.isMinimized():
                w.showNormal()
            w.raise_()
            w.activateWindow()
            QApplication.alert(w)


def _run_guarded(app: QApplication, db_target: str, demo: bool, log_file, unattended: bool, probe,
                 listen=lambda: None) -> int:
    """`listen()`: start hearing a second start's knock (SingleInstance.listen), called once
    the first window, the login dialog or the operator's window, has painted."""
    from ...domain.errors import UserError
    from ...store.quick_probe import probe_sqlite
    from .startup_preload import StartupPreload

    if probe is None and "://" not in db_target:
        probe = probe_sqlite(Path(db_target).expanduser().absolute())
    autologin = ":" in os.environ.get("HOTLINE_AUTOLOGIN", "")
    quick = probe is not None and probe.ready and not autologin
    preload = StartupPreload(db_target, start=not quick)  # quick: started once the login dialog is painted
    try:
        if quick:
            desk_name, has_users = probe.desk_name, True  # the login dialog need not wait for the thread
        else:
            try:
                prepared = preload.wait()
            except Exception as e:  # noqa: BLE001 - the operator gets a sentence, the log the traceback
                _tell(unattended, *_open_failed(e, db_target, log_file))
                return 1
            desk_name, has_users = prepared.desk_name, prepared.has_users
        actor, window = None, None
        if not has_users:  # a new desk: the set-up assistant ends with its first administrator logged in
            actor = _set_up(preload.wait().desk, unattended, listen)
            if actor is None and (unattended or not _has_users_now(preload.wait().desk)):
                return 1 if unattended else 0
            # left because another seat set the desk up meanwhile: the login dialog, as on any start
        elif autologin:
            try:
                actor = _autologin(preload.wait().desk)
            except UserError as e:
                log.warning("HOTLINE_AUTOLOGIN refused: %s", e)
        if actor is None:
            if unattended:
                log.error("unattended start without a working HOTLINE_AUTOLOGIN")
                return 1
            actor, window = _log_in(preload, db_target, log_file, demo, desk_name, listen)
            if actor is None:
                return 0
        log.info("logged in: %s (%s); the database layer took %.2f s to prepare%s",
                 actor.username, actor.role, preload.seconds or -1,
                 "; the window was built ahead" if window is not None else "")
        if window is None:
            window = _build_window(preload.wait().desk, actor, demo)
        _mark_first_paint(window.table.viewport(), "HOTLINE_WINDOW_SHOWN")

        def after_the_list_painted() -> None:
            listen()  # already listening if the login dialog was shown
            window.finish_start()  # filter lists, due alerts
            if unattended:
                _close_later(window, int(os.environ["HOTLINE_QUIT_AFTER_MS"]))
            else:
                window.offer_draft()  # a call a crash left half-typed: asked about over the painted window

        after_first_paint(window.table.viewport(), after_the_list_painted)
        window.show()
        rc = app.exec()
        if not window.closed_cleanly:
            log.warning("window closed with background work still running")
        return rc
    finally:
        preload.dispose()
        log.info("window stopped")


def _close_later(window: QWidget, after_ms: int) -> None:
    """Unattended runs (HOTLINE_QUIT_AFTER_MS): close the window `after_ms` after its list painted.

    Counted from the first paint, not from show(), so the window is up for the whole time asked
    however long the paint took; the log says when the timer fired, for the smoke test to read."""
    def close() -> None:
        log.info("unattended run: closing the window after %d ms, as asked", after_ms)
        window.close()

    QTimer.singleShot(after_ms, close)


def _set_up(desk, unattended: bool, listen=lambda: None):
    """A database without any active account (a new desk, or one made by `init` without --demo):
    the set-up assistant (console.ui.setup) instead of a login nobody could pass. Returns the
    administrator it created, or None when it was left before saving."""
    if unattended:
        log.error("a desk without accounts needs the set-up assistant; an unattended start cannot fill it in")
        return None
    from ..setup import SetupAssistant

    dlg = SetupAssistant(desk)
    after_first_paint(dlg, listen)
    _mark_first_paint(dlg, "HOTLINE_SETUP_SHOWN")
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.actor is None:
        log.info("set-up assistant left before saving; nothing written")
        return None
    log.info("set-up assistant finished by %s", dlg.actor.username)
    return dlg.actor


def _has_users_now(desk) -> bool:
    from ...services.accounts import has_active_users

    return has_active_users(desk)


def _build_window(desk, actor, demo: bool):
    """The operator's window, not yet shown; its filter lists and alerts start after its first paint."""
    from ..tickets.main_window import MainWindow

    return MainWindow(desk, actor, demo=demo, quick_start=True)


def _log_in(preload, db_target: str, log_file, demo: bool, desk_name: str, listen=lambda: None):
    """The login dialog; (actor, window built ahead or None), or (None, None) when cancelled.

    While the operator types, the database layer loads (preload), the password is
    checked as typed (PasswordCheckAhead) and the window is built, hidden, for the
    name in the dialog (WindowAhead): after Enter there is little left to wait for."""
    from ..login.login_dialog import LoginDialog
    from ..login.password_check_ahead import PasswordCheckAhead
    from .window_ahead import WindowAhead

    ahead = PasswordCheckAhead(login_check(preload, db_target, log_file), ready=preload.done)
    dlg = LoginDialog(counted(ahead.check, preload), demo=demo, desk_name=desk_name, on_typed=ahead.typed)
    window_ahead = WindowAhead(preload, dlg.user_name, lambda desk, a: _build_window(desk, a, demo), dlg)

    def dialog_painted() -> None:
        preload.start()
        window_ahead.start()
        listen()

    after_first_paint(dlg, dialog_painted)
    _mark_first_paint(dlg, "HOTLINE_LOGIN_SHOWN")
    try:
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.actor is None:
            window_ahead.discard()
            return None, None
        if ahead.answered_ahead:
            log.info("the password was checked while it was typed")
        return dlg.actor, window_ahead.take(dlg.actor)
    finally:
        ahead.close()


def login_check(preload, db_target: str, log_file):
    """The login dialog's password check: waits for the database layer, then asks the accounts service.

    A database that could not be opened becomes a sentence in the dialog (a
    UserError), never a crash report; the traceback is in the log."""
    from ...domain.errors import UserError

    def check(user: str, password: str):
        try:
            desk = preload.wait().desk
        except UserError:
            raise
        except Exception as e:  # noqa: BLE001 - shown in the dialog as a sentence
            text = _open_failed(e, db_target, log_file)[1]  # already in the window's language
            raise UserError(text, text) from None
        from ...services.accounts import check_login

        return check_login(desk, user, password)  # no side effects: it runs as the password is typed

    return check
