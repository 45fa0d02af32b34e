"""The core has no Qt: the CLI, reports and tests load it without a display."""
from __future__ import annotations

import subprocess
import sys

CORE = [
    "console.domain.enums", "console.domain.lifecycle", "console.domain.phone",
    "console.domain.duty_hours", "console.domain.ranking", "console.domain.deadline_policy",
    "console.store.models", "console.store.database", "console.store.migrate",
    "console.store.queries", "console.store.backup",
    "console.services.tickets", "console.services.deadlines", "console.services.shifts",
    "console.services.missed_calls", "console.services.accounts",
]


def test_core_imports_no_qt():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in CORE) +
            "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_domain_imports_no_sqlalchemy():
    code = ("import sys, pkgutil, importlib, console.domain as d\n"
            "for m in pkgutil.iter_modules(d.__path__): importlib.import_module('console.domain.' + m.name)\n"
            "bad = [m for m in sys.modules if m.startswith(('sqlalchemy', 'PySide6'))]\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
