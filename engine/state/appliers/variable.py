"""Appliers of variable events. A VARIABLE value is JSON text and goes into state as is."""

from __future__ import annotations

from ...records.intents import VariableDocumentIntent, VariableIntent
from ...records.values import VariableDocumentRecordValue, VariableRecordValue
from ..engine_state import EngineState
from ._types import AppliersTable


def variable_created(state: EngineState, key: int, value: VariableRecordValue) -> None:
    state.variables.put(value.scope_key, value.name, key, value.value.encode())


def variable_updated(state: EngineState, key: int, value: VariableRecordValue) -> None:
    state.variables.put(value.scope_key, value.name, key, value.value.encode())


def document_updated(state: EngineState, key: int, value: VariableDocumentRecordValue) -> None:
    # The VARIABLE events written beside it carry the changes.
    pass


APPLIERS: AppliersTable = {
    (VariableIntent.CREATED, 1): variable_created,
    (VariableIntent.UPDATED, 1): variable_updated,
    (VariableDocumentIntent.UPDATED, 1): document_updated,
}
