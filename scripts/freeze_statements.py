"""Regenerate console/store/frozen/*.py (the shift log's and the quarterly export's statements) from the Core
statements (console.store.freezing).

    python scripts/freeze_statements.py          # write them
    python scripts/freeze_statements.py --check  # exit 1 when one is not what the statements compile to
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.store.freezing import TARGETS, render  # noqa: E402


def main() -> int:
    stale = 0
    for frozen, target, shared in TARGETS:
        text = render(frozen, shared)
        if "--check" in sys.argv[1:]:
            same = target.is_file() and target.read_text(encoding="utf-8") == text
            print("up to date" if same else f"{target} differs: run python scripts/freeze_statements.py")
            stale += not same
            continue
        target.write_text(text, encoding="utf-8")
        print(target)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
