"""The script PyInstaller analyses for the desktop build (build.spec).

It is the same entry point as the installed `hotline-console` command
(console.app:main), with two things only a frozen program needs first:

- `freeze_support()`: on Windows a frozen program that starts a child
  process through multiprocessing re-runs this executable, and without it
  the child would start a second program instead of doing its work;
- on Linux, the environment the desk's own programs expect. PyInstaller's
  bootloader points LD_LIBRARY_PATH at the folder's libraries so that this
  process finds them (the dynamic loader reads it once, at start). Every
  program we start inherits it, though, and the system's `pg_dump` or
  `paplay` would then load our copies of OpenSSL or D-Bus instead of their
  own. So the variable goes back to what it was before the bootloader
  (LD_LIBRARY_PATH_ORIG), as PyInstaller's documentation advises.
"""
import multiprocessing
import os
import sys


def restore_child_environment() -> None:
    if not (getattr(sys, "frozen", False) and sys.platform.startswith("linux")):
        return
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    restore_child_environment()
    from console.app import main

    raise SystemExit(main())
