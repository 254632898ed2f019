"""Flow elements of a process: sequence flows, gateways, events, tasks and subprocesses.

A process keeps all of them in one flat mapping by id, whatever their nesting; ``parent_id`` links
each to its scope (the process or a subprocess) and containers list their children. Incoming and
outgoing flows are computed from the sequence flows' ``sourceRef``/``targetRef``, never trusted
from the optional ``bpmn:incoming``/``outgoing`` children.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ._extensions import (
    AdHoc,
    AssignmentDefinition,
    CalledDecision,
    CalledElement,
    Expression,
    FormDefinition,
    IoMapping,
    Listener,
    LoopCharacteristics,
    Script,
    TaskDefinition,
    TaskSchedule,
)
from ._roots import EventDefinition, Message
from ._types import BpmnElementType, BpmnEventType


def _no_strings() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True, kw_only=True)
class Element:
    id: str
    element_type: BpmnElementType
    name: str | None = None
    # The id of the enclosing process or subprocess.
    parent_id: str
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SequenceFlow(Element):
    source_id: str
    target_id: str
    condition: Expression | None = None
    # True when the source gateway or activity names this flow as its ``default``.
    is_default: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowNode(Element):
    incoming: tuple[str, ...] = ()
    outgoing: tuple[str, ...] = ()
    io_mapping: IoMapping | None = None
    properties: Mapping[str, str] = field(default_factory=_no_strings)
    execution_listeners: tuple[Listener, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Gateway(FlowNode):
    default_flow_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(FlowNode):
    """Start, intermediate catch/throw, boundary and end events.

    ``definition`` is None for a none event. ``is_interrupting`` matters for boundary events
    (``cancelActivity``) and start events of event subprocesses (``isInterrupting``).
    """

    definition: EventDefinition | None = None
    is_interrupting: bool = True
    # Boundary events only: the activity they are attached to.
    attached_to_id: str | None = None
    # Compensation boundary events only: the handler joined by an association.
    compensation_handler_id: str | None = None
    # Start events only (forms for starting a process from the tasklist).
    form: FormDefinition | None = None
    # Job-based throw/end events (message throw, send-like events) carry a job.
    task_definition: TaskDefinition | None = None
    task_headers: Mapping[str, str] = field(default_factory=_no_strings)

    @property
    def event_type(self) -> BpmnEventType:
        if self.definition is None:
            return BpmnEventType.UNSPECIFIED
        return self.definition.event_type


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity(FlowNode):
    """What every task, call activity and subprocess shares."""

    default_flow_id: str | None = None
    boundary_event_ids: tuple[str, ...] = ()
    multi_instance: LoopCharacteristics | None = None
    is_for_compensation: bool = False
    # Job workers: service and send tasks, and script/business rule/user tasks done by a job.
    task_definition: TaskDefinition | None = None
    task_headers: Mapping[str, str] = field(default_factory=_no_strings)


@dataclass(frozen=True, slots=True, kw_only=True)
class Task(Activity):
    """Plain, manual, service and send tasks: nothing beyond ``Activity``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScriptTask(Activity):
    script: Script | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BusinessRuleTask(Activity):
    called_decision: CalledDecision | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveTask(Activity):
    message: Message | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UserTask(Activity):
    """A user task; ``is_zeebe_user_task`` when it has ``zeebe:userTask`` (engine-managed)."""

    is_zeebe_user_task: bool = False
    assignment: AssignmentDefinition | None = None
    schedule: TaskSchedule | None = None
    priority: Expression | None = None
    form: FormDefinition | None = None
    task_listeners: tuple[Listener, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CallActivity(Activity):
    called_element: CalledElement | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubProcess(Activity):
    """Embedded, event and ad-hoc subprocesses (told apart by ``element_type``)."""

    child_ids: tuple[str, ...] = ()
    ad_hoc: AdHoc | None = None
    # Ad-hoc subprocesses only.
    completion_condition: Expression | None = None
    cancel_remaining_instances: bool = True


FLOW_NODE_TYPES = frozenset(BpmnElementType) - {
    BpmnElementType.PROCESS,
    BpmnElementType.SEQUENCE_FLOW,
    BpmnElementType.MULTI_INSTANCE_BODY,
}
