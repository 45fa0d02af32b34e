"""Ranking the phonebook for a call: who answers now and knows the place."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from console.domain.duty_hours import parse_duty_hours
from console.domain.ranking import ContactOption, rank_contacts

# 2026-11-23 is a Monday.
MON_2AM = datetime(2026, 11, 23, 2, 0)
MON_10AM = datetime(2026, 11, 23, 10, 0)


def option(unit_id: int, name: str, duty: str, *, covers: bool = False, exact: bool = True,
           kind: str = "other", person: str = "值班员") -> ContactOption:
    return ContactOption(
        unit_id=unit_id, unit_name=name, unit_kind=kind, contact_id=unit_id * 10, person=person,
        role="", phones="021-59123456", duty=parse_duty_hours(duty),
        covers_community=covers, handles_category=exact,
    )


POWER = option(1, "嘉定供电所", "24小时", kind="power")
PROPERTY = option(2, "嘉宏物业", "工作日 08:30-17:30", covers=True, kind="property")
ELECTRICIAN = option(3, "嘉宏物业", "20:00-08:00", covers=True, kind="property", person="值班电工")
VOLUNTEER = option(4, "志愿者服务队", "", kind="volunteer")
STREET = option(5, "街道城管科", "工作日 09:00-17:00", kind="street_office")


def names(ranked) -> list[str]:
    return [f"{r.option.unit_name}/{r.option.person}" for r in ranked]


def test_at_2am_the_24_hour_line_ranks_above_the_closed_office() -> None:
    ranked = rank_contacts([PROPERTY, POWER], MON_2AM)
    assert [r.option for r in ranked] == [POWER, PROPERTY]
    assert ranked[0].reachable and ranked[0].opens_at is None
    assert ranked[0].reason_zh == "24小时值班，现在可联系"
    assert not ranked[1].reachable
    assert ranked[1].opens_at == datetime(2026, 11, 23, 8, 30)
    assert ranked[1].reason_zh == "08:30 上班（现在下班）"
    assert ranked[1].reason_en == "Opens at 08:30 (closed now)"


def test_at_10am_on_a_weekday_the_community_property_office_ranks_first() -> None:
    ranked = rank_contacts([POWER, PROPERTY], MON_10AM)
    assert [r.option for r in ranked] == [PROPERTY, POWER]
    assert all(r.reachable for r in ranked)
    assert "现在可联系" in ranked[0].reason_zh and "工作日 08:30-17:30" in ranked[0].reason_zh


def test_at_night_the_estate_electrician_beats_the_24_hour_line() -> None:
    ranked = rank_contacts([POWER, PROPERTY, ELECTRICIAN], MON_2AM)
    assert [r.option for r in ranked] == [ELECTRICIAN, POWER, PROPERTY]


def test_exact_category_before_parent_category() -> None:
    parent = option(6, "A 综合服务", "24小时", exact=False)
    exact = option(7, "Z 水电维修", "24小时", exact=True)
    assert [r.option for r in rank_contacts([parent, exact], MON_2AM)] == [exact, parent]


def test_community_before_exact_category() -> None:
    local_parent = option(6, "本小区物业", "24小时", covers=True, exact=False)
    generic_exact = option(7, "区水电热线", "24小时", exact=True)
    assert [r.option for r in rank_contacts([generic_exact, local_parent], MON_2AM)] == [local_parent, generic_exact]


def test_ties_break_by_unit_name_then_person() -> None:
    a = option(8, "乙单位", "24小时", person="王")
    b = option(9, "甲单位", "24小时", person="李")
    c = option(10, "甲单位", "24小时", person="张")
    ranked = rank_contacts([a, c, b], MON_2AM)
    assert [r.option for r in ranked] == sorted([a, b, c], key=lambda o: (o.unit_name, o.person))
    assert rank_contacts([a, c, b], MON_2AM) == rank_contacts([b, a, c], MON_2AM)


def test_closed_units_in_order_of_opening() -> None:
    ranked = rank_contacts([STREET, PROPERTY, POWER], MON_2AM)
    assert [r.option for r in ranked] == [POWER, PROPERTY, STREET]
    assert ranked[2].opens_at == datetime(2026, 11, 23, 9, 0)


def test_unknown_hours_come_after_reachable_and_before_closed() -> None:
    ranked = rank_contacts([PROPERTY, VOLUNTEER, POWER], MON_2AM)
    assert [r.option for r in ranked] == [POWER, VOLUNTEER, PROPERTY]
    assert not ranked[1].reachable and ranked[1].opens_at is None
    assert "未登记" in ranked[1].reason_zh


def test_opening_tomorrow_and_later_in_the_week() -> None:
    fri_night = datetime(2026, 11, 27, 22, 0)
    weekend = option(11, "周末服务站", "周末 09:00-12:00")
    ranked = rank_contacts([PROPERTY, weekend], fri_night)
    assert [r.option for r in ranked] == [weekend, PROPERTY]
    assert ranked[0].reason_zh == "明天 09:00 上班（现在下班）"
    assert ranked[0].reason_en == "Opens tomorrow at 09:00 (closed now)"
    assert ranked[1].reason_zh == "周一 08:30 上班（现在下班）"
    assert ranked[1].reason_en == "Opens Monday at 08:30 (closed now)"


def test_opening_next_week() -> None:
    monday_only = option(12, "周一接待", "周一 09:00-10:00")
    [r] = rank_contacts([monday_only], MON_10AM)
    assert r.opens_at == datetime(2026, 11, 30, 9, 0)
    assert r.reason_zh == "下周一 09:00 上班（现在下班）"


def test_aware_local_time_is_accepted() -> None:
    sh = ZoneInfo("Asia/Shanghai")
    ranked = rank_contacts([PROPERTY, POWER], MON_2AM.replace(tzinfo=sh))
    assert [r.option for r in ranked] == [POWER, PROPERTY]
    assert ranked[1].opens_at == datetime(2026, 11, 23, 8, 30, tzinfo=sh)


def test_empty_phonebook() -> None:
    assert rank_contacts([], MON_2AM) == []


def test_domain_modules_import_no_qt_or_sqlalchemy() -> None:
    """The domain must load in a CLI or a report worker without Qt or a database."""
    code = (
        "import sys\n"
        "import console.domain.phone, console.domain.duty_hours, console.domain.initials, "
        "console.domain.clock, console.domain.timeutil, console.domain.ticket_number, "
        "console.domain.deadline_policy, console.domain.ranking\n"
        "console.domain.initials.pinyin_initials('嘉宏')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


def test_a_holiday_says_why_the_office_is_closed():
    from datetime import date

    from console.domain.work_calendar import HOLIDAY, CalendarDay, WorkCalendar

    cal = WorkCalendar.of([CalendarDay(date(2026, 10, 1), HOLIDAY)], known_years=[2026])
    office = ContactOption(1, "街道城管科", "street_office", 1, "王科长", "", "59000000",
                           parse_duty_hours("工作日 08:30-17:30"), True, True)
    [r] = rank_contacts([office], datetime(2026, 10, 1, 10, 0), cal)
    assert not r.reachable and r.reason_zh == "节假日休息，明天 08:30 上班"
    [r] = rank_contacts([office], datetime(2026, 10, 1, 10, 0))
    assert r.reachable
