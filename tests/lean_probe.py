"""Helpers of the SQLAlchemy-free paths' tests (the shift log's and the quarterly export's).

`quarterly_files_probe`: a twin for services.export_process's `lean`, the SQLAlchemy-free quarterly export
answering also which heavy modules the child had loaded (importable by name in the spawned child: tests/ is
on its path); `run_cli`: a command in a fresh interpreter and the heavy modules it imported; `immutable`: a
folder read-only even for root."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "alembic")


def quarterly_files_probe(*args, **kwargs):
    from console.services.quarterly_lite import export_quarterly_files_lite

    paths = export_quarterly_files_lite(*args, **kwargs)
    if paths is None:
        return None
    return {"paths": [str(p) for p in paths],
            "heavy": sorted(m for m in sys.modules if m.split(".")[0] in HEAVY or m == "console.store.models")}


_RUN = """
import json, runpy, sys
sys.argv = ["hotline-console", *json.loads(sys.argv[1])]
try:
    runpy.run_module("console", run_name="__main__")
except SystemExit as e:
    rc = e.code
print(json.dumps({"rc": rc, "heavy": sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic")
                                           or m == "console.store.models"),
                  "platypus": sorted(m for m in sys.modules if m.startswith("reportlab.platypus"))}))
"""


def run_cli(cli, *args: str) -> dict:
    """The command in a fresh interpreter, and the heavy modules it imported (reportlab's layout engine apart)."""
    r = subprocess.run([sys.executable, "-c", _RUN, json.dumps([str(a) for a in args])], capture_output=True,
                       text=True, encoding="utf-8", env=cli.env(), cwd=ROOT, timeout=60)
    return json.loads(r.stdout.strip().splitlines()[-1])


def immutable(path):
    """`path` read-only even for root (chattr +i), as tests/cli/test_failures does."""
    if os.geteuid() != 0:
        os.chmod(path, 0o555)
        return lambda: os.chmod(path, 0o755)
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode != 0:
        pytest.skip("running as root without a working chattr +i")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)
