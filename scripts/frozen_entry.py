"""The script PyInstaller analyses for the desktop build (build.spec).

It is the same entry point as the installed `hotline-console` command
(console.app:main). `freeze_support()` comes first: on Windows a frozen
program that starts a child process through multiprocessing re-runs this
executable, and without it the child would open a second console window
instead of doing its work.
"""
import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from console.app import main

    raise SystemExit(main())
