"""管理 menu editors, below the window: street, categories, request types, accounts.

Each use case is checked on the `desk` fixture with the small street; the
rules that protect history (merge moves every reference, retired rows stay
on old tickets, the last administrator stays) are the point.
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from console.domain.errors import PermissionDenied, ValidationError
from console.services import accounts as A
from console.services import categories as C
from console.services import request_types as R
from console.services import street as S
from console.services import tickets as T
from console.store import queries
from console.store.models import AuditEntry, Community, SpecialGroupMember, Ticket, UnitCommunity


def _ticket(desk, actor, community_id=None, **kw):
    return T.log_call(desk, actor, T.NewCall(description="楼道灯坏了", caller_phone="13800138000",
                                             community_id=community_id, **kw)).id


def _audit(desk, action):
    with desk.db.read() as s:
        return [(json.loads(a.old or "{}"), json.loads(a.new or "{}"))
                for a in s.scalars(select(AuditEntry).where(AuditEntry.action == action))]


# ------------------------------------------------------------------ street

def test_rename_a_community_old_tickets_follow(desk, street, operator, supervisor):
    jh = street.communities["嘉宏三村"]
    tid = _ticket(desk, operator, jh)
    assert S.rename_community(desk, supervisor, jh, "嘉宏第三村").settings
    with desk.db.read() as s:
        assert queries.ticket_detail(s, tid).community == "嘉宏第三村"
    assert _audit(desk, "rename_community") == [({"name": "嘉宏三村"}, {"name": "嘉宏第三村"})]
    with pytest.raises(ValidationError, match="合并"):
        S.rename_community(desk, supervisor, jh, "白马小区")
    with pytest.raises(PermissionDenied):
        S.rename_community(desk, operator, jh, "别的名字")


def test_merge_moves_every_reference_then_deletes(desk, street, operator, supervisor):
    jh, bm = street.communities["嘉宏三村"], street.communities["白马小区"]
    typo = S.add_communities(desk, supervisor, ["嘉宏3村"])[0]
    t1, t2 = _ticket(desk, operator, typo), _ticket(desk, operator, jh)
    with desk.db.write() as s:
        # a unit that covers both spellings, and one that covers only the typo
        s.add(UnitCommunity(unit_id=street.units["嘉宏三村物业"], community_id=typo))
        s.add(UnitCommunity(unit_id=street.units["城东供电所"], community_id=typo))
        s.add(SpecialGroupMember(name="王阿婆", phone="", community_id=typo, group="独居老人"))
    with pytest.raises(ValidationError, match="自己"):
        S.merge_communities(desk, supervisor, jh, jh)
    ch = S.merge_communities(desk, supervisor, jh, typo)
    assert t1 in ch.tickets
    with desk.db.read() as s:
        assert s.get(Community, typo) is None
        assert {s.get(Ticket, t).community_id for t in (t1, t2)} == {jh}
        assert set(s.scalars(select(UnitCommunity.unit_id).where(UnitCommunity.community_id == jh))) == {
            street.units["嘉宏三村物业"], street.units["城东供电所"]}
        assert s.scalar(select(func.count()).select_from(UnitCommunity)
                        .where(UnitCommunity.community_id == typo)) == 0
        assert s.scalar(select(SpecialGroupMember.community_id)) == jh
    old, new = _audit(desk, "merge_community")[0]
    assert old["name"] == "嘉宏3村" and new["name"] == "嘉宏三村" and new["tickets"] == 1
    assert bm in {c.id for c in C.community_choices(desk)}


def test_retired_community_leaves_pickers_but_stays_on_old_tickets(desk, street, operator, supervisor):
    bm = street.communities["白马小区"]
    tid = _ticket(desk, operator, bm)
    S.set_community_active(desk, supervisor, bm, False)
    assert bm not in {c.id for c in C.community_choices(desk)}
    assert bm in {c.id for c in C.community_choices(desk, include_retired=True)}
    with desk.db.read() as s:
        assert queries.ticket_detail(s, tid).community == "白马小区"
    S.set_community_active(desk, supervisor, bm, True)
    assert bm in {c.id for c in C.community_choices(desk)}
    assert [a[1]["active"] for a in _audit(desk, "retire_community")] == [False]


def test_delete_only_what_nothing_uses(desk, street, operator, supervisor):
    jh = street.communities["嘉宏三村"]
    _ticket(desk, operator, jh)
    with pytest.raises(ValidationError, match="已被 1 张工单使用，只能停用或合并"):
        S.delete_community(desk, supervisor, jh)
    new = S.add_communities(desk, supervisor, ["临时小区"])[0]
    S.delete_community(desk, supervisor, new)
    assert "临时小区" not in {c.name for c in S.list_communities(desk)}


def test_edit_grid_worker_and_coverage(desk, street, supervisor):
    jh, bm = street.communities["嘉宏三村"], street.communities["白马小区"]
    g1 = next(g for g in S.list_grids(desk) if g.name == "第一网格")
    S.edit_grid(desk, supervisor, g1.id, name="一网格", worker="钱网格", phone="13900000001",
                community_ids=[bm])
    g = next(g for g in S.list_grids(desk) if g.id == g1.id)
    assert (g.name, g.worker, g.communities) == ("一网格", "钱网格", ("白马小区",))
    rows = {c.id: c for c in S.list_communities(desk)}
    assert rows[jh].grid_id is None and rows[bm].grid == "一网格"
    assert not S.edit_grid(desk, supervisor, g1.id, worker="钱网格").settings  # unchanged: no audit
    S.set_grid_active(desk, supervisor, g1.id, False)
    assert not next(g for g in S.list_grids(desk) if g.id == g1.id).active


# ------------------------------------------------------------------ categories

def test_category_move_two_levels_and_retired_parent(desk, street, supervisor, operator):
    cats = street.categories
    noise = cats["噪音扰民"]
    C.move_category(desk, supervisor, noise, cats["水电气"])
    assert any(c.path == "水电气/噪音扰民" for c in C.category_choices(desk))
    with pytest.raises(ValidationError, match="二级"):
        C.move_category(desk, supervisor, cats["水电气/停电"], noise)
    with pytest.raises(ValidationError, match="下面还有分类"):
        top = C.create_category(desk, supervisor, "为老服务")
        C.move_category(desk, supervisor, cats["水电气"], top)
    C.set_category_active(desk, supervisor, top, False)
    with pytest.raises(ValidationError, match="已停用"):
        C.move_category(desk, supervisor, noise, top)
    C.move_category(desk, supervisor, noise, None)
    with pytest.raises(PermissionDenied):
        C.move_category(desk, operator, noise, cats["水电气"])


def test_retired_category_hides_its_children_from_pickers(desk, street, supervisor):
    sdq = street.categories["水电气"]
    C.set_category_active(desk, supervisor, sdq, False)
    assert {c.path for c in C.category_choices(desk)} == {"噪音扰民"}
    everything = C.category_choices(desk, include_retired=True)
    assert {c.path for c in everything if not c.active} == {"水电气", "水电气/停电", "水电气/漏水"}
    C.set_category_active(desk, supervisor, street.categories["水电气/停电"], False)
    C.set_category_active(desk, supervisor, sdq, True)
    assert "水电气/停电" not in {c.path for c in C.category_choices(desk)}


def test_category_code_rule_and_unique(desk, street, supervisor):
    td, ls = street.categories["水电气/停电"], street.categories["水电气/漏水"]
    C.set_category_code(desk, supervisor, td, " 0101.02 ")
    assert next(c.code for c in C.category_choices(desk) if c.id == td) == "0101.02"
    with pytest.raises(ValidationError, match="已用于"):
        C.set_category_code(desk, supervisor, ls, "0101.02")
    for bad in ("停电", "a b", "x" * 33):
        with pytest.raises(ValidationError):
            C.set_category_code(desk, supervisor, ls, bad)
    C.set_category_code(desk, supervisor, td, "")  # blank: none, and never "taken"
    C.set_category_code(desk, supervisor, ls, "")


# ------------------------------------------------------------------ request types

def test_request_types_add_rename_retire(desk, street, operator, supervisor):
    code = R.add_request_type(desk, supervisor, "催办")
    assert code == "x1" and R.add_request_type(desk, supervisor, "预约") == "x2"
    tid = _ticket(desk, operator, request_type=code)
    names = R.request_type_names(desk)
    assert R.label_for(code, names, "en") == "催办" and R.label_for("help", names, "en") == "Help"
    assert R.label_for("nonsense", names) == "nonsense"  # never a crash
    R.rename_request_type(desk, supervisor, "help", "求助求援")
    names = R.request_type_names(desk)
    assert R.label_for("help", names) == "求助求援" and R.label_for("help", names, "en") == "求助求援"
    R.set_request_type_active(desk, supervisor, code, False)
    assert code not in {r.code for r in R.list_request_types(desk, include_retired=False)}
    with pytest.raises(ValidationError, match="停用"):
        _ticket(desk, operator, request_type=code)
    with desk.db.read() as s:
        assert s.get(Ticket, tid).request_type == code
    with pytest.raises(ValidationError, match="已存在"):
        R.add_request_type(desk, supervisor, "投诉")
    with pytest.raises(PermissionDenied):
        R.add_request_type(desk, operator, "别的")


# ------------------------------------------------------------------ accounts

def test_the_last_active_admin_stays(desk, street, admin, supervisor):
    lead = street.actors["lead"]
    with pytest.raises(ValidationError, match="自己"):
        A.set_role(desk, admin, admin.id, "supervisor")
    with pytest.raises(ValidationError, match="自己"):
        A.set_active(desk, admin, admin.id, False)
    A.set_role(desk, admin, lead.id, "admin")
    new_admin = A.authenticate(desk, "lead", "secret1")
    assert new_admin.role == "admin"
    # two admins at two seats each remove "the other": the second finds it would leave none
    A.set_active(desk, new_admin, admin.id, False)
    with pytest.raises(ValidationError, match="最后一个"):
        A.set_active(desk, admin, lead.id, False)  # a window still open as admin
    with pytest.raises(ValidationError, match="最后一个"):
        A.set_role(desk, admin, lead.id, "operator")
    assert A.active_admins(desk) == 1
    with pytest.raises(PermissionDenied):
        A.list_accounts(desk, supervisor)


def test_deactivate_reset_password_and_rename(desk, street, admin, operator):
    op = street.actors["op"]
    A.set_active(desk, admin, op.id, False)
    with pytest.raises(Exception, match="用户名或密码不对"):
        A.authenticate(desk, "op", "secret1")
    A.set_active(desk, admin, op.id, True)
    A.reset_password(desk, admin, op.id, "newpass1")
    assert A.authenticate(desk, "op", "newpass1").id == op.id
    with pytest.raises(ValidationError):
        A.reset_password(desk, admin, op.id, "123")
    A.set_display_name(desk, admin, op.id, "张晓梅")
    rows = {r.username: r for r in A.list_accounts(desk, admin)}
    assert rows["op"].display_name == "张晓梅" and rows["op"].active
    assert [n["active"] for _o, n in _audit(desk, "deactivate_user")] == [False]
    with pytest.raises(PermissionDenied):
        A.set_active(desk, operator, admin.id, False)
