"""Reading FEEL's temporal lexical forms: dates, times, date-times and both duration kinds.

The forms are the ones feel-scala accepts: ISO 8601 with an optional ``T`` before a time, offsets
(``Z``, ``+01:00``), zone ids (``@Europe/Berlin``, or ``+02:00[Europe/Berlin]`` as Java prints a
zoned date-time) and durations whose components may carry their own sign (``PT-3M-4S``).

A date-time with a zone id holds a ``ZoneInfo``. A time has no date to resolve a zone against,
so it holds a ``ZonedOffset``: the zone id with the offset fixed when the time was made (the
zone's standard offset for text, as feel-scala does; the date-time's offset for
``time(date and time)``).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._errors import FeelEvaluationError
from ._values import YearsMonthsDuration

# Anything longer is not a temporal value; refusing early keeps a hostile string cheap.
_MAX_TEXT = 128

_DATE = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
_TIME = (
    r"(?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,9}))?)?"
)
_OFFSET = r"(?P<offset>Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)"
_ZONE = r"(?:@(?P<zone>[A-Za-z0-9_+\-/]+)|\[(?P<bracket>[A-Za-z0-9_+\-/]+)\])"

_DATE_RE = re.compile(rf"{_DATE}")
_TIME_RE = re.compile(rf"T?{_TIME}{_OFFSET}?{_ZONE}?")
_DATE_TIME_RE = re.compile(rf"{_DATE}T{_TIME}{_OFFSET}?{_ZONE}?")
_YEARS_MONTHS_RE = re.compile(r"(?P<sign>-)?P(?:(?P<years>-?\d+)Y)?(?:(?P<months>-?\d+)M)?")
_DAYS_TIME_RE = re.compile(
    r"(?P<sign>-)?P(?:(?P<days>-?\d+)D)?"
    r"(?:T(?:(?P<hours>-?\d+)H)?(?:(?P<minutes>-?\d+)M)?(?:(?P<seconds>-?\d+(?:[.,]\d{0,9})?)S)?)?"
)

# A fixed instant to ask a zone for its standard offset: a time has no date of its own.
_STANDARD_REFERENCE = datetime.datetime(2000, 1, 1, 12)


class ZonedOffset(datetime.tzinfo):
    """A zone id on a time, with the offset it had when the time was made."""

    __slots__ = ("key", "offset")

    def __init__(self, key: str, offset: datetime.timedelta) -> None:
        self.key = key
        self.offset = offset

    def utcoffset(self, dt: datetime.datetime | None) -> datetime.timedelta:
        return self.offset

    def dst(self, dt: datetime.datetime | None) -> None:
        return None

    def tzname(self, dt: datetime.datetime | None) -> str:
        return self.key

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ZonedOffset):
            return NotImplemented
        return (self.key, self.offset) == (other.key, other.offset)

    def __hash__(self) -> int:
        return hash((self.key, self.offset))

    def __repr__(self) -> str:
        return f"ZonedOffset({self.key!r}, {self.offset!r})"

    def __reduce__(self) -> tuple[type[ZonedOffset], tuple[str, datetime.timedelta]]:
        return (ZonedOffset, (self.key, self.offset))


def zone_key(tz: datetime.tzinfo | None) -> str | None:
    """The zone id of a temporal value's tzinfo; None for a fixed offset or a local value."""
    return tz.key if isinstance(tz, ZoneInfo | ZonedOffset) else None


def time_in_zone(clock: datetime.time, zone: ZoneInfo) -> datetime.time:
    """A time at a zone id, offset by the zone's standard offset."""
    return clock.replace(tzinfo=ZonedOffset(zone.key, zone_standard_offset(zone)))


def _invalid(kind: str, text: str) -> FeelEvaluationError:
    shown = text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."
    return FeelEvaluationError("INVALID_TYPE", f"Failed to parse {kind} from '{shown}'")


def in_zone(local: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    """A local date-time placed in a zone as Java's ``atZone`` does: a wall-clock time skipped by
    a daylight-saving gap moves forward by the gap; an ambiguous one takes the earlier offset."""
    placed = local.replace(tzinfo=zone, fold=0)
    if not isinstance(zone, ZoneInfo):
        return placed
    return placed.astimezone(datetime.UTC).astimezone(zone)


def zone_standard_offset(zone: ZoneInfo) -> datetime.timedelta:
    reference = _STANDARD_REFERENCE.replace(tzinfo=zone)
    offset = reference.utcoffset() or datetime.timedelta(0)
    return offset - (reference.dst() or datetime.timedelta(0))


def parse_zone(name: str) -> datetime.tzinfo:
    """A zone id or offset as ``date and time(value, "Europe/Paris")`` takes it."""
    if name == "Z":
        return datetime.UTC
    if re.fullmatch(r"[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?", name):
        return _offset(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise FeelEvaluationError("INVALID_TYPE", f"Unknown time zone '{name}'") from error


def _offset(text: str) -> datetime.tzinfo:
    if text == "Z":
        return datetime.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes, seconds = int(digits[0:2]), int(digits[2:4] or 0), int(digits[4:6] or 0)
    if hours > 18 or minutes > 59 or seconds > 59:
        raise ValueError(f"offset out of range: {text}")
    total = datetime.timedelta(hours=hours, minutes=minutes, seconds=seconds) * sign
    if total == datetime.timedelta(0):
        return datetime.UTC
    return datetime.timezone(total)


def _tzinfo(match: re.Match[str]) -> datetime.tzinfo | None:
    zone = match.group("zone") or match.group("bracket")
    if zone is not None:
        return parse_zone(zone)
    offset = match.group("offset")
    return None if offset is None else _offset(offset)


def _clock(match: re.Match[str]) -> tuple[int, int, int, int]:
    fraction = (match.group("fraction") or "").ljust(6, "0")[:6]
    return (
        int(match.group("hour")),
        int(match.group("minute")),
        int(match.group("second") or 0),
        int(fraction),
    )


def parse_date(text: str) -> datetime.date:
    match = _DATE_RE.fullmatch(text) if len(text) <= _MAX_TEXT else None
    if match is None:
        raise _invalid("date", text)
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError as error:
        raise _invalid("date", text) from error


def parse_time(text: str) -> datetime.time:
    match = _TIME_RE.fullmatch(text) if len(text) <= _MAX_TEXT else None
    if match is None:
        raise _invalid("time", text)
    try:
        clock = datetime.time(*_clock(match), tzinfo=_tzinfo(match))
    except ValueError as error:
        raise _invalid("time", text) from error
    return time_in_zone(clock, clock.tzinfo) if isinstance(clock.tzinfo, ZoneInfo) else clock


def parse_date_time(text: str) -> datetime.datetime:
    """A date-time; a bare date means its midnight, as ``date and time("2012-12-24")``."""
    if len(text) <= _MAX_TEXT and _DATE_RE.fullmatch(text):
        return datetime.datetime.combine(parse_date(text), datetime.time())
    match = _DATE_TIME_RE.fullmatch(text) if len(text) <= _MAX_TEXT else None
    if match is None:
        raise _invalid("date-time", text)
    try:
        day = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
        local = datetime.datetime.combine(day, datetime.time(*_clock(match)))
        zone = _tzinfo(match)
        if zone is None:
            return local
        offset = match.group("offset")
        if offset is not None and isinstance(zone, ZoneInfo):
            # "+01:00[Europe/Berlin]": the offset picks the instant of an ambiguous local time.
            wanted = _offset(offset).utcoffset(None)
            for fold in (0, 1):
                placed = local.replace(tzinfo=zone, fold=fold)
                if placed.utcoffset() == wanted:
                    return placed
        return in_zone(local, zone)
    except (ValueError, OverflowError) as error:
        raise _invalid("date-time", text) from error


def parse_duration(text: str) -> datetime.timedelta | YearsMonthsDuration:
    if len(text) > _MAX_TEXT:
        raise _invalid("duration", text)
    match = _YEARS_MONTHS_RE.fullmatch(text)
    if match is not None and (match["years"] or match["months"]):
        sign = -1 if match["sign"] else 1
        months = int(match["years"] or 0) * 12 + int(match["months"] or 0)
        return YearsMonthsDuration(sign * months)
    match = _DAYS_TIME_RE.fullmatch(text)
    if match is None or not any(match[k] for k in ("days", "hours", "minutes", "seconds")):
        raise _invalid("duration", text)
    if "T" in text and not any(match[k] for k in ("hours", "minutes", "seconds")):
        raise _invalid("duration", text)
    try:
        seconds = Decimal((match["seconds"] or "0").replace(",", "."))
        micros = int((seconds * 1_000_000).to_integral_value())
        value = datetime.timedelta(
            days=int(match["days"] or 0),
            hours=int(match["hours"] or 0),
            minutes=int(match["minutes"] or 0),
            microseconds=micros,
        )
    except (OverflowError, ValueError, InvalidOperation) as error:
        raise _invalid("duration", text) from error
    return -value if match["sign"] else value


def parse_temporal(text: str) -> object:
    """The value of an ``@"..."`` literal: its form decides the type."""
    if text.startswith(("P", "-P")):
        return parse_duration(text)
    if "T" in text[1:] and _DATE_RE.match(text):
        return parse_date_time(text)
    if _DATE_RE.fullmatch(text):
        return parse_date(text)
    return parse_time(text)
