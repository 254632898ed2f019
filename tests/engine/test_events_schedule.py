"""Timer schedule math: durations, dates, cycles and Spring-style cron lines."""

from __future__ import annotations

import datetime

import pytest

from bpmn.model import TimerKind
from engine.processing.bpmn.behaviours.schedule import Cron, ScheduleError, schedule

UTC = datetime.UTC


def ms(*args: int) -> int:
    return int(datetime.datetime(*args, tzinfo=UTC).timestamp() * 1000)  # type: ignore[misc]


NOW = ms(2026, 4, 27, 17, 0, 0)


def test_durations_with_calendar_months_and_weeks() -> None:
    assert schedule(TimerKind.DURATION, "PT15M", NOW).due == NOW + 15 * 60_000
    assert schedule(TimerKind.DURATION, "P2W", NOW).due == NOW + 14 * 86_400_000
    assert schedule(TimerKind.DURATION, "P1M", ms(2026, 1, 31)).due == ms(2026, 2, 28)
    assert schedule(TimerKind.DURATION, "PT0.5S", NOW).due == NOW + 500


def test_dates_with_offsets_and_zone_ids() -> None:
    assert schedule(TimerKind.DATE, "2026-04-27T17:20:00Z", NOW).due == ms(2026, 4, 27, 17, 20)
    assert schedule(TimerKind.DATE, "2026-04-27T19:20:00+02:00", NOW).due == ms(2026, 4, 27, 17, 20)
    assert schedule(TimerKind.DATE, "2026-04-27T17:20:00[UTC]", NOW).due == ms(2026, 4, 27, 17, 20)


def test_cycles_bounded_unbounded_and_with_a_start() -> None:
    cycle = schedule(TimerKind.CYCLE, "R5/PT10S", NOW)
    assert (cycle.due, cycle.repetitions) == (NOW + 10_000, 5)
    assert cycle.next_after(cycle.due) == NOW + 20_000
    assert schedule(TimerKind.CYCLE, "R/PT1H", NOW).repetitions == -1
    started = schedule(TimerKind.CYCLE, "R3/2026-04-27T17:20:00Z/P1D", NOW)
    assert (started.due, started.repetitions) == (ms(2026, 4, 27, 17, 20), 3)
    assert started.next_after(started.due) == ms(2026, 4, 28, 17, 20)


def test_cron_weekdays_office_hours() -> None:
    cron = Cron.parse("0 0 9-17 * * MON-FRI")
    friday_evening = ms(2026, 5, 1, 17, 30)  # a Friday
    assert cron.after(friday_evening) == ms(2026, 5, 4, 9, 0)  # Monday 09:00
    assert cron.after(ms(2026, 5, 4, 9, 0)) == ms(2026, 5, 4, 10, 0)
    every = schedule(TimerKind.CYCLE, "*/30 * * * * ?", NOW)
    assert (every.due, every.repetitions) == (NOW + 30_000, -1)


@pytest.mark.parametrize(
    ("kind", "text"),
    [(TimerKind.DURATION, "soon"), (TimerKind.DATE, "2026-04-27"), (TimerKind.CYCLE, "R/x")],
)
def test_unreadable_timers(kind: TimerKind, text: str) -> None:
    with pytest.raises(ScheduleError):
        schedule(kind, text, NOW)
