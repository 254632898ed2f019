"""Raising incidents for failures, and resolving those of an element that goes away."""

from __future__ import annotations

from ....keys import KeyGenerator
from ....records.intents import IncidentIntent
from ....records.values import IncidentRecordValue
from ....state.incidents import IncidentsView
from ...errors import Failure
from ...writer import RecordWriter
from ..element_context import ElementContext


class IncidentBehaviour:
    def __init__(self, incidents: IncidentsView, keys: KeyGenerator) -> None:
        self._incidents = incidents
        self._keys = keys

    def raise_incident(
        self, out: RecordWriter, ctx: ElementContext, failure: Failure, job_key: int = -1
    ) -> None:
        value = ctx.value
        out.event(
            self._keys.next_key(),
            IncidentIntent.CREATED,
            IncidentRecordValue(
                error_type=failure.error_type,
                error_message=failure.message,
                bpmn_process_id=value.bpmn_process_id,
                process_definition_key=value.process_definition_key,
                process_instance_key=value.process_instance_key,
                element_id=value.element_id,
                element_instance_key=ctx.key,
                job_key=job_key,
                variable_scope_key=(
                    failure.variable_scope_key if failure.variable_scope_key >= 0 else ctx.key
                ),
                tenant_id=value.tenant_id,
            ),
        )

    def resolve_for(self, out: RecordWriter, element_instance_key: int, job_key: int) -> None:
        """Resolve the open incidents of an element instance (and of its job) that is being
        terminated: they no longer stop anything."""
        for key in (
            self._incidents.for_element_instance(element_instance_key),
            self._incidents.for_job(job_key) if job_key >= 0 else None,
        ):
            if key is None:
                continue
            incident = self._incidents.get(key)
            if incident is not None:
                out.event(key, IncidentIntent.RESOLVED, incident)
