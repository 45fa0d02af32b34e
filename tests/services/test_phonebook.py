"""The phonebook use cases: validation, storage in canonical form, audit, search."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from console.domain.errors import NotFound, ValidationError
from console.services import phonebook as P
from console.services import phonebook_reads as PR
from console.services import tickets as T
from console.store.models import AuditEntry, Contact, Ticket, Unit, UnitCategory, UnitCommunity

SH = ZoneInfo("Asia/Shanghai")


def _audits(desk, entity_id=None, action=None):
    with desk.db.read() as s:
        q = select(AuditEntry.action, AuditEntry.user_id, AuditEntry.entity_id, AuditEntry.old,
                   AuditEntry.new).where(AuditEntry.entity == "unit")
        if entity_id is not None:
            q = q.where(AuditEntry.entity_id == entity_id)
        if action is not None:
            q = q.where(AuditEntry.action == action)
        return s.execute(q.order_by(AuditEntry.id)).all()


def _water(street, **kw) -> P.UnitInput:
    base = dict(
        name="城东自来水公司", kind="供水", communities=[street.communities["嘉宏三村"]],
        categories=[street.categories["水电气/漏水"]], skills="水管抢修", notes="",
        contacts=[P.ContactInput("调度室", "调度", "021 5912 3456、１３９-0013-9000", "24小时"),
                  P.ContactInput("李工", "维修", "13900139001 13900139002", "工作日 08:30-17:30")],
    )
    base.update(kw)
    return P.UnitInput(**base)


def test_create_unit_normalises_phones_stores_initials_and_audits(desk, street, operator):
    uid = P.create_unit(desk, operator, _water(street))
    with desk.db.read() as s:
        u = s.get(Unit, uid)
        assert (u.name, u.kind, u.initials, u.skills) == ("城东自来水公司", "water", "cdzlsgs", "水管抢修")
        phones = s.scalars(select(Contact.phones).where(Contact.unit_id == uid).order_by(Contact.id)).all()
        assert phones == ["021-59123456、13900139000", "13900139001、13900139002"]
        assert s.scalars(select(UnitCommunity.community_id).where(UnitCommunity.unit_id == uid)).all() == [
            street.communities["嘉宏三村"]]
        assert s.scalars(select(UnitCategory.category_id).where(UnitCategory.unit_id == uid)).all() == [
            street.categories["水电气/漏水"]]
    [a] = _audits(desk, uid)
    assert a.action == "create_unit" and a.user_id == operator.id and a.old == ""
    new = json.loads(a.new)
    assert new["name"] == "城东自来水公司" and new["communities"] == ["嘉宏三村"]
    assert new["categories"] == ["水电气/漏水"] and len(new["contacts"]) == 2


def test_phone_with_spaces_inside_one_number_and_an_extension_stays_one_number():
    assert P.clean_phones("021 5912 3456 转 801") == "021-59123456-801"
    assert P.clean_phones("13800138000/021-59123456，95598") == "13800138000、021-59123456、95598"
    assert P.clean_phones("13800138000 13800138000") == "13800138000"


@pytest.mark.parametrize("field, value, zh_part", [
    ("name", "  ", "请填写单位名称"),
    ("kind", "修鞋铺", "单位类别“修鞋铺”无效"),
])
def test_unit_level_validation_messages(desk, street, operator, field, value, zh_part):
    with pytest.raises(ValidationError) as e:
        P.create_unit(desk, operator, _water(street, **{field: value}))
    assert zh_part in e.value.zh and e.value.en


def test_duty_hours_and_phone_messages_say_which_contact(desk, street, operator):
    bad_duty = _water(street, contacts=[P.ContactInput("李工", "维修", "13900139001", "早上八点到晚上")])
    with pytest.raises(ValidationError) as e:
        P.create_unit(desk, operator, bad_duty)
    assert e.value.zh.startswith("联系人“李工”：值班时间“早上八点到晚上”无法识别")
    assert "contact '李工'" in e.value.en

    bad_phone = _water(street, contacts=[P.ContactInput("", "调度", "12ab", "24小时")])
    with pytest.raises(ValidationError) as e:
        P.create_unit(desk, operator, bad_phone)
    assert e.value.zh.startswith("联系人“调度”：电话号码“12ab”无法识别")

    no_phone = _water(street, contacts=[P.ContactInput("王师傅", "", "", "24小时")])
    with pytest.raises(ValidationError, match="联系人“王师傅”没有填写电话号码"):
        P.create_unit(desk, operator, no_phone)
    assert _audits(desk, action="create_unit") == []


def test_blank_contact_rows_from_the_dialog_are_dropped(desk, street, operator):
    uid = P.create_unit(desk, operator, _water(street, contacts=[
        P.ContactInput("调度室", "", "95598", "24小时"), P.ContactInput(" ", "", "", "")]))
    assert len(P.load_unit(desk, uid).contacts) == 1


def test_names_are_unique(desk, street, operator):
    with pytest.raises(ValidationError, match="单位名称“城东供电所”已存在"):
        P.create_unit(desk, operator, _water(street, name=" 城东供电所 "))
    uid = P.create_unit(desk, operator, _water(street))
    with pytest.raises(ValidationError, match="已存在"):
        P.update_unit(desk, operator, uid, _water(street, name="城东派出所"))


def test_unknown_community_or_category_is_refused(desk, street, operator):
    with pytest.raises(NotFound, match="社区不存在"):
        P.create_unit(desk, operator, _water(street, communities=[9999]))
    with pytest.raises(NotFound, match="问题分类不存在"):
        P.create_unit(desk, operator, _water(street, categories=[9999]))


def test_update_audits_only_what_changed_and_keeps_contact_ids(desk, street, operator):
    uid = P.create_unit(desk, operator, _water(street))
    data = P.load_unit(desk, uid)
    first_id = data.contacts[0].id
    data.contacts[0].duty_hours = "20:00-08:00"
    data.contacts.pop(1)
    data.notes = "夜间找调度室"
    changes = P.update_unit(desk, operator, uid, data)
    assert changes.units
    after = P.load_unit(desk, uid)
    assert [c.id for c in after.contacts] == [first_id]
    assert after.contacts[0].duty_hours == "20:00-08:00"
    a = _audits(desk, uid)[-1]
    assert a.action == "update_unit"
    old, new = json.loads(a.old), json.loads(a.new)
    assert set(new) == {"notes", "contacts"}
    assert old["notes"] == "" and new["notes"] == "夜间找调度室"
    assert len(old["contacts"]) == 2 and new["contacts"][0]["duty_hours"] == "20:00-08:00"

    # Saving the same values again changes nothing and writes no audit row.
    n = len(_audits(desk, uid))
    assert not P.update_unit(desk, operator, uid, P.load_unit(desk, uid)).units
    assert len(_audits(desk, uid)) == n


def test_update_refuses_a_contact_of_another_unit(desk, street, operator):
    uid = P.create_unit(desk, operator, _water(street))
    data = P.load_unit(desk, uid)
    data.contacts[0].id = street.contacts["城东供电所/值班室"]
    with pytest.raises(ValidationError, match="联系人不属于这个单位"):
        P.update_unit(desk, operator, uid, data)


def test_update_missing_unit(desk, street, operator):
    with pytest.raises(NotFound):
        P.update_unit(desk, operator, 9999, _water(street))


def _dispatch_to(desk, street, operator, unit_name):
    t = T.log_call(desk, operator, T.NewCall(description="停电", community_id=street.communities["嘉宏三村"],
                                             category_id=street.categories["水电气/停电"]))
    T.dispatch(desk, operator, t.id, T.Dispatch(unit_id=street.units[unit_name],
                                                 contact_id=street.contacts[f"{unit_name}/值班室"]))
    return t.id


def test_units_named_by_tickets_are_deactivated_never_deleted(desk, street, operator):
    uid = street.units["城东供电所"]
    tid = _dispatch_to(desk, street, operator, "城东供电所")
    with pytest.raises(ValidationError, match="不能删除，只能停用"):
        P.delete_unit(desk, operator, uid)
    assert P.deactivate_unit(desk, operator, uid).units
    assert not P.deactivate_unit(desk, operator, uid).units  # already inactive: no second audit row
    with desk.db.read() as s:
        assert s.get(Unit, uid).active is False
        assert s.get(Ticket, tid).unit_id == uid
    acts = [a.action for a in _audits(desk, uid)]
    assert acts == ["deactivate_unit"]
    assert json.loads(_audits(desk, uid)[0].new) == {"active": False}
    P.set_unit_active(desk, operator, uid, True)
    assert [a.action for a in _audits(desk, uid)] == ["deactivate_unit", "activate_unit"]


def test_removing_a_contact_a_ticket_named_keeps_the_ticket(desk, street, operator):
    uid = street.units["城东供电所"]
    tid = _dispatch_to(desk, street, operator, "城东供电所")
    data = P.load_unit(desk, uid)
    data.contacts = [P.ContactInput("调度", "", "95598", "24小时")]
    P.update_unit(desk, operator, uid, data)
    with desk.db.read() as s:
        t = s.get(Ticket, tid)
        assert t.unit_id == uid and t.contact_id is None


def test_a_unit_no_ticket_named_can_be_deleted_with_audit(desk, street, operator):
    uid = P.create_unit(desk, operator, _water(street))
    P.delete_unit(desk, operator, uid)
    with desk.db.read() as s:
        assert s.get(Unit, uid) is None
        assert s.scalars(select(Contact).where(Contact.unit_id == uid)).all() == []
    a = _audits(desk, uid)[-1]
    assert a.action == "delete_unit" and json.loads(a.old)["name"] == "城东自来水公司" and a.new == ""


def _names(rows):
    return [r.name for r in rows]


def test_search_by_name_initials_skills_person_and_phone(desk, street, operator):
    P.create_unit(desk, operator, _water(street))
    assert _names(PR.search_units(desk, "jhsc")) == ["嘉宏三村物业"]
    assert _names(PR.search_units(desk, "供电")) == ["城东供电所"]
    assert _names(PR.search_units(desk, "水管")) == ["城东自来水公司"]
    assert _names(PR.search_units(desk, "陈师傅")) == ["嘉宏三村物业"]
    assert set(_names(PR.search_units(desk, "5912 3456"))) == {"嘉宏三村物业", "城东自来水公司"}
    assert _names(PR.search_units(desk, "02159120000")) == ["白马小区物业"]
    assert PR.search_units(desk, "没有这个单位") == []


def test_search_filters_kind_community_category(desk, street, operator):
    assert set(_names(PR.search_units(desk, kind="物业"))) == {"嘉宏三村物业", "白马小区物业"}
    assert set(_names(PR.search_units(desk, kind="property"))) == {"嘉宏三村物业", "白马小区物业"}
    # 白马小区: its own property company plus the street-wide units.
    assert set(_names(PR.search_units(desk, community_id=street.communities["白马小区"]))) == {
        "白马小区物业", "城东供电所", "城东派出所"}
    # 停电 is handled by the power station (exactly) and the property companies (via 水电气).
    assert set(_names(PR.search_units(desk, category_id=street.categories["水电气/停电"]))) == {
        "嘉宏三村物业", "白马小区物业", "城东供电所"}
    # A parent category also finds units that handle one of its children.
    assert "城东供电所" in _names(PR.search_units(desk, category_id=street.categories["水电气"]))
    with pytest.raises(ValidationError):
        PR.search_units(desk, kind="不存在的类别")


def test_search_rows_say_who_is_reachable_now(desk, street, operator, clock):
    clock.set(datetime(2026, 11, 23, 2, 0, tzinfo=SH))  # Monday 02:00
    rows = {r.name: r for r in PR.search_units(desk)}
    jh = rows["嘉宏三村物业"]
    assert [(c.person, c.reachable_now) for c in jh.contacts] == [("物业办公室", False), ("陈师傅", True)]
    assert jh.reachable_now and jh.communities == ("嘉宏三村",) and jh.categories == ("水电气",)
    assert jh.kind_label == "物业"
    assert not rows["白马小区物业"].reachable_now
    assert rows["城东供电所"].communities == ()
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=SH))
    rows = {r.name: r for r in PR.search_units(desk)}
    assert rows["白马小区物业"].reachable_now


def test_inactive_units_sort_last_or_are_left_out(desk, street, operator):
    P.deactivate_unit(desk, operator, street.units["城东派出所"])
    names = _names(PR.search_units(desk))
    assert names[-1] == "城东派出所"
    assert "城东派出所" not in _names(PR.search_units(desk, include_inactive=False))


def test_pick_lists_name_every_unit_in_the_phonebooks_order(desk, street, operator):
    """The ticket list's 单位 filter reads names only (services.phonebook_reads.unit_names), in the phonebook's order."""
    from console.services.phonebook import set_unit_active
    from console.services.phonebook_reads import search_units, unit_names

    set_unit_active(desk, operator, street.units["城东供电所"], False)  # retired units go last
    names = unit_names(desk)
    assert [(u.id, u.name, u.active) for u in names] == [(u.id, u.name, u.active) for u in search_units(desk)]
    assert names[-1].name == "城东供电所" and not names[-1].active
