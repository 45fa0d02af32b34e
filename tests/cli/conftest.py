"""Running `python -m console …` as a user would, in a private data folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import Result  # noqa: F401 - the tests' result type

ROOT = Path(__file__).resolve().parents[2]


class Cli:
    """Runs the program in a subprocess with HOTLINE_DATA_DIR in tmp and no HOTLINE_DB."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir

    def env(self, extra: dict | None = None) -> dict:
        env = {k: v for k, v in os.environ.items()
               if k not in ("HOTLINE_DB", "HOTLINE_TEST_CRASH", "HOTLINE_BUSY_TIMEOUT_MS")}
        env["HOTLINE_DATA_DIR"] = str(self.data_dir)
        env["PYTHONIOENCODING"] = "utf-8"
        env.update(extra or {})
        return env

    def __call__(self, *args: str, input: str | None = "", env: dict | None = None,
                 timeout: float = 60) -> Result:
        r = subprocess.run([sys.executable, "-m", "console", *map(str, args)], input=input,
                           capture_output=True, text=True, encoding="utf-8", env=self.env(env),
                           cwd=ROOT, timeout=timeout)
        res = Result(r.returncode, r.stdout, r.stderr)
        # The promise of the whole command line: no traceback ever reaches the user.
        assert "Traceback" not in res.text, res.text
        return res


@pytest.fixture
def cli(tmp_path) -> Cli:
    d = tmp_path / "data"
    d.mkdir()
    return Cli(d)


@pytest.fixture
def desk_file(template_db, tmp_path) -> Path:
    """A copy of the migrated template (small street, accounts op/lead/admin)."""
    p = tmp_path / "desk.sqlite3"
    shutil.copyfile(template_db, p)
    return p


@pytest.fixture(autouse=True)
def _password_for_user_admin(monkeypatch):
    """The documented variable for unattended scripts (console.cli.acting): commands run here with
    `--user admin` (or another test-street account) find the test street's password in it."""
    from helpers import PASSWORD

    monkeypatch.setenv("HOTLINE_PASSWORD", PASSWORD)
