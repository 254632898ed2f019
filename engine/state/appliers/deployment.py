"""Appliers of deployment events: processes, decision requirements and decisions."""

from __future__ import annotations

from ...records.intents import (
    DecisionIntent,
    DecisionRequirementsIntent,
    DeploymentIntent,
    FormIntent,
    ProcessIntent,
)
from ...records.values import (
    DecisionRecordValue,
    DecisionRequirementsRecordValue,
    DeploymentRecordValue,
    FormRecordValue,
    ProcessRecordValue,
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


APPLIERS: AppliersTable = {
    (FormIntent.CREATED, 1): form_created,
    (DeploymentIntent.CREATED, 1): deployment_created,
    (ProcessIntent.CREATED, 1): process_created,
    (DecisionRequirementsIntent.CREATED, 1): decision_requirements_created,
    (DecisionIntent.CREATED, 1): decision_created,
}
