"""Where things live: the package's data, and the desk's data folder.

Package data (migrations, reference data, translations, icons) is installed
inside the package as `console.db` and `console.resources`; a source tree
that was never installed finds the same folders at the top level.
The data folder is platformdirs' user data folder, or `data/` beside the
executable when a file named `portable` stands there (desktop build); the
database, backups, logs, drafts and, in portable mode, the window's
settings live there. In the desktop build (PyInstaller) this module sits in
sys._MEIPASS/console/, so the fallback finds sys._MEIPASS/db and
sys._MEIPASS/resources, where build.spec puts them.
"""
from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

APP_NAME = "hotline-console"
APP_AUTHOR = "hotline"
_TOP = Path(__file__).resolve().parent.parent


def _package_dir(package: str, fallback: str) -> Path:
    try:
        p = Path(str(resources.files(package)))
        if p.is_dir():
            return p
    except (ModuleNotFoundError, TypeError):
        pass
    return _TOP / fallback


def db_dir() -> Path:
    """The `db/` folder: migrations and reference data."""
    return _package_dir("console.db", "db")


def resources_dir() -> Path:
    return _package_dir("console.resources", "resources")


def migrations_dir() -> Path:
    return db_dir() / "migrations"


def reference_dir() -> Path:
    return db_dir() / "reference"


def executable_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else Path.cwd()


def is_portable() -> bool:
    return getattr(sys, "frozen", False) and (executable_dir() / "portable").exists()


def data_dir() -> Path:
    """The desk's folder for its database, backups, logs and drafts."""
    override = os.environ.get("HOTLINE_DATA_DIR")
    if override:
        d = Path(override)
    elif is_portable():
        d = executable_dir() / "data"
    else:
        from platformdirs import user_data_dir

        d = Path(user_data_dir(APP_NAME, APP_AUTHOR))
    d.mkdir(parents=True, exist_ok=True)
    return d


def settings_dir() -> Path | None:
    """Where the window's settings (QSettings) go, or None for the system's usual place.

    In portable mode, and when HOTLINE_DATA_DIR names the data folder, they
    stay in `settings/` inside the data folder with everything else, so a
    desk running from a USB stick leaves nothing in the registry or the home
    folder. Otherwise Qt's native place (registry, ~/.config, plist) is used.
    """
    if os.environ.get("HOTLINE_DATA_DIR") or is_portable():
        d = data_dir() / "settings"
        d.mkdir(parents=True, exist_ok=True)
        return d
    return None


def cache_dir() -> Path:
    """Where work that can be redone is kept between runs (the PDF font's parsed tables).

    Losing it costs time, never data. Beside the data folder in portable mode
    and under HOTLINE_DATA_DIR (tests, a USB stick leave nothing behind);
    otherwise platformdirs' user cache folder. Not created here: a reader of
    the cache needs no folder, and a writer makes it (or skips the write).
    """
    if os.environ.get("HOTLINE_DATA_DIR") or is_portable():
        return data_dir() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return data_dir() / "hotline.sqlite3"


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite3"


def backups_dir() -> Path:
    d = data_dir() / "backups"
    d.mkdir(parents=True, exist_ok=True)
    return d


def logs_dir() -> Path:
    d = data_dir() / "logs"
    d.mkdir(parents=True, exist_ok=True)
    return d
