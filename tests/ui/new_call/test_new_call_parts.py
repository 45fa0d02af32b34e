"""The New Call dialog's parts that need no window: drafts on disk, picker filtering."""
from __future__ import annotations

import json
import os

import pytest

from console.services import drafts
from console.ui.new_call.pick_list_model import PickEntry, filter_entries


def test_draft_round_trip_and_discard():
    key = "abc123-op"
    assert drafts.load_draft(key) is None
    fields = {"phone": "13800138000", "description": "楼道漏水，<script>", "community_id": 3}
    path = drafts.save_draft(key, fields)
    assert path.parent == drafts.drafts_dir()
    assert drafts.load_draft(key) == fields
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["version"] == drafts.DRAFT_VERSION and "saved_at" in payload
    assert "楼道漏水" in path.read_text(encoding="utf-8")  # readable by a person, not escaped
    drafts.save_draft(key, {**fields, "description": "改过"})
    assert drafts.load_draft(key)["description"] == "改过"
    assert not list(path.parent.glob(f".{path.stem}.*.tmp"))
    drafts.discard_draft(key)
    drafts.discard_draft(key)  # twice is fine
    assert drafts.load_draft(key) is None


def test_a_failed_write_keeps_the_previous_draft(monkeypatch):
    key = "fail-op"
    drafts.save_draft(key, {"description": "第一版"})

    def boom(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        drafts.save_draft(key, {"description": "第二版"})
    monkeypatch.undo()
    assert drafts.load_draft(key) == {"description": "第一版"}
    assert not list(drafts.drafts_dir().glob(".fail-op.*.tmp"))
    drafts.discard_draft(key)


def test_a_damaged_draft_is_set_aside_not_deleted():
    key = "broken-op"
    p = drafts.drafts_dir() / f"{key}.json"
    p.write_text('{"version": 1, "fields": {"descr', encoding="utf-8")
    assert drafts.load_draft(key) is None
    assert not p.exists() and p.with_suffix(".bad").exists()
    p.with_suffix(".bad").unlink()


def test_draft_keys_differ_per_database_and_user(tmp_path):
    class Db:
        def __init__(self, path):
            self.sqlite_path = path

    a, b = Db(tmp_path / "a.sqlite3"), Db(tmp_path / "b.sqlite3")
    assert drafts.draft_key(a, "op") == drafts.draft_key(Db(tmp_path / "a.sqlite3"), "op")
    assert drafts.draft_key(a, "op") != drafts.draft_key(b, "op")
    assert drafts.draft_key(a, "op") != drafts.draft_key(a, "lead")
    assert "/" not in drafts.draft_key(a, "../../etc")

    class Pg:
        sqlite_path = None
        display = "postgresql+psycopg://desk:***@host/hotline"

    assert "***" not in drafts.draft_key(Pg(), "op") and "desk" not in drafts.draft_key(Pg(), "op")


ENTRIES = [
    PickEntry(1, "白马小区", ("bmxq",), "第二网格"),
    PickEntry(2, "嘉宏三村", ("jhsc",), "第一网格"),
    PickEntry(10, "水电气", ("sdq",)),
    PickEntry(11, "水电气/停电", ("sdqtd", "td")),
    PickEntry(12, "水电气/漏水", ("sdqls", "ls")),
    PickEntry(13, "噪音扰民", ("zyrm",)),
]


@pytest.mark.parametrize("typed, ids", [
    ("jhsc", [2]), ("JH", [2]), ("三村", [2]), ("ｊｈｓｃ", [2]),
    ("td", [11]), ("停电", [11]), ("sdq", [10, 11, 12]), ("水电气/漏", [12]),
    ("xyz", []), ("", [1, 2, 10, 11, 12, 13]),
])
def test_picker_matches_chinese_and_initials(typed, ids):
    assert [e.id for e in filter_entries(ENTRIES, typed)] == ids


def test_picker_puts_matches_at_the_start_first():
    entries = [PickEntry(1, "新嘉宏", ("xjh",)), PickEntry(2, "嘉宏三村", ("jhsc",))]
    assert [e.id for e in filter_entries(entries, "jh")] == [2, 1]
