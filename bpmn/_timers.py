"""Checking static timer values (``PT15M``, ``R3/PT1H``, a cron line, an ISO date-time).

Zeebe refuses a deployment whose static timer cannot be read rather than raising an incident
later; FEEL timers (a leading ``=``) are left to the FEEL compiler and to run time.
"""

from __future__ import annotations

import re
from datetime import datetime

from .model import TimerKind

# ISO 8601 durations as java.time reads them: PnYnMnWnD and TnHnMnS, at least one part.
_DURATION = re.compile(
    r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?"
    r"(T(?=\d)(\d+H)?(\d+M)?(\d+(?:[.,]\d+)?S)?)?",
    re.IGNORECASE,
)
_CRON_FIELD = re.compile(r"[0-9A-Za-z*?/,#LW-]+")
# A zone id in brackets, as java.time writes it: 2025-01-01T10:00:00+01:00[Europe/Berlin]
_ZONE_ID = re.compile(r"\[[A-Za-z0-9_+\-/]+\]$")


def _is_duration(text: str) -> bool:
    return _DURATION.fullmatch(text) is not None


def _is_date_time(text: str) -> bool:
    stripped = _ZONE_ID.sub("", text)
    try:
        datetime.fromisoformat(stripped)
    except ValueError:
        return False
    # A date alone or a time without date is not a point in time.
    return "T" in stripped.upper()


def _is_cycle(text: str) -> bool:
    if text.upper().startswith("R"):
        parts = text.split("/")
        repeat = parts[0][1:]
        if repeat and not repeat.isdigit():
            return False
        if len(parts) == 2:
            return _is_duration(parts[1])
        if len(parts) == 3:
            return _is_date_time(parts[1]) and _is_duration(parts[2])
        return False
    fields = text.split()
    # Spring-style cron: seconds minutes hours day-of-month month day-of-week [year]
    return len(fields) in (6, 7) and all(_CRON_FIELD.fullmatch(f) for f in fields)


def static_timer_problem(kind: TimerKind, text: str) -> str | None:
    """Why a static timer value cannot be read, or None when it can (or is FEEL)."""
    value = text.strip()
    if not value or value.startswith("="):
        return None
    if kind is TimerKind.DURATION:
        ok = _is_duration(value)
        expected = "an ISO 8601 duration such as PT15M"
    elif kind is TimerKind.DATE:
        ok = _is_date_time(value)
        expected = "an ISO 8601 date-time such as 2025-01-31T10:00:00Z"
    else:
        ok = _is_cycle(value)
        expected = "a repeating interval such as R3/PT1H or a cron expression"
    if ok:
        return None
    return f"the {kind.value} '{value}' of the timer is not {expected}"
