"""Regenerate console/store/frozen/shift_log_sqlite.py from the Core statements (console.store.freezing).

    python scripts/freeze_statements.py          # write it
    python scripts/freeze_statements.py --check  # exit 1 when it is not what the statements compile to
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.store.freezing import TARGET, render  # noqa: E402


def main() -> int:
    text = render()
    if "--check" in sys.argv[1:]:
        same = TARGET.is_file() and TARGET.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{TARGET} differs: run python scripts/freeze_statements.py")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
