#!/usr/bin/env bash
# Build the desktop folder dist/hotline-console/ with PyInstaller (build.spec).
#
#   bash scripts/build_desktop.sh            # in the venv where hotline-console is installed
#
# Uses the Python of the active venv (or $PYTHON, else python3). The package
# must be installed there (plainly or editable): build.spec finds the data
# files and the version through it. PyInstaller (and tzdata, so the zone
# database travels with the folder) are installed if missing.
# Prints the build time and the folder's size. Windows: see README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-$(command -v python || command -v python3)}"

if ! "$PY" -c 'import importlib.metadata as m; m.version("hotline-console")' 2>/dev/null; then
    echo "hotline-console is not installed in $("$PY" -c 'import sys; print(sys.prefix)'):" \
         "run pip install '.[build]' first" >&2
    exit 1
fi
missing=()
"$PY" -c 'import PyInstaller' 2>/dev/null || missing+=("pyinstaller>=6")
"$PY" -c 'import tzdata' 2>/dev/null || missing+=("tzdata")
if [[ ${#missing[@]} != 0 ]]; then
    echo "installing: ${missing[*]}"
    "$PY" -m pip install -q "${missing[@]}"
fi

start=$SECONDS
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN build.spec
echo "build time: $((SECONDS - start)) s (PyInstaller $("$PY" -m PyInstaller --version))"
du -sh dist/hotline-console
