"""INCIDENT RESOLVE: the cause was fixed (retries updated, variables set); go on.

A job incident makes the job activatable again (its retries must have been updated first). An
element incident re-runs the step that failed: the activation of an element still ACTIVATING,
or the completion of one still COMPLETING.
"""

from __future__ import annotations

from ...records.enums import RejectionType
from ...records.intents import IncidentIntent, ProcessInstanceIntent
from ...records.record import Record
from ...records.values import IncidentRecordValue
from ...state.jobs import JobState
from ..context import ProcessingContext
from ..errors import Rejection
from ..writer import JobsAvailable, RecordWriter

_I = ProcessInstanceIntent


class ResolveIncident:
    def __init__(self, ctx: ProcessingContext) -> None:
        self._ctx = ctx

    def process(self, command: Record[IncidentRecordValue], out: RecordWriter) -> None:
        state = self._ctx.state
        incident = state.incidents.get(command.key)
        if incident is None:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to resolve incident with key '{command.key}', but no such incident "
                f"was found",
            )
        job = state.jobs.get(incident.job_key) if incident.job_key >= 0 else None
        if (
            job is not None
            and job.retries <= 0
            and state.jobs.state(incident.job_key) is JobState.FAILED
        ):
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected to resolve incident with key '{command.key}', but job with key "
                f"'{incident.job_key}' has no retries left; update its retries first",
            )
        out.respond(out.event(command.key, IncidentIntent.RESOLVED, incident))
        if job is not None:
            out.side_effect(JobsAvailable(job.type))
            return
        instance = state.element_instances.get(incident.element_instance_key)
        if instance is None:
            return
        if instance.state is _I.ELEMENT_ACTIVATING:
            out.command(instance.key, _I.ACTIVATE_ELEMENT, instance.value)
        elif instance.state is _I.ELEMENT_COMPLETING:
            out.command(instance.key, _I.COMPLETE_ELEMENT, instance.value)
