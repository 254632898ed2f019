"""Appliers of incidents, engine errors (banned instances) and decision evaluations."""

from __future__ import annotations

import msgspec

from ...records.intents import DecisionEvaluationIntent, ErrorIntent, IncidentIntent
from ...records.values import (
    DecisionEvaluationRecordValue,
    ErrorRecordValue,
    IncidentRecordValue,
)
from ..engine_state import EngineState
from ..jobs import JobState
from ._types import AppliersTable


def incident_created(state: EngineState, key: int, value: IncidentRecordValue) -> None:
    state.incidents.create(key, value)


def incident_resolved(state: EngineState, key: int, value: IncidentRecordValue) -> None:
    state.incidents.delete(key)
    if value.job_key < 0:
        return
    # A job incident: the job (given retries before the resolution) goes back to the pool.
    job = state.jobs.get(value.job_key)
    if job is not None and state.jobs.state(value.job_key) in (
        JobState.FAILED,
        JobState.ERROR_THROWN,
    ):
        state.jobs.make_activatable(
            value.job_key, msgspec.structs.replace(job, recurring_time=-1, deadline=-1)
        )


def error_created(state: EngineState, key: int, value: ErrorRecordValue) -> None:
    state.process_instances.ban(value.process_instance_key)


def decision_evaluated(state: EngineState, key: int, value: DecisionEvaluationRecordValue) -> None:
    # An audit record: the result reaches state through the VARIABLE events beside it.
    pass


APPLIERS: AppliersTable = {
    (IncidentIntent.CREATED, 1): incident_created,
    (IncidentIntent.RESOLVED, 1): incident_resolved,
    (ErrorIntent.CREATED, 1): error_created,
    (DecisionEvaluationIntent.EVALUATED, 1): decision_evaluated,
    (DecisionEvaluationIntent.FAILED, 1): decision_evaluated,
}
