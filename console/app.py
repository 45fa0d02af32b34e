"""The program's entry point: `hotline-console` (pyproject) and `python -m console`.

Without a command it opens the console window; with one it runs the
command (console.cli). Either way this is the one barrier every failure
meets before the user would see it:

- a UserError (including a database that is locked, full, damaged or out
  of reach, see console.store.db_errors) → its message in one line, exit 1;
- bad usage → argparse's message, exit 2;
- anything else is a bug → the traceback goes to logs/hotline.log in the
  data folder and the user reads one line saying so, exit 1.

The GUI is imported only when the window is asked for, so commands start
without loading Qt.

Test hook: with the environment variable HOTLINE_TEST_CRASH=1, main raises
a RuntimeError just before running the command or opening the window. The
CLI tests use it to prove that an unexpected exception reaches the log and
not the terminal. It has no other effect.
"""
from __future__ import annotations

import os
import sys

from .domain.errors import UserError


class _Log:
    """The module's logger, made at first use: `--version` and `--help` leave without importing logging."""

    def __getattr__(self, name: str):
        import logging

        return getattr(logging.getLogger(__name__), name)


log = _Log()


def _peek_lang(argv: list[str]) -> str:
    """The --lang given, for messages before (or without) a full parse."""
    from .cli import lang_in_argv

    return lang_in_argv(argv)


def _tolerant_streams() -> None:
    """A terminal that cannot show a character must not turn a message into a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    from .cli import Ctx

    ctx = Ctx(lang=_peek_lang(argv))
    window_asked = False  # started for the window (often from a desktop icon: nobody reads stderr)
    try:
        from .cli import parse_args

        try:
            args = parse_args(argv)
        except SystemExit as e:  # --help, --version (0) or bad usage (2): nothing to log
            return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
        # after the parse: --version and --help print and leave without opening the log (≈ 50 ms of imports)
        from . import log_setup

        log_setup.setup_logging()
        log_setup.enable_crash_log()
        ctx.lang = args.lang
        log_setup.install_excepthooks(ctx.lang)
        log.info("start: %s", " ".join(_loggable(argv)) or "(window)")
        if os.environ.get("HOTLINE_TEST_CRASH") == "1":
            raise RuntimeError("HOTLINE_TEST_CRASH test hook")
        if args.command is None:
            window_asked = True
            return launch_window(args, ctx)
        from .cli import run

        return run(args, ctx)
    except UserError as e:
        from . import log_setup

        log_setup.setup_logging()  # idempotent: a refusal in the parse itself still reaches the log
        _user_error(ctx, e)
        if window_asked and getattr(e, "window_possible", True):  # no box where Qt itself cannot start
            show_start_error(ctx, e.message(ctx.lang))
        return 1
    except KeyboardInterrupt:
        _print_err(ctx.t("已中断。", "Interrupted."))
        return 130
    except BrokenPipeError:  # `hotline-console due | head`: the reader left
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return 1
    except Exception as e:  # noqa: BLE001 - the barrier: nothing below reaches the user raw
        from . import log_setup

        log_setup.setup_logging()  # idempotent: an error in the parse itself goes to the log, not the terminal
        from .store.db_errors import classify

        known = classify(e, ctx.display)
        if known is not None:
            log.warning("database unavailable (%s): %s", ctx.display, e, exc_info=True)
            _user_error(ctx, known)
            if window_asked:
                show_start_error(ctx, known.message(ctx.lang))
            return 1
        log_setup.report_unexpected(e, ctx.lang, context="main")
        return 1


def _can_show_window() -> bool:
    """Whether a message box could be seen: not in unattended runs (HOTLINE_QUIT_AFTER_MS), not on
    the offscreen/minimal platforms (it would wait forever for a click), not on a Linux session
    without a display (Qt would abort the process instead of opening one)."""
    if os.environ.get("HOTLINE_QUIT_AFTER_MS", "").isdigit():
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if platform in ("offscreen", "minimal", "vnc"):
        return False
    if sys.platform.startswith("linux") and not platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _message_box(title: str, text: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication(sys.argv[:1] or ["hotline-console"])
    QMessageBox.critical(None, title, text)


def show_start_error(ctx, text: str) -> None:
    """The window was asked for but cannot open: say why in a box too (the line on stderr is
    lost when the program was started from a desktop icon). Never raises."""
    if not _can_show_window():
        return
    try:
        _message_box(ctx.t("值班台无法打开", "The console cannot open"), text)
    except Exception:  # noqa: BLE001 - no Qt here: the line on stderr and the log remain
        log.warning("cannot show the start-up error in a window", exc_info=True)


def _loggable(argv: list[str]) -> list[str]:
    """The command line for the log, with passwords in URLs masked."""
    if not any("://" in a for a in argv):
        return argv
    from .store.database import masked_url

    return [masked_url(a) if "://" in a else a for a in argv]


def _print_err(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except Exception:  # noqa: BLE001
        pass


def _user_error(ctx, e: UserError) -> None:
    log.info("user error: %s", e.en)
    _print_err(e.message(ctx.lang))


def launch_window(args, ctx) -> int:
    """Resolve and prepare the database, then hand over to the GUI."""
    from . import cli
    from .ui.shell.platform_check import check_window_platform

    check_window_platform()  # no display, or a system library Qt needs is missing: one line, not Qt's abort

    target = cli.resolve_target(args.db, demo=args.demo)
    cli.set_target(ctx, target)
    path = cli.sqlite_path(target)
    probe = None
    if path is not None and not path.exists():
        if args.demo:
            ctx.note(f"首次打开演示：正在创建演示数据库 {path} …",
                     f"First demo start: creating the demo database {path} …")
        cli.create_database(ctx, demo=args.demo)  # built aside, renamed into place when complete
    else:
        if path is not None:
            from .store.quick_probe import probe_sqlite

            cli.require_existing(ctx)  # a folder, a device or an empty (0-byte) file: said, never made a new desk

            probe = probe_sqlite(path)  # standard library only: no SQLAlchemy before the login dialog
        if probe is None or not probe.ready:  # to be created, migrated or explained: the full path
            _prepare_database(ctx, target)
    try:
        from .ui.shell.launch import run_gui
    except ModuleNotFoundError as e:
        if e.name in ("console.ui.shell.launch", "console.ui"):
            raise UserError("值班台窗口尚未提供（console.ui.shell.launch 不存在）；命令行功能可用，见 --help。",
                            "The console window is not available yet (no console.ui.shell.launch); "
                            "the commands work, see --help.") from None
        raise UserError(f"无法加载图形界面：缺少 {e.name}。请重新安装本程序。",
                        f"The window cannot be loaded: {e.name} is missing. Reinstall the program.") from None
    except ImportError as e:  # Qt's shared libraries missing on this machine
        log.exception("GUI import failed")
        raise UserError(f"无法加载图形界面（Qt）：{e}",
                        f"The window cannot be loaded (Qt): {e}") from None
    return int(run_gui(target, ctx.lang, bool(args.demo), probe=probe) or 0)


def _prepare_database(ctx, target: str) -> None:
    """Create the schema of an empty database or migrate an old one (with a copy first)."""
    from .services.maintenance import provision_desk

    copy = provision_desk(target).copy
    if copy:
        log.info("migrated %s; copy before: %s", ctx.display, copy)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
