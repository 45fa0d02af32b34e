"""Who to phone for this call, now.

Given the units that handle a ticket's category and their contacts, the
night operator needs the one that picks up *now* and knows the place:
the estate's own on-call electrician before the district's 24-hour line,
both before an office that opens at 08:30. Plain dataclasses in, a plain
list out, so the window, the CLI and tests rank the same way.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .duty_hours import WEEKDAY_ZH, DutyHours
from .work_calendar import WEEK_ONLY, WorkCalendar

_WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class ContactOption:
    """One contact of one unit that handles the ticket's category."""

    unit_id: int
    unit_name: str
    unit_kind: str
    contact_id: int | None
    person: str
    role: str
    phones: str
    duty: DutyHours
    covers_community: bool  # covers the ticket's community (False: everywhere, or a generic unit)
    handles_category: bool  # handles the exact category (False: only its parent category)


@dataclass(frozen=True)
class RankedContact:
    option: ContactOption
    reachable: bool
    opens_at: datetime | None  # local; None when reachable now, unknown, or not within 8 days
    reason_zh: str
    reason_en: str


def _when(opens: datetime, now: datetime) -> tuple[str, str]:
    hhmm = f"{opens:%H:%M}"
    days = (opens.date() - now.date()).days
    if days == 0:
        return hhmm, f"at {hhmm}"
    if days == 1:
        return f"明天 {hhmm}", f"tomorrow at {hhmm}"
    wd = opens.weekday()
    if days < 7:
        return f"周{WEEKDAY_ZH[wd]} {hhmm}", f"{_WEEKDAY_EN[wd]} at {hhmm}"
    return f"下周{WEEKDAY_ZH[wd]} {hhmm}", f"next {_WEEKDAY_EN[wd]} at {hhmm}"


def _rank_one(option: ContactOption, now: datetime, calendar: WorkCalendar) -> RankedContact:
    duty = option.duty
    if duty.always:
        return RankedContact(option, True, None, "24小时值班，现在可联系", "24-hour line, reachable now")
    if not duty.known:
        return RankedContact(
            option, False, None, "值班时间未登记，可能无人接听", "Duty hours not recorded; may not answer"
        )
    if duty.is_on_duty(now, calendar):
        return RankedContact(
            option, True, None, f"值班时间内（{duty}），现在可联系", f"On duty now ({duty})"
        )
    opens = duty.next_on_duty(now, calendar)
    if opens is None:
        return RankedContact(option, False, None, "近期不值班", "Not on duty in the coming week")
    zh, en = _when(opens, now)
    if duty.is_on_duty(now):  # by the week it would be open: today is a holiday
        return RankedContact(option, False, opens, f"节假日休息，{zh} 上班", f"Closed for the holiday; opens {en}")
    return RankedContact(option, False, opens, f"{zh} 上班（现在下班）", f"Opens {en} (closed now)")


def _local_key(r: RankedContact) -> tuple[bool, bool, str, str, int]:
    o = r.option
    return (not o.covers_community, not o.handles_category, o.unit_name, o.person, o.contact_id or 0)


def rank_contacts(options: Iterable[ContactOption], local_now: datetime,
                  calendar: WorkCalendar = WEEK_ONLY) -> list[RankedContact]:
    """The options in the order to try them at ``local_now`` (desk wall-clock time; holidays and
    调休 days from the desk's `calendar`).

    1. Reachable now: the community's own unit before one that covers
       everywhere, the exact category before its parent, then by unit name.
       Being a 24-hour line is not itself a preference: a unit that knows
       the estate beats a district switchboard when both answer.
    2. Duty hours unknown: might answer, so before units known to be closed.
    3. Closed now: by the moment they open, then as in 1; those that do not
       open within 8 days last.
    """
    ranked = [_rank_one(o, local_now, calendar) for o in options]
    reachable = sorted((r for r in ranked if r.reachable), key=_local_key)
    unknown = sorted((r for r in ranked if not r.reachable and not r.option.duty.known), key=_local_key)
    closed = sorted(
        (r for r in ranked if not r.reachable and r.option.duty.known),
        key=lambda r: (r.opens_at is None, _naive(r.opens_at), _local_key(r)),
    )
    return reachable + unknown + closed


def _naive(dt: datetime | None) -> datetime:
    # All opening times share local_now's tzinfo; dropping it keeps None-safe sorting simple.
    return dt.replace(tzinfo=None) if dt is not None else datetime.min


def check_dispatch_target(unit_id: int | None, unit_active: bool | None, contact_id: int | None,
                          contact_unit_id: int | None) -> None:
    """The unit a dispatch (or a co-unit) names must exist and be active (`unit_active` None: not found), and
    its contact, when one is named, must be one of that unit's (`contact_unit_id`: the contact's unit, None
    when not found). Raises the error the desk sees; the same rule for every write that sends a ticket."""
    from .errors import NotFound, ValidationError

    if not unit_active:
        raise NotFound("所选承办单位不存在或已停用。", "The chosen unit does not exist or is inactive.")
    if contact_id is not None and contact_unit_id != unit_id:
        raise ValidationError("联系人不属于所选单位。", "The contact does not belong to the chosen unit.")
