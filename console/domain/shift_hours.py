"""Where the desk's day and night shifts begin, from the settings' stored text.

The one rule turning the two stored times into boundaries (services.desk_settings.shift_hours reads them
through a Session or a raw read; the SQLAlchemy-free shift-log export through a frozen read): a missing or
hand-edited value, or a day start not before the night start, gives the defaults — never a stopped desk.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from .errors import ValidationError
from .timeutil import DAY_SHIFT_START, NIGHT_SHIFT_START, parse_hhmm

DAY_START_KEY, NIGHT_START_KEY = "day_shift_start", "night_shift_start"  # keys in table `settings`


@dataclass(frozen=True)
class ShiftHours:
    """Where the day shift and the night shift begin, in the desk's local time."""

    day_start: time = DAY_SHIFT_START
    night_start: time = NIGHT_SHIFT_START

    def as_kwargs(self) -> dict[str, time]:
        """For `timeutil.shift_bounds(..., **hours.as_kwargs())` and `shift_of`."""
        return {"day_start": self.day_start, "night_start": self.night_start}


def _time_or(text: str, default: time) -> time:
    try:
        return parse_hhmm(text)
    except ValidationError:  # missing or edited by hand: the default
        return default


def hours_from_text(day_text: str, night_text: str) -> ShiftHours:
    """The shift hours from the two settings' stored text ("" when not stored)."""
    day, night = _time_or(day_text, DAY_SHIFT_START), _time_or(night_text, NIGHT_SHIFT_START)
    if day >= night:
        return ShiftHours()
    return ShiftHours(day, night)
