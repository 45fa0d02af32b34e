#!/usr/bin/env python3
"""Refresh the window's translations: lupdate over console/ui, then lrelease.

    python scripts/update_translations.py           # update .ts, compile .qm
    python scripts/update_translations.py --check   # exit 1 if a string has no translation

The source language is Chinese (zh_CN); resources/translations/hotline_en.ts
carries the English. Edit it with Qt Linguist (`pyside6-linguist`) or by hand,
then run this script again to compile hotline_en.qm. Commit both files: the
program reads only the .qm.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "console" / "ui"
TS_DIR = ROOT / "resources" / "translations"
LANGS = ("en",)


def tool(name: str) -> str:
    """pyside6-<name> from PATH, or beside this Python (a venv that is not activated)."""
    found = shutil.which(f"pyside6-{name}") or shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent))
    if not found:
        sys.exit(f"pyside6-{name} not found: install PySide6-Essentials")
    return found


def unfinished(ts: Path) -> list[str]:
    """Source texts without a finished translation (obsolete ones ignored)."""
    out = []
    for msg in ET.parse(ts).getroot().iter("message"):
        tr = msg.find("translation")
        if tr is None or tr.get("type") in ("obsolete", "vanished"):
            continue
        if tr.get("type") == "unfinished" or not (tr.text or "").strip():
            out.append(msg.findtext("source") or "")
    return out


def lupdate(ts: Path, lang: str, *, drop_obsolete: bool = False) -> None:
    """Merge the strings of console/ui/*.py into `ts` (translations already there are kept)."""
    sources = sorted(str(p) for p in SOURCES.rglob("*.py"))  # console/ui and its packages (admin, …)
    cmd = [tool("lupdate"), *sources, "-ts", str(ts), "-source-language", "zh_CN",
           "-target-language", lang, "-locations", "none", "-silent"]
    if drop_obsolete:
        cmd.append("-no-obsolete")
    subprocess.run(cmd, check=True, cwd=ROOT)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if any string lacks a translation")
    ap.add_argument("--drop-obsolete", action="store_true", help="remove strings no longer in the code")
    args = ap.parse_args(argv)

    rc = 0
    for lang in LANGS:
        ts = TS_DIR / f"hotline_{lang}.ts"
        lupdate(ts, lang, drop_obsolete=args.drop_obsolete)
        missing = unfinished(ts)
        lrelease(ts, ts.with_suffix(".qm"))
        print(f"{ts.relative_to(ROOT)}: {len(missing)} without translation")
        for m in missing:
            print("   ", m.replace("\n", "\\n"))
        if missing and args.check:
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
