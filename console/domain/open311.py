"""Open data: a period's tickets as Open311 GeoReport v2 service requests (the one open standard for
such requests; https://wiki.open311.org/GeoReport_v2, "GET Service Requests").

A pure mapping: the store's query (console.store.open311_queries) yields `Open311Row`s, plain values,
and `service_request` turns one into the dict a city platform reads. The service
(console.services.open311) writes them as one JSON array. The choices, documented in README
("开放数据") and docs/DESIGN.md:

- which tickets: those received in the period that the figures count (一事一计): a duplicate merged
  into another ticket (已并单) is not a request of its own (its callers follow the one that stays),
  and a void one (作废: prank, wrong number, duplicate) was never a request — both are left out;
- every object carries exactly the specification's 17 response fields (`FIELDS`), in its order; a
  field the desk does not keep (service_notice, address_id, zipcode, lat, long, media_url) is null,
  as the specification's own example shows fields it does not return;
- service_request_id = the ticket number; status = "open" while the ticket waits on someone
  (console.domain.lifecycle's open statuses), "closed" once answered, resolved or called back;
- status_notes = the status in words, then the result (办理结果 / the answer given) when there is one;
- service_name = the category path (水电气/停电); service_code = the category's code (a city platform's
  or GB/T 39666), else "cat-<id>" (stable for the desk), "none" for a ticket without a category;
- description = what the caller said, at most 4,000 characters (the specification's limit);
- agency_responsible = the lead unit (主办单位); the desk itself for a call answered on the spot;
  null before a dispatch;
- requested = received, updated = the latest step (a step taken back still changed the ticket),
  expected = the due time of the resolution deadline (the latest one: a re-dispatch supersedes),
  each W3C/ISO 8601 with the desk's offset (2026-12-06T21:05:00+08:00);
- address (the response field; `address_string` is the name POST takes): masked, the community and
  building only ("嘉宏三村 12号": no room, no free text, which may name a household); unmasked, the
  whole address as the shift log prints it. A 保密 ticket has no address at all, masked or not.
- masked (the default): phone and identity-card numbers inside every text are masked
  (console.domain.masking.mask_text) and the caller's own name, where the text repeats it, is
  replaced by "＊＊", and so is a room number ("9号＊＊室": the address field stops at the building,
  the words should not give the household away either); a 保密 ticket's texts are treated so even in an unmasked file. The caller's
  name and phone have no field in the specification and are never written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from .address import display
from .enums import Status
from .errors import ValidationError
from .lifecycle import NOT_COUNTED_CODES, OPEN_STATUS_CODES
from .masking import mask_text
from .satisfaction import label as satisfaction_label

# GeoReport v2, GET Service Requests: the response's fields, in the specification's order
FIELDS: tuple[str, ...] = (
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
)
DESCRIPTION_LIMIT = 4000  # "free form text limited to 4,000 characters"
MAX_DAYS = 366  # the longest period one file covers
LEFT_OUT = NOT_COUNTED_CODES  # merged (并单) and void (作废): not requests of their own
NAME_MASK = "＊＊"
NO_CATEGORY = "未分类"

# a room inside the caller's words, on a masked file: "203室", "9号203" (not "9号10点", not "88号12栋")
_ROOM_MARKED = re.compile(r"(?<![0-9])\d{1,5}[A-Za-z]?(?=\s*(?:室|号房|房))")
_ROOM_AFTER = re.compile(r"(?<=号|栋|幢|座|元)(\s*[-/]?\s*)\d{1,5}[A-Za-z]?(?![0-9A-Za-z号栋幢座楼单点时日月分:：.])")
_STATUS_ZH = {s.value: s.zh for s in Status}


@dataclass(frozen=True, slots=True)
class Open311Row:
    """One ticket as the open-data file needs it (times aware UTC)."""

    number: str
    status: str
    received_at: datetime
    updated_at: datetime | None  # the latest step
    category_id: int | None
    category: str | None  # path: 水电气/停电
    category_code: str
    description: str
    result: str
    unit: str | None
    resolution_due_at: datetime | None
    community: str | None
    building: str
    room: str
    address: str
    caller_name: str  # only to take it out of the texts; never written
    confidential: bool
    paused: bool = False
    satisfaction: str | None = None


def period_days(first: date, last: date) -> tuple[date, date]:
    """The period `first` to `last` (both included), checked: not reversed, at most `MAX_DAYS` days."""
    if last < first:
        raise ValidationError(f"结束日期 {last} 早于开始日期 {first}。",
                              f"The end date {last} is before the start date {first}.")
    days = (last - first).days + 1
    if days > MAX_DAYS:
        raise ValidationError(f"时间段共 {days} 天，一个文件最多 {MAX_DAYS} 天；请分段导出。",
                              f"The period has {days} days; one file covers at most {MAX_DAYS}. "
                              "Export it in parts.")
    return first, last


def w3c(dt: datetime | None, tz: tzinfo) -> str | None:
    """A W3C/ISO 8601 date-time with the desk's offset, to the second: 2026-12-06T21:05:00+08:00."""
    if dt is None:
        return None
    return dt.astimezone(tz).isoformat(timespec="seconds")


def service_code(row: Open311Row) -> str:
    """The category's code, else a stable "cat-<id>"; "none" without a category."""
    if row.category_code.strip():
        return row.category_code.strip()
    return f"cat-{row.category_id}" if row.category_id is not None else "none"


def open_or_closed(status: str) -> str:
    return "open" if status in OPEN_STATUS_CODES else "closed"


def _status_notes(row: Open311Row) -> str:
    words = _STATUS_ZH.get(row.status, row.status)
    if row.paused and row.status in OPEN_STATUS_CODES:
        words += "（挂起，等待来电人）"
    if row.satisfaction:
        words += f"（{satisfaction_label(row.satisfaction)}）"  # either scale's words (好差评 too)
    return f"{words}：{row.result.strip()}" if row.result.strip() else words


def _clean(text: str, row: Open311Row, hide: bool) -> str:
    """A text as the file shows it: numbers masked and the caller's own name taken out when `hide`."""
    if not hide or not text:
        return text
    name = row.caller_name.strip()
    if len(name) >= 2:
        text = text.replace(name, NAME_MASK)
    text = mask_text(text)
    text = _ROOM_MARKED.sub(NAME_MASK, text)
    return _ROOM_AFTER.sub(lambda m: m.group(1) + NAME_MASK, text)


def _limit(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[:DESCRIPTION_LIMIT - 1] + "…"


def _address(row: Open311Row, mask: bool) -> str | None:
    if row.confidential:
        return None
    if mask:
        text = " ".join(p for p in (row.community or "", display(None, row.building, "", "")) if p)
    else:
        text = display(row.community, row.building, row.room, row.address)
    return text.strip() or None


def service_request(row: Open311Row, *, tz: tzinfo, mask: bool = True, desk_name: str = "") -> dict[str, Any]:
    """One GeoReport v2 service request (keys exactly `FIELDS`, in that order)."""
    hide = mask or row.confidential
    if row.unit:
        agency: str | None = row.unit
    elif row.status == Status.ANSWERED.value:
        agency = desk_name or None
    else:
        agency = None
    out: dict[str, Any] = {
        "service_request_id": row.number,
        "status": open_or_closed(row.status),
        "status_notes": _limit(_clean(_status_notes(row), row, hide)),
        "service_name": row.category or NO_CATEGORY,
        "service_code": service_code(row),
        "description": _limit(_clean(row.description, row, hide)) or None,
        "agency_responsible": agency,
        "service_notice": None,
        "requested_datetime": w3c(row.received_at, tz),
        "updated_datetime": w3c(max(row.updated_at or row.received_at, row.received_at), tz),
        "expected_datetime": w3c(row.resolution_due_at, tz),
        "address": _address(row, mask),
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    return out
