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
from ....state.element_instances import ElementInstance, ElementInstancesView
from ...deployment.executable import CompiledExpression, ExecutableElement, ExecutableProcess
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
            elif self._matches(boundary.error_code, code):
                return boundary
        return catch_all

    def _matches(self, code_expression: CompiledExpression | None, code: str) -> bool:
        if code_expression is None:
            return True
        return code_expression.feel is None and code_expression.static == code

    def _trigger(
        self,
        out: RecordWriter,
        instance: ElementInstance,
        target_id: str,
        variables: Mapping[str, Any] | None,
    ) -> None:
        out.event(
            self._keys.next_key(),
            ProcessEventIntent.TRIGGERING,
            ProcessEventRecordValue(
                scope_key=instance.key,
                target_element_id=target_id,
                variables=dict(variables or {}),
                process_definition_key=instance.value.process_definition_key,
                process_instance_key=instance.value.process_instance_key,
                tenant_id=instance.value.tenant_id,
            ),
        )

    def _event_subprocess(self, element: ExecutableElement, code: str) -> str | None:
        # Specific codes first, then a catch-all, as for boundary events.
        catch_all = None
        for subprocess_id, code_expression in element.error_event_subprocesses:
            if code_expression is None:
                catch_all = catch_all or subprocess_id
            elif self._matches(code_expression, code):
                return subprocess_id
        return catch_all

    def throw(
        self,
        out: RecordWriter,
        from_instance_key: int,
        code: str,
        variables: Mapping[str, Any] | None = None,
    ) -> bool:
        """Start catching `code` at the nearest catcher from `from_instance_key` up: in each
        instance, first an error event subprocess inside it (the instance stays; its other
        children are terminated), then an error boundary event on it (the instance is
        terminated). False when nothing catches it (the caller raises the incident)."""
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
            active = instance.state is ProcessInstanceIntent.ELEMENT_ACTIVATED
            subprocess_id = self._event_subprocess(element, code) if active else None
            if subprocess_id is not None:
                self._trigger(out, instance, subprocess_id, variables)
                for child_key in list(self._instances.children(instance.key)):
                    child = self._instances.get(child_key)
                    if child is not None and child.state is not (
                        ProcessInstanceIntent.ELEMENT_TERMINATING
                    ):
                        out.command(child.key, ProcessInstanceIntent.TERMINATE_ELEMENT, child.value)
                return True
            if instance.value.flow_scope_key >= 0 and not inner:  # the body catches for it
                boundary = self._catcher(process, element, code)
                if boundary is not None and instance.state is not (
                    ProcessInstanceIntent.ELEMENT_TERMINATING
                ):
                    self._trigger(out, instance, boundary.id, variables)
                    out.command(
                        instance.key, ProcessInstanceIntent.TERMINATE_ELEMENT, instance.value
                    )
                    return True
            key = instance.value.flow_scope_key
            if key < 0:  # a called process: on to its call activity in the parent
                key = instance.value.parent_element_instance_key
        return False
