"""Gateways: exclusive (first true condition, else the default flow), parallel (fork all,
join one token per incoming flow) and inclusive (fork every true condition, join the tokens
that can still arrive).

Gateways pass straight through: activation evaluates the conditions first (a `Failure` leaves
the gateway ACTIVATING with an incident; resolving it evaluates again), then writes
ACTIVATED, COMPLETING and COMPLETED and takes the chosen flows.

Joins (Zeebe's rules): every token arriving at a joining gateway is counted per incoming flow
(`TAKEN_SEQUENCE_FLOWS`). A parallel join fires once each incoming flow has a token, and
consumes one token per flow: two tokens on the same flow do not count as two branches. An
inclusive join fires once every incoming flow either has a token or can no longer get one
(no active element or token in flight of the scope can reach it).
"""

from __future__ import annotations

from collections.abc import Iterable

from bpmn.model import BpmnElementType

from ...records.enums import ErrorType
from ...records.intents import ProcessInstanceIntent
from ...state.element_instances import ElementInstance
from ..deployment.executable import ExecutableElement, ExecutableFlow, ExecutableProcess
from ..errors import Failure
from ..writer import RecordWriter
from .behaviours import Behaviours
from .element import ElementProcessor
from .element_context import ElementContext


class _Gateway(ElementProcessor):
    def flows_to_take(self, out: RecordWriter, ctx: ElementContext) -> Iterable[ExecutableFlow]:
        return ctx.element.outgoing

    def on_activate(self, out: RecordWriter, ctx: ElementContext) -> None:
        flows = tuple(self.flows_to_take(out, ctx))
        self.lifecycle.activated(out, ctx)
        self.lifecycle.completing(out, ctx)
        self.lifecycle.completed(out, ctx, flows)


def _no_flow(ctx: ElementContext) -> Failure:
    return Failure(
        ErrorType.CONDITION_ERROR,
        f"Expected at least one condition to evaluate to true, or to have a default flow, "
        f"but no condition of gateway '{ctx.element.id}' was true and it has no default flow",
    )


class ExclusiveGateway(_Gateway):
    def flows_to_take(self, out: RecordWriter, ctx: ElementContext) -> Iterable[ExecutableFlow]:
        element = ctx.element
        if len(element.outgoing) == 1 and element.outgoing[0].condition is None:
            return element.outgoing
        variables = self.b.expressions.scope(ctx.key)
        default = None
        for flow in element.outgoing:
            if flow.id == element.default_flow_id:
                default = flow
            elif flow.condition is None or self.b.expressions.evaluate_bool(
                flow.condition, variables, out.now
            ):
                return (flow,)
        if default is None:
            raise _no_flow(ctx)
        return (default,)


class ParallelGateway(_Gateway):
    pass


class InclusiveGateway(_Gateway):
    def flows_to_take(self, out: RecordWriter, ctx: ElementContext) -> Iterable[ExecutableFlow]:
        element = ctx.element
        variables = self.b.expressions.scope(ctx.key)
        chosen, default = [], None
        for flow in element.outgoing:
            if flow.id == element.default_flow_id:
                default = flow
            elif flow.condition is None or self.b.expressions.evaluate_bool(
                flow.condition, variables, out.now
            ):
                chosen.append(flow)
        if chosen:
            return chosen
        if default is None:
            raise _no_flow(ctx)
        return (default,)


def _reaches(process: ExecutableProcess, start: str, goal: str, gateway_id: str) -> bool:
    # Depth-first over the flows from `start`; paths through the gateway itself do not count.
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node == gateway_id:
            continue
        element = process.elements.get(node)
        if element is None:
            continue
        for flow in element.outgoing:
            if flow.target_id not in seen:
                seen.add(flow.target_id)
                stack.append(flow.target_id)
    return False


def join_ready(
    b: Behaviours,
    out: RecordWriter,
    scope: ElementInstance,
    process: ExecutableProcess,
    gateway: ExecutableElement,
) -> bool:
    """Whether a token just counted at `gateway` makes the join fire (see module docstring)."""
    taken = b.state.element_instances.taken_sequence_flows(scope.key, gateway.id)
    missing = [flow_id for flow_id in gateway.incoming if taken.get(flow_id, 0) == 0]
    if not missing:
        return True
    if gateway.element_type is not BpmnElementType.INCLUSIVE_GATEWAY:
        return False
    # Where tokens of this scope are now: its live children and activations still in flight.
    active = [
        instance.value.element_id
        for key in b.state.element_instances.children(scope.key)
        if (instance := b.state.element_instances.get(key)) is not None
        and instance.state is not ProcessInstanceIntent.ELEMENT_COMPLETED
    ]
    active += [
        command.value.element_id
        for command in out.pending
        if getattr(command.value, "flow_scope_key", -1) == scope.key
        and command.intent is ProcessInstanceIntent.ACTIVATE_ELEMENT
    ]
    sources = [process.flows[flow_id].source_id for flow_id in missing]
    return not any(
        _reaches(process, position, source, gateway.id) for position in active for source in sources
    )


def waiting_inclusive_joins(
    b: Behaviours,
    out: RecordWriter,
    scope: ElementInstance,
    process: ExecutableProcess,
    child_ids: tuple[str, ...],
) -> list[ExecutableElement]:
    """The inclusive joins among `child_ids` that hold tokens in `scope` and may fire now:
    a branch that ended elsewhere (at an end event) no longer keeps them waiting. A join
    whose activation is already on its way is left alone."""
    ready = []
    for child_id in child_ids:
        element = process.elements.get(child_id)
        if (
            element is None
            or not element.is_join
            or element.element_type is not BpmnElementType.INCLUSIVE_GATEWAY
        ):
            continue
        taken = b.state.element_instances.taken_sequence_flows(scope.key, element.id)
        if not any(taken.values()):
            continue
        on_its_way = any(
            command.intent is ProcessInstanceIntent.ACTIVATE_ELEMENT
            and command.value.element_id == element.id
            and command.value.flow_scope_key == scope.key
            for command in out.pending
        )
        if not on_its_way and join_ready(b, out, scope, process, element):
            ready.append(element)
    return ready
