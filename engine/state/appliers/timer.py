"""Appliers of TIMER events: a created timer waits in the due-date index until it is
triggered or canceled."""

from __future__ import annotations

from ...records.intents import TimerIntent
from ...records.values import TimerRecordValue
from ..engine_state import EngineState
from ._types import AppliersTable


def timer_created(state: EngineState, key: int, value: TimerRecordValue) -> None:
    state.timers.put(key, value)


def timer_triggered(state: EngineState, key: int, value: TimerRecordValue) -> None:
    state.timers.remove(key)


def timer_canceled(state: EngineState, key: int, value: TimerRecordValue) -> None:
    state.timers.remove(key)


APPLIERS: AppliersTable = {
    (TimerIntent.CREATED, 1): timer_created,
    (TimerIntent.TRIGGERED, 1): timer_triggered,
    (TimerIntent.CANCELED, 1): timer_canceled,
}
