"""Creating the job of a job worker element, and cancelling it when the element goes."""

from __future__ import annotations

import msgspec

from ....keys import KeyGenerator
from ....records.enums import ErrorType, JobKind, JobListenerEventType
from ....records.intents import JobIntent
from ....records.values import JobRecordValue
from ....state.jobs import JobsView
from ...deployment.executable import ExecutableListener
from ...errors import Failure
from ...writer import JobsAvailable, RecordWriter
from ..element_context import ElementContext
from .expressions import Expressions

DEFAULT_RETRIES = 3
_PRIORITY_HEADER = "priority"  # Baton reads a job's priority from this custom header


class JobBehaviour:
    def __init__(self, jobs: JobsView, keys: KeyGenerator, expressions: Expressions) -> None:
        self._jobs = jobs
        self._keys = keys
        self._expressions = expressions

    def create(self, out: RecordWriter, ctx: ElementContext) -> None:
        """Evaluate type, retries and priority (all before any write), then JOB CREATED."""
        element = ctx.element
        if element.job_type is None:
            raise Failure(
                ErrorType.EXTRACT_VALUE_ERROR,
                f"Expected element '{element.id}' to define a job type, but it has none",
            )
        variables = self._expressions.scope(ctx.key)
        job_type = self._expressions.evaluate_string(element.job_type, variables, out.now)
        retries = (
            DEFAULT_RETRIES
            if element.job_retries is None
            else self._expressions.evaluate_int(element.job_retries, variables, out.now)
        )
        headers = dict(element.headers)
        priority = headers.get(_PRIORITY_HEADER, "0")
        value = ctx.value
        job = JobRecordValue(
            bpmn_process_id=value.bpmn_process_id,
            process_definition_key=value.process_definition_key,
            process_definition_version=value.version,
            process_instance_key=value.process_instance_key,
            element_id=value.element_id,
            element_instance_key=ctx.key,
            type=job_type,
            retries=retries,
            custom_headers=headers,
            tenant_id=value.tenant_id,
            priority=int(priority) if priority.lstrip("-").isdigit() else 0,
        )
        out.event(self._keys.next_key(), JobIntent.CREATED, job)
        out.side_effect(JobsAvailable(job_type))

    def create_listener_job(
        self,
        out: RecordWriter,
        ctx: ElementContext,
        listener: ExecutableListener,
        event_type: JobListenerEventType,
    ) -> None:
        """The job of an execution listener (kind EXECUTION_LISTENER)."""
        variables = self._expressions.scope(ctx.key)
        job_type = self._expressions.evaluate_string(listener.job_type, variables, out.now)
        retries = self._expressions.evaluate_int(listener.retries, variables, out.now)
        value = ctx.value
        job = JobRecordValue(
            bpmn_process_id=value.bpmn_process_id,
            process_definition_key=value.process_definition_key,
            process_definition_version=value.version,
            process_instance_key=value.process_instance_key,
            element_id=value.element_id,
            element_instance_key=ctx.key,
            type=job_type,
            retries=retries,
            job_kind=JobKind.EXECUTION_LISTENER,
            job_listener_event_type=event_type,
            tenant_id=value.tenant_id,
        )
        out.event(self._keys.next_key(), JobIntent.CREATED, job)
        out.side_effect(JobsAvailable(job_type))

    def cancel(self, out: RecordWriter, job_key: int) -> None:
        if job_key < 0:
            return
        job = self._jobs.get(job_key)
        if job is not None:
            out.event(job_key, JobIntent.CANCELED, msgspec.structs.replace(job, variables={}))
