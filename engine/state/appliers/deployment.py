"""Appliers of deployment events: processes, decision requirements and decisions."""

from __future__ import annotations

from ...records.intents import (
    DecisionIntent,
    DecisionRequirementsIntent,
    DeploymentIntent,
    FormIntent,
    ProcessIntent,
    ResourceDeletionIntent,
)
from ...records.values import (
    DecisionRecordValue,
    DecisionRequirementsRecordValue,
    DeploymentRecordValue,
    FormRecordValue,
    ProcessRecordValue,
    ResourceDeletionRecordValue,
)
from ..engine_state import EngineState
from ._types import AppliersTable


def deployment_created(state: EngineState, key: int, value: DeploymentRecordValue) -> None:
    # The deployment itself is not kept: its processes and decisions are (their own events).
    pass


def process_created(state: EngineState, key: int, value: ProcessRecordValue) -> None:
    state.processes.put(value)


def decision_requirements_created(
    state: EngineState, key: int, value: DecisionRequirementsRecordValue
) -> None:
    state.decisions.put_requirements(value)


def decision_created(state: EngineState, key: int, value: DecisionRecordValue) -> None:
    state.decisions.put(value)


def form_created(state: EngineState, key: int, value: FormRecordValue) -> None:
    state.forms.put(value)


def process_deleting(state: EngineState, key: int, value: ProcessRecordValue) -> None:
    # Deletion needs no running instance, so nothing drains: PROCESS DELETED follows at once.
    pass


def process_deleted(state: EngineState, key: int, value: ProcessRecordValue) -> None:
    state.processes.delete(key)


def decision_deleted(state: EngineState, key: int, value: DecisionRecordValue) -> None:
    state.decisions.delete(key)


def decision_requirements_deleted(
    state: EngineState, key: int, value: DecisionRequirementsRecordValue
) -> None:
    state.decisions.delete_requirements(key)


def form_deleted(state: EngineState, key: int, value: FormRecordValue) -> None:
    state.forms.delete(key)


def resource_deletion(state: EngineState, key: int, value: ResourceDeletionRecordValue) -> None:
    # The deleted resources' own events change state.
    pass


APPLIERS: AppliersTable = {
    (FormIntent.CREATED, 1): form_created,
    (ProcessIntent.DELETING, 1): process_deleting,
    (ProcessIntent.DELETED, 1): process_deleted,
    (DecisionIntent.DELETED, 1): decision_deleted,
    (DecisionRequirementsIntent.DELETED, 1): decision_requirements_deleted,
    (FormIntent.DELETED, 1): form_deleted,
    (ResourceDeletionIntent.DELETING, 1): resource_deletion,
    (ResourceDeletionIntent.DELETED, 1): resource_deletion,
    (DeploymentIntent.CREATED, 1): deployment_created,
    (ProcessIntent.CREATED, 1): process_created,
    (DecisionRequirementsIntent.CREATED, 1): decision_requirements_created,
    (DecisionIntent.CREATED, 1): decision_created,
}
