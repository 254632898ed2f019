"""Appliers of the element lifecycle, taken sequence flows and instance creation.

Invariant kept here (see `ElementInstance`): a flow scope's `active_sequence_flows` counts the
sequence flows taken inside it whose target has not been activated yet, so a scope completes
only once it has no children and no token in flight. A token waiting at a joining gateway
stays counted until the join fires.
"""

from __future__ import annotations

import msgspec

from bpmn.model import BpmnElementType

from ...records.intents import (
    ProcessEventIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    ProcessInstanceModificationIntent,
)
from ...records.values import (
    ProcessEventRecordValue,
    ProcessInstanceCreationRecordValue,
    ProcessInstanceModificationRecordValue,
    ProcessInstanceRecordValue,
)
from ..element_instances import ElementInstance
from ..engine_state import EngineState
from ._types import AppliersTable

_I = ProcessInstanceIntent


def _set_state(state: EngineState, key: int, intent: ProcessInstanceIntent) -> None:
    instance = state.element_instances.get(key)
    if instance is not None:
        state.element_instances.update(msgspec.structs.replace(instance, state=intent))


def _arrived_by_flow(state: EngineState, value: ProcessInstanceRecordValue) -> None:
    # Lower the flow scope's in-flight count by the tokens this activation consumes: one, or
    # for a joining gateway one per incoming flow that delivered a token.
    scope = state.element_instances.get(value.flow_scope_key)
    if scope is None:
        return
    if scope.value.bpmn_element_type is BpmnElementType.MULTI_INSTANCE_BODY:
        # An inner instance of a multi-instance body: no token, but the next loop counter.
        state.element_instances.update(
            msgspec.structs.replace(
                scope, multi_instance_loop_counter=scope.multi_instance_loop_counter + 1
            )
        )
        return
    graph, definition = state.graph, value.process_definition_key
    if not graph.has_incoming(definition, value.element_id):
        return
    consumed = 1
    if graph.is_joining_gateway(definition, value.element_id):
        taken = state.element_instances.taken_sequence_flows(scope.key, value.element_id)
        consumed = sum(1 for count in taken.values() if count > 0)
        state.element_instances.consume_sequence_flows(scope.key, value.element_id)
    remaining = max(0, scope.active_sequence_flows - consumed)
    state.element_instances.update(msgspec.structs.replace(scope, active_sequence_flows=remaining))


def element_activating(state: EngineState, key: int, value: ProcessInstanceRecordValue) -> None:
    _arrived_by_flow(state, value)
    state.element_instances.create(
        ElementInstance(key=key, state=_I.ELEMENT_ACTIVATING, value=value)
    )
    state.variables.set_parent(key, value.flow_scope_key)
    if value.bpmn_element_type is BpmnElementType.PROCESS:
        state.process_instances.add_instance(value.process_definition_key, key)
    caller = state.element_instances.get(value.parent_element_instance_key)
    if value.bpmn_element_type is BpmnElementType.PROCESS and caller is not None:
        # A called process: its call activity waits for it (and terminates it if need be).
        state.element_instances.update(
            msgspec.structs.replace(caller, called_child_instance_key=key)
        )


def element_activated(state: EngineState, key: int, value: ProcessInstanceRecordValue) -> None:
    _set_state(state, key, _I.ELEMENT_ACTIVATED)


def element_completing(state: EngineState, key: int, value: ProcessInstanceRecordValue) -> None:
    _set_state(state, key, _I.ELEMENT_COMPLETING)


def element_terminating(state: EngineState, key: int, value: ProcessInstanceRecordValue) -> None:
    _set_state(state, key, _I.ELEMENT_TERMINATING)


def _remove(state: EngineState, key: int, value: ProcessInstanceRecordValue) -> None:
    state.element_instances.remove(key)
    state.variables.remove_scope(key)
    if value.bpmn_element_type is BpmnElementType.PROCESS:
        state.process_instances.release_business_key(key)
        state.process_instances.remove_instance(value.process_definition_key, key)
        state.messages.release_correlation_key(key)
        state.compensations.remove_instance(key)


def element_completed(state: EngineState, key: int, value: ProcessInstanceRecordValue) -> None:
    _remove(state, key, value)


def element_terminated(state: EngineState, key: int, value: ProcessInstanceRecordValue) -> None:
    _remove(state, key, value)


def sequence_flow_taken(state: EngineState, key: int, value: ProcessInstanceRecordValue) -> None:
    scope = state.element_instances.get(value.flow_scope_key)
    if scope is None:
        return
    state.element_instances.update(
        msgspec.structs.replace(scope, active_sequence_flows=scope.active_sequence_flows + 1)
    )
    graph, definition = state.graph, value.process_definition_key
    target = graph.flow_target(definition, value.element_id)
    if graph.is_joining_gateway(definition, target):
        state.element_instances.take_sequence_flow(scope.key, target, value.element_id)


def instance_created(
    state: EngineState, key: int, value: ProcessInstanceCreationRecordValue
) -> None:
    if value.business_key:
        state.process_instances.put_business_key(
            value.process_instance_key, value.tenant_id, value.bpmn_process_id, value.business_key
        )


def event_triggering(state: EngineState, key: int, value: ProcessEventRecordValue) -> None:
    # `scope_key` is the instance whose termination the event waits for.
    state.process_instances.put_event_trigger(value.scope_key, value)


def event_triggered(state: EngineState, key: int, value: ProcessEventRecordValue) -> None:
    state.process_instances.delete_event_trigger(value.scope_key)


def instance_modified(
    state: EngineState, key: int, value: ProcessInstanceModificationRecordValue
) -> None:
    # The element and variable events written beside it carry the changes.
    pass


APPLIERS: AppliersTable = {
    (ProcessInstanceModificationIntent.MODIFIED, 1): instance_modified,
    (_I.ELEMENT_ACTIVATING, 1): element_activating,
    (_I.ELEMENT_ACTIVATED, 1): element_activated,
    (_I.ELEMENT_COMPLETING, 1): element_completing,
    (_I.ELEMENT_COMPLETED, 1): element_completed,
    (_I.ELEMENT_TERMINATING, 1): element_terminating,
    (_I.ELEMENT_TERMINATED, 1): element_terminated,
    (_I.SEQUENCE_FLOW_TAKEN, 1): sequence_flow_taken,
    (ProcessInstanceCreationIntent.CREATED, 1): instance_created,
    (ProcessEventIntent.TRIGGERING, 1): event_triggering,
    (ProcessEventIntent.TRIGGERED, 1): event_triggered,
}
