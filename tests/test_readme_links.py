"""README and the docs link only files that are in the repository."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("doc", ["README.md", "docs/DESIGN.md", "docs/BACKGROUND.md", "docs/ARCHITECTURE.md"])
def test_links_stay_inside_the_repository(doc):
    path = ROOT / doc
    text = path.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)", text) + re.findall(r"`((?:\.\./|docs/)[^`\s]+\.md)`", text)
    for target in targets:
        assert "://" not in target, f"{doc}: {target} is outside the repository (name it in words instead)"
        resolved = (path.parent / target).resolve()
        assert resolved.is_relative_to(ROOT) and resolved.exists(), f"{doc}: {target}"
    assert "../" not in re.sub(r"```.*?```", "", text, flags=re.S), doc
