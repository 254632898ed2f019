"""Zeebe's modelling rules, checked on the model after reading: the process, its flows, gateways
and subprocesses here; events in ``_validation_events``, task extensions in ``_validation_tasks``.

Only executable processes are checked: a non-executable pool documents a partner and Zeebe never
runs it. Every rule adds a problem naming the element and its line; nothing stops at the first.
"""

from __future__ import annotations

from ._errors import Problem
from ._rules import Checker, blank
from ._validation_events import (
    check_event,
    check_links,
    check_start_events,
    check_unique_triggers,
)
from ._validation_tasks import check_form, check_listeners, check_task
from .model import (
    Activity,
    BpmnElementType,
    BpmnEventType,
    Definitions,
    Event,
    FlowNode,
    Gateway,
    ReceiveTask,
    SequenceFlow,
    SubProcess,
)

T = BpmnElementType

_CONDITIONAL_SOURCES = frozenset({T.EXCLUSIVE_GATEWAY, T.INCLUSIVE_GATEWAY})
_AFTER_EVENT_GATEWAY = frozenset(
    {BpmnEventType.MESSAGE, BpmnEventType.TIMER, BpmnEventType.SIGNAL, BpmnEventType.CONDITIONAL}
)


def _flow(check: Checker, flow: SequenceFlow) -> None:
    elements = check.process.elements
    source, target = elements[flow.source_id], elements[flow.target_id]
    for end in (source, target):
        if end.parent_id != flow.parent_id:
            check.add(
                f"sequence flow crosses a scope boundary: '{end.id}' is in "
                f"{check.scope_name(end.parent_id)}, the flow in "
                f"{check.scope_name(flow.parent_id)}",
                flow,
            )
            break
    if not flow.is_default:
        check.feel(flow, flow.condition, "a condition")
    if flow.condition is not None and not flow.is_default:
        if source.element_type is T.PARALLEL_GATEWAY:
            check.add("a sequence flow out of a parallel gateway must not have a condition", flow)
        elif source.element_type not in _CONDITIONAL_SOURCES and not blank(flow.condition):
            check.add(
                "conditional sequence flows are only supported out of exclusive and inclusive "
                "gateways",
                flow,
            )
        elif blank(flow.condition):
            check.add("the condition of this sequence flow is empty", flow)


def _default_flow(check: Checker, node: Gateway | Activity) -> None:
    default = node.default_flow_id
    if not default or default in node.outgoing:
        return
    if isinstance(check.process.elements.get(default), SequenceFlow):
        check.add(
            f"default flow '{default}' is not an outgoing sequence flow of this element", node
        )
    else:
        check.add(f"default flow '{default}' is not a sequence flow of this process", node)


def _gateway(check: Checker, gateway: Gateway) -> None:
    _default_flow(check, gateway)
    flows = check.process.outgoing(gateway)
    if gateway.element_type in _CONDITIONAL_SOURCES and len(flows) > 1:
        for flow in flows:
            if flow.condition is None and not flow.is_default:
                check.add(
                    f"flow '{flow.id}' out of {gateway.element_type.value.lower()} "
                    f"'{gateway.id}' needs a condition or must be the default flow",
                    flow,
                )
    if gateway.element_type is T.EVENT_BASED_GATEWAY:
        if len(flows) < 2:
            check.add("an event-based gateway needs at least two outgoing sequence flows", gateway)
        for flow in flows:
            target = check.process.elements[flow.target_id]
            ok = isinstance(target, ReceiveTask) or (
                isinstance(target, Event)
                and target.element_type is T.INTERMEDIATE_CATCH_EVENT
                and target.event_type in _AFTER_EVENT_GATEWAY
            )
            if not ok:
                check.add(
                    f"an event-based gateway may only lead to message, timer, signal or "
                    f"conditional catch events or receive tasks, not '{target.id}'",
                    gateway,
                )
            if flow.condition is not None:
                check.add("a sequence flow out of an event-based gateway has no condition", flow)
        targets = (check.process.elements[f.target_id] for f in flows)
        check_unique_triggers(
            check, gateway.id, (t for t in targets if isinstance(t, Event | ReceiveTask))
        )


def _activity(check: Checker, activity: Activity) -> None:
    kind = activity.element_type
    _default_flow(check, activity)
    check_task(check, activity)
    if isinstance(activity, SubProcess):
        if kind is T.EVENT_SUB_PROCESS and (activity.incoming or activity.outgoing):
            check.add("an event subprocess must not have incoming or outgoing flows", activity)
        if kind is T.AD_HOC_SUB_PROCESS and not any(
            isinstance(check.process.elements[c], Activity) for c in activity.child_ids
        ):
            check.add("an ad-hoc subprocess needs at least one activity", activity)
        check_start_events(check, activity.id, kind)
    if kind is T.AD_HOC_SUB_PROCESS:
        for child in check.process.children(activity.id):
            if (
                isinstance(child, Event)
                and child.element_type is T.INTERMEDIATE_CATCH_EVENT
                and not child.outgoing
            ):
                check.add(
                    "an intermediate catch event in an ad-hoc subprocess needs an outgoing flow",
                    child,
                )
    if isinstance(activity, SubProcess):
        check_unique_triggers(
            check,
            activity.id,
            _event_sub_process_starts(check, activity.child_ids),
        )
    boundaries = [check.process.elements[b] for b in activity.boundary_event_ids]
    check_unique_triggers(check, activity.id, (b for b in boundaries if isinstance(b, Event)))
    loop = activity.multi_instance
    if loop is not None:
        check.feel(activity, loop.input_collection, "inputCollection")
        check.feel(activity, loop.output_element, "outputElement")
        check.feel(activity, loop.completion_condition, "completionCondition")
        if blank(loop.input_collection):
            check.add(
                "a multi-instance activity needs an inputCollection (zeebe:loopCharacteristics)",
                activity,
                loop.line,
            )
        if loop.output_collection and blank(loop.output_element):
            check.add(
                "a multi-instance outputCollection needs an outputElement", activity, loop.line
            )
    if isinstance(activity, SubProcess):
        check.feel(activity, activity.completion_condition, "completionCondition")
        if activity.ad_hoc is not None:
            check.feel(
                activity, activity.ad_hoc.active_elements_collection, "activeElementsCollection"
            )
            check.feel(activity, activity.ad_hoc.output_element, "outputElement")
    if activity.is_for_compensation and (activity.incoming or activity.outgoing):
        check.add("a compensation handler must not have sequence flows", activity)


def _event_sub_process_starts(check: Checker, child_ids: tuple[str, ...]) -> list[Event]:
    starts: list[Event] = []
    for child_id in child_ids:
        child = check.process.elements[child_id]
        if child.element_type is T.EVENT_SUB_PROCESS:
            starts.extend(check.process.start_events(child_id))
    return starts


def _process(check: Checker) -> None:
    check_start_events(check, check.process.id, T.PROCESS)
    check_unique_triggers(
        check, check.process.id, _event_sub_process_starts(check, check.process.child_ids)
    )
    for element in check.process.elements.values():
        if isinstance(element, SequenceFlow):
            _flow(check, element)
        elif isinstance(element, Gateway):
            _gateway(check, element)
        elif isinstance(element, Event):
            check_event(check, element)
            if element.element_type is T.START_EVENT:
                check_form(check, element, element.form)
        elif isinstance(element, Activity):
            _activity(check, element)
        if isinstance(element, FlowNode):
            check_listeners(check, element)
    check_links(check)


def validate(definitions: Definitions, problems: list[Problem]) -> None:
    """Add a problem for every modelling rule ``definitions`` breaks."""
    if not definitions.processes:
        problems.append(Problem("the document has no process"))
    elif not definitions.executable_processes:
        names = ", ".join(f"'{p.id}'" for p in definitions.processes)
        problems.append(
            Problem(
                f'no executable process: none of {names} is marked isExecutable="true"',
                definitions.processes[0].id,
                definitions.processes[0].line,
            )
        )
    for process in definitions.executable_processes:
        _process(Checker(process, problems))
