"""The program's log and what happens when something goes wrong unexpectedly.

A user at the desk never sees a traceback: an unexpected exception is
written, traceback and all, to a rotating log in the data folder's logs/,
and the user is told in one line where it went, so whoever helps the desk
can read it later. A hard crash (segfault inside Qt or a driver) cannot be
caught in Python; `faulthandler` writes the stacks of all threads to
logs/crash.log instead.

Nothing here may itself stop the program: when the logs folder cannot be
written, logging falls back to the temp folder and then to nothing.
"""
from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import re
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

LOG_NAME = "hotline.log"
CRASH_NAME = "crash.log"
MAX_LOG_BYTES = 2_000_000
LOG_BACKUPS = 5
MAX_CRASH_BYTES = 1_000_000

_state: dict = {"log_path": None, "crash_file": None, "handler": None}

_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][\w+.-]*://[^:/@\s]*:)[^@\s]*@")


def _logs_dir() -> Path | None:
    """logs/ in the data folder, or a temp folder when that cannot be written."""
    candidates = []
    try:
        from . import paths

        candidates.append(paths.logs_dir)
    except Exception:  # noqa: BLE001 - paths itself failing must not stop logging
        pass
    candidates.append(lambda: Path(tempfile.gettempdir()) / "hotline-console-logs")
    for make in candidates:
        try:
            d = Path(make())
            d.mkdir(parents=True, exist_ok=True)
            probe = d / ".write-test"
            probe.write_text("", encoding="utf-8")
            probe.unlink()
            return d
        except Exception:  # noqa: BLE001 - try the next place
            continue
    return None


class MaskingFormatter(logging.Formatter):
    """Every line of the log — messages, tracebacks, crash reports — with phone and identity-card numbers
    masked (console.domain.masking): the log is read by whoever fixes the PC, not only by the desk."""

    def format(self, record: logging.LogRecord) -> str:
        from .domain.masking import mask_text

        return mask_text(super().format(record))


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the `console` loggers (and warnings) to logs/hotline.log; returns its path.

    Idempotent: a second call returns the same path without adding handlers.
    """
    if _state["handler"] is not None:
        return _state["log_path"]
    root = logging.getLogger()
    d = _logs_dir()
    if d is None:
        root.addHandler(logging.NullHandler())
        _state["handler"] = False
        return None
    path = d / LOG_NAME
    try:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        root.addHandler(logging.NullHandler())
        _state["handler"] = False
        return None
    handler.setFormatter(MaskingFormatter(
        "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its INFO chatter fills the log on every start
    _state["handler"], _state["log_path"] = handler, path
    return path


def log_path() -> Path | None:
    """Where the log goes (None until setup_logging ran, or when nothing is writable)."""
    return _state["log_path"]


def enable_crash_log() -> Path | None:
    """faulthandler into logs/crash.log (appended; started afresh past 1 MB)."""
    if _state["crash_file"] is not None:
        return Path(_state["crash_file"].name)
    d = _logs_dir()
    if d is None:
        return None
    path = d / CRASH_NAME
    try:
        mode = "w" if path.exists() and path.stat().st_size > MAX_CRASH_BYTES else "a"
        f = open(path, mode, encoding="utf-8")  # kept open: faulthandler writes to its fd
        faulthandler.enable(file=f, all_threads=True)
    except (OSError, RuntimeError, ValueError):
        return None
    _state["crash_file"] = f
    return path


def short_text(exc: BaseException, limit: int = 120) -> str:
    """One line naming the exception, for the user; passwords in URLs masked."""
    first = (str(exc).strip().splitlines() or [""])[0]
    text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    text = _URL_PASSWORD.sub(r"\1***@", text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.rstrip("。.")


def unexpected_message(exc: BaseException, where: Path | None, lang: str = "zh_CN") -> str:
    """出错了：<short>。详细信息已写入 <log>  (or the English twin)."""
    short = short_text(exc)
    if lang.startswith("en"):
        tail = f" Details were written to {where}" if where else " (no log file could be written)"
        return f"Something went wrong: {short}.{tail}"
    tail = f"详细信息已写入 {where}" if where else "（日志文件无法写入）"
    return f"出错了：{short}。{tail}"


def log_unexpected(exc: BaseException, context: str = "") -> Path | None:
    """Write `exc` with its traceback to the log; returns the log's path (None: no log)."""
    path = setup_logging()
    logging.getLogger("console").error(
        "unexpected error%s", f" in {context}" if context else "",
        exc_info=(type(exc), exc, exc.__traceback__))
    handler = _state["handler"]
    if handler:
        try:
            handler.flush()
        except Exception:  # noqa: BLE001
            pass
    return path


def report_unexpected(exc: BaseException, lang: str = "zh_CN", *, context: str = "",
                      stream: TextIO | None = None) -> str:
    """Log `exc` and print the one-line message to stderr; returns that line."""
    line = unexpected_message(exc, log_unexpected(exc, context), lang)
    out = stream or sys.stderr
    try:
        print(line, file=out, flush=True)
    except Exception:  # noqa: BLE001 - a closed stderr (GUI build) must not raise again
        pass
    return line


def install_excepthooks(lang: str = "zh_CN", notify: Callable[[str], None] | None = None) -> None:
    """Route exceptions that escape to the top (main thread, threads) into the log.

    `notify` receives the one-line message (the window shows it in a dialog);
    without it the line goes to stderr. Ctrl-C keeps its usual behaviour.
    """

    def _hook(etype, value, tb):
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, value, tb)
            return
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        try:
            line = unexpected_message(value, log_unexpected(value, "excepthook"), lang)
            if notify is not None:
                notify(line)
            else:
                print(line, file=sys.stderr, flush=True)
        except Exception:  # noqa: BLE001 - never recurse into the hook
            pass

    def _thread_hook(args):
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        _hook(args.exc_type, args.exc_value, args.exc_traceback)

    def _unraisable(u) -> None:
        # an error in a finaliser (a ZipFile closed on a full disk, say) is not the user's business:
        # Python would print "Exception ignored in … Traceback" on the terminal; the log keeps it
        try:
            logging.getLogger("console").warning(
                "ignored in %r: %s", getattr(u, "object", None), getattr(u, "err_msg", None) or "",
                exc_info=(u.exc_type, u.exc_value, u.exc_traceback) if u.exc_value is not None else None)
        except Exception:  # noqa: BLE001 - never recurse
            pass

    sys.excepthook = _hook
    threading.excepthook = _thread_hook
    sys.unraisablehook = _unraisable


def reset_for_tests() -> None:
    """Drop the handlers this module added (tests that call setup twice)."""
    h = _state["handler"]
    if h:
        logging.getLogger().removeHandler(h)
        h.close()
    f = _state["crash_file"]
    if f is not None:
        try:
            faulthandler.disable()
            f.close()
        except Exception:  # noqa: BLE001
            pass
    _state.update(log_path=None, crash_file=None, handler=None)
