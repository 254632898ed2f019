"""JOB THROW_ERROR: the worker reports a business error; the nearest error boundary event up
the scope chain catches it, or an UNHANDLED_ERROR_EVENT incident stops the job."""

from __future__ import annotations

import msgspec

from ...records.enums import ErrorType, JobKind, RejectionType
from ...records.intents import JobIntent
from ...records.record import Record
from ...records.values import JobRecordValue
from ...state.jobs import JobState
from ..context import ProcessingContext
from ..errors import Failure, Rejection
from ..writer import RecordWriter
from ._checks import job_in_state


class ThrowJobError:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[JobRecordValue], out: RecordWriter) -> None:
        job, _ = job_in_state(
            self._ctx.state.jobs,
            command.key,
            "throw an error for",
            JobState.ACTIVATED,
            JobState.ACTIVATABLE,
        )
        if job.job_kind is not JobKind.BPMN_ELEMENT:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to throw an error for job with key '{command.key}', but it is an "
                f"execution listener job, which cannot throw errors",
            )
        element = self._ctx.lifecycle.context_of(job.element_instance_key)
        if element is None:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to throw an error for job with key '{command.key}', but its element "
                f"instance is gone",
            )
        code = command.value.error_code
        thrown = msgspec.structs.replace(
            job,
            error_code=code,
            error_message=command.value.error_message,
            variables=command.value.variables,
        )
        out.respond(out.event(command.key, JobIntent.ERROR_THROWN, thrown))
        b = self._ctx.behaviours
        if not b.errors.throw(out, element.key, code, command.value.variables):
            b.incidents.raise_incident(
                out,
                element,
                Failure(
                    ErrorType.UNHANDLED_ERROR_EVENT,
                    f"Expected to throw an error event with the code '{code}' with message "
                    f"'{command.value.error_message}', but it was not caught. No error events "
                    f"are available in the scope.",
                ),
                job_key=command.key,
            )
