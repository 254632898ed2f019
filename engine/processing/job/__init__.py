"""Job commands: one processor per command."""

from __future__ import annotations

from ...records.intents import JobBatchIntent, JobIntent
from ..context import ProcessorTable
from .activate import ActivateJobs
from .complete import CompleteJob
from .fail import FailJob
from .throw_error import ThrowJobError
from .time_out import RecurJobAfterBackoff, TimeOutJob
from .update import UpdateJobRetries, UpdateJobTimeout

PROCESSORS: ProcessorTable = {
    JobBatchIntent.ACTIVATE: ActivateJobs,
    JobIntent.COMPLETE: CompleteJob,
    JobIntent.FAIL: FailJob,
    JobIntent.THROW_ERROR: ThrowJobError,
    JobIntent.TIME_OUT: TimeOutJob,
    JobIntent.RECUR_AFTER_BACKOFF: RecurJobAfterBackoff,
    JobIntent.UPDATE_RETRIES: UpdateJobRetries,
    JobIntent.UPDATE_TIMEOUT: UpdateJobTimeout,
}
