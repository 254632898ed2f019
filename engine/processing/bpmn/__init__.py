"""Element processors and the dispatcher that drives them; `build_element_commands` wires
one element processor per element type (several types may share one)."""

from __future__ import annotations

from bpmn.model import BpmnElementType, BpmnEventType

from ...records.intents import ProcessInstanceIntent
from .ad_hoc import AdHocSubProcess
from .behaviours import Behaviours
from .call_activity import CallActivity
from .containers import Container
from .dispatch import ElementCommands, Lifecycle
from .element import ElementProcessor
from .events import (
    CatchEvent,
    CompensationThrowEvent,
    ErrorEndEvent,
    EscalationThrowEvent,
    EventBasedGateway,
    LinkThrowEvent,
    NoneEvent,
    SignalThrowEvent,
    TerminateEndEvent,
    Unsupported,
)
from .gateways import ExclusiveGateway, InclusiveGateway, ParallelGateway
from .multi_instance import MultiInstanceBody
from .tasks import (
    BusinessRuleTask,
    JobWorkerTask,
    PassThroughTask,
    ScriptTask,
    UserTask,
)

_T = BpmnElementType
_E = BpmnEventType

# Element types the core runs; every other type gets `Unsupported` (an incident, not a crash).
_BY_TYPE: dict[BpmnElementType, type[ElementProcessor]] = {
    _T.PROCESS: Container,
    _T.SUB_PROCESS: Container,
    _T.EVENT_SUB_PROCESS: Container,
    _T.AD_HOC_SUB_PROCESS: AdHocSubProcess,
    _T.CALL_ACTIVITY: CallActivity,
    _T.START_EVENT: NoneEvent,
    _T.END_EVENT: NoneEvent,
    _T.INTERMEDIATE_THROW_EVENT: NoneEvent,
    _T.BOUNDARY_EVENT: NoneEvent,
    _T.SERVICE_TASK: JobWorkerTask,
    _T.SEND_TASK: JobWorkerTask,
    _T.USER_TASK: UserTask,
    _T.SCRIPT_TASK: ScriptTask,
    _T.BUSINESS_RULE_TASK: BusinessRuleTask,
    _T.RECEIVE_TASK: CatchEvent,
    _T.INTERMEDIATE_CATCH_EVENT: CatchEvent,
    _T.EVENT_BASED_GATEWAY: EventBasedGateway,
    _T.MANUAL_TASK: PassThroughTask,
    _T.TASK: PassThroughTask,
    _T.EXCLUSIVE_GATEWAY: ExclusiveGateway,
    _T.PARALLEL_GATEWAY: ParallelGateway,
    _T.INCLUSIVE_GATEWAY: InclusiveGateway,
}

# Event kinds the core runs per event element type (the rest: `Unsupported`).
SUPPORTED_EVENTS: dict[BpmnElementType, frozenset[BpmnEventType]] = {
    _T.START_EVENT: frozenset(
        {_E.UNSPECIFIED, _E.ERROR, _E.TIMER, _E.MESSAGE, _E.SIGNAL, _E.ESCALATION, _E.CONDITIONAL}
    ),
    _T.END_EVENT: frozenset(
        {_E.UNSPECIFIED, _E.ERROR, _E.TERMINATE, _E.SIGNAL, _E.ESCALATION, _E.COMPENSATION}
        | {_E.MESSAGE}
    ),
    _T.INTERMEDIATE_THROW_EVENT: frozenset(
        {_E.UNSPECIFIED, _E.LINK, _E.SIGNAL, _E.ESCALATION, _E.COMPENSATION, _E.MESSAGE}
    ),
    _T.INTERMEDIATE_CATCH_EVENT: frozenset(
        {_E.TIMER, _E.LINK, _E.MESSAGE, _E.SIGNAL, _E.CONDITIONAL}
    ),
    _T.BOUNDARY_EVENT: frozenset(
        {_E.ERROR, _E.TIMER, _E.MESSAGE, _E.SIGNAL, _E.ESCALATION, _E.CONDITIONAL}
    ),
}

# Processors chosen by element type and event type together.
_BY_EVENT: dict[tuple[BpmnElementType, BpmnEventType], type[ElementProcessor]] = {
    (_T.END_EVENT, _E.TERMINATE): TerminateEndEvent,
    (_T.INTERMEDIATE_THROW_EVENT, _E.LINK): LinkThrowEvent,
    (_T.INTERMEDIATE_THROW_EVENT, _E.SIGNAL): SignalThrowEvent,
    (_T.END_EVENT, _E.SIGNAL): SignalThrowEvent,
    (_T.INTERMEDIATE_THROW_EVENT, _E.ESCALATION): EscalationThrowEvent,
    (_T.END_EVENT, _E.ESCALATION): EscalationThrowEvent,
    (_T.INTERMEDIATE_THROW_EVENT, _E.COMPENSATION): CompensationThrowEvent,
    (_T.END_EVENT, _E.COMPENSATION): CompensationThrowEvent,
    # Message throw and end events are job workers, like send tasks.
    (_T.INTERMEDIATE_THROW_EVENT, _E.MESSAGE): JobWorkerTask,
    (_T.END_EVENT, _E.MESSAGE): JobWorkerTask,
}


def build_element_commands(behaviours: Behaviours) -> ElementCommands:
    lifecycle = Lifecycle(
        behaviours,
        _BY_TYPE,
        SUPPORTED_EVENTS,
        error_end=ErrorEndEvent,
        unsupported=Unsupported,
        multi_instance=MultiInstanceBody,
        by_event=_BY_EVENT,
    )
    return ElementCommands(lifecycle)


PROCESSOR_INTENTS = (
    ProcessInstanceIntent.ACTIVATE_ELEMENT,
    ProcessInstanceIntent.COMPLETE_ELEMENT,
    ProcessInstanceIntent.TERMINATE_ELEMENT,
)

__all__ = ["PROCESSOR_INTENTS", "SUPPORTED_EVENTS", "build_element_commands"]
