"""Where the broker's "now" comes from: the record timestamps and the scheduler's due dates.

The engine never reads a clock (DESIGN invariant 2); the stream processor stamps each command
with `clock.now_ms()` and the engine treats that as "now". Tests (and the REST `/v2/clock`
endpoint, later) use `ControlledClock` to pin time or move it on, so a week-long job timeout
can be tested in milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol


class Clock(Protocol):
    def now_ms(self) -> int:
        """Epoch milliseconds."""
        ...


class SystemClock:
    """The machine's wall clock."""

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000


class ControlledClock:
    """A clock that follows the system clock, plus an offset, until pinned.

    `pin(ms)` stops it at `ms`; `advance(ms)` moves it on (pinned or not); `reset()` goes back
    to the system clock. Every change calls the listeners (the scheduler checks for due work
    at once, instead of waiting for its period).
    """

    def __init__(self, pinned_ms: int | None = None) -> None:
        self._pinned = pinned_ms
        self._offset = 0
        self._listeners: list[Callable[[], None]] = []

    def now_ms(self) -> int:
        if self._pinned is not None:
            return self._pinned
        return time.time_ns() // 1_000_000 + self._offset

    @property
    def pinned(self) -> bool:
        return self._pinned is not None

    def pin(self, epoch_ms: int) -> None:
        self._pinned = epoch_ms
        self._changed()

    def advance(self, ms: int) -> None:
        if ms < 0:
            raise ValueError(f"Expected to move the clock forward, but got {ms} ms")
        if self._pinned is not None:
            self._pinned += ms
        else:
            self._offset += ms
        self._changed()

    def reset(self) -> None:
        self._pinned = None
        self._offset = 0
        self._changed()

    def add_listener(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()
