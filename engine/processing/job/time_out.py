"""JOB TIME_OUT (written by the scheduler): an activation ran past its deadline; the job is
activatable again with unchanged retries. RECUR_AFTER_BACKOFF: a failed job's backoff ended."""

from __future__ import annotations

import msgspec

from ...records.enums import RejectionType
from ...records.intents import JobIntent
from ...records.record import Record
from ...records.values import JobRecordValue
from ...state.jobs import JobState
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import JobsAvailable, RecordWriter
from ._checks import job_in_state


class TimeOutJob:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[JobRecordValue], out: RecordWriter) -> None:
        job, _ = job_in_state(self._ctx.state.jobs, command.key, "time out", JobState.ACTIVATED)
        if job.deadline > out.now:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to time out job with key '{command.key}', but its deadline "
                f"{job.deadline} is still ahead",
            )
        timed_out = msgspec.structs.replace(job, deadline=-1, worker="")
        out.event(command.key, JobIntent.TIMED_OUT, timed_out)
        out.side_effect(JobsAvailable(job.type))


class RecurJobAfterBackoff:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[JobRecordValue], out: RecordWriter) -> None:
        job, _ = job_in_state(
            self._ctx.state.jobs, command.key, "recur after backoff", JobState.FAILED
        )
        if job.retries <= 0 or job.recurring_time < 0 or job.recurring_time > out.now:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to recur job with key '{command.key}' after its backoff, but it has "
                f"no backoff that ended",
            )
        recurred = msgspec.structs.replace(job, recurring_time=-1)
        out.event(command.key, JobIntent.RECURRED_AFTER_BACKOFF, recurred)
        out.side_effect(JobsAvailable(job.type))
