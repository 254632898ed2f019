"""Appliers of COMPENSATION_SUBSCRIPTION events."""

from __future__ import annotations

from ...records.intents import CompensationSubscriptionIntent
from ...records.values import CompensationSubscriptionRecordValue
from ..compensations import StoredCompensation
from ..engine_state import EngineState
from ._types import AppliersTable


def created(state: EngineState, key: int, value: CompensationSubscriptionRecordValue) -> None:
    state.compensations.put(key, StoredCompensation(False, value))


def triggered(state: EngineState, key: int, value: CompensationSubscriptionRecordValue) -> None:
    state.compensations.put(key, StoredCompensation(True, value))


def completed(state: EngineState, key: int, value: CompensationSubscriptionRecordValue) -> None:
    state.compensations.remove(value.process_instance_key, key)


def deleted(state: EngineState, key: int, value: CompensationSubscriptionRecordValue) -> None:
    state.compensations.remove(value.process_instance_key, key)


APPLIERS: AppliersTable = {
    (CompensationSubscriptionIntent.CREATED, 1): created,
    (CompensationSubscriptionIntent.TRIGGERED, 1): triggered,
    (CompensationSubscriptionIntent.COMPLETED, 1): completed,
    (CompensationSubscriptionIntent.DELETED, 1): deleted,
}
