"""Special groups, the service handbook and the category/community pickers."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from console.domain.errors import NotFound, ValidationError
from console.services import categories as C
from console.services import registers as R
from console.store.models import AuditEntry, Category, HandbookEntry, SpecialGroupMember
from console.store.queries import special_group_matches


def _audits(desk, entity):
    with desk.db.read() as s:
        return s.execute(select(AuditEntry.action, AuditEntry.user_id, AuditEntry.entity_id, AuditEntry.old,
                                AuditEntry.new).where(AuditEntry.entity == entity)
                         .order_by(AuditEntry.id)).all()


def _member(street, **kw) -> R.SpecialGroupInput:
    base = dict(name="王阿婆", group="独居老人", phone="021 5912 8888", community_id=street.communities["嘉宏三村"],
                address=" 12号301室 ", needs="行动不便，停电时需上门", grid_worker="王网格")
    base.update(kw)
    return R.SpecialGroupInput(**base)


# ------------------------------------------------------------- special groups

def test_special_member_is_stored_the_way_the_new_call_form_matches_it(desk, street, operator):
    mid = R.create_special_member(desk, operator, _member(street))
    with desk.db.read() as s:
        m = s.get(SpecialGroupMember, mid)
        assert (m.phone, m.address) == ("021-59128888", "12号301室")
        assert [x.id for x in special_group_matches(s, "021-59128888")] == [mid]
        assert [x.id for x in special_group_matches(s, "", street.communities["嘉宏三村"], "12-301")] == [mid]
    [a] = _audits(desk, "special_group")
    assert a.action == "create_special_member" and a.user_id == operator.id and a.entity_id == mid
    assert json.loads(a.new)["phone"] == "021-59128888"


def test_special_member_validation(desk, street, operator):
    with pytest.raises(ValidationError, match="请填写姓名"):
        R.create_special_member(desk, operator, _member(street, name=" "))
    with pytest.raises(ValidationError, match="请填写人群类别"):
        R.create_special_member(desk, operator, _member(street, group=""))
    with pytest.raises(ValidationError, match="电话号码“12ab”无法识别"):
        R.create_special_member(desk, operator, _member(street, phone="12ab"))
    with pytest.raises(NotFound, match="社区不存在"):
        R.create_special_member(desk, operator, _member(street, community_id=9999))
    assert R.create_special_member(desk, operator, _member(street, phone=""))  # a phone is optional
    assert [a.action for a in _audits(desk, "special_group")] == ["create_special_member"]


def test_special_member_update_and_delete_are_audited_old_to_new(desk, street, operator):
    mid = R.create_special_member(desk, operator, _member(street))
    data = R.load_special_member(desk, mid)
    data.needs = "每周探访一次"
    assert R.update_special_member(desk, operator, mid, data).registers
    assert not R.update_special_member(desk, operator, mid, data).registers  # unchanged: no audit row
    R.delete_special_member(desk, operator, mid)
    with desk.db.read() as s:
        assert s.get(SpecialGroupMember, mid) is None
    create, update, delete = _audits(desk, "special_group")
    assert update.action == "update_special_member"
    assert json.loads(update.old) == {"needs": "行动不便，停电时需上门"}
    assert json.loads(update.new) == {"needs": "每周探访一次"}
    assert delete.action == "delete_special_member" and delete.new == ""
    assert json.loads(delete.old)["name"] == "王阿婆"
    with pytest.raises(NotFound):
        R.delete_special_member(desk, operator, mid)


def test_special_member_search(desk, street, operator):
    R.create_special_member(desk, operator, _member(street))
    R.create_special_member(desk, operator, _member(street, name="李老伯", group="残疾人", phone="13800138005",
                                                    community_id=street.communities["白马小区"], address="3号",
                                                    needs="轮椅"))
    names = lambda rows: [r.name for r in rows]  # noqa: E731
    assert names(R.search_special_members(desk)) == ["王阿婆", "李老伯"]  # 嘉宏三村 sorts before 白马小区
    assert names(R.search_special_members(desk, "轮椅")) == ["李老伯"]
    assert names(R.search_special_members(desk, "59128888")) == ["王阿婆"]
    assert names(R.search_special_members(desk, "白马 轮椅")) == ["李老伯"]
    assert names(R.search_special_members(desk, "白马 停电")) == []
    assert names(R.search_special_members(desk, group="独居老人")) == ["王阿婆"]
    assert names(R.search_special_members(desk, community_id=street.communities["白马小区"])) == ["李老伯"]
    [row] = R.search_special_members(desk, "王阿婆")
    assert row.community == "嘉宏三村"


# ------------------------------------------------------------------- handbook

def _entry(street, cat, q, a="按标准答复", kw=""):
    return R.HandbookInput(question=q, answer=a, category_id=street.categories[cat] if cat else None, keywords=kw)


def test_handbook_for_a_category_puts_its_own_and_its_parents_entries_first(desk, street, operator):
    ids = {}
    for cat, q in (("噪音扰民", "夜间装修噪音"), (None, "热线服务时间"), ("水电气", "水电气报修流程"),
                   ("水电气/停电", "停电怎么办"), ("水电气/漏水", "楼上漏水")):
        ids[q] = R.create_handbook_entry(desk, operator, _entry(street, cat, q, kw="报修" if cat and cat.startswith("水电气") else ""))
    rows = R.handbook_for(desk, street.categories["水电气/停电"])
    assert [r.question for r in rows] == ["停电怎么办", "水电气报修流程", "热线服务时间"]
    assert rows[0].category == "水电气/停电" and rows[2].category == ""
    # A parent finds its children's entries after its own.
    assert [r.question for r in R.handbook_for(desk, street.categories["水电气"])] == [
        "水电气报修流程", "停电怎么办", "楼上漏水", "热线服务时间"]
    # Text narrows, and reaches other categories after the chosen one's.
    assert [r.question for r in R.handbook_for(desk, street.categories["水电气/停电"], "报修")] == [
        "停电怎么办", "水电气报修流程", "楼上漏水"]
    assert [r.question for r in R.handbook_for(desk, None, "噪音")] == ["夜间装修噪音"]
    assert len(R.handbook_for(desk, None)) == 5


def test_handbook_edits_are_validated_and_audited(desk, street, operator):
    with pytest.raises(ValidationError, match="请填写问题"):
        R.create_handbook_entry(desk, operator, _entry(street, None, " "))
    with pytest.raises(NotFound, match="问题分类不存在"):
        R.create_handbook_entry(desk, operator, R.HandbookInput("q", "a", 9999))
    eid = R.create_handbook_entry(desk, operator, _entry(street, "水电气/停电", "停电怎么办"))
    data = R.load_handbook_entry(desk, eid)
    data.answer = "先问清范围，整栋楼停电找供电所 95598"
    R.update_handbook_entry(desk, operator, eid, data)
    R.delete_handbook_entry(desk, operator, eid)
    with desk.db.read() as s:
        assert s.get(HandbookEntry, eid) is None
    acts = _audits(desk, "handbook")
    assert [a.action for a in acts] == ["create_handbook_entry", "update_handbook_entry", "delete_handbook_entry"]
    assert json.loads(acts[1].new) == {"answer": "先问清范围，整栋楼停电找供电所 95598"}
    assert json.loads(acts[2].old)["question"] == "停电怎么办"


# ----------------------------------------------------------------- categories

def test_category_choices_are_a_tree_with_initials(desk, street):
    choices = C.category_choices(desk)
    assert [c.path for c in choices] == ["水电气", "水电气/停电", "水电气/漏水", "噪音扰民"]
    td = choices[1]
    assert (td.name, td.parent_id, td.initials) == ("停电", street.categories["水电气"], "sdqtd")
    assert choices[0].parent_id is None and choices[0].initials == "sdq"


def test_community_choices_carry_initials_and_grid(desk, street):
    got = {c.name: c for c in C.community_choices(desk)}
    assert got["嘉宏三村"].initials == "jhsc" and got["嘉宏三村"].grid == "第一网格"
    assert got["白马小区"].grid == "第二网格"


def test_create_and_rename_categories(desk, street, supervisor):
    top = C.create_category(desk, supervisor, "为老服务")
    child = C.create_category(desk, supervisor, "助餐", parent_id=top)
    with pytest.raises(ValidationError, match="两级"):
        C.create_category(desk, supervisor, "午餐", parent_id=child)
    with pytest.raises(ValidationError, match="已存在"):
        C.create_category(desk, supervisor, "噪音扰民")
    with pytest.raises(ValidationError, match="已存在"):
        C.create_category(desk, supervisor, "停电", parent_id=street.categories["水电气"])
    C.create_category(desk, supervisor, "停电")  # the same name elsewhere in the tree is fine
    with pytest.raises(ValidationError, match="分隔符"):
        C.create_category(desk, supervisor, "水/电")
    with pytest.raises(NotFound):
        C.create_category(desk, supervisor, "x", parent_id=9999)

    assert C.rename_category(desk, supervisor, child, "老年助餐").settings
    with desk.db.read() as s:
        c = s.get(Category, child)
        assert (c.name, c.initials, c.parent_id) == ("老年助餐", "lnzc", top)
    with pytest.raises(ValidationError, match="已存在"):
        C.rename_category(desk, supervisor, street.categories["水电气/漏水"], "停电")
    paths = [c.path for c in C.category_choices(desk)]
    assert "为老服务/老年助餐" in paths
    acts = _audits(desk, "category")
    assert [a.action for a in acts] == ["create_category", "create_category", "create_category",
                                        "rename_category"]
    assert json.loads(acts[-1].old) == {"name": "助餐"} and json.loads(acts[-1].new) == {"name": "老年助餐"}
