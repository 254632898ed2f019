"""Appliers of SIGNAL and SIGNAL_SUBSCRIPTION events."""

from __future__ import annotations

from ...records.intents import SignalIntent, SignalSubscriptionIntent
from ...records.values import SignalRecordValue, SignalSubscriptionRecordValue
from ..engine_state import EngineState
from ._types import AppliersTable


def subscription_created(
    state: EngineState, key: int, value: SignalSubscriptionRecordValue
) -> None:
    state.signals.put(value)


def subscription_deleted(
    state: EngineState, key: int, value: SignalSubscriptionRecordValue
) -> None:
    state.signals.remove(value)


def signal_broadcasted(state: EngineState, key: int, value: SignalRecordValue) -> None:
    pass  # a signal is not kept: the subscriptions it reached are triggered by processors


APPLIERS: AppliersTable = {
    (SignalSubscriptionIntent.CREATED, 1): subscription_created,
    (SignalSubscriptionIntent.DELETED, 1): subscription_deleted,
    (SignalIntent.BROADCASTED, 1): signal_broadcasted,
}
