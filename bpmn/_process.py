"""Reading one ``bpmn:process`` (and the subprocesses inside it) into a ``Process``.

One pass over the XML collects each element's constructor arguments; a second, in ``finish``,
adds what only the whole process knows (incoming/outgoing flows, boundary events of each
activity, default flows, compensation handlers) and builds the frozen elements.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from lxml import etree

from ._errors import Problem
from ._events import (
    DEFINITION_TAGS,
    UNSUPPORTED_DEFINITIONS,
    RootElements,
    read_definition,
    resolve,
)
from ._ids import Ids, local_ref, xml_true
from ._names import BPMN, line_of
from ._zeebe import ZeebeExtensions, read_extensions
from .model import (
    Activity,
    BpmnElementType,
    BusinessRuleTask,
    CallActivity,
    CompensationDefinition,
    Element,
    Event,
    Expression,
    Gateway,
    LoopCharacteristics,
    Process,
    ReceiveTask,
    ScriptTask,
    SequenceFlow,
    SubProcess,
    Task,
    UserTask,
)

T = BpmnElementType
_ACTIVITIES: Mapping[str, tuple[BpmnElementType, type[Activity]]] = MappingProxyType(
    {
        BPMN + "task": (T.TASK, Task),
        BPMN + "manualTask": (T.MANUAL_TASK, Task),
        BPMN + "serviceTask": (T.SERVICE_TASK, Task),
        BPMN + "sendTask": (T.SEND_TASK, Task),
        BPMN + "scriptTask": (T.SCRIPT_TASK, ScriptTask),
        BPMN + "businessRuleTask": (T.BUSINESS_RULE_TASK, BusinessRuleTask),
        BPMN + "receiveTask": (T.RECEIVE_TASK, ReceiveTask),
        BPMN + "userTask": (T.USER_TASK, UserTask),
        BPMN + "callActivity": (T.CALL_ACTIVITY, CallActivity),
        BPMN + "subProcess": (T.SUB_PROCESS, SubProcess),
        BPMN + "adHocSubProcess": (T.AD_HOC_SUB_PROCESS, SubProcess),
    }
)
_GATEWAYS: Mapping[str, BpmnElementType] = MappingProxyType(
    {
        BPMN + "exclusiveGateway": T.EXCLUSIVE_GATEWAY,
        BPMN + "parallelGateway": T.PARALLEL_GATEWAY,
        BPMN + "inclusiveGateway": T.INCLUSIVE_GATEWAY,
        BPMN + "eventBasedGateway": T.EVENT_BASED_GATEWAY,
    }
)
_EVENTS: Mapping[str, BpmnElementType] = MappingProxyType(
    {
        BPMN + "startEvent": T.START_EVENT,
        BPMN + "intermediateCatchEvent": T.INTERMEDIATE_CATCH_EVENT,
        BPMN + "intermediateThrowEvent": T.INTERMEDIATE_THROW_EVENT,
        BPMN + "boundaryEvent": T.BOUNDARY_EVENT,
        BPMN + "endEvent": T.END_EVENT,
    }
)
# Flow elements BPMN defines but Zeebe does not execute: refused, naming the element.
_UNSUPPORTED: Mapping[str, str] = MappingProxyType(
    {
        BPMN + "complexGateway": "complex gateways are not supported",
        BPMN + "transaction": "transaction subprocesses are not supported",
        BPMN + "callChoreography": "choreographies are not supported",
        BPMN + "choreographyTask": "choreographies are not supported",
        BPMN + "subChoreography": "choreographies are not supported",
        BPMN + "implicitThrowEvent": "implicit throw events are not supported",
    }
)
_SEQUENCE_FLOW = BPMN + "sequenceFlow"
_ASSOCIATION = BPMN + "association"
_EXTENSIONS = BPMN + "extensionElements"
_MULTI_INSTANCE = BPMN + "multiInstanceLoopCharacteristics"
_STANDARD_LOOP = BPMN + "standardLoopCharacteristics"
_COMPLETION = BPMN + "completionCondition"
_CONDITION = BPMN + "conditionExpression"


def _flag(el: etree._Element, attribute: str, default: bool) -> bool:
    return xml_true(el.get(attribute), default)


def _expression(el: etree._Element, owner: str, attribute: str) -> Expression:
    return Expression(
        text=(el.text or "").strip(), element_id=owner, attribute=attribute, line=line_of(el)
    )


class ProcessReader:
    """Reads one process; ``ids`` is the document's, so duplicates across processes show."""

    def __init__(
        self,
        roots: RootElements,
        ids: Ids,
        problems: list[Problem],
        strict: bool,
    ) -> None:
        self.roots = roots
        # Missing and duplicate ids always count (``ids`` reports them to the document);
        # other problems of a non-executable process are dropped.
        self.ids = ids
        self.problems = problems if strict else []
        # Non-executable processes (documentation pools) are read leniently: Zeebe never
        # runs them, so elements it cannot execute there are no reason to refuse the file.
        self.strict = strict
        # id -> (class, constructor arguments), in document order.
        self.specs: dict[str, tuple[type[Element], dict[str, Any]]] = {}
        self.associations: list[tuple[str, str]] = []

    def problem(self, message: str, element_id: str | None, line: int | None) -> None:
        self.problems.append(Problem(message, element_id, line))

    def register(self, el: etree._Element) -> str | None:
        return self.ids.register(el)

    # -- one scope (the process or a subprocess) ------------------------------------------

    def read_scope(self, scope: etree._Element, scope_id: str) -> tuple[str, ...]:
        children: list[str] = []
        for el in scope:
            tag = el.tag
            if not isinstance(tag, str) or not tag.startswith(BPMN):
                continue  # vendor extensions
            if tag in _ACTIVITIES:
                element_id = self.activity(el, scope_id)
            elif tag in _EVENTS:
                element_id = self.event(el, scope_id)
            elif tag in _GATEWAYS:
                element_id = self.gateway(el, scope_id)
            elif tag == _SEQUENCE_FLOW:
                element_id = self.sequence_flow(el, scope_id)
            elif tag == _ASSOCIATION:
                source, target = el.get("sourceRef"), el.get("targetRef")
                if source and target:
                    self.associations.append((source, target))
                continue
            elif tag in _UNSUPPORTED:
                if self.strict:
                    self.problem(_UNSUPPORTED[tag], el.get("id"), line_of(el))
                continue
            else:
                continue  # lanes, annotations, groups, data objects, documentation, ...
            if element_id is not None:
                children.append(element_id)
        return tuple(children)

    def common(
        self, el: etree._Element, element_id: str, element_type: BpmnElementType, scope_id: str
    ) -> tuple[dict[str, Any], ZeebeExtensions]:
        extensions = el.find(_EXTENSIONS)
        ext = (
            ZeebeExtensions()
            if extensions is None
            else read_extensions(extensions, element_id, self.problems)
        )
        args: dict[str, Any] = {
            "id": element_id,
            "element_type": element_type,
            "name": el.get("name"),
            "parent_id": scope_id,
            "line": line_of(el),
        }
        if extensions is not None:
            args["io_mapping"] = ext.io_mapping
            args["execution_listeners"] = ext.execution_listeners
            if ext.properties:
                args["properties"] = ext.frozen_properties()
        return args, ext

    # -- flow elements --------------------------------------------------------------------

    def sequence_flow(self, el: etree._Element, scope_id: str) -> str | None:
        element_id = self.register(el)
        if element_id is None:
            return None
        source, target = el.get("sourceRef"), el.get("targetRef")
        if not source or not target:
            self.problem("sequence flow needs a sourceRef and a targetRef", element_id, line_of(el))
            return None
        condition = el.find(_CONDITION)
        args = {
            "id": element_id,
            "element_type": T.SEQUENCE_FLOW,
            "name": el.get("name"),
            "parent_id": scope_id,
            "line": line_of(el),
            "source_id": source,
            "target_id": target,
            "condition": None
            if condition is None
            else _expression(condition, element_id, "conditionExpression"),
        }
        self.specs[element_id] = (SequenceFlow, args)
        return element_id

    def gateway(self, el: etree._Element, scope_id: str) -> str | None:
        element_id = self.register(el)
        if element_id is None:
            return None
        args, _ = self.common(el, element_id, _GATEWAYS[el.tag], scope_id)
        args["default_flow_id"] = el.get("default")
        self.specs[element_id] = (Gateway, args)
        return element_id

    def event(self, el: etree._Element, scope_id: str) -> str | None:
        element_id = self.register(el)
        if element_id is None:
            return None
        element_type = _EVENTS[el.tag]
        args, ext = self.common(el, element_id, element_type, scope_id)
        definitions = [
            child
            for child in el
            if child.tag in DEFINITION_TAGS or child.tag in UNSUPPORTED_DEFINITIONS
        ]
        if len(definitions) > 1:
            if self.strict:
                self.problem(
                    "events with multiple event definitions (multiple or parallel multiple) "
                    "are not supported",
                    element_id,
                    line_of(el),
                )
        elif definitions:
            if definitions[0].tag in UNSUPPORTED_DEFINITIONS:
                if self.strict:
                    self.problem("cancel events are not supported", element_id, line_of(el))
            else:
                args["definition"] = read_definition(
                    definitions[0], element_id, self.roots, self.problems
                )
        if element_type is T.BOUNDARY_EVENT:
            args["attached_to_id"] = el.get("attachedToRef")
            args["is_interrupting"] = _flag(el, "cancelActivity", True)
        elif element_type is T.START_EVENT:
            args["is_interrupting"] = _flag(el, "isInterrupting", True)
        if ext.form or ext.task_definition or ext.task_headers:
            args["form"] = ext.form
            args["task_definition"] = ext.task_definition
            if ext.task_headers:
                args["task_headers"] = ext.frozen_headers()
        self.specs[element_id] = (Event, args)
        return element_id

    def activity(self, el: etree._Element, scope_id: str) -> str | None:
        element_id = self.register(el)
        if element_id is None:
            return None
        element_type, cls = _ACTIVITIES[el.tag]
        if element_type is T.SUB_PROCESS and _flag(el, "triggeredByEvent", False):
            element_type = T.EVENT_SUB_PROCESS
        args, ext = self.common(el, element_id, element_type, scope_id)
        args["default_flow_id"] = el.get("default")
        args["is_for_compensation"] = _flag(el, "isForCompensation", False)
        self.specs[element_id] = (cls, args)
        for child in el:
            if child.tag == _MULTI_INSTANCE:
                args["multi_instance"] = self.multi_instance(child, element_id)
            elif child.tag == _STANDARD_LOOP and self.strict:
                self.problem(
                    "standard loops are not supported (use multi-instance)",
                    element_id,
                    line_of(child),
                )
        if ext.task_definition or ext.task_headers:
            args["task_definition"] = ext.task_definition
            if ext.task_headers:
                args["task_headers"] = ext.frozen_headers()
        if cls is ScriptTask:
            args["script"] = ext.script
        elif cls is BusinessRuleTask:
            args["called_decision"] = ext.called_decision
        elif cls is CallActivity:
            args["called_element"] = ext.called_element
        elif cls is ReceiveTask:
            args["message"] = resolve(
                self.roots.messages,
                el.get("messageRef"),
                "message",
                element_id,
                line_of(el),
                self.problems,
            )
        elif cls is UserTask:
            args["is_zeebe_user_task"] = ext.is_zeebe_user_task
            args["assignment"] = ext.assignment
            args["schedule"] = ext.schedule
            args["priority"] = ext.priority
            args["form"] = ext.form
            args["task_listeners"] = ext.task_listeners
        elif cls is SubProcess:
            args["child_ids"] = self.read_scope(el, element_id)
            if element_type is T.AD_HOC_SUB_PROCESS:
                args["ad_hoc"] = ext.ad_hoc
                args["cancel_remaining_instances"] = _flag(el, "cancelRemainingInstances", True)
                completion = el.find(_COMPLETION)
                if completion is not None:
                    args["completion_condition"] = _expression(
                        completion, element_id, "completionCondition"
                    )
        return element_id

    def multi_instance(self, el: etree._Element, owner: str) -> LoopCharacteristics:
        extensions = el.find(_EXTENSIONS)
        raw: dict[str, str] = {}
        line = line_of(el)
        if extensions is not None:
            ext = read_extensions(extensions, owner, self.problems)
            raw = ext.loop or {}
            line = ext.loop_line or line
        completion = el.find(_COMPLETION)

        def expr(attribute: str) -> Expression | None:
            text = raw.get(attribute)
            if text is None:
                return None
            return Expression(
                text=text,
                element_id=owner,
                attribute=f"zeebe:loopCharacteristics/@{attribute}",
                line=line,
            )

        return LoopCharacteristics(
            is_sequential=_flag(el, "isSequential", False),
            input_collection=expr("inputCollection"),
            input_element=raw.get("inputElement"),
            output_collection=raw.get("outputCollection"),
            output_element=expr("outputElement"),
            completion_condition=None
            if completion is None
            else _expression(completion, owner, "completionCondition"),
            line=line_of(el),
        )

    # -- the second pass --------------------------------------------------------------------

    def finish(self, el: etree._Element, process_id: str) -> Process:
        child_ids = self.read_scope(el, process_id)
        specs = self.specs
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        for flow_id, (cls, args) in list(specs.items()):
            if cls is not SequenceFlow:
                continue
            ok = True
            for key in ("source_id", "target_id"):
                ref = args[key] = local_ref(args[key], specs)
                if ref not in specs or specs[ref][0] is SequenceFlow:
                    ok = False
                    if self.strict:
                        side = "sourceRef" if key == "source_id" else "targetRef"
                        self.problem(
                            f"the {side} '{ref}' of this sequence flow is not a flow node "
                            "of this process",
                            flow_id,
                            args["line"],
                        )
            if not ok:
                del specs[flow_id]
                continue
            outgoing.setdefault(args["source_id"], []).append(flow_id)
            incoming.setdefault(args["target_id"], []).append(flow_id)
            source_args = specs[args["source_id"]][1]
            if source_args.get("default_flow_id") == flow_id:
                args["is_default"] = True
        boundaries: dict[str, list[str]] = {}
        for element_id, (cls, args) in specs.items():
            if cls is SequenceFlow:
                continue
            if element_id in incoming:
                args["incoming"] = tuple(incoming[element_id])
            if element_id in outgoing:
                args["outgoing"] = tuple(outgoing[element_id])
            attached = args.get("attached_to_id")
            if attached:
                attached = args["attached_to_id"] = local_ref(attached, specs)
                if attached in specs:
                    boundaries.setdefault(attached, []).append(element_id)
                elif self.strict:
                    self.problem(
                        f"the attachedToRef '{attached}' of this boundary event does not exist",
                        element_id,
                        args["line"],
                    )
        for activity_id, events in boundaries.items():
            cls, args = specs[activity_id]
            if issubclass(cls, Activity):
                args["boundary_event_ids"] = tuple(events)
        for source, target in self.associations:
            for boundary, handler in ((source, target), (target, source)):
                spec = specs.get(boundary)
                if (
                    spec is not None
                    and isinstance(spec[1].get("definition"), CompensationDefinition)
                    and spec[1].get("attached_to_id")
                    and handler in specs
                ):
                    spec[1]["compensation_handler_id"] = handler
        for cls, args in specs.values():
            if cls is SubProcess:
                args["child_ids"] = tuple(c for c in args["child_ids"] if c in specs)
        child_ids = tuple(c for c in child_ids if c in specs)
        elements = {element_id: cls(**args) for element_id, (cls, args) in specs.items()}
        extensions = el.find(_EXTENSIONS)
        ext = (
            ZeebeExtensions()
            if extensions is None
            else read_extensions(extensions, process_id, self.problems)
        )
        return Process(
            id=process_id,
            name=el.get("name"),
            is_executable=_flag(el, "isExecutable", False),
            version_tag=ext.version_tag,
            elements=MappingProxyType(elements),
            child_ids=child_ids,
            execution_listeners=ext.execution_listeners,
            properties=ext.frozen_properties(),
            user_task_forms=MappingProxyType(dict(ext.user_task_forms)),
            line=line_of(el),
        )
