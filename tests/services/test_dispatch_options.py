"""Who to phone for a ticket at a given hour: the phonebook read through the ranking."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.domain.errors import ValidationError
from console.services import phonebook as P
from console.services.dispatch_options import dispatch_options

SH = ZoneInfo("Asia/Shanghai")
MON_2AM = datetime(2026, 11, 23, 2, 0, tzinfo=SH)  # 2026-11-23 is a Monday
MON_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=SH)


def _who(ranked):
    return [f"{r.option.unit_name}/{r.option.person}" for r in ranked]


def _power_cut(desk, street, at):
    return dispatch_options(desk, street.categories["水电气/停电"], street.communities["嘉宏三村"], at)


def test_at_2am_the_night_electrician_and_the_24_hour_line_before_the_closed_office(desk, street):
    ranked = _power_cut(desk, street, MON_2AM)
    assert _who(ranked) == ["嘉宏三村物业/陈师傅", "城东供电所/值班室", "嘉宏三村物业/物业办公室"]
    electrician, power, office = ranked
    assert electrician.reachable and power.reachable and not office.reachable
    assert electrician.option.covers_community and not electrician.option.handles_category
    assert power.option.handles_category and not power.option.covers_community
    assert power.reason_zh == "24小时值班，现在可联系"
    assert office.opens_at == datetime(2026, 11, 23, 8, 30, tzinfo=SH)
    assert office.reason_zh == "08:30 上班（现在下班）"
    # 白马小区物业 covers another community: never offered for 嘉宏三村.
    assert not any(r.option.unit_name == "白马小区物业" for r in ranked)


def test_at_10am_on_a_weekday_the_property_office_ranks_first(desk, street):
    ranked = _power_cut(desk, street, MON_10AM)
    assert _who(ranked)[0] == "嘉宏三村物业/物业办公室"
    assert _who(ranked) == ["嘉宏三村物业/物业办公室", "城东供电所/值班室", "嘉宏三村物业/陈师傅"]
    assert ranked[-1].opens_at == datetime(2026, 11, 23, 20, 0, tzinfo=SH)


def test_default_time_is_the_desk_clock(desk, street, clock):
    clock.set(MON_2AM)
    assert _who(dispatch_options(desk, street.categories["水电气/停电"], street.communities["嘉宏三村"])) == \
        _who(_power_cut(desk, street, MON_2AM))
    # A UTC moment is read on the desk's wall clock: 18:00 UTC Sunday is 02:00 Monday here.
    utc = datetime(2026, 11, 22, 18, 0, tzinfo=ZoneInfo("UTC"))
    assert _who(_power_cut(desk, street, utc))[0] == "嘉宏三村物业/陈师傅"


def test_inactive_units_and_other_categories_are_not_offered(desk, street, operator):
    P.deactivate_unit(desk, operator, street.units["城东供电所"])
    assert "城东供电所/值班室" not in _who(_power_cut(desk, street, MON_2AM))
    noise = dispatch_options(desk, street.categories["噪音扰民"], street.communities["白马小区"], MON_2AM)
    assert _who(noise) == ["城东派出所/值班民警"]


def test_a_contact_with_unrecorded_hours_ranks_before_closed_ones(desk, street, operator):
    data = P.load_unit(desk, street.units["嘉宏三村物业"])
    data.contacts.append(P.ContactInput("保安队", "门岗", "13800138009", ""))
    P.update_unit(desk, operator, street.units["嘉宏三村物业"], data)
    ranked = _power_cut(desk, street, MON_2AM)
    assert _who(ranked) == ["嘉宏三村物业/陈师傅", "城东供电所/值班室", "嘉宏三村物业/保安队",
                            "嘉宏三村物业/物业办公室"]
    assert ranked[2].reason_zh == "值班时间未登记，可能无人接听"


def test_naive_time_is_refused(desk, street):
    with pytest.raises(ValidationError):
        dispatch_options(desk, None, None, datetime(2026, 11, 23, 2, 0))
