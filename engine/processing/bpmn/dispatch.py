"""The one place that drives the element lifecycle (Zeebe's BpmnStreamProcessor).

It processes PROCESS_INSTANCE ACTIVATE_ELEMENT, COMPLETE_ELEMENT, TERMINATE_ELEMENT and
COMPLETE_EXECUTION_LISTENER: checks the transition (a wrong one is rejected INVALID_STATE),
writes the event that opens the step, applies input mappings and runs execution listeners,
calls the element processor's hook, and turns a `Failure` into an incident on the element.
`Lifecycle` is what hooks call to move on: the events that close a step, outgoing flows, and
telling the flow scope that a child ended.

Keys: an ACTIVATE_ELEMENT command carries the key of the instance it creates (drawn when the
command is written, used by its ELEMENT_ACTIVATING event).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from bpmn.model import BpmnElementType, BpmnEventType

from ...records.enums import JobListenerEventType, RejectionType
from ...records.intents import ProcessEventIntent, ProcessInstanceIntent
from ...records.record import Record
from ...records.values import ProcessInstanceRecordValue
from ...state.element_instances import ElementInstance
from ..deployment.executable import ExecutableFlow
from ..errors import Failure, Rejection
from ..writer import RecordWriter
from .behaviours import Behaviours, VariableOwner
from .compensation import Compensation
from .conditions import ConditionalEvents
from .element import ElementProcessor
from .element_context import ElementContext
from .gateways import join_ready
from .triggers import EventTriggers

_I = ProcessInstanceIntent


class Lifecycle:
    """Transitions that hooks request, and the dispatch of hooks by element type."""

    def __init__(
        self,
        behaviours: Behaviours,
        kinds: Mapping[BpmnElementType, type[ElementProcessor]],
        supported_events: Mapping[BpmnElementType, frozenset[BpmnEventType]],
        error_end: type[ElementProcessor],
        unsupported: type[ElementProcessor],
        multi_instance: type[ElementProcessor],
        by_event: Mapping[tuple[BpmnElementType, BpmnEventType], type[ElementProcessor]]
        | None = None,
    ) -> None:
        self.b = behaviours
        # The lifecycle builds the processors, which call back into it.
        self._processors = {t: kind(behaviours, self) for t, kind in kinds.items()}
        self._supported_events = supported_events
        self._error_end = error_end(behaviours, self)
        self._unsupported = unsupported(behaviours, self)
        self._multi_instance = multi_instance(behaviours, self)
        self._by_event: dict[tuple[BpmnElementType, BpmnEventType], ElementProcessor] = {
            key: kind(behaviours, self) for key, kind in (by_event or {}).items()
        }
        self.triggers = EventTriggers(self)
        self.compensation = Compensation(self)
        self.conditions = ConditionalEvents(self)

    # contexts

    def processor(self, ctx: ElementContext) -> ElementProcessor:
        """The processor of the element: by type, with error end events apart, and
        `unsupported` for what the core does not run (timers, messages, ...); a
        multi-instance body has its own processor, its inner instances their element's."""
        element = ctx.element
        element_type = element.element_type
        if ctx.value.bpmn_element_type is BpmnElementType.MULTI_INSTANCE_BODY:
            return self._multi_instance
        events = self._supported_events.get(element_type)
        if events is not None and element.event_type not in events:
            return self._unsupported
        if element_type is BpmnElementType.END_EVENT and element.event_type is BpmnEventType.ERROR:
            return self._error_end
        if self._by_event:
            special = self._by_event.get((element_type, element.event_type))
            if special is not None:
                return special
        return self._processors.get(element_type, self._unsupported)

    def context(self, instance: ElementInstance) -> ElementContext:
        value = instance.value
        process = self.b.models.process(value.process_definition_key)
        element = (
            process.root
            if value.bpmn_element_type is BpmnElementType.PROCESS
            else process.element(value.element_id)
        )
        return ElementContext(instance.key, value, element, process)

    def context_of(self, key: int) -> ElementContext | None:
        instance = self.b.state.element_instances.get(key)
        return None if instance is None else self.context(instance)

    # steps

    def activated(self, out: RecordWriter, ctx: ElementContext) -> None:
        out.event(ctx.key, _I.ELEMENT_ACTIVATED, ctx.value)

    def complete(self, out: RecordWriter, ctx: ElementContext) -> None:
        """Complete an activated element now: ELEMENT_COMPLETING, its end execution
        listeners (if any: the last one's completion goes on), then its `on_complete`."""
        out.event(ctx.key, _I.ELEMENT_COMPLETING, ctx.value)
        self.b.events.unsubscribe(out, ctx.key, ctx.element)
        if not self.awaits_listener(out, ctx, end=True):
            self.processor(ctx).on_complete(out, ctx)

    def awaits_listener(self, out: RecordWriter, ctx: ElementContext, *, end: bool) -> bool:
        """Whether the element waits for an execution listener job (creating the next one
        when none is pending). Listener jobs completed so far are counted on the instance:
        start listeners first, then end ones. A multi-instance body has none of its own."""
        element = ctx.element
        listeners = element.end_listeners if end else element.start_listeners
        if not listeners or ctx.value.bpmn_element_type is BpmnElementType.MULTI_INSTANCE_BODY:
            return False
        instance = self.b.state.element_instances.get(ctx.key)
        if instance is None:
            return False
        if instance.job_key >= 0:
            return True  # its job is out with a worker
        index = instance.execution_listener_index
        if end:
            index -= len(element.start_listeners)
        if not 0 <= index < len(listeners):
            return False
        event_type = JobListenerEventType.END if end else JobListenerEventType.START
        self.b.jobs.create_listener_job(out, ctx, listeners[index], event_type)
        return True

    def completing(self, out: RecordWriter, ctx: ElementContext) -> None:
        out.event(ctx.key, _I.ELEMENT_COMPLETING, ctx.value)
        self.b.events.unsubscribe(out, ctx.key, ctx.element)

    def completed(
        self,
        out: RecordWriter,
        ctx: ElementContext,
        flows: Iterable[ExecutableFlow] | None = None,
    ) -> None:
        """ELEMENT_COMPLETED, take `flows` (default: every outgoing flow), tell the scope.

        The inner instance of a multi-instance body takes no flow (the body does, once it
        completes); the body collects its output first, while its variables still exist."""
        scope = self.context_of(ctx.flow_scope_key)
        inner = (
            scope is not None
            and scope.value.bpmn_element_type is BpmnElementType.MULTI_INSTANCE_BODY
        )
        if scope is not None and inner:
            self.processor(scope).before_child_completed(out, scope, ctx)
        started_by = self._started_by_message(ctx)
        out.event(ctx.key, _I.ELEMENT_COMPLETED, ctx.value)
        if started_by is not None:
            self.triggers.next_message_start(out, started_by)
        element = ctx.element
        if element.compensation_handler_id is not None or element.is_for_compensation:
            self.compensation.activity_completed(out, ctx)
        if not inner:
            self.take_flows(out, ctx, ctx.element.outgoing if flows is None else flows)
        if scope is not None:
            self.processor(scope).on_child_completed(out, scope, ctx)

    def _started_by_message(self, ctx: ElementContext) -> tuple[str, str, str] | None:
        # Read before the instance's end releases it (see `next_message_start`).
        if not ctx.element.start_triggers or ctx.flow_scope_key >= 0:
            return None
        return self.b.state.messages.start_key_of(ctx.key)

    def terminate(self, out: RecordWriter, ctx: ElementContext) -> Record[Any]:
        """Start terminating: ELEMENT_TERMINATING, resolve the incidents that stopped it
        (they no longer stop anything), then its `on_terminate`."""
        record = out.event(ctx.key, _I.ELEMENT_TERMINATING, ctx.value)
        self.b.events.unsubscribe(out, ctx.key, ctx.element)
        instance = self.b.state.element_instances.get(ctx.key)
        job_key = -1 if instance is None else instance.job_key
        self.b.incidents.resolve_for(out, ctx.key, job_key)
        self.b.jobs.cancel(out, job_key)  # the element's job, or its listener's
        self.processor(ctx).on_terminate(out, ctx)
        return record

    def terminated(self, out: RecordWriter, ctx: ElementContext) -> None:
        """ELEMENT_TERMINATED; then either the event that interrupted it takes over (a
        boundary event is activated in its place) or the flow scope is told."""
        started_by = self._started_by_message(ctx)
        out.event(ctx.key, _I.ELEMENT_TERMINATED, ctx.value)
        if started_by is not None:
            self.triggers.next_message_start(out, started_by)
        trigger = self.b.state.process_instances.event_trigger(ctx.key)
        if trigger is not None:
            out.event(ctx.key, ProcessEventIntent.TRIGGERED, trigger)
            target = ctx.process.element(trigger.target_element_id)
            scope = self.b.state.element_instances.get(ctx.flow_scope_key)
            if (
                target.element_type is BpmnElementType.BOUNDARY_EVENT
                and scope is not None
                and scope.state is _I.ELEMENT_ACTIVATED
            ):
                self.activate(out, scope, target.id, target.element_type, trigger.variables)
                return
        self._tell_scope(out, ctx, completed=False)

    def _tell_scope(self, out: RecordWriter, ctx: ElementContext, completed: bool) -> None:
        # A called process's "scope" is its call activity, in the parent instance.
        scope_key = ctx.flow_scope_key
        if scope_key < 0:
            scope_key = ctx.value.parent_element_instance_key
        if scope_key < 0:
            return
        scope = self.context_of(scope_key)
        if scope is None:
            return
        processor = self.processor(scope)
        if completed:
            processor.on_child_completed(out, scope, ctx)
        else:
            processor.on_child_terminated(out, scope, ctx)

    def take_flows(
        self, out: RecordWriter, ctx: ElementContext, flows: Iterable[ExecutableFlow]
    ) -> None:
        scope = self.b.state.element_instances.get(ctx.flow_scope_key)
        if scope is None:
            return
        for flow in flows:
            taken = _with(
                ctx.value,
                element_id=flow.id,
                bpmn_element_type=BpmnElementType.SEQUENCE_FLOW,
                bpmn_event_type=BpmnEventType.UNSPECIFIED,
            )
            out.event(self.b.keys.next_key(), _I.SEQUENCE_FLOW_TAKEN, taken)
            target = ctx.process.element(flow.target_id)
            if target.is_join and not join_ready(self.b, out, scope, ctx.process, target):
                continue
            self.activate(out, scope, target.id, target.element_type)

    def activate(
        self,
        out: RecordWriter,
        scope: ElementInstance,
        element_id: str,
        element_type: BpmnElementType,
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        """Write ACTIVATE_ELEMENT for a new instance of `element_id` inside `scope` (for a
        multi-instance activity reached by a flow, an instance of its body). `variables` of
        the event that triggers it (a caught error's) are merged into the scope first, with
        the usual propagation."""
        if variables:
            value = scope.value
            owner = VariableOwner(
                value.process_instance_key,
                value.process_definition_key,
                value.bpmn_process_id,
                value.tenant_id,
            )
            self.b.variables.propagate(out, scope.key, variables, owner)
        element = self.b.models.process(scope.value.process_definition_key).element(element_id)
        if element.loop is not None and (
            scope.value.bpmn_element_type is not BpmnElementType.MULTI_INSTANCE_BODY
            or scope.value.element_id != element_id
        ):
            element_type = BpmnElementType.MULTI_INSTANCE_BODY
        value = _with(
            scope.value,
            element_id=element_id,
            bpmn_element_type=element_type,
            flow_scope_key=scope.key,
            bpmn_event_type=element.event_type,
        )
        out.command(self.b.keys.next_key(), _I.ACTIVATE_ELEMENT, value)


def _with(value: ProcessInstanceRecordValue, **changes: Any) -> ProcessInstanceRecordValue:
    return msgspec.structs.replace(value, **changes)


class ElementCommands:
    """Processes ACTIVATE_ELEMENT, COMPLETE_ELEMENT and TERMINATE_ELEMENT."""

    def __init__(self, lifecycle: Lifecycle) -> None:
        self.lifecycle = lifecycle
        self._lifecycle = lifecycle
        self._b = lifecycle.b

    def process(self, command: Record[ProcessInstanceRecordValue], out: RecordWriter) -> None:
        intent = command.intent
        if intent is _I.ACTIVATE_ELEMENT:
            self._activate(command, out)
        elif intent is _I.COMPLETE_ELEMENT:
            self._complete(command, out)
        elif intent is _I.COMPLETE_EXECUTION_LISTENER:
            self._listener_done(command, out)
        else:
            self._terminate(command, out)

    def _run(self, out: RecordWriter, ctx: ElementContext, hook: str) -> None:
        processor = self._lifecycle.processor(ctx)
        try:
            getattr(processor, hook)(out, ctx)
        except Failure as failure:
            self._b.incidents.raise_incident(out, ctx, failure)

    def _activate(self, command: Record[ProcessInstanceRecordValue], out: RecordWriter) -> None:
        value = command.value
        instance = self._b.state.element_instances.get(command.key)
        if instance is None:
            if value.flow_scope_key >= 0:
                scope = self._b.state.element_instances.get(value.flow_scope_key)
                if scope is None or scope.state is not _I.ELEMENT_ACTIVATED:
                    raise Rejection(
                        RejectionType.INVALID_STATE,
                        f"Expected flow scope instance {value.flow_scope_key} of element "
                        f"'{value.element_id}' to be active, but it is not",
                    )
            out.event(command.key, _I.ELEMENT_ACTIVATING, value)
            instance = ElementInstance(key=command.key, state=_I.ELEMENT_ACTIVATING, value=value)
            scope_ctx = self._lifecycle.context_of(value.flow_scope_key)
            if scope_ctx is not None:
                child = self._lifecycle.context(instance)
                try:
                    self._lifecycle.processor(scope_ctx).on_child_activating(out, scope_ctx, child)
                except Failure as failure:
                    self._b.incidents.raise_incident(out, child, failure)
                    return
        elif instance.state is not _I.ELEMENT_ACTIVATING:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected element instance {command.key} to be activating, but it is "
                f"{instance.state.name}",
            )
        ctx = self._lifecycle.context(instance)
        try:
            if ctx.value.bpmn_element_type is not BpmnElementType.MULTI_INSTANCE_BODY:
                self._b.variables.apply_inputs(out, ctx)  # the body's are its children's
            if self._lifecycle.awaits_listener(out, ctx, end=False):
                return
            self._b.events.subscribe(out, ctx)
        except Failure as failure:
            self._b.incidents.raise_incident(out, ctx, failure)
            return
        self._run(out, ctx, "on_activate")

    def _listener_done(
        self, command: Record[ProcessInstanceRecordValue], out: RecordWriter
    ) -> None:
        """An execution listener job completed: the next listener, or the step goes on."""
        instance = self._b.state.element_instances.get(command.key)
        if instance is None or instance.state not in (
            _I.ELEMENT_ACTIVATING,
            _I.ELEMENT_COMPLETING,
        ):
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected element instance {command.key} to wait for an execution listener, "
                f"but it does not",
            )
        ctx = self._lifecycle.context(instance)
        end = instance.state is _I.ELEMENT_COMPLETING
        try:
            if self._lifecycle.awaits_listener(out, ctx, end=end):
                return
            if not end:
                self._b.events.subscribe(out, ctx)
        except Failure as failure:
            self._b.incidents.raise_incident(out, ctx, failure)
            return
        self._run(out, ctx, "on_complete" if end else "on_activate")

    def _complete(self, command: Record[ProcessInstanceRecordValue], out: RecordWriter) -> None:
        instance = self._b.state.element_instances.get(command.key)
        if instance is None:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to complete element instance {command.key}, but found none",
            )
        if instance.state not in (_I.ELEMENT_ACTIVATED, _I.ELEMENT_COMPLETING):
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected element instance {command.key} to be activated, but it is "
                f"{instance.state.name}",
            )
        if self._b.state.element_instances.has_children(command.key):
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected element instance {command.key} to have no active children, but it "
                f"has (they complete it when they are done)",
            )
        ctx = self._lifecycle.context(instance)
        if instance.state is _I.ELEMENT_ACTIVATED:
            self._lifecycle.completing(out, ctx)
        try:
            if self._lifecycle.awaits_listener(out, ctx, end=True):
                return
        except Failure as failure:
            self._b.incidents.raise_incident(out, ctx, failure)
            return
        self._run(out, ctx, "on_complete")

    def _terminate(self, command: Record[ProcessInstanceRecordValue], out: RecordWriter) -> None:
        instance = self._b.state.element_instances.get(command.key)
        if instance is None:
            raise Rejection(
                RejectionType.NOT_FOUND,
                f"Expected to terminate element instance {command.key}, but found none",
            )
        if instance.state is _I.ELEMENT_TERMINATING:
            raise Rejection(
                RejectionType.INVALID_STATE,
                f"Expected element instance {command.key} to be active, but it is terminating",
            )
        self._lifecycle.terminate(out, self._lifecycle.context(instance))
