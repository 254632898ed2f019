"""JOB UPDATE_RETRIES and UPDATE_TIMEOUT."""

from __future__ import annotations

import msgspec

from ...records.enums import RejectionType
from ...records.intents import JobIntent
from ...records.record import Record
from ...records.values import JobRecordValue
from ...state.jobs import JobState
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter
from ._checks import job_in_state


class UpdateJobRetries:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[JobRecordValue], out: RecordWriter) -> None:
        retries = command.value.retries
        if retries < 1:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                f"Expected to update retries of job with key '{command.key}' to a positive "
                f"number, but got {retries}",
            )
        job, _ = job_in_state(
            self._ctx.state.jobs,
            command.key,
            "update retries of",
            *JobState,
        )
        updated = msgspec.structs.replace(job, retries=retries)
        out.respond(out.event(command.key, JobIntent.RETRIES_UPDATED, updated))


class UpdateJobTimeout:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[JobRecordValue], out: RecordWriter) -> None:
        timeout = command.value.timeout
        if timeout < 1:
            raise Rejection(
                RejectionType.INVALID_ARGUMENT,
                f"Expected to update the timeout of job with key '{command.key}' to a positive "
                f"number of milliseconds, but got {timeout}",
            )
        job, _ = job_in_state(
            self._ctx.state.jobs, command.key, "update timeout of", JobState.ACTIVATED
        )
        updated = msgspec.structs.replace(job, timeout=timeout, deadline=out.now + timeout)
        out.respond(out.event(command.key, JobIntent.TIMEOUT_UPDATED, updated))
