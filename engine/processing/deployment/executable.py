"""Compiled process models: every FEEL text of a process compiled once, at deployment.

`compile_process` turns a parsed `bpmn.Process` into an `ExecutableProcess`: per element, its
outgoing flows with compiled conditions, compiled input/output mappings with split targets,
job type and retries, script, called decision, multi-instance loop, error codes. The hot path
only evaluates what is compiled here; it never reads XML or parses FEEL again.

FEEL that does not parse is reported as a `bpmn.Problem` naming the element, so a deployment
is refused with every broken expression listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import bpmn.feel as feel
from bpmn import BpmnError, Problem
from bpmn.model import (
    Activity,
    BpmnElementType,
    BpmnEventType,
    BusinessRuleTask,
    CallActivity,
    CompensationDefinition,
    ConditionalDefinition,
    Element,
    ErrorDefinition,
    EscalationDefinition,
    Event,
    Expression,
    FlowNode,
    Gateway,
    LinkDefinition,
    Listener,
    MessageDefinition,
    Process,
    ReceiveTask,
    ScriptTask,
    SequenceFlow,
    SignalDefinition,
    SubProcess,
    TimerDefinition,
    TimerKind,
    UserTask,
)

# Zeebe's job type for user tasks that are not `zeebe:userTask` (done by a job worker).
USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask"


class CompiledExpression:
    """An expression or static value of the model, ready to evaluate.

    `feel` is the compiled FEEL (None for a static value, whose text is `static`). `source`
    keeps the model's text for incident messages.
    """

    __slots__ = ("attribute", "element_id", "feel", "source", "static")

    def __init__(self, expression: Expression, compiled: feel.Expression | None) -> None:
        self.source = expression.text
        self.element_id = expression.element_id
        self.attribute = expression.attribute
        self.feel = compiled
        self.static = expression.text.strip() if compiled is None else ""


@dataclass(frozen=True, slots=True)
class CompiledMapping:
    """One input or output mapping: `source` evaluated into the variable path `target`."""

    target: tuple[str, ...]  # "a.b" is ("a", "b")
    source: CompiledExpression | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutableFlow:
    id: str
    source_id: str
    target_id: str
    condition: CompiledExpression | None = None
    is_default: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutableLoop:
    """A multi-instance activity's loop characteristics, compiled."""

    sequential: bool
    input_collection: CompiledExpression | None
    input_element: str | None
    output_collection: str | None
    output_element: CompiledExpression | None
    completion_condition: CompiledExpression | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutableListener:
    """An execution listener: a job of `job_type` run before the element goes on."""

    job_type: CompiledExpression
    retries: CompiledExpression


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutableAdHoc:
    """An ad-hoc subprocess controlled by the model: which children to activate, and when it
    is done. `activatable_ids` are its children without incoming flows."""

    active_elements: CompiledExpression | None
    completion_condition: CompiledExpression | None
    cancel_remaining_instances: bool
    activatable_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutableUserTask:
    """A `zeebe:userTask` (Camunda user task, managed by the engine), compiled."""

    assignee: CompiledExpression | None = None
    candidate_groups: CompiledExpression | None = None
    candidate_users: CompiledExpression | None = None
    due_date: CompiledExpression | None = None
    follow_up_date: CompiledExpression | None = None
    priority: CompiledExpression | None = None
    external_form_reference: CompiledExpression | None = None
    form_key: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutableTrigger:
    """An event an element instance waits for while it is active (Zeebe's event scope):
    its own catch (`target_id` is the element itself: intermediate catch event, receive task),
    a boundary event on it, a start event of an event subprocess inside it, or a catch event
    after an event-based gateway. For a process, its timer/message/signal start events."""

    target_id: str
    event_type: BpmnEventType
    interrupting: bool = True
    timer_kind: TimerKind | None = None
    timer: CompiledExpression | None = None
    message_name: CompiledExpression | None = None
    correlation_key: CompiledExpression | None = None
    signal_name: CompiledExpression | None = None
    # Conditional events: the condition, and `zeebe:conditionalFilter` (empty: any).
    condition: CompiledExpression | None = None
    variable_names: tuple[str, ...] = ()
    variable_events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutableElement:
    """What the engine needs of one element, compiled. The process itself is one too
    (`element_type` PROCESS, `flow_scope_id` None)."""

    id: str
    element_type: BpmnElementType
    event_type: BpmnEventType = BpmnEventType.UNSPECIFIED
    flow_scope_id: str | None = None
    incoming: tuple[str, ...] = ()
    outgoing: tuple[ExecutableFlow, ...] = ()
    default_flow_id: str | None = None
    is_join: bool = False
    inputs: tuple[CompiledMapping, ...] = ()
    outputs: tuple[CompiledMapping, ...] = ()
    job_type: CompiledExpression | None = None
    job_retries: CompiledExpression | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    script: CompiledExpression | None = None
    result_variable: str | None = None
    decision_id: CompiledExpression | None = None
    called_process_id: CompiledExpression | None = None
    propagate_all_child_variables: bool = True
    propagate_all_parent_variables: bool = True
    binding_type: str = "latest"
    version_tag: str | None = None
    # Containers: the none start event that starts them, and their direct children.
    start_event_id: str | None = None
    child_ids: tuple[str, ...] = ()
    # Containers: their event subprocesses started by an error, with the code each catches
    # (None: every code), in document order.
    error_event_subprocesses: tuple[tuple[str, CompiledExpression | None], ...] = ()
    boundary_event_ids: tuple[str, ...] = ()
    attached_to_id: str | None = None
    is_interrupting: bool = True
    # Error events: the code thrown (end events) or caught (None: every code).
    error_code: CompiledExpression | None = None
    loop: ExecutableLoop | None = None
    user_task: ExecutableUserTask | None = None
    ad_hoc: ExecutableAdHoc | None = None
    # Execution listeners, in order: start ones after the input mappings, end ones after
    # ELEMENT_COMPLETING.
    start_listeners: tuple[ExecutableListener, ...] = ()
    end_listeners: tuple[ExecutableListener, ...] = ()
    # The events its instance subscribes to once activated, unsubscribed when it completes
    # or terminates (see `ExecutableTrigger`). Empty for most elements: no cost then.
    triggers: tuple[ExecutableTrigger, ...] = ()
    # Containers: whether an event subprocess (of any start type) is inside it.
    has_event_subprocesses: bool = False
    # Processes: the start events started by a timer, message or signal.
    start_triggers: tuple[ExecutableTrigger, ...] = ()
    # Link catch events of a container by link name; a link throw event's link name.
    link_targets: Mapping[str, str] = field(default_factory=dict)
    link_name: str | None = None
    # Compensation: a compensation boundary event's handler; a throw's activity (None: all).
    compensation_handler_id: str | None = None
    compensation_activity_id: str | None = None
    is_for_compensation: bool = False
    # Escalation events: the code thrown, or caught (None: every code).
    escalation_code: CompiledExpression | None = None
    # Containers: their event subprocesses started by an escalation, as (start event id,
    # code caught or None for every code), in document order.
    escalation_event_subprocesses: tuple[tuple[str, CompiledExpression | None], ...] = ()
    # Signal throw and end events: the signal's name.
    signal_name: CompiledExpression | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutableProcess:
    bpmn_process_id: str
    root: ExecutableElement
    elements: Mapping[str, ExecutableElement]
    flows: Mapping[str, ExecutableFlow]
    # Whether any element waits for a conditional event (variable changes re-evaluate them).
    has_conditionals: bool = False

    def element(self, element_id: str) -> ExecutableElement:
        if element_id == self.bpmn_process_id:
            return self.root
        return self.elements[element_id]


class _Compiler:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def expression(self, expression: Expression | None) -> CompiledExpression | None:
        if expression is None:
            return None
        text = expression.feel
        if text is None:
            return CompiledExpression(expression, None)
        try:
            compiled = feel.compile(text)
        except feel.FeelError as error:
            self.problems.append(
                Problem(
                    f"Expected a valid FEEL expression in {expression.attribute}, but {error}",
                    expression.element_id,
                    expression.line,
                )
            )
            return None
        return CompiledExpression(expression, compiled)

    def listeners(
        self, listeners: tuple[Listener, ...], event_type: str
    ) -> tuple[ExecutableListener, ...]:
        compiled = []
        for listener in listeners:
            if listener.event_type != event_type:
                continue
            job_type = self.expression(listener.type)
            retries = self.expression(listener.retries)
            if job_type is not None and retries is not None:
                compiled.append(ExecutableListener(job_type=job_type, retries=retries))
        return tuple(compiled)

    def mappings(self, node: FlowNode, outputs: bool) -> tuple[CompiledMapping, ...]:
        if node.io_mapping is None:
            return ()
        entries = node.io_mapping.outputs if outputs else node.io_mapping.inputs
        return tuple(
            CompiledMapping(tuple(m.target.split(".")), self.expression(m.source)) for m in entries
        )


def _flow(compiler: _Compiler, flow: SequenceFlow) -> ExecutableFlow:
    return ExecutableFlow(
        id=flow.id,
        source_id=flow.source_id,
        target_id=flow.target_id,
        condition=compiler.expression(flow.condition),
        is_default=flow.is_default,
    )


def _error_event_subprocesses(
    compiler: _Compiler, process: Process, scope_id: str | None
) -> tuple[tuple[str, CompiledExpression | None], ...]:
    found = []
    for child in process.children(scope_id):
        if child.element_type is not BpmnElementType.EVENT_SUB_PROCESS:
            continue
        for start in process.start_events(child.id):
            definition = start.definition
            if isinstance(definition, ErrorDefinition):
                code = definition.error.error_code if definition.error is not None else None
                found.append((child.id, compiler.expression(code)))
    return tuple(found)


def _event_trigger(
    compiler: _Compiler, event: Element, target_id: str, interrupting: bool = True
) -> ExecutableTrigger | None:
    """The subscription a catch event (or receive task) needs, None for other kinds."""
    definition = getattr(event, "definition", None)
    fields: dict[str, Any] = {"target_id": target_id, "interrupting": interrupting}
    if isinstance(event, ReceiveTask):
        message = event.message
        fields["event_type"] = BpmnEventType.MESSAGE
    elif isinstance(definition, MessageDefinition):
        message = definition.message
        fields["event_type"] = BpmnEventType.MESSAGE
    elif isinstance(definition, TimerDefinition):
        fields["event_type"] = BpmnEventType.TIMER
        fields["timer_kind"] = definition.kind
        fields["timer"] = compiler.expression(definition.expression)
        return ExecutableTrigger(**fields)
    elif isinstance(definition, ConditionalDefinition):
        fields["event_type"] = BpmnEventType.CONDITIONAL
        fields["condition"] = compiler.expression(definition.condition)
        fields["variable_names"] = definition.variable_names
        fields["variable_events"] = tuple(e.strip().lower() for e in definition.variable_events)
        return ExecutableTrigger(**fields)
    elif isinstance(definition, SignalDefinition):
        fields["event_type"] = BpmnEventType.SIGNAL
        if definition.signal is not None:
            fields["signal_name"] = compiler.expression(definition.signal.name)
        return ExecutableTrigger(**fields)
    else:
        return None
    if message is not None:
        fields["message_name"] = compiler.expression(message.name)
        fields["correlation_key"] = compiler.expression(message.correlation_key)
    return ExecutableTrigger(**fields)


def _triggers(
    compiler: _Compiler,
    process: Process,
    element: Element | Process,
    boundaries: Mapping[str, list[str]],
) -> tuple[ExecutableTrigger, ...]:
    found: list[ExecutableTrigger | None] = []
    kind = element.element_type
    if kind in (BpmnElementType.INTERMEDIATE_CATCH_EVENT, BpmnElementType.RECEIVE_TASK):
        assert not isinstance(element, Process)
        found.append(_event_trigger(compiler, element, element.id))
    if kind is BpmnElementType.EVENT_BASED_GATEWAY:
        assert isinstance(element, FlowNode)
        for flow in process.outgoing(element):
            target = process.elements[flow.target_id]
            found.append(_event_trigger(compiler, target, target.id))
    for boundary_id in boundaries.get(element.id, ()):
        boundary = process.elements[boundary_id]
        assert isinstance(boundary, Event)
        found.append(_event_trigger(compiler, boundary, boundary_id, boundary.is_interrupting))
    scope_id = None if kind is BpmnElementType.PROCESS else element.id
    if kind is BpmnElementType.PROCESS or isinstance(element, SubProcess):
        for child in process.children(scope_id):
            if child.element_type is not BpmnElementType.EVENT_SUB_PROCESS:
                continue
            for start in process.start_events(child.id):
                found.append(_event_trigger(compiler, start, start.id, start.is_interrupting))
    return tuple(trigger for trigger in found if trigger is not None)


def _start_triggers(compiler: _Compiler, process: Process) -> tuple[ExecutableTrigger, ...]:
    found = [_event_trigger(compiler, start, start.id) for start in process.start_events(None)]
    return tuple(trigger for trigger in found if trigger is not None)


def _has_event_subprocesses(process: Process, scope_id: str | None) -> bool:
    return any(
        child.element_type is BpmnElementType.EVENT_SUB_PROCESS
        for child in process.children(scope_id)
    )


def _escalation_event_subprocesses(
    compiler: _Compiler, process: Process, scope_id: str | None
) -> tuple[tuple[str, CompiledExpression | None], ...]:
    found = []
    for child in process.children(scope_id):
        if child.element_type is not BpmnElementType.EVENT_SUB_PROCESS:
            continue
        for start in process.start_events(child.id):
            definition = start.definition
            if isinstance(definition, EscalationDefinition):
                escalation = definition.escalation
                code = escalation.escalation_code if escalation is not None else None
                found.append((start.id, compiler.expression(code)))
    return tuple(found)


def _start_event(process: Process, scope_id: str | None) -> str | None:
    for event in process.start_events(scope_id):
        if event.definition is None:
            return event.id
    return None


def _element(
    compiler: _Compiler, process: Process, element: Element, boundaries: Mapping[str, list[str]]
) -> ExecutableElement:
    assert isinstance(element, FlowNode)
    fields: dict[str, Any] = {
        "id": element.id,
        "element_type": element.element_type,
        "flow_scope_id": element.parent_id,
        "incoming": element.incoming,
        "outgoing": tuple(_flow(compiler, flow) for flow in process.outgoing(element)),
        "inputs": compiler.mappings(element, outputs=False),
        "outputs": compiler.mappings(element, outputs=True),
        "start_listeners": compiler.listeners(element.execution_listeners, "start"),
        "end_listeners": compiler.listeners(element.execution_listeners, "end"),
        "triggers": _triggers(compiler, process, element, boundaries),
    }
    if isinstance(element, Gateway):
        fields["default_flow_id"] = element.default_flow_id
        fields["is_join"] = len(element.incoming) > 1 and element.element_type in (
            BpmnElementType.PARALLEL_GATEWAY,
            BpmnElementType.INCLUSIVE_GATEWAY,
        )
    if isinstance(element, Event):
        fields["event_type"] = element.event_type
        fields["attached_to_id"] = element.attached_to_id
        fields["is_interrupting"] = element.is_interrupting
        if isinstance(element.definition, CompensationDefinition):
            fields["compensation_activity_id"] = element.definition.activity_id
        if isinstance(element.definition, EscalationDefinition) and element.definition.escalation:
            fields["escalation_code"] = compiler.expression(
                element.definition.escalation.escalation_code
            )
        if isinstance(element.definition, SignalDefinition) and element.definition.signal:
            fields["signal_name"] = compiler.expression(element.definition.signal.name)
        if isinstance(element.definition, LinkDefinition):
            fields["link_name"] = element.definition.name
        if isinstance(element.definition, ErrorDefinition) and element.definition.error:
            fields["error_code"] = compiler.expression(element.definition.error.error_code)
        if element.task_definition is not None:
            fields["job_type"] = compiler.expression(element.task_definition.type)
            fields["job_retries"] = compiler.expression(element.task_definition.retries)
            fields["headers"] = dict(element.task_headers)
    if isinstance(element, Activity):
        fields["default_flow_id"] = element.default_flow_id
        fields["boundary_event_ids"] = tuple(boundaries.get(element.id, ()))
        fields["is_for_compensation"] = element.is_for_compensation
        for boundary_id in boundaries.get(element.id, ()):
            boundary = process.elements[boundary_id]
            if isinstance(boundary, Event) and isinstance(
                boundary.definition, CompensationDefinition
            ):
                fields["compensation_handler_id"] = boundary.compensation_handler_id
        if element.task_definition is not None:
            fields["job_type"] = compiler.expression(element.task_definition.type)
            fields["job_retries"] = compiler.expression(element.task_definition.retries)
            fields["headers"] = dict(element.task_headers)
        loop = element.multi_instance
        if loop is not None:
            fields["loop"] = ExecutableLoop(
                sequential=loop.is_sequential,
                input_collection=compiler.expression(loop.input_collection),
                input_element=loop.input_element,
                output_collection=loop.output_collection,
                output_element=compiler.expression(loop.output_element),
                completion_condition=compiler.expression(loop.completion_condition),
            )
    if isinstance(element, UserTask) and element.is_zeebe_user_task:
        assignment, schedule, form = element.assignment, element.schedule, element.form
        fields["user_task"] = ExecutableUserTask(
            assignee=compiler.expression(assignment.assignee if assignment else None),
            candidate_groups=compiler.expression(
                assignment.candidate_groups if assignment else None
            ),
            candidate_users=compiler.expression(assignment.candidate_users if assignment else None),
            due_date=compiler.expression(schedule.due_date if schedule else None),
            follow_up_date=compiler.expression(schedule.follow_up_date if schedule else None),
            priority=compiler.expression(element.priority),
            external_form_reference=compiler.expression(form.external_reference if form else None),
            form_key=(form.form_key or form.form_id or "") if form else "",
        )
    elif element.element_type is BpmnElementType.USER_TASK and "job_type" not in fields:
        fields["job_type"] = CompiledExpression(
            Expression(text=USER_TASK_JOB_TYPE, element_id=element.id, attribute="type"), None
        )
    if isinstance(element, ScriptTask) and element.script is not None:
        fields["script"] = compiler.expression(element.script.expression)
        fields["result_variable"] = element.script.result_variable
    if isinstance(element, BusinessRuleTask) and element.called_decision is not None:
        fields["decision_id"] = compiler.expression(element.called_decision.decision_id)
        fields["result_variable"] = element.called_decision.result_variable
    if isinstance(element, CallActivity) and element.called_element is not None:
        called = element.called_element
        fields["called_process_id"] = compiler.expression(called.process_id)
        fields["propagate_all_child_variables"] = called.propagate_all_child_variables
        fields["propagate_all_parent_variables"] = called.propagate_all_parent_variables
        fields["binding_type"] = called.binding_type
        fields["version_tag"] = called.version_tag
    if isinstance(element, SubProcess):
        fields["start_event_id"] = _start_event(process, element.id)
        if element.element_type is BpmnElementType.EVENT_SUB_PROCESS:
            # started by its one (event) start event, once triggered
            starts = process.start_events(element.id)
            fields["start_event_id"] = starts[0].id if starts else None
        fields["child_ids"] = element.child_ids
        if element.element_type is BpmnElementType.AD_HOC_SUB_PROCESS:
            fields["ad_hoc"] = ExecutableAdHoc(
                active_elements=compiler.expression(
                    element.ad_hoc.active_elements_collection if element.ad_hoc else None
                ),
                completion_condition=compiler.expression(element.completion_condition),
                cancel_remaining_instances=element.cancel_remaining_instances,
                activatable_ids=tuple(
                    child.id
                    for child in process.children(element.id)
                    if isinstance(child, FlowNode)
                    and not child.incoming
                    and not (isinstance(child, Event) and child.attached_to_id is not None)
                ),
            )
        fields["error_event_subprocesses"] = _error_event_subprocesses(
            compiler, process, element.id
        )
        fields["has_event_subprocesses"] = _has_event_subprocesses(process, element.id)
        fields["escalation_event_subprocesses"] = _escalation_event_subprocesses(
            compiler, process, element.id
        )
    return ExecutableElement(**fields)


def compile_process(process: Process) -> ExecutableProcess:
    """Compile every element of `process`; raises `BpmnError` listing each FEEL syntax error."""
    compiler = _Compiler()
    boundaries: dict[str, list[str]] = {}
    for element in process.elements.values():
        if isinstance(element, Event) and element.attached_to_id is not None:
            boundaries.setdefault(element.attached_to_id, []).append(element.id)
    elements = {
        element.id: _element(compiler, process, element, boundaries)
        for element in process.elements.values()
        if not isinstance(element, SequenceFlow)
    }
    root = ExecutableElement(
        id=process.id,
        element_type=BpmnElementType.PROCESS,
        start_event_id=_start_event(process, None),
        child_ids=process.child_ids,
        error_event_subprocesses=_error_event_subprocesses(compiler, process, None),
        start_listeners=compiler.listeners(process.execution_listeners, "start"),
        end_listeners=compiler.listeners(process.execution_listeners, "end"),
        triggers=_triggers(compiler, process, process, {}),
        has_event_subprocesses=_has_event_subprocesses(process, None),
        escalation_event_subprocesses=_escalation_event_subprocesses(compiler, process, None),
        start_triggers=_start_triggers(compiler, process),
    )
    if compiler.problems:
        raise BpmnError(compiler.problems)
    flows = {flow.id: flow for element in elements.values() for flow in element.outgoing}
    has_conditionals = any(
        trigger.event_type is BpmnEventType.CONDITIONAL
        for element in (root, *elements.values())
        for trigger in element.triggers
    )
    return ExecutableProcess(
        bpmn_process_id=process.id,
        root=root,
        elements=elements,
        flows=flows,
        has_conditionals=has_conditionals,
    )
