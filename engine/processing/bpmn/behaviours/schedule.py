"""Timer schedules: when a timeDate, timeDuration or timeCycle falls due, in epoch ms.

Pure functions over the record timestamp ("now"); no clock is read. Formats, as Zeebe reads
them: ISO 8601 durations (`PT15M`, `P1Y2M`, `P2W`), date-times (`2026-04-27T17:20:00Z`, a
zone id in brackets is accepted and, like an offset-less date-time, read as UTC), repeating
intervals (`R5/PT10S`, unbounded `R/PT1H`, with a start `R3/2026-04-27T17:20:00Z/P1D`) and
Spring-style 6-field cron lines (`0 0 9-17 * * MON-FRI`, unbounded repetitions).

`Schedule.repetitions` is -1 for an unbounded cycle; a date or duration has 1.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from bpmn.model import TimerKind

_UTC = datetime.UTC
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)
_DURATION = re.compile(
    r"(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?",
    re.IGNORECASE,
)
_ZONE_ID = re.compile(r"\[[A-Za-z0-9_+\-/]+\]$")


class ScheduleError(ValueError):
    """The timer's text is not a date, duration, cycle or cron line (an incident)."""


@dataclass(frozen=True, slots=True)
class Duration:
    """An ISO 8601 duration: calendar months, then days, then exact milliseconds."""

    months: int
    days: int
    millis: int

    def after(self, epoch_ms: int) -> int:
        moment = _EPOCH + datetime.timedelta(milliseconds=epoch_ms)
        if self.months:
            month0 = moment.month - 1 + self.months
            year = moment.year + month0 // 12
            month = month0 % 12 + 1
            day = min(moment.day, calendar.monthrange(year, month)[1])
            moment = moment.replace(year=year, month=month, day=day)
        moment += datetime.timedelta(days=self.days, milliseconds=self.millis)
        return _to_ms(moment)


def _to_ms(moment: datetime.datetime) -> int:
    return (moment - _EPOCH) // datetime.timedelta(milliseconds=1)


def parse_duration(text: str) -> Duration:
    match = _DURATION.fullmatch(text.strip())
    if match is None or not any(match.groups()[1:]):
        raise ScheduleError(f"'{text}' is not an ISO 8601 duration")
    sign, years, months, weeks, days, hours, minutes, seconds = match.groups()
    factor = -1 if sign else 1

    def num(part: str | None) -> int:
        return int(part) if part else 0

    millis = (num(hours) * 3600 + num(minutes) * 60) * 1000
    if seconds:
        millis += round(float(seconds.replace(",", ".")) * 1000)
    return Duration(
        factor * (num(years) * 12 + num(months)),
        factor * (num(weeks) * 7 + num(days)),
        factor * millis,
    )


def parse_date_time(text: str) -> int:
    stripped = _ZONE_ID.sub("", text.strip())
    if "T" not in stripped.upper():
        raise ScheduleError(f"'{text}' is not an ISO 8601 date-time")
    try:
        moment = datetime.datetime.fromisoformat(stripped)
    except ValueError:
        raise ScheduleError(f"'{text}' is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_UTC)
    return _to_ms(moment)


# cron

_MONTHS = {n: i for i, n in enumerate(calendar.month_abbr) if n}
_DAYS = {"MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6, "SUN": 0}


def _cron_field(text: str, low: int, high: int, names: dict[str, int]) -> frozenset[int]:
    values: set[int] = set()
    for part in text.upper().split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            step = int(step_text)
        if part in ("*", "?"):
            start, end = low, high
        elif "-" in part:
            a, b = part.split("-", 1)
            start, end = _cron_value(a, names), _cron_value(b, names)
        else:
            start = _cron_value(part, names)
            end = high if step > 1 else start
        if step < 1 or start < low or end > high:
            raise ScheduleError(f"cron field '{text}' is out of range {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _cron_value(text: str, names: dict[str, int]) -> int:
    if text in names:
        return names[text]
    if not text.isdigit():
        raise ScheduleError(f"cron value '{text}' is not a number or a name")
    return int(text)


@dataclass(frozen=True, slots=True)
class Cron:
    """A Spring cron line: second minute hour day-of-month month day-of-week (0 or 7: Sunday).
    As in cron, when both day fields are restricted, a day matching either one fires."""

    seconds: frozenset[int]
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    any_day: bool
    any_weekday: bool

    @classmethod
    def parse(cls, text: str) -> Cron:
        fields = text.split()
        if len(fields) != 6:
            raise ScheduleError(f"'{text}' is not a 6-field cron line")
        weekdays = _cron_field(fields[5], 0, 7, _DAYS)
        return cls(
            _cron_field(fields[0], 0, 59, {}),
            _cron_field(fields[1], 0, 59, {}),
            _cron_field(fields[2], 0, 23, {}),
            _cron_field(fields[3], 1, 31, {}),
            _cron_field(fields[4], 1, 12, {n.upper(): i for n, i in _MONTHS.items()}),
            frozenset(d % 7 for d in weekdays),
            fields[3] in ("*", "?"),
            fields[5] in ("*", "?"),
        )

    def _day_matches(self, day: datetime.date) -> bool:
        if day.month not in self.months:
            return False
        by_day = day.day in self.days
        by_weekday = (day.isoweekday() % 7) in self.weekdays
        if self.any_day:
            return by_weekday
        if self.any_weekday:
            return by_day
        return by_day or by_weekday

    def after(self, epoch_ms: int) -> int:
        """The first matching second strictly after `epoch_ms` (looking up to 5 years on)."""
        moment = _EPOCH + datetime.timedelta(milliseconds=epoch_ms)
        start = moment.replace(microsecond=0) + datetime.timedelta(seconds=1)
        day = start.date()
        for offset in range(366 * 5):
            if offset:
                day += datetime.timedelta(days=1)
            if not self._day_matches(day):
                continue
            for hour in sorted(self.hours):
                for minute in sorted(self.minutes):
                    for second in sorted(self.seconds):
                        candidate = datetime.datetime(
                            day.year, day.month, day.day, hour, minute, second, tzinfo=_UTC
                        )
                        if candidate >= start:
                            return _to_ms(candidate)
        raise ScheduleError("the cron line never matches within five years")


@dataclass(frozen=True, slots=True)
class Schedule:
    """`due` is the first due date; `next_after(due)` the one after it (cycles only)."""

    due: int
    repetitions: int
    interval: Duration | Cron | None = None

    def next_after(self, due: int) -> int:
        if self.interval is None:
            raise ScheduleError("a date or duration timer does not repeat")
        return self.interval.after(due)


def parse_cycle(text: str, now_ms: int) -> Schedule:
    value = text.strip()
    if not value.upper().startswith("R"):
        cron = Cron.parse(value)
        return Schedule(cron.after(now_ms), -1, cron)
    parts = value.split("/")
    count = parts[0][1:]
    if count and not count.isdigit():
        raise ScheduleError(f"'{text}' is not a repeating interval")
    repetitions = int(count) if count else -1
    if len(parts) == 2:
        interval = parse_duration(parts[1])
        return Schedule(interval.after(now_ms), repetitions, interval)
    if len(parts) == 3:
        start = parse_date_time(parts[1])
        interval = parse_duration(parts[2])
        # The first repetition is at the start itself (if it has passed: at once).
        return Schedule(start, repetitions, interval)
    raise ScheduleError(f"'{text}' is not a repeating interval")


def schedule(kind: TimerKind, text: str, now_ms: int) -> Schedule:
    """When a timer of `kind` with the (evaluated) `text` falls due, seen from `now_ms`."""
    if kind is TimerKind.DATE:
        return Schedule(parse_date_time(text), 1)
    if kind is TimerKind.DURATION:
        return Schedule(parse_duration(text).after(now_ms), 1)
    return parse_cycle(text, now_ms)
