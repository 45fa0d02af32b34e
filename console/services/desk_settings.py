"""The desk's own settings: its name and where its day and night shifts begin.

Every seat reads them from the database (table `settings`), so the window's
title, the shift log's "夜班" and the CLI's `export shift-log --night` agree
on one desk. `shift_hours` is the one place that turns the stored text into
boundaries; every caller of `timeutil.shift_bounds` / `shift_of` gets them
from here (through a session, or a Desk), never from a constant.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time

from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.extensions import MAX_DAYS, MAX_REQUESTS
from ..domain.kpi import EARLY_FRACTION
from ..domain.permissions import require
from ..domain.returns import RETURN_WINDOW_DAYS
from ..domain.satisfaction import DEFAULT_SCALE, FIVE, SCALES, THREE
from ..domain.shift_hours import DAY_START_KEY, NIGHT_START_KEY, hours_from_text
from ..domain.shift_hours import ShiftHours as ShiftHours  # named here by its callers
from ..domain.timeutil import check_shift_hours, parse_hhmm
from ..domain.undo import DEFAULT_UNDO_MINUTES, MAX_UNDO_MINUTES
from ..store.models import Setting
from ..store.prepared import RawRead
from ..store.setting_reads import raw_setting
from .context import Actor, Changes, Desk, audit, get_setting, unchanged
from .reference_data import DEFAULT_DESK_NAME

MAX_DESK_NAME = 64
MAX_PRINTER_NAME = 200
MAX_DUTY_PHONE = 40
KEYS = {"name": "desk_name", "day_start": DAY_START_KEY, "night_start": NIGHT_START_KEY,
        "undo_minutes": "undo_minutes", "printer": "shift_log_printer", "duty_phone": "duty_phone"}


@dataclass(frozen=True)
class Limit:
    """A whole-number work-order limit the desk may set (12345 practice differs between cities)."""

    default: int
    low: int
    high: int
    zh: str
    en: str
    choices: tuple[int, ...] = ()  # when given, only these values (the satisfaction scale: 3 or 5)

    def allows(self, n: int) -> bool:
        return n in self.choices if self.choices else self.low <= n <= self.high


# key (in table `settings`) → its limit; read with `limit`, written through `set_desk_settings(limits=…)`
LIMITS: dict[str, Limit] = {
    # New Call offers this caller's calls and the open tickets at the typed address this many days back
    "repeat_days": Limit(7, 1, 90, "重复来电提示天数", "repeat-call window (days)"),
    "extension_requests": Limit(MAX_REQUESTS, 0, 5, "每张工单延期申请次数上限", "requests for more time per ticket"),
    "extension_days": Limit(MAX_DAYS, 1, 30, "每次延期最多工作日", "working days per request for more time"),
    "return_days": Limit(RETURN_WINDOW_DAYS, 1, 5, "退单时限（派单后工作日）", "working days to return a dispatch"),
    # 提前办结 in the bulletins: done within this per cent of the time limit (console.domain.kpi.is_early)
    "early_percent": Limit(round(EARLY_FRACTION * 100), 10, 90, "提前办结：用时不超过时限的百分比",
                           "early completion: within this % of the time limit"),
    # the satisfaction call (console.domain.satisfaction): three levels (the seeds') or five (好差评) …
    "satisfaction_scale": Limit(DEFAULT_SCALE, THREE, FIVE, "满意度等级", "satisfaction scale", SCALES),
    # … and 回访不成功: the desk tries this many times, the next attempt this many minutes later
    "callback_attempts": Limit(3, 1, 5, "回访不成功最多尝试次数", "satisfaction call attempts"),
    "callback_retry_minutes": Limit(120, 10, 1440, "回访不成功后再试间隔（分钟）", "minutes before trying again"),
    # a missed call called back through the telephone link (console.telephony.dialer): it rings this long,
    # and a call-back that got no answer or a busy line comes back to the queue this many minutes later
    "callback_ring_seconds": Limit(30, 10, 120, "回拨振铃等待（秒）", "call-back: seconds to let it ring"),
    "missed_retry_minutes": Limit(15, 5, 240, "回拨未接通后再试间隔（分钟）", "call-back not reached: minutes before trying again"),
}
DEFAULT_REPEAT_DAYS = LIMITS["repeat_days"].default
MAX_REPEAT_DAYS = LIMITS["repeat_days"].high


@dataclass(frozen=True)
class DeskSettings:
    name: str
    hours: ShiftHours
    undo_minutes: int = DEFAULT_UNDO_MINUTES
    limits: dict[str, int] = field(default_factory=lambda: {k: v.default for k, v in LIMITS.items()})
    printer: str = ""  # the printer that prints each closed shift's log by itself ("" = none; the window prints)
    duty_phone: str = ""  # the desk's own number, printed on the sheets a unit gets (派单单, 督办通知单)

    @property
    def repeat_days(self) -> int:
        return self.limits["repeat_days"]


def shift_hours(s: Session | RawRead) -> ShiftHours:
    """The desk's shift boundaries (08:00 / 20:00 until the desk sets its own); in a Session or a raw read."""
    if isinstance(s, RawRead):
        return hours_from_text(raw_setting(s, DAY_START_KEY, ""), raw_setting(s, NIGHT_START_KEY, ""))
    return hours_from_text(get_setting(s, DAY_START_KEY, ""), get_setting(s, NIGHT_START_KEY, ""))


def undo_minutes(s: Session) -> int:
    """How long a step's author may take it back alone (console.domain.undo; 0: only supervisors)."""
    text = get_setting(s, KEYS["undo_minutes"], "")
    if text.isdigit() and int(text) <= MAX_UNDO_MINUTES:
        return int(text)
    return DEFAULT_UNDO_MINUTES  # missing or edited by hand: the default, never a stopped desk


def limit(s: Session, key: str) -> int:
    """One of the desk's work-order limits (`LIMITS`): its stored value, or the default when missing or
    edited by hand out of range — never a stopped desk."""
    return limit_of(key, get_setting(s, key, ""))


def limit_of(key: str, text: str) -> int:
    """The limit `key` from its stored text (`limit`): the default when missing or out of range."""
    spec = LIMITS[key]
    if text.isascii() and text.isdigit() and spec.allows(int(text)):
        return int(text)
    return spec.default


def satisfaction_scale(s: Session) -> int:
    """The scale the desk's satisfaction calls ask on: 3 (the seeds') or 5 (好差评)."""
    return limit(s, "satisfaction_scale")


def desk_satisfaction_scale(desk: Desk) -> int:
    """`satisfaction_scale` in its own read (the satisfaction dialog)."""
    with desk.db.read() as s:
        return satisfaction_scale(s)


def repeat_days(s: Session) -> int:
    """How many days back New Call looks for open tickets at the typed address (追加, 重复来电)."""
    return limit(s, "repeat_days")


def desk_shift_hours(desk: Desk) -> ShiftHours:
    """`shift_hours` in its own read, for callers without a session (the window's dialogs)."""
    with desk.db.read() as s:
        return shift_hours(s)


def sheet_header(s: Session) -> tuple[str, str]:
    """(the desk's name, its duty phone or "") for the sheets a unit gets (派单单, 督办通知单)."""
    return (get_setting(s, KEYS["name"], "") or DEFAULT_DESK_NAME,
            get_setting(s, KEYS["duty_phone"], "").strip())


def read_desk_settings(desk: Desk) -> DeskSettings:
    with desk.db.read() as s:
        return settings_in(s)


def settings_in(s: Session) -> DeskSettings:
    """The desk's settings as stored, read in the session given (a write reads them inside its lock)."""
    return DeskSettings(get_setting(s, KEYS["name"], "") or DEFAULT_DESK_NAME, shift_hours(s), undo_minutes(s),
                        {k: limit(s, k) for k in LIMITS}, get_setting(s, KEYS["printer"], "").strip(),
                        get_setting(s, KEYS["duty_phone"], "").strip())


def clean_undo_minutes(value: int | str) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_UNDO_MINUTES:
        raise ValidationError(f"撤销时限必须是 0 到 {MAX_UNDO_MINUTES} 之间的分钟数。",
                              f"The undo time must be 0 to {MAX_UNDO_MINUTES} minutes.")
    return int(text)


def clean_limit(key: str, value: int | str) -> int:
    """A work-order limit as typed, checked against its range (`LIMITS`)."""
    spec = LIMITS[key]
    text = str(value).strip()
    if spec.choices and not (text.isascii() and text.isdigit() and spec.allows(int(text))):
        shown = "、".join(map(str, spec.choices))
        raise ValidationError(f"{spec.zh}只能是 {shown}。", f"The {spec.en} must be one of {shown.replace('、', ', ')}.")
    if not (text.isascii() and text.isdigit()) or not spec.low <= int(text) <= spec.high:
        raise ValidationError(f"{spec.zh}必须是 {spec.low} 到 {spec.high} 之间的整数。",
                              f"The {spec.en} must be a whole number from {spec.low} to {spec.high}.")
    return int(text)


def clean_printer_name(name: str) -> str:
    """A printer's name as the system names it ("" = none); spaces at the ends dropped."""
    v = (name or "").strip()
    if len(v) > MAX_PRINTER_NAME or any(ord(ch) < 32 for ch in v):
        raise ValidationError("打印机名称不对（最多 200 个字，不能有控制字符）。",
                              "The printer's name is not valid (at most 200 characters, no control characters).")
    return v


_DUTY_PHONE_CHARS = frozenset("0123456789 -()+、,，转/")


def clean_duty_phone(phone: str) -> str:
    """The desk's duty number as a unit should dial it ("" = none): digits with the separators people write
    (021-5912 3456, 12345 转 8, two numbers apart with 、); spaces at the ends dropped."""
    v = " ".join((phone or "").split())
    if len(v) > MAX_DUTY_PHONE or not set(v) <= _DUTY_PHONE_CHARS or (v and not any(c.isdigit() for c in v)):
        raise ValidationError(f"值班电话不对：只能有数字和 - ( ) + 转 、 等分隔符，最多 {MAX_DUTY_PHONE} 个字。",
                              f"The duty phone is not valid: digits and separators such as - ( ) + only, "
                              f"at most {MAX_DUTY_PHONE} characters.")
    return v


def clean_desk_name(name: str) -> str:
    v = " ".join((name or "").split())
    if not v:
        raise ValidationError("请填写值班台名称。", "Please fill in the desk's name.")
    if len(v) > MAX_DESK_NAME:
        raise ValidationError(f"值班台名称太长（最多 {MAX_DESK_NAME} 个字）。",
                              f"The desk's name is too long (at most {MAX_DESK_NAME} characters).")
    return v


def set_desk_settings(desk: Desk, actor: Actor, *, name: str | None = None, day_start: str | time | None = None,
                      night_start: str | time | None = None, undo_minutes: int | str | None = None,
                      limits: Mapping[str, int | str] | None = None, printer: str | None = None,
                      duty_phone: str | None = None, expected: DeskSettings | None = None) -> Changes:
    """Change the desk's name, shift boundaries, undo minutes, work-order limits (`LIMITS`), the printer
    of the closed shifts' logs and the duty phone ("" = none) (None = keep); one transaction, audited.

    Times are "HH:MM" text or `time`; the day shift must begin before the night shift. `expected`: the
    settings as the editor loaded them (`read_desk_settings`); a setting this save would write that another
    seat has changed since is refused, not overwritten (settings it leaves alone may have moved)."""
    require(actor.role, "manage_desk")
    new: dict[str, str] = {}
    if name is not None:
        new[KEYS["name"]] = clean_desk_name(name)
    if undo_minutes is not None:
        new[KEYS["undo_minutes"]] = str(clean_undo_minutes(undo_minutes))
    if printer is not None:
        new[KEYS["printer"]] = clean_printer_name(printer)
    if duty_phone is not None:
        new[KEYS["duty_phone"]] = clean_duty_phone(duty_phone)
    for key, value in (limits or {}).items():
        if key not in LIMITS:
            raise ValidationError(f"未知的设置：{key}", f"Unknown setting: {key}")
        new[key] = str(clean_limit(key, value))
    times = {k: v for k, v in (("day_start", day_start), ("night_start", night_start)) if v is not None}
    for k, v in times.items():
        zh, en = ("白班开始时间", "day shift start") if k == "day_start" else ("夜班开始时间", "night shift start")
        t = v if isinstance(v, time) else parse_hhmm(v, zh, en)
        new[KEYS[k]] = f"{t:%H:%M}"
    with desk.db.write() as s:
        if expected is not None:
            _refuse_overwrite(s, desk, new, expected)
        if times:
            now_hours = shift_hours(s)
            day = parse_hhmm(new.get(KEYS["day_start"], f"{now_hours.day_start:%H:%M}"))
            night = parse_hhmm(new.get(KEYS["night_start"], f"{now_hours.night_start:%H:%M}"))
            check_shift_hours(day, night)
        old: dict[str, str] = {}
        changed: dict[str, str] = {}
        for key, value in new.items():
            row = s.get(Setting, key)
            if row is not None and row.value == value:
                continue
            old[key] = row.value if row is not None else ""
            changed[key] = value
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
        if not changed:
            return Changes()
        audit(s, actor, desk.now(), "set_desk_settings", "setting", None, old, changed)
    return Changes(settings=True)


def _as_stored(settings: DeskSettings) -> dict[str, str]:
    """`settings` as the text the settings table holds, by key."""
    return {KEYS["name"]: settings.name, KEYS["day_start"]: f"{settings.hours.day_start:%H:%M}",
            KEYS["night_start"]: f"{settings.hours.night_start:%H:%M}",
            KEYS["undo_minutes"]: str(settings.undo_minutes), KEYS["printer"]: settings.printer,
            KEYS["duty_phone"]: settings.duty_phone,
            **{k: str(v) for k, v in settings.limits.items()}}


def _refuse_overwrite(s: Session, desk: Desk, new: Mapping[str, str], expected: DeskSettings) -> None:
    """Refuse when a setting about to be written has changed since the editor loaded it (and not to the very
    value this save writes)."""
    now = _as_stored(settings_in(s))
    was = _as_stored(expected)
    for key, value in new.items():
        if key in was and now.get(key) != was[key] and now.get(key) != value:
            unchanged(s, desk, "setting", None, now.get(KEYS["name"], ""), was[key], now.get(key))


def desk_name(desk: Desk) -> str:
    """The desk's name as the login dialog and the window's title show it ("" when never set)."""
    with desk.db.read() as s:
        return get_setting(s, KEYS["name"], "")
