"""Triggering a caught event (a timer fell due, a message or signal arrived): what happens
depends on where the event sits, as in Zeebe's EventTriggerBehavior.

- its own catch (intermediate catch event, receive task): the variables are merged, then the
  element completes;
- a catch event after an event-based gateway: the gateway completes taking the flow to it,
  and the catch event completes at once (PROCESS_EVENT TRIGGERING on its new instance);
- a boundary event: interrupting, the activity is terminated and the boundary event activated
  in its place (PROCESS_EVENT TRIGGERING waits on the activity, like a caught error);
  non-interrupting, the boundary event is activated beside the running activity;
- an event subprocess start: interrupting, the scope closes its subscriptions, terminates its
  other children, then starts the event subprocess (`Container` finishes that once the last
  child is gone); non-interrupting, the event subprocess starts beside them, as many times as
  the event arrives;
- a process start event (`owner` None): a new process instance starts at that start event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import msgspec

from bpmn.model import BpmnElementType

from ...records.intents import (
    MessageStartEventSubscriptionIntent,
    ProcessEventIntent,
    ProcessInstanceIntent,
)
from ...records.values import ProcessEventRecordValue, ProcessInstanceRecordValue
from ...state.element_instances import ElementInstance
from ..writer import RecordWriter
from .behaviours.variables import VariableOwner

if TYPE_CHECKING:
    from .dispatch import Lifecycle

_I = ProcessInstanceIntent


class EventTriggers:
    def __init__(self, lifecycle: Lifecycle) -> None:
        self._lifecycle = lifecycle
        self._b = lifecycle.b

    def _triggering(
        self,
        out: RecordWriter,
        scope_key: int,
        value: ProcessInstanceRecordValue,
        target_id: str,
        variables: Mapping[str, Any] | None,
    ) -> None:
        out.event(
            self._b.keys.next_key(),
            ProcessEventIntent.TRIGGERING,
            ProcessEventRecordValue(
                scope_key=scope_key,
                target_element_id=target_id,
                variables=dict(variables or {}),
                process_definition_key=value.process_definition_key,
                process_instance_key=value.process_instance_key,
                tenant_id=value.tenant_id,
            ),
        )

    def trigger(
        self,
        out: RecordWriter,
        owner: ElementInstance,
        target_id: str,
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        """`owner` is ACTIVATED (the caller checked) and subscribed to `target_id`."""
        lifecycle, b = self._lifecycle, self._b
        ctx = lifecycle.context(owner)
        if target_id == ctx.element.id:
            if variables:
                b.variables.merge_result(out, ctx, variables)
            out.command(owner.key, _I.COMPLETE_ELEMENT, owner.value)
            return
        target = ctx.process.element(target_id)
        if ctx.element.element_type is BpmnElementType.EVENT_BASED_GATEWAY:
            self._triggering(out, owner.key, owner.value, target_id, variables)
            out.command(owner.key, _I.COMPLETE_ELEMENT, owner.value)
            return
        if target.element_type is BpmnElementType.BOUNDARY_EVENT:
            if target.is_interrupting:
                b.events.unsubscribe(out, owner.key, ctx.element)
                self._triggering(out, owner.key, owner.value, target_id, variables)
                out.command(owner.key, _I.TERMINATE_ELEMENT, owner.value)
                return
            scope = b.state.element_instances.get(ctx.flow_scope_key)
            if scope is not None:
                lifecycle.activate(out, scope, target_id, target.element_type, variables)
            return
        # A start event of an event subprocess inside `owner`.
        assert target.flow_scope_id is not None
        subprocess_id = target.flow_scope_id
        if not target.is_interrupting:
            lifecycle.activate(
                out, owner, subprocess_id, BpmnElementType.EVENT_SUB_PROCESS, variables
            )
            return
        b.events.unsubscribe(out, owner.key, ctx.element)
        instances = b.state.element_instances
        children = [c for k in list(instances.children(owner.key)) if (c := instances.get(k))]
        self._triggering(out, owner.key, owner.value, subprocess_id, variables)
        if not children:
            trigger = b.state.process_instances.event_trigger(owner.key)
            assert trigger is not None
            out.event(owner.key, ProcessEventIntent.TRIGGERED, trigger)
            lifecycle.activate(
                out, owner, subprocess_id, BpmnElementType.EVENT_SUB_PROCESS, variables
            )
            return
        for child in children:
            if child.state is not _I.ELEMENT_TERMINATING:
                out.command(child.key, _I.TERMINATE_ELEMENT, child.value)

    def start_instance(
        self,
        out: RecordWriter,
        process_definition_key: int,
        start_event_id: str,
        variables: Mapping[str, Any] | None = None,
    ) -> int:
        """A new instance of the process, started at `start_event_id` (a timer, message or
        signal start event); `variables` become its root variables. Returns its key."""
        b = self._b
        definition = b.state.processes.get(process_definition_key)
        assert definition is not None
        instance_key = b.keys.next_key()
        instance = ProcessInstanceRecordValue(
            bpmn_process_id=definition.bpmn_process_id,
            version=definition.version,
            process_definition_key=process_definition_key,
            process_instance_key=instance_key,
            element_id=definition.bpmn_process_id,
            flow_scope_key=-1,
            bpmn_element_type=BpmnElementType.PROCESS,
            tenant_id=definition.tenant_id,
        )
        if variables:
            owner = VariableOwner(
                instance_key,
                process_definition_key,
                definition.bpmn_process_id,
                definition.tenant_id,
            )
            b.variables.set_local(out, instance_key, variables, owner)
        self._triggering(out, instance_key, instance, start_event_id, None)
        out.command(instance_key, _I.ACTIVATE_ELEMENT, instance)
        return instance_key

    def next_message_start(
        self, out: RecordWriter, started_by: tuple[str, str, str] | None
    ) -> None:
        """An instance that a message with a correlation key started has ended: the oldest
        buffered message for that key that this process has not taken starts the next one
        (one active instance per correlation key)."""
        if started_by is None:
            return
        tenant, process_id, correlation_key = started_by
        b = self._b
        messages = b.state.messages
        for _, start in messages.start_subscriptions_of_process(tenant, process_id):
            for message_key in messages.buffered(tenant, start.message_name, correlation_key):
                message = messages.get(message_key)
                if message is None or message.deadline <= out.now:
                    continue
                if messages.is_correlated(message_key, process_id):
                    continue
                instance_key = self.start_instance(
                    out, start.process_definition_key, start.start_event_id, message.variables
                )
                out.event(
                    b.keys.next_key(),
                    MessageStartEventSubscriptionIntent.CORRELATED,
                    msgspec.structs.replace(
                        start,
                        process_instance_key=instance_key,
                        message_key=message_key,
                        correlation_key=correlation_key,
                        variables=message.variables,
                    ),
                )
                return
