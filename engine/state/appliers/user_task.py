"""Appliers of the Camunda user task lifecycle."""

from __future__ import annotations

import msgspec

from ...records.intents import UserTaskIntent
from ...records.values import UserTaskRecordValue
from ..engine_state import EngineState
from ._types import Applier, AppliersTable

_U = UserTaskIntent


def _transition(state_name: UserTaskIntent) -> Applier:
    def applier(state: EngineState, key: int, value: UserTaskRecordValue) -> None:
        state.user_tasks.put(key, state_name, value)

    applier.__name__ = f"user_task_{state_name.name.lower()}"
    return applier


def user_task_creating(state: EngineState, key: int, value: UserTaskRecordValue) -> None:
    state.user_tasks.put(key, _U.CREATING, value)
    instance = state.element_instances.get(value.element_instance_key)
    if instance is not None:
        state.element_instances.update(msgspec.structs.replace(instance, user_task_key=key))


def _ended(state: EngineState, key: int, value: UserTaskRecordValue) -> None:
    state.user_tasks.delete(key)
    instance = state.element_instances.get(value.element_instance_key)
    if instance is not None and instance.user_task_key == key:
        state.element_instances.update(msgspec.structs.replace(instance, user_task_key=-1))


def user_task_completed(state: EngineState, key: int, value: UserTaskRecordValue) -> None:
    _ended(state, key, value)


def user_task_canceled(state: EngineState, key: int, value: UserTaskRecordValue) -> None:
    _ended(state, key, value)


APPLIERS: AppliersTable = {
    (_U.CREATING, 1): user_task_creating,
    (_U.CREATED, 1): _transition(_U.CREATED),
    (_U.ASSIGNING, 1): _transition(_U.ASSIGNING),
    (_U.CLAIMING, 1): _transition(_U.CLAIMING),
    (_U.ASSIGNED, 1): _transition(_U.CREATED),
    (_U.UPDATING, 1): _transition(_U.UPDATING),
    (_U.UPDATED, 1): _transition(_U.CREATED),
    (_U.COMPLETING, 1): _transition(_U.COMPLETING),
    (_U.COMPLETED, 1): user_task_completed,
    (_U.CANCELING, 1): _transition(_U.CANCELING),
    (_U.CANCELED, 1): user_task_canceled,
}
