"""Event elements: none start, end and intermediate throw events and triggered boundary and
start events (pass through), error end events (throw to the nearest catcher), catch events
and receive tasks (wait for their subscription, `subscriptions.py`), event-based gateways,
terminate end events and link throw events.
"""

from __future__ import annotations

import msgspec

from bpmn.model import BpmnElementType, BpmnEventType

from ...records.enums import ErrorType
from ...records.intents import (
    EscalationIntent,
    ProcessEventIntent,
    ProcessInstanceIntent,
    SignalIntent,
)
from ...records.values import EscalationRecordValue, SignalRecordValue
from ..errors import Failure
from ..writer import RecordWriter
from .element import ElementProcessor
from .element_context import ElementContext


class NoneEvent(ElementProcessor):
    """Start, intermediate throw, end and (triggered) boundary events: pass through."""


class ErrorEndEvent(ElementProcessor):
    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        code = ""
        if ctx.element.error_code is not None:
            code = self.b.expressions.evaluate_string(
                ctx.element.error_code, self.b.expressions.scope(ctx.key), out.now
            )
        if not self.b.errors.throw(out, ctx.flow_scope_key, code):
            raise Failure(
                ErrorType.UNHANDLED_ERROR_EVENT,
                f"Expected to throw an error event with the code '{code}', but it was not "
                f"caught. No error events are available in the scope.",
            )
        # Caught: the end event waits, active, until the catching scope terminates it.
        self.lifecycle.activated(out, ctx)


class Unsupported(ElementProcessor):
    """An element Baton parses but cannot run yet: an incident says so."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        kind = ctx.value.bpmn_element_type
        what = kind.name if kind is not None else "element"
        if ctx.element.loop is not None:
            what = f"multi-instance {what}"
        elif ctx.element.event_type.name != "UNSPECIFIED":
            what = f"{ctx.element.event_type.name} {what}"
        raise Failure(
            ErrorType.UNKNOWN,
            f"Expected to execute element '{ctx.element.id}', but {what} is not supported yet",
        )


class CatchEvent(ElementProcessor):
    """Intermediate catch events and receive tasks: wait for the subscribed event (opened by
    the dispatcher), unless the event already happened (the catch event after an
    event-based gateway, whose trigger waits on the new instance): then complete at once
    with its variables. A link catch event passes through (a link throw activated it)."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        if ctx.element.event_type is BpmnEventType.LINK:
            super().on_activate(out, ctx)
            return
        trigger = self.b.state.process_instances.event_trigger(ctx.key)
        self.lifecycle.activated(out, ctx)
        if trigger is None:
            if ctx.element.event_type is BpmnEventType.CONDITIONAL:
                [own] = ctx.element.triggers
                if self.lifecycle.conditions.holds(own, ctx.key, out.now):
                    self.lifecycle.complete(out, ctx)  # the condition holds already
            return
        out.event(ctx.key, ProcessEventIntent.TRIGGERED, trigger)
        if trigger.variables:
            self.b.variables.merge_result(out, ctx, trigger.variables)
        self.lifecycle.complete(out, ctx)


class EventBasedGateway(ElementProcessor):
    """Waits for the first of the catch events after it; completes when one is triggered,
    taking the flow to it only, and that catch event completes at once."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        self.lifecycle.activated(out, ctx)

    def on_complete(self, out: RecordWriter, ctx: ElementContext) -> None:
        trigger = self.b.state.process_instances.event_trigger(ctx.key)
        if trigger is None:
            raise Failure(
                ErrorType.UNKNOWN,
                f"Expected event-based gateway '{ctx.element.id}' to complete by an event, "
                f"but none was triggered",
            )
        out.event(ctx.key, ProcessEventIntent.TRIGGERED, trigger)
        target = trigger.target_element_id
        flows = [flow for flow in ctx.element.outgoing if flow.target_id == target]
        self.lifecycle.completed(out, ctx, flows)
        # The catch event's activation was just queued: its trigger waits on its key.
        for command in reversed(out.pending):
            value = command.value
            if (
                command.intent is ProcessInstanceIntent.ACTIVATE_ELEMENT
                and value.element_id == target
                and value.flow_scope_key == ctx.flow_scope_key
            ):
                out.event(
                    self.b.keys.next_key(),
                    ProcessEventIntent.TRIGGERING,
                    msgspec.structs.replace(trigger, scope_key=command.key),
                )
                break


class TerminateEndEvent(ElementProcessor):
    """Completes, then terminates every other element instance in its flow scope; the scope
    completes once they are gone (as a none end event would have let it)."""

    def on_complete(self, out: RecordWriter, ctx: ElementContext) -> None:
        self.b.variables.apply_outputs(out, ctx)
        instances = self.b.state.element_instances
        for key in list(instances.children(ctx.flow_scope_key)):
            child = instances.get(key)
            if (
                child is not None
                and key != ctx.key
                and child.state is not ProcessInstanceIntent.ELEMENT_TERMINATING
            ):
                out.command(key, ProcessInstanceIntent.TERMINATE_ELEMENT, child.value)
        self.lifecycle.completed(out, ctx)


class LinkThrowEvent(ElementProcessor):
    """Completes and activates the link catch event of the same name in its flow scope (the
    link is a sequence flow drawn across the diagram)."""

    def on_complete(self, out: RecordWriter, ctx: ElementContext) -> None:
        name = ctx.element.link_name
        catch = next(
            (
                element
                for element in ctx.process.elements.values()
                if element.element_type is BpmnElementType.INTERMEDIATE_CATCH_EVENT
                and element.event_type is BpmnEventType.LINK
                and element.link_name == name
                and element.flow_scope_id == ctx.element.flow_scope_id
            ),
            None,
        )
        if catch is None:
            raise Failure(
                ErrorType.UNKNOWN,
                f"Expected a link catch event named '{name}' for '{ctx.element.id}', but "
                f"found none",
            )
        self.b.variables.apply_outputs(out, ctx)
        out.event(ctx.key, ProcessInstanceIntent.ELEMENT_COMPLETED, ctx.value)
        scope = self.b.state.element_instances.get(ctx.flow_scope_key)
        if scope is not None:
            # Activated before the scope could see no child and no token: it stays active.
            self.lifecycle.activate(out, scope, catch.id, catch.element_type)


class SignalThrowEvent(ElementProcessor):
    """Signal intermediate throw and end events: SIGNAL BROADCAST (a follow-up, sent on to
    every partition) with the event's local variables (its input mappings), then on."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        expression = ctx.element.signal_name
        if expression is None:
            raise Failure(
                ErrorType.EXTRACT_VALUE_ERROR,
                f"Expected a signal name for '{ctx.element.id}', but it has none",
            )
        name = self.b.expressions.evaluate_string(
            expression, self.b.expressions.scope(ctx.key), out.now
        )
        variables = {n: v.decoded() for n, v in self.b.state.variables.local(ctx.key)}
        out.command(
            -1,
            SignalIntent.BROADCAST,
            SignalRecordValue(signal_name=name, variables=variables, tenant_id=ctx.value.tenant_id),
        )
        super().on_activate(out, ctx)


class EscalationThrowEvent(ElementProcessor):
    """Escalation intermediate throw and end events. Caught (`behaviours/escalations.py`):
    ESCALATION ESCALATED and the catcher is triggered; a non-interrupting catcher lets the
    throw event go on, an interrupting one leaves it active until its scope terminates it.
    Uncaught: ESCALATION NOT_ESCALATED, and the event goes on (no incident)."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        code = ""
        if ctx.element.escalation_code is not None:
            code = self.b.expressions.evaluate_string(
                ctx.element.escalation_code, self.b.expressions.scope(ctx.key), out.now
            )
        found = self.b.escalations.catcher(ctx.flow_scope_key, code)
        value = EscalationRecordValue(
            process_instance_key=ctx.process_instance_key,
            escalation_code=code,
            throw_element_id=ctx.element.id,
            catch_element_id="" if found is None else found[1],
            tenant_id=ctx.value.tenant_id,
        )
        if found is None:
            out.event(self.b.keys.next_key(), EscalationIntent.NOT_ESCALATED, value)
            super().on_activate(out, ctx)
            return
        owner, target_id = found
        out.event(self.b.keys.next_key(), EscalationIntent.ESCALATED, value)
        target = self.lifecycle.context(owner).process.element(target_id)
        self.lifecycle.triggers.trigger(out, owner, target_id)
        if target.is_interrupting:
            self.lifecycle.activated(out, ctx)  # terminated with the interrupted scope
        else:
            super().on_activate(out, ctx)


class CompensationThrowEvent(ElementProcessor):
    """Compensation intermediate throw and end events: run the handlers of what completed
    (`compensation.py`) and wait for them; nothing to compensate, go on at once."""

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        self.lifecycle.activated(out, ctx)
        if not self.lifecycle.compensation.throw(out, ctx):
            self.lifecycle.complete(out, ctx)
