"""Containers: the process itself and embedded subprocesses.

A container starts its none start event once activated, completes when its last child has
completed and no token is in flight inside it (`active_sequence_flows` 0), and on termination
terminates its children first, finishing once the last of them is gone.
"""

from __future__ import annotations

from typing import Any

import msgspec

from bpmn.model import BpmnElementType

from ...records.enums import ErrorType
from ...records.intents import (
    ProcessEventIntent,
    ProcessInstanceIntent,
    ProcessInstanceResultIntent,
)
from ...records.values import ProcessInstanceResultRecordValue
from ..errors import Failure
from ..writer import RecordWriter
from .call_activity import CallActivity
from .element import ElementProcessor
from .element_context import ElementContext
from .gateways import waiting_inclusive_joins

_I = ProcessInstanceIntent
_decode = msgspec.json.Decoder(dict[str, Any]).decode


class Container(ElementProcessor):
    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        start = ctx.element.start_event_id
        if ctx.element.start_triggers and ctx.flow_scope_key < 0:
            # Started by a timer, message or signal start event: its trigger names it.
            trigger = self.b.state.process_instances.event_trigger(ctx.key)
            if trigger is not None:
                self.lifecycle.activated(out, ctx)
                out.event(ctx.key, ProcessEventIntent.TRIGGERED, trigger)
                instance = self.b.state.element_instances.get(ctx.key)
                assert instance is not None
                self.lifecycle.activate(
                    out, instance, trigger.target_element_id, BpmnElementType.START_EVENT
                )
                return
        if start is None:
            raise Failure(
                ErrorType.UNKNOWN,
                f"Expected '{ctx.element.id}' to have a none start event, but it has none",
            )
        self.lifecycle.activated(out, ctx)
        instance = self.b.state.element_instances.get(ctx.key)
        assert instance is not None
        self.lifecycle.activate(out, instance, start, BpmnElementType.START_EVENT)

    def on_terminate(self, out: RecordWriter, ctx: ElementContext) -> None:
        instances = self.b.state.element_instances
        children = [
            child
            for key in list(instances.children(ctx.key))
            if (child := instances.get(key)) is not None
        ]
        if not children:
            self.lifecycle.terminated(out, ctx)
            return
        for child in children:
            if child.state is not _I.ELEMENT_TERMINATING:
                out.command(child.key, _I.TERMINATE_ELEMENT, child.value)

    def on_complete(self, out: RecordWriter, ctx: ElementContext) -> None:
        caller_key = ctx.value.parent_element_instance_key
        if ctx.flow_scope_key >= 0:
            super().on_complete(out, ctx)
            return
        if caller_key < 0:
            self._complete_root(out, ctx)
            return
        # A called process: hand its variables to the call activity, read before COMPLETED
        # removes them.
        variables = _decode(self.b.state.variables.document(ctx.key))
        self.lifecycle.completed(out, ctx)
        caller = self.lifecycle.context_of(caller_key)
        if caller is not None:
            processor = self.lifecycle.processor(caller)
            if isinstance(processor, CallActivity):
                processor.child_process_completed(out, caller, variables)

    def _complete_root(self, out: RecordWriter, ctx: ElementContext) -> None:
        """A process instance completes; a client awaiting its result gets it, with the
        variables it asked for (read before COMPLETED removes them)."""
        client = self.b.awaiting.take(ctx.key)
        variables: dict[str, Any] = {}
        if client is not None:
            names = client.fetch_variables or None
            variables = _decode(self.b.state.variables.document(ctx.key, names))
        self.lifecycle.completed(out, ctx)
        if client is not None:
            value = ctx.value
            out.respond_later(
                ctx.key,
                ProcessInstanceResultIntent.COMPLETED,
                ProcessInstanceResultRecordValue(
                    bpmn_process_id=value.bpmn_process_id,
                    process_definition_key=value.process_definition_key,
                    version=value.version,
                    process_instance_key=ctx.key,
                    variables=variables,
                    tenant_id=value.tenant_id,
                ),
                client.request_id,
                client.request_stream_id,
            )

    def _complete_if_done(self, out: RecordWriter, scope: ElementContext) -> None:
        instances = self.b.state.element_instances
        instance = instances.get(scope.key)
        if instance is None:
            return
        if instance.state is _I.ELEMENT_TERMINATING:
            if not instances.has_children(scope.key):
                self.lifecycle.terminated(out, scope)
            return
        if instance.state is not _I.ELEMENT_ACTIVATED:
            return
        if instance.active_sequence_flows > 0:
            # Tokens wait at joins: an inclusive one may no longer need to wait.
            for join in waiting_inclusive_joins(
                self.b, out, instance, scope.process, scope.element.child_ids
            ):
                self.lifecycle.activate(out, instance, join.id, join.element_type)
        if instances.has_children(scope.key):
            return
        trigger = None
        if scope.element.has_event_subprocesses:
            trigger = self.b.state.process_instances.event_trigger(scope.key)
        if trigger is not None:
            # An interrupting event subprocess waited for the other children to end.
            out.event(scope.key, ProcessEventIntent.TRIGGERED, trigger)
            self.lifecycle.activate(
                out,
                instance,
                trigger.target_element_id,
                BpmnElementType.EVENT_SUB_PROCESS,
                trigger.variables,
            )
        elif instance.active_sequence_flows == 0:
            out.command(scope.key, _I.COMPLETE_ELEMENT, scope.value)

    def on_child_completed(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        self._complete_if_done(out, scope)

    def on_child_terminated(
        self, out: RecordWriter, scope: ElementContext, child: ElementContext
    ) -> None:
        self._complete_if_done(out, scope)
