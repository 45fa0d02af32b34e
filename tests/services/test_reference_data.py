"""The reference data every desk starts with: default categories and settings."""
from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import func, insert, select

from console.paths import reference_dir
from console.services.context import Desk, get_setting
from console.services.reference_data import default_categories, seed_reference
from console.store.database import Database
from console.store.migrate import ensure_schema
from console.store.models import AuditEntry, Category, Setting


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("empty") / "empty.sqlite3"
    db = Database(path)
    ensure_schema(db, backup_dir=path.parent)
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def fresh(empty_template, tmp_path, clock):
    p = tmp_path / "fresh.sqlite3"
    shutil.copyfile(empty_template, p)
    db = Database(p)
    yield Desk(db, clock)
    db.dispose()


def _paths(desk) -> dict[str, tuple[str, int]]:
    with desk.db.read() as s:
        return {c.path: (c.initials, c.sort_order) for c in s.scalars(select(Category))}


def test_default_categories_are_two_levels_with_initials(fresh):
    seed_reference(fresh)
    paths = _paths(fresh)
    for path in ("水电气", "水电气/停电", "水电气/漏水", "水电气/停水", "水电气/燃气", "噪音扰民/装修噪音",
                 "噪音扰民/夜间噪音", "环境卫生/垃圾清运", "物业管理/电梯故障", "治安/可疑人员", "邻里纠纷",
                 "为老服务/紧急呼叫", "证明开具", "市政设施/窨井盖", "其他"):
        assert path in paths, path
    assert paths["水电气"][0] == "sdq" and paths["水电气/停电"][0] == "td"
    assert paths["为老服务/紧急呼叫"][0] == "jjhj"
    data = json.loads((reference_dir() / "categories.json").read_text(encoding="utf-8"))
    expected = sum(1 + len(c["children"]) for c in data["categories"])
    assert len(paths) == expected
    # the file's order is the picker's order
    assert paths["水电气"][1] == 1 and paths["水电气/漏水"][1] == 2


def test_default_categories_file_has_no_duplicates():
    specs = default_categories()
    names = [s.name for s in specs]
    assert len(names) == len(set(names))
    for s in specs:
        children = [c for c, _ in s.children]
        assert len(children) == len(set(children)), s.name
        assert all(initials for _, initials in s.children)


def test_seed_writes_default_settings_once_and_is_idempotent(fresh):
    seed_reference(fresh)
    seed_reference(fresh)
    with fresh.db.read() as s:
        assert get_setting(s, "desk_name") == "社区服务热线值班台"
        assert get_setting(s, "timezone") == "Asia/Shanghai"
        n_cat = s.scalar(select(func.count()).select_from(Category))
        audits = s.execute(select(AuditEntry.user_id, AuditEntry.new)
                           .where(AuditEntry.action == "seed_reference")).all()
    assert n_cat == len(_paths(fresh))
    assert len(audits) == 1 and audits[0].user_id is None
    assert "categories" in json.loads(audits[0].new)


def test_seed_keeps_a_desks_own_categories_and_settings(fresh):
    with fresh.db.write() as s:
        s.execute(insert(Category.__table__).values(parent_id=None, name="自定义", initials="zdy", sort_order=1))
        s.execute(insert(Setting.__table__).values(key="desk_name", value="白马社区热线"))
    seed_reference(fresh)
    with fresh.db.read() as s:
        assert s.scalars(select(Category.name)).all() == ["自定义"]
        assert get_setting(s, "desk_name") == "白马社区热线"
        assert get_setting(s, "timezone") == "Asia/Shanghai"  # the missing one is added
