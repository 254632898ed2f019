"""Catching BPMN errors: from where an error is thrown, up the scope chain to the nearest
error boundary event whose code matches (or that catches every code).

Catching writes PROCESS_EVENT TRIGGERING (the trigger waits in state on the instance that the
boundary event is attached to), then TERMINATE_ELEMENT for that instance; when it is
terminated, the dispatcher activates the boundary event in its place (`Lifecycle.terminated`).
The events issue reuses this trigger mechanism for timers, messages and signals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bpmn.model import BpmnElementType, BpmnEventType

from ....keys import KeyGenerator
from ....records.intents import ProcessEventIntent, ProcessInstanceIntent
from ....records.values import ProcessEventRecordValue
from ....state.element_instances import ElementInstancesView
from ...deployment.executable import ExecutableElement, ExecutableProcess
from ...deployment.models import ExecutableModels
from ...writer import RecordWriter


class ErrorCatching:
    def __init__(
        self, instances: ElementInstancesView, keys: KeyGenerator, models: ExecutableModels
    ) -> None:
        self._instances = instances
        self._keys = keys
        self._models = models

    def _catcher(
        self, process: ExecutableProcess, element: ExecutableElement, code: str
    ) -> ExecutableElement | None:
        catch_all = None
        for boundary_id in element.boundary_event_ids:
            boundary = process.element(boundary_id)
            if boundary.event_type is not BpmnEventType.ERROR:
                continue
            if boundary.error_code is None:
                catch_all = catch_all or boundary
            elif boundary.error_code.feel is None and boundary.error_code.static == code:
                return boundary
        return catch_all

    def throw(
        self,
        out: RecordWriter,
        from_instance_key: int,
        code: str,
        variables: Mapping[str, Any] | None = None,
    ) -> bool:
        """Start catching `code` at the nearest boundary event from `from_instance_key` up;
        False when nothing catches it (the caller raises the incident)."""
        key = from_instance_key
        while key >= 0:
            instance = self._instances.get(key)
            if instance is None:
                return False
            process = self._models.process(instance.value.process_definition_key)
            element = process.element(instance.value.element_id)
            inner = element.loop is not None and (
                instance.value.bpmn_element_type is not BpmnElementType.MULTI_INSTANCE_BODY
            )
            if instance.value.flow_scope_key >= 0 and not inner:  # the body catches for it
                boundary = self._catcher(process, element, code)
                if boundary is not None and instance.state is not (
                    ProcessInstanceIntent.ELEMENT_TERMINATING
                ):
                    out.event(
                        self._keys.next_key(),
                        ProcessEventIntent.TRIGGERING,
                        ProcessEventRecordValue(
                            scope_key=instance.key,
                            target_element_id=boundary.id,
                            variables=dict(variables or {}),
                            process_definition_key=instance.value.process_definition_key,
                            process_instance_key=instance.value.process_instance_key,
                            tenant_id=instance.value.tenant_id,
                        ),
                    )
                    out.command(
                        instance.key, ProcessInstanceIntent.TERMINATE_ELEMENT, instance.value
                    )
                    return True
            key = instance.value.flow_scope_key
            if key < 0:  # a called process: on to its call activity in the parent
                key = instance.value.parent_element_instance_key
        return False
