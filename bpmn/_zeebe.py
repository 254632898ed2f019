"""Reading ``zeebe:`` extension elements (inside ``bpmn:extensionElements``) into model values.

Unknown ``zeebe:`` elements (newer Camunda features such as ``linkedResources``) and other vendors'
extensions are skipped: they change nothing Baton executes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from lxml import etree

from ._errors import Problem
from ._names import ZEEBE, line_of
from .model import (
    AdHoc,
    AssignmentDefinition,
    CalledDecision,
    CalledElement,
    Expression,
    FormDefinition,
    IoMapping,
    Listener,
    Script,
    TaskDefinition,
    TaskSchedule,
    VariableMapping,
)


@dataclass(slots=True)
class ZeebeExtensions:
    """Everything found in one element's extensions; filled once, then read by the reader."""

    task_definition: TaskDefinition | None = None
    task_headers: dict[str, str] = field(default_factory=dict)
    io_mapping: IoMapping | None = None
    correlation_key: Expression | None = None
    called_element: CalledElement | None = None
    called_decision: CalledDecision | None = None
    script: Script | None = None
    # zeebe:loopCharacteristics, kept raw until the bpmn loop element is read.
    loop: dict[str, str] | None = None
    loop_line: int | None = None
    is_zeebe_user_task: bool = False
    assignment: AssignmentDefinition | None = None
    schedule: TaskSchedule | None = None
    priority: Expression | None = None
    form: FormDefinition | None = None
    user_task_forms: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    execution_listeners: tuple[Listener, ...] = ()
    task_listeners: tuple[Listener, ...] = ()
    version_tag: str | None = None
    ad_hoc: AdHoc | None = None
    variable_names: tuple[str, ...] = ()
    variable_events: tuple[str, ...] = ()

    def frozen_headers(self) -> Mapping[str, str]:
        return MappingProxyType(self.task_headers)

    def frozen_properties(self) -> Mapping[str, str]:
        return MappingProxyType(self.properties)


class _Context:
    """Where the extensions being read belong, for expressions and problems."""

    __slots__ = ("owner_id", "problems")

    def __init__(self, owner_id: str, problems: list[Problem]) -> None:
        self.owner_id = owner_id
        self.problems = problems

    def expr(self, el: etree._Element, attribute: str, name: str) -> Expression | None:
        text = el.get(attribute)
        if text is None:
            return None
        return Expression(
            text=text,
            element_id=self.owner_id,
            attribute=f"{name}/@{attribute}",
            line=line_of(el),
        )

    def default(self, el: etree._Element, attribute: str, name: str, text: str) -> Expression:
        """The value Zeebe assumes for a missing attribute, located at its element."""
        return Expression(
            text=text, element_id=self.owner_id, attribute=f"{name}/@{attribute}", line=line_of(el)
        )

    def flag(self, el: etree._Element, attribute: str, default: bool) -> bool:
        text = el.get(attribute)
        if text is None:
            return default
        value = text.strip().lower()
        if value in ("true", "false"):
            return value == "true"
        self.problems.append(
            Problem(
                f"attribute '{attribute}' of zeebe:{_local(el)} must be 'true' or 'false', "
                f"not '{text}'",
                self.owner_id,
                line_of(el),
            )
        )
        return default


def _local(el: etree._Element) -> str:
    return str(el.tag).rpartition("}")[2]


def _listeners(ctx: _Context, el: etree._Element, name: str) -> tuple[Listener, ...]:
    found = []
    for child in el:
        if child.tag != ZEEBE + name:
            continue
        kind = ctx.expr(child, "type", f"zeebe:{name}")
        found.append(
            Listener(
                event_type=child.get("eventType", ""),
                type=kind or ctx.default(child, "type", f"zeebe:{name}", ""),
                retries=ctx.expr(child, "retries", f"zeebe:{name}")
                or ctx.default(child, "retries", f"zeebe:{name}", "3"),
            )
        )
    return tuple(found)


def _split(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _task_definition(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    name = "zeebe:taskDefinition"
    type_ = ctx.expr(el, "type", name) or ctx.default(el, "type", name, "")
    retries = ctx.expr(el, "retries", name) or ctx.default(el, "retries", name, "3")
    ext.task_definition = TaskDefinition(type=type_, retries=retries)


def _task_headers(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    for header in el:
        if header.tag == ZEEBE + "header":
            key = header.get("key")
            if key is None:
                ctx.problems.append(
                    Problem("zeebe:header has no 'key'", ctx.owner_id, line_of(header))
                )
                continue
            ext.task_headers[key] = header.get("value", "")


def _io_mapping(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    inputs: list[VariableMapping] = []
    outputs: list[VariableMapping] = []
    for child in el:
        tag = child.tag
        if tag == ZEEBE + "input":
            into, name = inputs, "zeebe:input"
        elif tag == ZEEBE + "output":
            into, name = outputs, "zeebe:output"
        else:
            continue
        target = child.get("target")
        if not target:
            ctx.problems.append(
                Problem(f"{name} has no 'target' variable", ctx.owner_id, line_of(child))
            )
            continue
        into.append(VariableMapping(source=ctx.expr(child, "source", name), target=target))
    ext.io_mapping = IoMapping(inputs=tuple(inputs), outputs=tuple(outputs))


def _subscription(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.correlation_key = ctx.expr(el, "correlationKey", "zeebe:subscription")


def _called_element(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.called_element = CalledElement(
        process_id=ctx.expr(el, "processId", "zeebe:calledElement")
        or ctx.default(el, "processId", "zeebe:calledElement", ""),
        propagate_all_child_variables=ctx.flag(el, "propagateAllChildVariables", True),
        propagate_all_parent_variables=ctx.flag(el, "propagateAllParentVariables", True),
        binding_type=el.get("bindingType", "latest"),
        version_tag=el.get("versionTag"),
    )


def _called_decision(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.called_decision = CalledDecision(
        decision_id=ctx.expr(el, "decisionId", "zeebe:calledDecision")
        or ctx.default(el, "decisionId", "zeebe:calledDecision", ""),
        result_variable=el.get("resultVariable", ""),
        binding_type=el.get("bindingType", "latest"),
        version_tag=el.get("versionTag"),
    )


def _script(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.script = Script(
        expression=ctx.expr(el, "expression", "zeebe:script")
        or ctx.default(el, "expression", "zeebe:script", ""),
        result_variable=el.get("resultVariable", ""),
    )


def _loop(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.loop = {str(key): str(value) for key, value in el.attrib.items()}
    ext.loop_line = line_of(el)


def _user_task(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.is_zeebe_user_task = True


def _assignment(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    name = "zeebe:assignmentDefinition"
    ext.assignment = AssignmentDefinition(
        assignee=ctx.expr(el, "assignee", name),
        candidate_groups=ctx.expr(el, "candidateGroups", name),
        candidate_users=ctx.expr(el, "candidateUsers", name),
    )


def _schedule(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.schedule = TaskSchedule(
        due_date=ctx.expr(el, "dueDate", "zeebe:taskSchedule"),
        follow_up_date=ctx.expr(el, "followUpDate", "zeebe:taskSchedule"),
    )


def _priority(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.priority = ctx.expr(el, "priority", "zeebe:priorityDefinition")


def _form(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.form = FormDefinition(
        form_key=el.get("formKey"),
        form_id=el.get("formId"),
        external_reference=ctx.expr(el, "externalReference", "zeebe:formDefinition"),
        binding_type=el.get("bindingType", "latest"),
        version_tag=el.get("versionTag"),
    )


def _user_task_form(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    form_id = el.get("id")
    if form_id:
        ext.user_task_forms[form_id] = el.text or ""


def _properties(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    for prop in el:
        if prop.tag == ZEEBE + "property" and prop.get("name") is not None:
            ext.properties[prop.get("name", "")] = prop.get("value", "")


def _execution_listeners(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.execution_listeners = _listeners(ctx, el, "executionListener")


def _task_listeners(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.task_listeners = _listeners(ctx, el, "taskListener")


def _version_tag(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.version_tag = el.get("value")


def _ad_hoc(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.ad_hoc = AdHoc(
        active_elements_collection=ctx.expr(el, "activeElementsCollection", "zeebe:adHoc"),
        output_collection=el.get("outputCollection"),
        output_element=ctx.expr(el, "outputElement", "zeebe:adHoc"),
    )


def _conditional_filter(ctx: _Context, el: etree._Element, ext: ZeebeExtensions) -> None:
    ext.variable_names = _split(el.get("variableNames"))
    ext.variable_events = _split(el.get("variableEvents"))


_Reader = Callable[[_Context, etree._Element, ZeebeExtensions], None]

_READERS: Mapping[str, _Reader] = MappingProxyType(
    {
        ZEEBE + "taskDefinition": _task_definition,
        ZEEBE + "taskHeaders": _task_headers,
        ZEEBE + "ioMapping": _io_mapping,
        ZEEBE + "subscription": _subscription,
        ZEEBE + "calledElement": _called_element,
        ZEEBE + "calledDecision": _called_decision,
        ZEEBE + "script": _script,
        ZEEBE + "loopCharacteristics": _loop,
        ZEEBE + "userTask": _user_task,
        ZEEBE + "assignmentDefinition": _assignment,
        ZEEBE + "taskSchedule": _schedule,
        ZEEBE + "priorityDefinition": _priority,
        ZEEBE + "formDefinition": _form,
        ZEEBE + "userTaskForm": _user_task_form,
        ZEEBE + "properties": _properties,
        ZEEBE + "executionListeners": _execution_listeners,
        ZEEBE + "taskListeners": _task_listeners,
        ZEEBE + "versionTag": _version_tag,
        ZEEBE + "adHoc": _ad_hoc,
        ZEEBE + "conditionalFilter": _conditional_filter,
    }
)
# Elements that may appear once per owner; zeebe:userTaskForm and properties merge instead.
_SINGLE = frozenset(_READERS) - {ZEEBE + "userTaskForm", ZEEBE + "properties"}


def read_extensions(
    extension_elements: etree._Element, owner_id: str, problems: list[Problem]
) -> ZeebeExtensions:
    """Read the ``zeebe:`` children of one ``bpmn:extensionElements``."""
    ext = ZeebeExtensions()
    ctx = _Context(owner_id, problems)
    seen: set[str] = set()
    for child in extension_elements:
        reader = _READERS.get(child.tag)
        if reader is None:
            continue
        if child.tag in _SINGLE:
            if child.tag in seen:
                problems.append(
                    Problem(
                        f"more than one zeebe:{_local(child)} extension element",
                        owner_id,
                        line_of(child),
                    )
                )
                continue
            seen.add(child.tag)
        reader(ctx, child, ext)
    return ext
