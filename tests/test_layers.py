"""The layering: the core has no Qt, the rules no SQLAlchemy, and no layer imports one above it."""
from __future__ import annotations

import subprocess
import sys

# "No Qt below the window" (the CLI, reports and tests load the core without a display) is an
# import-linter contract in pyproject.toml, checked below for every module, directly or not.


def test_domain_imports_no_sqlalchemy():
    code = ("import sys, pkgutil, importlib, console.domain as d\n"
            "for m in pkgutil.iter_modules(d.__path__): importlib.import_module('console.domain.' + m.name)\n"
            "bad = [m for m in sys.modules if m.startswith(('sqlalchemy', 'PySide6'))]\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


# ---------------------------------------------------------------- the import contracts (import-linter)

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def _lint_imports(folder=ROOT):
    """Run import-linter in `folder` (its pyproject.toml's contracts, its console package: `-c` puts
    the working folder first on sys.path, so the source tree is checked, not an installed copy)."""
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    return subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=300)


def _lint_with(tmp_path, module: str, line: str):
    """import-linter on a copy of the console package and its contracts, with one module added
    there (`module`, a dotted path under console) holding `line`: the breach is made in the copy."""
    import shutil

    shutil.copytree(ROOT / "console", tmp_path / "console", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    tmp_path.joinpath("console", *module.split(".")).with_suffix(".py").write_text(line + "\n")
    return _lint_imports(tmp_path)


def test_the_layering_contracts_hold():
    r = _lint_imports()
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "4 kept, 0 broken" in r.stdout


def test_a_store_module_importing_services_breaks_the_contract(tmp_path):
    """The contracts are checked by the tool, not by a list: a new upward import fails the suite."""
    r = _lint_with(tmp_path, "store.upward", "from ..services.context import Desk  # reaching up into the use cases")
    assert r.returncode != 0
    assert "console.store.upward -> console.services.context" in r.stdout


def test_a_widget_reading_the_store_breaks_the_contract(tmp_path):
    """The window reads through the services: a widget that imports the store's queries (to open a
    session and read) fails the suite, though the layers contract alone would allow it."""
    r = _lint_with(tmp_path, "ui.reads_store", "from ..store import queries  # a widget reading the store itself")
    assert r.returncode != 0
    assert "The window and the command line go through the services BROKEN" in r.stdout
    assert "console.ui.reads_store -> console.store.queries" in r.stdout
