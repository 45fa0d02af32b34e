"""Duty hours (值班时间) of a phonebook contact, read from the text the desk writes.

The phonebook is kept in a spreadsheet by people, so the text is what people
write: ``24小时``, ``08:30-17:30``, ``工作日 08:30-11:30、13:30-17:30``,
``周末 09:00-12:00``, ``20:00-08:00``. Parsing it once, here, lets the
console answer the night operator's real question — who picks up *now*, and
when does the office open — the same way in the window, the CLI and tests.

Wall-clock time and the day's schedule matter: by default its weekday; with
the desk's `WorkCalendar` a statutory holiday keeps Sunday's hours (an office
that works 工作日 is closed on 10月1日) and a 调休 make-up day Monday's (open on
the Saturday that works). An empty text means *unknown*: the contact may or may not answer, and the
ranking says so instead of guessing office hours.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import ValidationError
from .work_calendar import WEEK_ONLY, WorkCalendar

ALL_DAYS = frozenset(range(7))  # Monday = 0, as datetime.weekday()
WORKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
DAY_MINUTES = 24 * 60
WEEKDAY_ZH = "一二三四五六日"

_DAY_CHARS = {c: i for i, c in enumerate(WEEKDAY_ZH)} | {"天": 6}
_RANGE_SEP = r"(?:-|~|至|到|—|–|―|〜)"
_TOKEN = re.compile(
    rf"""
    (?P<days>工作日|周末|双休日|每天|每日|天天|全天(?=\s*\d)
       |(?:周|星期)[一二三四五六日天](?:\s*{_RANGE_SEP}\s*(?:周|星期)?[一二三四五六日天])?)
    |(?P<allday>24\s*(?:小时|h(?:ours?|rs?)?)|全天候?)
    |(?P<range>(?P<t1>\d{{1,2}}(?:[:.]\d{{2}})?)\s*{_RANGE_SEP}\s*(?P<t2>\d{{1,2}}(?:[:.]\d{{2}})?))
    |(?P<filler>值班|在岗|办公|营业)
    |(?P<sep>[、,，;；/\s]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Window:
    """One duty window on some weekdays; minutes from midnight, end may be 1440.

    When ``end <= start`` the window runs overnight: the one that starts on
    day D covers the early hours of D+1 (``工作日 20:00-08:00`` on a Friday
    night covers Saturday 00:00–08:00).
    """

    days: frozenset[int]
    start: int
    end: int

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    @property
    def full_day(self) -> bool:
        return self.start == 0 and self.end == DAY_MINUTES

    def covers(self, weekday: int, minute: int, yesterday: int | None = None) -> bool:
        """`weekday`: whose schedule today follows; `yesterday`: the day before's (for a window that
        ran overnight into today), by default the weekday before."""
        if not self.overnight:
            return weekday in self.days and self.start <= minute < self.end
        before = (weekday - 1) % 7 if yesterday is None else yesterday
        return (weekday in self.days and minute >= self.start) or (before in self.days and minute < self.end)


@dataclass(frozen=True)
class DutyHours:
    """When a contact answers. ``always`` is a 24-hour duty line; no windows
    and not always means the hours are unknown (``known`` is False)."""

    windows: tuple[Window, ...] = ()
    always: bool = False
    text: str = ""

    @property
    def known(self) -> bool:
        return self.always or bool(self.windows)

    def is_on_duty(self, local_dt: datetime, calendar: WorkCalendar = WEEK_ONLY) -> bool:
        """Whether the contact is on duty at this local wall-clock moment (holidays from `calendar`).

        Unknown hours give False: the desk cannot promise anyone answers.
        """
        if self.always:
            return True
        minute = local_dt.hour * 60 + local_dt.minute
        today = calendar.schedule_weekday(local_dt.date())
        yesterday = calendar.schedule_weekday(local_dt.date() - timedelta(days=1))
        return any(w.covers(today, minute, yesterday) for w in self.windows)

    def next_on_duty(self, local_dt: datetime, calendar: WorkCalendar = WEEK_ONLY) -> datetime | None:
        """The next moment the contact is on duty: ``local_dt`` itself when on
        duty now, the start of the next window otherwise, None when the hours
        are unknown or nothing opens within 8 days. Keeps ``local_dt``'s tzinfo.
        """
        if self.is_on_duty(local_dt, calendar):
            return local_dt
        midnight = local_dt.replace(hour=0, minute=0, second=0, microsecond=0)
        limit = local_dt + timedelta(days=8)
        for offset in range(9):
            day = midnight + timedelta(days=offset)
            schedule = calendar.schedule_weekday(day.date())
            starts = sorted(w.start for w in self.windows if schedule in w.days)
            for start in starts:
                opening = day + timedelta(minutes=start)
                if local_dt < opening <= limit:
                    return opening
        return None

    def __str__(self) -> str:
        """Canonical Chinese text; parsing it gives the same hours back."""
        if self.always:
            return "24小时"
        groups: dict[frozenset[int], list[Window]] = {}
        for w in self.windows:
            groups.setdefault(w.days, []).append(w)
        parts = []
        for days, ws in groups.items():
            times = "、".join("24小时" if w.full_day else f"{_hhmm(w.start)}-{_hhmm(w.end)}" for w in ws)
            label = days_label(days)
            parts.append(f"{label} {times}" if label else times)
        return "；".join(parts)


def days_label(days: frozenset[int]) -> str:
    """Chinese name of a set of weekdays; every day is the empty label."""
    if days == ALL_DAYS:
        return ""
    if days == WORKDAYS:
        return "工作日"
    if days == WEEKEND:
        return "周末"
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"周{WEEKDAY_ZH[ordered[0]]}至周{WEEKDAY_ZH[ordered[-1]]}"
    return "、".join(f"周{WEEKDAY_ZH[d]}" for d in ordered)


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _garbage(text: str) -> ValidationError:
    return ValidationError(
        f"值班时间“{text}”无法识别：请写成“24小时”“08:30-17:30”或“工作日 08:30-17:30”。",
        f"Duty hours '{text}' not understood: write '24小时', '08:30-17:30' "
        "or '工作日 08:30-17:30'.",
    )


def _minutes(piece: str, text: str, *, end: bool) -> int:
    hour, _, minute = piece.replace(".", ":").partition(":")
    h, m = int(hour), int(minute or 0)
    if m > 59 or h > 24 or (h == 24 and (m or not end)):
        raise ValidationError(
            f"值班时间“{text}”中的“{piece}”不是有效的时间。",
            f"'{piece}' in duty hours '{text}' is not a valid time of day.",
        )
    return h * 60 + m


def _days(token: str) -> frozenset[int]:
    if token == "工作日":
        return WORKDAYS
    if token in ("周末", "双休日"):
        return WEEKEND
    if token in ("每天", "每日", "天天", "全天"):
        return ALL_DAYS
    chars = [c for c in token if c in _DAY_CHARS]
    first, last = _DAY_CHARS[chars[0]], _DAY_CHARS[chars[-1]]
    if last < first:  # 周六至周一 wraps over the week end
        return frozenset(d % 7 for d in range(first, last + 8))
    return frozenset(range(first, last + 1))


def parse_duty_hours(text: str) -> DutyHours:
    """Read a 值班时间 cell; ValidationError (Chinese first) when it makes no sense.

    A day qualifier applies to the windows after it until the next
    qualifier; qualifiers written next to each other add up
    (``周六、周日 09:00-12:00``). Without one, a window is every day.
    """
    original = (text or "").strip()
    s = unicodedata.normalize("NFKC", original).lower()
    if not s:
        return DutyHours(text="")
    windows: list[Window] = []
    days, pending = ALL_DAYS, False  # pending: a qualifier was just read
    pos = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m:
            raise _garbage(original)
        pos = m.end()
        kind = next(k for k in ("days", "allday", "range", "filler", "sep") if m.group(k) is not None)
        if kind == "days":
            d = _days(m.group("days"))
            days = (days | d) if pending else d
            pending = True
        elif kind == "allday":
            windows.append(Window(days, 0, DAY_MINUTES))
            pending = False
        elif kind == "range":
            start = _minutes(m.group("t1"), original, end=False)
            end = _minutes(m.group("t2"), original, end=True)
            if start == end:
                raise ValidationError(
                    f"值班时间“{original}”的开始和结束时间相同。",
                    f"Duty hours '{original}' start and end at the same time.",
                )
            windows.append(Window(days, start, end))
            pending = False
    if not windows:
        raise _garbage(original)
    always = any(w.days == ALL_DAYS and w.full_day for w in windows)
    return DutyHours(windows=() if always else tuple(windows), always=always, text=original)
