"""JOB COMPLETE: the worker is done; its variables go to the element, which completes."""

from __future__ import annotations

import msgspec

from ...records.enums import JobKind, RejectionType
from ...records.intents import JobIntent, ProcessInstanceIntent
from ...records.record import Record
from ...records.values import JobRecordValue
from ...state.jobs import JobState
from ..bpmn.behaviours import VariableOwner
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import RecordWriter
from ._checks import job_in_state


class CompleteJob:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[JobRecordValue], out: RecordWriter) -> None:
        job, _ = job_in_state(self._ctx.state.jobs, command.key, "complete", JobState.ACTIVATED)
        element = self._ctx.lifecycle.context_of(job.element_instance_key)
        if element is None:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to complete job with key '{command.key}', but its element instance "
                f"{job.element_instance_key} is gone",
            )
        variables = command.value.variables
        completed = msgspec.structs.replace(job, variables=variables)
        out.respond(out.event(command.key, JobIntent.COMPLETED, completed))
        if job.job_kind is JobKind.EXECUTION_LISTENER:
            # A listener's variables are local to the element; then the element goes on.
            self._ctx.behaviours.variables.set_local(
                out, element.key, variables, VariableOwner.of(element)
            )
            intent = ProcessInstanceIntent.COMPLETE_EXECUTION_LISTENER
            out.command(element.key, intent, element.value)
            return
        self._ctx.behaviours.variables.merge_result(out, element, variables)
        out.command(element.key, ProcessInstanceIntent.COMPLETE_ELEMENT, element.value)
