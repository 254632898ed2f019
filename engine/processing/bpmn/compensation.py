"""Compensation: undoing completed work by running its compensation handlers.

- An activity with a compensation boundary event that completes (each inner instance of a
  multi-instance activity, not the body) writes COMPENSATION_SUBSCRIPTION CREATED, naming
  its handler (the `isForCompensation` activity associated with the boundary event) and
  the scope instance it completed in.
- A compensation throw or end event compensates, in the scope it compensates (its flow
  scope; for one inside an event subprocess, the scope around the event subprocess), the
  completed activities of that scope and of the subprocesses that completed inside it, or
  only the activity it names. Their handlers are activated in reverse order of completion
  (COMPENSATION_SUBSCRIPTION TRIGGERED, with the handler's instance key) and run side by
  side; the throw event waits and completes when the last of them has completed (each one
  writes COMPLETED). Nothing to compensate: it goes on at once.
- What is left of an instance's subscriptions goes with the instance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from bpmn.model import BpmnElementType

from ...records.intents import CompensationSubscriptionIntent, ProcessInstanceIntent
from ...records.values import CompensationSubscriptionRecordValue
from ..writer import RecordWriter
from .element_context import ElementContext

if TYPE_CHECKING:
    from .dispatch import Lifecycle

_C = CompensationSubscriptionIntent


class Compensation:
    def __init__(self, lifecycle: Lifecycle) -> None:
        self._lifecycle = lifecycle
        self._b = lifecycle.b

    def activity_completed(self, out: RecordWriter, ctx: ElementContext) -> None:
        """Called after ELEMENT_COMPLETED of any element; cheap for most."""
        element = ctx.element
        if element.compensation_handler_id is not None and (
            ctx.value.bpmn_element_type is not BpmnElementType.MULTI_INSTANCE_BODY
        ):
            out.event(
                self._b.keys.next_key(),
                _C.CREATED,
                CompensationSubscriptionRecordValue(
                    tenant_id=ctx.value.tenant_id,
                    process_instance_key=ctx.process_instance_key,
                    process_definition_key=ctx.value.process_definition_key,
                    compensable_activity_id=element.id,
                    compensation_handler_id=element.compensation_handler_id,
                    compensable_activity_scope_key=self._scope_of(ctx),
                    compensable_activity_instance_key=ctx.key,
                ),
            )
        if element.is_for_compensation:
            self._handler_completed(out, ctx)

    def _scope_of(self, ctx: ElementContext) -> int:
        # An inner instance of a multi-instance body completes inside the body: its scope is
        # the body's flow scope.
        scope = self._b.state.element_instances.get(ctx.flow_scope_key)
        if scope is not None and scope.value.bpmn_element_type is (
            BpmnElementType.MULTI_INSTANCE_BODY
        ):
            return scope.value.flow_scope_key
        return ctx.flow_scope_key

    def throw(self, out: RecordWriter, ctx: ElementContext) -> bool:
        """Start compensating for the throw event `ctx`; False when there is nothing to."""
        b = self._b
        scope = b.state.element_instances.get(ctx.flow_scope_key)
        if scope is None:
            return False
        if scope.value.bpmn_element_type is BpmnElementType.EVENT_SUB_PROCESS:
            outer = b.state.element_instances.get(scope.value.flow_scope_key)
            if outer is not None:
                scope = outer
        wanted = ctx.element.compensation_activity_id
        instances = b.state.element_instances
        chosen = [
            (key, stored.value)
            for key, stored in b.state.compensations.of_instance(ctx.process_instance_key)
            if not stored.triggered
            and (wanted is None or stored.value.compensable_activity_id == wanted)
            and (
                stored.value.compensable_activity_scope_key == scope.key
                # a subprocess that completed inside the scope: its scope is gone
                or instances.get(stored.value.compensable_activity_scope_key) is None
            )
        ]
        if not chosen:
            return False
        for key, value in reversed(chosen):
            self._lifecycle.activate(
                out, scope, value.compensation_handler_id, self._handler_type(ctx, value)
            )
            handler_key = out.pending[-1].key
            out.event(
                key,
                _C.TRIGGERED,
                msgspec.structs.replace(
                    value,
                    throw_event_id=ctx.element.id,
                    throw_event_instance_key=ctx.key,
                    compensation_handler_instance_key=handler_key,
                ),
            )
        return True

    def _handler_type(
        self, ctx: ElementContext, value: CompensationSubscriptionRecordValue
    ) -> BpmnElementType:
        return ctx.process.element(value.compensation_handler_id).element_type

    def _handler_completed(self, out: RecordWriter, ctx: ElementContext) -> None:
        b = self._b
        subscriptions = b.state.compensations.of_instance(ctx.process_instance_key)
        done = next(
            (
                (key, stored.value)
                for key, stored in subscriptions
                if stored.value.compensation_handler_instance_key == ctx.key
            ),
            None,
        )
        if done is None:
            return
        key, value = done
        out.event(key, _C.COMPLETED, value)
        still_running = any(
            stored.triggered
            and k != key
            and stored.value.throw_event_instance_key == value.throw_event_instance_key
            for k, stored in subscriptions
        )
        thrower = b.state.element_instances.get(value.throw_event_instance_key)
        if (
            not still_running
            and thrower is not None
            and (thrower.state is ProcessInstanceIntent.ELEMENT_ACTIVATED)
        ):
            out.command(thrower.key, ProcessInstanceIntent.COMPLETE_ELEMENT, thrower.value)
