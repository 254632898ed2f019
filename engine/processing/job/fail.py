"""JOB FAIL: the worker gave up for now. Retries left: the job comes back (after the backoff,
if any); none left: a JOB_NO_RETRIES incident waits for someone to fix it."""

from __future__ import annotations

import msgspec

from ...records.enums import ErrorType, JobKind
from ...records.intents import JobIntent
from ...records.record import Record
from ...records.values import JobRecordValue
from ...state.jobs import JobState
from ..bpmn.behaviours import VariableOwner
from ..context import ProcessingContext
from ..errors import Failure
from ..writer import JobsAvailable, RecordWriter
from ._checks import job_in_state


class FailJob:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[JobRecordValue], out: RecordWriter) -> None:
        job, _ = job_in_state(self._ctx.state.jobs, command.key, "fail", JobState.ACTIVATED)
        request = command.value
        retries = max(request.retries, 0)
        backoff = max(request.retry_backoff, 0)
        failed = msgspec.structs.replace(
            job,
            retries=retries,
            retry_backoff=backoff,
            recurring_time=out.now + backoff if retries > 0 and backoff > 0 else -1,
            error_message=request.error_message,
            deadline=-1,
            variables={},
        )
        out.respond(out.event(command.key, JobIntent.FAILED, failed))
        element = self._ctx.lifecycle.context_of(job.element_instance_key)
        if element is not None and request.variables:
            self._ctx.behaviours.variables.set_local(
                out, element.key, request.variables, VariableOwner.of(element)
            )
        if retries > 0:
            if backoff <= 0:
                out.side_effect(JobsAvailable(job.type))
            return
        if element is not None:
            message = request.error_message or "No more retries left."
            self._ctx.behaviours.incidents.raise_incident(
                out,
                element,
                Failure(
                    ErrorType.EXECUTION_LISTENER_NO_RETRIES
                    if job.job_kind is JobKind.EXECUTION_LISTENER
                    else ErrorType.JOB_NO_RETRIES,
                    message,
                ),
                job_key=command.key,
            )
