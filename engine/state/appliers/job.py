"""Appliers of job events and activated job batches.

Stored jobs never keep variables: a worker gets the variables fetched at activation time, so
the copy in the JOB_BATCH record is all there is.
"""

from __future__ import annotations

import msgspec

from ...records.enums import JobKind
from ...records.intents import JobBatchIntent, JobIntent
from ...records.values import JobBatchRecordValue, JobRecordValue
from ..engine_state import EngineState
from ._types import AppliersTable


def _bare(job: JobRecordValue) -> JobRecordValue:
    return msgspec.structs.replace(job, variables={}) if job.variables else job


def _link_element(state: EngineState, job: JobRecordValue, job_key: int) -> None:
    instance = state.element_instances.get(job.element_instance_key)
    if instance is not None and instance.job_key != job_key:
        state.element_instances.update(msgspec.structs.replace(instance, job_key=job_key))


def job_created(state: EngineState, key: int, value: JobRecordValue) -> None:
    state.jobs.create(key, _bare(value))
    _link_element(state, value, key)


def jobs_activated(state: EngineState, key: int, value: JobBatchRecordValue) -> None:
    for job_key, job in zip(value.job_keys, value.jobs, strict=True):
        state.jobs.activate(job_key, _bare(job))


def _finished(state: EngineState, key: int, value: JobRecordValue) -> None:
    job = state.jobs.get(key)
    state.jobs.delete(key)
    if job is not None:
        _link_element(state, job, -1)


def job_completed(state: EngineState, key: int, value: JobRecordValue) -> None:
    _finished(state, key, value)
    if value.job_kind is JobKind.EXECUTION_LISTENER:
        instance = state.element_instances.get(value.element_instance_key)
        if instance is not None:
            state.element_instances.update(
                msgspec.structs.replace(
                    instance, execution_listener_index=instance.execution_listener_index + 1
                )
            )


def job_canceled(state: EngineState, key: int, value: JobRecordValue) -> None:
    _finished(state, key, value)


def job_failed(state: EngineState, key: int, value: JobRecordValue) -> None:
    state.jobs.fail(key, _bare(value))


def job_timed_out(state: EngineState, key: int, value: JobRecordValue) -> None:
    state.jobs.make_activatable(key, _bare(value))


def job_recurred_after_backoff(state: EngineState, key: int, value: JobRecordValue) -> None:
    state.jobs.make_activatable(key, _bare(value))


def job_retries_updated(state: EngineState, key: int, value: JobRecordValue) -> None:
    state.jobs.update(key, _bare(value))


def job_timeout_updated(state: EngineState, key: int, value: JobRecordValue) -> None:
    state.jobs.update(key, _bare(value))


def job_error_thrown(state: EngineState, key: int, value: JobRecordValue) -> None:
    state.jobs.throw_error(key, _bare(value))


APPLIERS: AppliersTable = {
    (JobIntent.CREATED, 1): job_created,
    (JobBatchIntent.ACTIVATED, 1): jobs_activated,
    (JobIntent.COMPLETED, 1): job_completed,
    (JobIntent.CANCELED, 1): job_canceled,
    (JobIntent.FAILED, 1): job_failed,
    (JobIntent.TIMED_OUT, 1): job_timed_out,
    (JobIntent.RECURRED_AFTER_BACKOFF, 1): job_recurred_after_backoff,
    (JobIntent.RETRIES_UPDATED, 1): job_retries_updated,
    (JobIntent.TIMEOUT_UPDATED, 1): job_timeout_updated,
    (JobIntent.ERROR_THROWN, 1): job_error_thrown,
}
