"""Every string the window shows has an English twin, and the shipped .qm is compiled from the .ts."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "hotline_en.ts"


def _script():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_ui_string_has_an_english_translation(tmp_path):
    tool = _script()
    ts = tmp_path / TS.name
    shutil.copyfile(TS, ts)
    tool.lupdate(ts, "en")  # picks up strings added to console/ui since the .ts was last updated
    missing = tool.unfinished(ts)
    assert missing == [], "run: python scripts/update_translations.py, then translate these in hotline_en.ts"


def test_shipped_qm_matches_the_ts(tmp_path):
    tool = _script()
    qm = tmp_path / "hotline_en.qm"
    tool.lrelease(TS, qm)
    assert qm.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run: python scripts/update_translations.py"
