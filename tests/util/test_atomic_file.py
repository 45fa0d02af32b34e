"""The one write-then-rename recipe every layer uses (drafts, exports, backups, new desk files)."""
from __future__ import annotations

import os
import stat

import pytest

from console.util.atomic_file import writing_atomically


def test_the_new_content_appears_whole_and_nothing_else_is_left(tmp_path):
    p = tmp_path / "a.json"
    with writing_atomically(p) as fh:
        fh.write(b"new")
        assert not p.exists()  # not under the final name while being written
    assert p.read_bytes() == b"new" and os.listdir(tmp_path) == ["a.json"]


def test_a_failure_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    p = tmp_path / "a.json"
    p.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with writing_atomically(p) as fh:
            fh.write(b"half")
            raise RuntimeError("killed")
    assert p.read_bytes() == b"old" and os.listdir(tmp_path) == ["a.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_private_files_stay_private_and_a_replaced_file_keeps_its_mode(tmp_path):
    fresh = tmp_path / "draft.json"
    with writing_atomically(fresh, mode=0o600) as fh:
        fh.write(b"x")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    shared = tmp_path / "shared.xlsx"
    shared.write_bytes(b"old")
    shared.chmod(0o640)
    with writing_atomically(shared, mode=0o600) as fh:
        fh.write(b"new")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640
