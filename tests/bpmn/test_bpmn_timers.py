"""Static timer values are checked at deploy; FEEL timers are left for later."""

from __future__ import annotations

import pytest

from bpmn._timers import static_timer_problem
from bpmn.model import TimerKind

GOOD = [
    (TimerKind.DURATION, "PT15M"),
    (TimerKind.DURATION, "P1DT2H30M"),
    (TimerKind.DURATION, "P2W"),
    (TimerKind.DURATION, "PT0.5S"),
    (TimerKind.DATE, "2025-01-31T10:00:00Z"),
    (TimerKind.DATE, "2025-01-31T10:00:00+01:00"),
    (TimerKind.DATE, "2025-01-31T10:00:00+01:00[Europe/Berlin]"),
    (TimerKind.CYCLE, "R/PT1H"),
    (TimerKind.CYCLE, "R3/PT10H"),
    (TimerKind.CYCLE, "R5/2025-01-01T00:00:00Z/P1D"),
    (TimerKind.CYCLE, "0 0 9-17 * * MON-FRI"),
    (TimerKind.CYCLE, "0 15 10 ? * 6L 2030"),
    (TimerKind.DURATION, '=duration("PT" + string(n) + "M")'),
    (TimerKind.DATE, "= now() + duration(x)"),
]
BAD = [
    (TimerKind.DURATION, "15"),
    (TimerKind.DURATION, "PT"),
    (TimerKind.DURATION, "P1H"),
    (TimerKind.DURATION, '"PT1S"'),
    (TimerKind.DATE, "tomorrow"),
    (TimerKind.DATE, "2025-01-31"),
    (TimerKind.CYCLE, "10"),
    (TimerKind.CYCLE, "Rx/PT1H"),
    (TimerKind.CYCLE, "R3/PT1H/PT1H/PT1H"),
    (TimerKind.CYCLE, "* * *"),
]


@pytest.mark.parametrize(("kind", "text"), GOOD)
def test_readable_values(kind: TimerKind, text: str) -> None:
    assert static_timer_problem(kind, text) is None


@pytest.mark.parametrize(("kind", "text"), BAD)
def test_unreadable_values(kind: TimerKind, text: str) -> None:
    problem = static_timer_problem(kind, text)
    assert problem is not None and f"'{text}'" in problem and kind.value in problem
